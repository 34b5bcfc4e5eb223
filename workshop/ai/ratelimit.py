"""How often one learner may ask the tutor: ``limit`` questions in any ``window`` seconds.

The times of recent questions are kept in ``<workspace>/.workshop/ai-usage.json`` (one workspace
per learner), written atomically, so separate ``workshop`` commands and the notebook share them.
It is a courtesy limit that keeps a shared room server usable and nudges learners to read the
hint before asking again, not a security boundary: a damaged file is simply started afresh.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from workshop.util.atomic import write_text_atomic

USAGE_FILE = "ai-usage.json"


class RateLimiter:
    """A sliding-window counter persisted in ``path``; ``limit`` 0 means no limit."""

    def __init__(self, path: Path, limit: int, window: float, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.limit = int(limit)
        self.window = float(window)
        self.clock = clock

    def _recent(self, now: float) -> list[float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            times = [float(value) for value in data.get("questions", [])]
        except (OSError, ValueError, TypeError, AttributeError):
            return []
        # A time in the future (the clock was changed) must not block the learner for good.
        return sorted(stamp for stamp in times if now - self.window < stamp <= now + 1)

    def wait_time(self) -> float:
        """Seconds until another question is allowed (0 when one is allowed now)."""
        if self.limit <= 0:
            return 0.0
        now = self.clock()
        recent = self._recent(now)
        if len(recent) < self.limit:
            return 0.0
        return max(0.0, recent[-self.limit] + self.window - now)

    def record(self) -> None:
        """Count one question now. A file that cannot be written is not the learner's problem."""
        if self.limit <= 0:
            return
        now = self.clock()
        recent = self._recent(now) + [now]
        data = {"note": "Times of your recent questions to the AI tutor, for its rate limit. Safe to delete.",
                "window_seconds": self.window, "questions": [round(stamp, 3) for stamp in recent[-max(self.limit, 1) * 2:]]}
        try:
            write_text_atomic(self.path, json.dumps(data, indent=2) + "\n")
        except OSError:
            pass
