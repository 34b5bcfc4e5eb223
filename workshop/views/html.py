"""The HTML view of a check result, shown by ``check()`` in JupyterLab. Everything is escaped."""

from __future__ import annotations

from html import escape

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
.ws-result .ws-fail{margin:.5em 0;padding:.3em .6em;background:rgba(138,109,0,.08);border-left:3px solid #8a6d00}
.ws-result pre{white-space:pre-wrap;margin:.2em 0;font-size:90%}
.ws-result .ws-hint{margin-top:.5em}
.ws-result .ws-dim{opacity:.7;font-size:90%}
</style>
"""


def _status_label(status) -> str:
    from workshop.views.terminal import status_label  # the one list of learner-facing status names

    return status_label(status)


def result_html(result: CheckResult, title: str, number: str) -> str:
    """A self-contained HTML fragment for one check result."""
    kind = "passed" if result.passed else ("failed" if result.status.value == "failed" else "error")
    colour = COLOURS[kind]
    tasks = result.tasks()
    done = sum(task.done for task in tasks if task.number is not None)
    counted = sum(1 for task in tasks if task.number is not None)
    symbol = "✔" if result.passed else "✘"
    head = _("{done} of {total} tasks done").format(done=done, total=counted) + " · " + _(
        "{earned} of {possible} points").format(earned=f"{result.earned:g}", possible=f"{result.possible:g}")
    parts = [STYLE, f'<div class="ws-result" style="--ws-c:{colour}">',
             f"<h3>{symbol} {escape(number)} · {escape(title)} — {escape(_status_label(result.status))}</h3>",
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
            where = f'<div class="ws-dim">{escape(_("in cell {cell}, line {line} of your notebook").format(cell=test.location[0], line=test.location[1]))}</div>'
        parts.append(f'<div class="ws-fail"><div>✘ <strong>{escape(test.description or test.name)}</strong></div>'
                     f"<pre>{escape(test.message)}</pre>{where}</div>")
    hint = next((test.hint for test in shown if test.hint), "")
    if hint:
        parts.append(f'<div class="ws-hint"><strong>{escape(_("Hint: "))}</strong>{escape(hint)}</div>')
    if result.passed:
        parts.append(f"<p>{escape(_('Well done!'))}</p>")
    parts.append(f'<div class="ws-dim">{escape(_("{seconds:.2f} s").format(seconds=result.duration))}</div></div>')
    return "".join(parts)
