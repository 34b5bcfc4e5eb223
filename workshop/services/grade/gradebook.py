"""The gradebook as data: one entry per learner and exercise, with a status and a reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from workshop.engine.result import CheckResult, Outcome
from workshop.core.status import GRADE_STATUSES, Status, label

#: Every status a gradebook entry can have, in the order the summary lists them.
STATUSES = GRADE_STATUSES
status_label = label


@dataclass
class ExerciseInfo:
    """What the gradebook needs to know about an exercise."""

    name: str
    number: int
    title: str
    possible: float
    task_titles: dict[int, str] = field(default_factory=dict)


@dataclass
class Entry:
    """One learner's work on one exercise."""

    learner: str
    exercise: str
    status: str
    reason: str = ""
    notebook: str = ""  # where it was found, inside the learner's entry
    matched_by: str = ""
    result: CheckResult | None = None
    cached: bool = False
    sha256: str = ""
    #: ``result.to_dict()`` when already at hand (from the cache): saves converting it again.
    result_dict: dict | None = field(default=None, repr=False)

    @cached_property
    def earned(self) -> float:
        """Points earned (asked for per page, table and chart: summed once)."""
        return self.result.earned if self.result is not None else 0.0

    def to_dict(self) -> dict:
        data = {"learner": self.learner, "exercise": self.exercise, "status": self.status, "reason": self.reason,
                "notebook": self.notebook, "matched_by": self.matched_by, "earned": self.earned,
                "cached": self.cached, "sha256": self.sha256}
        if self.result is not None:
            result = dict(self.result_dict) if self.result_dict is not None else self.result.to_dict()
            result["notebook"] = self.notebook
            data["result"] = result
        return data


@dataclass
class Gradebook:
    """Everything a grading run found."""

    exercises: list[ExerciseInfo]
    learners: list[str]
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    checked: int = 0
    from_cache: int = 0
    #: Of the checked: how many had the same code as another notebook of this run (checked once).
    same_code: int = 0

    def entry(self, learner: str, exercise: str) -> Entry:
        return self.entries[(learner, exercise)]

    def possible(self) -> float:
        return sum(exercise.possible for exercise in self.exercises)

    def total(self, learner: str) -> float:
        return sum(self.entry(learner, exercise.name).earned for exercise in self.exercises)

    def counts(self) -> dict[str, int]:
        """How many entries ended each way (every status listed, zeros too)."""
        counter = Counter(entry.status for entry in self.entries.values())
        return {status: counter.get(status, 0) for status in STATUSES}

    def pass_rate(self, exercise: str) -> float:
        entries = [self.entry(learner, exercise) for learner in self.learners]
        return sum(entry.status == Status.PASSED for entry in entries) / len(entries) if entries else 0.0

    def task_rates(self, exercise: ExerciseInfo) -> list[tuple[int, str, float]]:
        """Per task: (number, title, share of learners whose every test of that task passed)."""
        rows = []
        for number, title in sorted(exercise.task_titles.items()):
            done = 0
            for learner in self.learners:
                result = self.entry(learner, exercise.name).result
                if result is None:
                    continue
                tests = [test for test in result.tests if test.task == number]
                done += bool(tests) and all(test.passed for test in tests)
            rows.append((number, title, done / len(self.learners) if self.learners else 0.0))
        return rows

    def most_failed(self, limit: int = 10) -> list[dict]:
        """The tests that failed for the most learners who handed in working code: what to teach again."""
        failed: Counter = Counter()
        ran: Counter = Counter()
        about: dict[tuple[str, str], dict] = {}
        for entry in self.entries.values():
            if entry.result is None or entry.status not in (Status.PASSED, Status.FAILED):
                continue
            for test in entry.result.tests:
                key = (entry.exercise, test.name)
                ran[key] += 1
                about.setdefault(key, {"exercise": entry.exercise, "test": test.name, "task": test.task,
                                       "description": test.description, "hidden": test.hidden})
                if test.outcome in (Outcome.FAILED, Outcome.ERROR):
                    failed[key] += 1
        rows = []
        for key, count in failed.most_common(limit):
            rows.append(dict(about[key], failed=count, ran=ran[key], rate=count / ran[key]))
        return rows

    def scores(self) -> list[float]:
        """Each learner's share of all points, 0..1."""
        possible = self.possible()
        return [self.total(learner) / possible if possible else 0.0 for learner in self.learners]
