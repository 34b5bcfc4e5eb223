"""Rich renderings for the terminal: a check result, the exercise list, progress, a hint."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workshop.i18n import _
from workshop.runner.result import CheckResult, Outcome, Status

PASS, FAIL = "✔", "✘"
STATUS_STYLE = {
    Status.PASSED: "bold blue",
    Status.FAILED: "bold yellow",
    Status.ERROR: "bold magenta",
    Status.TIMEOUT: "bold magenta",
    Status.RESOURCE_LIMIT: "bold magenta",
    Status.INVALID_NOTEBOOK: "bold magenta",
}


def status_label(status: Status) -> str:
    """A learner-facing name for a status."""
    return {
        Status.PASSED: _("passed"),
        Status.FAILED: _("not yet"),
        Status.ERROR: _("error"),
        Status.TIMEOUT: _("timed out"),
        Status.RESOURCE_LIMIT: _("over a limit"),
        Status.INVALID_NOTEBOOK: _("notebook unreadable"),
    }[status]


def _points(value: float) -> str:
    return f"{value:g}"


def render_result(result: CheckResult, title: str, number: str, max_failures: int = 3) -> Group:
    """The renderable for one check: a summary panel, per-task lines, failures with hints."""
    tasks = result.tasks()
    done = sum(task.done for task in tasks if task.number is not None)
    counted = sum(1 for task in tasks if task.number is not None)
    symbol = PASS if result.passed else FAIL
    style = STATUS_STYLE[result.status]
    summary = Text.assemble(
        (f"{symbol} {status_label(result.status)}", style),
        "  ·  ",
        _("{done} of {total} tasks done").format(done=done, total=counted),
        "  ·  ",
        _("{earned} of {possible} points").format(earned=_points(result.earned), possible=_points(result.possible)),
        "  ·  ",
        _("{seconds:.2f} s").format(seconds=result.duration),
    )
    parts: list = [Panel(summary, title=f"[bold]{escape(number)} · {escape(title)}[/]", title_align="left",
                         border_style=style.split()[-1])]
    if result.message:
        parts.append(Text(result.message, style=style))
    if result.detail:
        parts.append(Panel(Text(result.detail), border_style="dim", title=_("what Python said"),
                           title_align="left"))

    if result.tests:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right")
        table.add_column()
        table.add_column(justify="right")
        for task in tasks:
            mark = Text(PASS, style="blue") if task.done else Text(FAIL, style="yellow")
            label = (_("Task {n}").format(n=task.number) + f"  {task.title}") if task.number is not None else _("Other tests")
            table.add_row(mark, label, f"{task.passed}/{task.total}")
        parts.append(table)

    failures = [test for test in result.tests if test.outcome is not Outcome.PASSED]
    if result.status is not Status.FAILED:
        failures = []  # the message above says what went wrong; per-test lines would only repeat it
    first_task = result.first_failing_task()
    shown = [test for test in failures if test.task == first_task][:max_failures] or failures[:max_failures]
    for test in shown:
        lines = Text()
        lines.append(f"{FAIL} ", style="yellow")
        lines.append(test.description or test.name, style="bold")
        if test.hidden:
            lines.append("  " + _("(hidden test)"), style="dim")
        if test.message:
            lines.append("\n  " + test.message.replace("\n", "\n  "), style="default")
        if test.location:
            lines.append("\n  " + _("in cell {cell}, line {line} of your notebook").format(
                cell=test.location[0], line=test.location[1]), style="dim")
        parts.append(lines)
    if len(failures) > len(shown):
        parts.append(Text(_("… and {n} more not passing.").format(n=len(failures) - len(shown)), style="dim"))
    hint = next((test.hint for test in shown if test.hint), "")
    if not hint and result.status is Status.ERROR:
        hint = next((test.hint for test in result.tests if test.hint), "")
    if hint:
        parts.append(Text.assemble((_("Hint: "), "bold cyan"), hint))
    if not result.passed:
        parts.append(Text(_("Next: run `workshop hint {n}` for another hint, or `workshop prompt {n}` for a "
                            "ready AI prompt.").format(n=number), style="dim"))
    else:
        parts.append(Text(_("Well done! `workshop list` shows what comes next."), style="blue"))
    return Group(*parts)


def render_list(rows: list[dict]) -> Table:
    """The exercises in order with status and points. Rows: number, title, minutes, status, points."""
    table = Table(title=_("Exercises"), title_justify="left", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(_("Exercise"))
    table.add_column(_("Minutes"), justify="right")
    table.add_column(_("Status"))
    table.add_column(_("Points"), justify="right")
    for row in rows:
        status = row["status"]
        style = {"passed": "blue", "working": "yellow", "passed before": "blue"}.get(status, "dim")
        mark = {"passed": PASS + " ", "passed before": PASS + " "}.get(status, "")
        table.add_row(row["number"], row["title"], str(row["minutes"]), Text(mark + _(status), style=style),
                      row["points"])
    return table


def render_hint(number: str, task: int, title: str, level: int, total: int, hint: str) -> Panel:
    """One hint, with where it stands among the task's hints."""
    body = Text(hint)
    footer = _("Hint {level} of {total}.").format(level=level, total=total)
    if level < total:
        footer += " " + _("Run the command again for a more detailed hint.")
    else:
        footer += " " + _("That was the last hint: `workshop tutor {n}` asks the AI tutor, and `workshop prompt {n}` "
                          "gives a ready prompt for any AI assistant.").format(n=number)
    return Panel(Group(body, Text(footer, style="dim")), title=_("Task {n} · {title}").format(n=task, title=title),
                 title_align="left", border_style="cyan")


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)
