"""The terminal and the notebook show the same failures and the same hint: decided once, rendered twice."""

from __future__ import annotations

from rich.console import Console

from workshop.engine.result import CheckResult, Outcome, Status, TestResult
from workshop.ui.views.html import result_html
from workshop.ui.views.summary import shown
from workshop.ui.views.terminal import render_result


def _text(result: CheckResult) -> str:
    console = Console(record=True, width=200, color_system=None)
    console.print(render_result(result, "Passphrase", "01"))
    return console.export_text()


def test_an_error_shows_its_hint_in_both_views():
    result = CheckResult("01-passphrase", "p.ipynb", Status.ERROR, message="Your code raised an error.", tests=[
        TestResult("test_a", 1, 1.0, Outcome.ERROR, hint="Read the word list line by line."),
    ], task_titles={1: "Read"})
    decided = shown(result)
    assert decided.failures == [] and decided.hint == "Read the word list line by line."
    assert decided.hint in _text(result) and decided.hint in result_html(result, "Passphrase", "01")


def test_both_views_list_the_failures_of_the_first_failing_task_only():
    tests = [TestResult(f"test_{task}_{n}", task, 1.0, Outcome.FAILED, description=f"task {task} case {n}",
                        hint=f"hint {task}") for task in (2, 1) for n in range(4)]
    result = CheckResult("01-passphrase", "p.ipynb", Status.FAILED, tests=tests, task_titles={1: "A", 2: "B"})
    decided = shown(result)
    assert [test.task for test in decided.failures] == [1, 1, 1] and decided.more == 5 and decided.hint == "hint 1"
    terminal, page = _text(result), result_html(result, "Passphrase", "01")
    for test in tests:
        listed = test in decided.failures
        assert (test.description in terminal) is listed and (test.description in page) is listed
