"""What one app server serves from the store, kept at the directory's latest version.

A server (a Streamlit process, an API worker) searches an in-memory snapshot of the store
(:meth:`Store.snapshot`) and builds its search engine, and the API its id map, over it.
:class:`Live` holds what was built and the version it was built at; when the store reports
a new version (:meth:`Store.watch`: LISTEN/NOTIFY and a version-row check on PostgreSQL) it
reads a new snapshot and builds over it in the watcher's thread, then swaps the two in one
assignment: a search that started before the swap finishes on the old snapshot, one that
starts after it reads the new one, and none ever sees a snapshot half built. The old one is
freed once no search holds it (about twice a snapshot's memory during the swap).

On a DuckDB file there is nothing to watch: the snapshot is the store itself, and a publish
is noticed as before, by the file's modification time (ui/common.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from resources.store import Store

__all__ = ["Live"]

LOG = logging.getLogger(__name__)
T = TypeVar("T")


class Live(Generic[T]):
    """``build(snapshot)`` at the store's latest version; :meth:`get` is what to serve now."""

    def __init__(self, store: Store, build: Callable[[Store], T], *, watch: bool = True):
        self.store = store
        self._build = build
        self._lock = threading.Lock()  # one rebuild at a time
        version, view = store.snapshot()
        self._current: tuple[int | None, Store, T] = (version, view, build(view))
        self.swaps = 0
        if watch:
            store.watch(self.refresh)

    def get(self) -> T:
        """What was built over the newest complete snapshot (never one being built)."""
        return self._current[2]

    @property
    def version(self) -> int | None:
        """The directory version of the snapshot served (None: a DuckDB file)."""
        return self._current[0]

    def refresh(self, seen: int | None = None) -> bool:
        """Read a new snapshot and build over it, unless what is served is already at
        version ``seen`` (None: read the store's). True when it swapped. Versions are
        compared for equality, not order: a directory restored from a backup may count
        lower than before, and is still a change. The tables no write touched since the
        snapshot served are taken from it, not read again (:meth:`Store.snapshot`)."""
        with self._lock:
            have, served, _built = self._current
            if have is None or seen == have:
                return False
            version, view = self.store.snapshot(previous=served)
            if version == have:  # nothing new committed after all
                view.close()
                return False
            built = self._build(view)
            self._current = (version, view, built)  # the swap: one assignment
            self.swaps += 1
            LOG.info("directory version %s: search snapshot refreshed (%s tables kept)",
                     version, getattr(view, "carried", 0))
            return True
