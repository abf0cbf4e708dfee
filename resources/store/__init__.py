"""The one place that talks SQL: a DuckDB file with the spatial extension, HSDS-shaped, or
a PostgreSQL/PostGIS database (:mod:`resources.store.pg`), chosen by the store's URL.

Everything else (loaders, engine, pages, CLI) goes through :class:`Store` and the query
modules in this package. ``Store.open("postgresql://...")`` returns the PostgreSQL store
(psycopg is imported only then); any other path is a DuckDB file, as before.

DuckDB spatial gotchas, handled here once:
- the extension is loaded from the file shipped in the ``duckdb-extension-spatial`` wheel,
  with ``autoinstall_known_extensions`` off: never ``INSTALL``, never a download;
- ``ST_Distance_Sphere`` expects [lat, lon] order: distances are computed on
  ``ST_Point(lat, lon)`` (see :mod:`resources.store.queries`);
- the R-tree is skipped when a distance filter sits in the same WHERE as the envelope
  filter: the envelope filter goes in a ``MATERIALIZED`` CTE.
"""

from __future__ import annotations

import importlib.resources
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from resources import settings
from resources.errors import ResourcesError
from resources.store.dialect import pg_variant
from resources.store.schema import HSDS_TABLES, SCHEMA_VERSION, ddl

__all__ = ["Store", "StoreError", "is_postgres", "extension_path", "spatial_extension_path",
           "connect", "EXTENSIONS", "SEARCH_EXTENSIONS"]


T = TypeVar("T")


class StoreError(ResourcesError):
    """A store problem a person can act on (message is one clear sentence)."""


def is_postgres(path: object) -> bool:
    """Is this store location a PostgreSQL URL (``postgresql://...``)?"""
    return settings.is_postgres_url(path)


# counts per source and table; PostgreSQL has no PIVOT: one filtered sum per table
_COUNTED = ("organization", "service", "location", "phone", "schedule", "service_area")
_COUNT_PARTS = " UNION ALL ".join(
    f"SELECT source_id, '{t}' AS table_name, count(*) AS n FROM \"{t}\" GROUP BY 1"
    for t in _COUNTED)
COUNTS_BY_SOURCE_SQL = pg_variant(
    f"PIVOT ({_COUNT_PARTS}) ON table_name USING sum(n) GROUP BY source_id ORDER BY source_id",
    "SELECT source_id, " + ", ".join(
        f"sum(n) FILTER (WHERE table_name = '{t}') AS {t}" for t in _COUNTED)
    + f" FROM ({_COUNT_PARTS}) AS counted GROUP BY source_id ORDER BY source_id")
ISSUE_COUNTS_SQL = pg_variant(
    "SELECT source_id, severity, problem, count(*) AS n FROM load_issue "
    "GROUP BY ALL ORDER BY source_id, n DESC",
    "SELECT source_id, severity, problem, count(*) AS n FROM load_issue "
    "GROUP BY source_id, severity, problem ORDER BY source_id, n DESC NULLS LAST")


_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


# The extensions every connection loads, each from the file its PyPI wheel ships
# (``duckdb-extension-<name>``): spatial (geometry, distances), fts (the full-text index
# behind the text signal of a search, :mod:`resources.search.text_index`).
EXTENSIONS = ("spatial", "fts")
# What a search alone needs (``Store.open(..., extensions=SEARCH_EXTENSIONS)``): its SQL
# reads plain columns and computes distances in Python, so a one-off command-line search
# skips spatial, about 0.25 s of CPU to load. tests/test_cli_imports.py keeps it true.
SEARCH_EXTENSIONS = ("fts",)


