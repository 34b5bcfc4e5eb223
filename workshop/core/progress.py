"""The learner's progress file: what they checked, passed and were hinted, surviving restarts.

Kept as indented JSON in ``<workspace>/.workshop/progress.json`` (readable by a person), written
atomically. A damaged file is moved aside (``progress.json.damaged-<time>``) and a fresh one
started: progress is a convenience, it must never stop a learner from checking.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from workshop.util.atomic import write_text_atomic
from workshop.util.i18n import _
from workshop.engine.result import CheckResult, Status
from workshop.core.status import Standing

VERSION = 1


@dataclass
class ExerciseProgress:
    """One exercise's record."""

    status: str = Standing.NOT_STARTED.value
    earned: float = 0.0
    possible: float = 0.0
    attempts: int = 0
    first_checked: str | None = None
    last_checked: str | None = None
    passed_at: str | None = None
    #: Task number (as text) → how many of its hints were shown.
    hints_shown: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> ExerciseProgress:
        known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        record = cls(**known)
        record.hints_shown = {str(k): int(v) for k, v in dict(record.hints_shown or {}).items()}
        return record


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


@dataclass
class Progress:
    """All exercises' records, and where they are kept."""

    path: Path
    exercises: dict[str, ExerciseProgress] = field(default_factory=dict)
    #: Set when the file on disk was damaged and has been moved aside.
    warning: str = ""

    @classmethod
    def load(cls, path: Path) -> Progress:
        """Read the progress file; recover from a missing or damaged one."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as error:
            return cls._recover(path, str(error))
        try:
            data = json.loads(text)
            records = {name: ExerciseProgress.from_dict(item) for name, item in data["exercises"].items()}
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
            return cls._recover(path, str(error))
        return cls(path, records)

    @classmethod
    def _recover(cls, path: Path, reason: str) -> Progress:
        backup = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(backup)
            where = _("it was kept as {backup}").format(backup=backup.name)
        except OSError:
            where = _("it could not be moved aside")
        return cls(path, warning=_("Your progress file was damaged ({reason}); {where}. Starting afresh: "
                                   "your notebooks are untouched.").format(reason=reason[:80], where=where))

    def get(self, exercise: str) -> ExerciseProgress:
        return self.exercises.get(exercise) or ExerciseProgress()

    def record_check(self, result: CheckResult) -> ExerciseProgress:
        """Remember a check's outcome (a pass stays remembered when a later check fails)."""
        record = self.exercises.setdefault(result.exercise, ExerciseProgress())
        now = _now()
        record.attempts += 1
        record.first_checked = record.first_checked or now
        record.last_checked = now
        record.status = (Standing.PASSED if result.status is Status.PASSED else
                         Standing.PASSED_BEFORE if record.passed_at else Standing.WORKING).value
        record.earned, record.possible = result.earned, result.possible
        if result.status is Status.PASSED and not record.passed_at:
            record.passed_at = now
        return record

    def record_hint(self, exercise: str, task: int, available: int) -> int:
        """Count one more hint shown for ``task``; return its level (1-based, capped)."""
        record = self.exercises.setdefault(exercise, ExerciseProgress())
        level = min(record.hints_shown.get(str(task), 0) + 1, available)
        record.hints_shown[str(task)] = level
        if record.status == Standing.NOT_STARTED:
            record.status = Standing.WORKING.value
        return level

    def save(self) -> None:
        data = {
            "version": VERSION,
            "note": "Your workshop progress. Safe to delete: it only remembers checks and hints.",
            "exercises": {name: asdict(record) for name, record in sorted(self.exercises.items())},
        }
        write_text_atomic(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
