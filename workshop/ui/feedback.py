"""What a check says to a learner, in plain words: one source for the terminal and the notebook.

The views (``views/terminal.py``, ``views/html.py``) decide how it looks; this module decides what
is said: a failure in words made from the test's description and the values involved (pytest's
raw text stays available with ``--verbose``), where in the notebook it happened, how many hidden
tests grading adds, and the next step.
"""

from __future__ import annotations

import json
from dataclasses import replace
import re

from workshop.util.i18n import _, ngettext
from workshop.engine.result import CheckResult, Outcome, Status, TestResult

MAX_VALUE_CHARS = 160
#: A right version's record names the learner's failing test first: "test_x: NotImplementedError: …".
_TEST_NAMED = re.compile(r"^(test_\w+): (.+)$")

_DID_NOT_RAISE = re.compile(r"^Failed: DID NOT RAISE (?:<class ')?(?:[\w.]*\.)?(\w+)")
_RAISES_WRONG = re.compile(r"^(\w+(?:Error|Exception)): (.*)$", re.S)
_ASSERT = re.compile(r"^(?:AssertionError: )?assert (.+?) (==|!=|<=|>=|<|>|not in|in|is not|is) (.+)$")
#: The English stub's message, as ``workshop build`` writes it (services/authoring/build.py): said in the learner's language.
_STUB = re.compile(r"^Write the body of ([\w.]+)\(\)$")


def _compared(op: str) -> str:
    """What a comparison the test makes needs, as a whole sentence (word order differs between languages)."""
    return {"<=": _("The test needs {left}{origin} to be at most {right}."),
            "<": _("The test needs {left}{origin} to be less than {right}."),
            ">=": _("The test needs {left}{origin} to be at least {right}."),
            ">": _("The test needs {left}{origin} to be more than {right}."),
            "is": _("The test needs {left}{origin} to be the same object as {right}."),
            "is not": _("The test needs {left}{origin} to be another object than {right}.")}[op]
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


def outcome_word(outcome: Outcome) -> str:
    """How one test ended, in words (shown when a failure has no message of its own)."""
    return {
        Outcome.PASSED: _("passed"),
        Outcome.FAILED: _("not passed yet"),
        Outcome.ERROR: _("error"),
        Outcome.SKIPPED: _("skipped"),
    }[Outcome(outcome)]


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
    named = _TEST_NAMED.match(first) if version_role(test.name) == "right" else None
    if named:  # check the AI: "test_x: <how the learner's test failed on the right version>"
        inner = replace(test, name="", message="\n".join([named.group(2), *lines[1:]]))
        return f"{named.group(1)}: {plain_message(inner)}"
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
            text = _compared(op).format(left=left, origin=origin, right=right)
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
        stub = _STUB.match(detail.strip())
        if stub:
            detail = _("Write the body of {function}()").format(function=stub.group(1))
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
    if getattr(exercise, "checks_tests", False) and (solution_hidden.is_dir() or exercise.hidden_versions):
        return 0  # where the solutions are, the check already ran the hidden wrong versions
    if solution_hidden.is_dir():
        from workshop.engine.pipeline import expected_tests

        return sum(len(expected_tests(path)) for path in sorted(solution_hidden.glob("test_*.py")))
    try:
        with open(exercise.notebook, encoding="utf-8") as handle:
            meta = json.load(handle).get("metadata", {}).get("workshop", {})
        return max(0, int(meta.get("hidden_tests", 0)))
    except (OSError, ValueError, TypeError, AttributeError):
        return 0


def version_role(name: str) -> str:
    """Check the AI: ``"right"`` or ``"wrong"`` for a version's record (see
    :mod:`workshop.engine.checkai`), ``""`` for a test of any other exercise."""
    from workshop.engine.checkai import RIGHT

    if name == RIGHT:
        return "right"
    return "wrong" if name.startswith("wrong-") else ""


def title_of(name: str, description: str, passed: bool) -> str:
    """What a result row is called in every view (terminal, notebook, feedback page, class report):
    a test's description; for a version of the AI's code, whether the right version passes and
    whether a wrong version is caught, with what it gets wrong."""
    role = version_role(name)
    if role == "right":
        return _("Right version: passes your tests") if passed else _("Right version: fails your tests")
    if role == "wrong":
        head = _("Wrong version caught") if passed else _("Wrong version not caught")
        return f"{head}: {description}" if description else head
    return description or name


def record_title(test: TestResult) -> str:
    """:func:`title_of` for one record."""
    return title_of(test.name, test.description, test.passed)


def hidden_label(test: TestResult, grading: bool = False) -> str:
    """How a hidden record is named: a hidden test, or (check the AI) a wrong version never shown."""
    if version_role(test.name) == "wrong":
        return _("(a wrong version you have not seen)")
    return _("(a grading test)") if grading else _("(hidden test)")


def graded_note(result: CheckResult, hidden: int) -> str:
    """Said when every visible test passes: grading will run more."""
    if not result.passed or hidden <= 0:
        return ""
    from workshop.engine.checkai import RIGHT

    if any(test.name == RIGHT for test in result.tests):
        return ngettext("Grading tries {n} more wrong version you have not seen.",
                        "Grading tries {n} more wrong versions you have not seen.", hidden).format(n=hidden)
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
    if result.status is Status.FAILED and result.core_done:
        if in_notebook:
            return _("Core done: every core task passes. The stretch tasks are optional: go on with them, or move "
                     "on to the next exercise.")
        return _("Core done: every core task passes. The stretch tasks are optional: go on with them, or move on "
                 "(`workshop list` shows what comes next).")
    if result.status is Status.FAILED and any(version_role(test.name) == "right" and test.passed
                                              for test in result.tests):
        # check the AI: the tests pass the right version; what is missing is a test a wrong version fails
        if in_notebook:
            return _("Next: write a test that the wrong version named above would fail (it says what that version "
                     "gets wrong), save the notebook (Ctrl+S) and run this cell again. Stuck? Run hint() in a cell.")
        return _("Next: write a test that the wrong version named above would fail (it says what that version gets "
                 "wrong), save the notebook and check again. Stuck? `workshop hint {n}` gives a hint, "
                 "`workshop prompt {n}` a ready AI prompt.").format(n=number)
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
                 "prompt() gives a ready prompt for any AI assistant; ask it to explain, not to write the code. Still stuck "
                 "after a real attempt? walkthrough() shows the solution walkthrough, if you have the self-learner "
                 "bundle.")
    return _("That was the last hint. `workshop tutor {n}` asks the AI tutor, if your facilitator set one up. In a "
             "session, raise your hand: `workshop help-me`. On your own, `workshop prompt {n}` gives a ready prompt "
             "for any AI assistant (ask it to explain, not to write the code), and `workshop check {n} --verbose` "
             "shows exactly what each test compared. Still stuck after a real attempt? `workshop walkthrough {n}` shows "
             "the solution walkthrough, if you have the self-learner bundle.").format(n=number)


def input_message() -> str:
    """Why ``input()`` fails inside a check."""
    return _("input() cannot be answered during a check: the tests call your functions and nobody is there to "
             "type. Give the value to your function as an argument instead.")
