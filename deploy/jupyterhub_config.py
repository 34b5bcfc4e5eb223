# The workshop's JupyterHub configuration: what every hub of a session needs, whatever runs it.
#
# Used as it is by The Littlest JupyterHub (copied into /opt/tljh/config/jupyterhub_config.d/ by
# deploy/tljh/setup.py), and by the project's real-hub test (tests/hub/) with a local spawner.
# Zero to JupyterHub sets the same things in deploy/z2jh/values.yaml.
#
# Settings, each from the hub's environment or the default here:
#   WORKSHOP_BOARD_URL   the room board's address, given to every user's server ("" = none)
#   WORKSHOP_LANG        the session's language: en or ko
#   WORKSHOP_EXERCISES   which exercises each workspace gets, e.g. "1,2,6" ("" = all)
#   WORKSHOP_SOURCE      where the exercises are on the server ("" = the toolkit's own copy)
#   WORKSHOP_AI_ROOM_URL the room's AI server (`workshop ai-room`), e.g. http://127.0.0.1:8081/v1 on
#                        this machine or http://10.0.0.5:8081/v1 on the venue network ("" = none):
#                        every learner's tutor uses it as the room's own server (docs/ai.md, docs/hub.md)
#   WORKSHOP_AI_ROOM_MODEL  the model's name on that server (llama.cpp: any; Ollama: e.g. qwen2.5:1.5b)
#   WORKSHOP_CULL_IDLE   seconds before an idle server is stopped (0 = no culler service here;
#                        TLJH culls by itself: set it with `tljh-config set services.cull.timeout`)
#   WORKSHOP_PYTHON      the Python of the users' environment (default: python3 on the PATH)
import os
import sys

c = get_config()  # noqa: F821 - given by JupyterHub when it loads this file

SETTINGS = {
    "WORKSHOP_BOARD_URL": os.environ.get("WORKSHOP_BOARD_URL", ""),
    "WORKSHOP_LANG": os.environ.get("WORKSHOP_LANG", "en"),
    "WORKSHOP_EXERCISES": os.environ.get("WORKSHOP_EXERCISES", ""),
    "WORKSHOP_SOURCE": os.environ.get("WORKSHOP_SOURCE", ""),
    "WORKSHOP_AI_ROOM_URL": os.environ.get("WORKSHOP_AI_ROOM_URL", ""),
    "WORKSHOP_AI_ROOM_MODEL": os.environ.get("WORKSHOP_AI_ROOM_MODEL", ""),
}
CULL_IDLE = int(os.environ.get("WORKSHOP_CULL_IDLE", "3600"))
USER_PYTHON = os.environ.get("WORKSHOP_PYTHON", "python3")

# Each user's server: make the workspace on the first start (never again), then the usual server.
c.Spawner.cmd = [USER_PYTHON, "-m", "workshop.hub.start", "jupyterhub-singleuser"]
c.Spawner.environment = {key: value for key, value in SETTINGS.items() if value}
c.Spawner.default_url = "/lab/tree/workshop/exercises"
# A check runs the learner's code in a child process: give each server room for it.
c.Spawner.mem_limit = os.environ.get("WORKSHOP_MEM_LIMIT", "1G")
c.Spawner.cpu_limit = float(os.environ.get("WORKSHOP_CPU_LIMIT", "1"))
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120

# Stop idle servers (their files stay): memory goes back to those still working.
if CULL_IDLE > 0:
    c.JupyterHub.services.extend([{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={CULL_IDLE}",
                    f"--cull-every={max(60, CULL_IDLE // 10)}"],
    }])
    c.JupyterHub.load_roles.extend([{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }])

# What a token for `workshop collect` needs. WORKSHOP_FACILITATORS (comma-separated user names)
# get a role with just that; each then makes a token with these scopes on the hub's /hub/token page.
COLLECT_SCOPES = ["list:users", "read:servers", "access:servers"]
FACILITATORS = [name.strip() for name in os.environ.get("WORKSHOP_FACILITATORS", "").split(",") if name.strip()]
if FACILITATORS:
    c.JupyterHub.load_roles.extend([
        {"name": "workshop-collect", "scopes": COLLECT_SCOPES, "users": FACILITATORS}])
