"""The HTML view of a check result, shown by ``check()`` in JupyterLab. Everything is escaped."""

from __future__ import annotations

from html import escape

from workshop.feedback import graded_note, location_text, next_step, other_failures, plain_message, status_word
from workshop.i18n import _
from workshop.runner.result import CheckResult, Outcome

COLOURS = {"passed": "#1f5fbf", "failed": "#8a6d00", "error": "#8b1e7a"}
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
    kind = "passed" if result.passed else ("failed" if result.status.value == "failed" else "error")
    colour = COLOURS[kind]
    tasks = result.tasks()
    done = sum(task.done for task in tasks if task.number is not None)
    counted = sum(1 for task in tasks if task.number is not None)
    symbol = "✔" if result.passed else "✘"
    head = _("{done} of {total} tasks done").format(done=done, total=counted) + " · " + _(
        "{earned} of {possible} points").format(earned=f"{result.earned:g}", possible=f"{result.possible:g}")
    parts = [STYLE, f'<div class="ws-result" style="--ws-c:{colour}">',
             f"<h3>{symbol} {escape(number)} · {escape(title)} — {escape(status_word(result.status))}</h3>",
             f"<div>{escape(head)}</div>"]
    if result.message:
        parts.append(f"<p><strong>{escape(result.message)}</strong></p>")
    if result.detail:
        parts.append(f"<pre>{escape(result.detail)}</pre>")
    if tasks:
        rows = "".join(
            f"<tr><td>{'✔' if task.done else '✘'}</td><td>{escape(_('Task {n}').format(n=task.number))} "
            f"{escape(task.title)}</td><td>{task.passed}/{task.total}</td></tr>"
            for task in tasks if task.number is not None)
        parts.append(f"<table>{rows}</table>")
    first = result.first_failing_task()
    failures = [test for test in result.tests if test.outcome is not Outcome.PASSED]
    if result.status.value != "failed":
        failures = []  # the message says what went wrong
    shown = [test for test in failures if test.task == first][:3] or failures[:3]
    for test in shown:
        where = ""
        if test.location:
            where = f'<div class="ws-dim">{escape(location_text(test.location, in_kernel=in_kernel))}</div>'
        parts.append(f'<div class="ws-fail"><div>✘ <strong>{escape(test.description or test.name)}</strong></div>'
                     f"<pre>{escape(plain_message(test))}</pre>{where}</div>")
    others = other_failures(len(shown), len(failures))
    if others:
        parts.append(f'<div class="ws-dim">{escape(others)}</div>')
    hint = next((test.hint for test in shown if test.hint), "")
    if hint:
        parts.append(f'<div class="ws-hint"><strong>{escape(_("Hint: "))}</strong>{escape(hint)}</div>')
    note = graded_note(result, hidden)
    if note:
        parts.append(f'<div class="ws-dim">{escape(note)}</div>')
    parts.append(f"<p>{escape(next_step(result, number, in_notebook=True, next_exercise=next_exercise))}</p>")
    parts.append(f'<div class="ws-dim">{result.duration:.2f} s</div></div>')
    return "".join(parts)


def hint_html(number: str, task: int, title: str, level: int, total: int, hint: str) -> str:
    """One hint in the notebook, with where it stands among the task's hints and, after the last, what next."""
    from workshop.feedback import after_last_hint

    footer = _("Hint {level} of {total}.").format(level=level, total=total) + " "
    footer += _("Run hint() again for a more detailed hint.") if level < total else after_last_hint(number, True)
    head = _("Task {n} · {title}").format(n=task, title=title)
    return (f'{STYLE}<div class="ws-result" style="--ws-c:{COLOURS["passed"]}"><h3>{escape(head)}</h3>'
            f'<div>{escape(hint)}</div><div class="ws-dim">{escape(footer)}</div></div>')
