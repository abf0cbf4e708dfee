"""The lookup (ART) indexes: in every store that is built, kept through bulk writes (dropped
and built again after the transaction), added by a publish to a store written before them,
and covering every column the API reads a record or its related rows by."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from coord_helpers import MINI

from resources.coordinator.publish import open_live, writing
from resources.pipeline.load import load_path
from resources.store import Store, api_sql, lookup_sql
from resources.store.schema import LOOKUP_INDEXES
from resources.store.write import remove_source


def _plan(store: Store, sql: str) -> str:
    """The plan as run (DuckDB picks an index scan at run time: EXPLAIN alone says scan)."""
    return "\n".join(str(row[1]) for row in
                     store.con.execute("EXPLAIN ANALYZE " + sql).fetchall())


def test_the_built_demo_store_has_every_lookup_index_and_a_lookup_uses_it(demo_db: Path):
    with Store.open(demo_db, read_only=True) as store:
        assert lookup_sql.missing(store.con) == []
        service_id = store.scalar("SELECT service_id FROM phone WHERE service_id IS NOT NULL "
                                  "LIMIT 1")
        plan = _plan(store, f"SELECT number FROM phone WHERE service_id = '{service_id}'")
        assert "Index Scan" in plan, plan
        assert "Index Scan" not in _plan(store, "SELECT number FROM phone WHERE number = '1'")


def test_every_column_the_api_reads_records_by_is_indexed():
    wanted = {(table, column) for links in api_sql.CHILDREN.values()
              for _prop, table, column in links}
    wanted |= {(table, "id") for table in api_sql.ID_TABLES}
    wanted.add(("service", "organization_id"))  # an organization's services
    declared = {(t, c) for t, cols in LOOKUP_INDEXES.items() for c in cols}
    assert wanted - declared == set()


def test_a_bulk_reload_rebuilds_the_indexes_after_its_transaction(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    dropped: list[list[str]] = []
    real_drop = lookup_sql.drop
    monkeypatch.setattr(lookup_sql, "drop", lambda con, tables: (
        dropped.append(sorted(tables)), real_drop(con, tables)))
    monkeypatch.setattr(lookup_sql, "BULK_ROWS", 5)  # the mini source counts as bulk
    with Store.open(tmp_path / "s.duckdb") as store:
        load_path(store, MINI, source_id="mini")
        before = store.scalar("SELECT count(*) FROM phone WHERE service_id = 'mini/svc-1'")
        load_path(store, MINI, source_id="mini")  # replaces every row of the source
        assert "phone" in dropped[-1] and "service" in dropped[-1]
        assert lookup_sql.missing(store.con) == []
        assert store.scalar("SELECT count(*) FROM phone WHERE service_id = 'mini/svc-1'") \
            == before > 0


def test_a_small_write_keeps_the_indexes_without_rebuilding(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    with Store.open(tmp_path / "s.duckdb") as store:
        load_path(store, MINI, source_id="mini")  # fewer than BULK_ROWS rows
        monkeypatch.setattr(lookup_sql, "drop", lambda *_a: pytest.fail("dropped"))
        load_path(store, MINI, source_id="mini")
        remove_source(store, "mini")
        assert lookup_sql.missing(store.con) == []
        assert store.scalar("SELECT count(*) FROM service") == 0


def test_a_failed_bulk_write_leaves_the_old_rows_indexed(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(lookup_sql, "BULK_ROWS", 5)
    with Store.open(tmp_path / "s.duckdb") as store:
        load_path(store, MINI, source_id="mini")
        services = store.scalar("SELECT count(*) FROM service")

        def fail(*_args: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr("resources.store.write.write_measures", fail)
        with pytest.raises(RuntimeError, match="disk full"):
            load_path(store, MINI, source_id="mini")
        assert lookup_sql.missing(store.con) == []
        assert store.scalar("SELECT count(*) FROM service") == services


def test_a_publish_adds_the_indexes_to_a_store_written_before_them(live_db: Path,
                                                                   tmp_path: Path):
    with Store.open(live_db) as store:  # as a store written before the lookup indexes
        lookup_sql.drop(store.con, LOOKUP_INDEXES)
        assert len(lookup_sql.missing(store.con)) == sum(map(len, LOOKUP_INDEXES.values()))
    with writing(live_db) as store:  # a coordinator's edit, say
        store.con.execute("UPDATE service SET name = name || ' (renamed)' WHERE id = "
                          "(SELECT min(id) FROM service)")
    with open_live(live_db) as live:
        assert lookup_sql.missing(live.con) == []
        assert live.scalar("SELECT count(*) FROM service WHERE name LIKE '% (renamed)'") == 1
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(live_db, copy)
    with Store.open(copy, read_only=True) as reader:  # the API reads them read-only
        assert lookup_sql.missing(reader.con) == []
