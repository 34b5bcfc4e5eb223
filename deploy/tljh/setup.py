"""Set up a session on The Littlest JupyterHub (TLJH), on the server, after TLJH's own installer.

    sudo python3 deploy/tljh/setup.py --lang ko --exercises 1,2,6 \
        --board-url http://board.example.org:8765/ --facilitator facilitator \
        --ai-room-url http://127.0.0.1:8081/v1 --ai-model qwen2.5:1.5b

Run it from a copy of this repository on the hub server. It
  1. installs the workshop toolkit into the users' environment (/opt/tljh/user);
  2. copies the learner exercises (never solutions/) to /opt/workshop-session, read-only;
     the room's AI server (``--ai-room-url``, default: session.toml's ``[ai] room_url``) goes to
     every user's server, so each learner's tutor uses it as the room's own (docs/ai.md);
  3. writes /opt/tljh/config/jupyterhub_config.d/workshop.py: the session's settings, then the
     project's deploy/jupyterhub_config.py (first-start hook, environment, collect role);
  4. sets memory and CPU limits and the idle culler with tljh-config, and reloads the hub.
``--dry-run`` prints the commands and writes the files under ``--prefix`` (a test folder) only.
Running it again is safe: the workspaces already made are never touched.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def render_config(settings: dict[str, str]) -> str:
    """The jupyterhub_config.d file: the settings as the hub's environment defaults, then the project config."""
    lines = ["# Written by deploy/tljh/setup.py: run it again to change these settings.", "import os", ""]
    for key, value in sorted(settings.items()):
        lines.append(f"os.environ.setdefault({key!r}, {value!r})")
    lines += ["", (REPO / "deploy" / "jupyterhub_config.py").read_text(encoding="utf-8")]
    return "\n".join(lines)


def session_ai(session_file: Path) -> dict[str, str]:
    """The session file's ``[ai]`` room_url and model ({} when none, or on a Python without tomllib)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10 on the server: name the room's AI server with --ai-room-url
        return {}
    try:
        table = tomllib.loads(session_file.read_text(encoding="utf-8")).get("ai")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    table = table if isinstance(table, dict) else {}
    return {key: table[key] for key in ("room_url", "model") if isinstance(table.get(key), str)}


def plan(args: argparse.Namespace) -> tuple[dict[Path, str], list[list[str]]]:
    """The files to write (path -> text) and the commands to run, in order."""
    prefix = Path(args.prefix)
    session = prefix / "opt" / "workshop-session"
    settings = {
        "WORKSHOP_LANG": args.lang, "WORKSHOP_EXERCISES": args.exercises, "WORKSHOP_BOARD_URL": args.board_url,
        "WORKSHOP_SOURCE": "/opt/workshop-session", "WORKSHOP_PYTHON": "/opt/tljh/user/bin/python3",
        "WORKSHOP_CULL_IDLE": "0",  # TLJH runs its own culler: set below with tljh-config
        "WORKSHOP_FACILITATORS": args.facilitator, "WORKSHOP_MEM_LIMIT": args.memory,
        "WORKSHOP_CPU_LIMIT": str(args.cpu),
        "WORKSHOP_AI_ROOM_URL": args.ai_room_url, "WORKSHOP_AI_ROOM_MODEL": args.ai_model,
    }
    files = {prefix / "opt/tljh/config/jupyterhub_config.d/workshop.py": render_config(settings)}
    tljh_config = str(prefix / "opt/tljh/hub/bin/tljh-config")
    commands = [
        [str(prefix / "opt/tljh/user/bin/python3"), "-m", "pip", "install", "--upgrade", str(REPO)],
        [tljh_config, "set", "limits.memory", args.memory],
        [tljh_config, "set", "limits.cpu", str(args.cpu)],
        [tljh_config, "set", "services.cull.enabled", "true"],
        [tljh_config, "set", "services.cull.timeout", str(args.cull_idle)],
        [tljh_config, "set", "user_environment.default_app", "jupyterlab"],
        [tljh_config, "add-item", "users.admin", args.facilitator],
        [tljh_config, "reload", "hub"],
    ]
    return {**files, session: ""}, commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="en", choices=["en", "ko"])
    parser.add_argument("--exercises", default="", help='the session\'s exercises, e.g. "1,2,6" ("" = all)')
    parser.add_argument("--board-url", default="", help="the room board's address (workshop board), or none")
    parser.add_argument("--facilitator", default="facilitator", help="the hub user who grades (admin + collect role)")
    parser.add_argument("--memory", default="1G", help="memory limit per user (TLJH limits.memory)")
    parser.add_argument("--cpu", type=float, default=1.0, help="CPU limit per user (TLJH limits.cpu)")
    parser.add_argument("--cull-idle", type=int, default=3600, help="seconds before an idle server is stopped")
    parser.add_argument("--ai-room-url", default=None,
                        help="the room's AI server (workshop ai-room), e.g. http://127.0.0.1:8081/v1 "
                             "(default: session.toml's [ai] room_url; \"\" = none)")
    parser.add_argument("--ai-model", default=None, help="the model's name on that server (default: session.toml's)")
    parser.add_argument("--prefix", default="/", help="install under this folder (tests)")
    parser.add_argument("--dry-run", action="store_true", help="print the commands; write files under --prefix only")
    args = parser.parse_args(argv)
    if args.board_url and not args.board_url.startswith(("http://", "https://")):
        parser.error("--board-url must start with http:// or https://")
    declared = session_ai(REPO / "session.toml")
    if args.ai_room_url is None:
        args.ai_room_url = declared.get("room_url", "")
    if args.ai_model is None:
        args.ai_model = declared.get("model", "")
    if args.ai_room_url and not args.ai_room_url.startswith(("http://", "https://")):
        parser.error("--ai-room-url must start with http:// or https://")
    files, commands = plan(args)
    for path, text in files.items():
        if path.name == "workshop-session":
            if path.exists():
                shutil.rmtree(path / "exercises", ignore_errors=True)
            path.mkdir(parents=True, exist_ok=True)
            shutil.copytree(REPO / "exercises", path / "exercises",
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
            shutil.copy2(REPO / "session.toml", path / "session.toml")
            for item in path.rglob("*"):
                item.chmod(0o755 if item.is_dir() else 0o644)
            print(f"copied the exercises to {path}")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for command in commands:
        print("+ " + " ".join(command))
        if not args.dry_run:
            subprocess.run(command, check=True)
    print("Done. Learners log in; each gets ~/workshop with the exercises on the first start.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
