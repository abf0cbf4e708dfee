"""The PostgreSQL/PostGIS store: the directory of a whole network in one shared database.

``Store.open("postgresql://...")`` returns a :class:`PgStore`; a file path keeps DuckDB. This
module (and psycopg) is imported only then: ``make run`` and the DuckDB path never need it.

How the two engines share the store's SQL (docs/architecture.md, "The store"):

- **Direct statements** (counts, sources, load issues, the searchability report ...) are the
  DuckDB text run through :func:`resources.store.dialect.to_postgres`: sqlglot's
  transpilation, or an explicit PostgreSQL variant registered beside the DuckDB original
  where the engines differ (``GROUP BY ALL``, ``PIVOT``, lists, spatial).
- **Loading and deriving** run the unchanged DuckDB code in a *workbench*: an in-memory
  DuckDB copy of what the derive steps read (the HSDS tables, hours, boundaries). The load
  is written there (casts, namespaced ids, record hashes, the diff), the derive steps run
  there (service areas, hours, the search, text and hotline indexes), and what changed is
  copied to PostgreSQL with ``COPY`` in ONE PostgreSQL transaction, under an advisory lock
  that serializes loads: a reader sees the old directory or the new one, never a mix.
- **Searching** reads a snapshot of the store (one REPEATABLE READ transaction) into an
  in-memory DuckDB store (:meth:`PgStore.search_view`): the engine's per-process index is
  built from it with the same code, so a search answers exactly what it answers on DuckDB.

The derived tables whose shape follows the DuckDB SQL (``search_index``, ``search_text``,
``search_postings``, ``hotline_index``, the full-text index's tables) are created by the
load that writes them, their DuckDB column types kept in ``derived_column`` so a snapshot
gets them back exactly (lists and structs travel as ``jsonb``).

The schema is versioned SQL files (``migrations/pg/NNN_name.sql``), applied in order, each
in the transaction that records it in ``schema_migration`` (:func:`migrate`).
"""

from __future__ import annotations

import importlib.resources
import logging
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import duckdb
import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
from psycopg_pool import ConnectionPool

from resources import settings
from resources.store import EXTENSIONS, Store, StoreError, is_postgres, lookup_sql
from resources.store.dialect import NotPortable, to_postgres
from resources.store.instances import Instances
from resources.store.schema import HSDS_TABLES, RTREE_INDEXES
from resources.store.text_sql import TEXT_SCHEMA, TEXT_TABLES
from resources.store.watcher import Watcher
from resources.store.write import bulk_geometry
from resources.store.write import write_source as write_in_duckdb

if TYPE_CHECKING:
    from resources.records import Batch, LoadResult, SourceMeta
    from resources.store.write import AfterLoad

__all__ = ["PgStore", "DirectoryWatcher", "is_pg_url", "migrations", "LATEST",
           "not_available"]

LOG = logging.getLogger(__name__)

T = TypeVar("T")

_LOAD_LOCK = 2_300_231  # pg_advisory_xact_lock key: one load at a time per database
CHANNEL = "directory_changed"  # NOTIFY channel of migration 002 (the directory's version)


is_pg_url = is_postgres


