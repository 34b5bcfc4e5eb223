"""What a participant downloads and installs: wheel count, size and offline install time per lock.

    python bench/pack_size.py --lock pack-lock.txt [--lock OLD-LOCK ...] [--target linux-x86_64] [--python 3.12]

For each lock: the wheels of its pins for one target (downloaded with workshop.services.ops.wheels, as
the pack does), their count and size, then the time of ``pip install --no-index`` of those pins
into a fresh virtual environment of this Python (the target Python must be this one). Comparing
the lock of the full install with the slimmed one measures what moving tools to extras saved.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop.services.ops.wheels import TARGETS, download, pins_for, read_lock  # noqa: E402


def measure(lock: Path, target: str, python: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="pack-size-") as scratch:
        wheels = Path(scratch) / "wheels"
        report = download(lock, wheels, [TARGETS[target]], [python])
        size = sum(path.stat().st_size for path in report.wheels)
        result = {"lock": str(lock), "wheels": len(report.wheels), "megabytes": round(size / 1e6, 1),
                  "complete": bool(report.complete)}
        here = f"{sys.version_info.major}.{sys.version_info.minor}"
        if python == here and sys.platform.startswith("linux") and target == "linux-x86_64":
            environment = Path(scratch) / "venv"
            venv.create(environment, with_pip=True)
            pins = pins_for(read_lock(lock), TARGETS[target], python)
            env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
            env["PIP_CONFIG_FILE"] = os.devnull
            started = time.perf_counter()
            subprocess.run([str(environment / "bin" / "python"), "-m", "pip", "install", "--isolated", "-q",
                            "--no-index", "--find-links", str(wheels), *pins], check=True, env=env)
            result["install_seconds"] = round(time.perf_counter() - started, 1)
            result["installed_megabytes"] = round(sum(
                path.stat().st_size for path in environment.rglob("*") if path.is_file()) / 1e6, 1)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", action="append", type=Path, required=True)
    parser.add_argument("--target", default="linux-x86_64", choices=sorted(TARGETS))
    parser.add_argument("--python", default=f"{sys.version_info.major}.{sys.version_info.minor}")
    arguments = parser.parse_args()
    for lock in arguments.lock:
        print(measure(lock, arguments.target, arguments.python), flush=True)


if __name__ == "__main__":
    main()
