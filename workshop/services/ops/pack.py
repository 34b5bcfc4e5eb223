"""``workshop pack``: one zip a facilitator copies to USB sticks for a session without internet.

Contents: the session's learner notebooks, visible tests, metadata and data files; the exported
slides; a participant README in plain words; and with ``--with-wheels`` the wheels to install the
toolkit and its dependencies with no internet. Never solutions, hidden tests or pitfalls, and
never a working folder as it is: the learner files are regenerated from ``solutions/`` by
``build`` (or taken from the toolkit's own pristine copy) through :mod:`workshop.services.ops.pristine`,
and the file list is checked again before the zip is written. What was left out is reported.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from workshop.util.atomic import replacing
from workshop.core.exercise import Exercise, find
from workshop.util.i18n import _
from workshop.core.workspace import Workspace

FORBIDDEN_PARTS = {"solutions", "hidden", "pitfalls", ".workshop", "__pycache__"}


def participant_readme(install: str) -> str:
    """The pack's README.txt, in the session's language."""
    return _("""\
Welcome to the workshop
=======================

This folder has everything for today's session. You do not need the internet.

1. Install (once)
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
""").format(install=install)


def install_online(wheel: str) -> str:
    """The install step of a pack without wheels."""
    return _("   Open a terminal in this folder, then type:\n"
             "       python -m pip install wheels/{wheel}\n"
             "   (This needs the internet once, to fetch JupyterLab and the other parts.)\n").format(wheel=wheel)


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
    left_out: list[tuple[str, str]] = field(default_factory=list)
    regenerated: list[str] = field(default_factory=list)
    complete: list[tuple[str, str]] = field(default_factory=list)


def session_exercises(workspace: Workspace, session_file: Path | None) -> list[Exercise]:
    """The session's exercises in order (all of them without a session file)."""
    exercises = workspace.exercises()
    if session_file is None:
        return exercises
    from workshop.slides import SlidesError
    from workshop.core.session import load_session

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
    return not (set(Path(relative).parts) & FORBIDDEN_PARTS) and not any(
        part.startswith(".") for part in Path(relative).parts)


def exercise_files(workspace: Workspace, exercises: list[Exercise]) -> tuple[dict[str, bytes], PackReport]:
    """Archive name → content of the learner side of each exercise, pristine, and what was left out."""
    from workshop.services.ops.learner_workspace import package_source
    from workshop.services.ops.pristine import collect_root

    names = [exercise.name for exercise in exercises]
    notes = PackReport(Path())
    if workspace.solutions_dir.is_dir():
        collected = collect_root(workspace.root, names)
        missing = [name for name in names if not (workspace.solutions_dir / name).is_dir()]
        if missing:
            notes.warnings.append(_("No solution for {names}: packed from exercises/ through the allow-list, "
                                    "not checked against build.").format(names=", ".join(missing)))
    else:
        bundled = package_source()
        if bundled is not None and bundled.root != workspace.root and all(
                (bundled.exercises_dir / name).is_dir() for name in names):
            collected = collect_root(bundled.root, names)
            notes.warnings.append(_("No solutions/ here: the exercises are the toolkit's own pristine copy, "
                                    "not the files in {path}.").format(path=workspace.exercises_dir))
        else:
            collected = collect_root(workspace.root, names)
            notes.warnings.append(_("No solutions/ here: the exercises are packed from {path} through the "
                                    "allow-list, not checked against build.").format(path=workspace.exercises_dir))
    notes.left_out = collected.refused
    notes.regenerated = collected.regenerated
    return korean_names(collected.files), notes


def korean_names(files: dict[str, bytes]) -> dict[str, bytes]:
    """In Korean (the session's or the chosen language), the Korean notebook takes the usual name;
    in English the Korean notebooks stay beside the English ones."""
    from workshop.util.i18n import current_language
    from workshop.core.translations import KO_NOTEBOOK_SUFFIX

    if current_language() != "ko":
        return files
    renamed = dict(files)
    for name, content in files.items():
        if name.endswith(KO_NOTEBOOK_SUFFIX):
            renamed.pop(name, None)
            renamed[name[: -len(KO_NOTEBOOK_SUFFIX)] + ".ipynb"] = content
    return renamed


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


