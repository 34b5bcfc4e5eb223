"""`workshop init`: a learner's own folder, never overwritten by updates, never with solutions."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_init_copies_exercises_not_solutions(workspace, tmp_path):
    target = tmp_path / "mine"
    done = run_cli("init", str(target), cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert (target / "exercises" / "01-passphrase" / "passphrase.ipynb").is_file()
    assert not (target / "solutions").exists()
    assert not list(target.rglob("hidden")) and not list(target.rglob("pitfalls"))
    assert (target / "README.txt").is_file()


def test_checks_run_in_the_new_folder(workspace, tmp_path):
    target = tmp_path / "mine"
    run_cli("init", str(target), cwd=workspace)
    done = run_cli("check", "01", "--json", cwd=target)
    assert json.loads(done.stdout)["status"] == "failed"
    assert (target / ".workshop" / "progress.json").is_file()


def test_running_init_again_keeps_the_learners_work(workspace, tmp_path):
    target = tmp_path / "mine"
    run_cli("init", str(target), cwd=workspace)
    notebook = target / "exercises" / "01-passphrase" / "passphrase.ipynb"
    notebook.write_text('{"my": "work"}', encoding="utf-8")
    (target / "exercises" / "01-passphrase" / "test_passphrase.py").unlink()
    done = run_cli("init", str(target), cwd=workspace)
    assert done.returncode == 0
    assert notebook.read_text(encoding="utf-8") == '{"my": "work"}'
    assert (target / "exercises" / "01-passphrase" / "test_passphrase.py").is_file()
    assert "kept" in done.stdout


def test_init_refuses_the_toolkit_folder(workspace):
    done = run_cli("init", str(workspace), cwd=workspace)
    assert done.returncode == 2 and "solutions/" in done.stderr
