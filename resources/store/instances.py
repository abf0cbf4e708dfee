"""In-memory DuckDB instances for a server's snapshots of a PostgreSQL directory, reused.

Each snapshot (:meth:`resources.store.pg.PgStore.snapshot`) is its own in-memory DuckDB
instance: a search still running on an old snapshot keeps it whole, and an instance is
never shared by two snapshots at once. Opening one costs about 0.25 s of CPU, nearly all of
it loading the spatial extension: half of what a server spends re-reading the directory
after a coordinator's edit. So an instance whose snapshot is freed is emptied (in the
watcher's thread, within a second: :meth:`Instances.tidy`) and given to the next snapshot
instead of being thrown away.

It is reused only when nothing can read it any more: its snapshot object is gone (nothing
in the process holds it, so no search has it), DuckDB counts no connection to it but the
one held here (no cursor, no result of the old snapshot is alive anywhere), and, after
every table, view, sequence, macro, type and schema is dropped, its catalog is empty.
Otherwise a new instance is opened, as before.
"""

from __future__ import annotations

import logging
import threading
import weakref

import duckdb

from resources.store import EXTENSIONS, connect

__all__ = ["Instances"]

LOG = logging.getLogger(__name__)

# what a snapshot may have made: (database, schema, name) of each, and how to drop it (the
# built-in ones are `internal`); a temporary object is in database `temp`
_IN = "database_name IN (current_database(), 'temp')"
_OBJECTS = (
    ("SCHEMA", "SELECT database_name, schema_name, NULL FROM duckdb_schemas() WHERE NOT "
               f"internal AND {_IN} AND schema_name <> 'main'"),
    ("TABLE", "SELECT database_name, schema_name, table_name FROM duckdb_tables() "
              f"WHERE NOT internal AND {_IN}"),
    ("VIEW", "SELECT database_name, schema_name, view_name FROM duckdb_views() "
             f"WHERE NOT internal AND {_IN}"),
    ("SEQUENCE", "SELECT database_name, schema_name, sequence_name FROM duckdb_sequences() "
                 f"WHERE {_IN}"),
    ("MACRO", "SELECT database_name, schema_name, function_name FROM duckdb_functions() "
              f"WHERE NOT internal AND function_type = 'macro' AND {_IN}"),
    ("MACRO TABLE", "SELECT database_name, schema_name, function_name FROM "
                    f"duckdb_functions() WHERE NOT internal AND function_type = 'table_macro' "
                    f"AND {_IN}"),
    ("TYPE", "SELECT database_name, schema_name, type_name FROM duckdb_types() "
             f"WHERE NOT internal AND {_IN}"),
)
_CASCADE = ("SCHEMA", "TABLE", "VIEW", "SEQUENCE")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Instances:
    """Instances for snapshots: :meth:`take` one, :meth:`give_back_when_freed` ties it to
    the snapshot that uses it. At most ``keep`` emptied-out instances wait to be reused."""

    def __init__(self, keep: int = 2, threads: int = 1):
        self.keep, self.threads = keep, threads
        # freed snapshots' instances, each with whether it is emptied yet (:meth:`tidy`)
        self._free: list[tuple[duckdb.DuckDBPyConnection, bool]] = []
        # re-entrant: a snapshot freed by the garbage collector while this thread holds the
        # lock gives its instance back in this thread
        self._lock = threading.RLock()
        self.reused = self.opened = 0

    def take(self) -> duckdb.DuckDBPyConnection:
        """An empty in-memory instance with the extensions loaded (and ``threads`` worker
        threads): a freed snapshot's, emptied, when one is waiting; else a new one."""
        while True:
            with self._lock:
                con, empty = self._free.pop() if self._free else (None, False)
                if con is None:
                    self.opened += 1
            if con is None:
                return connect(":memory:", extensions=EXTENSIONS, threads=self.threads)
            if empty or _emptied(con):
                con.execute(f"SET threads = {self.threads}")
                with self._lock:
                    self.reused += 1
                return con
            # not reused; and not closed either (that would close a cursor still held):
            # the instance goes with its last connection

    def give_back_when_freed(self, snapshot: object, con: duckdb.DuckDBPyConnection) -> None:
        """When ``snapshot`` (which uses ``con``) is freed, keep ``con`` for a later one."""
        weakref.finalize(snapshot, self._give_back, con).atexit = False  # type: ignore[misc]

    def tidy(self) -> None:
        """Empty the instances of snapshots freed since (their rows would otherwise stay in
        memory until the next snapshot takes one): called by the watcher's thread, at its
        lower priority, every half second (about 70 ms for a directory of 2,000 services;
        nothing when none is waiting)."""
        with self._lock:
            waiting = [con for con, empty in self._free if not empty]
            self._free = [(con, True) for con, empty in self._free if empty]
        for con in waiting:
            if _emptied(con):
                with self._lock:
                    self._free.append((con, True))

    def _give_back(self, con: duckdb.DuckDBPyConnection) -> None:
        # in the thread that freed the snapshot (a search's, perhaps): emptied later, by
        # tidy() or take(), never here
        with self._lock:
            if len(self._free) < self.keep:
                self._free.append((con, False))


def _emptied(con: duckdb.DuckDBPyConnection) -> bool:
    """Drop everything a snapshot made in ``con``'s instance; False (and nothing to reuse)
    when it was closed, another connection to it is alive, or something is left."""
    try:
        row = con.execute("SELECT * FROM duckdb_connection_count()").fetchone()
        if not row or int(row[0]) != 1:
            return False  # a cursor or result of the old snapshot is still alive
        for kind, listing in _OBJECTS:
            for *path, name in con.execute(listing).fetchall():
                target = ".".join(_q(p) for p in (*path, name) if p is not None)
                cascade = " CASCADE" if kind in _CASCADE else ""
                con.execute(f"DROP {kind} IF EXISTS {target}{cascade}")
        left = sum(len(con.execute(listing).fetchall()) for _kind, listing in _OBJECTS)
    except duckdb.Error as exc:  # closed, or an object that would not go: not reused
        LOG.debug("a snapshot's DuckDB instance is not reused: %s", exc)
        return False
    return left == 0
