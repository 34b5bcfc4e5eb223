"""Two checkouts of the toolkit timed in one run, command by command, runs interleaved (A B A B …)
so that the machine's noise falls on both alike: "behaviour and speed unchanged" measured, not said.

    python bench/compare_checkouts.py BEFORE_PYTHON BEFORE_DIR AFTER_PYTHON AFTER_DIR [--runs 15]

Each PYTHON is an interpreter with that checkout installed (e.g. a venv's bin/python); each DIR is
the checkout (the commands run in a fresh `workshop init` workspace made by each side). Prints the
median seconds of each side, and after/before: about 1.00 means unchanged; the spread of the
per-pair ratios (p10–p90) says how large the noise was.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

COMMANDS = [
    ("python -c pass", ["-c", "pass"]),
    ("workshop --help", ["-m", "workshop", "--help"]),
    ("workshop list", ["-m", "workshop", "list"]),
    ("workshop check 01 (stub)", ["-m", "workshop", "check", "01"]),
]


def _workspace(python: str, root: Path) -> Path:
    target = root / "ws"
    subprocess.run([python, "-m", "workshop", "init", str(target)], check=True, capture_output=True)
    return target


def _time(python: str, args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([python, *args], cwd=cwd, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before_python")
    parser.add_argument("before_dir")
    parser.add_argument("after_python")
    parser.add_argument("after_dir")
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as before_tmp, tempfile.TemporaryDirectory() as after_tmp:
        sides = {"before": (options.before_python, _workspace(options.before_python, Path(before_tmp))),
                 "after": (options.after_python, _workspace(options.after_python, Path(after_tmp)))}
        print(f"{'command':28} {'before':>8} {'after':>8} {'after/before':>13} {'pair ratios p10–p90':>20}")
        for label, args in COMMANDS:
            for python, cwd in sides.values():  # warm the file cache once per side
                _time(python, args, cwd)
            pairs = []
            for _ in range(options.runs):
                before = _time(*sides["before"][:1], args, sides["before"][1])
                after = _time(*sides["after"][:1], args, sides["after"][1])
                pairs.append((before, after))
            befores, afters = [b for b, _ in pairs], [a for _, a in pairs]
            ratios = sorted(a / b for b, a in pairs)
            p10, p90 = ratios[len(ratios) // 10], ratios[(len(ratios) * 9) // 10 - 1 if len(ratios) >= 10 else -1]
            print(f"{label:28} {statistics.median(befores):8.3f} {statistics.median(afters):8.3f} "
                  f"{statistics.median(afters) / statistics.median(befores):13.2f} {p10:9.2f}–{p90:.2f}")


if __name__ == "__main__":
    main()