def shown(url: str) -> str:
    """The URL without its password (for messages)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def not_available(what: str) -> StoreError:
    return StoreError(f"{what} is not yet available on a PostgreSQL store.")


# -- migrations ----------------------------------------------------------------------------
_MIGRATION = re.compile(r"^(\d{3})_(\w+)\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, SQL) of every migration file, in order."""
    folder = importlib.resources.files("resources.store") / "migrations" / "pg"
    out = []
    for entry in folder.iterdir():
        match = _MIGRATION.match(entry.name)
        if match:
            out.append((int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(out)


LATEST = migrations()[-1][0]

_MIGRATION_TABLE = """CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"""


# -- a DuckDB-like connection over psycopg ----------------------------------------------------
class PgResult:
    """The rows of one statement, read like a DuckDB result."""

    def __init__(self, rows: list[tuple[Any, ...]] | None,
                 description: Sequence[Any] | None):
        self.rows = rows or []
        self.description = [(d.name,) for d in description] if description else None
        self._next = 0

    @property
    def columns(self) -> list[str]:
        return [d[0] for d in self.description or []]

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self.rows):
            return None
        self._next += 1
        return self.rows[self._next - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._next = self.rows[self._next:], len(self.rows)
        return rows

    def df(self) -> pd.DataFrame:
        """The rows as a frame typed like DuckDB's ``.df()``: dates as datetime64, exact
        integers (``numeric``) as int."""
        frame = pd.DataFrame(self.fetchall(), columns=self.columns)
        for name in frame.columns:
            values = frame[name].dropna()
            if not len(values) or frame[name].dtype != object:
                continue
            if all(isinstance(v, date) and not isinstance(v, datetime) for v in values):
                frame[name] = pd.to_datetime(frame[name])
            elif all(isinstance(v, Decimal) and v == v.to_integral_value() for v in values):
                frame[name] = frame[name].map(int, na_action="ignore")
        return frame

    def fetchnumpy(self) -> dict[str, np.ndarray]:
        rows = self.fetchall()
        return {c: np.array([r[i] for r in rows]) for i, c in enumerate(self.columns)}

    def to_arrow_table(self) -> pa.Table:
        rows = self.fetchall()
        return pa.table({c: [r[i] for r in rows] for i, c in enumerate(self.columns)})


class PgConnection:
    """One psycopg connection (autocommit; :meth:`PgStore.transaction` opens transactions)
    with the part of DuckDB's connection API the store modules use; each statement is the
    DuckDB text, translated by :func:`~resources.store.dialect.to_postgres`."""

    def __init__(self, conn: psycopg.Connection[Any]):
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
                ) -> PgResult:
        values: Any = (tuple(params) if isinstance(params, list | tuple) else params) or None
        try:
            text = to_postgres(sql, values is not None)
        except NotPortable as exc:
            raise not_available(f"This operation ({exc})") from exc
        try:
            cur = self.raw.execute(text, values)
            return PgResult(cur.fetchall() if cur.description else None, cur.description)
        except (psycopg.errors.UndefinedFunction, psycopg.errors.SyntaxError,
                psycopg.errors.FeatureNotSupported, psycopg.errors.UndefinedObject) as exc:
            said = str(exc).splitlines()[0]
            raise not_available(f"This operation (PostgreSQL: {said})") from exc
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL: {str(exc).splitlines()[0]}") from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self.execute(sql, list(row))

    def register(self, name: str, frame: object) -> None:
        raise not_available("Querying an in-memory table")

    def unregister(self, name: str) -> None:
        raise not_available("Querying an in-memory table")

    def cursor(self) -> PgConnection:
        return self


# -- moving rows between DuckDB and PostgreSQL (COPY, CSV) -----------------------------------
def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _nested(duck_type: str) -> bool:
    return any(k in duck_type.upper() for k in ("[", "STRUCT", "MAP(", "UNION"))


_SCALAR_PG = {
    "VARCHAR": "text", "INTEGER": "integer", "BIGINT": "bigint", "SMALLINT": "smallint",
    "TINYINT": "smallint", "DOUBLE": "double precision", "FLOAT": "real", "BOOLEAN": "boolean",
    "DATE": "date", "TIMESTAMP": "timestamp", "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "UBIGINT": "numeric(20)", "UINTEGER": "bigint", "USMALLINT": "integer", "UTINYINT": "smallint",
    "HUGEINT": "numeric(39)", "GEOMETRY": "geometry(Geometry, 4326)", "VARCHAR[]": "text[]",
    "TIME": "time", "INTERVAL": "interval", "BLOB": "bytea",
}


def pg_type(duck_type: str) -> str:
    """The PostgreSQL column type for a DuckDB one (lists and structs: jsonb)."""
    upper = duck_type.upper()
    if upper in _SCALAR_PG:
        return _SCALAR_PG[upper]
    if upper.startswith("DECIMAL"):
        return upper.replace("DECIMAL", "numeric")
    if _nested(upper):
        return "jsonb"
    raise StoreError(f"No PostgreSQL column type for DuckDB's {duck_type}")


def _duck_out(column: str, pg_udt: str, duck_type: str) -> str:
    """The DuckDB expression writing ``column`` as PostgreSQL reads it from CSV."""
    c = _q(column)
    if pg_udt == "geometry":  # hex EWKB with SRID 4326 (DuckDB writes 2D little-endian WKB)
        h = f"ST_AsHEXWKB({c})"
        return (f"CASE WHEN {c} IS NOT NULL THEN substr({h}, 1, 4) || '000020' || 'E6100000' "
                f"|| substr({h}, 11) END")
    if pg_udt == "_text":
        item = ("CASE WHEN x IS NULL THEN 'NULL' ELSE '\"' || "
                "replace(replace(x, '\\', '\\\\'), '\"', '\\\"') || '\"' END")
        return f"CASE WHEN {c} IS NOT NULL THEN '{{' || array_to_string(list_transform({c}, " \
               f"x -> {item}), ',') || '}}' END"
    if pg_udt in ("jsonb", "json") or _nested(duck_type):
        return f"CAST(to_json({c}) AS VARCHAR)"
    return c


def _pg_out(column: str, pg_udt: str) -> str:
    """The PostgreSQL expression writing ``column`` as DuckDB reads it back."""
    c = _q(column)
    if pg_udt == "geometry":
        return f"encode(ST_AsBinary({c}), 'hex')"
    if pg_udt.startswith("_"):
        return f"to_json({c})::text"
    if pg_udt in ("jsonb", "json"):
        return f"{c}::text"
    return c


def _duck_in(index: int, duck_type: str) -> str:
    """The DuckDB expression reading CSV column ``index`` back into ``duck_type``."""
    c = f"column{index:03d}"
    if duck_type.upper() == "GEOMETRY":
        return f"ST_GeomFromHEXWKB({c})"
    if _nested(duck_type):
        return f"CAST(CAST({c} AS JSON) AS {duck_type})"
    return f"CAST({c} AS {duck_type})"


def _qualified(schema: str, table: str) -> str:
    return f"{_q(schema)}.{_q(table)}" if schema != "main" and schema != "public" else _q(table)


class PgStore(Store):
    """A directory store in a PostgreSQL/PostGIS database (see the module docstring)."""

    backend = "postgres"

    def __init__(self, url: str, pool: ConnectionPool[Any]):  # noqa: D107 - no DuckDB base
        self.url = url
        self.path = shown(url)
        self._pool = pool
        self._local = threading.local()
        self._lent: list[psycopg.Connection[Any]] = []
        self._lock = threading.Lock()
        self._view: Store | None = None
        self._reference: Store | None = None
        self._columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._watcher: DirectoryWatcher | None = None
        self._instances = Instances()  # the DuckDB instances of this store's snapshots

    @property
    def con(self) -> PgConnection:  # type: ignore[override]
        """This thread's connection (from the pool, kept until the store is closed)."""
        con = getattr(self._local, "con", None)
        if con is None:
            raw = self._pool.getconn()
            with self._lock:
                self._lent.append(raw)
            con = self._local.con = PgConnection(raw)
        return con

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open_url(cls, url: str, *, read_only: bool = False, create: bool = True,
                 upgrade: bool = False) -> PgStore:
        try:  # a direct first connection: its error says what is wrong (no such database ...)
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            raise StoreError(f"Cannot open the PostgreSQL store {shown(url)}: "
                             f"{str(exc).strip().splitlines()[0]}") from exc
        pool: ConnectionPool[Any] = ConnectionPool(
            url, min_size=1, max_size=8, kwargs={"autocommit": True}, open=True,
            name="resources")
        store = cls(url, pool)
        try:
            version = store._version()
            if version is None and (read_only or not create):
                raise StoreError(f"{store.path} has no resources schema: run "
                                 f"`resources init --db {store.path}`.")
            if version is None or (upgrade and store._lacking()):
                store.init()
            store.check_schema()
        except BaseException:
            store.close()
            raise
        return store

    def init(self) -> None:
        """Apply the migrations this database lacks, in order, each in its transaction. A
        migration numbered below one already applied is applied too (two branches may add
        002 and 003 in either order: a database made between them has 003, not 002)."""
        applied = self._applied()
        for number, name, sql in migrations():
            if number in applied:
                continue
            with self.transaction() as con:
                con.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_LOAD_LOCK,))
                con.raw.execute(_MIGRATION_TABLE)
                done = con.raw.execute("SELECT count(*) FROM schema_migration WHERE version = %s",
                                       (number,)).fetchone()
                if done and done[0]:  # another process applied it meanwhile
                    continue
                con.raw.execute(sql)
                con.raw.execute("INSERT INTO schema_migration (version, name) VALUES (%s, %s)",
                                (number, name))

    def _version(self) -> int | None:
        raw = self.con.raw
        exists = raw.execute("SELECT to_regclass('schema_migration') IS NOT NULL").fetchone()
        if not exists or not exists[0]:
            return None
        row = raw.execute("SELECT max(version) FROM schema_migration").fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def _lacking(self) -> list[int]:
        """The migrations of this program the database has not had, in order."""
        return sorted({n for n, _, _ in migrations()} - self._applied())

    def _applied(self) -> set[int]:
        """The numbers of the migrations this database has (none before ``init``)."""
        if self._version() is None:
            return set()
        return {int(r[0]) for r in self.con.raw.execute(
            "SELECT version FROM schema_migration").fetchall()}

    def check_schema(self) -> None:
        version = self._version()
        if version is None:
            raise StoreError(f"{self.path} has no resources schema: run `resources init`.")
        if version < LATEST:
            raise StoreError(
                f"{self.path} has schema version {version}, this program needs {LATEST}: "
                f"upgrade it with `resources init --db {self.path}`.")
        if version > LATEST:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this program's "
                f"{LATEST}: upgrade the program.")
        lacking = self._lacking()
        if lacking:
            raise StoreError(
                f"{self.path} lacks migration(s) {', '.join(f'{n:03d}' for n in lacking)}: "
                f"upgrade it with `resources init --db {self.path}`.")
        missing = [t for t in HSDS_TABLES if not self._has_table(t)]
        if missing:
            raise StoreError(f"{self.path} is missing tables {missing}: rebuild it.")

    def _has_table(self, name: str, schema: str = "public") -> bool:
        row = self.con.raw.execute("SELECT to_regclass(%s) IS NOT NULL",
                                   (f"{_q(schema)}.{_q(name)}",)).fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        for view in (self._view, self._reference):
            if view is not None:
                view.close()
        self._view = self._reference = None
        with self._lock:
            lent, self._lent = self._lent, []
        for raw in lent:
            with suppress(psycopg.Error):
                self._pool.putconn(raw)
        self._local = threading.local()
        self._pool.close()

    # -- helpers ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:  # type: ignore[override]
        con = self.con
        with con.raw.transaction():
            yield con

    def use_threads(self, threads: int) -> None:
        """PostgreSQL plans its own parallelism: nothing to set."""

    def checkpoint(self) -> None:
        raise not_available("Copying the store file (publish)")

    def remove_source(self, source_id: str) -> None:
        """Delete everything of ``source_id`` (its records, load issues, measures and its
        row in ``source``) in one transaction, under the lock loads take."""
        with self.transaction() as con:
            _locked(con.raw, "SELECT pg_advisory_xact_lock(%s)", (_LOAD_LOCK,))
            for table, key in _PER_SOURCE.items():
                con.raw.execute(f"DELETE FROM {_q(table)} WHERE {_q(key)} = %s", (source_id,))
        self._view = None  # the next search reads the directory anew (a search still
        # running on the old copy finishes on it: it is freed once nothing holds it)

    def search_view(self) -> Store:
        """An in-memory DuckDB copy of this store, read in one REPEATABLE READ transaction
        (never a half-written load), for the search engine's per-process index. Read once
        and kept (a load through this store drops it); a server that must follow other
        servers' writes uses :meth:`snapshot` and :meth:`watch` (resources.store.live)."""
        if self._view is None:
            self._view = self.snapshot()[1]
        return self._view

    def snapshot(self, previous: Store | None = None) -> tuple[int | None, Store]:
        """A new in-memory DuckDB copy of this store and the directory version it holds,
        both read in one REPEATABLE READ, READ ONLY transaction: the copy is exactly the
        directory at that version, never part of a write. On a pooled connection given
        back afterwards (safe from any thread: a Streamlit session's, an API worker's).

        ``previous``: a snapshot this store made before (the one a server serves now).
        Each table it holds at the stamp the table still has (migration 005: every write
        stamps the tables it changed) is copied from it, in memory, instead of read again:
        after a coordinator's edit a server re-reads the few tables the edit wrote."""
        view = self._new_view()
        try:
            with self._borrowed() as raw, raw.transaction():
                raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                row = raw.execute("SELECT version FROM directory_version").fetchone()
                stamps = {(str(s), str(t)): str(stamp) for s, t, stamp in raw.execute(
                    "SELECT table_schema, table_name, stamp FROM table_version").fetchall()}
                tables = self._tables()
                kept = previous.stamps if isinstance(previous, SnapshotView) \
                    and previous.is_open and previous.owner is self else {}
                carried = {t for t in tables if t in stamps and kept.get(t) == stamps[t]}
                self._copy_in(view, tables, carry=(previous, carried) if carried else None)
                view.stamps = {t: stamps[t] for t in tables if t in stamps}
                view.carried = len(carried)
        except BaseException:
            view.close()
            raise
        return (int(row[0]) if row else None), view

    def _new_view(self) -> SnapshotView:
        """An empty snapshot with the DuckDB schema: its own in-memory DuckDB instance,
        kept whole while any connection, cursor or result uses it (a search still running
        on an old snapshot never loses it), reused once nothing does
        (resources/store/instances.py). It has no worker threads: each query
        runs in the thread that asks it, so a snapshot built in the watcher's thread (at a
        lower priority: resources/store/watcher.py) takes only that thread's share of the
        cores, and a search runs in its request's thread."""
        con = self._instances.take()  # a freed snapshot's, emptied, or a new one
        view = SnapshotView(con, self)
        self._instances.give_back_when_freed(view, con)
        try:
            view.init()  # the schema of this program: nothing to check
        except BaseException:
            view.close()
            raise
        return view

    def directory_version(self) -> int | None:
        """The directory's committed version (migration 002: bumped by every write
        transaction)."""
        with self._borrowed() as raw:
            row = raw.execute("SELECT version FROM directory_version").fetchone()
        return int(row[0]) if row else None

    def watch(self, on_change: Callable[[int], object]) -> None:
        """Call ``on_change(version)`` (in a background thread) whenever another connection
        commits a change to the directory: LISTEN on its own connection, and a read of the
        version row every ``RESOURCES_PG_POLL_SECONDS`` in case a notification was missed
        (a dropped connection, a pooler that does not pass LISTEN)."""
        with self._lock:
            if self._watcher is None:
                self._watcher = DirectoryWatcher(self.url, _poll_seconds())
                self._watcher.add_chore(self._instances.tidy)  # freed snapshots' memory
                self._watcher.start()
            self._watcher.add(on_change)

    @contextmanager
    def _borrowed(self) -> Iterator[psycopg.Connection[Any]]:
        """This thread's connection when it has one, else one lent by the pool for the
        block (and made this thread's for it, so the store's helpers use the same one)."""
        own = getattr(self._local, "con", None)
        if own is not None:
            yield own.raw
            return
        with self._pool.connection() as raw:
            self._local.con = PgConnection(raw)
            try:
                yield raw
            finally:
                self._local.con = None

    def reference(self) -> Store:
        """An in-memory DuckDB store holding this store's boundaries (a loader's last step
        reads them, with DuckDB spatial SQL)."""
        if self._reference is None:
            ref = Store.open(":memory:", extensions=EXTENSIONS)
            self._copy_in(ref, ["boundary"])
            self._reference = ref
        return self._reference

    # -- writing a source --------------------------------------------------------------------
    def write_source(self, meta: SourceMeta, batch: Batch,
                     after: AfterLoad | None = None) -> LoadResult:
        """Replace source ``meta.id`` with ``batch`` and derive, in one PostgreSQL
        transaction: the DuckDB write and derive steps run on a workbench copy, and what
        they changed is copied back (see the module docstring)."""
        with self.transaction() as con:
            con.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_LOAD_LOCK,))
            bench = Store.open(":memory:", extensions=EXTENSIONS)
            try:
                base = _duck_tables(bench)  # what the schema makes; the rest a load derives
                self._copy_in(bench, _DERIVE_READS)
                result = write_in_duckdb(bench, meta, batch, after)
                self._copy_out(bench, meta.id, base)
            finally:
                bench.close()
        self._view = None  # a search on this store after the load reads it anew
        return result

    def derive(self, step: Callable[[Store], T], services: list[str] | None = None) -> T:
        """Run a derive ``step`` (DuckDB SQL: hours, the search, text and hotline indexes)
        on a workbench copy and write back what it changed, inside the caller's transaction
        (one is opened when there is none), under the advisory lock loads take: derives are
        serialized, and each reads what the one before it committed.

        ``services``: the step rebuilt what derives from these services only (an edit): their
        hours and search-index rows are written back, and the tables derived from the whole
        index (the full-text index, the hotline index) replaced. ``None``: everything the
        step may have rebuilt is replaced (a whole re-derive, rare). Either way a table (or
        the services' rows of it) the step left as it was is not written: a write stamps
        the table (migration 005), and every app server would read it again."""
        with self.transaction() as con:
            raw = con.raw
            _locked(raw, "SELECT pg_advisory_xact_lock(%s)", (_LOAD_LOCK,))
            bench = Store.open(":memory:", extensions=EXTENSIONS)
            try:
                base = _duck_tables(bench)
                reads = [t for t in self._tables() if t[1] not in _NOT_DERIVED_FROM]
                if services is not None:  # an edit's re-derive reads no boundaries, and
                    # not the full-text index's tables: the step makes them anew from its
                    # documents (search_text, read)
                    reads = [t for t in reads if t[1] not in ("load_issue", "boundary")
                             and not _of_text_index(*t)]
                self._copy_in(bench, reads)
                listed = "[" + ", ".join(_lit(s) for s in services or ()) + "]"

                def part(table: str) -> str:  # the rows of a table the step may rewrite
                    edited = services is not None and table in (*_HOURS, "search_index")
                    return f"WHERE list_contains({listed}, service_id)" if edited else ""

                whole = ("service_area", "load_issue") if services is None else ()
                outputs = [("main", t) for t in (*whole, *_HOURS, "hours_zones")]
                outputs += sorted(_duck_tables(bench) - base)  # the derived tables read
                before = {(sc, t): _fingerprint(bench, sc, t, part(t)) for sc, t in outputs}
                result = step(bench)
                now = _duck_tables(bench)
                # the full-text index is a function of its documents: after an edit that
                # left them as they were, it is too (written only when missing)
                docs = ("main", "search_text")
                same_docs = docs in before and before[docs] == _fingerprint(bench, *docs)
                for schema, table in sorted(set(outputs) | (now - base)):
                    if services is not None and _of_text_index(schema, table) and same_docs \
                            and self._has_table(table, "public" if schema == "main" else schema):
                        continue
                    if (schema, table) not in now or (
                            (schema, table) in before
                            and before[schema, table] == _fingerprint(bench, schema, table,
                                                                      part(table))):
                        continue  # left as it was: not written, so no server re-reads it
                    self._write_back(bench, schema, table, base, services, part(table))
            finally:
                bench.close()
        self._view = None  # a search on this store afterwards reads it anew
        return result

    def _write_back(self, bench: Store, schema: str, table: str, base: set[tuple[str, str]],
                    services: list[str] | None, part: str) -> None:
        """Replace in PostgreSQL what a derive rewrote of ``table``: the rows of
        ``services`` (``part``, their DuckDB filter) or the whole table."""
        raw = self.con.raw
        if (schema, table) in base:  # a table of the schema (hours, areas, issues)
            if part:
                raw.execute(f"DELETE FROM {_q(table)} WHERE service_id = ANY(%s)", (services,))
            else:
                raw.execute(f"DELETE FROM {_q(table)}")
            self._copy_table_out(bench, schema, table, part)
        elif part and self._has_table(table):  # the search index rows of an edit
            raw.execute(f"DELETE FROM {_q(table)} WHERE service_id = ANY(%s)", (services,))
            self._copy_table_out(bench, schema, table, part)
        else:
            self._replace_derived(bench, schema, table)

    def lock_directory(self) -> None:
        _locked(self.con.raw, "SELECT pg_advisory_xact_lock(%s)", (_LOAD_LOCK,))

    def set_lock_timeout(self, seconds: float) -> None:
        self.con.raw.execute(f"SET LOCAL lock_timeout = '{max(1, int(seconds * 1000))}ms'")

    def lock_record(self, table: str, record_id: str) -> bool:
        """Lock one service or location row until the transaction ends (``SELECT ... FOR
        UPDATE``): a second coordinator's edit of the same record waits for the first to
        commit, then reads what it wrote. False when there is no such record.

        The load lock is taken first, as a load takes it before it deletes a source's rows:
        an edit holding its row while waiting for the lock (its derive takes it) and a load
        of the same source holding the lock while waiting for that row would deadlock."""
        self.lock_directory()
        source_id, _sep, rec = record_id.partition("/")
        row = _locked(self.con.raw,
                      f"SELECT 1 FROM {_q(table)} WHERE source_id = %s AND source_record_id = %s "
                      "FOR UPDATE", (source_id, rec)).fetchone()
        return row is not None

    def _tables(self) -> list[tuple[str, str]]:
        """(schema, table) of every table this store holds (migrated and derived)."""
        rows = self.con.raw.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
            "('pg_catalog', 'information_schema', 'tiger', 'topology') "
            "AND table_name NOT IN ('spatial_ref_sys', 'schema_migration', 'derived_column', "
            "'schema_info', 'directory_version', 'table_version') "
            "ORDER BY 1, 2").fetchall()
        return [(str(s), str(t)) for s, t in rows]

    def _pg_columns(self, schema: str, table: str) -> list[tuple[str, str]]:
        """(column, type name) of a table, in order (``_text`` for text[]); cached per store
        (a derived table made anew drops its entry)."""
        key = (schema, table)
        if key not in self._columns:
            rows = self.con.raw.execute(
                "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t "
                "ON t.oid = a.atttypid WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 "
                "AND NOT a.attisdropped ORDER BY a.attnum",
                (f"{_q(schema)}.{_q(table)}",)).fetchall()
            self._columns[key] = [(str(c), str(u)) for c, u in rows]
        return self._columns[key]

    def _derived_types(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        rows = self.con.raw.execute(
            "SELECT table_schema, table_name, column_name, duckdb_type FROM derived_column "
            "ORDER BY table_schema, table_name, position").fetchall()
        out: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for schema, table, column, typ in rows:
            out.setdefault((str(schema), str(table)), []).append((str(column), str(typ)))
        return out

    def _copy_in(self, bench: Store, tables: Sequence[str] | Sequence[tuple[str, str]],
                 carry: tuple[Store | None, set[tuple[str, str]]] | None = None) -> None:
        """PostgreSQL tables -> the same tables in the DuckDB ``bench`` (its own types).
        ``carry``: (a snapshot, the tables to take from it rather than from PostgreSQL)."""
        derived = self._derived_types()
        wanted = [t if isinstance(t, tuple) else ("public", t) for t in tables]
        present = set(self._tables())
        todo = [(s, t) for s, t in wanted if (s, t) in present]
        source, carried = carry if carry is not None else (None, set())
        rows = {t: 1_000_000 for _, t in todo}  # bulk: indexes are built after the copy
        known = _duck_columns(bench)
        with lookup_sql.suspended(bench.con, rows), \
                bulk_geometry(bench.con, RTREE_INDEXES, 1_000_000):
            for schema, table in todo:
                columns = _bench_columns(bench, schema, table, derived.get((schema, table)),
                                         known)
                if not columns:
                    continue  # a table this program does not know: not read
                if source is not None and (schema, table) in carried:
                    _carry_table(bench, cast("SnapshotView", source), schema, table, columns)
                elif source is not None and (schema, table) in _APPEND_ONLY:
                    self._extend_table(bench, cast("SnapshotView", source), schema, table,
                                       columns)
                else:
                    self._copy_table_in(bench, schema, table, columns)

    def _extend_table(self, bench: Store, previous: SnapshotView, schema: str, table: str,
                      columns: list[tuple[str, str]]) -> None:
        """An append-only table (the audit log) written since ``previous``: its rows there,
        and from PostgreSQL only those after them. All of it again when PostgreSQL's rows up
        to the last one ``previous`` has are not as many as it has: a purge, or a row
        numbered before that one but committed after it was read."""
        key = _APPEND_ONLY[schema, table]
        duck_schema = "main" if schema == "public" else schema
        held = previous.con.execute(
            f"SELECT count(*), max({_q(key)}) FROM "
            f"{_qualified(duck_schema, table)}").fetchone()
        count, top = (int(held[0]), held[1]) if held else (0, None)
        row = self.con.raw.execute(f"SELECT count(*) FROM {_qualified(schema, table)} "
                                   f"WHERE {_q(key)} <= %s", (top,)).fetchone()
        if top is None or not row or int(row[0]) != count:
            self._copy_table_in(bench, schema, table, columns)
            return
        _carry_table(bench, previous, schema, table, columns)
        self._copy_table_in(bench, schema, table, columns, f"WHERE {_q(key)} > {int(top)}")
        cast("SnapshotView", bench).extended.add(table)

    def _copy_table_in(self, bench: Store, schema: str, table: str,
                       duck_types: list[tuple[str, str]], where: str = "") -> None:
        duck_schema = "main" if schema == "public" else schema
        pg_cols = dict(self._pg_columns(schema, table))
        cols = [(c, t) for c, t in duck_types if c in pg_cols]
        select = ", ".join(_pg_out(c, pg_cols[c]) for c, _ in cols)
        with tempfile.TemporaryDirectory(prefix="resources-pg-") as tmp:
            path = Path(tmp) / "rows.csv"
            with path.open("wb") as out, self.con.raw.cursor().copy(
                    f"COPY (SELECT {select} FROM {_qualified(schema, table)} {where}) "
                    "TO STDOUT (FORMAT csv)") as copy:
                for chunk in copy:
                    out.write(chunk)
            if path.stat().st_size == 0:
                return
            names = ", ".join(_q(c) for c, _ in cols)
            reads = ", ".join(_duck_in(i, t) for i, (_, t) in enumerate(cols))
            columns = "{" + ", ".join(f"'column{i:03d}': 'VARCHAR'" for i in range(len(cols))) \
                + "}"
            bench.con.execute(
                f"INSERT INTO {_qualified(duck_schema, table)} ({names}) SELECT {reads} FROM "
                f"read_csv({_lit(str(path))}, header = false, columns = {columns}, "
                "quote = '\"', escape = '\"', allow_quoted_nulls = false, "
                "max_line_size = 100000000)")

    def _copy_out(self, bench: Store, source_id: str, base: set[tuple[str, str]]) -> None:
        """What the workbench load changed -> PostgreSQL (inside the caller's transaction)."""
        raw = self.con.raw
        ids = _lit(source_id)
        for table, key in _PER_SOURCE.items():
            raw.execute(f"DELETE FROM {_q(table)} WHERE {_q(key)} = %s",
                        (source_id,))
            self._copy_table_out(bench, "main", table, f"WHERE {_q(key)} = {ids}")
        prefix = _lit(source_id + "/")
        for table in _HOURS:
            raw.execute(f"DELETE FROM {table} WHERE left(service_id, %s) = %s",
                        (len(source_id) + 1, source_id + "/"))
            self._copy_table_out(bench, "main", table,
                                 f"WHERE left(service_id, {len(source_id) + 1}) = {prefix}")
        raw.execute("DELETE FROM hours_zones")
        self._copy_table_out(bench, "main", "hours_zones")
        self._copy_table_out(bench, "main", "load_history")  # the bench holds this load's only
        # the source's edits (re-applied by the load: conflicts flagged) and the audit
        # entries the load wrote (the bench's log starts empty; PostgreSQL numbers them)
        raw.execute("DELETE FROM edit WHERE source_id = %s", (source_id,))
        self._copy_table_out(bench, "main", "edit", f"WHERE source_id = {ids}")
        self._copy_table_out(bench, "main", "audit_log", "ORDER BY seq", skip=("seq",))
        have = raw.execute("SELECT count(*) FROM boundary").fetchone()
        if not have or not have[0]:
            self._copy_table_out(bench, "main", "boundary")
        for schema, table in sorted(_duck_tables(bench) - base):
            self._replace_derived(bench, schema, table)

    def _replace_derived(self, bench: Store, schema: str, table: str) -> None:
        """Replace a derived table wholesale: rows deleted and copied when its shape is
        unchanged (MVCC: a reader keeps the old rows until the commit); made anew when it
        changed (the program changed its SQL)."""
        pg_schema = "public" if schema == "main" else schema
        types = [(str(c), str(t)) for c, t in bench.con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
            "current_database() AND schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, table]).fetchall()]
        raw = self.con.raw
        known = self._derived_types().get((pg_schema, table))
        target = _qualified(pg_schema, table)
        if known == types and self._has_table(table, pg_schema):
            raw.execute(f"DELETE FROM {target}")
        else:
            raw.execute(f"CREATE SCHEMA IF NOT EXISTS {_q(pg_schema)}")
            raw.execute(f"DROP TABLE IF EXISTS {target}")
            self._columns.pop((pg_schema, table), None)
            cols = ", ".join(f"{_q(c)} {pg_type(t)}" for c, t in types)
            raw.execute(f"CREATE TABLE {target} ({cols})")
            raw.execute("DELETE FROM derived_column WHERE table_schema = %s AND table_name = %s",
                        (pg_schema, table))
            with raw.cursor().copy("COPY derived_column FROM STDIN") as copy:
                for i, (c, t) in enumerate(types):
                    copy.write_row((pg_schema, table, i, c, t))
            # watched like every table a search reads (migration 002), and stamped as
            # written now even when it stays empty (migration 005): a server re-reads it
            raw.execute("SELECT watch_directory_table(%s::regclass)", (target,))
            raw.execute(f"TRUNCATE {target}")
        self._copy_table_out(bench, schema, table)

    def _copy_table_out(self, bench: Store, schema: str, table: str, where: str = "",
                        skip: tuple[str, ...] = ()) -> None:
        pg_schema = "public" if schema == "main" else schema
        pg_cols = [(c, u) for c, u in self._pg_columns(pg_schema, table) if c not in skip]
        duck = dict(bench.con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
            "current_database() AND schema_name = ? AND table_name = ?", [schema, table]
        ).fetchall())
        cols = [(c, u) for c, u in pg_cols if c in duck]
        select = ", ".join(_duck_out(c, u, str(duck[c])) for c, u in cols)
        with tempfile.TemporaryDirectory(prefix="resources-pg-") as tmp:
            path = Path(tmp) / "rows.csv"
            bench.con.execute(
                f"COPY (SELECT {select} FROM {_qualified(schema, table)} {where}) "
                f"TO {_lit(str(path))} (FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"')")
            if not path.exists() or path.stat().st_size == 0:
                return
            names = ", ".join(_q(c) for c, _ in cols)
            with self.con.raw.cursor().copy(
                    f"COPY {_qualified(pg_schema, table)} ({names}) FROM STDIN (FORMAT csv)"
            ) as copy, path.open("rb") as rows:
                while chunk := rows.read(1 << 20):
                    copy.write(chunk)


class SnapshotView(Store):
    """One version of the directory in memory (:meth:`PgStore.snapshot`), in its own DuckDB
    instance. ``stamps``: the write each table's rows come from (migration 005), so the
    next snapshot can take the tables no write touched since from this one."""

    def __init__(self, con: duckdb.DuckDBPyConnection, owner: PgStore):
        super().__init__(con, owner.path)
        self.owner = owner
        self.stamps: dict[tuple[str, str], str] = {}
        self.carried = 0  # tables taken from the snapshot before (the rest read again)
        self.extended: set[str] = set()  # append-only tables: only their new rows read
        self.is_open = True

    def close(self) -> None:
        self.is_open = False
        super().close()


def _of_text_index(schema: str, table: str) -> bool:
    """A table of the full-text index made from its documents (``search_text``) by
    text_sql.rebuild_text_index: the fts extension's and the postings."""
    return schema == TEXT_SCHEMA or table in TEXT_TABLES


def _fingerprint(bench: Store, schema: str, table: str, where: str = ""
                 ) -> tuple[int, int] | None:
    """(rows, sum of their hashes) of a DuckDB table, or of its rows ``where``: equal before
    and after a step when the step left those rows as they were (None: no such table)."""
    if (schema, table) not in _duck_tables(bench):
        return None
    row = bench.con.execute(f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM "
                            f"{_qualified(schema, table)} AS t {where}").fetchone()
    return (int(row[0]), int(row[1])) if row else None


def _duck_columns(bench: Store) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(schema, table) -> its (column, DuckDB type), of the bench's own database."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, typ in bench.con.execute(
            "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY schema_name, table_name, "
            "column_index").fetchall():
        out.setdefault((str(schema), str(table)), []).append((str(column), str(typ)))
    return out


def _bench_columns(bench: Store, schema: str, table: str,
                   derived: list[tuple[str, str]] | None,
                   known: dict[tuple[str, str], list[tuple[str, str]]]
                   ) -> list[tuple[str, str]]:
    """(column, DuckDB type) of ``table`` in ``bench``: a derived table is made there with
    its recorded types; any other is the program's own (``known``; none: a table it does
    not know)."""
    duck_schema = "main" if schema == "public" else schema
    if derived is not None:
        bench.con.execute(f"CREATE SCHEMA IF NOT EXISTS {_q(duck_schema)}")
        made = ", ".join(f"{_q(name)} {typ}" for name, typ in derived)
        bench.con.execute(f"CREATE OR REPLACE TABLE {_qualified(duck_schema, table)} ({made})")
        return derived
    return known.get((duck_schema, table), [])


def _carry_table(view: Store, previous: Store, schema: str, table: str,
                 columns: list[tuple[str, str]]) -> None:
    """Copy a table unchanged since ``previous`` was read from it (Arrow record batches from
    one DuckDB instance into the other: types kept, geometries as WKB)."""
    duck_schema = "main" if schema == "public" else schema
    names = ", ".join(_q(c) for c, _ in columns)
    rows = previous.con.execute(
        f"SELECT {names} FROM {_qualified(duck_schema, table)}").to_arrow_reader()
    view.con.register("carried_rows", rows)
    try:
        view.con.execute(f"INSERT INTO {_qualified(duck_schema, table)} ({names}) "
                         f"SELECT {names} FROM carried_rows")
    finally:
        view.con.unregister("carried_rows")


def _poll_seconds() -> float:
    return float(settings.integer("RESOURCES_PG_POLL_SECONDS") or 5)


class DirectoryWatcher(Watcher):
    """Follows the directory's version for one process: a daemon thread with its own
    connection (not the pool's) that LISTENs on ``directory_changed`` and reads the version
    row every ``poll`` seconds (resources/store/watcher.py hands each new one over)."""

    name = "directory-watcher"

    def __init__(self, url: str, poll: float):
        super().__init__(poll)
        self.url = url

    def _run(self) -> None:
        failing = False  # said once per outage, not at every try
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    if failing:
                        LOG.warning("directory watcher: connected again")
                    failing = False
                    self._listen(conn)
            except psycopg.Error as exc:  # the database went away: try again shortly
                (LOG.debug if failing else LOG.warning)(
                    "directory watcher: %s; reconnecting", str(exc).splitlines()[0])
                failing = True
                self._stop.wait(min(self.poll, 2.0))

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        polled = 0.0
        while not self._stop.is_set():
            if time.monotonic() - polled >= self.poll:  # also after (re)connecting
                row = conn.execute("SELECT version FROM directory_version").fetchone()
                polled = time.monotonic()
                if row:
                    self._seen(int(row[0]))
            heard = [n.payload for n in conn.notifies(timeout=0.5, stop_after=1)]
            if heard:  # and whatever else is queued, as one change
                heard += [n.payload for n in conn.notifies(timeout=0.01)]
                self._seen(max(int(p) for p in heard))
            self._tick()


# What the derive steps read (the workbench copy): the HSDS tables, the hours of every
# source (record ids continue from the highest), the reference boundaries, and the
# coordinators' tables a derive or a re-applied edit reads (edits, merges, beds).
_COORD_READS = ("edit", "duplicate_decision", "bed_update")
_DERIVE_READS = (*HSDS_TABLES, "hours_records", "hours_weekly", "hours_zones", "boundary",
                 *_COORD_READS)
# Never copied into a workbench for a re-derive (nothing derives from them)
_NOT_DERIVED_FROM = ("audit_log", "proposal", "review_policy", "load_history",
                     "source_measure")
# Written per source: table -> the column naming the source
_PER_SOURCE = {**{t: "source_id" for t in HSDS_TABLES}, "source": "id",
               "load_issue": "source_id", "source_measure": "source_id"}
# Append-only tables (migration 005 refuses updates and deletes): table -> its increasing
# key; a new snapshot reads only the rows after those of the one before
_APPEND_ONLY = {("public", "audit_log"): "seq"}
# Derived per source, their rows found by the source's id prefix of service_id
_HOURS = ("hours_records", "hours_weekly", "hours_dated", "hours_unclear")


def _locked(raw: psycopg.Connection[Any], sql: str, params: tuple[Any, ...]
            ) -> psycopg.Cursor[Any]:
    """A statement that takes a lock; waiting longer than the transaction's lock timeout
    is a :class:`StoreError` that says so."""
    try:
        return raw.execute(sql, params)
    except psycopg.errors.LockNotAvailable as exc:
        raise StoreError(f"PostgreSQL: {str(exc).splitlines()[0]}") from exc


def _duck_tables(store: Store) -> set[tuple[str, str]]:
    """(schema, table) of the tables of a DuckDB store."""
    rows = store.con.execute("SELECT schema_name, table_name FROM duckdb_tables() "
                             "WHERE database_name = current_database() AND NOT temporary"
                             ).fetchall()
    return {(str(s), str(t)) for s, t in rows}

