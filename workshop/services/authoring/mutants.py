"""Mutation score: how much of a reference solution's behaviour the tests really pin down.

Each mutant is the solution notebook with one small change inside its marked code (between
``### BEGIN SOLUTION`` and ``### END SOLUTION``): an operator or comparison swapped, a constant
nudged, a condition negated, a statement removed, a call swapped (``min``/``max``, ...). A test
suite *kills* a mutant when the check no longer passes. Every mutant is checked with the visible
tests first (the grading machinery's warm workers, many at once); only the survivors are checked
again with the hidden tests too.

Equivalent mutants (changes that cannot alter behaviour on any input the task allows) cannot be
found by a program. The rule used here, documented in docs/authoring.md: a mutant that no test
kills is a *survivor* and counts against both scores, until an author has read it and listed its
key in ``solutions/NN-slug/equivalent-mutants.txt`` with the reason (one per line:
``key  # why``). Listed survivors are left out of both scores; a listed mutant that some test
kills is reported as wrongly listed. Mutants whose code is the same as the original's, or as an
earlier mutant's, are dropped. Messages of ``raise`` statements, f-strings and docstrings are
never mutated: no test should depend on their wording. Nor are solution lines that end in
``# no mutants: <why>``: presentation that no rule of the task fixes, such as a chart's colours.
"""

from __future__ import annotations

import ast
import copy
import random
from dataclasses import dataclass, field
from pathlib import Path

from workshop.services.authoring.build import BEGIN, END, dumps_notebook
from workshop.core.exercise import Exercise
from workshop.core.notebook import cell_source, read_notebook
from workshop.engine.result import Status
from workshop.engine.sandbox import Limits

_BINARY = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
           ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult}
_COMPARE = {ast.Lt: (ast.LtE, ast.GtE), ast.LtE: (ast.Lt, ast.Gt), ast.Gt: (ast.GtE, ast.LtE),
            ast.GtE: (ast.Gt, ast.Lt), ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,), ast.In: (ast.NotIn,),
            ast.NotIn: (ast.In,), ast.Is: (ast.IsNot,), ast.IsNot: (ast.Is,)}
_SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
           ast.Pow: "**", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
           ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not"}
_SWAPPED_NAMES = {"min": "max", "max": "min", "any": "all", "all": "any"}
_SWAPPED_METHODS = {"startswith": "endswith", "endswith": "startswith", "lstrip": "rstrip", "rstrip": "lstrip",
                    "lower": "upper", "upper": "lower", "find": "rfind", "rfind": "find", "index": "rindex",
                    "append": "remove"}
_REMOVABLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Raise, ast.If, ast.For, ast.While,
              ast.With, ast.Try, ast.Continue, ast.Break, ast.Return, ast.Delete)


@dataclass
class Mutant:
    """One changed copy of the solution: which cell, which function, what was changed."""

    cell: int  # index of the cell in the solution notebook
    function: str
    line: int  # line in the cell
    change: str
    source: str  # the whole cell's new code

    @property
    def key(self) -> str:
        return f"{self.function}:{self.line}: {self.change}"


@dataclass
class MutationReport:
    """The score of one exercise's tests."""

    exercise: str
    total: int = 0  # mutants generated (after dropping no-ops and duplicates)
    checked: int = 0  # mutants checked (all, or a sample)
    killed_visible: int = 0
    killed_all: int = 0
    survivors: list[str] = field(default_factory=list)  # killed by no test, not listed as equivalent
    equivalent: list[str] = field(default_factory=list)  # survivors an author listed as equivalent
    wrongly_listed: list[str] = field(default_factory=list)  # listed as equivalent, yet killed
    visible_only_survivors: list[str] = field(default_factory=list)  # killed by hidden tests only
    hidden_killers: dict[str, list[str]] = field(default_factory=dict)  # such a mutant → the hidden tests that kill it
    seconds: float = 0.0

    @property
    def counted(self) -> int:
        """Mutants checked, less those listed as equivalent."""
        return self.checked - len(self.equivalent)

    @property
    def visible_score(self) -> float:
        """Share of the non-equivalent mutants that the visible tests kill."""
        return self.killed_visible / self.counted if self.counted else 1.0

    @property
    def all_score(self) -> float:
        """Share of the non-equivalent mutants that some test (visible or hidden) kills."""
        return self.killed_all / self.counted if self.counted else 1.0

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "mutants": self.total, "checked": self.checked,
                "killed_visible": self.killed_visible, "killed_all": self.killed_all,
                "visible_score": round(self.visible_score, 4), "all_score": round(self.all_score, 4),
                "survivors": self.survivors, "equivalent": self.equivalent,
                "wrongly_listed": self.wrongly_listed, "hidden_only": self.visible_only_survivors,
                "hidden_killers": self.hidden_killers,
                "seconds": round(self.seconds, 1)}


