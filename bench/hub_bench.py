"""Sizing a hub for a session: measured on a real JupyterHub on 127.0.0.1 (tests/hub/harness.py).

    python bench/hub_bench.py [--users 12] [--burst-seconds 10]

What it does (loopback only; DummyAuthenticator + SimpleLocalProcessSpawner, the project's hub config):
  1. starts the hub and N user servers at once; each makes its workspace on the first start;
  2. idle: memory (RSS and PSS, from /proc) and CPU of each user server over 10 s;
  3. one learner: opens 01-passphrase in a kernel through the server's sessions and kernel API (as
     JupyterLab does), runs the solved code, then ``check()``; memory with the kernel, the check's
     wall time, its CPU time and the peak memory of the server's process tree while it ran;
  4. burst: every user has a kernel with the solved code; each runs ``check()`` at a random moment
     within --burst-seconds; wall time per check, CPU of all users' trees, peak memory;
  5. ``workshop collect`` of all N users (8 at once, and one at a time), extrapolated to 300.
Prints a summary and writes bench/results/hub-<time>.json. Nothing is asserted: it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psutil  # noqa: E402

from tests.conftest import solution_code  # noqa: E402
from tests.hub.harness import LocalHub  # noqa: E402

NOTEBOOK = "workshop/exercises/01-passphrase/passphrase.ipynb"
MB = 1024 * 1024


def tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def memory(processes: list[psutil.Process], pss: bool = True) -> dict[str, float]:
    rss = pss_total = 0
    for process in processes:
        try:
            if pss:
                info = process.memory_full_info()
                pss_total += info.pss
                rss += info.rss
            else:
                rss += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return {"rss_mb": round(rss / MB, 1), **({"pss_mb": round(pss_total / MB, 1)} if pss else {})}


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.NoSuchProcess:
            pass
    return total


class Sampler:
    """Peak RSS of the given process trees (re-read each tick), every ``interval`` seconds."""

    def __init__(self, roots: list[psutil.Process], interval: float = 0.1):
        self.roots, self.interval, self.peak, self._stop = roots, interval, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            now = sum(memory(tree(root), pss=False)["rss_mb"] for root in self.roots)
            self.peak = max(self.peak, now)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class Kernel:
    """A kernel started through the user server's sessions API, driven over its websocket."""

    def __init__(self, hub: LocalHub, user: str):
        self.hub, self.user = hub, user
        response = hub.contents("GET", user, "")  # warm the route
        import requests

        response = requests.post(f"{hub.url}user/{user}/api/sessions", timeout=60,
                                 headers={"Authorization": f"token {hub.admin_token}"},
                                 json={"path": NOTEBOOK, "type": "notebook", "name": "passphrase.ipynb",
                                       "kernel": {"name": "python3"}})
        response.raise_for_status()
        self.kernel_id = response.json()["kernel"]["id"]
        self.session = uuid.uuid4().hex

    async def run(self, code: str, timeout: float = 120) -> dict:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"{self.hub.url.replace('http', 'ws', 1)}user/{self.user}/api/kernels/{self.kernel_id}/channels"
        request = HTTPRequest(url, headers={"Authorization": f"token {self.hub.admin_token}"})
        connection = await websocket_connect(request)
        msg_id = uuid.uuid4().hex
        await connection.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.user,
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        deadline = time.monotonic() + timeout
        outputs = []
        try:
            while time.monotonic() < deadline:
                text = await asyncio.wait_for(connection.read_message(), deadline - time.monotonic())
                if text is None:
                    raise RuntimeError("the kernel's websocket closed")
                message = json.loads(text)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = message["header"]["msg_type"]
                if kind in ("stream", "display_data", "execute_result", "error"):
                    outputs.append(message["content"])
                if kind == "execute_reply":
                    return {"status": message["content"]["status"], "outputs": outputs}
            raise TimeoutError
        finally:
            connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--burst-seconds", type=float, default=10.0)
    args = parser.parse_args()
    results: dict = {"users": args.users, "cores": psutil.cpu_count(), "memory_gb":
                     round(psutil.virtual_memory().total / 1024 ** 3, 1), "load_before": psutil.getloadavg()}
    users = [f"learner{n:02d}" for n in range(args.users)]
    solved = solution_code(REPO, "01-passphrase")
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as folder:
        hub = LocalHub(Path(folder), {"WORKSHOP_EXERCISES": "1,2,6"})
        started = time.perf_counter()
        hub.start()
        results["hub_start_s"] = round(time.perf_counter() - started, 1)
        try:
            hub.create_users(users)
            started = time.perf_counter()
            ready = hub.start_servers(users, timeout=600)
            results["servers_start_s"] = round(time.perf_counter() - started, 1)
            results["servers_ready"] = sum(ready.values())
            servers = {user: hub.server_process(user) for user in users}
            hub_tree = tree(psutil.Process(hub.process.pid))
            hub_own = [p for p in hub_tree if not any(p.pid in {q.pid for q in tree(s)} for s in servers.values())]
            time.sleep(5)
            before = {user: cpu_seconds(tree(process)) for user, process in servers.items()}
            time.sleep(10)
            idle_cpu = [(cpu_seconds(tree(servers[user])) - before[user]) / 10 for user in users]
            idle = [memory(tree(servers[user])) for user in users]
            results["idle_per_server"] = {
                "rss_mb": round(statistics.median(m["rss_mb"] for m in idle), 1),
                "pss_mb": round(statistics.median(m["pss_mb"] for m in idle), 1),
                "cpu_share_of_core": round(statistics.median(idle_cpu), 4)}
            results["hub_and_proxy"] = memory(hub_own)

            # One learner: a kernel, the solved code, then check().
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            kernels = {users[0]: Kernel(hub, users[0])}
            loop.run_until_complete(kernels[users[0]].run(solved))
            results["one_server_with_kernel"] = memory(tree(servers[users[0]]))
            cpu_before = cpu_seconds(tree(servers[users[0]]))
            with Sampler([servers[users[0]]]) as sampler:
                t0 = time.perf_counter()
                reply = loop.run_until_complete(kernels[users[0]].run("from workshop import check\ncheck()"))
                wall = time.perf_counter() - t0
            results["one_check"] = {"status": reply["status"], "wall_s": round(wall, 2),
                                    "cpu_s": round(cpu_seconds(tree(servers[users[0]])) - cpu_before, 2),
                                    "peak_rss_mb": round(sampler.peak, 1)}

            # Burst: every user checks within the window.
            for user in users[1:]:
                kernels[user] = Kernel(hub, user)
            loop.run_until_complete(asyncio.gather(*(kernels[user].run(solved) for user in users[1:])))
            with_kernels = [memory(tree(servers[user])) for user in users]
            results["per_server_with_kernel"] = {
                "rss_mb": round(statistics.median(m["rss_mb"] for m in with_kernels), 1),
                "pss_mb": round(statistics.median(m["pss_mb"] for m in with_kernels), 1)}
            results["all_servers_with_kernels_pss_mb"] = round(sum(m["pss_mb"] for m in with_kernels), 1)
            roots = list(servers.values())
            cpu_before = sum(cpu_seconds(tree(root)) for root in roots)
            machine_before = psutil.cpu_times()
            walls: list[float] = []

            async def one(user: str) -> str:
                await asyncio.sleep(random.uniform(0, args.burst_seconds))
                t0 = time.perf_counter()
                reply = await kernels[user].run("from workshop import check\ncheck()")
                walls.append(time.perf_counter() - t0)
                return reply["status"]

            with Sampler(roots, interval=0.25) as sampler:
                t0 = time.perf_counter()
                statuses = loop.run_until_complete(asyncio.gather(*(one(user) for user in users)))
                burst_wall = time.perf_counter() - t0
            machine_after = psutil.cpu_times()
            busy = sum(getattr(machine_after, f) - getattr(machine_before, f) for f in ("user", "system", "nice"))
            results["burst"] = {
                "checks": len(users), "ok": statuses.count("ok"), "window_s": args.burst_seconds,
                "all_done_s": round(burst_wall, 1), "check_wall_median_s": round(statistics.median(walls), 2),
                "check_wall_max_s": round(max(walls), 2),
                "cpu_s_all_users": round(sum(cpu_seconds(tree(root)) for root in roots) - cpu_before, 1),
                "machine_cpu_busy_share": round(busy / (burst_wall * psutil.cpu_count()), 2),
                "peak_rss_all_servers_mb": round(sampler.peak, 1)}
            results["burst"]["cpu_s_per_check"] = round(results["burst"]["cpu_s_all_users"] / len(users), 2)
            loop.close()

            # Collect: all users, 8 at once and one at a time.
            from workshop.hub.api import Hub
            from workshop.hub.collect import collect

            for workers in (8, 1):
                with tempfile.TemporaryDirectory() as out:
                    t0 = time.perf_counter()
                    report = collect(Hub(hub.url, hub.collect_token), Path(out) / "subs", workers=workers)
                    seconds = time.perf_counter() - t0
                results[f"collect_{workers}_at_once"] = {"users": len(report.collected),
                                                         "notebooks": sum(report.collected.values()),
                                                         "seconds": round(seconds, 2),
                                                         "per_user_s": round(seconds / max(1, len(users)), 3)}
        finally:
            killed = hub.stop()
            results["processes_killed_at_stop"] = killed
            results["processes_left"] = hub.alive()

    sizing(results)
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"hub-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    print(f"written to {path}")
    return 0


