"""Notice when learner code tampers with the test framework, Python's built-ins or the checker.

A snapshot of every function and class reachable as a module attribute or class attribute in
pytest, pluggy, builtins and the checker is taken before learner code runs; after the tests,
anything replaced is reported and the check is not trusted.
"""

from __future__ import annotations

import builtins
import sys
import types

WATCHED_PREFIXES = ("_pytest", "pytest", "pluggy", "workshop.runner", "builtins", "json", "hmac", "os", "posix",
                    # How test files are loaded: patched, they could hand pytest other tests.
                    "marshal", "_frozen_importlib_external")
_WATCHED_KINDS = (types.FunctionType, types.BuiltinFunctionType, type, property, staticmethod, classmethod,
                  types.MethodDescriptorType, types.WrapperDescriptorType)
# Set by pytest itself during a session, not by learners.
_ALLOWED_CHANGES = {"_pytest.assertion.util._reprcompare", "_pytest.assertion.util._assertion_pass",
                    "_pytest.assertion.util._config"}


def _watched_modules():
    for name, module in list(sys.modules.items()):
        if module is not None and (name in WATCHED_PREFIXES or name.split(".")[0] in WATCHED_PREFIXES
                                   or name.startswith("workshop.runner")):
            yield name, module


def snapshot() -> dict[str, int]:
    """Identity of each watched function and class, keyed by its dotted name."""
    seen: dict[str, int] = {}
    for module_name, module in _watched_modules():
        for attr, value in list(vars(module).items()):
            if isinstance(value, _WATCHED_KINDS):
                seen[f"{module_name}.{attr}"] = id(value)
                if isinstance(value, type) and getattr(value, "__module__", None) == module_name:
                    for member, inner in list(vars(value).items()):
                        if isinstance(inner, _WATCHED_KINDS):
                            seen[f"{module_name}.{attr}.{member}"] = id(inner)
    for attr, value in vars(builtins).items():
        seen[f"builtins.{attr}"] = id(value)
    return seen


def changes(before: dict[str, int]) -> list[str]:
    """Names whose object was replaced or removed since ``before``."""
    after = snapshot()
    return sorted(
        name for name, identity in before.items()
        if after.get(name) != identity and name not in _ALLOWED_CHANGES
    )
