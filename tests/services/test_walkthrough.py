"""The solution walkthrough: only after a real attempt, never from a pack, in the terminal and the notebook."""

from __future__ import annotations

import shutil

from tests.conftest import run_cli, solution_code, write_notebook


def _real_attempt(workspace, repo):
    """Check 08 with code whose first task is wrong: some tests pass, so the attempt is real."""
    code = solution_code(repo, "08-link-rot").replace('return LinkCheck("alive", url, response.status_code)',
                                                      'return LinkCheck("alive", url, 0)')
    notebook = write_notebook(workspace / "exercises/08-link-rot/linkrot.ipynb", [code])
    done = run_cli("check", "08", "--notebook", str(notebook), cwd=workspace)
    assert done.returncode == 1, done.stdout


def test_no_walkthrough_before_a_real_attempt(workspace):
    done = run_cli("walkthrough", "08", cwd=workspace)
    assert done.returncode == 2
    assert "after a real attempt" in done.stdout + done.stderr and "help-me" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    run_cli("check", "08", cwd=workspace)  # the untouched stub: no test passes, still no walkthrough
    done = run_cli("walkthrough", "08", cwd=workspace)
    assert done.returncode == 2 and "def check_link" not in done.stdout


def test_walkthrough_after_a_real_attempt_shows_each_task_with_why_and_code(workspace, repo):
    _real_attempt(workspace, repo)
    done = run_cli("walkthrough", "08", cwd=workspace)
    assert done.returncode == 0, done.stdout + done.stderr
    for text in ("Task 1", "Task 2", "Task 3", "def check_link", "def find_snapshot", "def link_report",
                 "response.history", "percent-encoded"):
        assert text in done.stdout, text
    assert "BEGIN SOLUTION" not in done.stdout


def test_walkthrough_in_korean(workspace, repo):
    _real_attempt(workspace, repo)
    done = run_cli("walkthrough", "08", "--lang", "ko", cwd=workspace)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "퍼센트 인코딩" in done.stdout and "def check_link" in done.stdout


def test_without_solutions_it_says_where_to_turn_and_a_bundle_works(workspace, repo, tmp_path):
    _real_attempt(workspace, repo)
    shutil.rmtree(workspace / "solutions")  # a learner's workspace: no solutions
    done = run_cli("walkthrough", "08", cwd=workspace)
    assert done.returncode == 2 and "help-me" in done.stdout + done.stderr and "--from" in done.stdout + done.stderr
    bundle = tmp_path / "bundle"
    shutil.copytree(repo / "solutions" / "08-link-rot", bundle / "08-link-rot")
    done = run_cli("walkthrough", "08", "--from", str(bundle), cwd=workspace)
    assert done.returncode == 0 and "def check_link" in done.stdout


def test_learners_never_get_the_walkthrough_from_build(repo):
    assert (repo / "solutions/08-link-rot/walkthrough.md").is_file()
    assert not list((repo / "exercises").glob("*/walkthrough*"))


def test_walkthrough_in_the_notebook(workspace, repo, monkeypatch):
    from workshop.engine.inkernel import MarkdownView, walkthrough

    monkeypatch.chdir(workspace / "exercises" / "08-link-rot")
    assert walkthrough("08") is None  # no attempt yet: it says so instead
    _real_attempt(workspace, repo)
    shown = walkthrough("08")
    assert isinstance(shown, MarkdownView)
    assert "def find_snapshot" in shown._repr_markdown_() and "## Task 2" in shown._repr_markdown_()


def test_a_pack_never_carries_a_walkthrough_even_one_copied_into_exercises(workspace):
    from workshop.services.ops.pack import exercise_files
    from workshop.core.workspace import Workspace

    shutil.copy(workspace / "solutions/08-link-rot/walkthrough.md", workspace / "exercises/08-link-rot/walkthrough.md")
    root = Workspace(workspace)
    files, _notes = exercise_files(root, [root.exercise("08")])
    assert files and not [name for name in files if "walkthrough" in name]
    shutil.rmtree(workspace / "solutions")  # packed from exercises/ through the allow-list
    files, _notes = exercise_files(root, [root.exercise("08")])
    assert files and not [name for name in files if "walkthrough" in name]
