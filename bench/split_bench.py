"""What a split check costs (issue 14 §2): the learner process and each call across the socket.

    python bench/split_bench.py [--calls 5000] [--rounds 5] [--exercises]

Measures, in one run (POSIX only; nothing is asserted):
  start   fork the learner process, import a tiny module there, describe it, end it (median, ms)
  call    one call of a trivial function of the learner's module from the test process, round
          trip (median of rounds, µs), with and without the kernel's isolation in the learner process
  --exercises: every exercise's solution checked (visible and hidden tests) with the split on and
          off, interleaved, wall-clock and CPU seconds of the child processes: the ratio on/off per exercise
Machine noise hits on and off alike (interleaved); compare figures of one run only.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workshop.engine import isolation, split  # noqa: E402

SOURCE = "def same(value):\n    return value\n"


def _learner(folder: str, isolate: bool):
    def run(sock) -> None:
        if isolate:
            isolation.isolate(folder, False)
        module = types.ModuleType("bench_module")
        exec(SOURCE, module.__dict__)  # noqa: S102 - the benchmark's own two lines
        sys.modules["bench_module"] = module
        split.serve_learner(sock, "bench_module", os.path.join(folder, "bench_module.py"), lambda: None)
    return run


def _start(folder: str, isolate: bool):
    side, _pid = split.start(None, folder, _learner(folder, isolate))
    first = side.endpoint.receive()
    return side, side.module("bench_module", first["exports"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--exercises", action="store_true")
    options = parser.parse_args()
    if not split.available():
        raise SystemExit("split checks need fork (POSIX)")
    isolation.prepare()
    with tempfile.TemporaryDirectory(prefix="split-bench-") as folder:
        starts = []
        for _ in range(max(options.rounds * 4, 10)):
            began = time.perf_counter()
            side, _module = _start(folder, False)
            side.close()
            starts.append(time.perf_counter() - began)
        print(f"start+end of a learner process: {statistics.median(starts) * 1000:7.2f} ms (median)")
        per_call: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(options.rounds):
            for isolate in (False, True):
                side, module = _start(folder, isolate)
                began = time.perf_counter()
                for number in range(options.calls):
                    module.same(number)
                per_call[isolate].append((time.perf_counter() - began) / options.calls)
                side.close()
        for isolate, values in per_call.items():
            print(f"one call, round trip{' (learner isolated)' if isolate else '                   '}: "
                  f"{statistics.median(values) * 1e6:7.1f} µs (median of {options.rounds} × {options.calls})")
    if options.exercises:
        _exercises(options.rounds)


def _exercises(rounds: int) -> None:
    from tests.conftest import solution_code, write_notebook
    from workshop.core.exercise import load_exercise
    from workshop.engine.pipeline import check_notebook
    from workshop.engine.sandbox import Limits

    print(f"{'exercise':22s} {'split s':>8s} {'one s':>8s} {'on/off':>7s} {'cpu on':>7s} {'cpu off':>8s}")
    with tempfile.TemporaryDirectory(prefix="split-bench-") as folder:
        for solution in sorted((REPO / "solutions").glob("*/exercise.toml")):
            name = solution.parent.name
            exercise = load_exercise(REPO / "exercises" / name)
            hidden = sorted((solution.parent / "hidden").glob("test_*.py"))
            notebook = write_notebook(Path(folder) / name / exercise.notebook_name, [solution_code(REPO, name)])
            wall: dict[bool, list[float]] = {True: [], False: []}
            cpu: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(rounds):
                for on in (True, False):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    began = time.perf_counter()
                    result = check_notebook(exercise, notebook, hidden, limits=Limits(timeout=120, split=on))
                    wall[on].append(time.perf_counter() - began)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu[on].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                    if result.status.value != "passed":
                        print(f"  {name}: {result.status.value} with split={'on' if on else 'off'}: {result.message}")
            on, off = statistics.median(wall[True]), statistics.median(wall[False])
            print(f"{name:22s} {on:8.2f} {off:8.2f} {on / off:7.2f} {statistics.median(cpu[True]):7.2f} "
                  f"{statistics.median(cpu[False]):8.2f}")


if __name__ == "__main__":
    main()