def marked_lines(source: str) -> set[int]:
    """Line numbers (from 1) of a cell's code between solution markers."""
    inside, lines = False, set()
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN.match(line):
            inside = True
        elif END.match(line):
            inside = False
        elif inside:
            lines.add(number)
    return lines


def _protected(tree: ast.AST) -> set[int]:
    """ids of nodes never mutated: raise messages and docstrings."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            for call_arg in ast.walk(node.exc):
                if not isinstance(call_arg, ast.Name):  # the exception class itself may still be checked
                    ids.add(id(call_arg))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(
                    first.value.value, str):
                ids.update(id(sub) for sub in ast.walk(first))
        if isinstance(node, ast.JoinedStr):  # f-strings build messages and labels: leave their pieces
            ids.update(id(sub) for sub in ast.walk(node) if sub is not node)
    return ids


def _changes(node: ast.AST, parent_body: bool) -> list[tuple[str, object]]:
    """(description, how) pairs for one node; ``how`` is applied to a copy of the node by :func:`_apply`."""
    found: list[tuple[str, object]] = []
    if isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in _BINARY:
        new = _BINARY[type(node.op)]
        found.append((f"`{_SYMBOL[type(node.op)]}` → `{_SYMBOL[new]}`", ("op", new)))
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        for new in _COMPARE[type(node.ops[0])]:
            found.append((f"`{_SYMBOL[type(node.ops[0])]}` → `{_SYMBOL[new]}`", ("cmp", new)))
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        found.append(("`and` ↔ `or`", ("boolop", new)))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        found.append(("`not` removed", ("unnot", None)))
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            found.append((f"`{value}` → `{not value}`", ("const", not value)))
        elif isinstance(value, (int, float)):
            found.append((f"`{value!r}` → `{value + 1!r}`", ("const", value + 1)))
            if value != 0:
                found.append((f"`{value!r}` → `0`", ("const", 0)))
        elif isinstance(value, str) and value:
            found.append((f"`{value[:20]!r}` → `''`", ("const", "")))
    elif isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in _SWAPPED_NAMES:
            found.append((f"`{node.func.id}` → `{_SWAPPED_NAMES[node.func.id]}`", ("name", None)))
        elif isinstance(node.func, ast.Attribute) and node.func.attr in _SWAPPED_METHODS:
            found.append((f"`.{node.func.attr}` → `.{_SWAPPED_METHODS[node.func.attr]}`", ("method", None)))
    elif isinstance(node, ast.Break):
        found.append(("`break` → `continue`", ("replace", ast.Continue())))
    elif isinstance(node, ast.Continue):
        found.append(("`continue` → `break`", ("replace", ast.Break())))
    if isinstance(node, ast.If):
        found.append(("condition negated", ("negate", None)))
    if parent_body and isinstance(node, _REMOVABLE):
        if isinstance(node, ast.Return) and node.value is not None:
            found.append(("`return …` → `return None`", ("replace", ast.Return(value=ast.Constant(None)))))
        elif not isinstance(node, ast.Return):
            found.append((f"{type(node).__name__.lower()} statement removed", ("replace", ast.Pass())))
    return found


def _apply(node: ast.AST, how: tuple) -> ast.AST:
    kind, arg = how
    if kind == "op":
        node.op = arg()
    elif kind == "cmp":
        node.ops = [arg()]
    elif kind == "boolop":
        node.op = arg()
    elif kind == "unnot":
        return node.operand
    elif kind == "const":
        node.value = arg
    elif kind == "name":
        node.func.id = _SWAPPED_NAMES[node.func.id]
    elif kind == "method":
        node.func.attr = _SWAPPED_METHODS[node.func.attr]
    elif kind == "negate":
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
    elif kind == "replace":
        return copy.deepcopy(arg)
    return node


class _Replace(ast.NodeTransformer):
    def __init__(self, target: int, how: tuple):
        self.target, self.how, self.index = target, how, -1

    def generic_visit(self, node):
        self.index += 1
        if self.index == self.target:
            replaced = _apply(node, self.how)
            return ast.copy_location(replaced, node) if replaced is not node else node
        return super().generic_visit(node)


def _numbered(tree: ast.AST) -> list[tuple[ast.AST, bool, str]]:
    """Every node in the order :class:`_Replace` visits them: (node, is a statement in a body, function)."""
    out: list[tuple[ast.AST, bool, str]] = []

    def visit(node, in_body: bool, function: str):
        out.append((node, in_body, function))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                body = name in ("body", "orelse", "finalbody")
                for item in value:
                    if isinstance(item, ast.AST):
                        visit(item, body, function)
            elif isinstance(value, ast.AST):
                visit(value, False, function)

    visit(tree, False, "")
    return out


#: A solution line ending in this comment (and a reason) is not mutated: presentation that no rule of
#: the task fixes, such as a chart's colours and margins. Marked code never reaches the learner.
NO_MUTANTS = "# no mutants:"


def cell_mutants(source: str, cell: int) -> list[Mutant]:
    """The mutants of one code cell's marked code."""
    lines = marked_lines(source)
    if not lines:
        return []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    original = ast.unparse(tree)
    protected = _protected(tree)
    source_lines = source.splitlines()
    lines = {number for number in lines if NO_MUTANTS not in source_lines[number - 1]}
    found, seen = [], {original}
    for index, (node, in_body, function) in enumerate(_numbered(tree)):
        line = getattr(node, "lineno", None)
        if line not in lines or id(node) in protected:
            continue
        for change, how in _changes(node, in_body):
            changed = _Replace(index, how).visit(copy.deepcopy(tree))
            try:
                code = ast.unparse(ast.fix_missing_locations(changed))
                compile(code, "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError, AttributeError):
                continue
            if code in seen:
                continue
            seen.add(code)
            found.append(Mutant(cell, function or "<cell>", line, change, code))
    return found


def exercise_mutants(notebook: dict) -> list[Mutant]:
    """Every mutant of a solution notebook, cell by cell."""
    found: list[Mutant] = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") == "code":
            found += cell_mutants(cell_source(cell), index)
    keys: dict[str, int] = {}
    for mutant in found:  # two like changes on one line get "#2", "#3": every key names one mutant
        keys[mutant.key] = keys.get(mutant.key, 0) + 1
        if keys[mutant.key] > 1:
            mutant.change += f" #{keys[mutant.key]}"
    return found


#: The goal (DESIGN.md contract 12): visible tests kill this share of non-equivalent mutants...
VISIBLE_GOAL = 0.90
#: ...and all tests together this share.
ALL_GOAL = 0.97


def meets_goal(report: MutationReport) -> bool:
    return report.visible_score >= VISIBLE_GOAL and report.all_score >= ALL_GOAL


EQUIVALENT_FILE = "equivalent-mutants.txt"


def listed_equivalent(solution: Exercise) -> set[str]:
    """Keys of the mutants an author has read and found equivalent (``key  # why`` per line)."""
    path = solution.folder / EQUIVALENT_FILE
    if not path.is_file():
        return set()
    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.split("  #", 1)[0].strip()
        if key and not key.startswith("#"):
            keys.add(key)
    return keys


def mutant_notebook(notebook: dict, mutant: Mutant) -> bytes:
    cells = copy.deepcopy(notebook["cells"])
    cells[mutant.cell]["source"] = mutant.source
    return dumps_notebook(dict(notebook, cells=cells))


def score(solution: Exercise, learner: Exercise, hidden: list[Path], sample: int | None = None, seed: int = 15,
          timeout: float = 8.0, workers: int | None = None) -> MutationReport:
    """Check the mutants of ``solution`` (all, or ``sample`` of them picked with ``seed``) against
    ``learner``'s visible tests, and the survivors against the hidden tests too."""
    import time

    from workshop.engine.scheduler import Job, run_jobs

    started = time.perf_counter()
    notebook = read_notebook(solution.notebook)
    every = exercise_mutants(notebook)
    report = MutationReport(solution.name, total=len(every))
    chosen = every if not sample or sample >= len(every) else random.Random(seed).sample(every, sample)
    report.checked = len(chosen)
    limits = Limits(timeout=timeout)
    first = run_jobs([Job(learner, [], solution.name, mutant_notebook(notebook, m), tag=m) for m in chosen],
                     limits, workers=workers)
    survivors = [job.tag for job, result in first if result.status is Status.PASSED]
    report.killed_visible = len(chosen) - len(survivors)
    second = run_jobs([Job(learner, hidden, solution.name, mutant_notebook(notebook, m), tag=m) for m in survivors],
                      limits, workers=workers)
    listed = listed_equivalent(solution)
    for job, result in second:
        key = job.tag.key
        if result.status is Status.PASSED:
            (report.equivalent if key in listed else report.survivors).append(key)
        else:
            report.visible_only_survivors.append(key)
            report.hidden_killers[key] = sorted(test.name for test in result.tests if not test.passed)
    killed = {m.key for m in chosen} - set(report.survivors) - set(report.equivalent)
    report.wrongly_listed = sorted(listed & killed)
    for names in (report.survivors, report.equivalent, report.visible_only_survivors):
        names.sort()
    report.killed_all = report.checked - len(report.survivors) - len(report.equivalent)
    report.seconds = time.perf_counter() - started
    return report
