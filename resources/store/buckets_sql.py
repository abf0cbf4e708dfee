"""The API's shared rate-limit buckets (:class:`resources.api.limits.SharedRateLimiter`): one
SQLite file that every worker process of a service opens (counters, not records: SQLite from
the standard library, no fsync)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

Bucket = tuple[float, float]  # tokens left, when (seconds)


class BucketFile:
    def __init__(self, path: Path):
        self._con = sqlite3.connect(path, timeout=10, isolation_level=None,
                                    check_same_thread=False)
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute("PRAGMA synchronous=OFF")
        self._con.execute("CREATE TABLE IF NOT EXISTS bucket "
                          "(key TEXT PRIMARY KEY, tokens REAL NOT NULL, at REAL NOT NULL)")

    def update(self, key: str, change: Callable[[Bucket | None], tuple[Bucket, int]]) -> int:
        """``change(bucket or None) -> (new bucket, answer)`` applied to ``key``'s bucket in
        one write transaction (the other processes wait); returns the answer. Not
        thread-safe: the caller holds a lock."""
        con = self._con
        con.execute("BEGIN IMMEDIATE")
        try:
            row = con.execute("SELECT tokens, at FROM bucket WHERE key = ?", (key,)).fetchone()
            (tokens, at), answer = change(row)
            con.execute("INSERT OR REPLACE INTO bucket VALUES (?, ?, ?)", (key, tokens, at))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return answer

    def drop_older(self, before: float) -> None:
        """Forget buckets last used before ``before`` (full again by then)."""
        self._con.execute("DELETE FROM bucket WHERE at < ?", (before,))

    def close(self) -> None:
        self._con.close()
