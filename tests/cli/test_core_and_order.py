"""`workshop list`, `check` and `progress` with core and stretch tasks and the recommended order, in
English and Korean, as real subprocesses in a copy of the workspace."""

from __future__ import annotations

import json

from tests.conftest import run_cli, solution_code, write_notebook


def _hangul_core_only(workspace, repo):
    """Exercise 04 solved except its stretch task 4 (romanize_rr), as a notebook in the workspace."""
    code = solution_code(repo, "04-hangul")
    code += "\n\ndef romanize_rr(word):\n    raise NotImplementedError('not yet')\n"
    return write_notebook(workspace / "core-only.ipynb", [code])


def test_list_shows_core_and_stretch_minutes_and_tasks_in_english(workspace):
    done = run_cli("list", cwd=workspace, env={"WORKSHOP_LANG": "en", "COLUMNS": "120"})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Exercises, in the recommended order" in out
    assert "Minutes and tasks: core + stretch" in out
    lines = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 3}
    assert "40 + 25" in lines["04"] and "3 + 1" in lines["04"]  # hangul: romanize is stretch
    assert " 20 " in lines["00"] and "+" not in lines["00"]  # the warm-up has no stretch
    assert [key for key in lines if key.isdigit()][:3] == ["00", "01", "10"]
    assert "Start with: workshop check 00" in out


def test_list_in_korean(workspace):
    done = run_cli("list", cwd=workspace, env={"WORKSHOP_LANG": "ko", "COLUMNS": "120"})
    assert done.returncode == 0, done.stderr
    assert "연습 문제 (권장 순서)" in done.stdout
    assert "분과 과제: 핵심 + 도전" in done.stdout
    assert "몸풀기" in done.stdout and "40 + 25" in done.stdout


def test_list_json_has_core_and_stretch(workspace):
    rows = {row["name"]: row for row in json.loads(run_cli("list", "--json", cwd=workspace).stdout)}
    hangul = rows["04-hangul"]
    assert (hangul["minutes"], hangul["stretch_minutes"], hangul["core_tasks"], hangul["stretch_tasks"]) == (40, 25, 3, 1)
    assert hangul["core_done"] is False


def test_check_says_core_done_when_only_stretch_tasks_fail(workspace, repo):
    notebook = _hangul_core_only(workspace, repo)
    done = run_cli("check", "04", "--notebook", str(notebook), cwd=workspace, env={"WORKSHOP_LANG": "en"})
    assert done.returncode == 1  # not everything passes: exit code 0 stays for a full pass
    assert "core done" in done.stdout
    assert "Task 4  Romanize (stretch)" in done.stdout
    assert "Core done: every core task passes" in done.stdout
    data = json.loads(run_cli("check", "04", "--notebook", str(notebook), "--json", cwd=workspace).stdout)
    assert data["status"] == "failed" and data["core_done"] is True and data["stretch_tasks"] == [4]

    rows = {row["name"]: row for row in json.loads(run_cli("list", "--json", cwd=workspace).stdout)}
    assert rows["04-hangul"]["status"] == "core done" and rows["04-hangul"]["core_done"] is True
    progress = run_cli("progress", cwd=workspace, env={"WORKSHOP_LANG": "en", "COLUMNS": "120"}).stdout
    assert "1 more with its core done (stretch tasks are optional)." in progress
    korean = run_cli("progress", cwd=workspace, env={"WORKSHOP_LANG": "ko", "COLUMNS": "120"}).stdout
    assert "핵심 완료" in korean and "그 밖에 1개는 핵심 과제를 마쳤습니다" in korean


def test_check_in_korean_says_core_done(workspace, repo):
    notebook = _hangul_core_only(workspace, repo)
    done = run_cli("check", "04", "--notebook", str(notebook), cwd=workspace, env={"WORKSHOP_LANG": "ko"})
    assert "핵심 완료" in done.stdout and "(도전 과제)" in done.stdout
    assert "핵심 과제를 모두 통과했습니다" in done.stdout


def test_warm_up_checks_as_0_and_00(workspace):
    for query in ("0", "00", "warm-up"):
        done = run_cli("check", query, "--json", cwd=workspace)
        assert json.loads(done.stdout)["exercise"] == "00-warm-up", query
    solved = workspace / "solutions" / "00-warm-up" / "warmup.ipynb"
    assert run_cli("check", "00", "--notebook", str(solved), cwd=workspace).returncode == 0
    rows = json.loads(run_cli("progress", "--json", cwd=workspace).stdout)["exercises"]
    assert rows[0]["name"] == "00-warm-up" and rows[0]["status"] == "passed"
    assert "Next: exercise 01" in run_cli("list", cwd=workspace, env={"WORKSHOP_LANG": "en"}).stdout
