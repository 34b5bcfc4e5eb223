"""What a check says to a learner, in plain words: one source for the terminal and the notebook.

The views (``views/terminal.py``, ``views/html.py``) decide how it looks; this module decides what
is said: a failure in words made from the test's description and the values involved (pytest's
raw text stays available with ``--verbose``), where in the notebook it happened, how many hidden
tests grading adds, and the next step.
"""

from __future__ import annotations

import json
import re

from workshop.util.i18n import _
from workshop.engine.result import CheckResult, Status, TestResult

MAX_VALUE_CHARS = 160

_DID_NOT_RAISE = re.compile(r"^Failed: DID NOT RAISE (?:<class ')?(?:[\w.]*\.)?(\w+)")
_RAISES_WRONG = re.compile(r"^(\w+(?:Error|Exception)): (.*)$", re.S)
_ASSERT = re.compile(r"^(?:AssertionError: )?assert (.+?) (==|!=|<=|>=|<|>|not in|in|is not|is) (.+)$")
_ORDER_WORDS = {"<=": "at most", "<": "less than", ">=": "at least", ">": "more than", "is": "the same object as",
                "is not": "not the same object as"}
_WHERE = re.compile(r"^\+\s+where (.+?) = (.+)$")


def status_word(status: Status) -> str:
    """The learner-facing name of a status: work in progress is "not yet", never "failed"."""
    return {
        Status.PASSED: _("passed"),
        Status.FAILED: _("not yet"),
        Status.ERROR: _("error"),
        Status.TIMEOUT: _("timed out"),
        Status.RESOURCE_LIMIT: _("over a limit"),
        Status.INVALID_NOTEBOOK: _("notebook unreadable"),
    }[status]


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def plain_message(test: TestResult) -> str:
    """The failure of one test in words a first-time programmer can act on."""
    raw = (test.message or "").strip()
    if not raw:
        return ""
    lines = raw.splitlines()
    first = lines[0]
    missing = _DID_NOT_RAISE.match(first)
    if missing:
        return _("Expected a {error} here, but your code raised none.").format(error=missing.group(1))
    if first in ("AssertionError", "Failed"):  # a hidden test: only the kind of failure is known
        return _("Your code gave a different result from the one this test expects.")
    said = ""
    if first.startswith("AssertionError: ") and not first.startswith("AssertionError: assert "):
        assert_line = next((line for line in lines[1:] if line.startswith("assert ")), None)
        if assert_line is not None:  # a test's own message, then pytest's comparison
            said = " " + _("(The test's note: {note})").format(note=_clip(first[len("AssertionError: "):]))
            first, lines = assert_line, lines[lines.index(assert_line):]
    compared = _ASSERT.match(first)
    if compared:
        left, op, right = (_clip(part) for part in compared.groups())
        where = next((_WHERE.match(line.strip()) for line in lines[1:] if _WHERE.match(line.strip())), None)
        origin = (" " + _("(from {call})").format(call=_clip(where.group(2)))) if where else ""
        if op == "==":
            text = _("Your code gave {got}{origin}, but the test expected {expected}.").format(
                got=left, origin=origin, expected=right)
        elif op == "!=":
            text = _("The test expected two different results, but both were {value}{origin}.").format(
                value=left, origin=origin)
        elif op in ("in", "not in"):
            wanted = _("among") if op == "in" else _("not among")
            text = _("The test expected {value} to be {wanted} {container}{origin}.").format(
                value=left, wanted=wanted, container=right, origin=origin)
        else:
            text = _("The test needs {left}{origin} to be {relation} {right}.").format(
                left=left, origin=origin, relation=_ORDER_WORDS[op], right=right)
        return text + said
    if first.startswith("assert ") or first.startswith("AssertionError: assert "):
        return _("A condition the test checks was not met: {condition}").format(
            condition=_clip(first.split("assert ", 1)[1]))
    if first.startswith("AssertionError: "):
        return _("The test says: {text}").format(text=_clip(first[len("AssertionError: "):]))
    if first.startswith("EOFError: EOF when reading a line") or "StdinNotImplementedError" in first:
        return input_message()
    if first.startswith("NotImplementedError"):
        detail = first.partition(": ")[2] or _("this function is still the stub")
        return _("Not written yet: {detail}. Replace the raise NotImplementedError line with your code.").format(
            detail=detail.rstrip("."))
    raised = _RAISES_WRONG.match(first)
    if raised:
        return _("Your code raised {error}: {text}").format(error=raised.group(1), text=_clip(raised.group(2)))
    return raw