def sizing(results: dict) -> None:
    """Users per GB and per core, and the servers for 30, 100, 300 participants (docs/hub.md says how)."""
    idle_mb = results["idle_per_server"]["pss_mb"]
    kernel_mb = results["per_server_with_kernel"]["pss_mb"] - idle_mb
    per_user_mb = idle_mb + 2 * kernel_mb  # learners keep two notebooks open
    check_peak_mb = max(0.0, results["one_check"]["peak_rss_mb"] - results["one_server_with_kernel"]["rss_mb"])
    cpu_per_check = results["burst"]["cpu_s_per_check"]
    window = results["burst"]["window_s"]
    plan = {}
    for people in (30, 100, 300):
        # every user with two kernels, a tenth checking at the same moment, 25 % headroom, 2 GB system
        gb = (people * per_user_mb + people / 10 * check_peak_mb) * 1.25 / 1024 + 2
        burst_cores = people * cpu_per_check / window  # everyone checks within the window
        # twice the burst, plus one core per 20 people for what is not measured (a judgement, see docs/hub.md)
        cores = 2 * burst_cores + people / 20
        plan[people] = {"memory_gb": round(gb, 1), "burst_cores": round(burst_cores, 2),
                        "recommended_cores": round(cores, 1)}
    eight = results["collect_8_at_once"]["seconds"] / max(1, results["collect_8_at_once"]["users"])
    results["sizing"] = {"user_mb_idle_pss": idle_mb, "kernel_mb_pss": round(kernel_mb, 1),
                         "user_mb_two_kernels_pss": round(per_user_mb, 1),
                         "check_extra_peak_mb": round(check_peak_mb, 1),
                         "users_per_gb": round(1024 / per_user_mb, 1),
                         "users_per_core_in_a_burst": round(window / cpu_per_check, 1), "plan": plan,
                         "collect_300_users_s": {"1_at_once": round(300 * results["collect_1_at_once"]["per_user_s"], 1),
                                                 "8_at_once": round(300 * eight, 1)}}


if __name__ == "__main__":
    sys.exit(main())
