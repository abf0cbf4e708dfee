"""HSDS 3.0 export: valid against the official JSON Schemas, and a lossless round trip."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from resources.coordinator.export_hsds import FILES, export_hsds, hsds_columns, validate_export
from resources.pipeline.load import load_path
from resources.store import Store
from resources.store.schema import HSDS_TABLES, ID_COLUMNS

REPO = Path(__file__).resolve().parent.parent


def _norm(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def snapshot(store: Store) -> dict[str, dict[str, dict[str, object]]]:
    """table -> id without its source prefix -> every HSDS field (ids without prefix)."""
    out = {}
    for table in HSDS_TABLES:
        cols = hsds_columns(table)
        quoted = ", ".join(f'"{c}"' for c in cols)
        rows = store.con.execute(f'SELECT source_id, {quoted} FROM "{table}"').fetchall()
        records = {}
        for source_id, *values in rows:
            record = {}
            for col, value in zip(cols, values, strict=True):
                if col in ID_COLUMNS and isinstance(value, str):
                    value = value.removeprefix(f"{source_id}/")
                record[col] = _norm(value)
            records[record["id"]] = record
        out[table] = records
    return out


def round_trip(src: Path, tmp_path: Path, spec: Path | None) -> tuple[dict, dict, list[str]]:
    with Store.open(":memory:") as first:
        load_path(first, src, source_id="original")
        before = snapshot(first)
        result = export_hsds(first, tmp_path / "export", include_private=True)
    assert not result.ids_namespaced
    problems = validate_export(result.folder, spec) if spec else []
    with Store.open(":memory:") as second:
        load_path(second, result.folder, source_id="reloaded")
        after = snapshot(second)
    return before, after, problems


def assert_same(before: dict, after: dict) -> None:
    for table in HSDS_TABLES:
        assert before[table].keys() == after[table].keys(), table
        for rid, record in before[table].items():
            diff = {k: (v, after[table][rid][k]) for k, v in record.items()
                    if after[table][rid][k] != v}
            assert not diff, f"{table} {rid}: {diff}"


def test_hsds_examples_round_trip_and_validate(shared, tmp_path):
    spec = shared / "hsds3-spec"
    before, after, problems = round_trip(spec / "examples" / "csv", tmp_path, spec)
    assert problems == []
    assert sum(len(v) for v in before.values()) >= 19
    assert_same(before, after)


@pytest.mark.parametrize("name", ["service_full.json", "organization_full.json"])
def test_hsds_json_examples_round_trip_and_validate(shared, tmp_path, name):
    spec = shared / "hsds3-spec"
    before, after, problems = round_trip(spec / "examples" / name, tmp_path, spec)
    assert problems == []
    assert_same(before, after)


def test_demo_round_trip_is_lossless_and_only_withheld_addresses_fail(shared, tmp_path):
    demo = REPO / "data" / "raw" / "demo-denver"
    before, after, problems = round_trip(demo, tmp_path, shared / "hsds3-spec")
    assert_same(before, after)
    # the demo withholds the street of domestic-violence shelters: HSDS requires address_1
    with (demo / "addresses.csv").open() as handle:
        withheld = sum(1 for row in csv.DictReader(handle) if not row["address_1"])
    assert withheld and len(problems) == withheld
    assert all("'address_1' is a required property" in p for p in problems)


def test_private_records_are_left_out_by_default(tmp_path, shared):
    with Store.open(":memory:") as store:
        load_path(store, shared / "hsds3-spec" / "examples" / "csv", source_id="ex")
        store.con.execute("UPDATE location SET is_private = true")
        result = export_hsds(store, tmp_path / "out")
        held = {t: store.con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in HSDS_TABLES}
    assert "location" not in result.counts and "address" not in result.counts
    assert "service_at_location" not in result.counts and result.counts["service"] == 1
    # every row is either in the files or counted as left out: the private locations and
    # what hangs off them (their addresses, links, schedules, phones ...), not only the
    # rows flagged private
    for table, n in held.items():
        assert result.counts.get(table, 0) + result.left_out_by_table.get(table, 0) == n, table
    assert result.left_out_by_table["service_at_location"] >= 1
    assert result.left_out_private == sum(result.left_out_by_table.values())
    assert result.left_out_text().startswith(f"{result.left_out_private} records left out")
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert {r["path"] for r in package["resources"]} == {FILES[t] for t in result.counts}


def test_colliding_ids_keep_their_namespace(tmp_path, shared):
    with Store.open(":memory:") as store:
        for source in ("a", "b"):
            load_path(store, shared / "hsds3-spec" / "examples" / "csv", source_id=source)
        result = export_hsds(store, tmp_path / "out")
    assert result.ids_namespaced
    with (tmp_path / "out" / "services.csv").open() as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert sorted(i.split("/")[0] for i in ids) == ["a", "b"]
