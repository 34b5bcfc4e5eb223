"""Attacks on the kernel's isolation of checks, graded for real beside honest learners.

The audit-hook policy (the friendly first layer) is switched off for this class, as a determined
attacker would get around it: every attack below meets only the kernel's layers (user and network
namespaces, Landlock, seccomp). Each hostile notebook is the exercise's solution plus one attack run
at import: if the attack works, the notebook raises ``ESCAPED`` (so it cannot pass); if the kernel
refuses it, the notebook passes like any honest one. Beyond the verdicts, each attack's effect is
looked for where it would land: a canary in the facilitator's home, a file written through a
directory descriptor, a process left running, datagrams and connections at listeners on this
machine's loopback. Linux with every layer only (elsewhere the layers are not there to attack).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, processes_with, solution_code, write_notebook
from workshop.services.grade.grader import GradeOptions, grade
from workshop.core.workspace import Workspace
from workshop.engine import isolation
from workshop.engine.child import NO_AUDIT_HOOKS_VARIABLE
from workshop.engine.sandbox import Limits

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(set(isolation.probe()["layers"]) != set(isolation.LAYERS),
                       reason="needs Linux with user namespaces, Landlock and seccomp"),
]
NB = "passphrase.ipynb"

PRELUDE = '''
import os, sys, socket, signal, glob
ESCAPED = []
def attempt(name, action):
    try:
        found = action()
    except Exception:
        return
    ESCAPED.append(f"{name}: {found!r}"[:300])
'''
EPILOGUE = '''
if ESCAPED:
    raise RuntimeError("ESCAPED " + "; ".join(ESCAPED))
'''


def _attacks(paths: dict) -> dict[str, str]:
    """Learner name → attack code (run at import, before the solution's code)."""
    return {
        "read-home": f"attempt('home', lambda: open({paths['canary']!r}).read())\n"
                     f"attempt('home listing', lambda: os.listdir({paths['home']!r}))",
        "read-solutions": f"attempt('solution', lambda: open({paths['solution']!r}).read()[:50])\n"
                          f"attempt('hidden tests', lambda: open({paths['hidden']!r}).read()[:50])",
        "read-other-learner": f"attempt('other learner', lambda: open({paths['honest']!r}).read()[:50])",
        "read-other-workers": "attempt('workers', lambda: [open(p).read()[:20] for p in "
                              "glob.glob(os.path.join(os.path.dirname(os.getcwd()), '*', '*.py'))] or 1/0)\n"
                              "attempt('parent listing', lambda: os.listdir('..'))",
        "write-dir-fd": f"def write():\n    fd = os.open({paths['outside']!r}, os.O_RDONLY | os.O_DIRECTORY)\n"
                        "    os.write(os.open('pwned.txt', os.O_CREAT | os.O_WRONLY, dir_fd=fd), b'x')\n"
                        "attempt('dir_fd write', write)",
        "fork-exec-setsid": "import _posixsubprocess\n"
                            f"MARK, TOKEN = {paths['marker']!r}, {paths['token']!r}\n"
                            "CODE = 'import time, pathlib; time.sleep(1); pathlib.Path(%r).write_text(\"x\")' % MARK\n"
                            "def spawn():\n"
                            "    args = [sys.executable, '-c', CODE, TOKEN]\n"
                            "    r, w = os.pipe()\n"
                            "    return _posixsubprocess.fork_exec(args, [os.fsencode(sys.executable)], True, (), None,"
                            " None, -1, -1, -1, -1, -1, -1, r, w, True, True, -1, None, None, None, -1, None, False)\n"
                            "attempt('fork_exec', spawn)\n"
                            "import subprocess\n"
                            f"attempt('Popen setsid', lambda: subprocess.Popen([sys.executable, '-c', "
                            f"'import time; time.sleep(30)', {paths['token']!r}], start_new_session=True))\n"
                            "attempt('os.fork', lambda: os.fork() or os._exit(0))",
        "proc-mem": "def mem():\n    with open(f'/proc/{os.getppid()}/mem', 'rb') as handle:\n"
                    "        return handle.read(1)\n"
                    "attempt('/proc/ppid/mem', mem)\n"
                    "attempt('/proc/ppid/environ', lambda: open(f'/proc/{os.getppid()}/environ').read()[:40])\n"
                    "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                    "attempt('ptrace', lambda: libc.ptrace(16, os.getppid(), 0, 0) == 0 or 1/0)\n"
                    "buf = ctypes.create_string_buffer(8)\n"
                    "attempt('process_vm_readv', lambda: libc.syscall(310, os.getppid(), 0, 1, 0, 1, 0) >= 0 or 1/0)",
        "kill-siblings": "attempt('pidfd kill', lambda: signal.pidfd_send_signal(os.pidfd_open(os.getppid()), 9))\n"
                         "attempt('kill parent', lambda: os.kill(os.getppid(), 9))\n"
                         "attempt('kill group', lambda: os.killpg(os.getpgid(os.getppid()), 9))\n"
                         f"attempt('kill another check', lambda: os.kill({paths['victim']}, 9))\n"
                         f"attempt('pidfd kill another', lambda: signal.pidfd_send_signal(os.pidfd_open({paths['victim']}), 9))",
        "udp-sendmsg": "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                       f"attempt('udp sendmsg', lambda: s.sendmsg([b'leak'], [], 0, ('127.0.0.1', {paths['udp']})))",
        "tcp-fast-open": "s = socket.socket()\n"
                         f"attempt('tcp fast open', lambda: s.sendto(b'leak', socket.MSG_FASTOPEN, "
                         f"('127.0.0.1', {paths['tcp']})))\n"
                         f"attempt('tcp connect', lambda: socket.create_connection(('127.0.0.1', {paths['tcp']}), "
                         "timeout=1))",
        "dns": "attempt('dns', lambda: socket.getaddrinfo('workshop-leak.invalid', 80))\n"
               "attempt('resolv.conf', lambda: open('/etc/resolv.conf').read())",
        "abstract-socket": "s = socket.socket(socket.AF_UNIX)\n"
                           f"attempt('abstract unix', lambda: s.connect({paths['abstract']!r}))\n"
                           "attempt('netlink', lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW))",
    }


class _Listeners:
    """A UDP socket, a TCP listener and an abstract unix socket on this machine, recording what arrives."""

    def __init__(self):
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(0.2)
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.tcp.settimeout(0.2)
        self.abstract_name = "\0workshop-test-" + secrets.token_hex(6)
        self.abstract = socket.socket(socket.AF_UNIX)
        self.abstract.bind(self.abstract_name)
        self.abstract.listen()
        self.abstract.settimeout(0.2)
        self.arrived: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self):
        while not self._stop.is_set():
            for name, receive in (("udp", lambda: self.udp.recvfrom(100)), ("tcp", self.tcp.accept),
                                  ("abstract", self.abstract.accept)):
                try:
                    receive()
                    self.arrived.append(name)
                except OSError:
                    pass

    def close(self):
        self._stop.set()
        self._thread.join()
        for sock in (self.udp, self.tcp, self.abstract):
            sock.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-os")
    workspace = root / "ws"
    shutil.copytree(REPO / "exercises", workspace / "exercises")
    shutil.copytree(REPO / "solutions", workspace / "solutions")
    home, outside, subs, out = root / "home", root / "outside", root / "submissions", root / "grades"
    for folder in (home, outside, subs):
        folder.mkdir()
    canary = "CANARY-" + secrets.token_hex(8)
    (home / "testimonies.txt").write_text(canary, encoding="utf-8")
    solved = solution_code(REPO, "01-passphrase")
    listeners = _Listeners()
    # Stands for another learner's check running beside: it must be alive after grading.
    victim = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    paths = {"home": str(home), "canary": str(home / "testimonies.txt"), "outside": str(outside),
             "solution": str(workspace / "solutions" / "01-passphrase" / NB),
             "hidden": str(workspace / "solutions" / "01-passphrase" / "hidden" / "test_passphrase_hidden.py"),
             "honest": str(subs / "honest-1" / NB), "marker": str(outside / "spawned.txt"),
             "token": "workshop-escape-" + secrets.token_hex(6), "udp": listeners.udp.getsockname()[1],
             "tcp": listeners.tcp.getsockname()[1], "abstract": listeners.abstract_name, "victim": victim.pid}
    attacks = _attacks(paths)
    for learner, code in attacks.items():
        write_notebook(subs / learner / NB, [PRELUDE + code + EPILOGUE, solved])
    honest = [f"honest-{n}" for n in range(1, 4)]
    for number, learner in enumerate(honest, 1):
        write_notebook(subs / learner / NB, [("markdown", "# mine"), solved + f"\nMY_NUMBER = {number}\n"])
    os.environ[NO_AUDIT_HOOKS_VARIABLE] = "1"
    try:
        started = time.monotonic()
        book = grade(Workspace(workspace), subs, out,
                     GradeOptions(exercises=["01"], jobs=2, limits=Limits(timeout=10, memory_mb=768)))
        seconds = time.monotonic() - started
    finally:
        del os.environ[NO_AUDIT_HOOKS_VARIABLE]
    time.sleep(1.5)  # a process that escaped would write its marker after 1 s
    survivors = processes_with(paths["token"])
    listeners.close()
    victim_alive = victim.poll() is None
    victim.kill()
    victim.wait()
    return {"book": book, "attacks": attacks, "honest": honest, "paths": paths, "canary": canary, "out": out,
            "arrived": listeners.arrived, "survivors": survivors, "seconds": seconds,
            "victim_alive": victim_alive}


