"""What a grading run writes, each file atomically: the gradebook as CSV and JSON, one feedback
page per learner, and the class report. The HTML pages are self-contained (inline CSS and SVG,
no script, nothing fetched) and never contain a line of a hidden test: for a hidden test only its
description, the kind of failure and the hint are shown."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from workshop import __version__
from workshop.util.atomic import write_text_atomic
from workshop.util.csvcell import safe_cell
from workshop.services.grade import charts
from workshop.services.grade.gradebook import Gradebook
from workshop.util.i18n import _
from workshop.util.names import unique_safe_name
from workshop.core.status import GRADE_STATUSES, Status, look

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans KR",sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #eee;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f6f6f6}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:.8rem;color:#fff;font-size:.85rem}
.muted{color:#666}.ok{color:#0072b2}.bad{color:#d55e00}.hint{background:#fffde7;padding:.3rem .5rem;border-radius:.3rem}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;border-radius:.3rem}
.cards{display:flex;flex-wrap:wrap;gap:.5rem}.card{border:1px solid #ddd;border-radius:.5rem;padding:.5rem .8rem}
.card b{font-size:1.4rem;display:block}
@media print{body{margin:0}}
"""


def _page(title: str, body: str) -> str:
    from workshop.util.i18n import current_language

    return (f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>{body}"
            f'<p class="muted">{escape(_("Made by workshop {version}.").format(version=__version__))}</p>'
            f"</body></html>\n")


def _badge(status: str) -> str:
    shown = look(status)
    return f'<span class="badge" style="background:{shown.colour}">{escape(shown.icon)} {escape(shown.label)}</span>'


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula, whatever separator it splits on."""
    return safe_cell(text)


def _points(value: float) -> str:
    return f"{value:g}"


def file_name(learner: str, taken: set[str]) -> str:
    """A safe, unique file name for a learner's feedback page (letters of any script kept)."""
    return unique_safe_name(learner, taken, unsafe=r"[^\w.-]+", strip="._", fallback="learner", limit=80) + ".html"


