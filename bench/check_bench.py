"""Benchmark the learner's fast paths, whole process, beside `python -c pass` in the same run.

    python bench/check_bench.py [--runs 15]

Measures (median of N runs, interleaved so machine noise hits all alike):
  python -c pass                                  the floor: an interpreter start
  workshop --help
  workshop list
  workshop check 01 on the solved notebook        (the issue's target: ≤ 0.3 s)
  workshop check 01 on the learner's stub notebook
  --isolation: also both checks with the kernel's isolation off (WORKSHOP_ISOLATION=off), to
               measure what namespaces, Landlock and seccomp cost (isolation is on by default)
  --split:     also both checks with tests and learner code in one process (WORKSHOP_SPLIT=off), to
               measure what the split check costs (split is on by default, where there is fork)
  --venv DIR:  time the toolkit as a participant has it: installed from this checkout (not editable)
               into the virtual environment DIR, made there first if missing. The floor is then that
               environment's `python -c pass`: without this machine's own .pth files (an editable
               install's finder, a proxy's certificate hook cost ~30 ms before any command starts)
Prints a table and the ratio of each to `python -c pass`. Nothing is asserted: speed is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _script(python: str = sys.executable) -> list[str]:
    # The installed console script next to this interpreter (what a learner types), else -m.
    candidate = Path(python).with_name("workshop" + (".exe" if os.name == "nt" else ""))
    return [str(candidate)] if candidate.exists() else [python, "-m", "workshop"]


def _participant_python(venv: Path) -> str:
    """The interpreter of virtual environment ``venv`` with this checkout installed as a wheel would be."""
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(REPO)],
                   check=True)
    return str(python)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--isolation", action="store_true", help="also time the checks with isolation off")
    parser.add_argument("--split", action="store_true", help="also time the checks in one process (split off)")
    parser.add_argument("--lang", default=None, help="WORKSHOP_LANG for the runs (ko: the Korean catalog)")
    parser.add_argument("--venv", type=Path, default=None, help="time a participant's install in this venv")
    options = parser.parse_args()
    python = _participant_python(options.venv) if options.venv else sys.executable
    workshop = _script(python)
    solved = str(REPO / "solutions" / "01-passphrase" / "passphrase.ipynb")
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "workshop --help": [*workshop, "--help"],
        "workshop list": [*workshop, "list"],
        "workshop check 01 (solved)": [*workshop, "check", "01", "--notebook", solved],
        "workshop check 01 (stub)": [*workshop, "check", "01"],
    }
    env = dict(os.environ, COLUMNS="100", WORKSHOP_ROOT=str(REPO))
    if options.lang:
        env["WORKSHOP_LANG"] = options.lang
    off = dict(env, WORKSHOP_ISOLATION="off")
    envs = {}
    if options.isolation:
        for name in ("workshop check 01 (solved)", "workshop check 01 (stub)"):
            commands[name + ", isolation off"] = commands[name]
            envs[name + ", isolation off"] = off
    if options.split:
        for name in ("workshop check 01 (solved)", "workshop check 01 (stub)"):
            commands[name + ", split off"] = commands[name]
            envs[name + ", split off"] = dict(env, WORKSHOP_SPLIT="off")
    _refuse_broken(commands, envs, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(options.runs):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, env=envs.get(name, env), cwd=REPO, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    floor = statistics.median(times["python -c pass"])
    rows = [{"command": name, "median_s": round(statistics.median(values), 4),
             "p90_s": round(sorted(values)[int(0.9 * (len(values) - 1))], 4),
             "ratio_to_python": round(statistics.median(values) / floor, 2)} for name, values in times.items()]
    if options.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'command':46} {'median':>8} {'p90':>8} {'× python':>9}")
    for row in rows:
        print(f"{row['command']:46} {row['median_s']:8.3f} {row['p90_s']:8.3f} {row['ratio_to_python']:9.2f}")


def _refuse_broken(commands: dict[str, list[str]], envs: dict[str, dict], env: dict) -> None:
    """Run each command once and stop if one crashed: timing a traceback measures nothing.

    A check may exit 1 (the stub fails its tests); what it must not do is die before checking.
    """
    for name, command in commands.items():
        done = subprocess.run(command, env=envs.get(name, env), cwd=REPO, capture_output=True, text=True)
        if done.returncode not in (0, 1) or "Traceback" in done.stderr:
            sys.exit(f"{name!r} did not run (exit {done.returncode}):\n{done.stderr[-2000:]}")


if __name__ == "__main__":
    main()
