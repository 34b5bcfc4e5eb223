"""AI pairing commands: ``prompt`` (a ready prompt for any assistant) and ``tutor`` (a hint from a model).

A thin layer over :mod:`workshop.ai`. The tutor never ends in a traceback: when it cannot answer
the learner gets the reason and the exercise's own next hint (exit code 3).
"""

from __future__ import annotations

from pathlib import Path

import click

from workshop.cli.common import error_guard, fail, root_option, workspace_or_fail
from workshop.util.i18n import _

#: The tutor could not answer; the static hint was shown instead.
EXIT_AI_UNAVAILABLE = 3


def _notebook_or_fail(path: Path) -> None:
    if not path.exists():
        fail(_("There is no notebook at {path}. Open the exercise in JupyterLab first, or give the path "
               "with --notebook.").format(path=path))


@click.command("prompt")
@click.argument("exercise", required=False)
@click.option("--task", type=int, default=None, help="Only this task (default: all tasks of the exercise).")
@click.option("--copy", "to_clipboard", is_flag=True, help="Put the prompt on the clipboard instead of printing it.")
@click.option("--notebook", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Take the functions from this notebook instead of the exercise's own.")
@root_option
@error_guard
def prompt_command(exercise: str | None, task: int | None, to_clipboard: bool, notebook: Path | None,
                   root: Path | None):
    """Print a ready prompt for any AI assistant: the task, your functions' signatures, the tests, the rules.

    It never contains hidden tests or solutions. Paste it into the assistant you use, and never add
    real names, testimonies or other personal data to it.
    """
    from workshop.ai.errors import AIError
    from workshop.ai.prompt import build_prompt
    from workshop.services.learner import resolve

    workspace = workspace_or_fail(root)
    found, path = resolve(workspace, exercise)
    path = notebook or path
    _notebook_or_fail(path)
    try:
        text = build_prompt(found, path, task, workspace.solutions_dir)
    except AIError as error:
        fail(str(error))
    if not to_clipboard:
        click.echo(text, nl=False)
        return
    from workshop.ai.clipboard import copy_text

    outcome = copy_text(text)
    if outcome.copied:
        click.echo(_("The prompt for {name} is on your clipboard ({n} characters, copied with {tool}). Paste it into "
                     "your AI assistant.").format(name=found.name, n=len(text), tool=outcome.tool), err=True)
        return
    from workshop.util.atomic import write_text_atomic

    suffix = f"-task{task}" if task is not None else ""
    target = workspace.state_dir / f"prompt-{found.name}{suffix}.md"
    try:
        write_text_atomic(target, text)
        saved = _("It is printed below and saved in {path}.").format(path=target)
    except OSError:
        saved = _("It is printed below.")
    click.echo(_("Could not copy to the clipboard: {reason}.").format(reason=outcome.reason) + " " + saved, err=True)
    click.echo(text, nl=False)


def _console():
    from workshop.ui.views.terminal import make_console

    return make_console()


def _render_static_hint(exercise, hint):
    from workshop.ui.views.terminal import render_hint

    return render_hint(f"{exercise.number:02d}", hint.task, exercise.task(hint.task).title, hint.level,
                       hint.total, hint.text)


def run_tutor(workspace, exercise, notebook: Path, task: int | None = None, question: str = "",
              hint_shown: bool = False) -> int:
    """Ask the tutor and show the reply; on any failure, the reason and the static hint. Returns the exit code.

    ``hint_shown``: a static hint was shown just before (``workshop hint --ai``), so no other is
    added. Otherwise, when the learner has seen no hint for the task yet, the first one comes first.
    """
    from workshop.ai.flow import run_tutor_flow
    from workshop.ai.tutor import prepare
    from workshop.ai.view import render_notice, render_reply, render_unavailable, where_label
    from workshop.services.learner import next_hint

    console = _console()
    state = workspace.state_dir
    outcome = run_tutor_flow(
        exercise, notebook, state, workspace.solutions_dir,
        gather=lambda config: prepare(exercise, notebook, state, task, question),
        static_hint=lambda number: next_hint(workspace, exercise, notebook, number),
        task=task, hint_shown=hint_shown,
        on_config=lambda config: [console.print(warning, style="yellow") for warning in config.warnings],
        on_hint=lambda hint: console.print(_render_static_hint(exercise, hint)),
        asking=lambda config: console.status(_("Asking the tutor ({model}, {where})…").format(
            model=config.model, where=where_label(config))),
        announce=lambda text: console.print(render_notice(text)),
        ask_call=lambda config, given, state: _ask_live(console, config, given, state))
    if outcome.passed:
        console.print(_("Every test passes: there is nothing for the tutor to fix. Well done! Ask a question "
                        "with --question if you want to understand something better."), style="blue")
        return 0
    if outcome.error is not None:
        console.print(render_unavailable(outcome.error, hint_follows=outcome.hint_instead))
        if outcome.hint_instead:
            console.print(_render_static_hint(exercise, outcome.hint))
        return EXIT_AI_UNAVAILABLE
    task_title = exercise.task(outcome.task).title if exercise.task(outcome.task) else ""
    console.print(render_reply(outcome.reply, outcome.config, f"{exercise.number:02d}", outcome.task, task_title))
    return 0


def _ask_live(console, config, given, state):
    """Ask, showing the reply as it streams in (its prose; code waits for the filter) and the learner's
    place in a room server's queue. Ctrl-C closes the request, so the server stops too."""
    from rich.live import Live
    from rich.text import Text

    from workshop.ai.tutor import ask, stream_preview
    from workshop.ai.view import where_label

    waiting = _("Asking the tutor ({model}, {where})…").format(model=config.model, where=where_label(config))
    if not console.is_terminal:
        def on_queue(place: int) -> None:
            console.print(_("You are number {n} in the room's queue for the AI.").format(n=place), style="dim")

        return ask(config, given, state, announce=lambda text: console.print(render_notice(text)), on_queue=on_queue)
    pieces: list[str] = []
    with Live(Text(waiting, style="dim"), console=console, transient=True, refresh_per_second=8) as live:
        def on_text(piece: str) -> None:
            pieces.append(piece)
            live.update(Text(stream_preview("".join(pieces)) + " ▌"))

        def on_queue(place: int) -> None:
            live.update(Text(_("You are number {n} in the room's queue for the AI; it answers one question at a "
                               "time.").format(n=place), style="dim"))

        return ask(config, given, state, announce=lambda text: console.print(render_notice(text)),
                   on_text=on_text, on_queue=on_queue)


def render_notice(text: str):
    from workshop.ai.view import render_notice as render

    return render(text)


@click.command("tutor")
@click.argument("exercise", required=False)
@click.option("--task", type=int, default=None, help="The task to ask about (default: the first one not passing).")
@click.option("--question", "-q", default="", help="Your own question, in any language (it is sent too).")
@click.option("--notebook", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this notebook instead of the exercise's own.")
@click.option("--show-config", is_flag=True, help="Show the AI settings in effect and where each comes from.")
@root_option
@error_guard
def tutor_command(exercise: str | None, task: int | None, question: str, notebook: Path | None, show_config: bool,
                  root: Path | None):
    """Ask an AI tutor for a hint about your failing tests: questions and pointers, never the answer.

    It sends the task, your code for it and the failing tests' output to the AI server set up for
    the workshop (by default Ollama on this computer). Hidden tests and solutions are never sent.
    If the server cannot answer, you get the exercise's next hint instead.
    """
    workspace = workspace_or_fail(root)
    if show_config:
        _show_config(workspace)
        return
    from workshop.services.learner import resolve

    found, path = resolve(workspace, exercise)
    path = notebook or path
    _notebook_or_fail(path)
    raise SystemExit(run_tutor(workspace, found, path, task, question))


def _show_config(workspace) -> None:
    from workshop.ai.config import load_config, user_config_path, workspace_config_path
    from workshop.ai.errors import ConfigError
    from workshop.ai.view import render_config

    try:
        config = load_config(workspace.state_dir)
    except ConfigError as error:
        fail(str(error))
    files = [str(user_config_path()), str(workspace_config_path(workspace.state_dir))]
    _console().print(render_config(config, files))


def tutor_after_hint(workspace, exercise, notebook: Path, task: int) -> int:
    """``workshop hint --ai``: the static hint has been shown; now the tutor, on the same task."""
    return run_tutor(workspace, exercise, notebook, task, hint_shown=True)


@click.command("ai-room")
@click.option("--upstream", required=True, help="The model server on this laptop, e.g. http://127.0.0.1:8080/v1 "
                                                "(llama.cpp) or http://127.0.0.1:11434/v1 (Ollama).")
@click.option("--host", default="0.0.0.0", show_default=True, help="Where participants reach it (the venue network).")
@click.option("--port", type=int, default=8081, show_default=True)
@click.option("--slots", type=int, default=1, show_default=True, help="Questions passed to the model at once.")
@click.option("--max-wait", type=float, default=600, show_default=True, help="Longest wait in the queue, seconds.")
@error_guard
def ai_room_command(upstream: str, host: str, port: int, slots: int, max_wait: float):
    """Serve one local model to the whole room: questions queued fairly, one participant at a time in turn.

    Put the address it prints in session.toml ([ai] room_url), so participants' tutors use it as the
    room's own server. Questions pass through in memory only; nothing is logged.
    """
    from workshop.ai.config import check_base_url
    from workshop.ai.errors import ConfigError
    from workshop.ai.room import RoomServer

    try:
        check_base_url(upstream)
    except ConfigError as error:
        fail(str(error))
    if slots < 1:
        fail(_("--slots must be 1 or more."))
    try:
        server = RoomServer(upstream, host, port, slots, max_wait=max_wait)
    except OSError as error:
        fail(_("Cannot listen on {host}:{port}: {error}").format(host=host, port=port, error=error))
    shown = host if host not in ("0.0.0.0", "::") else _("<this laptop's address on the venue network>")
    click.echo(_("The room's AI server is ready. In session.toml:"))
    click.echo(f'  [ai]\n  room_url = "http://{shown}:{server.port}/v1"')
    click.echo(_("Queue: http://{host}:{port}/queue · Ctrl-C stops it.").format(host=shown, port=server.port))
    try:
        server.httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
