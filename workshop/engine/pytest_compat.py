"""Every use of pytest's private internals, in one place, each with a public fallback.

The checker saves time with a few of pytest's internals: parsing the command line once per
exercise (``_pytest.config._prepareconfig``), precomputing assertion-rewritten test files
(``_pytest.assertion.rewrite``, ``PYC_TAIL``), and skipping the traceback text nobody reads
(``item.repr_failure``). The integrity check must know which ``_pytest`` globals pytest itself
changes during a session (:data:`SESSION_GLOBALS`). These were written for and tested on the pytest
versions in :data:`TESTED` (the bounds in ``pyproject.toml`` match). On any other version, or with
``WORKSHOP_PYTEST_INTERNALS=0``, nothing private is used: the checker runs ``pytest.main`` and lets
pytest rewrite and report by itself — slower, the same verdicts.
"""

from __future__ import annotations

import os
import sys

from workshop.util import pyast

#: The pytest versions these internals were written for: from the first (tested) up to, not
#: including, the second. CI tests the lowest (tests/engine/test_pytest_compat.py) and the newest.
TESTED = ((8, 0), (10, 0))

#: Globals of ``_pytest`` that pytest itself sets during a session (not a sign of tampering).
SESSION_GLOBALS = frozenset({"_pytest.assertion.util._reprcompare", "_pytest.assertion.util._assertion_pass",
                             "_pytest.assertion.util._config"})


def _version() -> tuple[int, ...]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        text = version("pytest")
    except PackageNotFoundError:
        return ()
    parts = []
    for piece in text.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


_USABLE: bool | None = None


def internals_usable() -> bool:
    """Whether this pytest is one the internals were written for (and they are not switched off)."""
    global _USABLE
    if os.environ.get("WORKSHOP_PYTEST_INTERNALS", "1") == "0":
        return False
    if _USABLE is None:
        pytest = sys.modules.get("pytest")
        if pytest is not None:  # already imported: cheaper than reading the metadata
            version = tuple(int("".join(c for c in part if c.isdigit()) or 0)
                            for part in pytest.__version__.split(".")[:2])
        else:
            version = _version()
        _USABLE = bool(version) and TESTED[0] <= version < TESTED[1]
    return _USABLE


def prepare_config(args: list[str], plugins: list):
    """pytest's parsed configuration for ``args`` (what ``pytest.main`` builds first), or ``None``
    where that cannot be done ahead (the caller then runs :func:`pytest.main`). May raise what
    parsing raises."""
    if not internals_usable():
        return None
    try:
        from _pytest.config import _prepareconfig
    except ImportError:
        return None
    return _prepareconfig(list(args), plugins)


def run_config(config) -> int:
    """Run a configuration from :func:`prepare_config` as ``pytest.main`` does after parsing."""
    import pytest

    try:
        try:
            return int(config.hook.pytest_cmdline_main(config=config))
        finally:
            config._ensure_unconfigure()
    except pytest.UsageError:
        return int(pytest.ExitCode.USAGE_ERROR)


def rewritten_pyc(name: str, source: bytes, mtime: int) -> tuple[str, bytes | None]:
    """pytest's cached form of test file ``name`` (assertions rewritten) as (file-name tail, bytes) to
    put in ``__pycache__``; ``("", None)`` where this pytest cannot be used so (it rewrites by itself)."""
    if not internals_usable():
        return "", None
    try:
        import importlib.util
        import marshal

        from _pytest.assertion import rewrite

        tree = pyast.parse(source, filename=name)
        rewrite.rewrite_asserts(tree, source, name, None)
        code = compile(tree, name, "exec", dont_inherit=True)
        header = importlib.util.MAGIC_NUMBER + b"\x00\x00\x00\x00"
        header += (mtime & 0xFFFFFFFF).to_bytes(4, "little") + (len(source) & 0xFFFFFFFF).to_bytes(4, "little")
        return rewrite.PYC_TAIL, header + marshal.dumps(code)
    except Exception:  # noqa: BLE001 - a pytest without these internals rewrites by itself: slower, same verdict
        return "", None


def _typename(excinfo) -> str:
    return excinfo.typename


def skip_failure_text(items) -> None:
    """Stop pytest formatting a traceback for each failing item (~1 ms each; nothing shows it):
    their records carry their own message. Leaves pytest as it is on an untested version."""
    if internals_usable():
        for item in items:
            item.repr_failure = _typename


def monkeypatches(item) -> list[tuple]:
    """``(target, name, value now)`` for each ``monkeypatch.setattr`` of the test ``item`` so far
    (a split check repeats them in the learner process); [] where pytest keeps them otherwise."""
    funcargs = getattr(item, "funcargs", None) or {}
    patcher = funcargs.get("monkeypatch")
    done = getattr(patcher, "_setattr", None)
    if not isinstance(done, list):
        return []
    found = []
    for entry in done:
        try:
            target, name = entry[0], entry[1]
            found.append((target, name, getattr(target, name)))
        except (AttributeError, IndexError, TypeError):
            continue
    return found
