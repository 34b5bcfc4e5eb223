"""Load benchmark of the room board: N simulated participants on loopback, bounded in count and time.

    python bench/board_bench.py [--participants 300] [--interval 5] [--seconds 40] [--viewers 2]

What it does (loopback only; the server is a real ``workshop board`` process on 127.0.0.1):
  1. starts the board with a 10-exercise session and a fresh store in a temporary folder;
  2. joins N participants (one HTTP request each, as ``workshop join`` does);
  3. for --seconds, every participant reports a check every --interval seconds (random phase),
     progressing through the exercises, and now and then raises or lowers a hand; each report is a
     new connection, as the real client (urllib) makes; --viewers board pages follow the event stream;
     a probe participant's reports are timed until they appear on a page;
  4. also times the real participant code path (``board_client.report_check``) once a second.

Reports: errors; report and join latency (median, p90, p99, max); how soon a change reaches the page;
server CPU (share of one core over the load phase) and memory (RSS now and peak) from /proc (Linux).
Nothing is asserted: speed is measured. Results also go to bench/results/board-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary_ms(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_ms": round(statistics.median(values) * 1000, 2),
            "p90_ms": round(percentile(values, 0.90) * 1000, 2), "p99_ms": round(percentile(values, 0.99) * 1000, 2),
            "max_ms": round(max(values) * 1000, 2)}


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_memory_mb(pid: int) -> tuple[float, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    return round(rss, 1), round(peak, 1)


def start_board(folder: Path) -> tuple[subprocess.Popen, dict]:
    (folder / "exercises").mkdir(parents=True)
    session = folder / "session.toml"
    session.write_text('title = "Load test"\nexercises = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n', encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    process = subprocess.Popen([sys.executable, "-m", "workshop", "board", "--port", "0", "--root", str(folder),
                                "--session", str(session)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env, cwd=folder)
    text = ""
    deadline = time.monotonic() + 20
    while "Ctrl+C" not in text and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        text += line
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()  # keep the pipe drained
    join_url = re.search(r"workshop join (\S+)", text).group(1)
    key = re.search(r"#key=(\S+)", text).group(1)
    return process, {"join_url": join_url, "base": join_url.split("/join/")[0],
                     "join_token": join_url.split("/join/")[1], "key": key}


class Load:
    def __init__(self, links: dict, options):
        self.links, self.options = links, options
        self.client = AsyncHTTPClient(max_clients=options.participants + 50)
        self.report_latency: list[float] = []
        self.join_latency: list[float] = []
        self.errors: dict[str, int] = {}
        self.page_updates = 0
        self.page_bytes = 0
        self.page_gaps: list[float] = []
        self.probe_sent: dict[float, float] = {}
        self.propagation: list[float] = []
        self.stop_at = 0.0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    async def post(self, path: str, body: dict, token: str | None = None) -> tuple[float, dict | None]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        started = time.perf_counter()
        try:
            response = await self.client.fetch(HTTPRequest(self.links["base"] + path, method="POST",
                                                           body=json.dumps(body), headers=headers,
                                                           request_timeout=10))
        except HTTPClientError as failure:
            self.error(f"HTTP {failure.code} {path}")
            return time.perf_counter() - started, None
        except Exception as failure:  # noqa: BLE001 - counted, not hidden
            self.error(f"{type(failure).__name__} {path}")
            return time.perf_counter() - started, None
        return time.perf_counter() - started, json.loads(response.body)

    async def join_all(self) -> list[dict]:
        async def one(index: int) -> dict | None:
            elapsed, reply = await self.post("/api/join", {"token": self.links["join_token"], "name": f"P{index:03d}"})
            self.join_latency.append(elapsed)
            return reply

        replies = await asyncio.gather(*(one(index) for index in range(self.options.participants)))
        return [reply for reply in replies if reply]

    async def participant(self, joined: dict, probe: bool) -> None:
        rng = random.Random(joined["participant"])
        await asyncio.sleep(rng.uniform(0, self.options.interval))
        exercise, hand = 1, False
        while time.monotonic() < self.stop_at:
            passed = rng.random() < 0.3
            earned = 4.0 if passed else float(rng.randint(0, 3))
            if probe:  # a value no other report of the probe's has, to spot it on the page
                earned = (len(self.probe_sent) + len(self.propagation)) % 399 / 100 + 0.01
                earned = round(earned, 2)
                passed = False
            check = {"exercise": f"{exercise:02d}-bench", "status": "passed" if passed else "failed", "earned": earned,
                     "possible": 4.0, "duration": round(rng.uniform(0.2, 2.0), 3), "ago": 0}
            if probe:
                self.probe_sent[earned] = time.perf_counter()
            elapsed, reply = await self.post("/api/report", {"checks": [check]}, joined["token"])
            if reply is not None:
                self.report_latency.append(elapsed)
                hand = hand and not reply.get("hand_lowered")
            if passed and exercise < 10:
                exercise += 1
            if not probe and rng.random() < 0.03:
                hand = not hand
                await self.post("/api/help", {"raise": hand, "message": "bench" if hand else ""}, joined["token"])
            await asyncio.sleep(self.options.interval)

    async def viewer(self, probe_id: int | None) -> None:
        buffer = b""
        last = [None]

        def on_chunk(chunk: bytes) -> None:
            nonlocal buffer
            self.page_bytes += len(chunk)
            buffer += chunk
            while b"\n\n" in buffer:
                message, buffer = buffer.split(b"\n\n", 1)
                if not message.startswith(b"event: state"):
                    continue
                now = time.perf_counter()
                self.page_updates += 1
                if last[0] is not None:
                    self.page_gaps.append(now - last[0])
                last[0] = now
                if probe_id is not None and self.probe_sent:
                    data = json.loads(message.split(b"data: ", 1)[1])
                    person = next((p for p in data["state"]["participants"] if p["id"] == probe_id), None)
                    for cell in (person or {}).get("cells", {}).values():
                        sent = self.probe_sent.pop(cell[2], None)
                        if sent is not None:
                            self.propagation.append(now - sent)

        url = f"{self.links['base']}/api/events?key={self.links['key']}"
        timeout = self.stop_at - time.monotonic() + 1
        try:
            # Compressed, as a browser asks for it (the client decompresses each chunk as it comes).
            await self.client.fetch(HTTPRequest(url, streaming_callback=on_chunk, request_timeout=timeout,
                                                decompress_response=True))
        except HTTPClientError as failure:
            if failure.code != 599:  # 599: our own timeout at the end of the run
                self.error(f"HTTP {failure.code} events")
        except Exception as failure:  # noqa: BLE001
            self.error(f"{type(failure).__name__} events")


def real_client_timings(links: dict, stop_at: float, out: list[float]) -> None:
    """The participant's own code path, in a thread: join once, then report_check every second."""
    from workshop.board import client as board_client
    from workshop.core.workspace import Workspace
    from workshop.engine.result import CheckResult, Status

    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder))
        board_client.join(workspace, links["join_url"], "real-client")
        result = CheckResult("01-bench", "nb.ipynb", Status.FAILED, duration=0.5)
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            board_client.report_check(workspace, result)
            out.append(time.perf_counter() - started)
            time.sleep(1.0)


