"""Exercises: their metadata (one TOML file each), their files, and finding them by number or name.

An exercise lives in a folder ``NN-slug``. The number ``NN`` gives its order. The folder holds
``exercise.toml``, the notebook ``<module>.ipynb`` and the visible tests ``test_<module>.py``;
under ``solutions/NN-slug`` the same notebook with solution markers, hidden tests in ``hidden/``
and plausible wrong solutions in ``pitfalls/``.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from workshop.util.i18n import _

METADATA_FILE = "exercise.toml"
#: Under ``solutions/NN-slug``: the tests learners never see, and the wrong solutions they must catch.
HIDDEN_DIR, PITFALLS_DIR = "hidden", "pitfalls"
FOLDER_PATTERN = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)$")


class ExerciseError(Exception):
    """An exercise cannot be found or its metadata cannot be read. The message is for a person."""


@dataclass(frozen=True)
class Task:
    """One task of an exercise: usually one function to write."""

    number: int
    title: str
    functions: tuple[str, ...]
    hints: tuple[str, ...]


@dataclass(frozen=True)
class AIPairing:
    """The AI-pairing box: a ready prompt, how to verify the answer, the typical AI mistake."""

    prompt: str
    verify: str
    pitfall: str


@dataclass(frozen=True)
class Exercise:
    """An exercise as described by its metadata file, located in ``folder``."""

    folder: Path
    number: int
    slug: str
    title: str
    module: str
    minutes: int
    summary: str
    objectives: tuple[str, ...]
    key_points: tuple[str, ...]
    tasks: tuple[Task, ...]
    ai: AIPairing
    data_files: tuple[str, ...] = ()
    network: bool = False
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    lang: str = "en"  # the language of the prose fields (see workshop.core.translations.localize)
    test_descriptions: dict = field(default_factory=dict, compare=False, repr=False)  # name → translated

    @property
    def name(self) -> str:
        """The folder name, ``NN-slug``: the exercise's stable identifier."""
        return f"{self.number:02d}-{self.slug}"

    @property
    def notebook_name(self) -> str:
        return f"{self.module}.ipynb"

    @property
    def notebook(self) -> Path:
        """The learner's notebook: the Korean one (``<module>.ko.ipynb``) when Korean and it exists."""
        if self.lang == "ko":
            korean = self.folder / f"{self.module}.ko.ipynb"
            if korean.is_file():
                return korean
        return self.folder / self.notebook_name

    @property
    def visible_tests_name(self) -> str:
        return f"test_{self.module}.py"

    @property
    def visible_tests(self) -> Path:
        return self.folder / self.visible_tests_name

    def task(self, number: int) -> Task | None:
        """The task with this number, if any."""
        return next((task for task in self.tasks if task.number == number), None)

    @property
    def data_paths(self) -> list[Path]:
        return [self.folder / name for name in self.data_files]

    @property
    def hidden_tests(self) -> list[Path]:
        """The hidden test files (``hidden/test_*.py``, solutions side only), in name order."""
        return sorted((self.folder / HIDDEN_DIR).glob("test_*.py"))

    @property
    def pitfalls(self) -> list[Path]:
        """The plausible wrong solutions (``pitfalls/*.py``, solutions side only), in name order."""
        return sorted(path for path in (self.folder / PITFALLS_DIR).glob("*.py") if not path.name.startswith("_"))


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ExerciseError(_("{where} must be a list of strings").format(where=where))
    return tuple(value)


def load_exercise(folder: Path | str, lang: str | None = None) -> Exercise:
    """Read ``folder/exercise.toml`` into an :class:`Exercise`, in ``lang`` (default: the chosen language)."""
    exercise = _load_english(folder)
    if lang is None:
        from workshop.util.i18n import current_language

        lang = current_language()
    if lang == "ko":
        from workshop.core.translations import localize

        return localize(exercise)
    return exercise


