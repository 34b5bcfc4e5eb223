"""``workshop grade`` with stretch tasks and exercise 00: stretch points count as usual, and the report and
the gradebook's JSON show core completion separately."""

from __future__ import annotations

import json

from tests.conftest import REPO, run_cli, solution_code, write_notebook


def test_grade_reports_core_done_and_grades_the_warm_up(workspace, tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "grades"
    hangul = solution_code(REPO, "04-hangul")
    core_only = hangul + "\n\ndef romanize_rr(word):\n    raise NotImplementedError('not yet')\n"
    write_notebook(subs / "kim" / "hangul.ipynb", [hangul])
    write_notebook(subs / "kim" / "warmup.ipynb", [solution_code(REPO, "00-warm-up")])
    write_notebook(subs / "lee" / "hangul.ipynb", [core_only])
    write_notebook(subs / "lee" / "00-warm-up" / "Untitled.ipynb", [
        "def welcome(name):\n    return name\n\ndef tables_needed(people, per_table=6):\n    print(people)\n\n"
        "def word_count(text):\n    return len(text)\n"])
    done = run_cli("grade", str(subs), "--out", str(out), "--exercises", "00", "--exercises", "04", "--json", cwd=workspace)
    assert done.returncode == 0, done.stderr
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in book["exercises"]] == ["00-warm-up", "04-hangul"]
    kim, lee = (row["exercises"] for row in book["learners"])
    assert kim["04-hangul"]["status"] == "passed" and kim["04-hangul"]["core_done"] is True
    assert lee["04-hangul"]["status"] == "failed" and lee["04-hangul"]["core_done"] is True
    assert 0 < lee["04-hangul"]["earned"] < kim["04-hangul"]["earned"]  # stretch points count as usual
    assert kim["00-warm-up"]["status"] == "passed" and lee["00-warm-up"]["status"] == "failed"
    assert lee["00-warm-up"]["core_done"] is False
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Core done per exercise (stretch tasks are optional)" in report
    assert "04.4 Romanize (stretch)" in report
