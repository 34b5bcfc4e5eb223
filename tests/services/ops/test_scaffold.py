"""`workshop new`: a scaffolded exercise passes validate as it is (but for its Korean translation when required)."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_new_exercise_validates_and_lists_its_todos(workspace):
    done = run_cli("new", "12-qr-codes", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert (workspace / "solutions/12-qr-codes/qr_codes.ipynb").is_file()
    assert (workspace / "exercises/12-qr-codes/qr_codes.ipynb").is_file()
    done = run_cli("validate", "--json", "12", cwd=workspace, timeout=300)
    report = json.loads(done.stdout)[0]
    from workshop.core.translations import korean_required

    if korean_required():  # every exercise needs its Korean translation: the only thing a new one lacks
        assert done.returncode == 1 and len(report["problems"]) == 1, report
        assert "translations/ko.toml" in report["problems"][0]
    else:
        assert done.returncode == 0 and report["ok"], report
    assert any("TODO" in fact for fact in report["facts"])
    assert sum("caught by" in fact for fact in report["facts"]) == 2


def test_the_new_exercise_can_be_checked(workspace):
    run_cli("new", "12-qr-codes", cwd=workspace)
    done = run_cli("check", "12", "--json", cwd=workspace)
    assert json.loads(done.stdout)["status"] == "failed"


def test_bad_or_taken_names_are_refused(workspace):
    assert "NN-slug" in run_cli("new", "qr", cwd=workspace).stderr
    done = run_cli("new", "01-other", cwd=workspace)
    assert done.returncode == 2 and "taken" in done.stderr
    run_cli("new", "12-qr", cwd=workspace)
    assert "exists" in run_cli("new", "12-qr", cwd=workspace).stderr
