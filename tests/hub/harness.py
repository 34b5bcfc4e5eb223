"""A real JupyterHub on 127.0.0.1 for tests and bench/hub_bench.py: the project's hub configuration
(deploy/jupyterhub_config.py) with the DummyAuthenticator and the SimpleLocalProcessSpawner, so
user servers are local processes with their homes in a temporary folder. Everything it starts, it
stops: :meth:`LocalHub.stop` ends the hub, the proxy, the user servers and the culler, and returns
any process that had to be killed by force."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROJECT_CONFIG = REPO / "deploy" / "jupyterhub_config.py"
COLLECT_SCOPES = ["list:users", "read:servers", "access:servers"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def proxy_missing() -> str:
    """Why a real hub cannot run here ("" when it can)."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "jupyterhub is not installed (pip install -e '.[test]')"
    if shutil.which("configurable-http-proxy") is None:
        return "configurable-http-proxy is not installed (npm install -g configurable-http-proxy)"
    return ""


CONFIG = '''
import os, sys
c = get_config()
load_subconfig({project!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}/"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.db_url = "sqlite:///" + {db!r}
c.JupyterHub.cookie_secret_file = {cookie!r}
c.JupyterHub.pid_file = {pid_file!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [sys.executable, "-m", "workshop.hub.start", "jupyterhub-singleuser"]
if os.getuid() == 0:
    c.Spawner.args = ["--ServerApp.allow_root=True"]
c.Spawner.start_timeout = 90
c.JupyterHub.log_level = "WARN"
c.JupyterHub.services.extend([
    {{"name": "harness-admin", "api_token": {admin_token!r}}},
    {{"name": "collector", "api_token": {collect_token!r}}},
])
c.JupyterHub.load_roles.extend([
    {{"name": "harness-admin", "services": ["harness-admin"],
      "scopes": ["admin:users", "admin:servers", "access:servers", "admin:server_state", "admin:services"]}},
    {{"name": "collector", "services": ["collector"], "scopes": {collect_scopes!r}}},
])

def refuse_broken(spawner):
    if spawner.user.name.startswith("broken"):
        raise RuntimeError("this user's server is made not to start")

c.Spawner.pre_spawn_hook = refuse_broken
'''


class LocalHub:
    """A JupyterHub process tree under ``root``; use as a context manager."""

    def __init__(self, root: Path, settings: dict[str, str] | None = None):
        self.root = Path(root)
        self.homes = self.root / "homes"
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.admin_token = secrets.token_hex(16)
        self.collect_token = secrets.token_hex(16)
        self.settings = {"WORKSHOP_SOURCE": str(REPO), "WORKSHOP_LANG": "en", "WORKSHOP_CULL_IDLE": "3600",
                         **(settings or {})}
        self.process: subprocess.Popen | None = None
        self.seen: dict[int, float] = {}  # pid -> create time, of every process of the hub's tree
        self.log = self.root / "hub.log"

    # -- life ----------------------------------------------------------------------------------

    def __enter__(self) -> "LocalHub":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 60) -> None:
        import requests

        self.root.mkdir(parents=True, exist_ok=True)
        self.homes.mkdir(exist_ok=True)
        config = self.root / "jupyterhub_config.py"
        config.write_text(CONFIG.format(
            project=str(PROJECT_CONFIG), port=self.port, hub_port=self.hub_port, api_port=self.api_port,
            proxy_token=secrets.token_hex(16), db=str(self.root / "hub.sqlite"),
            cookie=str(self.root / "cookie_secret"), pid_file=str(self.root / "hub.pid"), homes=str(self.homes),
            admin_token=self.admin_token, collect_token=self.collect_token, collect_scopes=COLLECT_SCOPES),
            encoding="utf-8")
        env = {**os.environ, **self.settings}
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        for key in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "WORKSHOP_ROOT"):
            env.pop(key, None)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.root,
                                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the hub stopped at once:\n" + self.log.read_text(errors="replace")[-3000:])
            try:
                if requests.get(self.url + "hub/api/", timeout=2).status_code == 200:
                    self._note_processes()
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("the hub did not answer in time:\n" + self.log.read_text(errors="replace")[-3000:])

    def _note_processes(self) -> list:
        import psutil

        found = []
        if self.process is None:
            return found
        try:
            top = psutil.Process(self.process.pid)
            found = [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            return found
        for process in found:
            try:
                self.seen.setdefault(process.pid, process.create_time())
            except psutil.NoSuchProcess:
                pass
        return found

    def alive(self) -> list[int]:
        """The processes this hub ever started that are still running (same pid and start time)."""
        import psutil

        left = []
        for pid, created in self.seen.items():
            try:
                process = psutil.Process(pid)
                if process.create_time() == created and process.status() != psutil.STATUS_ZOMBIE:
                    left.append(pid)
            except psutil.NoSuchProcess:
                pass
        return left

    def stop(self, grace: float = 20) -> list[int]:
        """Stop the hub (it stops the proxy and the servers); kill what is left. Returns pids that had to be killed."""
        import psutil

        if self.process is None:
            return []
        self._note_processes()
        for pid in self.alive():  # a server stopped with SIGSTOP by a test must be able to hear SIGTERM
            try:
                os.kill(pid, signal.SIGCONT)
            except OSError:
                pass
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 5
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        killed = self.alive()
        for pid in killed:
            try:
                psutil.Process(pid).kill()
            except psutil.NoSuchProcess:
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self.process = None
        return killed

    # -- the REST API as the harness's admin service --------------------------------------------

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        import requests

        headers = {"Authorization": f"token {token or self.admin_token}", **kwargs.pop("headers", {})}
        return requests.request(method, self.url + "hub/api/" + path.lstrip("/"), headers=headers, timeout=30,
                                **kwargs)

    def create_users(self, names: list[str]) -> None:
        response = self.api("POST", "users", json={"usernames": names})
        assert response.status_code in (201, 409), response.text

    def start_servers(self, names: list[str], timeout: float = 120) -> dict[str, bool]:
        """Ask for every server at once; wait until each is ready or failed. Returns name -> ready."""
        for name in names:
            self.api("POST", f"users/{name}/server")
        ready: dict[str, bool] = {}
        deadline = time.monotonic() + timeout
        while len(ready) < len(names) and time.monotonic() < deadline:
            for name in names:
                if name in ready:
                    continue
                model = self.api("GET", f"users/{name}").json()
                server = (model.get("servers") or {}).get("")
                if server and server.get("ready"):
                    ready[name] = True
                elif not server and not model.get("pending"):
                    ready[name] = False  # the spawn failed and the hub gave up on it
            time.sleep(0.3)
        self._note_processes()
        return {name: ready.get(name, False) for name in names}

    def stop_server(self, name: str, timeout: float = 60) -> None:
        self.api("DELETE", f"users/{name}/server")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"users/{name}").json()
            if not (model.get("servers") or {}).get("") and not model.get("pending"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"{name}'s server did not stop")

    def server_process(self, name: str):
        """The user server's process (found by its home folder as working directory)."""
        import psutil

        home = str(self.homes / name)
        for process in self._note_processes():
            try:
                if process.cwd() == home and "jupyterhub-singleuser" in " ".join(process.cmdline()):
                    return process
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return None

    def contents(self, method: str, user: str, path: str, **kwargs):
        import requests

        return requests.request(method, f"{self.url}user/{user}/api/contents/{path}",
                                headers={"Authorization": f"token {self.admin_token}"}, timeout=30, **kwargs)