def location_text(location: tuple[int, int] | None, in_kernel: bool = False) -> str:
    """Where a failure happened, counted the way JupyterLab shows it.

    From a saved notebook (``workshop check``): the cell's position from the top, text cells
    included. In the kernel (``check()``): the execution number JupyterLab shows left of the cell.
    """
    if location is None:
        return ""
    cell, line = location
    if in_kernel:
        return _("in cell [{cell}] (the number left of the cell), line {line}").format(cell=cell, line=line)
    return _("in cell {cell} from the top of the notebook (text cells count too), line {line}").format(
        cell=cell, line=line)


def hidden_count(exercise) -> int:
    """How many hidden tests grading adds: counted from hidden/ where it exists (authors), else the
    number ``workshop build`` wrote into the learner notebook's metadata."""
    solution_hidden = exercise.folder.parent.parent / "solutions" / exercise.name / "hidden"
    if solution_hidden.is_dir():
        from workshop.engine.pipeline import expected_tests

        return sum(len(expected_tests(path)) for path in sorted(solution_hidden.glob("test_*.py")))
    try:
        with open(exercise.notebook, encoding="utf-8") as handle:
            meta = json.load(handle).get("metadata", {}).get("workshop", {})
        return max(0, int(meta.get("hidden_tests", 0)))
    except (OSError, ValueError, TypeError, AttributeError):
        return 0


def graded_note(result: CheckResult, hidden: int) -> str:
    """Said when every visible test passes: grading will run more."""
    if not result.passed or hidden <= 0:
        return ""
    if hidden == 1:
        return _("1 more test is used when the facilitator grades.")
    return _("{n} more tests are used when the facilitator grades.").format(n=hidden)


def other_failures(shown: int, total: int) -> str:
    if total <= shown:
        return ""
    return _("… and {n} more not passing.").format(n=total - shown)


def next_step(result: CheckResult, number: str, in_notebook: bool, next_exercise: str = "") -> str:
    """What to do now."""
    if result.passed:
        if in_notebook:
            if next_exercise:
                return _("Well done! Next: exercise {next}.").format(next=next_exercise)
            return _("Well done!")
        return _("Well done! `workshop list` shows what comes next.")
    if result.status is Status.FAILED:
        if in_notebook:
            return _("Next: change the code the first message above is about, run that cell, then run this cell "
                     "again. Stuck? Run hint() in a cell for a hint.")
        return _("Next: change the code the first message above is about, save the notebook and check again. "
                 "Stuck? `workshop hint {n}` gives a hint, `workshop prompt {n}` a ready AI prompt.").format(n=number)
    if in_notebook:
        return _("Next: fix what the message above says, run the cells from the top (Run All), and check again.")
    return _("Next: fix what the message above says, save the notebook and run `workshop check {n}` again.").format(
        n=number)


def after_last_hint(number: str, in_notebook: bool = False) -> str:
    """What to do when every hint of a task has been shown: never a loop back to the hints."""
    if in_notebook:
        return _("That was the last hint. tutor() asks the AI tutor, if your facilitator set one up. In a session, "
                 "raise your hand: run `workshop help-me` in a terminal, or just call someone over. On your own, "
                 "prompt() gives a ready prompt for any AI assistant; ask it to explain, not to write the code.")
    return _("That was the last hint. `workshop tutor {n}` asks the AI tutor, if your facilitator set one up. In a "
             "session, raise your hand: `workshop help-me`. On your own, `workshop prompt {n}` gives a ready prompt "
             "for any AI assistant (ask it to explain, not to write the code), and `workshop check {n} --verbose` "
             "shows exactly what each test compared.").format(n=number)


def input_message() -> str:
    """Why ``input()`` fails inside a check."""
    return _("input() cannot be answered during a check: the tests call your functions and nobody is there to "
             "type. Give the value to your function as an argument instead.")
