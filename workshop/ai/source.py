"""The learner's side of an exercise, as text for a prompt: signatures, their code, the task, the tests.

Everything here reads only what a learner has: the notebook they work in, the exercise's
metadata and the visible tests in ``exercises/NN-slug/``. It refuses a solution notebook (one
under ``solutions/`` or with solution markers), so that no solution is ever put in a prompt.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from workshop.ai.errors import NotSendable
from workshop.core.exercise import Exercise
from workshop.util.i18n import _
from workshop.core.notebook import (
    NotebookError,
    cell_source,
    code_cells,
    read_notebook,
    translate_ipython,
)
from workshop.core.testspec import is_test_node, marked_task, read_tests
from workshop.util import pyast

#: Most characters of learner code put in one message (a runaway notebook must not be sent whole).
MAX_CODE_CHARS = 6000
_SOLUTION_MARKER = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$", re.MULTILINE)
_TASK_HEADING = re.compile(r"^\s*#{1,6}\s*(?:Task\s+|과제\s*)(\d+)\b", re.IGNORECASE)  # Korean notebooks: 과제 N


def refuse_solution_text(text: str) -> None:
    """Raise :class:`NotSendable` when ``text`` holds solution markers."""
    if _SOLUTION_MARKER.search(text):
        raise NotSendable(_("This notebook contains solution markers (BEGIN SOLUTION): it is a solution "
                            "notebook, and solutions are never sent to an AI. Use the notebook in "
                            "exercises/."))


def learner_side(exercise: Exercise, notebook: Path | None = None, solutions_dir: Path | None = None) -> Exercise:
    """``exercise`` when it is a learner exercise (not under ``solutions/``); else :class:`NotSendable`.

    Also refuses a ``notebook`` that lies under ``solutions_dir``.
    """
    folder = exercise.folder.resolve()
    places = [(folder, folder.parent)]
    if notebook is not None:
        notebook = Path(notebook).resolve()
        places.append((notebook, notebook.parent.parent))
    for place, container in places:
        inside_solutions = container.name == "solutions" or (
            solutions_dir is not None and _is_within(place, Path(solutions_dir)))
        if inside_solutions:
            raise NotSendable(_("{path} is on the solutions side; solutions are never sent to an AI. Use the "
                                "exercise in exercises/ (for example: workshop tutor {n}).").format(
                path=place, n=f"{exercise.number:02d}"))
    return exercise


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


# -- the notebook's code ----------------------------------------------------------------------------


@dataclass
class NotebookCode:
    """A learner notebook's code cells (IPython syntax made plain) and its Markdown cells."""

    cells: list[tuple[int, str]]
    markdown: list[tuple[int, str]]

    @classmethod
    def read(cls, path: Path) -> NotebookCode:
        """Read ``path``; a notebook that cannot be read gives no cells (the check says why)."""
        try:
            notebook = read_notebook(path)
        except NotebookError:
            return cls([], [])
        cells = [(number, translate_ipython(source)) for number, source in code_cells(notebook)]
        markdown = [(number, cell_source(cell)) for number, cell in enumerate(notebook.get("cells", []), start=1)
                    if isinstance(cell, dict) and cell.get("cell_type") == "markdown"]
        code = cls(cells, markdown)
        refuse_solution_text("\n".join(source for _number, source in cells))
        return code

    def definitions(self) -> dict[str, tuple[int, str, ast.AST | None]]:
        """Top-level name → (cell, source text, node) for functions, classes and simple assignments.

        A cell Python cannot read is kept whole under each ``def`` name it seems to contain, so
        that the tutor sees the code with the syntax error.
        """
        found: dict[str, tuple[int, str, ast.AST | None]] = {}
        for number, source in self.cells:
            try:
                tree = pyast.parse(source)
            except (SyntaxError, ValueError):
                for name in re.findall(r"^\s*(?:async\s+)?def\s+(\w+)", source, re.MULTILINE):
                    found[name] = (number, source, None)
                continue
            lines = source.splitlines()
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    found[node.name] = (number, _segment(lines, node), node)
                elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        if isinstance(target, ast.Name):
                            found[target.id] = (number, _segment(lines, node), node)
        return found

    def imports(self) -> list[str]:
        """The top-level import lines of all readable cells, in order, without repeats."""
        seen: dict[str, None] = {}
        for _number, source in self.cells:
            try:
                tree = pyast.parse(source)
            except (SyntaxError, ValueError):
                continue
            lines = source.splitlines()
            for node in tree.body:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    seen.setdefault(_segment(lines, node), None)
        return list(seen)

    def task_markdown(self, task: int) -> str:
        """The Markdown cell that starts with a ``Task N`` heading, if the notebook has one."""
        for _number, text in self.markdown:
            first = text.strip().splitlines()[0] if text.strip() else ""
            match = _TASK_HEADING.match(first)
            if match and int(match.group(1)) == task:
                return text.strip()
        return ""


