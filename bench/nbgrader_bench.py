"""``workshop grade`` and nbgrader's ``autograde`` side by side, on the same learners' work.

    python bench/nbgrader_bench.py [--learners 60] [--exercise 01] [--venv DIR]

nbgrader runs in its own virtual environment (made on first use in DIR, default
``~/.cache/workshop-bench/nbgrader-venv``, with ``pip install nbgrader``), so it never touches
this project's environment. Both tools grade the same class, made as in ``grade_bench.py`` (55 %
right, 20 % partly right, 10 % stub, 10 % broken, 5 % missing):

* ``workshop grade SUBMISSIONS --exercises NN`` on the learners' notebooks;
* ``nbgrader autograde`` on the same code in nbgrader's format: one solution cell with the
  learner's code (the module ``workshop check`` would build from their notebook), then one
  graded, locked cell per test of the exercise — the visible tests, and the hidden ones inside
  ``### BEGIN/END HIDDEN TESTS`` — each defining the test function and calling it. That is the
  same code and the same tests; nbgrader runs them in a fresh kernel per notebook, serially.

Whole-process times; prints both rates and their ratio. Not run by the test suite.
Only exercises whose tests need no fixtures and no parametrize can be converted (01, 02, 04, …):
the script says so for the others.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

DEFAULT_VENV = Path.home() / ".cache" / "workshop-bench" / "nbgrader-venv"


def nbgrader_env(folder: Path) -> Path:
    """The ``nbgrader`` program in a virtual environment of its own, installed on first use."""
    program = folder / ("Scripts" if os.name == "nt" else "bin") / "nbgrader"
    python = folder / ("Scripts" if os.name == "nt" else "bin") / "python"
    if program.exists() and subprocess.run([str(python), "-c", "import pytest"], capture_output=True).returncode == 0:
        return program
    if not program.exists():
        print(f"making a virtual environment for nbgrader in {folder} (once)…")
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    # pytest: the tests use pytest.raises and pytest.approx in nbgrader's kernel too.
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "nbgrader",
                           "ipykernel", "pytest"], capture_output=True, text=True)
    if done.returncode != 0 or not program.exists():
        raise SystemExit(f"Could not install nbgrader (is PyPI reachable?):\n{done.stdout}{done.stderr}")
    return program


def _tests_as_cells(exercise) -> tuple[str, list[tuple[str, float, str]]] | None:
    """(setup code, [(test name, points, cell code)]), or None if a test needs pytest's machinery."""
    setup: list[str] = []
    cells: list[tuple[str, float, str]] = []
    files = [(exercise.visible_tests, False), *((path, True) for path in sorted((exercise.folder / "hidden").glob("test_*.py")))]
    local_modules = {exercise.module} | {path.stem for path, _hidden in files}
    for path, hidden in files:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module in local_modules:
                continue  # the learner's functions and the visible tests' helpers are in the notebook already
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                if node.args.args or any("parametrize" in ast.unparse(d) or "fixture" in ast.unparse(d)
                                         for d in node.decorator_list):
                    return None
                points = 1.0
                for decorator in node.decorator_list:
                    if "points" in ast.unparse(decorator) and isinstance(decorator, ast.Call):
                        points = float(decorator.args[0].value)
                node.decorator_list = []
                code = f"{ast.unparse(node)}\n\n{node.name}()"
                if hidden:
                    code = f"### BEGIN HIDDEN TESTS\n{code}\n### END HIDDEN TESTS"
                cells.append((node.name, points, code))
            elif isinstance(node, ast.FunctionDef) and any("fixture" in ast.unparse(d) for d in node.decorator_list):
                return None
            else:
                setup.append(ast.get_source_segment(source, node) or ast.unparse(node))
    return "\n".join(setup), cells


def _cell(source: str, grade_id: str, *, solution: bool = False, points: float | None = None) -> dict:
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"cell_type": "code", "execution_count": None, "id": grade_id, "metadata": {"nbgrader": meta},
            "outputs": [], "source": source}


