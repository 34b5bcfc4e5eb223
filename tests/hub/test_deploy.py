"""The hub configuration files agree with each other and with the start hook; the start hook
makes a workspace once and never again; the TLJH setup writes a config the hub can load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.hub.harness import COLLECT_SCOPES
from workshop.hub import start

DEPLOY = REPO / "deploy"
HOOK = ["python", "-m", "workshop.hub.start", "jupyterhub-singleuser"]


def _load_hub_config(path: Path, environ: dict[str, str]):
    from traitlets.config.loader import PyFileConfigLoader

    saved = dict(os.environ)
    os.environ.update(environ)
    try:
        return PyFileConfigLoader(path.name, str(path.parent)).load_config()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_the_project_hub_config_passes_the_settings_to_every_server():
    config = _load_hub_config(DEPLOY / "jupyterhub_config.py", {
        "WORKSHOP_BOARD_URL": "http://127.0.0.1:8765/", "WORKSHOP_LANG": "ko", "WORKSHOP_EXERCISES": "1,2,6",
        "WORKSHOP_FACILITATORS": "fac", "WORKSHOP_CULL_IDLE": "1800"})
    assert list(config.Spawner.cmd)[1:] == HOOK[1:]
    assert dict(config.Spawner.environment) == {"WORKSHOP_BOARD_URL": "http://127.0.0.1:8765/", "WORKSHOP_LANG": "ko",
                                                "WORKSHOP_EXERCISES": "1,2,6"}
    services = config.JupyterHub.services.get_value([])
    assert any(s["name"] == "idle-culler" and "--timeout=1800" in s["command"] for s in services)
    roles = {role["name"]: role for role in config.JupyterHub.load_roles.get_value([])}
    assert roles["workshop-collect"]["scopes"] == COLLECT_SCOPES and roles["workshop-collect"]["users"] == ["fac"]
    assert "delete:servers" in roles["idle-culler"]["scopes"]


def test_the_hub_config_passes_the_rooms_ai_server_to_every_learners_tutor(tmp_path):
    """The hub's WORKSHOP_AI_ROOM_URL reaches each user's server, whose tutor takes it as the room's own."""
    config = _load_hub_config(DEPLOY / "jupyterhub_config.py", {
        "WORKSHOP_AI_ROOM_URL": "http://10.0.0.5:8081/v1", "WORKSHOP_AI_ROOM_MODEL": "qwen2.5:1.5b"})
    environment = dict(config.Spawner.environment)
    assert environment["WORKSHOP_AI_ROOM_URL"] == "http://10.0.0.5:8081/v1"
    assert environment["WORKSHOP_AI_ROOM_MODEL"] == "qwen2.5:1.5b"
    from workshop.ai.config import load_config

    state = tmp_path / "workshop" / ".workshop"
    state.mkdir(parents=True)
    tutor = load_config(state, {**environment, "WORKSHOP_AI_CONFIG": str(tmp_path / "no-user-config.toml")})
    assert tutor.base_url == "http://10.0.0.5:8081/v1" and tutor.model == "qwen2.5:1.5b" and tutor.is_room
    tutor.require_allowed()  # the room's own server: no opt-in, no "leaves this computer"
    named = load_config(state, {"WORKSHOP_AI_ROOM_URL": "http://ai-room.hub.svc:8081/v1",
                                "WORKSHOP_AI_CONFIG": str(tmp_path / "no-user-config.toml")})
    assert not named.is_room  # a DNS name could point anywhere: remote, needs the opt-in


def test_the_helm_values_match_the_project_config():
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert single["cmd"] == HOOK
    assert {"WORKSHOP_BOARD_URL", "WORKSHOP_LANG", "WORKSHOP_EXERCISES", "WORKSHOP_AI_ROOM_URL",
            "WORKSHOP_AI_ROOM_MODEL"} <= set(single["extraEnv"])
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert values["hub"]["loadRoles"]["workshop-collect"]["scopes"] == COLLECT_SCOPES
    assert single["defaultUrl"] == "/lab/tree/workshop/exercises"


