"""Rich renderings for the AI commands: the tutor's reply, why it could not answer, the settings."""

from __future__ import annotations

from rich.console import Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workshop.ai.config import AIConfig
from workshop.ai.errors import AIError
from workshop.ai.reply import FilteredReply
from workshop.util.i18n import _


def where_label(config: AIConfig) -> str:
    return _("on this computer") if config.is_local else _("on {host}, not this computer").format(host=config.host)


def render_reply(reply: FilteredReply, config: AIConfig, number: str, task: int, task_title: str) -> Panel:
    """The tutor's reply in a panel, with the cut note and the reminder to check."""
    parts: list = [Markdown(reply.text)]
    if reply.note:
        parts.append(Text(reply.note, style="yellow"))
    parts.append(Text(_("An AI can be wrong. Check every idea with `workshop check {n}`.").format(n=number),
                      style="dim"))
    title = _("AI tutor · Task {n} · {title}").format(n=task, title=task_title)
    subtitle = f"{config.model} · {where_label(config)}"
    return Panel(Group(*parts), title=title, title_align="left", subtitle=subtitle, subtitle_align="right",
                 border_style="magenta")


def render_unavailable(error: AIError, hint_follows: bool = True) -> Text:
    """Why the tutor could not answer; ``hint_follows`` when the static hint is shown next."""
    after = _("Here is the next hint from the exercise instead:") if hint_follows else \
        _("The hint above is from the exercise; run `workshop hint` again for the next one.")
    return Text.assemble((_("The AI tutor could not answer. "), "bold yellow"), (str(error), "yellow"), "\n",
                         (after, "dim"))


def render_notice(text: str) -> Text:
    return Text(text, style="bold red")


def render_config(config: AIConfig, files: list[str]) -> Group:
    table = Table(title=_("AI tutor settings"), title_justify="left", header_style="bold")
    table.add_column(_("setting"))
    table.add_column(_("value"))
    table.add_column(_("from"))
    for name, value, source in config.describe():
        table.add_row(name, value, source)
    lines: list = [table, Text(_("Config files read (when they exist): {files}").format(files=" · ".join(files)),
                               style="dim")]
    lines.append(Text(_("The server is {where}.").format(where=where_label(config)),
                      style="blue" if config.is_local else "bold red"))
    if not config.is_local and not config.allow_remote:
        lines.append(Text(_("It is not on this computer and allow_remote is off: the tutor will not send "
                            "anything there."), style="yellow"))
    for warning in config.warnings:
        lines.append(Text(warning, style="yellow"))
    return Group(*lines)
