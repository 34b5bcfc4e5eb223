"""The pytest plugin that turns a test session into plain records: one per test, plus errors.

Runs inside the checker's child process and inside the learner's kernel for ``check()``: both
front ends get the same records from the same code, so they give the same verdict.
"""

from __future__ import annotations

import os

import pytest

from workshop.engine.pytest_compat import skip_failure_text

MAX_MESSAGE_CHARS = 600
MAX_MESSAGE_LINES = 8


def short_message(text: str) -> str:
    """The first lines of an error message, trimmed for a person to read."""
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    clipped = "\n".join(lines[:MAX_MESSAGE_LINES])
    if len(lines) > MAX_MESSAGE_LINES:
        clipped += "\n…"
    if len(clipped) > MAX_MESSAGE_CHARS:
        clipped = clipped[: MAX_MESSAGE_CHARS - 1] + "…"
    return clipped


def _marker_value(item, name: str, default):
    marker = item.get_closest_marker(name)
    if marker is None or not marker.args:
        return default
    return marker.args[0]


def _description(item) -> str:
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    return doc.splitlines()[0].strip() if doc else ""


class ResultCollector:
    """Collects one record per test. ``learner_file``: the module built from the notebook, whose
    frames mark where a failure happened in the learner's code. ``hidden_files``: test files whose
    source must never reach the learner (their assertion text is replaced by the description).
    """

    def __init__(self, learner_file: str | None, hidden_files: set[str]):
        self.learner_file = os.path.realpath(learner_file) if learner_file else None
        self.hidden_files = {os.path.basename(name) for name in hidden_files}
        self.records: dict[str, dict] = {}
        self.collection_errors: list[dict] = []
        self._real_paths: dict[str, str | None] = {}
        #: Called once the tests are collected (the checker's child closes the hidden tests' seal).
        self.after_collection = None

    # -- hooks ---------------------------------------------------------------------------------

    def pytest_configure(self, config):
        config.addinivalue_line("markers", "task(n): the task of the exercise this test belongs to")
        config.addinivalue_line("markers", "points(p): how many points this test is worth")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if report.passed:
            if call.when != "teardown":
                self._record(item, "passed", "")
        elif report.skipped:
            self._record(item, "skipped", _skip_reason(report))
        elif report.failed:
            kind = "failed" if call.when == "call" else "error"
            message, location = self._failure(item, call.excinfo)
            self._record(item, kind, message, location)
        return report

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        # pytest formats a whole traceback for every failing test (~1 ms each, the most a stub
        # notebook costs); nothing shows it (--tb=no) and the records carry their own message.
        skip_failure_text(items)

    def pytest_collection_finish(self, session):
        if self.after_collection is not None:
            self.after_collection()

    def pytest_collectreport(self, report):
        if report.failed:
            path = os.path.basename(str(getattr(report, "fspath", "") or report.nodeid))
            text = str(report.longrepr)
            raised = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
            message = short_message("\n".join(raised) if raised else text)
            if path in self.hidden_files and "cannot import name" not in message:
                message = ""  # never show a hidden test file's code
            self.collection_errors.append({"file": path, "message": message})

    # -- helpers -------------------------------------------------------------------------------

    def _real(self, filename: str) -> str | None:
        real = self._real_paths.get(filename, False)
        if real is False:
            try:
                real = os.path.realpath(filename)
            except (OSError, ValueError, TypeError):
                real = None
            self._real_paths[filename] = real
        return real

    def _is_hidden(self, item) -> bool:
        return os.path.basename(str(item.path)) in self.hidden_files

    def _record(self, item, outcome: str, message: str, location=None):
        if self._is_hidden(item):
            # Nothing derived from a hidden test's run reaches the learner, only its description:
            # not its values or assertion text, nor learner code's own exception or skip reason
            # that could carry them out, nor where in the notebook it happened.
            message, location = "", None
        record = self.records.get(item.nodeid)
        if record is None:
            self.records[item.nodeid] = record = {
                "nodeid": item.nodeid,
                "name": item.name,
                "function": getattr(item, "originalname", item.name),
                "file": os.path.basename(str(item.path)),
                "task": _marker_value(item, "task", None),
                "points": float(_marker_value(item, "points", 1)),
                "outcome": outcome,
                "description": _description(item),
                "message": message,
                "hidden": self._is_hidden(item),
                "learner_line": location,
            }
        elif record["outcome"] == "passed":  # else the first failure (setup or call) is the one that explains
            record.update(outcome=outcome, message=message, learner_line=location)

    def _failure(self, item, excinfo) -> tuple[str, int | None]:
        if excinfo is None or self._is_hidden(item):
            return "", None  # a hidden test: see _record
        learner_line = None
        if self.learner_file:
            tb = excinfo.tb
            while tb is not None:  # the raw frames: pytest's traceback entries cost ~1 ms per failure
                if self._real(tb.tb_frame.f_code.co_filename) == self.learner_file:
                    learner_line = tb.tb_lineno
                tb = tb.tb_next
        try:
            text = excinfo.exconly()
        except Exception:  # noqa: BLE001 - a learner's exception whose __str__ itself raises
            text = excinfo.typename
        return short_message(text), learner_line

    def payload(self) -> dict:
        """Everything collected, as plain data."""
        return {"tests": list(self.records.values()), "collection_errors": self.collection_errors}


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return short_message(str(longrepr[2]))
    return ""


def pytest_args(test_files: list[str], basetemp: str, inifile: str, rootdir: str) -> list[str]:
    """The pytest command line shared by the child process and the in-kernel check."""
    return [
        *test_files,
        "-q",
        "-c", inifile,
        "--rootdir", rootdir,
        "--basetemp", basetemp,
        "-p", "no:cacheprovider",
        "-p", "no:stepwise",
        "-p", "no:faulthandler",
        "-p", "no:doctest",
        "-p", "no:pastebin",
        "-p", "no:junitxml",
        "-p", "no:legacypath",
        "-p", "no:warnings",
        # Its end-of-session gc.collect() passes cost ~80 ms per check; learners gain nothing from it.
        "-p", "no:unraisableexception",
        "-p", "no:threadexception",
        "--no-header",
        "--tb=no",
        "-o", "console_output_style=classic",
    ]
