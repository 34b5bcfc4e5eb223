"""Facilitator command: ``workshop collect`` (every learner's notebooks from a JupyterHub)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from workshop.cli.common import error_guard, fail
from workshop.util.i18n import _

EXIT_PROBLEM = 1
#: Everything that could be collected was, but some users' servers were not running.
EXIT_INCOMPLETE = 3


@click.command("collect")
@click.option("--hub", "hub_url", required=True, help="The hub's address, e.g. https://hub.example.org/")
@click.option("--token", default=None,
              help="An API token with the scopes list:users, read:servers, access:servers "
                   "(default: $JUPYTERHUB_API_TOKEN; prefer it: a command line is visible to others).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("submissions"),
              show_default=True, help="One folder per user goes here; then: workshop grade OUT")
@click.option("--path", "root", default="workshop", show_default=True,
              help="The workspace folder in each user's home, as the start hook made it.")
@click.option("--refresh", is_flag=True, help="Fetch every user again (by default users already collected are kept).")
@click.option("--jobs", type=click.IntRange(1, 64), default=8, show_default=True, help="Users fetched at once.")
@click.option("--timeout", type=click.FloatRange(0.5, 600), default=30.0, show_default=True,
              help="Seconds to wait for an answer; a server slower than that is reported, not waited on.")
@click.option("--return-feedback", "grades", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Instead of collecting: put each learner's feedback page from this grade "
                                 "folder into their workspace (feedback.html).")
@click.option("--json", "as_json", is_flag=True, help="Print what happened as JSON.")
@error_guard
def collect_command(hub_url: str, token: str | None, out: Path, root: str, refresh: bool, jobs: int,
                    timeout: float, grades: Path | None, as_json: bool):
    """Collect every learner's notebooks from a JupyterHub into OUT, one folder per user.

    Users already collected are skipped, so an interrupted run resumes; users whose server is not
    running are listed (ask them to start it, then run collect again). Exit code: 0 all collected,
    1 the hub could not be used or a server failed, 3 some servers were not running.
    """
    from workshop.hub.api import Hub, HubError
    from workshop.hub.collect import collect, return_feedback

    token = token or os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not token:
        fail(_("No token: set JUPYTERHUB_API_TOKEN (or --token) to a token from the hub's token page "
               "(/hub/token) with the scopes list:users, read:servers, access:servers."))
    try:
        hub = Hub(hub_url, token, timeout=(min(5.0, timeout), timeout))
        if grades is not None:
            report = return_feedback(hub, out, grades, root)
        else:
            report = collect(hub, out, root, refresh=refresh, workers=jobs)
    except HubError as error:
        fail(str(error), EXIT_PROBLEM)
    except OSError as error:
        fail(_("Cannot write into {path}: {error}").format(path=out, error=error), EXIT_PROBLEM)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        if grades is not None:
            click.echo(_("Feedback pages delivered: {n} (as {file} in each workspace).").format(
                n=len(report.collected), file=f"{root.strip('/')}/feedback.html"))
        else:
            notebooks = sum(report.collected.values())
            click.echo(_("Collected {users} users ({notebooks} notebooks) into {out} in {seconds:.1f} s; "
                         "{already} were already there.").format(users=len(report.collected), notebooks=notebooks,
                                                                out=out, seconds=report.seconds,
                                                                already=len(report.already)))
            for user, notes in sorted(report.notes.items()):
                click.echo(f"  {user}: " + "; ".join(notes))
        if report.not_running:
            click.echo(_("Server not running ({n}): {users}. Ask them to start it (or start it from the hub's admin "
                         "page), then run this again.").format(n=len(report.not_running),
                                                               users=", ".join(report.not_running)), err=True)
        for user, why in sorted(report.failed.items()):
            click.echo(_("Not collected: {user}: {why}").format(user=user, why=why), err=True)
        if grades is None and not report.failed:
            click.echo(_("Next: workshop grade {out}").format(out=out))
    if report.failed:
        raise SystemExit(EXIT_PROBLEM)
    if report.not_running:
        raise SystemExit(EXIT_INCOMPLETE)