def gradebook_csv(book: Gradebook) -> str:
    """One row per learner: points per exercise, total, possible, percent, then the statuses."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [exercise.name for exercise in book.exercises]
    writer.writerow([_cell(text) for text in
                     ["learner", *names, "total", "possible", "percent", *[f"{name} status" for name in names]]])
    possible = book.possible()
    for learner in book.learners:
        total = book.total(learner)
        row = [_cell(learner)]
        row += [_points(book.entry(learner, name).earned) for name in names]
        row += [_points(total), _points(possible), f"{(100 * total / possible) if possible else 0:.1f}"]
        row += [_cell(book.entry(learner, name).status) for name in names]
        writer.writerow(row)
    return "\ufeff" + out.getvalue()  # the byte-order mark makes spreadsheets read UTF-8 (Korean names)


def gradebook_json(book: Gradebook, extra: dict | None = None) -> str:
    data = {
        "version": __version__,
        "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "exercises": [{"name": e.name, "number": e.number, "title": e.title, "possible": e.possible,
                       "tasks": {str(k): v for k, v in e.task_titles.items()}} for e in book.exercises],
        "summary": book.counts(),
        "learners": [
            {"learner": learner, "total": book.total(learner), "possible": book.possible(),
             "notes": book.notes.get(learner, []),
             "exercises": {e.name: book.entry(learner, e.name).to_dict() for e in book.exercises}}
            for learner in book.learners],
        "ignored": book.ignored,
    }
    data.update(extra or {})
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # compact: the fast encoder


def feedback_page(book: Gradebook, learner: str) -> str:
    """A learner's page: per exercise the status, what passed, what failed in words, and the hint."""
    title = _("Feedback for {learner}").format(learner=learner)
    possible = book.possible()
    parts = [f"<h1>{escape(title)}</h1>",
             f"<p><b>{escape(_('Total'))}: {_points(book.total(learner))} / {_points(possible)}</b></p>"]
    for exercise in book.exercises:
        entry = book.entry(learner, exercise.name)
        parts.append(f"<h2>{escape(exercise.name)} · {escape(exercise.title)} {_badge(entry.status)}</h2>")
        parts.append(f"<p>{escape(_('Points'))}: {_points(entry.earned)} / {_points(exercise.possible)}"
                     + (f' · <span class="muted">{escape(entry.notebook)}</span>' if entry.notebook else "")
                     + "</p>")
        if entry.reason:
            parts.append(f"<p>{escape(entry.reason)}</p>")
        result = entry.result
        if result is None:
            continue
        if result.detail:
            parts.append(f"<pre>{escape(result.detail)}</pre>")
        if not result.tests:
            continue
        passed = [test for test in result.tests if test.passed]
        failed = [test for test in result.tests if not test.passed]
        if failed:
            parts.append(f"<h3>{escape(_('To work on'))}</h3><table><tr><th>{escape(_('Task'))}</th>"
                         f"<th>{escape(_('What is checked'))}</th><th>{escape(_('What happened'))}</th></tr>")
            for test in failed:
                what = test.description or test.name.replace("_", " ")
                if test.hidden:
                    what += " " + escape(_("(a grading test)"))
                where = (" " + _("(cell {cell}, line {line})").format(cell=test.location[0], line=test.location[1])
                         if test.location else "")
                message = (test.message or test.outcome.value) + where
                hint = f'<div class="hint">{escape(_("Hint"))}: {escape(test.hint)}</div>' if test.hint else ""
                task = result.task_titles.get(test.task, "") if test.task is not None else ""
                parts.append(f"<tr><td>{escape(str(test.task or ''))} {escape(task)}</td><td>{escape(what)}</td>"
                             f'<td><span class="bad">{escape(message)}</span>{hint}</td></tr>')
            parts.append("</table>")
        if passed:
            parts.append(f"<details><summary>{escape(_('Passed: {n} tests').format(n=len(passed)))}</summary><ul>")
            parts += [f'<li class="ok">{escape(test.description or test.name)}</li>' for test in passed]
            parts.append("</ul></details>")
    notes = book.notes.get(learner)
    if notes:
        parts.append(f"<h2>{escape(_('Notes'))}</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    return _page(title, "".join(parts))


def report_page(book: Gradebook) -> str:
    """The class report: statuses, pass rate per exercise and task, what to teach again, score spread."""
    title = _("Class report")
    counts = book.counts()
    looks = {status: look(status) for status in GRADE_STATUSES}
    learners = len(book.learners)
    scores = book.scores()
    median = sorted(scores)[len(scores) // 2] if scores else 0.0
    parts = [f"<h1>{escape(title)}</h1>",
             '<div class="cards">',
             f'<div class="card"><b>{learners}</b>{escape(_("learners"))}</div>',
             f'<div class="card"><b>{len(book.exercises)}</b>{escape(_("exercises"))}</div>',
             f'<div class="card"><b>{median:.0%}</b>{escape(_("median score"))}</div>',
             f'<div class="card"><b>{counts["passed"]}</b>{escape(_("exercises passed"))}</div>',
             "</div>",
             f"<h2>{escape(_('How every submission ended'))}</h2>",
             charts.status_strip(counts, {status: shown.colour for status, shown in looks.items()},
                                 {status: shown.label for status, shown in looks.items()}),
             "<p>" + " · ".join(f"{_badge(status)} {count}" for status, count in counts.items() if count) + "</p>",
             f"<h2>{escape(_('Pass rate per exercise'))}</h2>",
             charts.bars([(f"{e.name}", book.pass_rate(e.name)) for e in book.exercises],
                         _("Pass rate per exercise"))]
    parts.append(f"<h2>{escape(_('Pass rate per task'))}</h2>")
    task_rows = [(f"{e.number:02d}.{number} {task_title}", rate)
                 for e in book.exercises for number, task_title, rate in book.task_rates(e)]
    parts.append(charts.bars(task_rows, _("Pass rate per task")) if task_rows else "")
    failed = book.most_failed()
    parts.append(f"<h2>{escape(_('What to teach again: the tests failed most often'))}</h2>")
    if failed:
        parts.append(f"<table><tr><th>{escape(_('Exercise'))}</th><th>{escape(_('Task'))}</th>"
                     f"<th>{escape(_('What is checked'))}</th><th>{escape(_('Failed'))}</th></tr>")
        for row in failed:
            what = row["description"] or row["test"]
            parts.append(f"<tr><td>{escape(row['exercise'])}</td><td>{escape(str(row['task'] or ''))}</td>"
                         f"<td>{escape(what)}{' <span class=muted>(' + escape(_('grading test')) + ')</span>' if row['hidden'] else ''}</td>"
                         f"<td>{row['failed']} / {row['ran']} ({row['rate']:.0%})</td></tr>")
        parts.append("</table>")
    else:
        parts.append(f"<p>{escape(_('No test failed.'))}</p>")
    parts.append(f"<h2>{escape(_('Score distribution'))}</h2>")
    parts.append(charts.histogram(scores, _("Score distribution")))
    problems = [entry for entry in book.entries.values() if entry.status not in (Status.PASSED, Status.FAILED)]
    if problems:
        parts.append(f"<h2>{escape(_('Submissions to look at'))}</h2><table><tr><th>{escape(_('Learner'))}</th>"
                     f"<th>{escape(_('Exercise'))}</th><th>{escape(_('Status'))}</th><th>{escape(_('Reason'))}</th></tr>")
        for entry in sorted(problems, key=lambda e: (e.status, e.learner, e.exercise))[:500]:
            parts.append(f"<tr><td>{escape(entry.learner)}</td><td>{escape(entry.exercise)}</td>"
                         f"<td>{_badge(entry.status)}</td><td>{escape(entry.reason[:300])}</td></tr>")
        parts.append("</table>")
    if book.ignored:
        parts.append(f"<h2>{escape(_('Left out of the submissions folder'))}</h2><ul>"
                     + "".join(f"<li>{escape(item)}</li>" for item in book.ignored) + "</ul>")
    return _page(title, "".join(parts))


def write_all(book: Gradebook, out: Path, extra: dict | None = None) -> dict[str, Path]:
    """Write every output into ``out``; return what was written where."""
    out.mkdir(parents=True, exist_ok=True)
    written = {"csv": out / "gradebook.csv", "json": out / "gradebook.json", "report": out / "report.html",
               "feedback": out / "feedback"}
    write_text_atomic(written["csv"], gradebook_csv(book))
    write_text_atomic(written["json"], gradebook_json(book, extra))
    write_text_atomic(written["report"], report_page(book))
    taken: set[str] = {"index"}
    index = []
    for learner in book.learners:
        name = file_name(learner, taken)
        write_text_atomic(written["feedback"] / name, feedback_page(book, learner))
        index.append(f'<li><a href="{escape(name)}">{escape(learner)}</a></li>')
    write_text_atomic(written["feedback"] / "index.html",
                      _page(_("Feedback pages"), f"<h1>{escape(_('Feedback pages'))}</h1><ul>{''.join(index)}</ul>"))
    return written
