"""Benchmark ``workshop grade`` on a generated class, whole process, and the re-grade of it unchanged.

    python bench/grade_bench.py [--learners 300] [--jobs N] [--only 01 …] [--keep DIR]

Builds, in a temporary folder, a class of LEARNERS learners × every exercise that validates right
now (``workshop validate``), with a realistic mix per notebook: 55 % right, 20 % partly right (the
solution with one of the exercise's pitfalls), 10 % the untouched stub, 10 % broken (an error at
import, a syntax error, a missing function), 5 % not handed in. Every notebook file differs; the
right, partly right and broken ones differ in their code too (a comment names the learner), so
their checks share nothing. The stubs are handed in untouched, as learners who did nothing do: only
a Markdown cell differs, and the grader checks their code once (``--stubs-differ`` makes them
differ in code too, so that nothing at all is shared). Then times, as a facilitator would:

  1. ``workshop grade SUBMISSIONS --out OUT --json``, from an empty cache;
  2. the same command again on the unchanged class (everything comes from the cache).

Prints notebooks per second and both times. Nothing is asserted; not run by the test suite.

``--floor`` grades the same class once more against a copy of the exercises whose test functions
have empty bodies (fixtures, marks and learner code still run): what pytest, the sandbox and the
learner's module cost before any test does work — the most this machine can reach with these
checks. ``--per-exercise`` grades each exercise alone and prints its rate. ``--isolation N`` only
compares: N rounds of grading with the kernel's isolation on and off (``WORKSHOP_ISOLATION``), interleaved.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _valid_exercises(only: list[str] | None = None):
    from workshop.core.exercise import load_exercise
    from workshop.core.workspace import Workspace
    from workshop.services.authoring.validate import validate_exercise

    workspace = Workspace(REPO)
    good = []
    for folder in sorted(path.parent for path in (REPO / "solutions").glob("*/exercise.toml")):
        if only and folder.name[:2] not in only and folder.name not in only:
            continue
        report = validate_exercise(workspace, folder)
        print(f"  {folder.name}: {'validates' if report.ok else 'left out (' + report.problems[0][:60] + ')'}")
        if report.ok:
            good.append(load_exercise(folder))
    return good


def _variants(exercise) -> dict[str, list[dict]]:
    from workshop.core.notebook import read_notebook
    from workshop.services.authoring.validate import notebook_with_pitfall, pitfalls

    solution = read_notebook(exercise.notebook)
    stub = read_notebook(REPO / "exercises" / exercise.name / exercise.notebook_name)
    code = [cell for cell in solution["cells"] if cell.get("cell_type") == "code"]

    def with_cell(notebook: dict, source: str) -> dict:
        return dict(notebook, cells=[*notebook["cells"], {"cell_type": "code", "execution_count": None,
                                                          "id": "extra", "metadata": {}, "outputs": [],
                                                          "source": source}])

    first = exercise.tasks[0].functions[0]
    return {
        "right": [solution],
        "partly": [notebook_with_pitfall(solution, trap) for trap in pitfalls(exercise)] or [solution],
        "stub": [stub],
        "broken": [with_cell(solution, "raise RuntimeError('oops')"),
                   with_cell(solution, "def broken(:\n    pass"),
                   with_cell(dict(solution, cells=code), f"del {first}")],
    }


def make_class(folder: Path, exercises, learners: int, seed: int = 7, stubs_differ: bool = False) -> int:
    rng = random.Random(seed)
    count = 0
    variants = {exercise.name: _variants(exercise) for exercise in exercises}
    for index in range(learners):
        home = folder / f"learner-{index:03d}"
        home.mkdir(parents=True)
        for exercise in exercises:
            roll = rng.random()
            kind = ("right" if roll < 0.55 else "partly" if roll < 0.75 else "stub" if roll < 0.85
                    else "broken" if roll < 0.95 else None)
            if kind is None:
                continue
            notebook = rng.choice(variants[exercise.name][kind])
            who = {"cell_type": "markdown", "id": "who", "metadata": {}, "source": f"learner {index}"}
            if kind != "stub" or stubs_differ:
                who = {"cell_type": "code", "execution_count": None, "id": "who", "metadata": {}, "outputs": [],
                       "source": f"# learner {index}"}
            marked = dict(notebook, cells=[who, *notebook["cells"]])
            (home / exercise.notebook_name).write_text(json.dumps(marked, ensure_ascii=False), encoding="utf-8")
            count += 1
    return count


def empty_tests_copy(target: Path) -> int:
    """Copy exercises/ and solutions/ to ``target`` with every test function's body emptied."""
    import ast

    emptied = 0
    for name in ("exercises", "solutions"):
        shutil.copytree(REPO / name, target / name)
    for path in [*target.glob("*/*/test_*.py"), *target.glob("solutions/*/hidden/test_*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                doc = ast.get_docstring(node)
                node.body = [ast.Expr(ast.Constant(doc))] if doc else [ast.Pass()]
                emptied += 1
        path.write_text(ast.unparse(tree), encoding="utf-8")
    return emptied


def _grade(subs: Path, out: Path, names: list[str], jobs: int | None, root: Path = REPO,
           isolation: bool = True) -> tuple[float, dict]:
    command = [sys.executable, "-m", "workshop", "grade", str(subs), "--out", str(out), "--json", "--root", str(root)]
    for name in names:
        command += ["--exercises", name]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                          env=dict(os.environ, PYTHONUTF8="1", WORKSHOP_ISOLATION="on" if isolation else "off"))
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return seconds, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--only", nargs="*", default=None, help="only these exercises (numbers or names)")
    parser.add_argument("--keep", type=Path, default=None, help="build the class here and keep it")
    parser.add_argument("--floor", action="store_true", help="also grade against tests with empty bodies")
    parser.add_argument("--stubs-differ", action="store_true", help="untouched stubs differ in code too")
    parser.add_argument("--per-exercise", action="store_true", help="also grade each exercise alone")
    parser.add_argument("--isolation", type=int, default=0, metavar="ROUNDS",
                        help="only compare: grade ROUNDS times with the kernel's isolation on and off, interleaved")
    args = parser.parse_args()
    print("exercises:")
    exercises = _valid_exercises(args.only)
    base = args.keep or Path(tempfile.mkdtemp(prefix="grade-bench-"))
    subs, out = base / "submissions", base / "grades"
    shutil.rmtree(subs, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    notebooks = make_class(subs, exercises, args.learners, stubs_differ=args.stubs_differ)
    names = [exercise.name for exercise in exercises]
    print(f"class: {args.learners} learners × {len(names)} exercises = {notebooks} notebooks handed in "
          f"(cores: {os.cpu_count()})")
    if args.isolation:
        rates: dict[bool, list[float]] = {True: [], False: []}
        for _round in range(args.isolation):
            for isolation in (True, False):
                shutil.rmtree(out, ignore_errors=True)
                seconds, _summary = _grade(subs, out, names, args.jobs, isolation=isolation)
                rates[isolation].append(notebooks / seconds)
                print(f"  isolation {'on ' if isolation else 'off'}: {seconds:7.2f} s  {notebooks / seconds:6.1f} notebooks/s")
        on, off = (sorted(rates[key])[len(rates[key]) // 2] for key in (True, False))
        print(f"median rate: on {on:.1f}, off {off:.1f} notebooks/s; on/off = {on / off:.3f}")
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
        return
    first, summary = _grade(subs, out, names, args.jobs)
    print(f"grade, empty cache:  {first:7.2f} s  {summary['checked']} checks ({summary['same_code']} with the code "
          f"of another)  {notebooks / first:6.1f} notebooks/s   {summary['summary']}")
    second, again = _grade(subs, out, names, args.jobs)
    print(f"re-grade, unchanged: {second:7.2f} s  {again['checked']} checks, {again['from_cache']} from the cache")
    if args.per_exercise:
        for name in names:
            handed_in = sum(1 for _ in subs.glob(f"*/{next(e for e in exercises if e.name == name).notebook_name}"))
            shutil.rmtree(out, ignore_errors=True)
            seconds, _summary = _grade(subs, out, [name], args.jobs)
            print(f"  {name:24s} {handed_in:4d} notebooks {seconds:7.2f} s {handed_in / seconds:6.1f} notebooks/s")
    if args.floor:
        floor_root = base / "empty-tests"
        shutil.rmtree(floor_root, ignore_errors=True)
        emptied = empty_tests_copy(floor_root)
        shutil.rmtree(out, ignore_errors=True)
        seconds, summary = _grade(subs, out, names, args.jobs, root=floor_root)
        print(f"floor ({emptied} test bodies emptied): {seconds:7.2f} s  {notebooks / seconds:6.1f} notebooks/s  "
              f"{summary['summary']}")
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
