"""The ``workshop`` command line: a thin layer over the library.

Commands are loaded lazily from :data:`COMMANDS`, so ``workshop --help`` imports no command
module (and nothing heavy). To add a command, write it in a module under ``workshop.cli`` and
add one line here.
"""

from __future__ import annotations

import importlib

import click

from workshop import __version__
from workshop.util.i18n import _, ngettext, set_language

#: name → (module, attribute, one-line help). The help is here so --help needs no import.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("workshop.cli.learner", "list_command", "List the exercises with your status and points."),
    "check": ("workshop.cli.learner", "check_command", "Check your notebook against the exercise's tests."),
    "hint": ("workshop.cli.learner", "hint_command", "Show the next hint for the task you are stuck on."),
    "walkthrough": ("workshop.cli.learner", "walkthrough_command",
                    "After a real attempt: the solution walkthrough, task by task (self-learners)."),
    "progress": ("workshop.cli.learner", "progress_command", "Show your progress through the exercises."),
    "prompt": ("workshop.cli.ai", "prompt_command", "Print a ready prompt for an AI assistant (--copy: to the clipboard)."),
    "tutor": ("workshop.cli.ai", "tutor_command", "Ask the AI tutor for a hint about your failing tests (not the answer)."),
    "ai-room": ("workshop.cli.ai", "ai_room_command", "Serve the room's AI model to every participant, fairly queued."),
    "build": ("workshop.cli.author", "build_command", "Generate learner exercises from solutions (authors)."),
    "validate": ("workshop.cli.author", "validate_command", "Prove every exercise is sound (authors, CI)."),
    "grade": ("workshop.cli.grade", "grade_command", "Grade a class: gradebook, feedback pages, class report (facilitators)."),
    "slides": ("workshop.cli.slides", "slides_command", "Build the session's slides: offline HTML decks, PDF handouts."),
    "new": ("workshop.cli.ops", "new_command", "Scaffold a new exercise that passes validate (authors)."),
    "doctor": ("workshop.cli.ops", "doctor_command", "Check that this laptop is ready for the session."),
    "pack": ("workshop.cli.ops", "pack_command", "Make the offline participant zip for USB sticks."),
    "init": ("workshop.cli.ops", "init_command", "Copy the exercises into your own workshop folder."),
    "lab": ("workshop.cli.ops", "lab_command", "Start JupyterLab in your workshop folder, at an exercise."),
    "lite": ("workshop.cli.lite", "lite_command", "Build the offline browser site (JupyterLite) of the exercises."),
    "board": ("workshop.cli.board", "board_command", "Run the live room board for a session (facilitators)."),
    "join": ("workshop.cli.board", "join_command", "Join the room board so the facilitator sees your progress."),
    "help-me": ("workshop.cli.board", "help_me_command", "Raise your hand on the room board (--done lowers it)."),
    "collect": ("workshop.cli.hub", "collect_command", "Collect every learner's notebooks from a JupyterHub (facilitators)."),
}


def _choose_language(ctx, param, value):
    """``--lang`` (on the group or any command): decide the language before anything is shown."""
    if value:
        set_language(value)
        _translate_click()
    return value


def _lang_option() -> click.Option:
    return click.Option(["--lang"], type=click.Choice(["ko", "en"], case_sensitive=False), default=None,
                        is_eager=True, expose_value=False, callback=_choose_language,
                        help="Language of everything shown: ko (한국어) or en. Default: WORKSHOP_LANG, "
                             "the workspace, session.toml, the system.")


def _translate_click() -> None:
    """Click's own words (Usage:, Options:, Show this message and exit.) through our catalog (see click_words)."""
    import sys

    from workshop.cli.click_words import MODULES

    for name in MODULES:
        module = sys.modules.get(name)  # click imports them all but the lazy ones, which are patched if loaded
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


def _help(text: str) -> str:
    """A help text (a docstring as click keeps it) in the chosen language."""
    import inspect

    cleaned = inspect.cleandoc(text).split("\f", 1)[0]
    translated = _(cleaned)
    return translated if translated != cleaned else text


def _translate_command(command: click.Command) -> click.Command:
    """The command's help texts in the chosen language, and ``--lang`` on it (done once per command)."""
    if getattr(command, "_workshop_translated", False):
        return command
    if not any(param.name == "lang" for param in command.params):
        command.params.append(_lang_option())
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            param.help = _(param.help)
    if command.help:
        command.help = _help(command.help)
    if command.short_help:
        command.short_help = _help(command.short_help)
    command._workshop_translated = True
    return command


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when run; help texts go through the catalog."""

    def make_context(self, info_name, args, parent=None, **extra):
        _translate_click()
        return super().make_context(info_name, args, parent=parent, **extra)

    def format_help(self, ctx, formatter):
        self.help = _help(self.help) if self.help else self.help
        for param in self.params:
            if isinstance(param, click.Option) and param.help:
                param.help = _(param.help)
        super().format_help(ctx, formatter)

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attribute, _help = COMMANDS[name]
        return _translate_command(getattr(importlib.import_module(module), attribute))

    def format_commands(self, ctx, formatter):
        rows = [(name, _(help_text)) for name, (_m, _a, help_text) in COMMANDS.items()]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workshop")
@click.option("--lang", type=click.Choice(["ko", "en"], case_sensitive=False), default=None, is_eager=True,
              expose_value=False, callback=_choose_language,
              help="Language of everything shown: ko (한국어) or en. Default: WORKSHOP_LANG, "
                   "the workspace, session.toml, the system.")
def cli():
    """Graded notebook exercises and session tools for advocacy coding workshops.

    \b
    Participants:  workshop list · workshop check 01 · workshop hint 01
    Authors:       workshop build · workshop validate
    """


def main() -> None:
    """Run the command line (the console script starts at :func:`workshop.entry.main`)."""
    cli(prog_name="workshop")
