"""The structured result of one check: the only thing front ends and the grader look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from workshop.core.status import Status

__all__ = ["CheckResult", "Outcome", "Status", "TaskSummary", "TestResult"]


class Outcome(str, Enum):
    """How one test ended."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"


@dataclass
class TestResult:
    """One test: what it checks, for which task, its points and how it went."""

    __test__ = False  # not a pytest test class

    name: str
    task: int | None
    points: float
    outcome: Outcome
    description: str = ""
    message: str = ""
    hidden: bool = False
    #: Where in the learner's notebook the failure happened: (cell number, line), if known.
    location: tuple[int, int] | None = None
    hint: str = ""

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED

    @property
    def earned(self) -> float:
        return self.points if self.passed else 0.0

    def to_dict(self) -> dict:
        """Plain data, in field order."""
        return {"name": self.name, "task": self.task, "points": self.points, "outcome": Outcome(self.outcome).value,
                "description": self.description, "message": self.message, "hidden": self.hidden,
                "location": tuple(self.location) if self.location else None, "hint": self.hint}


@dataclass
class TaskSummary:
    """All tests of one task, summed up."""

    number: int | None
    title: str
    passed: int
    total: int
    earned: float
    possible: float

    @property
    def done(self) -> bool:
        return self.total > 0 and self.passed == self.total


@dataclass
class CheckResult:
    """Everything one check found out. Serialises to JSON with :meth:`to_dict`."""

    exercise: str
    notebook: str
    status: Status
    message: str = ""
    tests: list[TestResult] = field(default_factory=list)
    duration: float = 0.0
    #: Learner-facing detail of a crash, e.g. the last lines of an error (never test source).
    detail: str = ""
    task_titles: dict[int, str] = field(default_factory=dict)

    @property
    def earned(self) -> float:
        return sum(test.earned for test in self.tests)

    @property
    def possible(self) -> float:
        return sum(test.points for test in self.tests)

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    def counts(self) -> dict[str, int]:
        """How many tests ended each way."""
        counts = {outcome.value: 0 for outcome in Outcome}
        for test in self.tests:
            counts[test.outcome.value] += 1
        return counts

    def tasks(self) -> list[TaskSummary]:
        """Per-task totals, in task order (tests without a task come last)."""
        order: dict[int | None, list[TestResult]] = {}
        for number in sorted(self.task_titles):
            order[number] = []
        for test in self.tests:
            order.setdefault(test.task, []).append(test)
        keys = sorted((key for key in order if key is not None)) + ([None] if None in order else [])
        return [
            TaskSummary(
                number=key,
                title=self.task_titles.get(key, "") if key is not None else "",
                passed=sum(test.passed for test in order[key]),
                total=len(order[key]),
                earned=sum(test.earned for test in order[key]),
                possible=sum(test.points for test in order[key]),
            )
            for key in keys
        ]

    def first_failing_task(self) -> int | None:
        """The lowest task number with a test that did not pass."""
        failing = [test.task for test in self.tests if not test.passed and test.task is not None]
        return min(failing) if failing else None

    def to_dict(self) -> dict:
        """Plain data (for JSON), with the totals. Written out field by field: a grader calls this
        for every check, and ``dataclasses.asdict`` copies deeply, at ten times the cost."""
        return {
            "exercise": self.exercise,
            "notebook": self.notebook,
            "status": self.status.value,
            "message": self.message,
            "tests": [test.to_dict() for test in self.tests],
            "duration": self.duration,
            "detail": self.detail,
            "task_titles": {str(key): value for key, value in self.task_titles.items()},
            "earned": self.earned,
            "possible": self.possible,
            "counts": self.counts(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> CheckResult:
        tests = [
            TestResult(
                name=test["name"],
                task=test.get("task"),
                points=float(test.get("points", 1)),
                outcome=Outcome(test["outcome"]),
                description=test.get("description", ""),
                message=test.get("message", ""),
                hidden=bool(test.get("hidden", False)),
                location=tuple(test["location"]) if test.get("location") else None,
                hint=test.get("hint", ""),
            )
            for test in data.get("tests", [])
        ]
        return cls(
            exercise=data["exercise"],
            notebook=data.get("notebook", ""),
            status=Status(data["status"]),
            message=data.get("message", ""),
            tests=tests,
            duration=float(data.get("duration", 0.0)),
            detail=data.get("detail", ""),
            task_titles={int(key): value for key, value in data.get("task_titles", {}).items()},
        )
