"""The one reader of test files: possible points always equal what a run can earn."""

from __future__ import annotations

import json

from tests.conftest import solution_code, write_notebook
from workshop.core.testspec import parse_tests

PARAMETRIZED = '''

@pytest.mark.task(2)
@pytest.mark.parametrize("n", [1, 2, 3])
def test_more_words_give_more_bits(n):
    """One more word always adds bits."""
    assert entropy_bits(n + 1) > entropy_bits(n)
'''


def test_grade_never_reports_more_points_than_possible(workspace, tmp_path):
    from workshop.services.grade.grader import GradeOptions, grade
    from workshop.core.workspace import Workspace

    tests = workspace / "solutions" / "01-passphrase" / "test_passphrase.py"
    tests.write_text(tests.read_text(encoding="utf-8") + PARAMETRIZED, encoding="utf-8")
    solved = solution_code(workspace, "01-passphrase")
    write_notebook(tmp_path / "subs" / "ana" / "passphrase.ipynb", [solved])
    book = grade(Workspace(workspace), tmp_path / "subs", tmp_path / "out",
                 GradeOptions(exercises=["01"], use_zygote=False))
    entry = book.entry("ana", "01-passphrase")
    assert entry.status == "passed"
    assert entry.result.possible == book.possible() == entry.earned == book.total("ana")
    assert book.scores() == [1.0]
    written = json.loads((tmp_path / "out" / "gradebook.json").read_text(encoding="utf-8"))
    assert written["exercises"][0]["possible"] == entry.earned


def test_cases_of_parametrize_and_fixture_params_are_counted():
    found = parse_tests('''
import pytest

@pytest.fixture(params=["a", "b"])
def word(request):
    return request.param

@pytest.mark.points(2)
@pytest.mark.parametrize("x,y", [(1, 2), (3, 4), pytest.param(5, 6, id="five")])
@pytest.mark.parametrize("z", (0, 1))
def test_grid(x, y, z):
    """Six cases."""

def test_words(word):
    pass

@pytest.mark.parametrize("n", range(4))
def test_computed(n):
    pass

@pytest.mark.task(1)
@pytest.mark.parametrize("n", [1, 2])
class TestBoth:
    def test_one(self, n):
        pass
''')
    by_name = {test.name: test for test in found.tests}
    assert by_name["test_grid"].cases == 6 and by_name["test_grid"].possible == 12
    assert by_name["test_grid"].description == "Six cases."
    assert by_name["test_words"].cases == 2
    assert by_name["test_computed"].cases is None and not found.countable
    assert by_name["test_one"].cases == 2 and by_name["test_one"].task == 1


def test_validate_reports_cases_it_cannot_count_and_a_broken_promise(tmp_path):
    from workshop.engine.result import CheckResult, Outcome, Status, TestResult
    from workshop.services.authoring.validate import _points_problems

    computed = tmp_path / "test_computed.py"
    computed.write_text("import pytest\n\n@pytest.mark.parametrize('n', range(3))\ndef test_n(n):\n    pass\n",
                        encoding="utf-8")
    solved = CheckResult("01-x", "x.ipynb", Status.PASSED, tests=[
        TestResult(f"test_n[{n}]", 1, 1.0, Outcome.PASSED) for n in range(3)])
    assert "cannot be counted" in " ".join(_points_problems([computed], solved))
    listed = tmp_path / "test_listed.py"
    listed.write_text("import pytest\n\n@pytest.mark.parametrize('n', [0, 1, 2])\ndef test_n(n):\n    pass\n",
                      encoding="utf-8")
    assert _points_problems([listed], solved) == []
    solved.tests.pop()
    assert "promise 3 points but a run can earn 2" in " ".join(_points_problems([listed], solved))
