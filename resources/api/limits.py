"""Per-caller rate limits: a token bucket per token, and one per address for anonymous callers.

A bucket holds ``per_minute`` requests and refills continuously; an empty bucket answers
how many whole seconds until the next request fits (the ``Retry-After`` header).

One process keeps its buckets in memory (:class:`RateLimiter`). Several worker processes
(``resources api --workers N``) share theirs in one SQLite file (:class:`SharedRateLimiter`),
so a token's limit is its limit across the service, whichever worker answers: each request
reads and writes its bucket in one write transaction (about 0.1 ms).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from pathlib import Path

from resources.store.buckets_sql import BucketFile


def _take(bucket: tuple[float, float] | None, per_minute: int,
          now: float) -> tuple[tuple[float, float], int]:
    """The bucket after one request at ``now`` and the seconds to wait (0: it may go)."""
    rate = per_minute / 60.0
    tokens, at = bucket if bucket is not None else (float(per_minute), now)
    tokens = min(float(per_minute), tokens + max(0.0, now - at) * rate)
    if tokens >= 1.0:
        return (tokens - 1.0, now), 0
    return (tokens, now), max(1, math.ceil((1.0 - tokens) / rate))


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def take(self, key: str, per_minute: int) -> int:
        """0 when the request may go ahead, else the seconds to wait."""
        now = self._clock()
        with self._lock:
            if len(self._buckets) >= self._max_keys and key not in self._buckets:
                self._buckets.clear()  # many one-off addresses: start over, never grow
            self._buckets[key], wait = _take(self._buckets.get(key), per_minute, now)
            return wait


class SharedRateLimiter(RateLimiter):
    """The buckets in a SQLite file that every worker process of one service opens. The
    clock must be the same in every process: the default, ``time.time``, is."""

    _PRUNE_EVERY = 1000  # requests; buckets untouched for a minute are full: dropped

    def __init__(self, path: Path, clock: Callable[[], float] = time.time):
        super().__init__(clock)
        self.path = path
        self._file = BucketFile(path)
        self._taken = 0

    def take(self, key: str, per_minute: int) -> int:
        with self._lock:  # one transaction at a time on this process's connection
            now = self._clock()
            wait = self._file.update(key, lambda bucket: _take(bucket, per_minute, now))
            self._taken += 1
            if self._taken % self._PRUNE_EVERY == 0:
                self._file.drop_older(now - 60.0)
            return wait

    def close(self) -> None:
        self._file.close()
