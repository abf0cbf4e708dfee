"""A server's snapshots of a PostgreSQL directory reuse the DuckDB instances of freed ones
(resources/store/instances.py), and are read and built at a lower priority than searches
(resources/store/watcher.py): issue 23's load test, where each server re-read the directory
after every coordinator's edit and the searches waited for it."""

from __future__ import annotations

import gc
import os
import sys
import threading

import pytest

from resources.store.instances import Instances
from resources.store.watcher import lower_this_thread


class Snapshot:  # what holds an instance (a SnapshotView) while a server serves it
    pass


def _everything(con) -> None:  # type: ignore[no-untyped-def]
    """What a snapshot makes: tables (an R-tree and a geometry), a schema of its own (the
    full-text index's), a view, a sequence, macros, a type, a temporary table."""
    con.execute("CREATE TABLE location (id VARCHAR PRIMARY KEY, geom GEOMETRY)")
    con.execute("INSERT INTO location VALUES ('a', ST_Point(-105, 39.7))")
    con.execute("CREATE INDEX location_geom ON location USING RTREE (geom)")
    con.execute("CREATE SCHEMA fts_main_search_text")
    con.execute("CREATE TABLE fts_main_search_text.terms (t VARCHAR)")
    con.execute("CREATE MACRO fts_main_search_text.score(x) AS x + 1")
    con.execute("CREATE VIEW located AS SELECT id FROM location")
    con.execute("CREATE SEQUENCE audit_seq")
    con.execute("CREATE MACRO twice(x) AS 2 * x")
    con.execute("CREATE MACRO rows_of(n) AS TABLE SELECT * FROM range(n)")
    con.execute("CREATE TYPE mood AS ENUM ('open', 'closed')")
    con.execute("CREATE TEMP TABLE scratch (x INTEGER)")


def _catalog(con) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{r[0]}.{r[1]}" for r in con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() UNION ALL "
        "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal UNION ALL "
        "SELECT schema_name, sequence_name FROM duckdb_sequences() UNION ALL "
        "SELECT schema_name, function_name FROM duckdb_functions() WHERE NOT internal "
        "UNION ALL SELECT schema_name, type_name FROM duckdb_types() WHERE NOT internal "
        "UNION ALL SELECT 'schema', schema_name FROM duckdb_schemas() WHERE NOT internal "
        "AND schema_name <> 'main'").fetchall()]


def test_a_freed_snapshots_instance_is_emptied_and_reused_with_its_extensions():
    pool = Instances()
    con = pool.take()
    _everything(con)
    snapshot = Snapshot()
    pool.give_back_when_freed(snapshot, con)
    assert pool.take() is not con  # still served: never handed to another snapshot
    del snapshot
    gc.collect()
    again = pool.take()
    assert again is con and pool.reused == 1
    assert _catalog(again) == []  # nothing of the old snapshot is left
    # what a new snapshot makes goes in as before, and spatial is still loaded
    _everything(again)
    assert again.execute("SELECT ST_X(geom) FROM location").fetchone() == (-105.0,)
    assert again.execute("SELECT current_setting('threads')").fetchone() == (1,)


def test_an_instance_a_search_still_reads_is_neither_reused_nor_closed():
    pool = Instances()
    con = pool.take()
    con.execute("CREATE TABLE service (name VARCHAR)")
    con.execute("INSERT INTO service VALUES ('Harbor Light Night Shelter')")
    cursor = con.cursor()  # a search's, in its own thread, still running
    snapshot = Snapshot()
    pool.give_back_when_freed(snapshot, con)
    del snapshot, con
    gc.collect()
    fresh = pool.take()
    assert pool.reused == 0 and _catalog(fresh) == []
    # the search still reads the directory as it was
    assert cursor.execute("SELECT name FROM service").fetchall() == [
        ("Harbor Light Night Shelter",)]


def test_a_closed_instance_is_not_reused():
    pool = Instances()
    con = pool.take()
    snapshot = Snapshot()
    pool.give_back_when_freed(snapshot, con)
    con.close()  # a snapshot closed on purpose (one that failed, or was not needed)
    del snapshot
    gc.collect()
    fresh = pool.take()
    assert fresh is not con and pool.reused == 0
    assert fresh.execute("SELECT 1").fetchone() == (1,)


def test_tidy_empties_a_freed_snapshots_instance_before_it_is_taken():
    # a freed snapshot's rows do not stay in memory until the next snapshot takes its
    # instance: the watcher's thread empties it within a second
    pool = Instances()
    con = pool.take()
    con.execute("CREATE TABLE search_index AS SELECT range AS id, repeat('x', 200) AS name "
                "FROM range(200000)")
    snapshot = Snapshot()
    pool.give_back_when_freed(snapshot, con)
    del snapshot
    gc.collect()

    def memory() -> int:
        row = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
        return int(row[0] or 0) if row else 0

    held = memory()
    assert held > 10_000_000
    pool.tidy()
    assert _catalog(con) == [] and memory() < held / 10
    assert pool._free == [(con, True)]
    assert pool.take() is con and pool.reused == 1


def test_at_most_keep_instances_wait_to_be_reused():
    pool = Instances(keep=1)
    held = [(Snapshot(), pool.take()) for _ in range(3)]
    for snapshot, con in held:
        pool.give_back_when_freed(snapshot, con)
    del held, snapshot, con
    gc.collect()
    assert len(pool._free) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own nice value is Linux's")
def test_the_watcher_thread_runs_at_a_lower_priority_than_the_searches():
    main = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []

    def background() -> None:
        lower_this_thread(10)
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    worker = threading.Thread(target=background)
    worker.start()
    worker.join()
    assert seen == [min(19, main + 10)]
    # only that thread: the searches' threads (and this one) keep theirs
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main
