"""``workshop pack``: one zip a facilitator copies to USB sticks for a session without internet.

Contents: the session's learner notebooks, visible tests, metadata and data files; the exported
slides; a participant README in plain words; and with ``--with-wheels`` the wheels to install the
toolkit and its dependencies with no internet. Never solutions, hidden tests or pitfalls: the
file list is built from ``exercises/`` only and checked again before the zip is written.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from workshop.atomic import replacing
from workshop.exercise import Exercise, find
from workshop.i18n import N_, _
from workshop.project import Workspace

FORBIDDEN_PARTS = {"solutions", "hidden", "pitfalls", ".workshop", "__pycache__"}

PARTICIPANT_README = N_("""\
Welcome to the workshop
=======================

This folder has everything for today's session. You do not need the internet.

1. Install (once)
   Open a terminal in this folder, then type:
{install}
2. Start
       python -m workshop lab
   JupyterLab opens in your web browser, at the first exercise.

3. Work on an exercise
   Read the notebook from the top. Write your code where a cell says "# YOUR CODE HERE",
   then run the cell (Shift + Enter).

4. Check your work
   Run the last cell of the notebook. Or, in the terminal:
       python -m workshop check 01
   Green means done. If not, it tells you which part is not right yet.

5. Stuck?
       python -m workshop hint 01
   gives a hint. Ask again for a more detailed one. Or raise your hand!

Safety: never paste real names, testimonies, phone numbers or photos into an AI tool.

The exercises are in exercises/. The slides are in slides/ (open them in a web browser).
""")

INSTALL_ONLINE = N_("       python -m pip install wheels/{wheel}\n"
                    "   (This needs the internet once, to fetch JupyterLab and the other parts.)\n")
INSTALL_OFFLINE = N_("       python -m pip install --no-index --find-links wheels workshop\n"
                     "   (This uses the files in wheels/, so no internet is needed.)\n")


class PackError(Exception):
    """The pack cannot be made; the message says why and what to do."""


@dataclass
class PackReport:
    path: Path
    files: list[str] = field(default_factory=list)
    exercises: list[str] = field(default_factory=list)
    slides: list[str] = field(default_factory=list)
    wheels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def session_exercises(workspace: Workspace, session_file: Path | None) -> list[Exercise]:
    """The session's exercises in order (all of them without a session file)."""
    exercises = workspace.exercises()
    if session_file is None:
        return exercises
    from workshop.slides import SlidesError
    from workshop.slides.session import load_session

    try:
        session = load_session(session_file)
    except SlidesError as error:
        raise PackError(str(error)) from None
    return [find(exercises, query) for query in session.exercises]


def toolkit_source(workspace: Workspace) -> Path:
    """The toolkit's source folder: the workspace when it is one, else where this package was installed from."""
    if (workspace.root / "pyproject.toml").is_file():
        return workspace.root
    return Path(__file__).resolve().parents[2]


def _is_allowed(relative: str) -> bool:
    return not (set(Path(relative).parts) & FORBIDDEN_PARTS)


def exercise_files(exercises: list[Exercise]) -> dict[str, Path]:
    """Archive name → file, for the learner side of each exercise.

    In Korean (the session's or the chosen language), the Korean notebook takes the usual name.
    """
    from workshop.i18n import current_language
    from workshop.translations import KO_NOTEBOOK_SUFFIX

    korean = current_language() == "ko"
    files = {}
    for exercise in exercises:
        for path in sorted(exercise.folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                relative = f"exercises/{exercise.name}/{path.relative_to(exercise.folder).as_posix()}"
                if _is_allowed(relative):
                    files[relative] = path
        korean_notebook = exercise.folder / (exercise.module + KO_NOTEBOOK_SUFFIX)
        if korean and korean_notebook.is_file():
            files[f"exercises/{exercise.name}/{exercise.notebook_name}"] = korean_notebook
            files.pop(f"exercises/{exercise.name}/{korean_notebook.name}", None)
    return files


def build_own_wheel(project_root: Path, target: Path) -> Path:
    """The toolkit's own wheel, built from its source folder (no network needed)."""
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                           "--wheel-dir", str(target), str(project_root)], capture_output=True, text=True)
    wheels = sorted(target.glob("workshop-*.whl"))
    if done.returncode != 0 or not wheels:
        last = (done.stderr or done.stdout).strip().splitlines()
        raise PackError(_("Could not build the toolkit's wheel: {error}").format(error=last[-1] if last else ""))
    return wheels[-1]


