"""Rich renderings for the terminal: a check result, the exercise list, progress, a hint."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workshop.ui.feedback import after_last_hint, graded_note, location_text, next_step, other_failures, plain_message
from workshop.util.i18n import _
from workshop.engine.result import CheckResult, Status
from workshop.core.status import FAIL_ICON, PASS_ICON, look
from workshop.ui.views.summary import MAX_FAILURES, shown

PASS, FAIL = PASS_ICON, FAIL_ICON


def status_label(status: Status) -> str:
    """A learner-facing name for a status (see :mod:`workshop.core.status`)."""
    return look(status).label


def _points(value: float) -> str:
    return f"{value:g}"


def render_result(result: CheckResult, title: str, number: str, max_failures: int = MAX_FAILURES, hidden: int = 0,
                  verbose: bool = False) -> Group:
    """The renderable for one check: a summary panel, per-task lines, failures in plain words with
    where they happened, a hint, and the next step. ``hidden``: how many more tests grading runs;
    ``verbose``: show pytest's own words under each failure too."""
    decided = shown(result, max_failures)
    tasks = decided.tasks
    status = look(result.status)
    style = status.style
    summary = Text.assemble(
        (f"{status.icon} {status.label}", style),
        "  ·  ",
        _("{done} of {total} tasks done").format(done=decided.done, total=decided.counted),
        "  ·  ",
        _("{earned} of {possible} points").format(earned=_points(result.earned), possible=_points(result.possible)),
        "  ·  ",
        _("{seconds:.2f} s").format(seconds=result.duration),
    )
    parts: list = [Panel(summary, title=f"[bold]{escape(number)} · {escape(title)}[/]", title_align="left",
                         border_style=status.terminal)]
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
            mark = Text(PASS, style=look(Status.PASSED).terminal) if task.done else Text(FAIL, style=look(Status.FAILED).terminal)
            label = (_("Task {n}").format(n=task.number) + f"  {task.title}") if task.number is not None else _("Other tests")
            table.add_row(mark, label, f"{task.passed}/{task.total}")
        parts.append(table)

    for test in decided.failures:
        lines = Text()
        lines.append(f"{FAIL} ", style=look(Status.FAILED).terminal)
        lines.append(test.description or test.name, style="bold")
        if test.hidden:
            lines.append("  " + _("(hidden test)"), style="dim")
        if test.message:
            lines.append("\n  " + plain_message(test).replace("\n", "\n  "), style="default")
        if test.location:
            lines.append("\n  " + location_text(test.location), style="dim")
        if verbose and test.message:
            lines.append("\n  " + _("pytest said:") + " " + test.message.replace("\n", "\n    "), style="dim")
        parts.append(lines)
    if decided.more:
        parts.append(Text(other_failures(len(decided.failures), len(decided.failures) + decided.more), style="dim"))
    hint = decided.hint
    if hint:
        parts.append(Text.assemble((_("Hint: "), "bold cyan"), hint))
    if not result.passed:
        parts.append(Text(next_step(result, number, in_notebook=False), style="dim"))
    else:
        note = graded_note(result, hidden)
        if note:
            parts.append(Text(note, style="dim"))
        parts.append(Text(next_step(result, number, in_notebook=False), style=look(Status.PASSED).terminal))
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
        shown = look(status)
        table.add_row(row["number"], row["title"], str(row["minutes"]),
                      Text(f"{shown.icon} {shown.label}", style=shown.terminal), row["points"])
    return table


def render_hint(number: str, task: int, title: str, level: int, total: int, hint: str) -> Panel:
    """One hint, with where it stands among the task's hints."""
    body = Text(hint)
    footer = _("Hint {level} of {total}.").format(level=level, total=total)
    if level < total:
        footer += " " + _("Run the command again for a more detailed hint.")
    else:
        footer += " " + after_last_hint(number)
    return Panel(Group(body, Text(footer, style="dim")), title=_("Task {n} · {title}").format(n=task, title=title),
                 title_align="left", border_style="cyan")


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)
