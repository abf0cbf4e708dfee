"""Following the directory from one process: a daemon thread that hands each new version
to the callbacks (:class:`resources.store.live.Live` refreshes what it serves).

:class:`Watcher` is the thread and the hand-over; how a version is noticed is a subclass's:
the PostgreSQL store's ``DirectoryWatcher`` (resources/store/pg.py) LISTENs for the
directory's version and reads its row.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable

__all__ = ["BACKGROUND_NICE", "Watcher", "lower_this_thread"]

LOG = logging.getLogger(__name__)
BACKGROUND_NICE = 10  # added to a refresh thread's nice value (19 the lowest priority)


def lower_this_thread(by: int) -> None:
    """Lower the calling thread's CPU priority (Linux: the nice value is a thread's own; on
    other systems it is the whole process's, so nothing is changed there)."""
    if sys.platform != "linux":
        return
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + by))
    except OSError as exc:  # not allowed (a sandbox): the refresh runs at normal priority
        LOG.debug("could not lower the watcher thread's priority: %s", exc)


class Watcher:
    """A daemon thread (:meth:`_run`, a subclass's) that calls each callback with every new
    version it notices (:meth:`_seen`), one at a time, in this thread: a refresh that takes
    a while coalesces the changes meanwhile."""

    name = "watcher"

    def __init__(self, poll: float, version: int | None = None):
        self.poll, self.version = poll, version
        self._callbacks: list[Callable[[int], object]] = []
        self._chores: list[Callable[[], object]] = []  # run by :meth:`_tick`
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._in_background, name=self.name,
                                        daemon=True)

    def add(self, callback: Callable[[int], object]) -> None:
        self._callbacks.append(callback)

    def add_chore(self, chore: Callable[[], object]) -> None:
        """Run ``chore()`` in this thread (at its lower priority) at every :meth:`_tick`."""
        self._chores.append(chore)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _in_background(self) -> None:
        """:meth:`_run` at a lower scheduling priority than the requests: a refresh (reading
        and building a new snapshot) takes the cores the searches leave, not theirs."""
        lower_this_thread(BACKGROUND_NICE)
        self._run()

    def _run(self) -> None:
        raise NotImplementedError

    def _tick(self) -> None:
        """What a subclass's loop calls each time round: the chores."""
        for chore in list(self._chores):
            try:
                chore()
            except Exception:  # a chore's failure is logged; the watching goes on
                LOG.exception("%s: %s failed", self.name, getattr(chore, "__name__", chore))

    def _seen(self, version: int) -> None:
        if version == self.version:
            return
        self.version = version
        for callback in list(self._callbacks):
            try:
                callback(version)
            except Exception:  # a failed refresh keeps what is served; the next change retries
                LOG.exception("%s: refreshing after version %s failed", self.name, version)
