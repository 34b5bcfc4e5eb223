"""Exceptions of the other side of a split check, rebuilt here from their type names and arguments."""

from __future__ import annotations

import builtins
import sys

#: Only built-in ``Exception`` classes are rebuilt as themselves or as bases; anything else (a learner's
#: ``KeyboardInterrupt`` or ``SystemExit``, pytest's ``Skipped``) becomes an ``Exception`` shape of the
#: same name, so that it cannot stop or steer the tests.
_SHAPES: dict[tuple, type] = {}
#: Packages whose exceptions are never rebuilt as themselves from the other side's word.
_NEVER_REBUILT = frozenset({"_pytest", "pytest", "pluggy", "workshop", "builtins", "unittest", "py"})


def exception_for(names: list[str], module: str, args: tuple) -> BaseException:
    """An exception of this side built from the other side's type names (most derived first)."""
    bases: list[type] = []
    for name in names:
        found = getattr(builtins, name, None)
        if (isinstance(found, type) and issubclass(found, Exception)
                and not any(issubclass(chosen, found) for chosen in bases)):
            bases.append(found)
    base: type = bases[0] if bases else Exception
    own = names[0] if names else "Exception"
    # An exception of a library both sides have loaded (``requests.ConnectionError``) is rebuilt as
    # itself, so that ``pytest.raises`` of the test recognises it; never by importing anything.
    trusted = module.split(".")[0] in _NEVER_REBUILT  # pytest's outcomes (Exit, Skipped) would steer the run
    loaded = sys.modules.get(module) if module and module != "builtins" and not trusted else None
    known = getattr(loaded, own, None) if loaded is not None and not getattr(loaded, "__file__", "").startswith("<") else None
    if isinstance(known, type) and issubclass(known, Exception):
        try:
            return known(*args)
        except Exception:  # noqa: BLE001 - a constructor that wants other arguments: the shape below
            pass
    if base.__name__ == own and base.__module__ == "builtins" and module == "builtins":
        klass = base
    else:
        key = (own, module, base)
        klass = _SHAPES.get(key)
        if klass is None:
            try:  # every built-in base it has (requests' JSONDecodeError is an OSError and a ValueError)
                klass = type(own, tuple(bases) or (base,), {"__module__": module or "builtins"})
            except TypeError:
                klass = type(own, (base,), {"__module__": module or "builtins"})
            _SHAPES[key] = klass
    try:
        return klass(*args)
    except Exception:  # noqa: BLE001 - an exception type whose constructor wants other arguments
        error = klass.__new__(klass)
        error.args = args
        return error


__all__ = ["exception_for"]
