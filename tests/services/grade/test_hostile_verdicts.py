"""Attacks on the verdict and on the hidden tests, graded for real beside honest learners (issue 14 §2, §3).

In a split check the tests run in one process and the learner's code in another
(:mod:`workshop.engine.split`). The audit-hook policy is switched off here, as a determined attacker
would get around it, so these attacks meet only the split and the kernel's layers.

* **Forgers** are stubs (every function wrong) plus an attempt to get marks anyway: walking the
  frames or the garbage collector to the result collector, patching pytest and the checker in
  ``sys.modules``, finding the signing key and writing a signed result to every descriptor, killing
  the test process, printing result markers, replacing built-ins, returning objects whose ``==``
  always says yes, raising pytest's own skip/exit outcomes, writing into the call socket. Each must
  end with no points.
* **Readers** are the solution plus an attempt to read the hidden tests by every means (``open``,
  ``os.open`` with ``dir_fd``, ``O_PATH`` and ``/proc/self/fd``, a link, ``mmap``, the ``openat``
  system call through ctypes, the rewritten ``.pyc``, the originals, the process's own memory): if
  one works the notebook raises ``ESCAPED`` and cannot pass; refused, it passes like an honest one.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import REPO, solution_code, write_notebook
from workshop.services.grade.grader import GradeOptions, grade
from workshop.core.workspace import Workspace
from workshop.engine import isolation, split
from workshop.engine.child import NO_AUDIT_HOOKS_VARIABLE
from workshop.engine.sandbox import Limits

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not split.available(), reason="split checks need fork (POSIX)"),
]
NB = "passphrase.ipynb"
STUB_BODY = '''
def load_wordlist(text):
    attack()
    raise NotImplementedError
def entropy_bits(n_words, list_size=7776):
    attack()
    raise NotImplementedError
def make_passphrase(words, n=6, sep="-", rng=None):
    attack()
    raise NotImplementedError
'''

FORGERS = {
    "walk-frames": '''
import sys
def attack():
    frame = sys._getframe()
    while frame is not None:
        for value in list(frame.f_locals.values()):
            if hasattr(value, "records") and hasattr(value, "payload"):
                for entry in value.records.values():
                    entry["outcome"] = "passed"
                value._record = lambda item, outcome, message, location=None: None
        frame = frame.f_back
attack()
''',
    "gc-collector": '''
import gc
def attack():
    for value in gc.get_objects():
        if type(value).__name__ == "ResultCollector":
            value.payload = lambda: {"tests": [], "collection_errors": []}
            for entry in value.records.values():
                entry["outcome"] = "passed"
attack()
''',
    "patch-framework": '''
import sys
def attack():
    plugin = sys.modules.get("workshop.engine.plugin")
    if plugin is not None:
        plugin.ResultCollector._record = lambda self, item, outcome, message, location=None: None
    import _pytest.python, _pytest.runner, _pytest.reports
    _pytest.python.Function.runtest = lambda self: None
    _pytest.reports.TestReport.failed = property(lambda self: False)
    _pytest.reports.TestReport.passed = property(lambda self: True)
    import builtins
    builtins.AssertionError = type("AssertionError", (Exception,), {})
attack()
''',
    "signed-line": '''
import gc, hmac, hashlib, json, os, glob
def attack():
    keys = [value.key for value in gc.get_objects() if type(value).__name__ == "CheckJob" and value.key]
    body = json.dumps({"tests": [{"name": "test_x", "outcome": "passed", "points": 100, "task": 1,
                                  "file": "test_passphrase.py", "function": "test_x"}],
                       "collection_errors": [], "tampered": []})
    lines = [("WORKSHOP-RESULT " + hmac.new(bytes.fromhex(key), body.encode(), hashlib.sha256).hexdigest()
              + " " + body + "\\n").encode() for key in keys] or [b"WORKSHOP-RESULT 0 {}\\n"]
    targets = list(range(0, 256))
    for path in glob.glob("/proc/self/fd/*") + glob.glob(f"/proc/{os.getppid()}/fd/*"):
        try:
            targets.append(os.open(path, os.O_WRONLY))
        except OSError:
            pass
    for fd in targets:
        for line in lines:
            try:
                os.write(fd, line)
            except OSError:
                pass
attack()
''',
    "kill-tests": '''
import os, signal
def attack():
    for target in (lambda: os.kill(os.getppid(), signal.SIGKILL), lambda: os.killpg(0, signal.SIGKILL),
                   lambda: os.kill(os.getppid(), signal.SIGSTOP)):
        try:
            target()
        except OSError:
            pass
''',
    "result-markers": '''
import os
def attack():
    line = "WORKSHOP-RESULT " + "0" * 64 + ' {"tests": [], "collection_errors": []}\\n'
    print(line * 3)
    os.write(1, line.encode())
    os.write(2, line.encode())
attack()
''',
    "patch-builtins": '''
import builtins
def attack():
    builtins.len = lambda value: 0
    builtins.sorted = lambda value, **kw: []
    builtins.isinstance = lambda *args: True
    builtins.set = lambda *args: {1}
attack()
''',
    "always-equal": '''
def attack():
    pass
class Yes:
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = lambda self: 0
    __bool__ = lambda self: True
    __contains__ = lambda self, item: True
    __ge__ = __le__ = __gt__ = __lt__ = __eq__
    __len__ = lambda self: 6
class Same(str):
    __eq__ = lambda self, other: True
    __hash__ = str.__hash__
class Close(float):
    __eq__ = lambda self, other: True
    __hash__ = float.__hash__
def load_wordlist(text):
    return [Same("x"), Yes()] if "#" in text else Yes()
def entropy_bits(n_words, list_size=7776):
    return Close(0.0)
def make_passphrase(words, n=6, sep="-", rng=None):
    raise NotImplementedError
''',
    "pytest-outcomes": '''
import pytest, _pytest.outcomes
COUNT = [0]
def attack():
    COUNT[0] += 1
    kinds = [pytest.skip.Exception("skip"), _pytest.outcomes.XFailed("xfail"), _pytest.outcomes.Exit("stop", 0)]
    raise kinds[COUNT[0] % 3]
''',
    "socket-writes": '''
import gc, socket, sys
def attack():
    framing = sys.modules["workshop.engine.framing"]  # the checker's own framing, as the learner process has it
    for value in gc.get_objects():
        if isinstance(value, socket.socket):
            for message in ({"ok": True}, {"op": "get", "h": 1, "n": "__globals__"},
                            {"op": "call", "h": 1, "m": "__class__", "a": [], "k": {}},
                            {"ok": {"B": 7}}):  # a blob the frame does not bring
                try:
                    framing.send(value, message, [b"forged" * 300] if "B" in str(message) else ())
                except OSError:
                    pass
''',
}

READ_PRELUDE = '''
import os, sys, glob, gc, mmap, ctypes
ESCAPED = []
def attempt(name, action):
    try:
        found = action()
    except Exception:
        return
    if found:
        ESCAPED.append(f"{name}: {found!r}"[:200])
HERE = os.getcwd()
UP = os.path.dirname(HERE)
NAME = "test_passphrase_hidden.py"
'''
READ_EPILOGUE = '''
if ESCAPED:
    raise RuntimeError("ESCAPED " + "; ".join(ESCAPED))
'''


DURING_CALLS = """
import gc
_real_load_wordlist = load_wordlist
def load_wordlist(text):
    if [o for o in gc.get_objects() if getattr(o, "__name__", None) == "MARK_HERE"]:
        raise RuntimeError("ESCAPED: the hidden tests are in this process")
    return _real_load_wordlist(text)