def test_the_user_image_never_gets_the_solutions():
    lines = [line.strip() for line in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    stages = [index for index, line in enumerate(lines) if line.startswith("FROM ")]
    assert len(stages) == 2
    final = lines[stages[1]:]
    copies = [line for line in final if line.startswith("COPY")]
    assert copies and not any("solutions" in line or line.startswith("COPY . ") for line in copies)
    assert json.loads(final[-1].removeprefix("CMD ")) == HOOK
    assert "solutions" in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()


def test_the_tljh_setup_writes_a_config_the_hub_loads(tmp_path):
    done = subprocess.run([sys.executable, str(DEPLOY / "tljh" / "setup.py"), "--prefix", str(tmp_path), "--dry-run",
                           "--lang", "ko", "--exercises", "1,2", "--board-url", "http://10.0.0.2:8765/",
                           "--ai-room-url", "http://127.0.0.1:8081/v1", "--ai-model", "smollm2"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "tljh-config set services.cull.timeout 3600" in done.stdout
    session = tmp_path / "opt" / "workshop-session"
    assert (session / "exercises" / "01-passphrase" / "passphrase.ipynb").is_file()
    assert not list(session.rglob("*solution*")) and not (session / "solutions").exists()
    config = _load_hub_config(tmp_path / "opt/tljh/config/jupyterhub_config.d/workshop.py", {})
    assert list(config.Spawner.cmd) == ["/opt/tljh/user/bin/python3", *HOOK[1:]]
    assert config.Spawner.environment["WORKSHOP_LANG"] == "ko"
    assert config.Spawner.environment["WORKSHOP_SOURCE"] == "/opt/workshop-session"
    assert config.Spawner.environment["WORKSHOP_AI_ROOM_URL"] == "http://127.0.0.1:8081/v1"
    assert config.Spawner.environment["WORKSHOP_AI_ROOM_MODEL"] == "smollm2"
    assert not config.JupyterHub.services.get_value([])  # TLJH culls by itself
    bad = subprocess.run([sys.executable, str(DEPLOY / "tljh" / "setup.py"), "--prefix", str(tmp_path), "--dry-run",
                          "--board-url", "board:8765"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--board-url" in bad.stderr
    bad = subprocess.run([sys.executable, str(DEPLOY / "tljh" / "setup.py"), "--prefix", str(tmp_path), "--dry-run",
                          "--ai-room-url", "10.0.0.5:8081"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--ai-room-url" in bad.stderr


def test_the_first_start_makes_the_workspace_once_and_never_overwrites_it(tmp_path):
    environ = {"HOME": str(tmp_path), "WORKSHOP_SOURCE": str(REPO), "WORKSHOP_EXERCISES": "1, 6",
               "WORKSHOP_LANG": "ko"}
    folder, what = start.first_start(environ)
    assert what == "made" and folder == tmp_path / "workshop"
    notebook = folder / "exercises" / "01-passphrase" / "passphrase.ipynb"
    assert notebook.is_file() and (folder / "exercises" / "06-redactor").is_dir()
    assert not (folder / "exercises" / "02-thread-splitter").exists() and not (folder / "solutions").exists()
    notebook.write_text("my own work", encoding="utf-8")
    (folder / "exercises" / "06-redactor").rename(folder / "exercises" / "06-mine")  # a learner's choice
    assert start.first_start(environ) == (folder, "kept")
    assert notebook.read_text(encoding="utf-8") == "my own work"
    assert not (folder / "exercises" / "06-redactor").exists()


def test_the_start_hook_runs_the_server_command_even_when_the_workspace_cannot_be_made(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "WORKSHOP_SOURCE": str(REPO)}
    env.pop("WORKSHOP_ROOT", None)
    ran = subprocess.run([sys.executable, "-m", "workshop.hub.start", sys.executable, "-c", "print('server up')"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert ran.returncode == 0 and ran.stdout.strip() == "server up"
    assert (tmp_path / "workshop" / start.MARK).is_file()
    env["WORKSHOP_SOURCE"] = str(tmp_path / "nowhere")
    env["HOME"] = str(tmp_path / "other")
    broken = subprocess.run([sys.executable, "-m", "workshop.hub.start", sys.executable, "-c", "print('server up')"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert broken.returncode == 0 and broken.stdout.strip() == "server up"
    assert "could not be made" in broken.stderr
