"""workshop: graded notebook exercises and session tools for advocacy coding workshops.

The library API is small and importable from a notebook::

    from workshop import check
    check()            # check the exercise whose notebook is open, render HTML
    hint()             # the next hint for the first task not passing yet
    walkthrough()      # on your own, after a real attempt: the solution walkthrough
    my_progress()      # exercises passed, points and hints used (as `workshop progress`)
    join(LINK, NAME)   # report checks to the room board (as `workshop join`; in the browser site too)

    from workshop import prompt, tutor
    prompt()           # a ready prompt for any AI assistant (prompt(copy=True): to the clipboard)
    tutor()            # a hint from the workshop's AI tutor, grounded in the failing tests

Heavy modules (pytest, rich, nbformat, nbconvert) are imported only where used,
so that ``workshop --help`` and ``workshop list`` stay fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["check", "hint", "join", "my_progress", "prompt", "tutor", "walkthrough", "__version__"]


def __getattr__(name: str):
    # Lazy so that `import workshop` costs almost nothing.
    if name == "check":
        from workshop.engine.inkernel import check

        return check
    if name == "walkthrough":
        from workshop.engine.inkernel import walkthrough

        return walkthrough
    if name == "hint":
        from workshop.engine.inkernel import hint

        return hint
    if name in ("my_progress", "join"):
        from workshop.engine import inkernel

        return getattr(inkernel, name)
    if name in ("prompt", "tutor"):
        from workshop.ai import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'workshop' has no attribute {name!r}")
