"""Token-bucket rate limits, one bucket per client key (a participant, or an address)."""

from __future__ import annotations

import time
from collections import OrderedDict


class RateLimiter:
    """``burst`` requests at once, refilled at ``rate`` per second, per key.

    Keeps at most ``max_keys`` buckets (the least recently used are forgotten first, which can only
    make a limit more generous), so a flood of new addresses cannot grow memory without bound.
    """

    def __init__(self, rate: float, burst: float, max_keys: int = 10_000, clock=time.monotonic):
        self.rate = float(rate)
        self.burst = float(burst)
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[object, tuple[float, float]] = OrderedDict()

    def allow(self, key: object, cost: float = 1.0) -> bool:
        """Take ``cost`` from ``key``'s bucket; False when it is empty (the request should be refused)."""
        now = self.clock()
        tokens, stamp = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - stamp) * self.rate)
        allowed = tokens >= cost
        if allowed:
            tokens -= cost
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed

    def retry_after(self, key: object) -> int:
        """Whole seconds until ``key`` may try again (at least 1)."""
        tokens, _stamp = self._buckets.get(key, (self.burst, 0.0))
        missing = max(0.0, 1.0 - tokens)
        return max(1, int(missing / self.rate + 0.999)) if self.rate > 0 else 60
