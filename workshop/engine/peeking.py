"""Tests that look at how the AI's function is written instead of what it does: found before any run.

In "check the AI" a test earns a point when it fails on a wrong version. A test that compares the
function's source, byte code or identity with the version shown as right (``inspect.getsource``,
``load_wordlist.__code__.co_code``, ``dis``) fails on every wrong version without testing anything.
:mod:`workshop.engine.version` already hides what can be hidden (file, line numbers, docstrings);
this module refuses, in the learner's module, the ways to reach the rest: modules that read code
(``inspect``, ``dis``, ``marshal``, ``sys``, ``importlib``…), the builtins that reach attributes
or code by a computed name (``getattr``, ``vars``, ``eval``, ``exec``, ``compile``, ``__import__``…),
dunder and private attributes (``__code__``, ``__globals__``, ``_excinfo``), the attributes of
code, frame and traceback objects (``co_code``, ``f_locals``, ``tb_frame``, an exception info's
``traceback``), and string constants naming such attributes. A guard rail like the audit policy,
not a proof: it keeps honest learners from being tempted and makes the shortcut explain itself.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass

#: Modules a test of behaviour never needs, and that read code, frames or the import system.
MODULES = frozenset({"inspect", "dis", "marshal", "linecache", "traceback", "types", "importlib", "gc", "sys",
                     "builtins", "ast", "code", "codeop", "pickle", "copyreg", "pydoc", "tokenize", "pdb", "bdb",
                     "ctypes", "operator", "runpy", "pkgutil", "opcode", "symtable", "trace", "cProfile", "profile",
                     "tracemalloc", "faulthandler", "workshop", "_pytest"})
#: Builtins that reach an attribute, a namespace or code by a name computed at run time.
BUILTINS = frozenset({"getattr", "vars", "globals", "locals", "eval", "exec", "compile", "__import__", "breakpoint",
                      "help", "memoryview"})
#: Attributes of code, frame, traceback and exception-info objects.
ATTRIBUTE_PREFIXES = ("co_", "f_", "tb_", "gi_", "cr_", "ag_")
ATTRIBUTES = frozenset({"traceback", "tb", "getrepr", "with_traceback", "func_code", "func_globals"})
#: The exact names of those attributes (a string constant naming one is refused; other strings are data).
CODE_ATTRIBUTES = frozenset(
    {name for name in dir(compile("", "", "exec")) + dir(sys._getframe()) if name.startswith(ATTRIBUTE_PREFIXES)}
    | {"tb_frame", "tb_lasti", "tb_lineno", "tb_next", "gi_code", "gi_frame", "cr_code", "cr_frame", "ag_code",
       "ag_frame"} | ATTRIBUTES)
#: Dunder names a test may use: the same for every version.
ALLOWED_DUNDERS = frozenset({"__name__", "__init__", "__eq__", "__repr__", "__str__"})


@dataclass(frozen=True)
class Peek:
    """One place where the learner's code looks at the code: its module line and what it uses."""

    line: int
    what: str


def _dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__") and name not in ALLOWED_DUNDERS


def _refused_attribute(name: str) -> bool:
    if name in ALLOWED_DUNDERS:
        return False
    return _dunder(name) or name.startswith("_") or name.startswith(ATTRIBUTE_PREFIXES) or name in ATTRIBUTES


def _module_refused(name: str | None) -> bool:
    if not name:
        return False
    top = name.split(".")[0]
    return top in MODULES or top.startswith("_")


#: In a format string, a field reaching an attribute (``"{0.__code__}"``).
_FORMAT_FIELD = re.compile(r"\{[^{}]*\.\s*(_|co_|f_|tb_)")


def _names_code(text: str) -> bool:
    """A string constant naming a refused attribute (for a computed lookup) or reaching one in a format field."""
    if text.isidentifier() and (_dunder(text) or text in CODE_ATTRIBUTES):
        return True
    return "{" in text and bool(_FORMAT_FIELD.search(text))


def find_peeking(source: str) -> list[Peek]:
    """Every place in ``source`` (the learner's module) that looks at how code is written, in line order.
    Source that does not parse has none (the check reports the syntax error itself)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found: list[Peek] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [Peek(line, f"import {alias.name}") for alias in node.names if _module_refused(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and _module_refused(node.module):
                found.append(Peek(line, f"from {node.module} import …"))
            found += [Peek(line, f"import {alias.name}") for alias in node.names
                      if _refused_attribute(alias.name) or alias.name in BUILTINS]
        elif isinstance(node, ast.Attribute) and _refused_attribute(node.attr):
            found.append(Peek(line, f".{node.attr}"))
        elif isinstance(node, ast.Name) and (node.id in BUILTINS or _dunder(node.id)):
            found.append(Peek(line, node.id))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _names_code(node.value):
            found.append(Peek(line, repr(node.value[:40])))
    return sorted(set(found), key=lambda peek: (peek.line, peek.what))


__all__ = ["Peek", "find_peeking"]
