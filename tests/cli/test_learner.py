"""The participant commands, run as real subprocesses in a copy of the workspace."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.conftest import run_cli, solution_code, write_notebook


def test_help_lists_every_command(workspace):
    from workshop.cli import COMMANDS

    done = run_cli("--help", cwd=workspace)
    assert done.returncode == 0
    for name in COMMANDS:
        assert name in done.stdout


def test_list_shows_exercises_in_the_recommended_order(workspace):
    from workshop.core.curriculum import RECOMMENDED_ORDER

    done = run_cli("list", "--json", cwd=workspace)
    rows = json.loads(done.stdout)
    assert rows[0]["name"] == "00-warm-up" and rows[1]["name"] == "01-passphrase"
    numbers = [int(row["number"]) for row in rows]
    assert numbers == [number for number in RECOMMENDED_ORDER if number in numbers]
    assert rows[0]["status"] == "not started"


def test_check_the_stub_fails_with_exit_1_and_a_hint(workspace):
    done = run_cli("check", "01", cwd=workspace)
    assert done.returncode == 1
    assert "not yet" in done.stdout
    assert "Hint:" in done.stdout
    assert "NotImplementedError" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_check_the_solution_passes_with_exit_0(workspace, repo):
    done = run_cli("check", "01", "--notebook", str(workspace / "solutions/01-passphrase/passphrase.ipynb"),
                   cwd=workspace)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed" in done.stdout


def test_check_json_is_the_structured_result(workspace):
    done = run_cli("check", "passphrase", "--json", cwd=workspace)
    data = json.loads(done.stdout)
    assert data["status"] == "failed" and data["exercise"] == "01-passphrase"
    assert {"name", "task", "points", "outcome", "message", "hint"} <= set(data["tests"][0])


def test_check_records_progress(workspace):
    run_cli("check", "01", cwd=workspace)
    rows = {row["name"]: row for row in json.loads(run_cli("list", "--json", cwd=workspace).stdout)}
    assert rows["01-passphrase"]["status"] == "working" and rows["01-passphrase"]["attempts"] == 1
    assert (workspace / ".workshop" / "progress.json").is_file()


def test_default_exercise_is_the_folder_you_are_in(workspace):
    done = run_cli("check", "--json", cwd=workspace / "exercises" / "01-passphrase")
    assert json.loads(done.stdout)["exercise"] == "01-passphrase"


def test_misspelled_exercise_suggests_the_nearest(workspace):
    done = run_cli("check", "pasphrase", cwd=workspace)
    assert done.returncode == 2
    assert "Did you mean 01-passphrase" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_notebook_is_a_clear_message(workspace):
    done = run_cli("check", "01", "--notebook", "nowhere.ipynb", cwd=workspace)
    assert done.returncode == 2 and "no notebook" in done.stderr


def test_no_workspace_is_a_clear_message(tmp_path):
    done = run_cli("list", "--root", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2 and "exercises/" in done.stderr


@pytest.mark.parametrize("content,status", [
    (b"{broken", "notebook unreadable"),
    (b"", "notebook unreadable"),
])
def test_broken_notebook_is_reported_and_kept(workspace, content, status):
    path = workspace / "exercises/01-passphrase/passphrase.ipynb"
    path.write_bytes(content)
    done = run_cli("check", "01", cwd=workspace)
    assert done.returncode == 1 and status in done.stdout
    assert path.read_bytes() == content


def test_syntax_error_and_endless_loop(workspace, tmp_path):
    bad = write_notebook(tmp_path / "a" / "passphrase.ipynb", ["def f(:\n    pass"])
    done = run_cli("check", "01", "--notebook", str(bad), cwd=workspace)
    assert done.returncode == 1 and "SyntaxError" in done.stdout and "cell 1" in done.stdout
    loop = write_notebook(tmp_path / "b" / "passphrase.ipynb", ["while True:\n    pass"])
    started = time.perf_counter()
    done = run_cli("check", "01", "--notebook", str(loop), "--timeout", "1", cwd=workspace)
    assert done.returncode == 1 and "timed out" in done.stdout
    assert time.perf_counter() - started < 10


def test_hints_get_more_detailed_and_are_remembered(workspace):
    levels = []
    for _ in range(4):
        done = run_cli("hint", "01", cwd=workspace)
        assert done.returncode == 0
        levels.append(done.stdout)
    assert "Hint 1 of 3" in levels[0] and "Hint 2 of 3" in levels[1]
    assert "Hint 3 of 3" in levels[2] and "Hint 3 of 3" in levels[3]
    assert "Task 1" in levels[0]
    progress = json.loads((workspace / ".workshop/progress.json").read_text(encoding="utf-8"))
    assert progress["exercises"]["01-passphrase"]["hints_shown"] == {"1": 3}


def test_hint_for_a_named_task_and_a_missing_one(workspace):
    done = run_cli("hint", "01", "--task", "3", cwd=workspace)
    assert done.returncode == 0 and "Task 3" in done.stdout
    done = run_cli("hint", "01", "--task", "9", cwd=workspace)
    assert done.returncode == 2 and "no task 9" in done.stderr


def test_hint_follows_the_first_failing_task(workspace, repo, tmp_path):
    code = solution_code(repo, "01-passphrase").replace(
        "return n_words * math.log2(list_size)", "return 0")
    notebook = write_notebook(workspace / "exercises/01-passphrase/passphrase.ipynb", [code])
    done = run_cli("hint", "01", "--notebook", str(notebook), cwd=workspace)
    assert "Task 2" in done.stdout


def test_progress_survives_a_damaged_file(workspace):
    (workspace / ".workshop").mkdir()
    (workspace / ".workshop/progress.json").write_text("garbage{", encoding="utf-8")
    done = run_cli("progress", cwd=workspace)
    assert done.returncode == 0 and "damaged" in done.stdout
    assert run_cli("check", "01", cwd=workspace).returncode == 1
    rows = json.loads(run_cli("progress", "--json", cwd=workspace).stdout)["exercises"]
    assert next(row for row in rows if row["name"] == "01-passphrase")["attempts"] == 1


def test_watch_rechecks_when_the_notebook_is_saved(workspace, repo):
    notebook = workspace / "exercises/01-passphrase/passphrase.ipynb"
    process = subprocess.Popen([sys.executable, "-m", "workshop", "check", "01", "--watch"], cwd=workspace,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                               env={**__import__("os").environ, "COLUMNS": "100", "NO_COLOR": "1"})
    try:
        lines = []
        deadline = time.time() + 30
        saved = False
        while time.time() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "Next:" in line and not saved:
                write_notebook(notebook, [solution_code(repo, "01-passphrase")])
                saved = True
            if saved and "Well done" in line:
                break
        output = "".join(lines)
        assert output.count("checking…") >= 2
        assert "Well done" in output
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_hint_and_list_for_a_check_the_ai_exercise(workspace):
    """Exercise 11 has no visible test file: its hints (English and Korean) and its row in the list work."""
    done = run_cli("hint", "11", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "Task 1" in done.stdout and "Hint 1 of 3" in done.stdout and "load_wordlist" in done.stdout
    korean = run_cli("hint", "11", "--lang", "ko", cwd=workspace)
    assert korean.returncode == 0 and "힌트 2/3." in korean.stdout and "주사위 숫자" in korean.stdout
    rows = {row["number"]: row for row in json.loads(run_cli("list", "--json", cwd=workspace).stdout)}
    assert rows["11"]["name"] == "11-check-the-wordlist" and rows["11"]["minutes"] == 50
    shown = run_cli("list", cwd=workspace)
    assert shown.returncode == 0 and "Check the AI: the word list reader" in shown.stdout
