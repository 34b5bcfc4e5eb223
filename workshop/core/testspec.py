"""What a test file promises, read without running it: the one reader of exercise test files.

Checking (tests that never ran still count as possible points), grading (an exercise's possible
points), ``workshop validate`` (the promise matches what the solution's run reports) and the AI
prompt (the source of a task's tests) all read test files here.

A test function parametrized with ``@pytest.mark.parametrize`` (on the function or its class), or
asking for a fixture declared with literal ``params=[…]``, runs once per case and earns its points
once per case: :attr:`TestSpec.cases` counts them, so possible points equal what a run can earn.
When the cases cannot be counted without running the file (arguments computed at import time),
``cases`` is ``None``: counted as one here, and ``workshop validate`` reports the file.

A test may name the hint of its task that helps when it fails, ``@pytest.mark.hint(N)`` (N counts
from 1 among the task's hints): the check shows that hint after the test fails, not the task's
first one (:attr:`TestSpec.hint`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from workshop.util import pyast


@dataclass(frozen=True)
class TestSpec:
    """One test function as written: its task, points, description and how many cases it runs."""

    __test__ = False  # not a pytest test class

    name: str
    task: int | None = None
    points: float = 1.0
    description: str = ""
    #: How many times pytest runs it (parametrize × fixture params); ``None``: cannot tell statically.
    cases: int | None = 1
    #: The hint of its task to show when it fails (``@pytest.mark.hint(N)``, from 1); ``None``: the first.
    hint: int | None = None

    @property
    def possible(self) -> float:
        """The points all its cases can earn together."""
        return self.points * (self.cases or 1)


@dataclass(frozen=True)
class TestFile:
    """A test file's tests, and its top-level statements (for quoting its source)."""

    __test__ = False

    tests: tuple[TestSpec, ...]
    tree: ast.Module | None
    text: str

    @property
    def possible(self) -> float:
        return sum(test.possible for test in self.tests)

    @property
    def countable(self) -> bool:
        """Whether every test's number of cases is known without running the file."""
        return all(test.cases is not None for test in self.tests)


def _is_mark(decorator: ast.expr, marker: str) -> bool:
    # @pytest.mark.<marker>(…) and @mark.<marker>(…)
    return (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == marker)


def marker_argument(decorator: ast.expr, marker: str):
    """The literal first argument of ``@pytest.mark.<marker>(value)``, else ``None``."""
    if _is_mark(decorator, marker) and decorator.args and isinstance(decorator.args[0], ast.Constant):
        return decorator.args[0].value
    return None


def marked_task(node: ast.AST) -> int | None:
    """The task number a function or class is marked with (``@pytest.mark.task(N)``)."""
    for decorator in getattr(node, "decorator_list", []):
        value = marker_argument(decorator, "task")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _literal_length(node: ast.expr | None) -> int | None:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and not any(isinstance(e, ast.Starred) for e in node.elts):
        return len(node.elts)
    return None


def _parametrize_cases(decorators: list[ast.expr]) -> int | None:
    cases: int | None = 1
    for decorator in decorators:
        if not _is_mark(decorator, "parametrize"):
            continue
        values = decorator.args[1] if len(decorator.args) > 1 else next(
            (keyword.value for keyword in decorator.keywords if keyword.arg == "argvalues"), None)
        count = _literal_length(values)
        cases = None if count is None or cases is None else cases * count
    return cases


def _fixture_params(tree: ast.Module) -> dict[str, int | None]:
    """Fixtures declared with ``params=``: name → number of params (``None``: not a literal)."""
    found: dict[str, int | None] = {}
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", getattr(decorator.func, "id", "")) \
                    == "fixture":
                params = next((keyword.value for keyword in decorator.keywords if keyword.arg == "params"), None)
                if params is not None:
                    name = next((keyword.value.value for keyword in decorator.keywords if keyword.arg == "name"
                                 and isinstance(keyword.value, ast.Constant)), node.name)
                    found[name] = _literal_length(params)
    return found


def _is_test_function(node: ast.AST) -> bool:
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")


def is_test_node(node: ast.AST) -> bool:
    """A top-level test function or test class (``test…`` / ``Test…``), as pytest collects them."""
    return _is_test_function(node) or isinstance(node, ast.ClassDef) and node.name.startswith("Test")


def _spec(node, outer: list[ast.expr], fixtures: dict[str, int | None]) -> TestSpec:
    task = points = hint = None
    for decorator in [*node.decorator_list, *outer]:
        task = task if task is not None else marker_argument(decorator, "task")
        points = points if points is not None else marker_argument(decorator, "points")
        hint = hint if hint is not None else marker_argument(decorator, "hint")
    cases = _parametrize_cases([*node.decorator_list, *outer])
    for argument in node.args.args:
        if argument.arg in fixtures and cases is not None:
            count = fixtures[argument.arg]
            cases = None if count is None else cases * count
    doc = (ast.get_docstring(node) or "").strip()
    return TestSpec(node.name, task if isinstance(task, int) and not isinstance(task, bool) else None,
                    float(points) if isinstance(points, (int, float)) and not isinstance(points, bool) else 1.0,
                    doc.splitlines()[0] if doc else "", cases,
                    hint if isinstance(hint, int) and not isinstance(hint, bool) else None)


def parse_tests(text: str) -> TestFile:
    """The tests in a test file's source (none when Python cannot parse it)."""
    try:
        tree = pyast.parse(text)
    except (SyntaxError, ValueError):
        return TestFile((), None, text)
    fixtures = _fixture_params(tree)
    found: list[TestSpec] = []
    for node in tree.body:
        if _is_test_function(node):
            found.append(_spec(node, [], fixtures))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            found += [_spec(item, node.decorator_list, fixtures) for item in node.body if _is_test_function(item)]
    return TestFile(tuple(found), tree, text)


_SEEN: dict[tuple, TestFile] = {}
_EMPTY = TestFile((), None, "")


def read_tests(path: Path) -> TestFile:
    """The tests of the file at ``path`` (remembered while the file is unchanged: grading asks for the
    same files thousands of times). An unreadable file has no tests."""
    try:
        stat = Path(path).stat()
        seen = (str(path), stat.st_mtime_ns, stat.st_size)
        if seen not in _SEEN:
            _SEEN[seen] = parse_tests(Path(path).read_text(encoding="utf-8"))
        return _SEEN[seen]
    except (OSError, UnicodeDecodeError):
        return _EMPTY


def expected_tests(path: Path) -> list[TestSpec]:
    """The test functions a test file defines (with task, points, description, cases)."""
    return list(read_tests(path).tests)


def uses_caplog(path: Path) -> bool:
    """Whether a test file asks for pytest's ``caplog`` fixture (the checker then keeps pytest's
    logging plugin, which otherwise only costs time: learner output goes nowhere)."""
    found = read_tests(path)
    return found is _EMPTY or "caplog" in found.text


def possible_points(paths: list[Path]) -> float:
    """What a run of these test files can earn in all."""
    return sum(read_tests(path).possible for path in paths)
