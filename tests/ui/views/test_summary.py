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


def test_both_views_say_core_done_when_only_a_stretch_task_fails():
    result = CheckResult("04-hangul", "h.ipynb", Status.FAILED, tests=[
        TestResult("test_core", 1, 1.0, Outcome.PASSED),
        TestResult("test_stretch", 2, 1.0, Outcome.FAILED, description="romanizes", hint="Look up the table."),
    ], task_titles={1: "Take apart", 2: "Romanize"}, stretch_tasks=(2,))
    assert shown(result).status == "core done"
    terminal, page = _text(result), result_html(result, "Hangul", "04")
    for view in (terminal, page):
        assert "core done" in view and "Romanize (stretch)" in view and "Core done: every core task passes" in view
    assert "not yet" not in terminal
    failing_core = CheckResult("04-hangul", "h.ipynb", Status.FAILED, tests=[
        TestResult("test_core", 1, 1.0, Outcome.FAILED), TestResult("test_stretch", 2, 1.0, Outcome.PASSED),
    ], task_titles={1: "Take apart", 2: "Romanize"}, stretch_tasks=(2,))
    assert shown(failing_core).status == "failed" and "not yet" in _text(failing_core)
