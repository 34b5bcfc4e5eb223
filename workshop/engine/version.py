"""One version of the AI's function, made ready in the checker's child without revealing which one it is.

"Check the AI" runs the learner's tests against the right version and the wrong ones. A test that
fingerprints the code (its line numbers in a traceback, its file, its docstring) rather than its
behaviour could tell the versions apart without testing anything. So every version is compiled the
same way: from source that never reaches a file in the work folder (it travels in the child's job),
without docstrings, under one file name, every line number 1. The function is put among the
builtins under :data:`BUILTIN`; the learner's module ends with ``<target> = _workshop_version``.
What this cannot hide (the byte code, the constants: reachable through ``__code__`` and friends) is
refused before any run by :mod:`workshop.engine.peeking`.
"""

from __future__ import annotations

import ast
import builtins

from workshop.util import pyast

#: The builtin name the version's function is given under in the child.
BUILTIN = "_workshop_version"
#: The one file name every version's code objects carry.
FILENAME = "<the AI's version>"


def _strip_docstrings(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                del body[0]
                if not body and not isinstance(node, ast.Module):
                    body.append(ast.Pass())


def _flatten_positions(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        if "lineno" in node._attributes:
            node.lineno, node.end_lineno, node.col_offset, node.end_col_offset = 1, 1, 0, 0


def compile_version(source: str):
    """The code object of a version's source: no docstrings, file :data:`FILENAME`, every line 1."""
    tree = pyast.parse(source)
    _strip_docstrings(tree)
    _flatten_positions(tree)
    return compile(tree, FILENAME, "exec", dont_inherit=True)


def install_version(source: str, target: str) -> None:
    """Run a version's code in a namespace of its own and make its ``target`` the builtin :data:`BUILTIN`."""
    namespace: dict = {"__name__": "ai_version", "__builtins__": builtins}
    exec(compile_version(source), namespace)  # noqa: S102 - the exercise's own version, before learner code
    setattr(builtins, BUILTIN, namespace[target])


def module_tail(target: str) -> str:
    """The line that ends the learner's module: the version under test becomes ``target``."""
    return f"\n\n# --- the version under test (given by the checker) ---\n{target} = {BUILTIN}\n"


__all__ = ["BUILTIN", "FILENAME", "compile_version", "install_version", "module_tail"]
