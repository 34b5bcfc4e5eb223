"""workshop: graded notebook exercises and session tools for advocacy coding workshops.

The library API is small and importable from a notebook::

    from workshop import check
    check()            # check the exercise whose notebook is open, render HTML

Heavy modules (pytest, rich, nbformat, nbconvert) are imported only where used,
so that ``workshop --help`` and ``workshop list`` stay fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["check", "__version__"]


def __getattr__(name: str):
    # Lazy so that `import workshop` costs almost nothing.
    if name == "check":
        from workshop.inkernel import check

        return check
    raise AttributeError(f"module 'workshop' has no attribute {name!r}")
