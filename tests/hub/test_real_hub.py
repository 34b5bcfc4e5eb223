"""A session on a real JupyterHub (127.0.0.1, configurable-http-proxy, the project's hub config):
each user's server makes its workspace on the first start and never again; ``workshop collect``
fetches the notebooks through the hub's REST API and each server's contents API; ``workshop grade``
grades them; feedback goes back. Bad input: a wrong token, an unreachable hub, a server that will
not start, a server that does not answer. The hub and everything it started are stopped at the end,
and the test checks that no process is left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, make_notebook, solution_code
from tests.hub.harness import LocalHub, free_port, proxy_missing

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(proxy_missing()), reason=proxy_missing() or "-"),
              pytest.mark.skipif(sys.platform == "win32", reason="JupyterHub runs on POSIX")]

WORKSHOP = [sys.executable, "-m", "workshop"]
NB = "workshop/exercises/01-passphrase/passphrase.ipynb"


def run(args: list[str], token: str | None, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("JUPYTERHUB_API_TOKEN", "WORKSHOP_ROOT")}
    if token is not None:
        env["JUPYTERHUB_API_TOKEN"] = token
    return subprocess.run([*WORKSHOP, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub")
    local = LocalHub(root, {"WORKSHOP_EXERCISES": "1,2", "WORKSHOP_LANG": "ko",
                            "WORKSHOP_BOARD_URL": "http://127.0.0.1:9/board",
                            "WORKSHOP_AI_ROOM_URL": "http://10.0.0.5:8081/v1", "WORKSHOP_AI_ROOM_MODEL": "smollm2"})
    local.start()
    try:
        local.create_users(["alice", "bob", "broken"])
        local.started = local.start_servers(["alice", "bob", "broken"])
        yield local
    finally:
        killed = local.stop()
        assert not local.alive(), "processes of the hub are still running"
        assert not killed, f"processes had to be killed: {killed}"


def _files(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def test_a_session_on_a_real_hub_from_first_start_to_gradebook(hub, tmp_path):
    assert hub.started == {"alice": True, "bob": True, "broken": False}

    # The project config's idle culler runs as a hub-managed service.
    import psutil

    culler = hub.api("GET", "services/idle-culler").json()
    assert culler["pid"] and psutil.Process(culler["pid"]).is_running()
    assert "--timeout=3600" in culler["command"]

    # The first start made each workspace with the session's exercises, and the hub's settings
    # reached the server's environment.
    for user in ("alice", "bob"):
        workspace = hub.homes / user / "workshop"
        assert (workspace / "exercises/01-passphrase/passphrase.ipynb").is_file()
        assert (workspace / "exercises/02-thread-splitter/thread_splitter.ipynb").is_file()
        assert not (workspace / "exercises/03-vocabulary").exists()  # not in this session
        assert not (workspace / "solutions").exists()
        mark = json.loads((workspace / ".workshop/hub-init.json").read_text(encoding="utf-8"))
        assert mark["language"] == "ko" and mark["exercises"] == ["1", "2"]
        environment = hub.server_process(user).environ()
        assert environment["WORKSHOP_BOARD_URL"] == "http://127.0.0.1:9/board"
        assert environment["WORKSHOP_LANG"] == "ko"
        assert environment["WORKSHOP_AI_ROOM_URL"] == "http://10.0.0.5:8081/v1"
        # ... and the tutor run with that server's environment in the learner's workspace takes it as the room's.
        shown = subprocess.run([*WORKSHOP, "tutor", "--show-config"], capture_output=True, text=True, timeout=120,
                               cwd=workspace, env={**environment, "PATH": os.environ.get("PATH", "")})
        assert shown.returncode == 0, shown.stdout + shown.stderr
        assert "http://10.0.0.5:8081/v1" in shown.stdout and "WORKSHOP_AI_ROOM_URL" in shown.stdout

    # Alice solves exercise 01 (saved through her server's contents API, as JupyterLab does).
    solved = make_notebook([("markdown", "# mine"), solution_code(REPO, "01-passphrase")])
    saved = hub.contents("PUT", "alice", NB, json={"type": "notebook", "content": solved})
    assert saved.status_code == 200, saved.text

    # A restart of her server keeps her work: the workspace is made once, never again.
    hub.stop_server("alice")
    assert hub.start_servers(["alice"]) == {"alice": True}
    on_disk = json.loads((hub.homes / "alice" / NB).read_text(encoding="utf-8"))
    assert "def make_passphrase" in "".join("".join(cell["source"]) for cell in on_disk["cells"])

    # Collect with a token that has only the documented scopes.
    subs = tmp_path / "submissions"
    done = run(["collect", "--hub", hub.url, "--out", str(subs)], hub.collect_token, tmp_path)
    assert done.returncode == 3, done.stdout + done.stderr  # complete for the running, one not running
    assert "broken" in done.stderr and "not running" in done.stderr
    assert sorted(p.name for p in subs.iterdir() if not p.name.startswith(".")) == ["alice", "bob"]
    assert _files(subs / "alice") == [".collected.json", "exercises/01-passphrase/passphrase.ipynb",
                                      "exercises/02-thread-splitter/thread_splitter.ipynb"]
    assert (subs / "alice/exercises/01-passphrase/passphrase.ipynb").read_bytes() == \
        (hub.homes / "alice" / NB).read_bytes()
    assert not list(subs.glob(".partial-*"))

    # Run again: both are kept as they are (resume), nothing fetched.
    again = run(["collect", "--hub", hub.url, "--out", str(subs), "--json"], hub.collect_token, tmp_path)
    report = json.loads(again.stdout)
    assert sorted(report["already"]) == ["alice", "bob"] and report["collected"] == {}
    assert report["not_running"] == ["broken"]

    # Grade as usual.
    grades = tmp_path / "grades"
    graded = run(["grade", str(subs), "--out", str(grades), "--exercises", "01", "--json", "--root", str(REPO)],
                 None, tmp_path)
    assert graded.returncode == 0, graded.stderr
    book = json.loads((grades / "gradebook.json").read_text(encoding="utf-8"))
    status = {entry["learner"]: entry["exercises"]["01-passphrase"]["status"] for entry in book["learners"]}
    assert status == {"alice": "passed", "bob": "failed"}
    rows = (grades / "gradebook.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].startswith("alice,") and rows[2].startswith("bob,")

    # Feedback pages go back into each workspace.
    back = run(["collect", "--hub", hub.url, "--out", str(subs), "--return-feedback", str(grades)],
               hub.collect_token, tmp_path)
    assert back.returncode == 0, back.stdout + back.stderr  # broken was never collected: no page to return
    assert "delivered: 2" in back.stdout
    page = (hub.homes / "alice" / "workshop" / "feedback.html").read_text(encoding="utf-8")
    assert "alice" in page and "passed" in page.lower()
    assert (hub.homes / "bob" / "workshop" / "feedback.html").is_file()


def test_a_wrong_token_is_refused_clearly_and_writes_nothing(hub, tmp_path):
    out = tmp_path / "subs"
    done = run(["collect", "--hub", hub.url, "--out", str(out)], "not-a-token", tmp_path)
    assert done.returncode == 1
    assert "refused the token" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    missing = run(["collect", "--hub", hub.url, "--out", str(out)], None, tmp_path)
    assert missing.returncode == 2 and "JUPYTERHUB_API_TOKEN" in missing.stderr


def test_an_unreachable_hub_is_said_clearly_and_writes_nothing(tmp_path):
    out = tmp_path / "subs"
    done = run(["collect", "--hub", f"http://127.0.0.1:{free_port()}/", "--out", str(out)], "x", tmp_path)
    assert done.returncode == 1
    assert "cannot be reached" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    wrong = run(["collect", "--hub", "ftp://127.0.0.1/", "--out", str(out)], "x", tmp_path)
    assert wrong.returncode == 1 and "http://" in wrong.stderr


def test_a_server_that_does_not_answer_is_reported_and_leaves_nothing_half_written(hub, tmp_path):
    process = hub.server_process("bob")
    assert process is not None
    os.kill(process.pid, signal.SIGSTOP)  # running as far as the hub knows, but silent
    try:
        out = tmp_path / "subs"
        done = run(["collect", "--hub", hub.url, "--out", str(out), "--timeout", "3"], hub.collect_token, tmp_path)
    finally:
        os.kill(process.pid, signal.SIGCONT)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bob" in done.stderr and "did not answer" in done.stderr and "Traceback" not in done.stderr
    assert (out / "alice" / ".collected.json").is_file()
    assert not (out / "bob").exists() and not list(out.glob(".partial-*"))