def extension_path(name: str) -> Path:
    """The DuckDB extension file inside the ``duckdb-extension-<name>`` wheel."""
    root = importlib.resources.files(f"duckdb_extension_{name}")
    path = Path(str(root / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"))
    if not path.exists():
        raise StoreError(
            f"DuckDB {name} extension for DuckDB {duckdb.__version__} not found at {path}; "
            f"install the pinned duckdb and duckdb-extension-{name} versions (make setup)."
        )
    return path


def spatial_extension_path() -> Path:
    """The spatial extension file inside the ``duckdb-extension-spatial`` wheel."""
    return extension_path("spatial")


def _load_extensions(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> None:
    for name in names:
        con.execute(f"LOAD '{extension_path(name)}'")


def connect(path: str | Path = ":memory:", *, read_only: bool = False,
            extensions: tuple[str, ...] = EXTENSIONS,
            threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB connection with the spatial extension loaded offline. ``threads``: the
    instance's worker threads (None: DuckDB's, one per core; 1: every query runs in the
    thread that asks it, and nothing else).

    A read-only file is ATTACHed to a fresh in-memory database (and made the default with
    ``USE``) rather than opened directly: DuckDB caches open databases by path within a
    process, so after the file is replaced (:mod:`resources.coordinator.publish` swaps in a new store
    with ``os.replace``) a direct re-open would still return the old file's data.
    """
    if read_only and str(path) != ":memory:":
        return _attach_read_only(Path(path), extensions)
    try:
        config: dict[str, str | bool | int | float | list[str]] = dict(_CONFIG)
        if threads:
            config["threads"] = threads
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        msg = str(exc).splitlines()[0]
        if "lock" in msg.lower():
            raise StoreError(
                f"The store {path} is open for writing in another process "
                "(stop the other import, or use a copy)."
            ) from exc
        raise StoreError(f"Cannot open the store {path}: {msg}") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path} is not a DuckDB store: {str(exc).splitlines()[0]}") from exc
    try:
        _load_extensions(con, extensions)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"Could not load the DuckDB extensions: {exc}") from exc
    return con


def _attach_read_only(path: Path, extensions: tuple[str, ...]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config=dict(_CONFIG))
    try:
        _load_extensions(con, extensions)
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS live (READ_ONLY)")
        con.execute("USE live")
    except duckdb.IOException as exc:
        con.close()
        raise StoreError(f"Cannot open the store {path}: {str(exc).splitlines()[0]}") from exc
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"{path} is not a DuckDB store: {str(exc).splitlines()[0]}") from exc
    return con


class Store:
    """A directory store in one DuckDB file (or in memory)."""

    backend = "duckdb"  # PostgreSQL: "postgres" (resources.store.pg.PgStore)

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str | Path = ":memory:"):
        self._base = con
        self._owner = threading.get_ident()
        self._local = threading.local()
        self._catalog: str | None = None  # the attached database every cursor USEs
        self.path = str(path)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """This thread's connection. A DuckDB connection must not be used by two threads at
        once (Streamlit runs sessions, and reruns of one session, in threads): other threads
        get their own cursor on the same database."""
        if threading.get_ident() == self._owner:
            return self._base
        cursor = getattr(self._local, "con", None)
        if cursor is None:
            cursor = self._base.cursor()
            if self._catalog is not None:
                cursor.execute(f"USE {self._catalog}")
            self._local.con = cursor
        return cursor

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path = ":memory:", *, read_only: bool = False,
             create: bool = True, extensions: tuple[str, ...] = EXTENSIONS,
             upgrade: bool = False) -> Store:
        """Open (and, if ``create``, initialise) a store; check its schema version.

        ``extensions`` are the DuckDB extensions the connection loads: all of them unless a
        caller knows its SQL needs fewer (one command-line search reads plain columns only,
        and loading spatial alone costs about 0.25 s of a one-off process).

        A ``postgresql://`` URL opens a PostgreSQL store (:class:`resources.store.pg.PgStore`);
        ``upgrade`` applies the migrations it lacks (``resources init``). A DuckDB store of
        another version is rebuilt instead (``resources init --force``).
        """
        if is_postgres(path):
            from resources.store.pg import PgStore  # psycopg: only for a PostgreSQL store

            return PgStore.open_url(str(path), read_only=read_only, create=create,
                                    upgrade=upgrade)
        is_memory = str(path) == ":memory:"
        if not is_memory and not Path(path).exists():
            if read_only or not create:
                raise StoreError(
                    f"No store at {path}: build one with `resources init` "
                    "and load data with `resources load PATH`."
                )
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        store = cls(connect(path, read_only=read_only, extensions=extensions), path)
        store._catalog = "live" if read_only and not is_memory else None  # connect() USEs it
        if store._version() is None:
            if read_only:
                store.close()
                raise StoreError(f"{path} has no resources schema: run `resources init --db {path}`.")
            store.init()
        store.check_schema()
        return store

    def init(self) -> None:
        self.con.execute(ddl())
        self.con.execute(
            "INSERT OR REPLACE INTO schema_info VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )

    def _version(self) -> int | None:
        try:
            row = self.con.execute(
                "SELECT value FROM schema_info WHERE key = 'schema_version'"
            ).fetchone()
        except duckdb.CatalogException:
            return None
        return int(row[0]) if row else None

    def check_schema(self) -> None:
        version = self._version()
        if version is None:
            raise StoreError(f"{self.path} has no resources schema: run `resources init`.")
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, this program needs {SCHEMA_VERSION}: "
                "rebuild it with `resources init --force` and re-load the sources."
            )
        missing = [t for t in HSDS_TABLES if not self._has_table(t)]
        if missing:
            raise StoreError(f"{self.path} is missing tables {missing}: rebuild it.")

    def _has_table(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_name = ?", [name]).fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        self._base.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def search_view(self) -> Store:
        """The store a search engine reads: this one (a PostgreSQL store answers with an
        in-memory DuckDB copy, see :meth:`resources.store.pg.PgStore.search_view`)."""
        return self

    def snapshot(self, previous: Store | None = None) -> tuple[int | None, Store]:
        """(the directory version, the store a search reads at that version): here (None,
        this store). A DuckDB store is a file of one process at a time; a publish swaps the
        file and the app notices by its modification time. A PostgreSQL store answers with a
        new in-memory copy read in one transaction, taking what is unchanged from the
        ``previous`` copy (:meth:`resources.store.pg.PgStore.snapshot`)."""
        return None, self

    def directory_version(self) -> int | None:
        """The directory's committed version (PostgreSQL; None: a DuckDB file has none)."""
        return None

    def watch(self, on_change: Callable[[int], object]) -> None:
        """Call ``on_change(version)`` when another process changes the directory: nothing
        to watch in a DuckDB file (a publish swaps the file instead)."""

    def reference(self) -> Store:
        """The store a loader's last step reads the reference layers from (boundaries):
        this one (a PostgreSQL store answers with an in-memory DuckDB copy of them)."""
        return self

    def derive(self, step: Callable[[Store], T], services: list[str] | None = None) -> T:
        """Run a derive step (hours, the search, text and hotline indexes: DuckDB SQL) on
        this store: here, directly. A PostgreSQL store runs it on a DuckDB workbench and
        writes back what it changed (:meth:`resources.store.pg.PgStore.derive`); ``services``
        says the step rebuilt only what derives from these services."""
        return step(self)

    def lock_record(self, table: str, record_id: str) -> bool:
        """Hold one record against other writers until the transaction ends. A DuckDB store
        has one writer at a time already (the publish lock of
        :mod:`resources.coordinator.publish`): nothing to do. A PostgreSQL store locks the
        row (``SELECT ... FOR UPDATE``)."""
        return True

    def lock_directory(self) -> None:
        """Hold the whole directory against other loads and derives until the transaction
        ends (DuckDB: the publish lock already does; PostgreSQL: an advisory lock)."""

    def set_lock_timeout(self, seconds: float) -> None:
        """How long a statement of this transaction waits for a lock (PostgreSQL; a
        DuckDB store's writers wait on the publish lock instead)."""

    def use_threads(self, threads: int) -> None:
        """Run each query on at most ``threads`` threads (DuckDB's default: every core)."""
        self.con.execute(f"SET threads = {max(1, int(threads))}")

    def checkpoint(self) -> None:
        """Write the WAL into the database file (before the file is copied or renamed)."""
        self.con.execute("CHECKPOINT")

    def df(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    # -- summaries -----------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: int(self.scalar(f'SELECT count(*) FROM "{t}"')) for t in HSDS_TABLES}

    def sources(self) -> pd.DataFrame:
        return self.df("SELECT * FROM source ORDER BY id")

    def counts_by_source(self) -> pd.DataFrame:
        return self.df(COUNTS_BY_SOURCE_SQL)

    def load_issues(self, source_id: str | None = None, limit: int | None = None) -> pd.DataFrame:
        sql = "SELECT * FROM load_issue"
        params: list[Any] = []
        if source_id:
            sql += " WHERE source_id = ?"
            params.append(source_id)
        sql += " ORDER BY source_id, file, row_number NULLS FIRST, field"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.df(sql, params)

    def issue_counts(self) -> pd.DataFrame:
        return self.df(ISSUE_COUNTS_SQL)
