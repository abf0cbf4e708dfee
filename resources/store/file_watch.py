"""Following a DuckDB store file that a publish replaces (``os.replace`` of a new file).

A process that serves a DuckDB file read-only (``resources api``) keeps what it opened until
the file changes: :class:`FileWatcher` reads the file's modification time every
``RESOURCES_FILE_POLL_SECONDS`` in a daemon thread and hands a new one to the callbacks, as
the PostgreSQL store's watcher hands over a new directory version. A publish always moves
the time forward (resources/coordinator/publish.py), so the time is the file's version.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from resources import settings

__all__ = ["FileWatcher", "file_version", "poll_seconds"]

LOG = logging.getLogger(__name__)


def file_version(path: str | Path) -> int | None:
    """The file's modification time in nanoseconds (None: no such file right now)."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def poll_seconds() -> float:
    return float(settings.integer("RESOURCES_FILE_POLL_SECONDS") or 2)


class FileWatcher:
    """Calls each callback with the file's new version, in its own daemon thread, whenever
    the file's modification time changes (a missing file is no change: mid-swap)."""

    def __init__(self, path: str | Path, version: int | None, poll: float):
        self.path, self.version, self.poll = Path(path), version, poll
        self._callbacks: list[Callable[[int], object]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="file-watcher", daemon=True)

    def add(self, callback: Callable[[int], object]) -> None:
        self._callbacks.append(callback)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.poll):
            version = file_version(self.path)
            if version is None or version == self.version:
                continue
            self.version = version
            for callback in list(self._callbacks):
                try:
                    callback(version)
                except Exception:  # a failed re-open keeps the old store; the next change retries
                    LOG.exception("file watcher: re-opening %s failed", self.path)
