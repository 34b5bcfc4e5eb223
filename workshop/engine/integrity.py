"""Notice when learner code tampers with the test framework, Python's built-ins or the checker.

A snapshot of every function and class reachable as a module attribute or class attribute in
pytest, pluggy, builtins and the checker is taken before learner code runs; after the tests,
anything replaced is reported and the check is not trusted.
"""

from __future__ import annotations

import builtins
import sys
import types

WATCHED_PREFIXES = ("_pytest", "pytest", "pluggy", "workshop.engine", "builtins", "json", "hmac", "os", "posix",
                    # How test files are loaded: patched, they could hand pytest other tests.
                    "marshal", "_frozen_importlib_external")
_WATCHED_KINDS = (types.FunctionType, types.BuiltinFunctionType, type, property, staticmethod, classmethod,
                  types.MethodDescriptorType, types.WrapperDescriptorType)
# Set by pytest itself during a session, not by learners (kept with the other pytest internals).
from workshop.engine.pytest_compat import SESSION_GLOBALS as _ALLOWED_CHANGES  # noqa: E402
_MISSING = object()


def _watched_modules():
    for name, module in list(sys.modules.items()):
        if module is not None and (name in WATCHED_PREFIXES or name.split(".")[0] in WATCHED_PREFIXES
                                   or name.startswith("workshop.engine")):
            yield name, module


def _entries(module_name: str, namespace: dict, every_kind: bool = False) -> tuple:
    entries = []
    for attr, value in list(namespace.items()):
        if every_kind or isinstance(value, _WATCHED_KINDS):
            members = None
            if isinstance(value, type) and getattr(value, "__module__", None) == module_name:
                members = tuple((member, inner) for member, inner in list(vars(value).items())
                                if isinstance(inner, _WATCHED_KINDS))
            entries.append((attr, value, members))
    return tuple(entries)


def snapshot() -> dict[str, tuple]:
    """Per watched module, each function and class in it (and each function of its own classes):
    ``{module: ((attribute, object, ((member, object), ...) or None), ...)}``. Every attribute of
    ``builtins`` is watched, whatever its kind. Objects, not ``id()`` numbers: in the checker's
    child every ``id()`` call is an audit event."""
    seen = {name: _entries(name, vars(module)) for name, module in _watched_modules()}
    seen["builtins"] = _entries("builtins", vars(builtins), every_kind=True)
    return seen


def changes(before: dict[str, tuple]) -> list[str]:
    """Dotted names whose object was replaced or removed since ``before``.

    Walks the modules' own dictionaries instead of building a second snapshot: in a forked child
    every object it looks at costs a copied page, and names are only made for what changed."""
    changed = []
    modules = sys.modules
    for module_name, entries in before.items():
        module = modules.get(module_name)
        namespace = vars(module) if module is not None else {}
        for attr, original, members in entries:
            value = namespace.get(attr, _MISSING)
            if value is not original:
                changed.append(f"{module_name}.{attr}")
                continue
            if members:
                inner = vars(value)
                changed += [f"{module_name}.{attr}.{member}" for member, member_original in members
                            if inner.get(member, _MISSING) is not member_original]
    return sorted(name for name in changed if name not in _ALLOWED_CHANGES)
