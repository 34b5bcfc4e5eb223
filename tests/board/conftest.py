"""Fixtures for the room board: a real board server in a subprocess on 127.0.0.1, and participants."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from workshop.core.workspace import Workspace


@dataclass
class Reply:
    status: int
    data: dict
    headers: dict


def http(method: str, url: str, body: bytes | dict | None = None, headers: dict | None = None,
         timeout: float = 5) -> Reply:
    """One HTTP request with the standard library; never raises for an HTTP error status."""
    if isinstance(body, dict):
        body = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            raw, status, got = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw, status, got = error.read(), error.code, dict(error.headers)
    try:
        data = json.loads(raw.decode()) if raw else {}
    except ValueError:
        data = {"text": raw.decode("utf-8", "replace")}
    return Reply(status, data, got)


class BoardServer:
    """``python -m workshop board`` as a real process; parses the links it prints."""

    def __init__(self, root: Path, store: Path, session: Path | None = None):
        self.root, self.store, self.session = root, store, session
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.output: list[str] = []

    def start(self, port: int = 0, extra: tuple[str, ...] = ()) -> BoardServer:
        args = [sys.executable, "-m", "workshop", "board", "--port", str(port), "--root", str(self.root),
                "--store", str(self.store), *extra]
        if self.session is not None:
            args += ["--session", str(self.session)]
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONUTF8="1", NO_COLOR="1")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        encoding="utf-8", env=env)
        lines: queue.Queue = queue.Queue()

        def pump(stream=self.process.stdout):
            for line in stream:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + 20
        self.output = []
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError("board exited:\n" + "".join(self.output))
            self.output.append(line)
            if "Ctrl+C" in line:
                break
        else:
            raise RuntimeError("board did not start:\n" + "".join(self.output))
        text = "".join(self.output)
        self.join_url = re.search(r"workshop join (\S+/join/\S+)", text).group(1)
        self.board_url = re.search(r"(http://\S+/board#key=\S+)", text).group(1)
        self.key = self.board_url.split("#key=")[1]
        self.base = self.join_url.split("/join/")[0]
        self.join_token = self.join_url.split("/join/")[1]
        self.port = int(self.base.rsplit(":", 1)[1])
        return self

    def stop(self, kill: bool = False) -> None:
        if self.process is None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self, kill: bool = False) -> BoardServer:
        port = self.port
        self.stop(kill=kill)
        return self.start(port=port)

    def state(self) -> dict:
        reply = http("GET", self.base + "/api/state", headers={"X-Board-Key": self.key})
        assert reply.status == 200, reply
        return reply.data["state"]

    def join(self, name: str) -> Reply:
        return http("POST", self.base + "/api/join", {"token": self.join_token, "name": name})

    def report(self, token: str, checks: list[dict] | dict) -> Reply:
        body = checks if isinstance(checks, dict) else {"checks": checks}
        return http("POST", self.base + "/api/report", body, {"Authorization": f"Bearer {token}"})

    def person(self, participant: int) -> dict:
        return next(p for p in self.state()["participants"] if p["id"] == participant)


def make_board_root(folder: Path) -> tuple[Path, Path]:
    """A facilitator folder with an (empty) exercises/ and a session file for exercises 1–3."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "exercises").mkdir(exist_ok=True)
    session = folder / "session.toml"
    session.write_text('title = "Test session"\nexercises = [1, "02", 3]\n', encoding="utf-8")
    return folder, session


@pytest.fixture(scope="module")
def board_server(tmp_path_factory):
    """One board for a test module (most tests only add participants)."""
    root, session = make_board_root(tmp_path_factory.mktemp("board-root"))
    server = BoardServer(root, root / ".workshop" / "board.sqlite3", session).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_board(tmp_path):
    """A board of its own (for restarts)."""
    root, session = make_board_root(tmp_path / "facilitator")
    server = BoardServer(root, root / ".workshop" / "board.sqlite3", session).start()
    yield server
    server.stop()


def participant_workspace(folder: Path) -> Workspace:
    """A participant's workspace (only its .workshop/ folder matters to the board client)."""
    (folder / "exercises").mkdir(parents=True, exist_ok=True)
    return Workspace(folder)


def check(exercise: str = "01-passphrase", status: str = "failed", earned: float = 1, possible: float = 4,
          duration: float = 0.3, ago: float = 0) -> dict:
    return {"exercise": exercise, "status": status, "earned": earned, "possible": possible, "duration": duration,
            "ago": ago}
