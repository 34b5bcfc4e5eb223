"""``workshop lite``: build (and serve) the offline browser site of the session's exercises."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.cli.common import error_guard, fail, root_option, workspace_or_fail
from workshop.util.i18n import _


@click.command("lite")
@click.option("--session", "session_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The session file: its exercises go on the site. Default: session.toml in the workshop folder, if any.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site. Default: out/lite in the workshop folder.")
@click.option("--pyodide-tarball", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="The Pyodide npm package as a .tgz file, for a machine without npm.")
@click.option("--serve", is_flag=True, help="Serve the site after building it (Ctrl+C stops).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="With --serve: 127.0.0.1 for this computer only; 0.0.0.0 for the venue's network (HTTPS).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="With --serve: the port.")
@click.option("--board", "board_url", default=None, metavar="URL",
              help="With --serve: the room board (its address or join link); checks in the browser report to it "
                   "through this site.")
@root_option
@error_guard
def lite_command(session_file: Path | None, out_dir: Path | None, pyodide_tarball: Path | None,
                 serve: bool, host: str, port: int, board_url: str | None, root: Path | None):
    """Build an offline JupyterLite site: the exercises in any browser, with the same check().

    \b
    Nothing is fetched from the internet when the site is used: Python (Pyodide), pytest and the
    toolkit are in the folder. Copy it to any static web host, or serve it with --serve.
    """
    from workshop.board.session import room_ai
    from workshop.lite.pyodide import LiteBuildError
    from workshop.lite.site import build_site
    from workshop.services.ops.pack import PackError, session_exercises

    workspace = workspace_or_fail(root)
    board = None
    if board_url is not None:
        if not serve:
            fail(_("--board needs --serve: the site's own server passes the checks on to the board."))
        board = board_address(board_url)
        if board is None:
            fail(_("{url} is not a room board's address. It looks like http://ADDRESS:PORT (or the join link "
                   "http://ADDRESS:PORT/join/CODE).").format(url=board_url))
    if session_file is None and (workspace.root / "session.toml").is_file():
        session_file = workspace.root / "session.toml"
    try:
        exercises = session_exercises(workspace, session_file)
    except PackError as error:
        fail(str(error))
    out = out_dir or workspace.root / "out" / "lite"
    click.echo(_("Building the browser site for {n} exercises (the first build downloads Python for the "
                 "browser once)…").format(n=len(exercises)))
    try:
        report = build_site(workspace, out, exercises, pyodide_tarball=pyodide_tarball, room_ai=room_ai(session_file))
    except LiteBuildError as error:
        fail(str(error), 1)
    click.echo(_("Built {folder}: {size:.1f} MB, {wheels} Python packages, in {seconds:.0f} s.").format(
        folder=report.out, size=report.size_bytes / 1e6, wheels=report.wheels, seconds=report.seconds))
    for name, why in report.left_out.items():
        click.echo(_("{exercise}: on the site, but check() needs a full Python: {why}.").format(exercise=name, why=why))
    if report.room_url:
        click.echo(_("The tutor in the browser uses the room's AI server {url}, relayed by `workshop lite --serve` "
                     "(an HTTPS page cannot call an http:// server itself).").format(url=report.room_url))
    if serve:
        _serve(out, host, port, board)


def board_address(url: str) -> str | None:
    """The board's base address from its address or a join link; None when it is neither."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip() if "://" in url else "http://" + url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    path = parts.path.split("/join/", 1)[0].rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}"


def _serve(site: Path, host: str, port: int, board: str | None = None) -> None:
    from workshop.util.hosts import is_loopback_host
    from workshop.lite.serve import make_server

    certificate = None
    addresses: list[str] = []
    if not is_loopback_host(host):
        import socket

        from workshop.board.app import lan_addresses

        addresses = lan_addresses() if host in ("0.0.0.0", "::") else [host]
        names = sorted({*addresses, socket.gethostname(), "localhost", "127.0.0.1"} - {"0.0.0.0", "::", ""})
        try:
            from workshop.lite.certificate import room_certificate

            certificate = room_certificate(site.parent / "lite-certificate", names)
        except ImportError:
            fail(_("Serving on the venue's network needs HTTPS, made with the cryptography package: "
                   "python -m pip install \"workshop[lite]\""), 1)
    try:
        server = make_server(site, host, port, certificate, board=board)
    except OSError as error:
        fail(_("Could not listen on {host}:{port}: {error}. Try another --port.").format(host=host, port=port, error=error), 1)
    scheme = "https" if certificate else "http"
    bound = server.server_address[1]
    relayed = server.room_url
    if relayed:
        click.echo(_("Relaying the room's AI server {url} at /room-ai/ for the tutor in the browser.").format(url=relayed))
    shown = addresses[0] if addresses else ("127.0.0.1" if host in ("0.0.0.0", "::") else host)
    click.echo(_("Serving on {url} — Ctrl+C stops.").format(url=f"{scheme}://{shown}:{bound}/lab/index.html"))
    if board:
        click.echo(_("Checks in the browser report to the room board at {board}, through this site. Each "
                     "participant joins once, in a notebook cell:").format(board=board))
        click.echo('  from workshop import join; join("JOIN LINK", "NAME")')
    if certificate:
        _explain_certificate(certificate, f"https://{shown}:{bound}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo(_("Stopped."))
    finally:
        server.server_close()


def _explain_certificate(certificate, base: str) -> None:
    """How each participant trusts the room's certificate once (the kernel's file system needs it)."""
    from workshop.lite.certificate import CA_PATH, VALID_DAYS

    click.echo("")
    click.echo(_("Each browser must trust this room's certificate once, or the notebooks cannot find their "
                 "exercise (clicking through the warning is not enough). Participants download {url} (the "
                 "browser warns this once: \"Advanced\", then \"Proceed\") and install it:").format(url=base + CA_PATH))
    for line in (
        _("Windows: open the file, \"Install Certificate\", \"Current User\", \"Place all certificates in the "
          "following store\", \"Trusted Root Certification Authorities\", then restart the browser."),
        _("macOS: open the file (Keychain Access), double-click the \"workshop room CA\" entry, \"Trust\", "
          "\"Always Trust\", then restart the browser."),
        _("Android: Settings, Security, \"Encryption & credentials\", \"Install a certificate\", \"CA "
          "certificate\", choose the downloaded file."),
        _("iPhone and iPad: open the link in Safari and allow the profile; Settings, \"Profile Downloaded\", "
          "\"Install\"; then Settings, General, About, \"Certificate Trust Settings\", switch on \"workshop "
          "room CA\"."),
        _("ChromeOS: Settings, \"Privacy and security\", Security, \"Manage certificates\", Authorities, "
          "Import, choose the file, tick \"Trust this certificate for identifying websites\"."),
        _("Linux: Chrome or Chromium: Settings, \"Privacy and security\", Security, \"Manage certificates\", "
          "Authorities, Import; Firefox: Settings, \"Privacy & Security\", \"View Certificates\", Authorities, "
          "Import."),
    ):
        click.echo("  - " + line)
    click.echo(_("Remove it after the workshop (it is valid {days} days). For a kiosk, start Chromium with "
                 "--ignore-certificate-errors-spki-list={spki} instead.").format(days=VALID_DAYS, spki=certificate.spki))
