"""A class of broken and hostile submissions, graded for real: real files, real child processes.

Every submission must end with a clear status and reason, the run must finish, nothing outside
the sandbox may change, and no faked pass may be scored as a pass.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, make_notebook, solution_code, write_notebook
from workshop.services.grade.grader import GradeOptions, grade
from workshop.core.workspace import Workspace
from workshop.engine.sandbox import Limits

NB = "passphrase.ipynb"
STUB = '''
def load_wordlist(text):
    raise NotImplementedError
def entropy_bits(n_words, list_size=7776):
    raise NotImplementedError
def make_passphrase(words, n=6, sep="-", rng=None):
    raise NotImplementedError
'''


def _tree_digest(root: Path) -> dict[str, str]:
    digest = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".cache" not in path.parts:
            digest[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def _corpus(subs: Path, outside: Path, solved: str, solutions: Path) -> dict[str, tuple[set[str], str]]:
    """Write the corpus; return learner → (allowed statuses, what it tries)."""
    sentinel = outside / "sentinel.txt"
    hidden_file = solutions / "01-passphrase" / "hidden" / "test_passphrase_hidden.py"
    solution_nb = solutions / "01-passphrase" / NB
    cases: dict[str, tuple[set[str], str, object]] = {
        "infinite-loop": ({"timeout"}, "loops forever at import", "while True:\n    pass\n"),
        "loop-in-function": ({"timeout"}, "a function that never returns",
                             STUB + "def load_wordlist(text):\n    while True:\n        pass\n"),
        "sleeps": ({"timeout"}, "sleeps without using the CPU", "import time\ntime.sleep(3600)\n"),
        "memory-hog": ({"resource-limit"}, "asks for 8 GB at once", "x = bytearray(8 * 1024 ** 3)\n"),
        "memory-creep": ({"resource-limit"}, "grows a list until memory runs out",
                         "chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))\n"),
        "fork-bomb": ({"error"}, "os.fork() in a loop", "import os\nwhile True:\n    os.fork()\n"),
        "subprocess": ({"error"}, "starts a shell",
                       "import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 100'])\n"),
        "multiprocessing": ({"error"}, "starts worker processes",
                            "import multiprocessing\nmultiprocessing.Process(target=print).start()\n"),
        "sys-exit": ({"error"}, "sys.exit() at import", "import sys\nsys.exit(0)\n"),
        "os-exit": ({"error"}, "os._exit(0) at import", "import os\nos._exit(0)\n"),
        "delete-tests": ({"error"}, "deletes the visible tests in its folder",
                         "import os\nos.remove('test_passphrase.py')\n"),
        "write-outside": ({"error"}, "writes a file outside its folder",
                          f"open({str(sentinel)!r}, 'w').write('changed')\n"),
        "delete-outside": ({"error"}, "deletes a file outside its folder", f"import os\nos.remove({str(sentinel)!r})\n"),
        "read-hidden-here": ({"error"}, "reads the hidden tests in its folder at import",
                             "SECRET = open('test_passphrase_hidden.py').read()\n"),
        "read-hidden-origin": ({"error"}, "reads the hidden tests where the facilitator keeps them",
                               f"SECRET = open({str(hidden_file)!r}).read()\n"),
        "read-solution": ({"error"}, "reads the solution notebook to copy it",
                          f"SECRET = open({str(solution_nb)!r}).read()\n"),
        # In a split check the learner's own pytest is not the one that runs the tests: its stub fails
        # them (failed); in one process the replaced runner is noticed (error). Never a pass.
        "patch-pytest": ({"error", "failed"}, "replaces pytest's test runner to fake a pass",
                         STUB + "import _pytest.python\n_pytest.python.Function.runtest = lambda self: None\n"),
        "patch-marshal": ({"error", "failed"}, "swaps the tests pytest loads for ones that always pass",
                          STUB + "import marshal\n_load = marshal.load\n"
                          "def _fake(handle, *args):\n    code = _load(handle, *args)\n"
                          "    if 'test_' in getattr(code, 'co_filename', ''):\n"
                          "        return compile('def test_reads_one_word_per_line():\\n    pass\\n', "
                          "code.co_filename, 'exec')\n    return code\n"
                          "marshal.load = _fake\n"),
        "patch-builtins": ({"error", "failed"}, "replaces a built-in",
                           STUB + "import builtins\nbuiltins.isinstance = lambda *a: True\n"),
        "write-conftest": ({"failed"}, "tries to add a conftest.py that marks every test passed",
                           STUB + "try:\n    open('conftest.py', 'w').write('import pytest\\n'\n"
                           "        '@pytest.hookimpl(hookwrapper=True)\\n'\n"
                           "        'def pytest_runtest_makereport(item, call):\\n'\n"
                           "        '    o = yield\\n    r = o.get_result()\\n    r.outcome = \"passed\"\\n')\n"
                           "except Exception:\n    pass\n"),
        "rewrite-tests": ({"failed"}, "tries to overwrite the tests with ones that always pass",
                          STUB + "import glob\nfor name in glob.glob('test_*.py'):\n    try:\n"
                          "        src = open(name).read()\n"
                          "        import re\n"
                          "        open(name, 'w').write(re.sub(r'(def test_\\w+\\(\\):)', r'\\1\\n    return', src))\n"
                          "    except Exception:\n        pass\n"),
        "fake-test-modules": ({"failed"}, "puts fake test modules into sys.modules",
                              STUB + "import sys, types, os\n"
                              "for name in ('test_passphrase', 'test_passphrase_hidden'):\n"
                              "    m = types.ModuleType(name)\n    m.__file__ = os.path.abspath(name + '.py')\n"
                              "    exec('def test_reads_one_word_per_line():\\n    pass\\n', m.__dict__)\n"
                              "    sys.modules[name] = m\n"),
        "forged-result": ({"error"}, "writes a fake 'all passed' result line to every descriptor and exits",
                          "import os, json\n"
                          "body = json.dumps({'tests': [], 'collection_errors': [], 'tampered': []})\n"
                          "for fd in range(0, 64):\n    try:\n"
                          "        os.write(fd, ('WORKSHOP-RESULT ' + '0' * 64 + ' ' + body + '\\n').encode())\n"
                          "    except OSError:\n        pass\n"
                          "os._exit(0)\n"),
        "kill-parent": ({"error"}, "tries to kill the grader", "import os\nos.kill(os.getppid(), 9)\n"),
        "network": ({"error"}, "opens a network connection",
                    "import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=1)\n"),
        "hidden-leak-visible": ({"passed"}, "reads the hidden tests while a visible test runs, to raise them back",
                                "SOURCE = None\n" + solved + "\n_load = load_wordlist\n"
                                "def load_wordlist(text):\n    try:\n"
                                "        source = open('test_passphrase_hidden.py').read()\n"
                                "    except Exception:\n        source = None\n"
                                "    if source:\n        raise ValueError(source)\n    return _load(text)\n"),
        # In a split check the calling test's frames are in another process: the attack finds
        # nothing and the (right) code passes; where tests and code share a process it fails.
        "hidden-leak-frames": ({"failed", "passed"}, "raises the calling hidden test's constants and values as its message",
                               solved + "\nimport sys\n_load = load_wordlist\n"
                               "def load_wordlist(text):\n    caller = sys._getframe(1)\n"
                               "    if 'hidden' in caller.f_code.co_filename:\n"
                               "        raise ValueError(repr(caller.f_code.co_consts) + repr(caller.f_locals))\n"
                               "    return _load(text)\n"),
        "prints-50mb": ({"passed"}, "prints 50 MB, otherwise right", "print('x' * (50 * 1024 * 1024))\n" + solved),
        "stray-thread": ({"passed"}, "leaves a busy thread behind, otherwise right",
                         "import threading\nthreading.Thread(target=lambda: [0 for _ in iter(int, 1)], daemon=True)"
                         ".start()\n" + solved),
        "syntax-error": ({"error"}, "Python cannot parse it", "def load_wordlist(text)\n    return []\n"),
        "recursion": ({"error"}, "recursion without end at import", "def f():\n    return f()\nf()\n"),
        "disk-filler": ({"resource-limit"}, "writes 30 MB files in its folder without end",
                        "import itertools\nfor n in itertools.count():\n"
                        "    open(f'junk-{n}.bin', 'wb').write(b'x' * (30 * 1024 * 1024))\n"),
    }
    for learner, (_statuses, _what, code) in cases.items():
        write_notebook(subs / learner / NB, [("markdown", "# my work"), code])

    raw = {
        "invalid-json": ({"invalid-notebook"}, "a notebook that is not JSON", b'{"cells": [ oops'),
        "nbformat-3": ({"invalid-notebook"}, "an nbformat 3 notebook",
                       json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}],
                                   "metadata": {}}).encode()),
        "empty-file": ({"invalid-notebook"}, "an empty file", b""),
        "non-utf8": ({"invalid-notebook"}, "bytes that are not UTF-8", b'{"cells": ["\xff\xfe\xfa"]}'),
        "huge-file": ({"invalid-notebook"}, "a 21 MB file", b" " * (21 * 1024 * 1024)),
    }
    for learner, (_statuses, _what, data) in raw.items():
        (subs / learner).mkdir()
        (subs / learner / NB).write_bytes(data)
    cases.update(raw)

    zip_nb = subs / "zip-as-notebook"
    zip_nb.mkdir()
    with zipfile.ZipFile(zip_nb / NB, "w") as archive:
        archive.writestr("inside.txt", "hello")
    cases["zip-as-notebook"] = ({"invalid-notebook"}, "a zip file named .ipynb", None)

    many = subs / "ten-thousand-cells"
    many.mkdir()
    notebook = make_notebook([solved] + [f"x{i} = {i}" for i in range(10_000)])
    (many / NB).write_text(json.dumps(notebook), encoding="utf-8")
    cases["ten-thousand-cells"] = ({"passed"}, "10,000 cells", None)

    write_notebook(subs / "김민준" / "암호문 만들기.ipynb", [solved])
    cases["김민준"] = ({"passed"}, "Korean folder and notebook names (matched by the functions it defines)", None)

    (subs / "no-work").mkdir()
    cases["no-work"] = ({"missing"}, "an empty folder", None)

    write_notebook(subs / "two-versions" / "a" / NB, [solved])
    write_notebook(subs / "two-versions" / "b" / NB, [STUB])
    cases["two-versions"] = ({"ambiguous"}, "two different notebooks of the same name", None)

    (subs / "damaged.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    cases["damaged"] = ({"invalid-notebook"}, "a damaged zip", None)

    with zipfile.ZipFile(subs / "zip-slip.zip", "w") as archive:
        archive.writestr("../../evil/" + NB, json.dumps(make_notebook([solved])))
    cases["zip-slip"] = ({"missing"}, "a zip whose only notebook is named ../../evil/…", None)

    with zipfile.ZipFile(subs / "zip-bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(NB, b"\0" * (64 * 1024 * 1024))
    cases["zip-bomb"] = ({"invalid-notebook"}, "a zip whose notebook unpacks to 64 MB", None)

    write_notebook(subs / "honest" / NB, [solved])
    cases["honest"] = ({"passed"}, "the solution, as a control", None)
    return {learner: (statuses, what) for learner, (statuses, what, _code) in cases.items()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    workspace = root / "ws"
    workspace.mkdir()
    import shutil

    shutil.copytree(REPO / "exercises", workspace / "exercises")
    shutil.copytree(REPO / "solutions", workspace / "solutions")
    subs, outside, out = root / "submissions", root / "outside", root / "grades"
    subs.mkdir()
    outside.mkdir()
    (outside / "sentinel.txt").write_text("original", encoding="utf-8")
    solved = solution_code(REPO, "01-passphrase")
    cases = _corpus(subs, outside, solved, workspace / "solutions")
    watched = {"submissions": subs, "outside": outside, "workspace": workspace, "repo-solutions": REPO / "solutions"}
    before = {name: _tree_digest(path) for name, path in watched.items()}
    options = GradeOptions(exercises=["01"], jobs=2, limits=Limits(timeout=5, memory_mb=512, disk_mb=200))
    book = grade(Workspace(workspace), subs, out, options)
    after = {name: _tree_digest(path) for name, path in watched.items()}
    return {"book": book, "cases": cases, "before": before, "after": after, "out": out, "outside": outside}


def test_the_corpus_is_big_enough(graded):
    assert len(graded["cases"]) >= 25


def test_every_submission_ends_with_the_expected_status_and_a_reason(graded):
    book, cases = graded["book"], graded["cases"]
    assert sorted(book.learners) == sorted(cases)
    wrong = {}
    for learner, (statuses, what) in cases.items():
        entry = book.entry(learner, "01-passphrase")
        if entry.status not in statuses:
            wrong[learner] = (what, entry.status, entry.reason)
        if entry.status not in ("passed", "failed"):
            assert entry.reason, (learner, entry.status)
    assert not wrong, wrong


def test_no_faked_pass_scores(graded):
    book = graded["book"]
    for learner in ("patch-pytest", "patch-marshal", "patch-builtins", "write-conftest", "rewrite-tests", "fake-test-modules",
                    "forged-result", "read-hidden-here", "read-solution"):
        entry = book.entry(learner, "01-passphrase")
        assert entry.status != "passed", learner
        assert entry.earned == 0, (learner, entry.earned)


def test_nothing_outside_the_sandbox_changed(graded):
    assert graded["before"] == graded["after"]
    assert (graded["outside"] / "sentinel.txt").read_text(encoding="utf-8") == "original"


def test_the_summary_counts_every_entry(graded):
    book = graded["book"]
    assert sum(book.counts().values()) == len(book.learners) * len(book.exercises)


def test_feedback_never_shows_hidden_test_code(graded):
    hidden = (REPO / "solutions" / "01-passphrase" / "hidden" / "test_passphrase_hidden.py").read_text(
        encoding="utf-8")
    lines = {line.strip() for line in hidden.splitlines()
             if len(line.strip()) > 24 and not line.strip().startswith(('"""', "#", "def ", "@"))}
    pages = list((graded["out"] / "feedback").glob("*.html")) + [graded["out"] / "report.html"]
    assert len(pages) > 30
    from html import unescape

    for page in pages:
        text = unescape(page.read_text(encoding="utf-8"))
        leaked = [line for line in lines if line in text]
        assert not leaked, (page.name, leaked[:2])


def test_nothing_from_a_hidden_tests_run_reaches_any_output(graded):
    # Literal values of the hidden tests of 01, which learner code raised back as its own message.
    secrets_of_hidden = ["11112   babe", "  sun  \\r\\nmoon", "  sun  \r\nmoon"]
    outputs = [path for path in graded["out"].rglob("*") if path.is_file()]
    assert outputs
    for path in outputs:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not [value for value in secrets_of_hidden if value in text], path.name
    entry = graded["book"].entry("hidden-leak-frames", "01-passphrase")
    data = json.loads((graded["out"] / "gradebook.json").read_text(encoding="utf-8"))
    assert entry.status in ("failed", "passed") and "hidden-leak-frames" in json.dumps(data)
