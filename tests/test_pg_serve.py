"""Serving one PostgreSQL directory from several app servers (issue 23).

The directory's version (migration 002) is bumped once by every write transaction and
announced at its commit; each server's search snapshot (resources.store.live.Live) is read
anew when it changes, built aside and swapped in. The Find and Directory pages and the API
read a PostgreSQL store. Two real Streamlit servers: tests/test_pg_serve_browser.py.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import duckdb
import httpx
import psycopg
import pytest
from coord_helpers import MINI, OTHER

from resources.pipeline.load import load_path
from resources.store import Store
from resources.store.live import Live

REPO = Path(__file__).resolve().parent.parent
MINI_SERVICES = {"Harbor Light Night Shelter", "Harbor Light Day Center", "Northside Food Pantry"}


@pytest.fixture
def pg_edit(pg_cluster, pg_mini) -> str:  # type: ignore[no-untyped-def]
    """A private copy of the coordinators' two-source directory (tests/conftest.py)."""
    return str(pg_cluster.new_database(f"e_{uuid.uuid4().hex[:16]}", template=pg_mini))


def _version(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute("SELECT version FROM directory_version").fetchone()
    assert row is not None
    return int(row[0])


def _until(check, seconds: float = 10.0) -> float:  # type: ignore[no-untyped-def]
    """Seconds until ``check()`` is true (fails after ``seconds``)."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - start


def _service_names(view: Store) -> set[str]:
    return {str(r[0]) for r in view.con.execute("SELECT name FROM service").fetchall()}


# -- the version row and its notification -----------------------------------------------------
def test_a_write_transaction_bumps_the_version_once_and_is_heard_only_at_its_commit(pg_fresh):
    before = _version(pg_fresh)
    with psycopg.connect(pg_fresh, autocommit=True) as listener, \
            psycopg.connect(pg_fresh) as writer:
        listener.execute("LISTEN directory_changed")
        writer.execute("INSERT INTO source (id, kind, loaded_at) VALUES ('a', 'csv', now())")
        writer.execute("UPDATE source SET title = 'A' WHERE id = 'a'")
        writer.execute("DELETE FROM service WHERE false")  # a statement touching no row too
        assert list(listener.notifies(timeout=0.5)) == []  # not before the commit
        assert _version(pg_fresh) == before  # nor is the new version visible
        writer.commit()
        heard = [n.payload for n in listener.notifies(timeout=2, stop_after=1)]
    assert heard == [str(before + 1)]  # three statements, one change
    assert _version(pg_fresh) == before + 1


def test_a_load_bumps_the_version_and_a_rolled_back_write_does_not(pg_fresh):
    before = _version(pg_fresh)
    with Store.open(pg_fresh) as store:
        load_path(store, MINI, source_id="mini")
        assert store.directory_version() == before + 1
    with psycopg.connect(pg_fresh) as writer:
        writer.execute("DELETE FROM service")
        writer.rollback()
    assert _version(pg_fresh) == before + 1


# -- a server's snapshot follows the directory -----------------------------------------------
def test_a_server_reads_the_directory_anew_within_seconds_of_another_publishing(pg_fresh):
    server = Live(Store.open(pg_fresh, read_only=True), _service_names)
    try:
        assert server.get() == set()
        with Store.open(pg_fresh) as publisher:  # another process: the command line's load
            load_path(publisher, MINI, source_id="mini")
            published = publisher.directory_version()
        seconds = _until(lambda: server.version == published)
        assert server.get() == MINI_SERVICES
        assert seconds < 10
    finally:
        server.store.close()


def test_a_search_keeps_the_old_snapshot_until_the_new_one_is_built(pg_fresh):
    started, release = threading.Event(), threading.Event()
    builds: list[set[str]] = []

    def build(view: Store) -> set[str]:
        names = _service_names(view)
        if builds:  # the rebuild after the publish: slow
            started.set()
            assert release.wait(20)
        builds.append(names)
        return names

    server = Live(Store.open(pg_fresh, read_only=True), build)
    try:
        with Store.open(pg_fresh) as publisher:
            load_path(publisher, MINI, source_id="mini")
        assert started.wait(10)
        assert server.get() == set()  # the new snapshot is read but not yet built
        release.set()
        _until(lambda: server.get() == MINI_SERVICES)
        assert server.swaps == 1
    finally:
        release.set()
        server.store.close()


def test_a_server_whose_listening_connection_drops_still_follows(pg_fresh, monkeypatch):
    monkeypatch.setenv("RESOURCES_PG_POLL_SECONDS", "1")
    server = Live(Store.open(pg_fresh, read_only=True), _service_names)
    try:
        with psycopg.connect(pg_fresh, autocommit=True) as admin:
            _until(lambda: bool(admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' OR query "
                "LIKE 'SELECT version FROM directory_version'").fetchone()[0]))  # type: ignore[index]
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
                "pg_backend_pid() AND datname = current_database() AND (query LIKE 'LISTEN%' "
                "OR query LIKE 'SELECT version FROM directory_version')").fetchall()
        assert killed
        with Store.open(pg_fresh) as publisher:
            load_path(publisher, MINI, source_id="mini")
        _until(lambda: "Northside Food Pantry" in server.get())
    finally:
        server.store.close()


def test_a_duckdb_store_is_its_own_snapshot_and_is_not_watched(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        live = Live(store, lambda view: view)
        assert live.get() is store and live.version is None
        assert not live.refresh()


# -- the API on PostgreSQL ---------------------------------------------------------------------
def test_the_api_serves_a_postgresql_directory_and_follows_a_publish(pg_fresh, tmp_path):
    from resources.api.app import ApiSettings, create_app

    with Store.open(pg_fresh) as publisher:
        load_path(publisher, MINI, source_id="mini")
    app = create_app(ApiSettings(pg_fresh, tokens_path=tmp_path / "t.json"))
    client = _Client(app)

    def names(query: str) -> list[str]:
        answer = client.get("/search", params={"near": "80204", "need": query})
        assert answer.status_code == 200, answer.text
        return [s["name"] for r in answer.json()["results"] for s in r["services"]]

    assert "Harbor Light Night Shelter" in names("shelter")
    assert "Harbor Light Clothing Closet" not in names("clothing")
    assert client.get("/services", params={"search": "Harbor"}).json()["total_items"] == 2
    assert client.get("/health").json()["version"] == _version(pg_fresh)
    with Store.open(pg_fresh) as publisher:
        load_path(publisher, OTHER, source_id="other")
    _until(lambda: client.get("/health").json()["version"] == _version(pg_fresh))
    assert "Harbor Light Clothing Closet" in names("clothing")  # the search index too
    assert client.get("/services", params={"search": "Harbor"}).json()["total_items"] == 4
    app.state.api.store.close()


class _Client:
    """GET requests to an app in this process (ASGI)."""

    def __init__(self, app: Any):
        self.app = app

    def get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        async def run() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as c:
                return await c.get(path, params=params)
        return asyncio.run(run())


# -- the pages on PostgreSQL ---------------------------------------------------------------------
def test_the_find_and_directory_pages_read_a_postgresql_directory(pg_fresh, monkeypatch):
    from find_helpers import _search
    from streamlit.testing.v1 import AppTest

    with Store.open(pg_fresh) as publisher:
        load_path(publisher, MINI, source_id="mini")
    monkeypatch.setenv("RESOURCES_DB", pg_fresh)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception and not at.error
    _search(at, "80204", "Harbor Light")
    cards = [h.value for h in at.get("html") if "class='rf-card'" in h.value]
    assert any("Harbor Light Night Shelter" in card for card in cards)

    directory = AppTest.from_function(_directory_page, default_timeout=90)
    directory.run()
    assert not directory.exception and not directory.error
    listing = directory.dataframe[0].value
    assert set(listing["service"]) == MINI_SERVICES


def _directory_page() -> None:
    from ui import directory

    directory.render()


def test_every_table_a_search_reads_is_watched(pg_fresh):
    # the snapshot copies every table but these (resources/store/pg.py, PgStore._tables);
    # a table a search reads that no trigger watches would reach other servers only at
    # the next change elsewhere, and would never be read again by a server that keeps
    # what no write stamped (migration 005). The derived tables are made by a load.
    from resources.store.schema import HSDS_TABLES

    with Store.open(pg_fresh) as publisher:
        load_path(publisher, MINI, source_id="mini")
    with psycopg.connect(pg_fresh, autocommit=True) as con:
        watched = {(r[0], r[1]) for r in con.execute(
            "SELECT event_object_schema, event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'directory_changed'").fetchall()}
        tables = {(r[0], r[1]) for r in con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema "
            "NOT IN ('pg_catalog', 'information_schema', 'tiger', 'topology') "
            "AND table_type = 'BASE TABLE' AND table_name NOT IN ('spatial_ref_sys', "
            "'schema_migration', 'schema_info', 'derived_column', 'directory_version', "
            "'table_version')").fetchall()}
    assert {("public", t) for t in HSDS_TABLES} <= watched
    assert {("public", "search_index"), ("fts_main_search_text", "terms")} <= tables
    assert tables - watched == set()


# -- a new snapshot reads again only what was written since the one served ----------------------
def _content(view: Store) -> dict[tuple[str, str], tuple[int, int]]:
    """Every table of a snapshot: (rows, sum of their hashes)."""
    tables = view.con.execute("SELECT schema_name, table_name FROM duckdb_tables() "
                              "WHERE database_name = current_database()").fetchall()
    out = {}
    for schema, table in tables:
        row = view.con.execute(f'SELECT count(*), coalesce(sum(hash(t)), 0) '
                               f'FROM "{schema}"."{table}" AS t').fetchone()
        out[schema, table] = (int(row[0]), int(row[1]))  # type: ignore[index]
    return out


def _reread(before: Store, after: Store) -> set[str]:
    """The tables ``after`` read again from PostgreSQL instead of taking from ``before``."""
    return {t for (_schema, t), stamp in after.stamps.items()  # type: ignore[attr-defined]
            if before.stamps.get((_schema, t)) != stamp}  # type: ignore[attr-defined]


def test_after_an_edit_a_server_reads_again_only_the_tables_the_edit_wrote(pg_edit):
    from resources.coordinator.edits import save
    from resources.coordinator.publish import change

    with Store.open(pg_edit, read_only=True) as store:
        _v1, served = store.snapshot()
        change(pg_edit, lambda s: save(s, "service", "mini/svc-1",
                                       {"alert": "Closed for repairs until Monday"}, "ana"),
               records=("service", ["mini/svc-1"]))
        _v2, refreshed = store.snapshot(previous=served)
        _v3, whole = store.snapshot()  # read entirely from PostgreSQL, as before 005
        assert _content(refreshed) == _content(whole)  # the same directory, table for table
        alert = refreshed.con.execute(
            "SELECT alert FROM service WHERE id = 'mini/svc-1'").fetchone()
        assert alert == ("Closed for repairs until Monday",)
        reread = _reread(served, refreshed)
        assert {"service", "edit", "audit_log", "search_index"} <= reread
        # what the edit did not change is taken from the snapshot served: the places, the
        # boundaries, the other services' tables, and the hotline panel (rebuilt by the edit
        # in the workbench, but the same, so not written)
        assert not reread & {"location", "address", "phone", "organization", "boundary",
                             "service_area", "hotline_index", "load_issue"}
        assert refreshed.carried > len(reread)  # type: ignore[attr-defined]
        assert refreshed.extended == {"audit_log"}  # type: ignore[attr-defined]  # new rows only


def test_an_edit_writes_the_full_text_index_only_when_its_documents_change(pg_edit):
    # an edit's workbench does not read the fts index's tables (the largest of the
    # directory): it makes them anew from the documents, and writes them only when those
    # changed; the index in PostgreSQL is always the one its documents make
    from resources.coordinator.edits import save
    from resources.coordinator.publish import change
    from resources.store.text_sql import TEXT_SCHEMA, rebuild_text_index

    def text_tables(view: Store) -> dict[str, list[tuple[Any, ...]]]:
        """The index's content (a document's fts number is the row's, which depends on the
        transaction that wrote it: documents are named by their service key instead)."""
        queries = {t: f"SELECT * FROM {t}" for t in (
            f"{TEXT_SCHEMA}.dict", f"{TEXT_SCHEMA}.stats", "search_text", "search_postings")}
        queries["docs"] = f"SELECT name, len FROM {TEXT_SCHEMA}.docs"
        queries["terms"] = (f"SELECT d.name, t.* EXCLUDE (docid) FROM {TEXT_SCHEMA}.terms t "
                            f"JOIN {TEXT_SCHEMA}.docs d USING (docid)")
        return {t: sorted(view.con.execute(q).fetchall(), key=repr) for t, q in queries.items()}

    edits = [({"alert": "Closed for repairs until Monday"}, False),  # not in a document
             ({"name": "Harbor Light Overnight Shelter"}, True),
             ({"eligibility_description": "Adults 18 and over; pets welcome."}, True)]
    with Store.open(pg_edit, read_only=True) as store:
        for fields, in_documents in edits:
            _v, served = store.snapshot()
            change(pg_edit, lambda s, f=fields: save(s, "service", "mini/svc-1", f, "ana"),
                   records=("service", ["mini/svc-1"]))
            _v, refreshed = store.snapshot(previous=served)
            reread = _reread(served, refreshed)
            assert ("search_postings" in reread) is in_documents, (fields, reread)
            assert ("terms" in reread) is in_documents, (fields, reread)
            written = text_tables(refreshed)
            rebuild_text_index(refreshed.con)  # what the documents in PostgreSQL make
            assert text_tables(refreshed) == written, fields
        hits = refreshed.con.execute(
            f"SELECT count(*) FROM search_postings p JOIN {TEXT_SCHEMA}.dict d USING (termid) "
            "JOIN search_index i ON i.service_key = p.key WHERE d.term = 'overnight' "
            "AND i.service_id = 'mini/svc-1'").fetchone()
        assert hits and hits[0] >= 1  # the renamed service is found by its new name


def test_a_server_refreshing_after_each_edit_reuses_freed_snapshots_instances(pg_edit):
    import gc

    from resources.coordinator.edits import save
    from resources.coordinator.publish import change

    with Store.open(pg_edit, read_only=True) as store:
        server = Live(store, _service_names, watch=False)
        for n in range(4):
            change(pg_edit, lambda s, n=n: save(s, "service", "mini/svc-1",
                                                {"name": f"Harbor Light {n}"}, "ana"),
                   records=("service", ["mini/svc-1"]))
            assert server.refresh()
            gc.collect()
            served = server._current[1]
            # an emptied, reused instance holds the same directory as one read whole
            whole = store.snapshot()[1]
            assert _content(served) == _content(whole)
            assert f"Harbor Light {n}" in server.get()
            del whole
        instances = store._instances  # type: ignore[attr-defined]
        assert instances.reused >= 3 and instances.opened <= 3


def test_a_watching_server_empties_a_freed_snapshot_within_seconds(pg_edit):
    import gc

    from resources.coordinator.edits import save
    from resources.coordinator.publish import change

    with Store.open(pg_edit, read_only=True) as store:
        server = Live(store, _service_names)  # watching: LISTEN, and the chores
        change(pg_edit, lambda s: save(s, "service", "mini/svc-1", {"name": "Harbor Light 9"},
                                       "ana"), records=("service", ["mini/svc-1"]))
        _until(lambda: "Harbor Light 9" in server.get())
        gc.collect()  # the snapshot served before is freed ...
        instances = store._instances  # type: ignore[attr-defined]
        # ... and its instance emptied by the watcher's thread, not kept with its rows
        _until(lambda: instances._free and all(empty for _c, empty in instances._free))


def test_the_audit_log_is_append_only_and_a_purge_is_read_again(pg_edit):
    from resources.coordinator.edits import save
    from resources.coordinator.publish import change

    def edit(n: int) -> None:
        change(pg_edit, lambda s: save(s, "service", "mini/svc-1", {"alert": f"Note {n}"},
                                       "ana"), records=("service", ["mini/svc-1"]))

    edit(1)
    with psycopg.connect(pg_edit, autocommit=True) as con:
        for statement in ("UPDATE audit_log SET user_name = 'someone else'",
                          "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                con.execute(statement)
    with Store.open(pg_edit, read_only=True) as store:
        _v1, served = store.snapshot()
        with psycopg.connect(pg_edit, autocommit=True) as con:  # the owner's purge
            con.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
            con.execute("DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log)")
            con.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
        edit(2)
        _v2, refreshed = store.snapshot(previous=served)
        assert "audit_log" not in refreshed.extended  # type: ignore[attr-defined]
        assert _content(refreshed) == _content(store.snapshot()[1])


def test_a_write_made_outside_the_program_is_read_again(pg_edit):
    # a person's UPDATE in psql, a restore: the triggers stamp the table whoever writes it
    with Store.open(pg_edit, read_only=True) as store:
        _v1, served = store.snapshot()
        with psycopg.connect(pg_edit, autocommit=True) as con:
            con.execute("UPDATE organization SET name = 'Harbor Light Mission' "
                        "WHERE source_record_id = 'org-1'")
        _v2, refreshed = store.snapshot(previous=served)
        assert "organization" in _reread(served, refreshed)
        names = {r[0] for r in refreshed.con.execute("SELECT name FROM organization").fetchall()}
        assert "Harbor Light Mission" in names
        assert _content(refreshed) == _content(store.snapshot()[1])


def test_a_table_without_a_stamp_is_always_read_again(pg_edit):
    # a database upgraded to 005 has tables no write has stamped yet: never taken as kept
    with Store.open(pg_edit, read_only=True) as store:
        _v1, served = store.snapshot()
        with psycopg.connect(pg_edit, autocommit=True) as con:
            con.execute("DELETE FROM table_version WHERE table_name = 'phone'")
            con.execute("ALTER TABLE phone DISABLE TRIGGER directory_changed")
            con.execute("UPDATE phone SET number = '303-555-0000'")
            con.execute("ALTER TABLE phone ENABLE TRIGGER directory_changed")
        _v2, refreshed = store.snapshot(previous=served)
        assert ("public", "phone") not in refreshed.stamps  # type: ignore[attr-defined]
        numbers = {r[0] for r in refreshed.con.execute("SELECT number FROM phone").fetchall()}
        assert numbers == {"303-555-0000"}


def test_a_snapshot_no_longer_held_is_freed_and_the_one_served_keeps_answering(pg_edit):
    import gc
    import weakref

    from resources.coordinator.edits import save
    from resources.coordinator.publish import change

    with Store.open(pg_edit, read_only=True) as store:
        server = Live(store, _service_names, watch=False)
        first = weakref.ref(server._current[1])
        cursors: list[duckdb.DuckDBPyConnection] = []  # a search thread's, still running
        worker = threading.Thread(target=lambda view: cursors.append(view.con),
                                  args=(server._current[1],))
        worker.start()
        worker.join()
        for n in range(3):
            change(pg_edit, lambda s, n=n: save(s, "service", "mini/svc-1",
                                                {"name": f"Harbor Light {n}"}, "ana"),
                   records=("service", ["mini/svc-1"]))
            assert server.refresh()
        assert "Harbor Light 2" in server.get()
        # a search still holding the first snapshot's cursor is answered from it, the
        # directory as it was: its own instance, never torn down under the search
        gc.collect()
        names = {r[0] for r in cursors[0].execute("SELECT name FROM service").fetchall()}
        assert "Harbor Light Night Shelter" in names and "Harbor Light 2" not in names
        cursors.clear()
        gc.collect()
        assert first() is None  # freed once nothing holds it
        assert "Harbor Light 2" in _service_names(server._current[1])


def test_an_edit_and_a_load_at_once_wait_for_each_other_without_a_deadlock(pg_fresh):
    # an edit writes first and takes the load lock for its derive afterwards; a load takes
    # the load lock first and writes afterwards: the version's row must not make a cycle
    from resources.store.pg import _LOAD_LOCK

    before = _version(pg_fresh)
    failures: list[BaseException] = []
    with psycopg.connect(pg_fresh) as edit, psycopg.connect(pg_fresh) as load:
        edit.execute("UPDATE service SET name = name WHERE false")  # the edit's first write

        def publish() -> None:
            try:
                load.execute("SELECT pg_advisory_xact_lock(%s)", (_LOAD_LOCK,))
                load.execute("DELETE FROM service WHERE source_id = 'x'")
                load.commit()
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

        loader = threading.Thread(target=publish)
        loader.start()
        time.sleep(0.3)  # the load is waiting now
        edit.execute("SELECT pg_advisory_xact_lock(%s)", (_LOAD_LOCK,))  # the edit's derive
        edit.commit()
        loader.join(20)
    assert failures == []
    assert _version(pg_fresh) == before + 2


def test_the_migration_takes_the_load_lock_the_store_takes():
    from resources.store.pg import _LOAD_LOCK, migrations

    [(_, _, sql)] = [m for m in migrations() if m[1] == "directory_version"]
    assert f"pg_advisory_xact_lock({_LOAD_LOCK})" in sql


def test_an_edit_of_a_record_and_a_load_of_its_source_at_once_do_not_deadlock(pg_fresh):
    """An edit locks its record, then takes the load lock for its derive; a load takes the
    load lock, then deletes its source's rows, that record's among them: the edit takes
    the load lock with its record, so the load waits instead of a deadlock (PostgreSQL
    would abort one of them)."""
    with Store.open(pg_fresh) as store:
        load_path(store, MINI, source_id="mini")
    failures: list[BaseException] = []
    editing = threading.Event()

    def edit() -> None:
        try:
            with Store.open(pg_fresh) as store, store.transaction():
                assert store.lock_record("service", "mini/svc-1")
                editing.set()
                time.sleep(0.5)  # the load starts meanwhile
                store.lock_directory()  # the edit's derive
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
            editing.set()

    editor = threading.Thread(target=edit)
    editor.start()
    editing.wait(20)
    with Store.open(pg_fresh) as store:
        load_path(store, MINI, source_id="mini")  # the same source again
    editor.join(20)
    assert failures == []
