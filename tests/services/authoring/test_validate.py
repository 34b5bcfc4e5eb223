"""`workshop validate` is green for the repository and catches what it promises to catch."""

from __future__ import annotations

import json


from tests.conftest import run_cli


def validate(workspace, *names):
    done = run_cli("validate", "--json", *names, cwd=workspace, timeout=600)
    return done.returncode, {item["exercise"]: item for item in json.loads(done.stdout)}


def test_every_exercise_in_the_repository_is_valid(repo):
    done = run_cli("validate", cwd=repo, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_pitfall_that_passes_is_reported(workspace):
    folder = workspace / "solutions" / "01-passphrase"
    (folder / "pitfalls" / "harmless.py").write_text('"""Changes nothing."""\nx = 1\n', encoding="utf-8")
    code, reports = validate(workspace, "01")
    assert code == 1
    assert any("pitfall harmless passes every test" in p for p in reports["01-passphrase"]["problems"])


def test_stale_generated_files_are_reported(workspace):
    toml = workspace / "solutions" / "01-passphrase" / "exercise.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("minutes = 25", "minutes = 30"), encoding="utf-8")
    code, reports = validate(workspace, "01")
    assert code == 1 and any("out of date" in p for p in reports["01-passphrase"]["problems"])
    assert run_cli("build", "01", cwd=workspace).returncode == 0
    code, reports = validate(workspace, "01")
    assert code == 0, reports


def test_a_failing_solution_and_a_passing_stub_are_reported(workspace):
    folder = workspace / "solutions" / "01-passphrase"
    notebook = folder / "passphrase.ipynb"
    # Take entropy_bits out of its markers (the stub then passes task 2) and break the word list
    # loader (the solution then fails).
    broken = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in broken["cells"]:
        source = "".join(cell["source"])
        if "def entropy_bits" in source:
            source = source.replace("    ### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION", "")
        if "def load_wordlist" in source:
            source = source.replace("return words\n", "return words[:-1]\n")
        cell["source"] = source
    notebook.write_text(json.dumps(broken), encoding="utf-8")
    run_cli("build", "01", cwd=workspace)
    code, reports = validate(workspace, "01")
    problems = "\n".join(reports["01-passphrase"]["problems"])
    assert code == 1
    assert "the solution does not pass" in problems
    assert "already passes every test of task 2" in problems


def test_incomplete_metadata_is_reported(workspace):
    toml = workspace / "solutions" / "01-passphrase" / "exercise.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('key_points = [', 'unused = [', 1), encoding="utf-8")
    code, reports = validate(workspace, "01")
    assert code == 1 and any("key points" in p for p in reports["01-passphrase"]["problems"])


def test_a_notebook_with_outputs_is_reported(workspace):
    path = workspace / "exercises" / "01-passphrase" / "passphrase.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    code, reports = validate(workspace, "01")
    assert code == 1