def test_every_attack_is_refused_by_the_kernel(graded):
    book = graded["book"]
    escaped = {}
    for learner in graded["attacks"]:
        entry = book.entry(learner, "01-passphrase")
        if entry.status != "passed":
            escaped[learner] = (entry.status, entry.reason)
    assert not escaped, escaped


def test_honest_learners_beside_them_pass(graded):
    for learner in graded["honest"]:
        entry = graded["book"].entry(learner, "01-passphrase")
        assert entry.status == "passed", (learner, entry.reason)
        assert entry.earned == graded["book"].possible()


def test_no_effect_lands_outside(graded):
    paths = graded["paths"]
    assert not (Path(paths["outside"]) / "pwned.txt").exists()
    assert not Path(paths["marker"]).exists()
    assert graded["survivors"] == [], "a process started by learner code outlived grading"
    assert graded["arrived"] == [], "learner code reached a listener on this machine's loopback"
    assert graded["victim_alive"], "learner code killed another process"


def test_the_canary_reaches_no_output(graded):
    for path in graded["out"].rglob("*"):
        if path.is_file():
            assert graded["canary"] not in path.read_text(encoding="utf-8", errors="replace"), path


def test_a_stub_cannot_forge_a_pass_by_walking_frames(tmp_path):
    from workshop.core.exercise import load_exercise
    from workshop.engine.pipeline import check_notebook

    forge = '''
import sys
def _forge():
    frame = sys._getframe()
    while frame is not None:
        collector = frame.f_locals.get("collector")
        if collector is not None and hasattr(collector, "records"):
            original = type(collector)._record
            def record(item, outcome, message, location=None):
                original(collector, item, "passed", "", None)
                for entry in collector.records.values():
                    entry["outcome"] = "passed"
            collector._record = record
            for entry in collector.records.values():
                entry["outcome"] = "passed"
            return
        frame = frame.f_back
def load_wordlist(text):
    _forge()
    raise NotImplementedError
def entropy_bits(n_words, list_size=7776):
    _forge()
    raise NotImplementedError
def make_passphrase(words, n=6, sep="-", rng=None):
    _forge()
    raise NotImplementedError
'''
    exercise = load_exercise(REPO / "exercises" / "01-passphrase")
    notebook = write_notebook(tmp_path / NB, [forge])
    result = check_notebook(exercise, notebook, limits=Limits(timeout=10))
    assert result.earned == 0, json.dumps(result.to_dict())[:300]
