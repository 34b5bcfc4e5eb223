"""What a check's rendering shows, decided once for every view: tasks done, which failures, which hint.

The terminal (:mod:`workshop.ui.views.terminal`) and the notebook (:mod:`workshop.ui.views.html`) only
render a :class:`Shown`; they decide nothing, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop.engine.result import CheckResult, Outcome, Status, TaskSummary, TestResult

#: How many failing tests a view lists (those of the first failing task first).
MAX_FAILURES = 3


@dataclass
class Shown:
    """The parts of a check result a view shows."""

    tasks: list[TaskSummary]
    #: Tasks (with a number) whose every test passed, and how many such tasks there are.
    done: int
    counted: int
    failures: list[TestResult] = field(default_factory=list)
    #: Failing tests left out of ``failures``.
    more: int = 0
    hint: str = ""


def shown(result: CheckResult, max_failures: int = MAX_FAILURES) -> Shown:
    """Decide what of ``result`` to show: the failures of the first failing task (at most
    ``max_failures``), and the first hint among them (for an error, the first hint of any test)."""
    tasks = result.tasks()
    numbered = [task for task in tasks if task.number is not None]
    failing = [test for test in result.tests if test.outcome is not Outcome.PASSED]
    if result.status is not Status.FAILED:
        failing = []  # the result's message says what went wrong; per-test lines would only repeat it
    first_task = result.first_failing_task()
    listed = [test for test in failing if test.task == first_task][:max_failures] or failing[:max_failures]
    hint = next((test.hint for test in listed if test.hint), "")
    if not hint and result.status is Status.ERROR:
        hint = next((test.hint for test in result.tests if test.hint), "")
    return Shown(tasks, sum(task.done for task in numbered), len(numbered), listed, len(failing) - len(listed), hint)
