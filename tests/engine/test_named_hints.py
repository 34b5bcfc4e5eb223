"""A test may name the hint it needs (``@pytest.mark.hint(N)``): after it fails, the check shows that
hint of its task, in the terminal and in the notebook, not always the task's first one."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO, run_cli, solution_code, write_notebook
from workshop.core.testspec import parse_tests

NAMED = '''
import pytest

@pytest.mark.task(1)
@pytest.mark.hint(2)
def test_named():
    """Names the second hint."""

@pytest.mark.task(1)
def test_unnamed():
    """Names none."""

@pytest.mark.hint(3)
class TestGroup:
    @pytest.mark.task(2)
    def test_in_class(self):
        """Inherits the class's hint."""
'''

# 08's first task with a redirect told by comparing addresses (the typical AI mistake of issue 15).
URL_COMPARED = (REPO / "solutions/08-link-rot/pitfalls/url_differs_means_redirect.py")


def _flat(text: str) -> str:
    """Text without line breaks and the box characters Rich wraps long lines with."""
    return re.sub(r"[\s│]+", " ", text)


def test_the_reader_takes_the_hint_a_test_names():
    found = {test.name: test.hint for test in parse_tests(NAMED).tests}
    assert found == {"test_named": 2, "test_unnamed": None, "test_in_class": 3}


def _link_rot(workspace):
    from workshop.core.exercise import load_exercise

    return load_exercise(workspace / "exercises" / "08-link-rot")


def test_the_terminal_shows_the_hint_the_failing_test_names(workspace, repo):
    exercise = _link_rot(workspace)
    first, second = exercise.task(1).hints[:2]
    notebook = write_notebook(workspace / "exercises/08-link-rot/linkrot.ipynb",
                              [solution_code(repo, "08-link-rot") + "\n" + URL_COMPARED.read_text(encoding="utf-8")])
    done = run_cli("check", "08", "--notebook", str(notebook), cwd=workspace)
    assert done.returncode == 1, done.stdout + done.stderr
    shown = _flat(done.stdout)
    assert "are the same page" in shown  # the first failing test, which names hint 2
    assert _flat(second)[:60] in shown and _flat(first)[:60] not in shown
    data = json.loads(run_cli("check", "08", "--notebook", str(notebook), "--json", cwd=workspace).stdout)
    korean = next(test for test in data["tests"] if test["name"] == "test_a_korean_address_is_alive_not_moved")
    assert korean["outcome"] != "passed" and korean["hint"] == second


def test_the_notebook_check_shows_the_same_named_hint(workspace, repo, monkeypatch):
    from html import escape

    from workshop.engine.inkernel import module_from_namespace, run_in_process
    from workshop.ui.views.html import result_html

    exercise = _link_rot(workspace)
    namespace: dict = {}
    code = solution_code(repo, "08-link-rot") + "\n" + URL_COMPARED.read_text(encoding="utf-8")
    exec(compile(code, "<notebook>", "exec"), namespace)
    monkeypatch.syspath_prepend(str(exercise.folder))
    result = run_in_process(exercise, module_from_namespace("linkrot", namespace))
    assert not result.passed
    html = result_html(result, exercise.title, "08")
    second = exercise.task(1).hints[1]
    assert escape(second) in html
    assert escape(exercise.task(1).hints[0]) not in html


def test_a_test_without_a_named_hint_gets_its_tasks_first(workspace, repo):
    code = solution_code(repo, "01-passphrase").replace("return n_words * math.log2(list_size)", "return 0")
    notebook = write_notebook(workspace / "exercises/01-passphrase/passphrase.ipynb", [code])
    data = json.loads(run_cli("check", "01", "--notebook", str(notebook), "--json", cwd=workspace).stdout)
    from workshop.core.exercise import load_exercise

    exercise = load_exercise(workspace / "exercises" / "01-passphrase")
    failing = [test for test in data["tests"] if test["outcome"] != "passed"]
    assert failing and all(test["hint"] == exercise.task(test["task"]).hints[0] for test in failing)


def test_validate_reports_a_hint_the_task_does_not_have(workspace):
    from workshop.core.exercise import load_exercise
    from workshop.services.authoring.validate import _hint_problems

    tests = workspace / "solutions" / "01-passphrase" / "test_passphrase.py"
    tests.write_text(tests.read_text(encoding="utf-8") + '''

@pytest.mark.task(1)
@pytest.mark.hint(7)
def test_names_a_missing_hint():
    """Names a hint that does not exist."""
''', encoding="utf-8")
    solution = load_exercise(workspace / "solutions" / "01-passphrase", lang="en")
    problems = _hint_problems(solution, [tests])
    assert problems == ["test test_names_a_missing_hint names hint 7, but its task has no such hint"]
