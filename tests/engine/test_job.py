"""The typed job a checker child receives."""

from __future__ import annotations

import pytest

from workshop.engine.job import CheckJob
from workshop.engine.sandbox import Limits


def test_a_job_for_one_run_round_trips_through_json():
    planned = CheckJob(module="passphrase", tests=("test_a.py", "test_b_hidden.py"), hidden=("test_b_hidden.py",),
                       network=True, logging=False, deny_read=("/sol",))
    run = planned.for_run("/w", Limits(timeout=5, memory_mb=256, disk_mb=10, isolation=False), "ab" * 32, debug=True)
    assert (run.workdir, run.memory_mb, run.cpu_seconds, run.disk_mb, run.isolation, run.debug) == (
        "/w", 256, 7, 10, False, True)
    assert planned.workdir == "" and planned.key == ""  # the plan itself is left as it was
    assert CheckJob.from_json(run.to_json()) == run
    assert "ab" * 32 not in repr(run)


def test_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="unknown job fields"):
        CheckJob.from_dict({"module": "m", "tests": [], "shell": "rm -rf /"})
