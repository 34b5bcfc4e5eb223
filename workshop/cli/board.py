"""Room board commands: ``board`` (facilitator), ``join`` and ``help-me`` (participants)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from workshop.cli.common import error_guard, fail, root_option
from workshop.util.i18n import _

DEFAULT_PORT = 8765


def _workspace_or_none(root: Path | None):
    from workshop.core.exercise import ExerciseError
    from workshop.core.workspace import find_workspace

    try:
        return find_workspace(root)
    except ExerciseError:
        if root is not None:
            raise
        return None


def _default_store(workspace) -> Path:
    from workshop.board.store import DEFAULT_NAME
    from workshop.core.workspace import STATE_DIR

    base = workspace.state_dir if workspace is not None else Path.cwd() / STATE_DIR
    return base / DEFAULT_NAME


def _set_aside(store: Path) -> Path | None:
    """Move a store (and its WAL files) aside for ``--new``; return where it went."""
    if not store.exists():
        return None
    kept = store.with_name(f"{store.stem}-{time.strftime('%Y%m%d-%H%M%S')}{store.suffix}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{store}{suffix}")
        if source.exists():
            source.replace(Path(f"{kept}{suffix}"))
    return kept


@click.command("board")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 0.0.0.0 opens the board to the venue's network.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--session", "session_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A session file (session.toml) listing the session's exercises. Default: every exercise.")
@click.option("--store", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The board's SQLite file. Default: .workshop/board.sqlite3 in the workspace.")
@click.option("--new", "new_session", is_flag=True,
              help="Start a new session with new links; the old store is kept beside it.")
@click.option("--export", "export", is_flag=True,
              help="Do not serve: write the session's timeline (CSV) and summary (HTML), then stop.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for --export. Default: out/board in the workspace.")
@click.option("--joins-per-address", type=click.IntRange(1, 100_000), default=40, show_default=True,
              help="How many people may join from one network address (raise it when the room shares one).")
@root_option
@error_guard
def board_command(host: str, port: int, session_file: Path | None, store: Path | None, new_session: bool,
                  export: bool, out: Path | None, joins_per_address: int, root: Path | None):
    """Run the live room board: who is done, who is working, who needs help.

    Participants join with the link it prints (workshop join LINK --name NAME); the facilitator
    opens the private board link in a browser. Everything is kept in a SQLite file: stop and start
    the board again with the same command and nothing is lost.
    """
    workspace = _workspace_or_none(root)
    store_path = store or _default_store(workspace)
    if export:
        _export(store_path, out or ((workspace.root if workspace else Path.cwd()) / "out" / "board"))
        return

    from workshop.board.service import Board, Limits
    from workshop.board.session import load_session
    from workshop.board.store import Store, StoreError, StoreLock

    session = load_session(workspace, session_file)
    from workshop.board.session import room_ai

    session.ai = room_ai(session_file or (workspace.root / "session.toml" if workspace else None))
    try:
        lock = StoreLock(store_path)  # before --new moves anything: never under a running board
        kept = _set_aside(store_path) if new_session else None
        board = Board(Store(store_path, lock=lock), session, limits=Limits(joins_per_address=joins_per_address))
    except StoreError as error:
        fail(str(error))
    for warning in session.warnings:
        click.echo(warning, err=True)

    def ready(running) -> None:
        _print_links(running, store_path, kept)

    def status(board) -> None:
        state = board.state
        click.echo(_("{clock}  {n} joined · {hands} hands up · {checks} checks").format(
            clock=time.strftime("%H:%M"), n=len(state.participants), hands=len(state.help_queue()),
            checks=state.checks))

    from workshop.board.app import serve

    try:
        serve(board, host, port, ready, status)
    except OSError as error:
        board.close()
        fail(_("The board cannot listen on {host}:{port} ({error}). Is a board already running? Choose another "
               "port with --port.").format(host=host, port=port, error=error.strerror or error))
    except KeyboardInterrupt:
        board.close()
    click.echo(_("Board stopped. Everything is kept in {path}; the same command starts it again.").format(
        path=store_path))


def _print_links(running, store_path: Path, kept: Path | None) -> None:
    board = running.board
    state = board.state
    columns = " ".join(column.key for column in state.columns) or _("(from the checks that arrive)")
    title = state.session.title
    click.echo(click.style(_("Room board") + (f" · {title}" if title else ""), bold=True)
               + "  " + _("exercises: {columns}").format(columns=columns))
    click.echo(_("Kept in {path}").format(path=store_path))
    if kept is not None:
        click.echo(_("The previous session was kept as {path}").format(path=kept))
    if board.replayed:
        click.echo(_("Restarted where it was: {n} participants, {events} events.").format(
            n=len(state.participants), events=board.replayed))
    bases = running.base_urls()
    click.echo("")
    click.echo(_("Participants — show this to the room:"))
    for base in bases:
        click.echo(f"  workshop join {running.join_url(base)} --name \"…\"")
    click.echo(_("  Join code: {code}  (the board page shows it with a QR code for phones)").format(
        code=board.join_token))
    click.echo("")
    click.echo(_("Facilitator — keep this link private (it shows everyone's progress):"))
    for base in bases:
        click.echo(f"  {running.board_url(base)}")
    click.echo("")
    if running.host in ("127.0.0.1", "localhost", "::1"):
        click.echo(_("Only this computer can reach the board. For the room's network, start it with "
                     "--host 0.0.0.0."), err=True)
    click.echo(_("Ctrl+C stops the board."))


def _export(store_path: Path, out: Path) -> None:
    from workshop.board.export import export_session
    from workshop.board.store import StoreError

    if not store_path.is_file():
        fail(_("There is no board store at {path}. Give it with --store.").format(path=store_path))
    try:
        written = export_session(store_path, out)
    except StoreError as error:
        fail(str(error))
    for path in written:
        click.echo(_("Wrote {path}").format(path=path))


@click.command("join")
@click.argument("url", required=False)
@click.option("--name", default=None, help="Your name or a nickname, as the facilitator will see it.")
@click.option("--leave", is_flag=True, help="Stop reporting to the room board.")
@root_option
@error_guard
def join_command(url: str | None, name: str | None, leave: bool, root: Path | None):
    """Join the room board, so that your checks show the facilitator how you are doing.

    URL is the join link the facilitator shows. Each check then sends the exercise, the result,
    the points and the time — never your code or its output. Without URL: show the board you joined.
    """
    from workshop.board import client as board_client
    from workshop.cli.common import workspace_or_fail

    workspace = workspace_or_fail(root)
    if leave:
        if board_client.leave(workspace):
            click.echo(_("Left the room board: your checks are no longer reported."))
        else:
            click.echo(_("This workspace had not joined a room board."))
        return
    if not url:
        config = board_client.load_config(workspace)
        if config is None:
            fail(_("Give the join link the facilitator shows: workshop join LINK --name NAME"))
        click.echo(_("Joined {url} as {name} (#{n}).").format(url=config.url, name=config.name, n=config.participant))
        return
    if name is None:
        import sys

        if not sys.stdin.isatty():
            fail(_("Give your name or a nickname with --name, like: workshop join LINK --name \"Sam\""))
        name = click.prompt(_("Your name or a nickname"))
    from workshop.board.validation import Invalid, clean_name

    try:
        name = clean_name(name)
    except Invalid as error:
        fail(str(error))
    try:
        config = board_client.join(workspace, url, name)
    except board_client.BoardError as error:
        fail(str(error))
    where = f" · {config.title}" if config.title else ""
    click.echo(_("Joined the room board{where} as {name} (#{n}).").format(where=where, name=config.name,
                                                                        n=config.participant))
    click.echo(_("Each check now tells the facilitator the exercise, the result, the points and the time — never "
                 "your code or its output. Stuck? workshop help-me"))


@click.command("help-me")
@click.argument("message", nargs=-1)
@click.option("--done", is_flag=True, help="Lower your hand: you are not stuck any more.")
@root_option
@error_guard
def help_me_command(message: tuple[str, ...], done: bool, root: Path | None):
    """Raise your hand on the room board (MESSAGE: what you are stuck on, optional).

    A passing check lowers it, and so does: workshop help-me --done
    """
    from workshop.board import client as board_client
    from workshop.cli.common import workspace_or_fail

    workspace = workspace_or_fail(root)
    text = " ".join(message)
    if text and not done:
        from workshop.board.validation import Invalid, clean_message

        try:
            text = clean_message(text)
        except Invalid as error:
            fail(str(error))
    try:
        reply = board_client.help_me(workspace, text, done=done)
    except board_client.BoardError as error:
        fail(str(error))
    if done:
        click.echo(_("Your hand is down.") if reply.get("was_up") else _("Your hand was not up."))
        return
    click.echo(_("Your hand is up on the room board (number {n} in the queue). Someone will come; keep trying "
                 "meanwhile. A passing check lowers it, or: workshop help-me --done").format(
        n=reply.get("position", "?")))