def build_wheels(project_root: Path, target: Path, platforms: list[str]) -> tuple[list[Path], list[str]]:
    """Wheels of the toolkit and every dependency: for this machine, and for each named platform."""
    target.mkdir(parents=True, exist_ok=True)
    warnings = []
    pip = [sys.executable, "-m", "pip"]
    done = subprocess.run([*pip, "wheel", "--quiet", "--wheel-dir", str(target), str(project_root)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise PackError(_("Could not collect the wheels (is the internet reachable?): {error}").format(
            error=(done.stderr or done.stdout).strip().splitlines()[-1:] or ""))
    own = sorted(target.glob("workshop-*.whl"))
    for platform in platforms:
        command = [*pip, "download", "--quiet", "--only-binary=:all:", "--platform", platform,
                   "--python-version", f"{sys.version_info.major}.{sys.version_info.minor}",
                   "--dest", str(target), *(str(path) for path in own)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()
            warnings.append(_("Wheels for {platform} are incomplete: {error}").format(
                platform=platform, error=last[-1] if last else done.returncode))
    return sorted(target.glob("*.whl")), warnings


def make_pack(workspace: Workspace, out: Path, session_file: Path | None = None, slides_dir: Path | None = None,
              with_wheels: bool = False, platforms: list[str] | None = None,
              project_root: Path | None = None) -> PackReport:
    """Write the participant pack zip to ``out`` (atomically) and return what went in."""
    exercises = session_exercises(workspace, session_file)
    if not exercises:
        raise PackError(_("There are no exercises to pack in {path}.").format(path=workspace.exercises_dir))
    report = PackReport(Path(out), exercises=[exercise.name for exercise in exercises])
    files = exercise_files(exercises)
    if slides_dir is not None and Path(slides_dir).is_dir():
        for path in sorted(Path(slides_dir).glob("*.html")):
            files[f"slides/{path.name}"] = path
            report.slides.append(path.name)
    elif slides_dir is not None:
        report.warnings.append(_("No slides folder at {path}: the pack has no slides.").format(path=slides_dir))
    with tempfile.TemporaryDirectory(prefix="workshop-pack-") as scratch:
        root = project_root or toolkit_source(workspace)
        if not (root / "pyproject.toml").is_file():
            raise PackError(_("workshop pack needs the toolkit's source folder (with pyproject.toml) to include "
                              "the toolkit itself; run it from there, or name it with --root."))
        wheel_dir = Path(scratch) / "wheels"
        if with_wheels:
            wheels, notes = build_wheels(root, wheel_dir, platforms or [])
            report.warnings += notes
        else:
            wheels = [build_own_wheel(root, wheel_dir)]
        for wheel in wheels:
            files[f"wheels/{wheel.name}"] = wheel
            report.wheels.append(wheel.name)
        own = next((name for name in report.wheels if name.startswith("workshop-")), "workshop.whl")
        readme = _(PARTICIPANT_README).format(
            install=_(INSTALL_OFFLINE) if with_wheels else _(INSTALL_ONLINE).format(wheel=own))
        leaked = [name for name in files if not _is_allowed(name)]
        if leaked:  # defence in depth: the file list above cannot contain these
            raise PackError(_("Refusing to pack solution files: {names}").format(names=", ".join(leaked)))
        with replacing(out) as temporary, zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", readme)
            for name, path in sorted(files.items()):
                compress = zipfile.ZIP_STORED if name.endswith(".whl") else zipfile.ZIP_DEFLATED
                archive.write(path, name, compress_type=compress)
    report.files = ["README.txt", *sorted(files)]
    return report