def _segment(lines: list[str], node: ast.AST) -> str:
    start = min([node.lineno] + [item.lineno for item in getattr(node, "decorator_list", [])])
    return "\n".join(lines[start - 1: node.end_lineno]).rstrip()


def signature_stub(node: ast.AST) -> str:
    """``def name(args) -> ret:`` with its docstring and ``...`` as the body: no code of the body."""
    import copy

    stub = copy.deepcopy(node)
    docstring = ast.get_docstring(node, clean=False) if isinstance(
        node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else None
    body: list[ast.stmt] = []
    if docstring:
        body.append(ast.Expr(ast.Constant(docstring)))
    body.append(ast.Expr(ast.Constant(Ellipsis)))
    stub.body = body
    return ast.unparse(ast.fix_missing_locations(stub))


def signatures(code: NotebookCode, names: list[str] | tuple[str, ...]) -> str:
    """The signatures and docstrings of ``names`` as the learner's notebook has them."""
    definitions = code.definitions()
    parts = []
    for name in names:
        entry = definitions.get(name)
        if entry is None or entry[2] is None:
            parts.append(_("# {name}(…): not found in your notebook (or its cell has a syntax error)").format(
                name=name))
            continue
        parts.append(signature_stub(entry[2]))
    return "\n\n\n".join(parts)


def task_code(code: NotebookCode, names: list[str] | tuple[str, ...]) -> str:
    """The learner's code for a task: imports, the task's functions, and what they use from the notebook."""
    definitions = code.definitions()
    wanted = [name for name in names if name in definitions]
    used: list[str] = []
    for name in wanted:
        node = definitions[name][2]
        if node is None:
            continue
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and child.id in definitions and child.id not in names \
                    and child.id not in used:
                used.append(child.id)
    blocks: list[str] = []
    imports = code.imports()
    if imports:
        blocks.append("\n".join(imports))
    seen_sources: set[str] = set()
    for name in used + wanted:
        source = definitions[name][1]
        if source not in seen_sources:
            seen_sources.add(source)
            blocks.append(source)
    missing = [name for name in names if name not in definitions]
    for name in missing:
        blocks.append(_("# {name}(): not found in the notebook").format(name=name))
    text = "\n\n\n".join(blocks)
    if len(text) > MAX_CODE_CHARS:
        text = text[:MAX_CODE_CHARS].rstrip() + "\n" + _("# … (the rest was cut: too long to send)")
    return text


def code_line(code: NotebookCode, cell: int, line: int) -> str:
    """The text of ``line`` in code cell number ``cell`` (empty when unknown)."""
    for number, source in code.cells:
        if number == cell:
            lines = source.splitlines()
            if 1 <= line <= len(lines):
                return lines[line - 1].strip()
    return ""


# -- the visible tests -----------------------------------------------------------------------------


def visible_tests(exercise: Exercise, task: int | None = None, only: set[str] | None = None) -> str:
    """The source of the exercise's visible tests: all, those of ``task``, or the functions in ``only``.

    Reads ``exercise.visible_tests`` only, the file the learner has next to the notebook. The
    module's imports and helpers are kept when whole tests are left out.
    """
    if not exercise.visible_tests.is_file():  # a "check the AI" exercise: the learner writes the tests
        return ""
    if not _is_within(exercise.visible_tests, exercise.folder):  # a link out of the exercise (into solutions/hidden) is not read
        return ""
    found = read_tests(exercise.visible_tests)
    text = found.text
    if task is None and only is None:
        return text.strip()
    tree = found.tree
    if tree is None:
        return text.strip() if only is None else ""
    lines = text.splitlines()
    kept: list[tuple[str, bool]] = []
    for node in tree.body:
        if not is_test_node(node):
            is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            if only is None and not is_docstring:  # imports, fixtures and helpers the tests use
                kept.append((_segment(lines, node), isinstance(node, (ast.Import, ast.ImportFrom))))
            continue
        if only is not None:
            if node.name in only:
                kept.append((_segment(lines, node), False))
            continue
        marked = marked_task(node)
        if marked == task or (isinstance(node, ast.ClassDef) and any(
                marked_task(item) == task for item in node.body)):
            kept.append((_segment(lines, node), False))
    out = ""
    previous_import = False
    for segment, is_import in kept:
        if out:
            out += "\n" if (is_import and previous_import) else "\n\n\n"
        out += segment
        previous_import = is_import
    return out.strip()
