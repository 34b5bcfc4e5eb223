"""The kernel's isolation of a check, on this machine, with real child processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, solution_code, write_notebook
from workshop.core.exercise import load_exercise
from workshop.engine import isolation, seatbelt, seccomp
from workshop.engine.pipeline import check_notebook, prepare_check
from workshop.engine.result import Status
from workshop.engine.sandbox import Limits, clean_stale_work_folders, new_work_folder, prepare_workdir, remove_workdir, \
    run_child

LINUX = sys.platform.startswith("linux")
FULL = LINUX and set(isolation.probe()["layers"]) == set(isolation.LAYERS)


def _payload(exercise, notebook: Path, limits: Limits) -> dict:
    prepared = prepare_check(exercise, notebook, [])
    workdir = prepare_workdir(exercise.module, prepared.module.source, prepared.files)
    try:
        return run_child(prepared.job, workdir, limits).payload
    finally:
        remove_workdir(workdir)


@pytest.mark.skipif(not LINUX, reason="Linux layers")
def test_probe_on_linux_has_at_least_seccomp():
    found = isolation.probe()
    assert "seccomp" in found["layers"]
    if found["landlock_abi"] >= 1:
        assert any(layer.startswith("landlock") for layer in found["layers"])


@pytest.mark.skipif(not FULL, reason="needs every Linux layer")
def test_a_check_reports_its_layers_and_the_switch_turns_them_off(tmp_path):
    exercise = load_exercise(REPO / "exercises" / "01-passphrase")
    notebook = write_notebook(tmp_path / "passphrase.ipynb", [solution_code(REPO, "01-passphrase")])
    assert _payload(exercise, notebook, Limits())["isolation"] == ["userns", "netns", "landlock", "seccomp"]
    assert _payload(exercise, notebook, Limits(isolation=False))["isolation"] == []


@pytest.mark.skipif(not FULL, reason="needs every Linux layer")
def test_a_network_exercise_gets_its_own_loopback_and_nothing_else(tmp_path):
    exercise = load_exercise(REPO / "exercises" / "08-link-rot")
    assert exercise.network
    notebook = write_notebook(tmp_path / "linkrot.ipynb", [solution_code(REPO, "08-link-rot")])
    result = check_notebook(exercise, notebook, limits=Limits(timeout=20))
    assert result.status is Status.PASSED, (result.message, [t.message for t in result.tests if not t.passed])
    # Its loopback is its own: a server on this machine's loopback is not there.
    import socket

    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        probe = write_notebook(tmp_path / "probe" / "linkrot.ipynb", [
            solution_code(REPO, "08-link-rot") + "\nimport socket\n"
            f"try:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n    REACHED = True\n"
            "except OSError as error:\n    REACHED = error.errno\n"
            "assert REACHED == 111, REACHED  # ECONNREFUSED: nothing listens on the check's own loopback\n"])
        result = check_notebook(exercise, probe, limits=Limits(timeout=20))
        server.settimeout(0.1)
        with pytest.raises(TimeoutError):
            server.accept()
    assert result.status is Status.PASSED, result.message


def test_seatbelt_profile_says_the_same_rules():
    profile = seatbelt.profile("/private/tmp/w", ["/opt/py"], network=False)
    lines = profile.splitlines()
    assert lines[:2] == ["(version 1)", "(deny default)"]
    assert '(allow file-read* file-write* (subpath "/private/tmp/w"))' in lines
    assert any(line.startswith("(allow file-read* file-map-executable") and '"/opt/py"' in line for line in lines)
    assert "process-exec" not in profile and "process-fork" not in profile
    assert "network" not in profile
    assert "(allow signal (target self))" in lines
    networked = seatbelt.profile("/w", [], network=True)
    assert '(allow network-outbound (remote ip "localhost:*"))' in networked
    assert seatbelt.profile('/a "b"', [], False).count('(subpath "/a \\"b\\"")') == 1


def test_work_folders_left_by_a_crashed_run_are_removed(tmp_path):
    # A real crash: a process makes its work folder and is killed before it can clean up.
    code = ("import os, signal; from workshop.engine.sandbox import new_work_folder; "
            "p = new_work_folder('grade'); (p / 'learner.py').write_text('x'); print(p, flush=True); "
            "os.kill(os.getpid(), signal.SIGKILL)")
    env = dict(os.environ, WORKSHOP_WORK_DIR=str(tmp_path))
    crashed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    left = Path(crashed.stdout.strip())
    assert crashed.returncode == -9 and left.is_dir()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = tmp_path / f"workshop-grade-{alive.pid}-busy"
        running.mkdir()
        other = tmp_path / "someone-elses"
        other.mkdir()
        fresh = new_work_folder("check", tmp_path)
        assert not left.exists()
        assert running.is_dir() and other.is_dir() and fresh.is_dir()
        assert fresh.name.startswith(f"workshop-check-{os.getpid()}-")
        assert clean_stale_work_folders(tmp_path) == []
    finally:
        alive.kill()
        alive.wait()


@pytest.mark.skipif(not (LINUX and seccomp.supported()), reason="the seccomp filter")
def test_seccomp_alone_keeps_signals_processes_and_sockets_in(tmp_path):
    # The filter on its own (no Landlock, no namespaces): kernels without Landlock's signal scope rely on it.
    victim = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child reports through the pipe
        import signal
        import socket
        import threading

        found = []

        def attempt(name, action):
            try:
                action()
                found.append(f"{name}:allowed")
            except OSError as error:
                found.append(f"{name}:{error.errno}")

        try:
            isolation._c().prctl(38, 1, 0, 0, 0)
            seccomp.install(seccomp.program())
            attempt("kill other", lambda: os.kill(victim.pid, signal.SIGKILL))
            attempt("kill group", lambda: os.killpg(os.getpgid(victim.pid), signal.SIGKILL))
            attempt("kill self 0", lambda: os.kill(os.getpid(), 0))
            attempt("thread signal", lambda: signal.pthread_kill(threading.get_ident(), 0))
            attempt("thread", lambda: threading.Thread(target=lambda: None).start())
            attempt("fork", os.fork)
            attempt("netlink", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW))
            attempt("inet", lambda: socket.socket().close())
        finally:
            os.write(write_end, ",".join(found).encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        found = reader.read().decode().split(",")
    os.waitpid(pid, 0)
    try:
        assert victim.poll() is None
        assert found == ["kill other:1", "kill group:1", "kill self 0:allowed", "thread signal:allowed",
                         "thread:allowed", "fork:1", "netlink:97", "inet:allowed"]
    finally:
        victim.kill()
        victim.wait()
