"""Does a piece of code in a tutor's reply give the answer away?

The filter in :mod:`workshop.ai.reply` asks this of every code block, indented block, run of bare
code lines and inline code span. A block gives the answer away, whatever its length, when the
code in it that the learner did not write themselves:

- defines a function, a class or a lambda (a complete function, even on one line);
- holds a statement with a body (``for``, ``while``, ``if``, ``with``, ``try``): a piece of the fix;
- returns a value, or builds a list, set or dict with a comprehension (a loop in one line);
- assigns to, or defines, one of the task's functions (``load_wordlist = …``).

Lines the learner wrote themselves (quoted from their own code) never count: "your
``return result`` is inside the loop" points at their code without adding any.
"""

from __future__ import annotations

import ast
import re
import textwrap

from workshop.util import pyast

_COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try)
_COMPREHENSION = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_PROMPT = re.compile(r"^(>>>|\.\.\.) ?")
_DEF = re.compile(r"^\s*(async\s+)?(def|class)\s+\w+|\blambda\b[^:]*:")


def _normal(line: str) -> str:
    return " ".join(line.split())


def learner_lines(code: str) -> set[str]:
    """The learner's own code lines, whitespace-normalised, to recognise quotes of them."""
    return {_normal(line) for line in (code or "").splitlines() if line.strip()}


def _parse(code: str) -> ast.AST | None:
    lines = [_PROMPT.sub("", line) for line in code.splitlines()]
    text = textwrap.dedent("\n".join(lines)).strip("\n")
    lines = text.splitlines()
    # The whole block, else its longest readable start (a reply cut off mid-block, prose after code).
    for end in range(len(lines), max(0, len(lines) - 40), -1):
        head = "\n".join(lines[:end])
        for candidate in (head, head + "\n    pass"):  # a header whose body was cut off: 'for x in y:'
            try:
                return pyast.parse(candidate)
            except (SyntaxError, ValueError):
                continue
    return None


def gives_away(code: str, functions: tuple[str, ...] = (), own: set[str] | frozenset = frozenset()) -> bool:
    """True when ``code`` (a block from a reply) hands the learner a solution rather than a pointer.

    ``functions``: the task's function names. ``own``: :func:`learner_lines` of the learner's code.
    """
    new = [line for line in code.splitlines() if line.strip() and _normal(_PROMPT.sub("", line)) not in own]
    if not new:
        return False  # a quote of their own code
    new_text = "\n".join(new)
    for name in functions:
        if re.search(rf"\b(def|class)\s+{re.escape(name)}\b|^\s*{re.escape(name)}\s*=(?!=)", new_text, re.MULTILINE):
            return True
    tree = _parse(new_text)
    if tree is None:
        tree = _parse(code)
    if tree is None:  # not Python we can read: judge by its shape
        return bool(_DEF.search(new_text))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return True
        if isinstance(node, _COMPOUND) or isinstance(node, _COMPREHENSION):
            return True
        if isinstance(node, ast.Return) and node.value is not None:
            return True
    return False
