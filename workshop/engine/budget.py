"""A time budget for checks that run in the learner's own kernel (``check()`` in a notebook).

A check in a child process is stopped by killing the child. In the learner's kernel nothing may
be killed — the learner would lose every variable — and in a browser kernel (Pyodide) there are
no threads to interrupt from. So the learner's own frames are traced, and once the budget is
spent the next line of learner code raises :class:`CheckTimeLimit`: the test fails, the check
ends, and the kernel keeps its state. Only frames of the learner's code are traced line by line
(pytest's and the standard library's are not), so a check pays for it only in the learner's code.
"""

from __future__ import annotations

import sys
import sysconfig
import time
from contextlib import contextmanager
from pathlib import Path


class CheckTimeLimit(BaseException):
    """Raised inside learner code when the check's time budget is spent.

    A ``BaseException``, so that a learner's ``except Exception`` cannot swallow it."""


def _library_prefixes() -> tuple[str, ...]:
    paths = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in sysconfig.get_paths()}
    paths.add(str(Path(__file__).resolve().parent.parent))  # the toolkit itself
    return tuple(sorted(paths))


class Budget:
    """What :func:`time_budget` yields: whether the budget ran out, and a way to re-arm the trace.

    Python unsets a trace function that raises, so after stopping one piece of learner code the
    trace must be put back (the pytest hooks below do it before each test's phases)."""

    def __init__(self, tracer):
        self.exceeded = False
        self._tracer = tracer

    def rearm(self) -> None:
        """Trace learner code again (after a :class:`CheckTimeLimit` unset the trace)."""
        sys.settrace(self._tracer)

    # pytest hooks, so that the budget can be passed to pytest as a plugin
    def pytest_runtest_setup(self, item) -> None:
        if self.exceeded:
            import pytest

            from workshop.util.i18n import _

            pytest.fail(_("Not run: an earlier test used up the time the check has."), pytrace=False)
        self.rearm()

    def pytest_runtest_call(self, item) -> None:
        self.rearm()

    def pytest_runtest_teardown(self, item) -> None:
        self.rearm()


@contextmanager
def time_budget(seconds: float, not_learner: tuple[str, ...] = ()):
    """Within the block, learner code that runs past ``seconds`` raises :class:`CheckTimeLimit`.

    The clock starts when learner code first runs, so a slow start of pytest (a first check in a
    browser, a busy laptop) is not counted. Code under the folders in ``not_learner`` (the
    exercise's tests), the standard library, installed packages and the toolkit are never
    stopped. Yields a :class:`Budget`; pass it to ``pytest.main(plugins=[...])`` so that every
    test is watched, and read ``budget.exceeded`` afterwards.
    """
    deadline = float("inf")
    library = _library_prefixes() + tuple(str(folder) for folder in not_learner)
    decided: dict[object, bool] = {}

    def is_learner(code) -> bool:
        known = decided.get(code)
        if known is None:
            name = code.co_filename
            known = decided[code] = not (name.startswith("<frozen") or name.startswith(library))
        return known

    def local(frame, event, arg):
        if time.monotonic() > deadline:
            state.exceeded = True
            raise CheckTimeLimit(message)
        return local

    def on_call(frame, event, arg):
        nonlocal deadline
        if not is_learner(frame.f_code):
            return None
        if deadline == float("inf"):
            deadline = time.monotonic() + seconds
        elif time.monotonic() > deadline:
            state.exceeded = True
            raise CheckTimeLimit(message)
        return local

    from workshop.util.i18n import _

    message = _("Stopped: this code was still running after {seconds:g} seconds.").format(seconds=seconds)
    state = Budget(on_call)
    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield state
    finally:
        sys.settrace(previous)
