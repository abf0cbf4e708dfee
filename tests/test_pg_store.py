"""The store on both backends: a DuckDB file and a PostgreSQL/PostGIS database (tests/pg.py).

Schema and migrations, loading (one transaction, the diff on a re-load), ``resources info``,
and the clear sentence a feature not yet ported gives on PostgreSQL.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import psycopg
import pytest

from resources.cli import main
from resources.coordinator.searchability import report
from resources.pipeline.load import load_path
from resources.pipeline.refresh import after_load
from resources.store import Store, StoreError
from resources.store.schema import HSDS_TABLES, SCHEMA_VERSION, all_columns
from resources.store.write import remove_source, write_source

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "data" / "raw" / "demo-denver"
HOTLINES = REPO / "data" / "raw" / "hotlines.yaml"


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as con:
        return con.execute(sql).fetchall()  # type: ignore[arg-type]


# -- schema and migrations -----------------------------------------------------------------
def test_the_migrations_make_every_hsds_table_with_the_columns_schema_py_declares(pg_url):
    for table in HSDS_TABLES:
        got = [r[0] for r in _rows(pg_url, "SELECT column_name FROM information_schema.columns "
                                           f"WHERE table_name = '{table}' ORDER BY ordinal_position")]
        assert got == [c.name for c in all_columns(table)], table


def test_points_are_postgis_geometries_with_gist_indexes(pg_url):
    types = dict(_rows(pg_url, "SELECT f_table_name, type || ',' || srid FROM geometry_columns "
                               "WHERE f_geometry_column = 'geom'"))
    assert types["location"] == "POINT,4326"
    assert types["service_area"] == "GEOMETRY,4326"
    gist = {r[0] for r in _rows(pg_url, "SELECT indexname FROM pg_indexes "
                                        "WHERE indexdef LIKE '%USING gist%'")}
    assert {"location_geom_gist", "service_area_geom_gist", "boundary_geom_gist"} <= gist
    extensions = {r[0] for r in _rows(pg_url, "SELECT extname FROM pg_extension")}
    assert {"postgis", "pg_trgm"} <= extensions


def test_the_latest_migration_records_the_store_schema_version(pg_url):
    # a change of schema.py's SCHEMA_VERSION needs a migration that records it
    assert _rows(pg_url, "SELECT value FROM schema_info WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)]


def test_an_older_database_is_refused_then_upgraded_by_init(pg_cluster, monkeypatch, capsys):
    from resources.store import pg

    url = pg_cluster.new_database("older")
    extra = (pg.LATEST + 1, "test_extra", "CREATE TABLE extra_test (x integer);")
    shipped = pg.migrations()
    monkeypatch.setattr(pg, "migrations", lambda: [*shipped, extra])  # a later program
    monkeypatch.setattr(pg, "LATEST", extra[0])
    with pytest.raises(StoreError, match=rf"has schema version {extra[0] - 1}, this program "
                                         rf"needs {extra[0]}: upgrade it with `resources init"):
        Store.open(url, read_only=True)
    assert main(["init", "--db", url]) == 0
    assert "store ready" in capsys.readouterr().out
    assert _rows(url, "SELECT max(version) FROM schema_migration") == [(extra[0],)]
    assert _rows(url, "SELECT count(*) FROM extra_test") == [(0,)]
    Store.open(url, read_only=True).close()  # now current


def test_a_migration_numbered_below_the_newest_applied_is_still_applied(pg_cluster,
                                                                       monkeypatch, capsys):
    # two branches add 00N and 00N+1: a database made by the one with 00N+1 lacks 00N
    from resources.store import pg

    url = pg_cluster.new_database("gap")
    early = (pg.LATEST + 1, "test_early", "CREATE TABLE early_test (x integer);")
    late = (pg.LATEST + 2, "test_late", "CREATE TABLE late_test (x integer);")
    shipped = pg.migrations()
    with psycopg.connect(url, autocommit=True) as con:  # the other branch's database
        con.execute(late[2])
        con.execute("INSERT INTO schema_migration (version, name) VALUES (%s, %s)",
                    (late[0], late[1]))
    monkeypatch.setattr(pg, "migrations", lambda: [*shipped, early, late])
    monkeypatch.setattr(pg, "LATEST", late[0])
    with pytest.raises(StoreError, match=rf"lacks migration\(s\) {early[0]:03d}: upgrade it "
                                         r"with `resources init"):
        Store.open(url, read_only=True)
    assert main(["init", "--db", url]) == 0
    capsys.readouterr()
    assert _rows(url, "SELECT count(*) FROM early_test") == [(0,)]
    Store.open(url, read_only=True).close()


def test_a_newer_database_is_refused(pg_cluster):
    url = pg_cluster.new_database("newer")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("INSERT INTO schema_migration (version, name) VALUES (999, 'future')")
    with pytest.raises(StoreError, match="has schema version 999, newer than this program"):
        Store.open(url, read_only=True)


def test_an_empty_database_read_only_says_to_init(pg_cluster):
    pg_cluster.sql("CREATE DATABASE empty_db")
    url = pg_cluster.url("empty_db")
    with pytest.raises(StoreError, match="has no resources schema: run `resources init"):
        Store.open(url, read_only=True)


def test_an_unreachable_database_is_one_clear_error(pg_cluster):
    with pytest.raises(StoreError, match="Cannot open the PostgreSQL store .*no_such_db"):
        Store.open(pg_cluster.url("no_such_db"))


# -- loading on both backends --------------------------------------------------------------
def test_a_load_gives_the_same_records_and_report_on_both_backends(backend):
    with Store.open(backend) as store:
        result = load_path(store, DEMO)
        counts = store.counts()
        searchability = [r.as_dict() for r in report(store)]
        issues = store.issue_counts()
    assert result.counts["service"] == 270 and counts["service"] == 270
    assert counts["location"] == 214 and counts["phone"] == 486
    assert searchability[0]["services"] == 270 and searchability[0]["located_exact"] == 267
    assert issues["n"].sum() == len(result.issues)


def test_a_reload_reports_every_record_unchanged_on_both_backends(backend):
    with Store.open(backend) as store:
        load_path(store, DEMO)
        again = load_path(store, DEMO)
        assert store.counts()["service"] == 270  # replaced, not doubled
    service = next(d for d in again.diffs if d.table == "service")
    assert (service.added, service.changed, service.removed, service.unchanged) == (0, 0, 0, 270)


def test_a_failed_load_leaves_the_previous_directory_whole_on_both_backends(backend):
    def broken(store: Store, source_id: str):  # type: ignore[no-untyped-def]
        after_load(store, source_id)
        raise RuntimeError("derive step failed")

    with Store.open(backend) as store:
        load_path(store, HOTLINES)
        before = store.counts()
        with pytest.raises(RuntimeError, match="derive step failed"):
            write_source(store, *_demo_batch(), after=broken)
        assert store.counts() == before


def _demo_batch():  # type: ignore[no-untyped-def]
    from resources.loaders import get_loader
    from resources.records import SourceMeta

    loader = get_loader("hsds3-csv")
    batch = loader.read_normalized(DEMO)
    return SourceMeta(id="demo-denver", kind="hsds3-csv", path=str(DEMO), sha256=""), batch


def test_a_reader_sees_the_old_directory_until_the_load_commits(pg_fresh, monkeypatch):
    pg_url = pg_fresh
    from resources.store.pg import PgStore

    seen: dict[str, object] = {}
    write_back = PgStore._copy_out

    def then_read(self, *args):  # type: ignore[no-untyped-def]
        write_back(self, *args)  # every row written, not yet committed

        def read() -> None:  # another app server, on its own connection
            with Store.open(pg_url, read_only=True) as other:
                seen["services"] = other.counts()["service"]
                view = other.search_view()
                seen["indexed"] = view.scalar("SELECT count(DISTINCT source_id) "
                                              "FROM hotline_index")
        reader = threading.Thread(target=read)
        reader.start()
        reader.join()

    with Store.open(pg_url) as store:
        load_path(store, HOTLINES)
        monkeypatch.setattr(PgStore, "_copy_out", then_read)
        write_source(store, *_demo_batch(), after=after_load)
        assert store.counts()["service"] == 282
    assert seen == {"services": 12, "indexed": 1}  # the hotlines only: none of the new load


def test_a_load_failing_while_written_back_leaves_the_old_directory(pg_fresh, monkeypatch):
    pg_url = pg_fresh
    from resources.store.pg import PgStore

    def fail(self, bench, schema, table):  # type: ignore[no-untyped-def]
        raise StoreError("disk full")  # after the HSDS rows and hours were replaced

    with Store.open(pg_url) as store:
        load_path(store, HOTLINES)
        before = (store.counts(), store.sources()["id"].tolist(), len(store.load_issues()))
        index = _rows(pg_url, "SELECT count(*) FROM search_index")
        monkeypatch.setattr(PgStore, "_replace_derived", fail)
        with pytest.raises(StoreError, match="disk full"):
            load_path(store, DEMO)
        assert (store.counts(), store.sources()["id"].tolist(),
                len(store.load_issues())) == before
    assert _rows(pg_url, "SELECT count(*) FROM search_index") == index


def test_info_on_a_postgresql_store(pg_cluster, capsys):
    url = pg_cluster.new_database("info_db")
    assert main(["load", str(HOTLINES), "--db", url]) == 0
    capsys.readouterr()
    assert main(["info", "--db", url, "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["counts"]["service"] == 12
    assert [s["id"] for s in info["sources"]] == ["hotlines"]
    assert info["searchability"][0]["by_area"] == 12
    assert main(["info", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "searchability of 'hotlines'" in out and "per source:" in out



def test_load_issues_on_both_backends(backend, capsys):
    assert main(["load", str(DEMO), "--db", backend]) == 0
    capsys.readouterr()
    assert main(["info", "--db", backend, "--issues", "demo-denver", "--limit", "5",
                 "--json"]) == 0
    issues = json.loads(capsys.readouterr().out)
    with Store.open(backend, read_only=True) as store:
        every = store.load_issues("demo-denver")
    assert len(issues) == 5 and len(every) > 5
    first = every.head(5)  # ordered by file, row (whole-file issues first), field
    assert [i["problem"] for i in issues] == first["problem"].tolist()


# -- not yet ported: one sentence, never a traceback -----------------------------------------
@pytest.mark.parametrize("argv", [
    ["build-demo"],
])
def test_a_command_not_yet_ported_says_so(pg_url, argv, capsys):
    assert main([argv[0], "--db", pg_url, *argv[1:]]) == 2
    err = capsys.readouterr().err
    assert f"`resources {argv[0]}` is not yet available on a PostgreSQL store" in err
    assert "Traceback" not in err


def test_init_force_is_refused_on_postgresql(pg_url, capsys):
    assert main(["init", "--force", "--db", pg_url]) == 2
    assert "not available on a PostgreSQL store" in capsys.readouterr().err


def test_a_store_operation_not_yet_ported_says_so(pg_url):
    with Store.open(pg_url) as store, pytest.raises(
            StoreError, match="not yet available on a PostgreSQL store"):
        store.con.execute("SELECT list_distinct([1, 1, 2])")  # DuckDB-only SQL


def test_resources_db_may_name_a_postgresql_store(pg_cluster, monkeypatch, capsys):
    url = pg_cluster.new_database("by_setting")
    monkeypatch.setenv("RESOURCES_DB", url)
    assert main(["load", str(HOTLINES)]) == 0
    capsys.readouterr()
    assert main(["info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["service"] == 12


def test_the_app_on_an_unreachable_postgresql_store_says_so_in_one_line(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("RESOURCES_DB", "postgresql://nobody@127.0.0.1:1/none")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The directory store cannot be opened: Cannot open the PostgreSQL store "
        "postgresql://nobody@127.0.0.1:1/none: " + at.error[0].value.split("none: ", 1)[1]]


def test_removing_a_source_on_postgresql_deletes_it_whole_and_only_it(pg_fresh):
    with Store.open(pg_fresh) as store:
        load_path(store, DEMO)
        load_path(store, HOTLINES)
        before = store.counts_by_source()
        remove_source(store, "hotlines")
        after = store.counts_by_source()
        assert "hotlines" in set(before["source_id"])
        assert list(after["source_id"]) == [s for s in before["source_id"] if s != "hotlines"]
        assert store.scalar("SELECT count(*) FROM service WHERE source_id = 'hotlines'") == 0
        assert store.scalar("SELECT count(*) FROM source WHERE id = 'hotlines'") == 0
        kept = before[before["source_id"] != "hotlines"].reset_index(drop=True)
        assert after.to_dict("records") == kept.to_dict("records")