async def run(options) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="board-bench-"))
    process, links = start_board(folder)
    try:
        load = Load(links, options)
        started = time.perf_counter()
        joined = await load.join_all()
        join_seconds = time.perf_counter() - started
        load_before = os.getloadavg()[0]
        cpu_before, wall_before = proc_cpu_seconds(process.pid), time.perf_counter()
        own_before = resource.getrusage(resource.RUSAGE_SELF)
        load.stop_at = time.monotonic() + options.seconds
        real: list[float] = []
        thread = threading.Thread(target=real_client_timings, args=(links, load.stop_at, real), daemon=True)
        thread.start()
        probe_id = joined[0]["participant"] if joined else None
        tasks = [load.participant(item, probe=index == 0) for index, item in enumerate(joined)]
        tasks += [load.viewer(probe_id if index == 0 else None) for index in range(options.viewers)]
        await asyncio.gather(*tasks)
        thread.join(timeout=5)
        wall = time.perf_counter() - wall_before
        cpu = proc_cpu_seconds(process.pid) - cpu_before
        rss, peak = proc_memory_mb(process.pid)
        own_after = resource.getrusage(resource.RUSAGE_SELF)
        own_cpu = (own_after.ru_utime + own_after.ru_stime) - (own_before.ru_utime + own_before.ru_stime)
        store = folder / ".workshop" / "board.sqlite3"
        return {
            "participants": len(joined), "interval_s": options.interval, "seconds": options.seconds,
            "viewers": options.viewers, "cpus": os.cpu_count(),
            "reports": summary_ms(load.report_latency),
            "reports_per_s": round(len(load.report_latency) / wall, 1),
            "joins": dict(summary_ms(load.join_latency), total_s=round(join_seconds, 2)),
            "errors": load.errors or 0,
            "page": {"updates": load.page_updates, "kB_decoded": round(load.page_bytes / 1024, 1),
                     "gap_p50_ms": round(statistics.median(load.page_gaps) * 1000, 1) if load.page_gaps else None,
                     "gap_max_ms": round(max(load.page_gaps) * 1000, 1) if load.page_gaps else None},
            "report_to_page": summary_ms(load.propagation),
            "real_client_report_check": summary_ms(real[1:]),  # the first one includes importing urllib
            "server": {"cpu_percent_of_one_core": round(100 * cpu / wall, 1), "rss_mb": rss, "peak_rss_mb": peak},
            "load_generator_cpu_percent": round(100 * own_cpu / wall, 1),
            # Other work on the machine shows in the latencies: the 1-minute load average, before and after.
            "machine_load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "store_kB": round(sum(p.stat().st_size for p in store.parent.glob("board.sqlite3*")) / 1024, 1),
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between a participant's reports")
    parser.add_argument("--seconds", type=float, default=40.0, help="length of the load phase (capped at 120)")
    parser.add_argument("--viewers", type=int, default=2, help="board pages following the event stream")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    options.participants = max(1, min(options.participants, 1000))
    options.seconds = max(5.0, min(options.seconds, 120.0))
    options.interval = max(0.5, options.interval)
    result = asyncio.run(run(options))
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"board-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))
    if options.json:
        print(json.dumps(result, indent=2))
        return
    reports = result["reports"]
    print(f"{result['participants']} participants, a report each {result['interval_s']:g} s for "
          f"{result['seconds']:g} s, {result['viewers']} board pages, {result['cpus']} CPUs")
    print(f"  reports:        {reports.get('n')} ({result['reports_per_s']}/s)  p50 {reports.get('p50_ms')} ms  "
          f"p90 {reports.get('p90_ms')} ms  p99 {reports.get('p99_ms')} ms  max {reports.get('max_ms')} ms")
    joins = result["joins"]
    print(f"  joins:          {joins.get('n')} in {joins['total_s']} s  p50 {joins.get('p50_ms')} ms  "
          f"p99 {joins.get('p99_ms')} ms")
    print(f"  errors:         {result['errors']}")
    page = result["page"]
    print(f"  board pages:    {page['updates']} updates, {page['kB_decoded']} kB decoded, gap p50 {page['gap_p50_ms']} ms, "
          f"max {page['gap_max_ms']} ms")
    prop = result["report_to_page"]
    print(f"  report → page:  p50 {prop.get('p50_ms')} ms  p99 {prop.get('p99_ms')} ms  (n={prop.get('n')})")
    real = result["real_client_report_check"]
    print(f"  report_check(): p50 {real.get('p50_ms')} ms  max {real.get('max_ms')} ms  (the participant's own code)")
    server = result["server"]
    print(f"  server:         CPU {server['cpu_percent_of_one_core']}% of one core, RSS {server['rss_mb']} MB "
          f"(peak {server['peak_rss_mb']} MB); store {result['store_kB']} kB")
    print(f"  load generator: CPU {result['load_generator_cpu_percent']}% of one core; machine load average "
          f"{result['machine_load_average'][0]} → {result['machine_load_average'][1]} (other work skews latency)")


if __name__ == "__main__":
    main()