def _notebook(cells: list[dict]) -> dict:
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _compare_scores(gradebook: Path, course: Path, nbgrader: Path, env: dict, exercise: str) -> None:
    """How many learners got the same points from both (nbgrader runs cells on after an error, so a
    notebook that stops with an error can still earn points there; ours counts it as an error)."""
    import csv

    subprocess.run([str(nbgrader), "export"], cwd=course, env=env, capture_output=True)
    try:
        with open(course / "grades.csv", encoding="utf-8") as handle:
            theirs = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    except OSError:
        print("scores: nbgrader export gave no grades.csv")
        return
    ours = {learner["learner"]: learner["exercises"][exercise]
            for learner in json.loads(gradebook.read_text(encoding="utf-8"))["learners"]}
    same = [name for name in theirs if name in ours and abs(ours[name]["earned"] - theirs[name]) < 1e-6]
    differ = {name: (ours[name]["status"], ours[name]["earned"], theirs[name]) for name in theirs
              if name in ours and name not in same}
    print(f"scores: the same for {len(same)} of {len(theirs)} learners; differ: {differ or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--exercise", default="01")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--keep", action="store_true", help="keep the class and nbgrader's course folder")
    args = parser.parse_args()

    from grade_bench import _valid_exercises, make_class

    from workshop.core.notebook import notebook_module

    exercises = _valid_exercises([args.exercise])
    if not exercises:
        raise SystemExit(f"exercise {args.exercise} does not validate")
    exercise = exercises[0]
    converted = _tests_as_cells(exercise)
    if converted is None:
        raise SystemExit(f"{exercise.name}: its tests use fixtures or parametrize; they cannot be nbgrader cells")
    setup, tests = converted
    nbgrader = nbgrader_env(args.venv)

    base = Path(tempfile.mkdtemp(prefix="nbgrader-bench-"))
    subs = base / "submissions"
    handed_in = make_class(subs, [exercise], args.learners, stubs_differ=True)  # both do all the work
    print(f"class: {args.learners} learners × {exercise.name}: {handed_in} notebooks handed in "
          f"({len(tests)} tests each)")

    # workshop grade, whole process
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "workshop", "grade", str(subs), "--out", str(base / "grades"),
                           "--exercises", exercise.name, "--json"], cwd=REPO, capture_output=True, text=True)
    ours = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    print(f"workshop grade:      {ours:7.2f} s  {handed_in / ours:6.2f} notebooks/s  "
          f"{json.loads(done.stdout)['summary']}")

    # the same work in nbgrader's course layout
    course = base / "course"
    assignment = "ex"
    name = exercise.notebook_name
    solution_code = notebook_module(exercise.notebook).source
    test_cells = [_cell(setup, "setup")] + [_cell(code, f"test-{i}", points=points)
                                            for i, (_test, points, code) in enumerate(tests)]
    source = course / "source" / assignment / name
    source.parent.mkdir(parents=True)
    source.write_text(json.dumps(_notebook([_cell(solution_code, "code", solution=True), *test_cells])),
                      encoding="utf-8")
    for data in exercise.data_paths:
        shutil.copy(data, source.parent / data.name)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\nc.CourseDirectory.course_id = 'bench'\n"
        "c.ExecutePreprocessor.timeout = 30\n", encoding="utf-8")
    # nbgrader runs its helpers (alembic, the kernel) from its own environment.
    env = dict(os.environ, PYTHONPATH="", PATH=str(nbgrader.parent) + os.pathsep + os.environ.get("PATH", ""))
    run = subprocess.run([str(nbgrader), "generate_assignment", assignment, "--force"], cwd=course, env=env,
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(run.stdout + run.stderr)
    for learner in sorted(path for path in subs.iterdir() if (path / name).exists()):
        code = notebook_module(learner / name).source
        target = course / "submitted" / learner.name / assignment / name
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(_notebook([_cell(code, "code", solution=True), *test_cells])),
                          encoding="utf-8")
        for data in exercise.data_paths:
            shutil.copy(data, target.parent / data.name)
    started = time.perf_counter()
    run = subprocess.run([str(nbgrader), "autograde", assignment, "--create"], cwd=course, env=env,
                         capture_output=True, text=True)
    theirs = time.perf_counter() - started
    graded = len(list((course / "autograded").glob(f"*/{assignment}/{name}")))
    print(f"nbgrader autograde:  {theirs:7.2f} s  {graded / theirs:6.2f} notebooks/s  ({graded} notebooks graded, "
          f"exit {run.returncode})")
    print(f"ratio: workshop grade is {theirs / graded / (ours / handed_in):.1f}× faster per notebook")
    _compare_scores(base / "grades" / "gradebook.json", course, nbgrader, env, exercise.name)
    if args.keep:
        print(f"kept: {base}")
    else:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
