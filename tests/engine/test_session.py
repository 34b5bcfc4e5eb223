"""A pytest session prepared once and run in a forked child gives what ``pytest.main`` gives."""

from __future__ import annotations

import os

import pytest

from workshop.engine.plugin import ResultCollector, pytest_args
from workshop.engine.session import prepare

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="prepared sessions are for forked children")

TESTS = '''
import pytest

@pytest.mark.task(1)
def test_one():
    assert 1 + 1 == 2

@pytest.mark.task(2)
@pytest.mark.points(3)
def test_two():
    assert [1, 2] == [1, 3]
'''


def _run_in_child(function) -> int:
    """Run ``function`` in a forked child; its return value (a small int) is the exit status."""
    pid = os.fork()
    if pid == 0:
        try:
            code = function()
        except BaseException:  # noqa: BLE001 - any failure shows as status 99
            code = 99
        os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    return os.WEXITSTATUS(status)


def _folder(tmp_path):
    (tmp_path / "test_sample.py").write_text(TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / ".tmp").mkdir()
    return pytest_args(["test_sample.py"], str(tmp_path / ".tmp"), str(tmp_path / "pytest.ini"), str(tmp_path)) + [
        "--noconftest", "--capture=no", "-p", "no:logging"]


def test_a_prepared_session_records_what_pytest_main_records(tmp_path):
    args = _folder(tmp_path)
    collector = ResultCollector(None, set())
    session = prepare(args, collector, str(tmp_path))
    assert session is not None

    def run_prepared():
        os.chdir(tmp_path)
        exit_code = session.run()
        outcomes = sorted((r["name"], r["outcome"], r["task"], r["points"]) for r in collector.records.values())
        return 10 + exit_code if outcomes == [("test_one", "passed", 1, 1.0), ("test_two", "failed", 2, 3.0)] else 50

    def run_plain():
        os.chdir(tmp_path)
        plain = ResultCollector(None, set())
        exit_code = pytest.main(args, plugins=[plain])
        outcomes = sorted((r["name"], r["outcome"], r["task"], r["points"]) for r in plain.records.values())
        return 10 + exit_code if outcomes == [("test_one", "passed", 1, 1.0), ("test_two", "failed", 2, 3.0)] else 50

    # Twice from the same preparation: each child starts from the untouched configuration.
    assert _run_in_child(run_prepared) == 11
    assert _run_in_child(run_prepared) == 11
    assert _run_in_child(run_plain) == 11


def test_preparing_leaves_this_process_importing_as_before(tmp_path):
    import sys

    before = list(sys.meta_path)
    cwd = os.getcwd()
    session = prepare(_folder(tmp_path), ResultCollector(None, set()), str(tmp_path))
    assert session is not None and session.import_hooks  # pytest's assertion rewriting, kept for the child
    assert sys.meta_path == before
    assert os.getcwd() == cwd


def test_a_command_line_pytest_refuses_gives_no_session(tmp_path):
    args = _folder(tmp_path) + ["--no-such-option"]
    assert prepare(args, ResultCollector(None, set()), str(tmp_path)) is None
