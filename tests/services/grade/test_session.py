"""``workshop grade`` for one session: only its exercises, and what a learner handed in when nothing matched."""

from __future__ import annotations

import csv
import json

from tests.conftest import run_cli, write_notebook

STUB = "def load_wordlist(text):\n    return []\n"


def _rows(out):
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_grade_uses_the_sessions_exercises_and_lists_what_was_handed_in(workspace, tmp_path):
    (workspace / "session.toml").write_text('title = "Short"\nexercises = [1, "thread-splitter"]\n', encoding="utf-8")
    subs, out = tmp_path / "subs", tmp_path / "grades"
    write_notebook(subs / "amara" / "passphrase.ipynb", [STUB])
    write_notebook(subs / "bo" / "my_work.ipynb", ["x = 1\n"])
    (subs / "chen").mkdir(parents=True)
    (subs / "chen" / "notes.txt").write_text("I ran out of time\n", encoding="utf-8")

    done = run_cli("grade", str(subs), "--out", str(out), "--json", cwd=workspace, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["exercises"] == ["01-passphrase", "02-thread-splitter"]
    columns = _rows(out)[0].keys()
    assert "01-passphrase" in columns and "02-thread-splitter" in columns
    assert not [name for name in columns if name.startswith(("03-", "04-", "05-", "06-", "10-"))]
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    text = json.dumps(book, ensure_ascii=False)
    assert "Handed in: my_work.ipynb" in text and "Handed in: notes.txt" in text
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "06-redactor" not in report and "Redactor" not in report

    other = tmp_path / "other.toml"
    other.write_text('title = "Other"\nexercises = [6]\n', encoding="utf-8")
    done = run_cli("grade", str(subs), "--out", str(tmp_path / "g2"), "--session", str(other), "--json", cwd=workspace,
                   timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["exercises"] == ["06-redactor"]

    both = run_cli("grade", str(subs), "--session", str(other), "--exercises", "01", cwd=workspace)
    assert both.returncode == 2 and "not both" in both.stderr
    typo = tmp_path / "typo.toml"
    typo.write_text('title = "T"\nexercises = ["passphrse"]\n', encoding="utf-8")
    wrong = run_cli("grade", str(subs), "--session", str(typo), cwd=workspace)
    assert wrong.returncode == 2 and "Did you mean" in wrong.stderr and "Traceback" not in wrong.stderr
