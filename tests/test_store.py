"""The store: spatial extension offline, HSDS 3.0 schema, clear errors on bad stores."""

from __future__ import annotations

import csv

import duckdb
import pytest

from resources.store import Store, StoreError, connect, spatial_extension_path
from resources.store.schema import HSDS_TABLES, SCHEMA_VERSION


def test_spatial_extension_loads_offline_from_the_wheel(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # nothing may be written or fetched there
    assert spatial_extension_path().is_file()
    con = connect(":memory:")
    dist = con.execute(
        "SELECT ST_Distance_Sphere(ST_Point(39.7392, -104.9903), ST_Point(39.7508, -104.9966))"
    ).fetchone()[0]
    assert 1300 < dist < 1500  # Denver Civic Center to Union Station, about 1.4 km
    assert con.execute("SELECT current_setting('autoinstall_known_extensions')").fetchone()[0] is False
    assert not any(tmp_path.rglob("*.duckdb_extension"))


def test_schema_has_every_hsds3_field(shared):
    """Every scalar field of the HSDS 3.0 tables we store exists, with the same name."""
    with (shared / "hsds3-spec" / "schema" / "simple" / "schema.csv").open() as handle:
        rows = [r for r in csv.DictReader(handle) if r["type"] in ("string", "number")]
    expected = {(r["table_name"], r["name"]) for r in rows if r["table_name"] in HSDS_TABLES}
    ours = {(t, c.name) for t, cols in HSDS_TABLES.items() for c in cols}
    assert expected - ours == set()
    stored = {"organization", "service", "location", "address", "service_at_location", "phone",
              "schedule", "service_area", "language", "accessibility", "taxonomy",
              "taxonomy_term", "attribute", "contact", "cost_option"}
    assert stored <= set(HSDS_TABLES)


def test_store_tables_geometry_and_rtree(store):
    cols = dict(store.con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name='location'"
    ).fetchall())
    assert cols["geom"] == "GEOMETRY"
    indexes = {r[0] for r in store.con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    assert "location_geom_rtree" in indexes
    assert store.scalar("SELECT value FROM schema_info WHERE key='schema_version'") == str(SCHEMA_VERSION)


def test_missing_store_file_is_a_clear_message(tmp_path):
    with pytest.raises(StoreError, match="resources init"):
        Store.open(tmp_path / "nope.duckdb", read_only=True)


def test_not_a_duckdb_file_is_a_clear_message(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("this is not a database")
    with pytest.raises(StoreError, match="not a DuckDB store|Cannot open"):
        Store.open(bad)


def test_older_schema_version_asks_for_rebuild(tmp_path):
    path = tmp_path / "old.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_info SET value='0' WHERE key='schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 0.*resources init --force"):
        Store.open(path)


def test_store_without_schema_read_only_is_a_clear_message(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="no resources schema"):
        Store.open(path, read_only=True)
