"""The HTML view of a check result, shown by ``check()`` in JupyterLab. Everything is escaped."""

from __future__ import annotations

from html import escape

from workshop.ui.feedback import graded_note, hidden_label, location_text, next_step, other_failures, plain_message, record_title
from workshop.util.i18n import _
from workshop.engine.result import CheckResult, Status
from workshop.core.status import FAIL_ICON, PASS_ICON, look
from workshop.ui.views.summary import shown, task_label

STYLE = """
<style>
.ws-result{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans KR",sans-serif;border:2px solid var(--ws-c);
 border-radius:8px;padding:.6em 1em;max-width:52em;line-height:1.4}
.ws-result h3{margin:.1em 0 .4em;color:var(--ws-c)}
.ws-result table{border-collapse:collapse;margin:.3em 0}
.ws-result td{padding:.1em .6em .1em 0;vertical-align:top}
.ws-result table td,.ws-result table th{text-align:left}
.ws-result .ws-fail{margin:.5em 0;padding:.3em .6em;background:rgba(138,109,0,.08);border-left:3px solid #8a6d00}
.ws-result pre{white-space:pre-wrap;margin:.2em 0;font-size:90%}
.ws-result .ws-hint{margin-top:.5em}
.ws-result .ws-dim{opacity:.7;font-size:90%}
</style>
"""


def result_html(result: CheckResult, title: str, number: str, hidden: int = 0, next_exercise: str = "",
                in_kernel: bool = True) -> str:
    """A self-contained HTML fragment for one check result: the same words as the terminal's
    (status, failures in plain words, where, other failures, hint, next step)."""
    decided = shown(result)
    status = look(decided.status)
    colour = status.colour
    tasks = decided.tasks
    head = _("{done} of {total} tasks done").format(done=decided.done, total=decided.counted) + " · " + _(
        "{earned} of {possible} points").format(earned=f"{result.earned:g}", possible=f"{result.possible:g}")
    parts = [STYLE, f'<div class="ws-result" style="--ws-c:{colour}">',
             f"<h3>{status.icon} {escape(number)} · {escape(title)} — {escape(status.label)}</h3>",
             f"<div>{escape(head)}</div>"]
    if result.message:
        parts.append(f"<p><strong>{escape(result.message)}</strong></p>")
    if result.detail:
        parts.append(f"<pre>{escape(result.detail)}</pre>")
    if tasks:
        rows = "".join(
            f"<tr><td>{PASS_ICON if task.done else FAIL_ICON}</td><td>{escape(task_label(task.number, task.title, decided.stretch))}"
            f"</td><td>{task.passed}/{task.total}</td></tr>"
            for task in tasks if task.number is not None)
        parts.append(f"<table>{rows}</table>")
    for test in decided.failures:
        where = ""
        if test.location:
            where = f'<div class="ws-dim">{escape(location_text(test.location, in_kernel=in_kernel))}</div>'
        label = f' <span class="ws-dim">{escape(hidden_label(test))}</span>' if test.hidden else ""
        parts.append(f'<div class="ws-fail"><div>{FAIL_ICON} <strong>{escape(record_title(test))}</strong>{label}</div>'
                     f"<pre>{escape(plain_message(test))}</pre>{where}</div>")
    others = other_failures(len(decided.failures), len(decided.failures) + decided.more)
    if others:
        parts.append(f'<div class="ws-dim">{escape(others)}</div>')
    hint = decided.hint
    if hint:
        parts.append(f'<div class="ws-hint"><strong>{escape(_("Hint: "))}</strong>{escape(hint)}</div>')
    note = graded_note(result, hidden)
    if note:
        parts.append(f'<div class="ws-dim">{escape(note)}</div>')
    parts.append(f"<p>{escape(next_step(result, number, in_notebook=True, next_exercise=next_exercise))}</p>")
    parts.append(f'<div class="ws-dim">{escape(_("{seconds:.2f} s").format(seconds=result.duration))}</div></div>')
    return "".join(parts)


def hint_html(number: str, task: int, title: str, level: int, total: int, hint: str) -> str:
    """One hint in the notebook, with where it stands among the task's hints and, after the last, what next."""
    from workshop.ui.feedback import after_last_hint

    footer = _("Hint {level} of {total}.").format(level=level, total=total) + " "
    footer += _("Run hint() again for a more detailed hint.") if level < total else after_last_hint(number, True)
    head = _("Task {n} · {title}").format(n=task, title=title)
    return (f'{STYLE}<div class="ws-result" style="--ws-c:{look(Status.PASSED).colour}"><h3>{escape(head)}</h3>'
            f'<div>{escape(hint)}</div><div class="ws-dim">{escape(footer)}</div></div>')


def progress_html(rows: list[dict], hints: int, where: str) -> str:
    """The learner's progress in the notebook (``my_progress()``): the same table as ``workshop progress``."""
    from workshop.core.status import Standing

    passed = sum(row["status"] in (Standing.PASSED, Standing.PASSED_BEFORE) for row in rows)
    body = "".join(
        f"<tr><td>{escape(row['number'])}</td><td>{escape(row['title'])}</td>"
        f"<td>{look(row['status']).icon} {escape(look(row['status']).label)}</td><td>{escape(row['points'])}</td></tr>"
        for row in rows)
    head = "".join(f"<th>{escape(name)}</th>" for name in ("#", _("Exercise"), _("Status"), _("Points")))
    summary = _("{passed} of {total} exercises passed.").format(passed=passed, total=len(rows))
    footer = _("Hints used: {n}. Progress is kept in {path}.").format(n=hints, path=where)
    return (f'{STYLE}<div class="ws-result" style="--ws-c:{look(Status.PASSED).colour}"><h3>{escape(_("Exercises"))}</h3>'
            f"<table><tr>{head}</tr>{body}</table><div><strong>{escape(summary)}</strong></div>"
            f'<div class="ws-dim">{escape(footer)}</div></div>')
