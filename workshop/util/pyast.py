"""``ast.parse`` that threads may call at once.

CPython 3.11 and 3.12 keep the AST constructor's recursion counter per interpreter, not per thread:
two threads turning source into ``ast`` objects at the same time can end one of them with
``SystemError: AST constructor recursion depth mismatch`` (python/cpython#106905). ``validate``
checks pitfalls on threads and the grader's workers are threads, so every parse in the toolkit goes
through this one lock. It costs nothing measurable: parsing is brief and was serialised by the GIL anyway.
"""

from __future__ import annotations

import ast
import threading

_LOCK = threading.Lock()


def parse(source: str | bytes, filename: str = "<unknown>", mode: str = "exec") -> ast.AST:
    """:func:`ast.parse`, one thread at a time."""
    with _LOCK:
        return ast.parse(source, filename=filename, mode=mode)