def build_wheels(project_root: Path, target: Path, platforms: list[str], pythons: list[str] | None = None):
    """The toolkit's wheel and the wheels of its lock for each named platform and Python (default: all)."""
    from workshop.services.ops.wheels import PYTHONS, TARGETS, WheelsError, download

    lock = project_root / "pack-lock.txt"
    if not lock.is_file():
        raise PackError(_("{path} is missing: it lists the exact packages to put in the pack.").format(path=lock))
    unknown = [name for name in platforms if name not in TARGETS]
    if unknown:
        raise PackError(_("Unknown platform {names}; choose from: {known}").format(
            names=", ".join(unknown), known=", ".join(TARGETS)))
    build_own_wheel(project_root, target)
    try:
        return download(lock, target, [TARGETS[name] for name in platforms or TARGETS], list(pythons or PYTHONS))
    except WheelsError as error:
        raise PackError(str(error)) from None


def _room_ai(session_file: Path | None) -> str:
    """The session file's ``[ai]`` room server as ``.workshop/room-ai.toml`` text ("" when none)."""
    import json

    from workshop.board.session import room_ai

    found = room_ai(session_file)
    if not found.get("room_url"):
        return ""
    return "".join(f"{key} = {json.dumps(value)}\n" for key, value in found.items())


def make_pack(workspace: Workspace, out: Path, session_file: Path | None = None, slides_dir: Path | None = None,
              with_wheels: bool = False, platforms: list[str] | None = None,
              project_root: Path | None = None, pythons: list[str] | None = None) -> PackReport:
    """Write the participant pack zip to ``out`` (atomically) and return what went in."""
    exercises = session_exercises(workspace, session_file)
    if not exercises:
        raise PackError(_("There are no exercises to pack in {path}.").format(path=workspace.exercises_dir))
    report = PackReport(Path(out), exercises=[exercise.name for exercise in exercises])
    files: dict[str, bytes | Path]
    files, notes = exercise_files(workspace, exercises)
    report.warnings += notes.warnings
    report.left_out += notes.left_out
    report.regenerated += notes.regenerated
    if slides_dir is not None and Path(slides_dir).is_dir():
        for path in sorted(Path(slides_dir).iterdir()):
            name = f"slides/{path.name}"
            if path.is_symlink():
                report.left_out.append((name, _("a symbolic link (it may point at anything, even a hidden test)")))
            elif path.name.startswith("."):
                report.left_out.append((name, _("a hidden file or folder (dot name)")))
            elif path.is_file() and path.suffix == ".html":
                files[name] = path
                report.slides.append(path.name)
    elif slides_dir is not None:
        report.warnings.append(_("No slides folder at {path}: the pack has no slides.").format(path=slides_dir))
    with tempfile.TemporaryDirectory(prefix="workshop-pack-") as scratch:
        root = project_root or toolkit_source(workspace)
        if not (root / "pyproject.toml").is_file():
            raise PackError(_("workshop pack needs the toolkit's source folder (with pyproject.toml) to include "
                              "the toolkit itself; run it from there, or name it with --root."))
        if (root / "build" / "lib").is_dir():
            report.left_out.append(("build/lib/", _("stale build output: the toolkit's wheel is built afresh without it")))
        wheel_dir = Path(scratch) / "wheels"
        complete: list[tuple[str, str]] = []
        if with_wheels:
            collected = build_wheels(root, wheel_dir, platforms or [], pythons)
            wheels, complete = collected.wheels, collected.complete
            report.warnings += collected.warnings
            report.complete = complete
        else:
            wheels = [build_own_wheel(root, wheel_dir)]
        for wheel in wheels:
            files[f"wheels/{wheel.name}"] = wheel
            report.wheels.append(wheel.name)
        own = next((name for name in report.wheels if name.startswith("workshop-")), "workshop.whl")
        if with_wheels:
            from workshop.services.ops.wheels import install_text

            readme = participant_readme(install_text(complete))
        else:
            readme = participant_readme(install_online(own))
        leaked = [name for name in files if not _is_allowed(name)]
        if leaked:  # defence in depth: the file list above cannot contain these
            raise PackError(_("Refusing to pack solution files: {names}").format(names=", ".join(leaked)))
        with replacing(out) as temporary, zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", readme)
            room = _room_ai(session_file)
            if room:  # the room's AI server, for every participant's tutor (docs/ai.md)
                archive.writestr(".workshop/room-ai.toml", room)
            for name, item in sorted(files.items()):
                compress = zipfile.ZIP_STORED if name.endswith(".whl") else zipfile.ZIP_DEFLATED
                if isinstance(item, bytes):
                    archive.writestr(name, item, compress_type=compress)
                else:
                    archive.write(item, name, compress_type=compress)
    report.files = ["README.txt", *sorted(files)]
    return report