def _load_english(folder: Path | str) -> Exercise:
    folder = Path(folder).absolute()
    match = FOLDER_PATTERN.match(folder.name)
    if not match:
        raise ExerciseError(
            _("The exercise folder {name} is not named NN-slug (like 01-passphrase).").format(name=folder.name)
        )
    path = folder / METADATA_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExerciseError(_("{path} is missing.").format(path=path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ExerciseError(_("{path} is not valid TOML: {error}").format(path=path, error=error)) from None
    try:
        tasks = tuple(
            Task(
                number=int(item.get("number", index)),
                title=str(item["title"]),
                functions=_strings(item.get("functions", item.get("function")), f"tasks[{index}].functions"),
                hints=_strings(item.get("hints"), f"tasks[{index}].hints"),
            )
            for index, item in enumerate(raw.get("tasks", []), start=1)
        )
        ai_raw = raw.get("ai", {})
        return Exercise(
            folder=folder,
            number=int(match.group(1)),
            slug=match.group(2),
            title=str(raw["title"]),
            module=str(raw.get("module", match.group(2).replace("-", "_"))),
            minutes=int(raw.get("minutes", 0)),
            summary=str(raw.get("summary", "")).strip(),
            objectives=_strings(raw.get("objectives"), "objectives"),
            key_points=_strings(raw.get("key_points"), "key_points"),
            tasks=tasks,
            ai=AIPairing(
                prompt=str(ai_raw.get("prompt", "")).strip(),
                verify=str(ai_raw.get("verify", "")).strip(),
                pitfall=str(ai_raw.get("pitfall", "")).strip(),
            ),
            data_files=_strings(raw.get("data"), "data"),
            network=bool(raw.get("network", False)),
            raw=raw,
        )
    except KeyError as error:
        raise ExerciseError(_("{path} lacks the key {key}.").format(path=path, key=error.args[0])) from None
    except (TypeError, ValueError) as error:
        raise ExerciseError(_("{path}: {error}").format(path=path, error=error)) from None


def metadata_problems(exercise: Exercise) -> list[str]:
    """What is missing or inconsistent in an exercise's metadata (empty when complete)."""
    problems = []
    if not exercise.title.strip():
        problems.append(_("the title is empty"))
    if exercise.minutes <= 0:
        problems.append(_("minutes must be a positive number"))
    if not exercise.summary:
        problems.append(_("the summary (the story in brief) is empty"))
    if not exercise.objectives:
        problems.append(_("there are no objectives"))
    if not exercise.key_points:
        problems.append(_("there are no key points"))
    if not exercise.tasks:
        problems.append(_("there are no tasks"))
    numbers = [task.number for task in exercise.tasks]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(_("tasks must be numbered 1, 2, 3, … in order"))
    for task in exercise.tasks:
        if len(task.hints) != 3 or not all(hint.strip() for hint in task.hints):
            problems.append(_("task {n} needs exactly three hints").format(n=task.number))
        if not task.functions:
            problems.append(_("task {n} names no function").format(n=task.number))
    for label, text in (("ai.prompt", exercise.ai.prompt), ("ai.verify", exercise.ai.verify),
                        ("ai.pitfall", exercise.ai.pitfall)):
        if not text:
            problems.append(_("{key} is empty").format(key=label))
    if not exercise.module.isidentifier():
        problems.append(_("module {name} is not a Python identifier").format(name=exercise.module))
    return problems


def discover(directory: Path | str, lang: str | None = None) -> list[Exercise]:
    """All exercises in ``directory`` (folders ``NN-slug`` with metadata), in order (in ``lang``)."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    found = [
        load_exercise(child, lang)
        for child in sorted(directory.iterdir())
        if child.is_dir() and FOLDER_PATTERN.match(child.name) and (child / METADATA_FILE).is_file()
    ]
    return sorted(found, key=lambda exercise: exercise.number)


def find(exercises: list[Exercise], query: str) -> Exercise:
    """The exercise named by ``query``: a number (``1``, ``01``), a slug, a folder name or a title.

    Raises :class:`ExerciseError` suggesting the nearest names when nothing matches.
    """
    wanted = query.strip().lower()
    if wanted.isdigit():
        for exercise in exercises:
            if exercise.number == int(wanted):
                return exercise
    for exercise in exercises:
        if wanted in {exercise.slug, exercise.name, exercise.module.lower(), exercise.title.lower()}:
            return exercise
    prefixed = [exercise for exercise in exercises if exercise.slug.startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    names = [exercise.name for exercise in exercises]
    candidates = {exercise.slug: exercise.name for exercise in exercises}
    candidates.update({exercise.name: exercise.name for exercise in exercises})
    close = difflib.get_close_matches(wanted, list(candidates), n=3, cutoff=0.5)
    suggestions = list(dict.fromkeys(candidates[c] for c in close))
    if suggestions:
        raise ExerciseError(
            _("There is no exercise {query!r}. Did you mean {suggestions}?").format(
                query=query, suggestions=_(" or ").join(suggestions)
            )
        )
    raise ExerciseError(
        _("There is no exercise {query!r}. The exercises are: {names}.").format(
            query=query, names=", ".join(names) or _("(none found)")
        )
    )
