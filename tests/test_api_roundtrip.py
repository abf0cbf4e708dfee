"""Round trip: real directories (San Mateo County's Ohana export, 2014; the DC 211 AIRS
export) loaded into a store, every service fetched over HTTP, compared with the store:
nothing lost.

For each service, every row that hangs on it in the store (its phones, schedules, areas,
languages, contacts, funding, attributes; its service-at-locations, their locations and
everything on those: addresses, accessibility, location phones and languages) is somewhere
in the service's HSDS record, and the service's, locations' and addresses' fields carry the
store's values. Every record is valid HSDS 3.0.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from resources.api.ids import hsds_id
from resources.api.tokens import add_token
from resources.pipeline.load import load_path
from resources.store import Store
from resources.store.export_sql import hsds_columns
from tests.api_helpers import SPEC, problems, serving
from tests.conftest import SHARED, need

# rows hanging on a service (table, column naming the service)
ON_SERVICE = [("phone", "service_id"), ("schedule", "service_id"),
              ("service_area", "service_id"), ("language", "service_id"),
              ("contact", "service_id"), ("funding", "service_id"),
              ("cost_option", "service_id"), ("required_document", "service_id"),
              ("service_at_location", "service_id")]
ON_LOCATION = [("address", "location_id"), ("accessibility", "location_id"),
               ("phone", "location_id"), ("language", "location_id"),
               ("schedule", "location_id"), ("contact", "location_id")]


@pytest.fixture(scope="module", params=["ohana-smc-2014", "dc-211-airs-export/211.csv"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[tuple[str, str, Path]]:
    source = SHARED / request.param
    need(source.exists() and SPEC.is_dir(),
         f"the shared {request.param} and the HSDS 3.0 specification")
    folder = tmp_path_factory.mktemp("api-roundtrip")
    db = folder / "directory.duckdb"
    with Store.open(db) as store:
        load_path(store, source, source_id="smc" if "ohana" in request.param else "dc")
    tokens = folder / "tokens.json"
    secret = add_token("coord", "coordinator", path=tokens)
    with serving(db, tokens, "--anon-per-minute", "0") as url:
        yield url, secret, db


def _ids_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["id"]} if isinstance(node.get("id"), str) else set()
        return found.union(*(_ids_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_ids_in(v) for v in node))
    return set()


def _same(api: Any, stored: Any) -> bool:
    if isinstance(stored, float) and math.isnan(stored):
        return api is None
    if isinstance(stored, datetime):
        return isinstance(api, str) and api.startswith(stored.isoformat())
    if isinstance(stored, date):
        return api == stored.isoformat()
    if isinstance(stored, int | float) and not isinstance(stored, bool):
        return isinstance(api, int | float) and math.isclose(api, stored)
    return bool(api == stored)


def _rows(store: Store, table: str) -> list[dict[str, Any]]:
    cursor = store.con.execute(f'SELECT * FROM "{table}"')
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _field_problems(table: str, api: dict[str, Any], row: dict[str, Any]) -> list[str]:
    out = []
    for column in hsds_columns(table):
        value = row.get(column)
        if value is None or column.endswith("id") or column in ("latitude", "longitude"):
            continue
        if column in ("url", "website", "uri") and isinstance(value, str) \
                and "://" not in value and api.get(column) == f"http://{value.strip()}":
            continue  # HSDS: a URI, so a bare domain is given its scheme (docs/api.md)
        if column in ("url", "website", "uri") and api.get(column) is None and (
                " " in value.strip() or "." not in value):
            continue  # not a web address ('*working on website*'): left out
        if "email" in column and api.get(column) is None and (
                " " in value.strip() or "@" not in value):
            continue  # not an email: left out of the HSDS record (docs/api.md)
        if not _same(api.get(column), value):
            out.append(f"{table} {row['id']} {column}: store {value!r}, API {api.get(column)!r}")
    return out


def test_every_service_comes_back_whole(served: tuple[str, str, Path]):
    url, secret, db = served
    with httpx.Client(base_url=url, timeout=300,
                      headers={"Authorization": f"Bearer {secret}"}) as client:
        stream = client.get("/services", params={"format": "ndjson", "full": "true"})
        records = {r["id"]: r for r in map(json.loads, stream.text.splitlines())}
        sample = list(records)[::40]
        by_id = {i: client.get(f"/services/{i}").json() for i in sample}
    with Store.open(db, read_only=True) as store:
        services = _rows(store, "service")
        rows = {t: _rows(store, t) for t in {t for t, _c in ON_SERVICE + ON_LOCATION}
                | {"location", "attribute"}}
    assert set(records) == {hsds_id(s["id"]) for s in services}  # every service, no other
    assert all(by_id[i] == records[i] for i in sample)  # one by one: the same records
    hanging: dict[str, set[str]] = {s["id"]: set() for s in services}
    locations_of: dict[str, set[str]] = {}
    for table, column in ON_SERVICE:
        for row in rows[table]:
            if row[column] in hanging:
                hanging[row[column]].add(row["id"])
                if table == "service_at_location" and row["location_id"]:
                    locations_of.setdefault(row["service_id"], set()).add(row["location_id"])
    on_location: dict[str, set[str]] = {}
    for table, column in ON_LOCATION:
        for row in rows[table]:
            if row[column] is not None:
                on_location.setdefault(row[column], set()).add(row["id"])
    for a in rows["attribute"]:  # an agency, a site and a program may share an id (AIRS)
        if a["link_id"] in hanging and (a["link_entity"] or "service").lower() == "service":
            hanging[a["link_id"]].add(a["id"])
    lost = []
    for s in services:
        got = _ids_in(records[hsds_id(s["id"])])
        want = set(hanging[s["id"]]) | locations_of.get(s["id"], set())
        for loc in locations_of.get(s["id"], set()):
            want |= on_location.get(loc, set())
        lost += [f"{s['id']}: {i}" for i in want if hsds_id(i) not in got]
    assert lost == []
    # the fields themselves, for services, locations and addresses
    wrong = [p for s in services for p in _field_problems("service", records[hsds_id(s["id"])],
                                                          s)]
    api_locations = {sal["location"]["id"]: sal["location"] for r in records.values()
                     for sal in r["service_at_locations"] if "location" in sal}
    api_addresses = {a["id"]: a for loc in api_locations.values() for a in loc["addresses"]}
    for row in rows["location"]:
        if hsds_id(row["id"]) in api_locations:
            wrong += _field_problems("location", api_locations[hsds_id(row["id"])], row)
    for row in rows["address"]:
        if hsds_id(row["id"]) in api_addresses:
            wrong += _field_problems("address", api_addresses[hsds_id(row["id"])], row)
    assert wrong == [], f"{len(wrong)} differ: {wrong[:20]}"
    assert len(api_addresses) > 500
    invalid = [f"{i}: {p}" for i, r in records.items() for p in problems("service.json", r)]
    assert invalid == []


def test_partners_get_every_offered_service(served: tuple[str, str, Path]):
    url, _secret, db = served
    from resources.store.api_sql import VISIBLE_SERVICE

    with Store.open(db, read_only=True) as store:
        offered = {r[0] for r in store.con.execute(
            f"SELECT id FROM service s WHERE {VISIBLE_SERVICE}").fetchall()}
    with httpx.Client(base_url=url, timeout=300) as client:
        lines = client.get("/services", params={"format": "ndjson"}).text.splitlines()
    assert {json.loads(line)["id"] for line in lines} == {hsds_id(i) for i in offered}
