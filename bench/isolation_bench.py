"""What the kernel's isolation costs one check: fork a child, isolate it (or not), let it exit.

    python bench/isolation_bench.py [--runs 200]

Interleaves children with and without :func:`workshop.engine.isolation.isolate` and prints the
median time from fork to reaped exit, and the time of ``isolate()`` itself inside the child, per
layer set. Linux only. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _one(folder: str, isolate: bool, network: bool) -> tuple[float, float]:
    from workshop.engine import isolation

    read_end, write_end = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        inside = time.perf_counter()
        if isolate:
            isolation.isolate(folder, network)
        os.write(write_end, struct.pack("d", time.perf_counter() - inside))
        os._exit(0)
    os.close(write_end)
    spent = struct.unpack("d", os.read(read_end, 8))[0]
    os.close(read_end)
    os.waitpid(pid, 0)
    return time.perf_counter() - started, spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    options = parser.parse_args()
    from workshop.engine import isolation

    isolation.prepare()
    print("layers here:", ", ".join(isolation.probe()["layers"]) or "none")
    kinds = {"none": (False, False), "isolated": (True, False), "isolated + loopback": (True, True)}
    times: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(options.runs):
            for kind, (isolate, network) in kinds.items():
                times[kind].append(_one(folder, isolate, network))
    print(f"{'child':22} {'fork→reaped ms':>15} {'isolate() ms':>13}")
    for kind, values in times.items():
        total = statistics.median(value[0] for value in values) * 1000
        inside = statistics.median(value[1] for value in values) * 1000
        print(f"{kind:22} {total:15.2f} {inside:13.2f}")


if __name__ == "__main__":
    main()
