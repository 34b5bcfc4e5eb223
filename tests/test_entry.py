"""The console script's entry: the checker starts before the command line loads, and nothing is left behind."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import processes_with, run_cli
from workshop.entry import command_name


@pytest.mark.parametrize("arguments, expected", [
    (["check", "01"], "check"),
    (["--lang", "ko", "check", "01"], "check"),
    (["--lang", "en", "list"], "list"),
    (["--version"], None),
    ([], None),
    (["--lang"], None),
])
def test_the_command_is_found_after_the_group_options(arguments, expected):
    assert command_name(arguments) == expected


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads other processes' environments (Linux)")
def test_a_check_that_stops_early_leaves_no_checker_behind(workspace):
    # The checker child starts before the exercise is even looked up: when there is no such exercise,
    # the learner gets the message in their language and the child ends with the command.
    marker = f"WORKSHOP_TEST_MARK={uuid.uuid4().hex}"
    name, value = marker.split("=")
    done = run_cli("--lang", "ko", "check", "99", cwd=workspace, env={name: value})
    assert done.returncode == 2
    assert "연습 문제는 없습니다" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    deadline = time.monotonic() + 10
    while processes_with(marker, "environ") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_with(marker, "environ") == []


def test_a_finished_check_prints_all_of_its_result_through_a_pipe(workspace):
    # The check ends without tearing the interpreter down: what it printed must all be out first.
    done = run_cli("check", "01", "--json", cwd=workspace)
    assert done.returncode == 1
    assert done.stdout.rstrip().endswith("}")
    assert '"exercise": "01-passphrase"' in done.stdout
