"""``workshop grade``: matching, zips, agreement with ``workshop check``, outputs, cache and resume."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, make_notebook, run_cli, solution_code, write_notebook
from workshop.core.exercise import load_exercise
from workshop.services.grade import submissions
from workshop.engine.scheduler import Job, run_jobs
from workshop.engine.pipeline import check_notebook
from workshop.engine.sandbox import Limits
from workshop.engine.zygote import available
from workshop.services.authoring.validate import hidden_tests, notebook_with_pitfall, pitfalls

NB = "passphrase.ipynb"
STUB = ("def load_wordlist(text):\n    return []\n\ndef entropy_bits(n_words, list_size=7776):\n    return 0\n\n"
        "def make_passphrase(words, n=6, sep='-', rng=None):\n    return ''\n")


def _learner(tmp_path: Path, files: dict[str, str]) -> submissions.Learner:
    root = tmp_path / "learner"
    for name, code in files.items():
        write_notebook(root / name, [code])
    learners, _ignored = submissions.discover(tmp_path)
    return learners[0]


@pytest.fixture(scope="module")
def passphrase():
    return load_exercise(REPO / "solutions" / "01-passphrase")


@pytest.mark.parametrize("name", ["passphrase.ipynb", "passphrase (1).ipynb", "Copy of passphrase.ipynb",
                                  "passphrase-Copy1.ipynb", "Passphrase_final.ipynb", "kim_passphrase.ipynb",
                                  "01-passphrase/Untitled.ipynb", "passfrase.ipynb", "Untitled.ipynb"])
def test_a_copied_or_renamed_notebook_is_found(tmp_path, passphrase, name):
    code = "def load_wordlist(t): pass\ndef entropy_bits(n): pass\ndef make_passphrase(w): pass\n"
    learner = _learner(tmp_path, {name: code, "notes.ipynb": "x = 1"})
    found = submissions.match(learner, [passphrase])["01-passphrase"]
    assert found.candidate is not None and found.candidate.path == name, found
    assert found.how


def test_two_different_notebooks_are_ambiguous_but_identical_copies_are_not(tmp_path, passphrase):
    learner = _learner(tmp_path, {"a/passphrase.ipynb": "x = 1", "b/passphrase.ipynb": "x = 2"})
    found = submissions.match(learner, [passphrase])["01-passphrase"]
    assert found.candidate is None and found.ambiguous == ["a/passphrase.ipynb", "b/passphrase.ipynb"]
    same = _learner(tmp_path / "2", {"a/passphrase.ipynb": "x = 1", "b/passphrase.ipynb": "x = 1"})
    assert submissions.match(same, [passphrase])["01-passphrase"].candidate is not None


def test_checkpoints_only_count_when_nothing_else_is_there(tmp_path, passphrase):
    learner = _learner(tmp_path, {".ipynb_checkpoints/passphrase-checkpoint.ipynb": "x = 1",
                                  "passphrase.ipynb": "x = 2"})
    assert [c.path for c in learner.candidates] == ["passphrase.ipynb"]
    only = _learner(tmp_path / "2", {".ipynb_checkpoints/passphrase-checkpoint.ipynb": "x = 1"})
    assert submissions.match(only, [passphrase])["01-passphrase"].candidate is not None


def test_zips_are_read_in_memory_safely(tmp_path):
    notebook = json.dumps(make_notebook(["x = 1"]))
    with zipfile.ZipFile(tmp_path / "ana.zip", "w") as archive:
        archive.writestr("ana/passphrase.ipynb", notebook)
        archive.writestr("__MACOSX/ana/._passphrase.ipynb", "junk")
        archive.writestr("/etc/passphrase.ipynb", notebook)
    learners, _ignored = submissions.discover(tmp_path)
    (ana,) = learners
    assert ana.name == "ana" and [c.path for c in ana.candidates] == ["ana/passphrase.ipynb"]
    assert ana.candidates[0].read() == notebook.encode()
    assert any("unsafe" in note for note in ana.notes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.zip"]  # nothing was extracted


def test_loose_files_and_links_are_left_out_and_said_so(tmp_path):
    (tmp_path / "readme.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "link")
    learners, ignored = submissions.discover(tmp_path)
    assert [learner.name for learner in learners] == ["real"]
    assert len(ignored) == 2


@pytest.mark.parametrize("use_zygote", [True, False] if available() else [False])
def test_grading_gives_the_same_verdicts_as_check(tmp_path, passphrase, use_zygote):
    from workshop.core.notebook import read_notebook

    hidden = hidden_tests(passphrase)
    solution_nb = read_notebook(passphrase.notebook)
    paths = [passphrase.notebook, REPO / "exercises" / "01-passphrase" / NB]
    for trap in pitfalls(passphrase):
        path = tmp_path / trap.stem / NB
        path.parent.mkdir()
        path.write_text(json.dumps(notebook_with_pitfall(solution_nb, trap)), encoding="utf-8")
        paths.append(path)
    jobs = [Job(passphrase, hidden, str(path), path.read_bytes(), tag=path) for path in paths]
    graded = {job.tag: result for job, result in run_jobs(jobs, Limits(), workers=2, use_zygote=use_zygote)}
    for path in paths:
        checked = check_notebook(passphrase, path, hidden_tests=hidden)
        result = graded[path]
        assert (result.status, result.counts(), result.earned) == (checked.status, checked.counts(), checked.earned)
        assert [(t.name, t.outcome, t.message) for t in result.tests] == [
            (t.name, t.outcome, t.message) for t in checked.tests]
    assert graded[passphrase.notebook].passed


def test_identical_code_is_checked_once_and_each_notebook_keeps_its_own_cells(tmp_path, passphrase):
    from workshop.engine.scheduler import RunStats

    broken = STUB.replace("return []", "return [1 / 0]")
    layouts = {  # the same code: with outputs run, with a note above it, in two cells
        "plain": [broken],
        "note-above": [("markdown", "# my notes"), ("markdown", "more notes"), broken],
        "two-cells": [broken.split("\n\n", 1)[0], broken.split("\n\n", 1)[1]],
    }
    paths = {name: write_notebook(tmp_path / name / NB, cells) for name, cells in layouts.items()}
    other = write_notebook(tmp_path / "other" / NB, [STUB])
    jobs = [Job(passphrase, [], str(path), path.read_bytes(), tag=name) for name, path in
            [*paths.items(), ("other", other)]]
    stats = RunStats()
    graded = {job.tag: result for job, result in run_jobs(jobs, Limits(), workers=2, stats=stats)}
    assert (stats.ran, stats.shared) == (3, 1)  # plain and note-above run the same code lines; two-cells has a
    # marker line more (every line below it moves), and "other" is other code
    where = {name: {test.location for test in graded[name].tests if test.name == "test_reads_one_word_per_line"}
             for name in layouts}
    assert where == {"plain": {(1, 2)}, "note-above": {(3, 2)}, "two-cells": {(1, 2)}}
    for name, path in paths.items():
        checked = check_notebook(passphrase, path)
        assert [(t.name, t.outcome, t.location) for t in graded[name].tests] == [
            (t.name, t.outcome, t.location) for t in checked.tests]


def _class(folder: Path, count: int, solved: str, stub: str, sleep: float = 0.0) -> None:
    for index in range(count):
        code = (f"import time\ntime.sleep({sleep})\n" if sleep else "") + f"LEARNER = {index}\n"
        write_notebook(folder / f"learner-{index:02d}" / NB, [code + (solved if index % 3 else stub)])


def test_cli_outputs_and_a_free_regrade(workspace, tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "grades"
    solved = solution_code(REPO, "01-passphrase")
    _class(subs, 5, solved, STUB)
    write_notebook(subs / "박서연" / NB, [solved])
    first = run_cli("grade", str(subs), "--out", str(out), "--exercises", "01", "--json", cwd=workspace)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["checked"] == 6 and summary["summary"]["passed"] == 4 and summary["summary"]["failed"] == 2

    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["learner"] for row in rows][-1] == "박서연"
    assert rows[-1]["01-passphrase"] == "31" and rows[-1]["total"] == "31" and rows[-1]["01-passphrase status"] == "passed"
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    tests = book["learners"][0]["exercises"]["01-passphrase"]["result"]["tests"]
    assert len(tests) == 29 and {"name", "outcome", "hidden", "task", "points"} <= set(tests[0])
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.count("<svg") >= 3 and "<script" not in report and "http://" not in report.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    feedback = (out / "feedback" / "박서연.html").read_text(encoding="utf-8")
    assert "passed" in feedback
    failing = (out / "feedback" / "learner-00.html").read_text(encoding="utf-8")
    assert "Hint" in failing

    again = run_cli("grade", str(subs), "--out", str(out), "--exercises", "01", "--json", cwd=workspace)
    summary = json.loads(again.stdout)
    assert summary["checked"] == 0 and summary["from_cache"] == 6
    assert summary["summary"]["passed"] == 4

    human = run_cli("grade", str(subs), "--out", str(out), "--exercises", "01", cwd=workspace)
    assert human.returncode == 0 and "passed" in human.stdout and "gradebook.csv" in human.stdout


def test_a_run_killed_with_sigkill_resumes_and_keeps_every_finished_result(workspace, tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "grades"
    solved = solution_code(REPO, "01-passphrase")
    _class(subs, 16, solved, STUB, sleep=0.4)
    env = dict(os.environ, PYTHONUTF8="1")
    process = subprocess.Popen([sys.executable, "-m", "workshop", "grade", str(subs), "--out", str(out),
                                "--exercises", "01", "--jobs", "2", "--json"], cwd=workspace, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / ".cache" / "results.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 4:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    kept = [json.loads(line)["key"] for line in journal.read_bytes().splitlines() if line.strip()]
    assert 4 <= len(kept) < 16
    assert not (out / "gradebook.csv").exists()

    resumed = run_cli("grade", str(subs), "--out", str(out), "--exercises", "01", "--json", cwd=workspace)
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["from_cache"] >= len(kept) and summary["checked"] + summary["from_cache"] == 16
    assert summary["summary"]["passed"] + summary["summary"]["failed"] == 16


def _solution_folders() -> list[Path]:
    return sorted(path.parent for path in (REPO / "solutions").glob("*/exercise.toml"))


@pytest.mark.skipif(not available(), reason="the warm checker needs os.fork")
def test_every_exercise_gets_the_same_verdict_from_the_warm_checker(tmp_path):
    """The solution of every exercise, graded through a zygote and checked by ``check_notebook``."""
    exercises = []
    for folder in _solution_folders():
        try:
            exercise = load_exercise(folder)
        except Exception:  # noqa: BLE001 - an exercise being written may not load yet
            continue
        if exercise.notebook.is_file() and exercise.visible_tests.is_file():
            exercises.append(exercise)
    jobs = [Job(e, hidden_tests(e), str(e.notebook), e.notebook.read_bytes(), tag=e.name) for e in exercises]
    graded = {job.tag: result for job, result in run_jobs(jobs, Limits(), workers=2, use_zygote=True)}
    for exercise in exercises:
        checked = check_notebook(exercise, exercise.notebook, hidden_tests=hidden_tests(exercise))
        result = graded[exercise.name]
        assert (result.status, result.counts()) == (checked.status, checked.counts()), (
            exercise.name, result.message, checked.message)
