"""pytest's internals are used in one module, only on the versions they were written for; elsewhere the
public API gives the same verdicts. The oldest supported pytest is tested for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, solution_code, write_notebook
from workshop.core.exercise import load_exercise
from workshop.engine.scheduler import Job, run_jobs
from workshop.engine import pytest_compat
from workshop.engine.sandbox import Limits
from workshop.engine.zygote import available

STUB = ("def load_wordlist(text):\n    return []\n\ndef entropy_bits(n_words, list_size=7776):\n    return 0\n\n"
        "def make_passphrase(words, n=6, sep='-', rng=None):\n    return ''\n")


def _verdicts(tmp_path: Path, use_zygote: bool) -> dict:
    exercise = load_exercise(REPO / "solutions" / "01-passphrase")
    notebooks = {"solved": solution_code(REPO, "01-passphrase"), "stub": STUB, "broken": "def load_wordlist(:\n"}
    jobs = []
    for name, code in notebooks.items():
        path = write_notebook(tmp_path / name / "passphrase.ipynb", [code])
        jobs.append(Job(exercise, exercise.hidden_tests, str(path), path.read_bytes(), tag=name))
    found = {}
    run_jobs(jobs, Limits(), workers=1, use_zygote=use_zygote,
             on_result=lambda job, result: found.__setitem__(job.tag, (
                 result.status.value, sorted((test.name, test.outcome.value) for test in result.tests))))
    return found


def test_the_internals_work_on_this_pytest():
    assert pytest_compat.internals_usable(), f"pytest {pytest.__version__} is outside {pytest_compat.TESTED}"
    tail, pyc = pytest_compat.rewritten_pyc("test_x.py", b"def test_x():\n    assert 1 == 2\n", 1_600_000_000)
    assert tail.endswith(".pyc") and pyc


@pytest.mark.parametrize("use_zygote", [pytest.param(True, marks=pytest.mark.skipif(not available(),
                                                                                   reason="no fork here")), False])
def test_without_the_internals_the_verdicts_are_the_same(tmp_path, monkeypatch, use_zygote):
    with_internals = _verdicts(tmp_path / "with", use_zygote)
    monkeypatch.setenv("WORKSHOP_PYTEST_INTERNALS", "0")
    assert not pytest_compat.internals_usable()
    assert pytest_compat.rewritten_pyc("test_x.py", b"def test_x():\n    pass\n", 0) == ("", None)
    assert _verdicts(tmp_path / "without", use_zygote) == with_internals
    assert with_internals["solved"][0] == "passed" and with_internals["stub"][0] == "failed"


def test_an_untested_pytest_version_uses_only_the_public_api(monkeypatch):
    monkeypatch.setattr(pytest_compat, "_USABLE", None)
    monkeypatch.setattr(pytest, "__version__", "99.1.0")
    assert not pytest_compat.internals_usable()
    assert pytest_compat.prepare_config(["-q"], []) is None
    monkeypatch.setattr(pytest_compat, "_USABLE", None)


@pytest.mark.slow
def test_the_oldest_supported_pytest_grades_the_same(tmp_path):
    """pytest 8.0 (the lower bound in pyproject.toml) installed beside the project, then a real grade."""
    oldest = ".".join(map(str, pytest_compat.TESTED[0]))
    target = tmp_path / "old"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                                str(target), f"pytest=={oldest}.*"], capture_output=True, text=True, timeout=300)
    if installed.returncode != 0:
        pytest.skip(f"pytest {oldest} could not be installed from the package index: {installed.stderr[-300:]}")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(target), str(REPO)]), PYTHONUTF8="1")
    env.pop("WORKSHOP_PYTEST_INTERNALS", None)
    version = subprocess.run([sys.executable, "-c", "import pytest; print(pytest.__version__)"], env=env,
                             capture_output=True, text=True, timeout=60).stdout.strip()
    assert version.startswith(oldest + "."), version
    subs = tmp_path / "subs"
    write_notebook(subs / "ana" / "passphrase.ipynb", [solution_code(REPO, "01-passphrase")])
    write_notebook(subs / "ben" / "passphrase.ipynb", [STUB])
    graded = subprocess.run([sys.executable, "-m", "workshop", "grade", str(subs), "--out", str(tmp_path / "out"),
                             "--exercises", "01", "--json", "--root", str(REPO)], env=env, capture_output=True,
                            text=True, timeout=300)
    assert graded.returncode == 0, graded.stderr
    summary = json.loads(graded.stdout)
    assert summary["summary"]["passed"] == 1 and summary["summary"]["failed"] == 1
