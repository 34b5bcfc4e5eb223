"""The user server's start hook on a JupyterHub: make the learner's workspace once, then start the server.

The hub runs ``python -m workshop.hub.start jupyterhub-singleuser [its arguments]`` as the user's
command (``c.Spawner.cmd`` on The Littlest JupyterHub, ``singleuser.cmd`` on Zero to JupyterHub).
On the first start it runs ``workshop init`` into ``~/workshop`` (``WORKSHOP_DIR``) with the session's
exercises (``WORKSHOP_EXERCISES``, e.g. ``1,2,6``) from the toolkit's copy (``WORKSHOP_SOURCE``) and
leaves a mark; on every later start it changes nothing, so a learner's work is never overwritten.
``WORKSHOP_LANG`` and ``WORKSHOP_BOARD_URL`` come from the hub's configuration and reach the server's
environment unchanged. Whatever happens here, the server still starts: a learner with no exercises
can still be helped; a learner with no server cannot.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from workshop.util.atomic import write_text_atomic

MARK = ".workshop/hub-init.json"
DEFAULT_DIR = "workshop"


def workspace_dir(environ: dict | None = None) -> Path:
    """The learner's workspace: ``WORKSHOP_DIR`` (relative to the home folder), default ``~/workshop``."""
    environ = os.environ if environ is None else environ
    home = Path(environ.get("HOME") or Path.home())
    return home / environ.get("WORKSHOP_DIR", DEFAULT_DIR)


def first_start(environ: dict | None = None) -> tuple[Path, str]:
    """Make the workspace if it was never made; return (folder, what happened: "made", "kept" or an error)."""
    environ = os.environ if environ is None else environ
    target = workspace_dir(environ)
    mark = target / MARK
    if mark.exists():
        return target, "kept"
    from workshop.services.ops.learner_workspace import init_workspace
    from workshop.core.workspace import find_workspace

    source = find_workspace(environ.get("WORKSHOP_SOURCE") or None)
    wanted = [part.strip() for part in environ.get("WORKSHOP_EXERCISES", "").split(",") if part.strip()]
    report = init_workspace(source, target, wanted or None)
    write_text_atomic(mark, json.dumps({
        "made": datetime.now(timezone.utc).isoformat(timespec="seconds"), "source": str(source.root),
        "exercises": wanted, "language": environ.get("WORKSHOP_LANG", ""), "copied": len(report.copied),
        "kept": len(report.kept)}, indent=2) + "\n")
    return target, "made"


def main(argv: list[str] | None = None) -> int:
    """Run the hook, then replace this process with the server command in ``argv`` (if any)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        target, what = first_start()
        print(f"workshop: workspace {target} ({what})", file=sys.stderr, flush=True)
    except Exception as error:  # noqa: BLE001 - the server must start even when the workspace cannot be made
        print(f"workshop: the workspace could not be made: {error}", file=sys.stderr, flush=True)
    if not argv:
        return 0
    if hasattr(os, "execvp"):
        os.execvp(argv[0], argv)
    import subprocess  # pragma: no cover - hubs run on POSIX; kept for a Windows trial run

    return subprocess.call(argv)  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
