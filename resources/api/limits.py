"""Per-caller rate limits: a token bucket per token, and one per address for anonymous callers.

A bucket holds ``per_minute`` requests and refills continuously; an empty bucket answers
how many whole seconds until the next request fits (the ``Retry-After`` header).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def take(self, key: str, per_minute: int) -> int:
        """0 when the request may go ahead, else the seconds to wait."""
        rate = per_minute / 60.0
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(key, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - at) * rate)
            if tokens >= 1.0:
                if len(self._buckets) >= self._max_keys and key not in self._buckets:
                    self._buckets.clear()  # many one-off addresses: start over, never grow
                self._buckets[key] = (tokens - 1.0, now)
                return 0
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / rate))
