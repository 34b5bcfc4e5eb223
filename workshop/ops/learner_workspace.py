"""``workshop init DIR``: a participant's own copy of the exercises, safe from toolkit updates.

Copies ``exercises/`` (never ``solutions/``) into ``DIR/exercises``. Run again after an update:
new files arrive, the learner's own files are kept as they are.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from workshop.atomic import write_text_atomic
from workshop.i18n import N_, _
from workshop.project import STATE_DIR, Workspace

LEARNER_README = N_("""\
Your workshop folder
====================

exercises/   one folder per exercise: open the .ipynb notebook in JupyterLab
.workshop/   your progress (safe to delete; your notebooks are elsewhere)

Start JupyterLab here:    workshop lab
Check an exercise:        workshop check 01      (or run the last cell of the notebook)
A hint, step by step:     workshop hint 01
Where you are:            workshop list

Updating the toolkit never changes the files in this folder.
""")


@dataclass
class InitReport:
    root: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def init_workspace(source: Workspace, target: Path, exercises: list[str] | None = None,
                   lang: str = "en") -> InitReport:
    """Copy the learner exercises of ``source`` into ``target``; never overwrite a file that exists.

    ``lang="ko"``: the Korean notebooks (``<module>.ko.ipynb``, made by ``workshop build``) are copied
    under the usual names (``<module>.ipynb``), and the folder remembers the choice (``.workshop/language``).
    """
    from workshop.i18n import remember_language
    from workshop.translations import KO_NOTEBOOK_SUFFIX
    target = Path(target)
    if (target / "solutions").exists():
        raise FileExistsError(_("{path} looks like the toolkit's own folder (it has solutions/). Choose a new "
                                "folder for your work.").format(path=target))
    report = InitReport(target.resolve())
    chosen = source.exercises()
    if exercises:
        from workshop.exercise import find

        chosen = [find(chosen, name) for name in exercises]
    for exercise in chosen:
        for path in sorted(exercise.folder.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.name.startswith("."):
                continue
            inside = path.relative_to(exercise.folder)
            if path.name.endswith(KO_NOTEBOOK_SUFFIX):
                if lang != "ko":
                    continue
                inside = inside.with_name(path.name[: -len(KO_NOTEBOOK_SUFFIX)] + ".ipynb")
            elif lang == "ko" and path.suffix == ".ipynb" and (
                    path.with_name(path.stem + KO_NOTEBOOK_SUFFIX)).is_file():
                continue  # the Korean notebook takes this name
            relative = Path("exercises") / exercise.name / inside
            destination = target / relative
            if destination.exists():
                report.kept.append(relative.as_posix())
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            report.copied.append(relative.as_posix())
    (target / STATE_DIR).mkdir(parents=True, exist_ok=True)
    remember_language(target, lang)
    readme = target / "README.txt"
    if not readme.exists():
        write_text_atomic(readme, _(LEARNER_README))
    return report
