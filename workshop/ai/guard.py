"""The last check before a question leaves: no text of a hidden test, even on a facilitator's laptop.

A learner's workspace has no hidden tests, so there is nothing to find. A facilitator's
workspace (or a learner who copied one) has ``solutions/NN-slug/hidden/``: every distinctive line
of those files (20 characters or more, not also in the visible tests the learner has) is cut out
of everything the tutor would send, whichever way it got there (pasted into the notebook, into
the question, a visible test file that points at a hidden one).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

#: Shorter lines (``assert x == 1``) are anyone's; longer ones identify a hidden test.
MIN_LINE = 20
REMOVED = "[removed: text of a hidden test]"


def _hidden_files(exercise) -> list[Path]:
    folder = Path(exercise.folder).resolve()
    root = folder.parent.parent
    found: list[Path] = []
    for place in (root / "solutions" / folder.name, folder):
        hidden = place / "hidden"
        if hidden.is_dir():
            found += sorted(path for path in hidden.rglob("*") if path.is_file())
    return found


def hidden_lines(exercise) -> set[str]:
    """The distinctive lines of ``exercise``'s hidden tests (or hidden wrong versions) that the learner's
    visible tests (or the versions shown) lack."""
    visible = ""
    try:
        path = Path(exercise.visible_tests)
        if path.resolve().is_relative_to(Path(exercise.folder).resolve()):
            visible = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, TypeError):
        pass
    # Check the AI: there is no visible test file; the versions shown in the notebook are public.
    for shown in getattr(exercise, "candidates", []):
        try:
            visible += "\n" + Path(shown).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    public = {line.strip() for line in visible.splitlines()}
    lines: set[str] = set()
    for path in _hidden_files(exercise):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        lines |= {line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_LINE} - public
    return lines


def strip_text(text: str, lines: set[str]) -> str:
    """``text`` with every line that holds a hidden-test line replaced by a note."""
    if not lines or not text:
        return text
    out = []
    for line in text.split("\n"):
        out.append(REMOVED if any(secret in line for secret in lines) else line)
    return "\n".join(out)


def strip_hidden_text(given):
    """A copy of a :class:`~workshop.ai.tutor.TutorInput` with no hidden-test text in any field."""
    lines = hidden_lines(given.exercise)
    if not lines:
        return given
    return replace(given, code=strip_text(given.code, lines), failures=strip_text(given.failures, lines),
                   task_text=strip_text(given.task_text, lines), question=strip_text(given.question, lines),
                   hints_seen=[strip_text(hint, lines) for hint in given.hints_seen])
