"""The in-kernel check's time budget: endless learner code is stopped, everything else untouched."""

from __future__ import annotations

import sys
import types

from workshop.engine.inkernel import run_in_process
from workshop.core.workspace import Workspace
from workshop.engine.budget import CheckTimeLimit, time_budget
from workshop.engine.result import Status

from tests.conftest import solution_code


def _module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(source, "<notebook cell>", "exec"), module.__dict__)
    return module


def test_a_loop_that_swallows_exceptions_is_still_stopped():
    loop = _module("loop", "def spin():\n    while True:\n        try:\n            x = 1\n        except Exception:\n            pass\n")
    before = sys.gettrace()
    try:
        with time_budget(0.3) as budget:
            loop.spin()
    except CheckTimeLimit as stopped:
        assert "0.3 seconds" in str(stopped)
    assert budget.exceeded
    assert sys.gettrace() is before  # the kernel's own tracing (a debugger) is put back


def test_code_within_the_budget_runs_untouched():
    with time_budget(5) as budget:
        total = sum(range(10_000))
    assert total == 49_995_000 and not budget.exceeded


def test_an_endless_function_times_out_and_the_other_tests_still_report(repo):
    exercise = Workspace(repo).exercise("01")
    source = solution_code(repo, "01-passphrase") + "\ndef load_wordlist(text):\n    while True:\n        pass\n"
    result = run_in_process(exercise, _module(exercise.module, source), budget=1.0)
    assert result.status is Status.TIMEOUT
    assert "loop" in result.message
    first = result.tests[0]
    assert "Stopped" in first.message
    assert result.duration < 10


def test_a_solution_passes_with_the_budget_on(repo):
    exercise = Workspace(repo).exercise("01")
    result = run_in_process(exercise, _module(exercise.module, solution_code(repo, "01-passphrase")), budget=5.0)
    assert result.status is Status.PASSED, [t.message for t in result.tests if not t.passed]
