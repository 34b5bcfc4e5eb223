"""workshop.core.progress: kept atomically, readable, recovered when damaged."""

from __future__ import annotations

import json

from workshop.core.progress import Progress
from workshop.engine.result import CheckResult, Outcome, Status, TestResult


def result(status: Status, earned: float = 1) -> CheckResult:
    tests = [TestResult("t", 1, 1.0, Outcome.PASSED if earned else Outcome.FAILED)]
    return CheckResult("01-passphrase", "n.ipynb", status, tests=tests)


def test_checks_and_hints_are_remembered(tmp_path):
    path = tmp_path / ".workshop" / "progress.json"
    progress = Progress.load(path)
    progress.record_check(result(Status.FAILED, 0))
    assert progress.record_hint("01-passphrase", 2, 3) == 1
    assert progress.record_hint("01-passphrase", 2, 3) == 2
    progress.save()
    again = Progress.load(path)
    record = again.get("01-passphrase")
    assert record.attempts == 1 and record.status == "working" and record.hints_shown == {"2": 2}
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1  # readable JSON


def test_hint_level_is_capped(tmp_path):
    progress = Progress.load(tmp_path / "p.json")
    levels = [progress.record_hint("x", 1, 3) for _ in range(5)]
    assert levels == [1, 2, 3, 3, 3]


def test_a_pass_is_remembered_after_a_later_failure(tmp_path):
    progress = Progress.load(tmp_path / "p.json")
    progress.record_check(result(Status.PASSED))
    progress.record_check(result(Status.FAILED, 0))
    record = progress.get("01-passphrase")
    assert record.passed_at and record.status == "passed before"


def test_damaged_file_is_moved_aside_not_crashed_on(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{ this is not json", encoding="utf-8")
    progress = Progress.load(path)
    assert "damaged" in progress.warning
    assert list(tmp_path.glob("progress.json.damaged-*"))
    progress.record_check(result(Status.PASSED))
    progress.save()
    assert Progress.load(path).get("01-passphrase").status == "passed"


def test_wrong_shape_is_damage_too(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"exercises": ["not", "a", "dict"]}), encoding="utf-8")
    assert Progress.load(path).warning


def test_save_leaves_no_temporary_files(tmp_path):
    progress = Progress.load(tmp_path / "progress.json")
    progress.record_check(result(Status.PASSED))
    progress.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]
