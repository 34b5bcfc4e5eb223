"""Where things are: the workspace (a folder with ``exercises/``) and, for authors, ``solutions/``.

The workspace is found from, in order: an explicit path, ``WORKSHOP_ROOT``, the current folder
or any parent of it that holds ``exercises/``, and last the folder this toolkit was installed
from (a source checkout), so that ``workshop list`` works right after the quick start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workshop.core.exercise import METADATA_FILE, Exercise, ExerciseError, discover, find, load_exercise
from workshop.util.i18n import _

STATE_DIR = ".workshop"


@dataclass(frozen=True)
class Workspace:
    """A folder with ``exercises/`` (and maybe ``solutions/``): the unit a learner works in."""

    root: Path

    @property
    def exercises_dir(self) -> Path:
        return self.root / "exercises"

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def progress_file(self) -> Path:
        return self.state_dir / "progress.json"

    def exercises(self) -> list[Exercise]:
        """The learner exercises, in order."""
        return discover(self.exercises_dir)

    def solutions(self) -> list[Exercise]:
        """The solution exercises (authors only), in order."""
        return discover(self.solutions_dir)

    def exercise(self, query: str) -> Exercise:
        """The learner exercise named by number, slug or title."""
        return find(self.exercises(), query)

    def solution_for(self, exercise: Exercise) -> Exercise | None:
        """The solution side of an exercise, when this workspace has it."""
        folder = self.solutions_dir / exercise.name
        if (folder / METADATA_FILE).is_file():
            return load_exercise(folder)
        return None


def _has_exercises(folder: Path) -> bool:
    return (folder / "exercises").is_dir()


def find_workspace(start: Path | str | None = None) -> Workspace:
    """The workspace for ``start`` (default: the environment and the current folder)."""
    if start is not None:
        folder = Path(start).resolve()
        if not _has_exercises(folder):
            raise ExerciseError(_("{path} has no exercises/ folder.").format(path=folder))
        return Workspace(folder)
    env = os.environ.get("WORKSHOP_ROOT")
    if env:
        return find_workspace(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _has_exercises(folder):
            return Workspace(folder)
    bundled = Path(__file__).resolve().parent.parent
    if _has_exercises(bundled):
        return Workspace(bundled)
    raise ExerciseError(
        _("No exercises found here. Go to your workshop folder (the one with exercises/ in it), "
          "or create one with: workshop init DIR")
    )


def exercise_in(folders: list[Path]) -> Exercise | None:
    """The exercise whose folder is the first of ``folders`` holding its metadata: where a learner
    (in a terminal or a notebook) is working. ``None`` when no folder is an exercise's."""
    for folder in folders:
        if (Path(folder) / METADATA_FILE).is_file():
            return load_exercise(folder)
    return None


def workspace_of(exercise: Exercise) -> Workspace | None:
    """The workspace an exercise folder lies in (``<root>/exercises/NN-slug``), if it lies in one."""
    root = exercise.folder.parent.parent
    return Workspace(root) if _has_exercises(root) else None


def state_dir_for(exercise: Exercise) -> Path:
    """Where state about ``exercise`` is kept: its workspace's ``.workshop/``, else the user's state folder."""
    workspace = workspace_of(exercise)
    if workspace is not None:
        return workspace.state_dir
    try:
        from platformdirs import user_state_path

        return user_state_path("workshop", appauthor=False)
    except ImportError:  # pragma: no cover
        return Path.home() / STATE_DIR


def exercise_for_notebook(notebook: Path, workspace: Workspace | None) -> Exercise:
    """The exercise a notebook path belongs to: its own folder's metadata, else matched by name."""
    folder = notebook.resolve().parent
    if (folder / METADATA_FILE).is_file():
        return load_exercise(folder)
    if workspace is not None:
        for exercise in workspace.exercises():
            if exercise.notebook_name == notebook.name or exercise.module == notebook.stem:
                return exercise
    raise ExerciseError(
        _("Cannot tell which exercise {path} belongs to. Name it, e.g.: workshop check 01 --notebook {path}").format(
            path=notebook
        )
    )
