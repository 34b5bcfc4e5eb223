"""The per-learner rate limit: a sliding window, persisted atomically, shared by separate processes."""

from __future__ import annotations

import json

from workshop.ai.ratelimit import RateLimiter


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_limit_window_and_persistence(tmp_path):
    clock = Clock()
    path = tmp_path / ".workshop" / "ai-usage.json"
    first = RateLimiter(path, limit=2, window=600, clock=clock)
    assert first.wait_time() == 0
    first.record()
    clock.now += 10
    first.record()
    # A new limiter (as in another command) sees the same questions.
    second = RateLimiter(path, limit=2, window=600, clock=clock)
    assert second.wait_time() == 590
    clock.now += 590
    assert second.wait_time() == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["questions"]) == 2 and "Safe to delete" in data["note"]
    assert not list(path.parent.glob("*.tmp"))  # written through a temporary file and a rename


def test_zero_means_no_limit(tmp_path):
    limiter = RateLimiter(tmp_path / "u.json", limit=0, window=60)
    for _ in range(5):
        limiter.record()
    assert limiter.wait_time() == 0 and not (tmp_path / "u.json").exists()


def test_damaged_or_future_records_do_not_block(tmp_path):
    clock = Clock()
    path = tmp_path / "u.json"
    path.write_text("{not json", encoding="utf-8")
    limiter = RateLimiter(path, limit=1, window=600, clock=clock)
    assert limiter.wait_time() == 0
    path.write_text(json.dumps({"questions": [clock.now + 86400]}), encoding="utf-8")
    assert limiter.wait_time() == 0  # the clock was turned back: not locked out for a day
    limiter.record()
    assert limiter.wait_time() == 600
