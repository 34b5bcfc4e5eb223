"""`workshop doctor` on this machine, and with broken pieces simulated."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_this_machine_is_ready(workspace):
    done = run_cli("doctor", "--json", cwd=workspace, timeout=180)
    report = json.loads(done.stdout)
    states = {row["check"]: row["state"] for row in report["checks"]}
    assert done.returncode == 0, states
    assert not [name for name, state in states.items() if state == "problem"]
    for name in ("Python", "jupyterlab", "pytest", "Jupyter kernel", "Exercises", "Checker works", "Workspace is writable"):
        assert states[name] == "ok", (name, states)


def test_a_missing_kernel_is_a_problem_with_a_fix(workspace):
    done = run_cli("doctor", "--json", "--kernel", "no-such-kernel", cwd=workspace, timeout=180)
    assert done.returncode == 1
    row = next(row for row in json.loads(done.stdout)["checks"] if row["check"] == "Jupyter kernel")
    assert row["state"] == "problem" and "ipykernel install" in row["fix"]


def test_no_exercises_is_a_problem(tmp_path):
    (tmp_path / "exercises").mkdir()
    done = run_cli("doctor", "--json", "--root", str(tmp_path), cwd=tmp_path, timeout=180)
    assert done.returncode == 1
    row = next(row for row in json.loads(done.stdout)["checks"] if row["check"] == "Exercises")
    assert row["state"] == "problem" and row["fix"]


def test_a_configured_ai_server_that_is_down_is_only_a_warning(workspace):
    done = run_cli("doctor", "--json", cwd=workspace, timeout=180,
                   env={"WORKSHOP_AI_BASE_URL": "http://127.0.0.1:9/v1"})
    row = next(row for row in json.loads(done.stdout)["checks"] if row["check"].startswith("AI server"))
    assert row["state"] == "warning"
    assert done.returncode == 0


def test_plain_report_is_pasteable(workspace):
    done = run_cli("doctor", "--plain", cwd=workspace, timeout=180)
    assert done.stdout.startswith("workshop doctor report")
    assert "[OK     ] Python" in done.stdout
    assert "\x1b[" not in done.stdout and "┃" not in done.stdout


def test_the_isolation_row_says_what_this_computer_gives_checks():
    import sys

    from workshop.services.ops.doctor import OK, check_isolation
    from workshop.engine import isolation

    row = check_isolation()
    layers = isolation.probe()["layers"]
    if sys.platform.startswith("linux") and set(layers) == set(isolation.LAYERS):
        assert row.state == OK and "Landlock" in row.detail and "seccomp" in row.detail
    else:
        assert row.state != OK or layers, row
        assert row.fix or row.state == OK