"""


def _readers(paths: dict) -> dict[str, str]:
    return {
        "read-open": "attempt('parent', lambda: open(os.path.join(UP, NAME)).read())\n"
                     "attempt('relative', lambda: open('../' + NAME).read())\n"
                     f"attempt('original', lambda: open({paths['hidden']!r}).read())\n"
                     "attempt('listing', lambda: [n for n in os.listdir(UP) if 'hidden' in n])\n"
                     "attempt('glob', lambda: glob.glob(os.path.join(UP, '**', '*hidden*'), recursive=True))\n"
                     "attempt('pyc', lambda: [open(p, 'rb').read() for p in glob.glob(os.path.join(UP, '__pycache__', '*'))])",
        "read-dir-fd": "def by_dir_fd():\n    fd = os.open(UP, os.O_RDONLY | os.O_DIRECTORY)\n"
                       "    return os.read(os.open(NAME, os.O_RDONLY, dir_fd=fd), 100)\n"
                       "attempt('dir_fd', by_dir_fd)\n"
                       "def by_o_path():\n    fd = os.open(UP, os.O_PATH | os.O_DIRECTORY)\n"
                       "    return open(f'/proc/self/fd/{fd}/' + NAME).read()\n"
                       "attempt('O_PATH /proc/self/fd', by_o_path)\n"
                       "def by_dotdot_fd():\n    fd = os.open('.', os.O_RDONLY | os.O_DIRECTORY)\n"
                       "    return os.read(os.open('../' + NAME, os.O_RDONLY, dir_fd=fd), 100)\n"
                       "attempt('dir_fd ..', by_dotdot_fd)",
        "read-fds": "def scan():\n    found = []\n    for fd in range(3, 256):\n        try:\n"
                    "            target = os.readlink(f'/proc/self/fd/{fd}')\n        except OSError:\n"
                    "            target = ''\n        try:\n            data = os.pread(fd, 100, 0)\n"
                    "        except OSError:\n            continue\n        if b'def test' in data:\n"
                    "            found.append((fd, target))\n    return found\nattempt('inherited fds', scan)",
        "read-links": "def by_link(kind):\n    if os.path.lexists('x'):\n        os.remove('x')\n"
                      "    getattr(os, kind)(os.path.join(UP, NAME), 'x')\n    return open('x').read()\n"
                      "attempt('symlink', lambda: by_link('symlink'))\nattempt('hard link', lambda: by_link('link'))\n"
                      "attempt('rename', lambda: os.rename(os.path.join(UP, NAME), 'stolen.py') or open('stolen.py').read())",
        "read-mmap": "def by_mmap():\n    with open(os.path.join(UP, NAME), 'rb') as handle:\n"
                     "        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)[:100]\n"
                     "attempt('mmap', by_mmap)",
        "read-syscall": "libc = ctypes.CDLL(None, use_errno=True)\n"
                        "def by_openat():\n    fd = libc.syscall(257, -100, os.fsencode(os.path.join(UP, NAME)), 0, 0)\n"
                        "    return os.read(fd, 100) if fd >= 0 else None\n"
                        "attempt('openat syscall', by_openat)\n"
                        "def by_openat2():\n    how = ctypes.create_string_buffer(24)\n"
                        "    fd = libc.syscall(437, -100, os.fsencode('../' + NAME), how, 24)\n"
                        "    return os.read(fd, 100) if fd >= 0 else None\n"
                        "attempt('openat2 syscall', by_openat2)",
        "read-memory": f"MARK = {paths['mark']!r}\n"
                       "attempt('modules', lambda: [n for n in sys.modules if 'hidden' in n])\n"
                       "attempt('functions', lambda: [o for o in gc.get_objects() if getattr(o, '__name__', None) == MARK])\n"
                       "attempt('namespaces', lambda: [o for o in gc.get_objects() if isinstance(o, dict) and MARK in o][:1])\n"
                       "attempt('own memory', lambda: open('/proc/self/mem', 'rb').read(1))\n"
                       "attempt('parent memory', lambda: open(f'/proc/{os.getppid()}/mem', 'rb').read(1))\n"
                       "attempt('parent maps', lambda: open(f'/proc/{os.getppid()}/maps').read(100))",
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-verdicts")
    workspace = root / "ws"
    shutil.copytree(REPO / "exercises", workspace / "exercises")
    shutil.copytree(REPO / "solutions", workspace / "solutions")
    subs, out = root / "submissions", root / "grades"
    subs.mkdir()
    solved = solution_code(REPO, "01-passphrase")
    hidden = workspace / "solutions" / "01-passphrase" / "hidden" / "test_passphrase_hidden.py"
    # A test name only the hidden file has: found anywhere learner code can look, the tests leaked.
    mark = "test_bits_grow_by_the_same_amount_per_word"
    assert mark in hidden.read_text(encoding="utf-8")
    for learner, code in FORGERS.items():
        body = code if "def load_wordlist" in code else code + STUB_BODY
        write_notebook(subs / learner / NB, [body])
    readers = _readers({"hidden": str(hidden), "mark": mark})
    for learner, code in readers.items():
        write_notebook(subs / learner / NB, [READ_PRELUDE + code + READ_EPILOGUE, solved])
    # While the hidden tests run: every call looks for them among the learner process's objects.
    readers["read-memory-during-calls"] = DURING_CALLS
    write_notebook(subs / "read-memory-during-calls" / NB, [solved, DURING_CALLS.replace("MARK_HERE", mark)])
    honest = [f"honest-{n}" for n in range(1, 4)]
    for number, learner in enumerate(honest, 1):
        write_notebook(subs / learner / NB, [solved + f"\nMY_NUMBER = {number}\n"])
    os.environ[NO_AUDIT_HOOKS_VARIABLE] = "1"
    try:
        book = grade(Workspace(workspace), subs, out,
                     GradeOptions(exercises=["01"], jobs=2, limits=Limits(timeout=10, memory_mb=768)))
    finally:
        del os.environ[NO_AUDIT_HOOKS_VARIABLE]
    return {"book": book, "honest": honest, "readers": readers, "out": out, "mark": mark}


def test_no_forger_gets_a_point(graded):
    book = graded["book"]
    scored = {}
    for learner in FORGERS:
        entry = book.entry(learner, "01-passphrase")
        if entry.status == "passed" or entry.earned:
            scored[learner] = (entry.status, entry.earned, entry.reason)
    assert not scored, scored


def test_honest_learners_beside_them_get_full_marks(graded):
    for learner in graded["honest"]:
        entry = graded["book"].entry(learner, "01-passphrase")
        assert entry.status == "passed", (learner, entry.reason)
        assert entry.earned == graded["book"].possible()


@pytest.mark.skipif(set(isolation.probe()["layers"]) != set(isolation.LAYERS),
                    reason="the hidden tests are out of reach by the kernel's layers: Linux with all of them")
def test_no_reader_finds_the_hidden_tests(graded):
    book = graded["book"]
    escaped = {}
    for learner in graded["readers"]:
        entry = book.entry(learner, "01-passphrase")
        if entry.status != "passed":
            escaped[learner] = (entry.status, entry.reason)
    assert not escaped, escaped


def test_the_hidden_tests_reach_no_output(graded):
    hidden = (REPO / "solutions" / "01-passphrase" / "hidden" / "test_passphrase_hidden.py").read_text(
        encoding="utf-8")
    lines = {line.strip() for line in hidden.splitlines()
             if len(line.strip()) > 24 and not line.strip().startswith(('"""', "#", "def ", "@"))}
    for path in graded["out"].rglob("*"):
        if path.is_file() and ".cache" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [line for line in lines if line in text], path.name
