"""The HSDS 3.0 API as a partner system meets it: the service started for real on the demo
store (``resources api`` under uvicorn), asked over HTTP.

Shapes and paging of every HSDS endpoint, every record valid against the HSDS 3.0 JSON
schemas (formats included: ids are UUIDs), ``/search`` answering what the Find page's engine
answers, errors as JSON naming the parameter, tokens and rate limits, CORS off by default.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from resources.api.ids import hsds_id
from resources.api.tokens import add_token, load_tokens
from resources.cli import main, response_json
from resources.store import Store
from tests.api_helpers import SPEC, all_pages, problems, serving
from tests.conftest import need


@pytest.fixture(scope="module")
def tokens(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("api") / "tokens.json"
    secrets = {"coordinator": add_token("coord", "coordinator", path=path),
               "partner": add_token("county-211", "partner", path=path),
               "slow": add_token("slow", "partner", per_minute=2, path=path)}
    return path, secrets


@pytest.fixture(scope="module")
def url(demo_db: Path, tokens: tuple[Path, dict[str, str]]) -> Iterator[str]:
    need(SPEC.is_dir(), "the HSDS 3.0 specification in ../shared/data/hsds3-spec")
    with serving(demo_db, tokens[0], "--anon-per-minute", "0") as base:
        yield base


@pytest.fixture(scope="module")
def client(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=60) as c:
        yield c


def _valid(schema: str, records: list[dict[str, Any]]) -> list[str]:
    return [f"{r.get('id')}: {p}" for r in records for p in problems(schema, r)]


def test_health_and_the_hsds_meta_document(client: httpx.Client, demo_db: Path):
    health = client.get("/health").json()
    with Store.open(demo_db, read_only=True) as store:
        assert health["records"]["service"] == store.counts()["service"]
    meta = client.get("/").json()
    assert meta["version"] == "3.0" and meta["openapi_url"].endswith("/openapi.json")
    doc = client.get("/openapi.json").json()
    assert {"/services", "/services/{id}", "/organizations", "/organizations/{id}",
            "/service_at_locations", "/service_at_locations/{id}", "/taxonomies",
            "/taxonomy_terms", "/search", "/health"} <= set(doc["paths"])


LISTS = [("/services", "compiled/service_list.json"),
         ("/organizations", "compiled/organization_list.json"),
         ("/service_at_locations", "compiled/service_at_location_list.json"),
         ("/taxonomies", "taxonomy.json"), ("/taxonomy_terms", "taxonomy_term.json")]


@pytest.mark.parametrize(("path", "schema"), LISTS)
def test_every_page_of_every_list_is_hsds(client: httpx.Client, path: str, schema: str):
    items = all_pages(client, path)
    assert items, path
    assert _valid(schema, items) == []
    assert len({i["id"] for i in items}) == len(items)  # pages neither repeat nor skip
    first = client.get(path, params={"per_page": 7}).json()
    assert first["total_pages"] == math.ceil(first["total_items"] / 7)
    assert first["first_page"] and first["size"] == min(7, first["total_items"])
    beyond = client.get(path, params={"page": first["total_pages"] + 1}).json()
    assert beyond["contents"] == [] and beyond["last_page"]


def test_every_service_in_full_is_hsds_and_the_same_by_id(client: httpx.Client):
    full = all_pages(client, "/services", full="true")
    assert _valid("service.json", full) == []
    assert all("service_at_locations" in s and "phones" in s for s in full)
    for record in full[:40]:
        assert client.get(f"/services/{record['id']}").json() == record
    locations = [sal["location"] for s in full for sal in s["service_at_locations"]]
    assert locations and _valid("location.json", locations) == []


def test_organizations_and_service_at_locations_in_full_are_hsds(client: httpx.Client):
    orgs = client.get("/organizations", params={"per_page": 15}).json()["contents"]
    for org in orgs:
        one = client.get(f"/organizations/{org['id']}", params={"full_service": "true"}).json()
        assert _valid("organization.json", [one]) == []
        assert _valid("service.json", one["services"]) == []
        assert all(s["organization_id"] == org["id"] for s in one["services"])
    sals = client.get("/service_at_locations", params={"per_page": 15}).json()["contents"]
    for sal in sals:
        one = client.get(f"/service_at_locations/{sal['id']}").json()
        assert _valid("service_at_location.json", [one]) == []
        assert one["service"]["id"] == sal["service_id"]
        assert one["location"]["id"] == sal["location_id"]


def test_ids_are_uuids_of_store_ids_and_either_answers(client: httpx.Client, demo_db: Path):
    from resources.store.api_sql import uuid_sql

    with Store.open(demo_db, read_only=True) as store:
        rows = store.con.execute(f"SELECT id, {uuid_sql('id')} FROM service LIMIT 50").fetchall()
        store_id = store.con.execute(
            "SELECT id FROM service WHERE status = 'active' ORDER BY id LIMIT 1").fetchone()[0]
    assert all(hsds_id(sid) == uid for sid, uid in rows)  # the SQL and Python ids agree
    by_uuid = client.get(f"/services/{hsds_id(store_id)}").json()
    assert client.get(f"/services/{store_id}").json() == by_uuid
    assert by_uuid["id"] == hsds_id(store_id)


def test_filters_narrow_the_services(client: httpx.Client):
    services = all_pages(client, "/services")
    org = services[0]["organization_id"]
    of_org = all_pages(client, "/services", organization_id=org)
    assert of_org and {s["organization_id"] for s in of_org} == {org}
    assert len(of_org) == sum(s["organization_id"] == org for s in services)
    word = "shelter"
    found = all_pages(client, "/services", search=word)
    assert found and all(word in (s["name"] + s.get("description", "")).lower() for s in found)
    assert all_pages(client, "/services", modified_after="2999-01-01T00:00:00Z") == []
    term = client.get("/taxonomy_terms", params={"search": "shelter"}).json()["contents"][0]
    tagged = all_pages(client, "/services", taxonomy_term_id=term["id"])
    full = [client.get(f"/services/{s['id']}").json() for s in tagged]
    assert tagged and all(any(a.get("taxonomy_term_id") == term["id"] for a in s["attributes"])
                          for s in full)


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def test_postcode_and_proximity(client: httpx.Client):
    from resources.geo.zips import zip_centroids

    lat, lon = zip_centroids()["80202"]
    near = all_pages(client, "/service_at_locations", postcode="80202", proximity="3000")
    wider = all_pages(client, "/service_at_locations", postcode="80202", proximity="8000")
    assert near and len(wider) > len(near)
    for sal in near:
        loc = sal["location"]
        assert _distance_m(loc["latitude"], loc["longitude"], lat, lon) <= 3000.5
    in_zip = all_pages(client, "/service_at_locations", postcode="80202")
    assert in_zip and len(in_zip) < len(all_pages(client, "/service_at_locations"))


def test_ndjson_streams_every_record(client: httpx.Client):
    total = client.get("/services").json()["total_items"]
    r = client.get("/services", params={"format": "ndjson"})
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert len(lines) == total and _valid("compiled/service_list.json", lines) == []


SEARCHES = [
    {"need": "shelter", "near": "80202"},
    {"need": "food pantry", "near": "Denver, CO", "limit": 5, "free": "true"},
    {"need": "detox", "lat": 39.7392, "lon": -104.9903, "open": "at",
     "at": "2026-12-08T02:30:00-07:00"},
    {"need": "necesito comida", "near": "80220", "lang": "es", "within": 10},
    {"need": "I want to kill myself", "near": "80202"},
    {"need": "shelter", "near": "Springfield"},  # ambiguous / not found: still an answer
    {"need": "shelter", "near": "80202", "open": "arrive", "mode": "walk", "age": 19,
     "gender": "woman"},
]


@pytest.fixture(scope="module")
def engine(demo_db: Path) -> Iterator[Any]:
    """The Find page's engine over the same store, in this process."""
    from resources.geo.places import Gazetteer
    from resources.search.engine import SearchEngine
    from resources.vocab.needs import load_vocabulary

    with Store.open(demo_db, read_only=True) as store:
        yield SearchEngine(store, load_vocabulary(), Gazetteer.load())


@pytest.mark.parametrize("params", SEARCHES, ids=lambda p: p["need"][:12] + " " +
                         str(p.get("near") or p.get("lat")))
def test_search_answers_what_the_find_page_engine_answers(client: httpx.Client, engine: Any,
                                                          params: dict[str, Any]):
    from resources.search.engine import SearchRequest

    got = client.get("/search", params=params).json()
    lat, lon = params.get("lat"), params.get("lon")
    request = SearchRequest(
        need=params["need"], place=params.get("near", ""),
        point=(lat, lon) if lat is not None else None, open_mode=params.get("open", "any"),
        at=datetime.fromisoformat(params["at"]) if "at" in params else None,
        travel_mode=params.get("mode", "drive"), within_miles=params.get("within"),
        language=params.get("lang"), age=params.get("age"), gender=params.get("gender"),
        free=params.get("free") == "true", limit=params.get("limit", 10))
    want = json.loads(json.dumps(response_json(engine.search(request)), default=str))
    for body in (got, want):
        body.pop("timings_ms")
        if params.get("open") == "arrive":  # "now" + travel time: seconds apart between runs
            for r in body["results"]:
                assert r.pop("arrival")
    assert got == want
    if params.get("near") == "80202":
        assert got["status"] == "ok" and got["results"]


BAD = [
    ("/services?page=0", "page"), ("/services?per_page=abc", "per_page"),
    ("/services?per_page=100000", "per_page"), ("/services?format=xml", "format"),
    ("/services?modified_after=yesterday", "modified_after"),
    ("/services?modified_after=1700000000", "modified_after"),
    ("/services?full=maybe", "full"),
    ("/service_at_locations?postcode=8020", "postcode"),
    ("/service_at_locations?proximity=500", "proximity"),
    ("/service_at_locations?postcode=80202&proximity=far", "proximity"),
    ("/service_at_locations?postcode=80202&proximity=-5", "proximity"),
    ("/search?need=food&lat=39.7", "lon"), ("/search?need=food&open=at", "at"),
    ("/search?need=food&near=80202&limit=0", "limit"),
    ("/search?need=food&near=80202&mode=fly", "mode"),
    ("/search?need=food&near=80202&at=2026-13-45T25:00", "at"),
]


@pytest.mark.parametrize(("path", "parameter"), BAD)
def test_a_bad_parameter_is_a_422_naming_it(client: httpx.Client, path: str, parameter: str):
    r = client.get(path)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["error"] == "bad_parameter" and parameter in body["parameters"]
    assert parameter in body["message"] and "Traceback" not in r.text


@pytest.mark.parametrize("path", ["/services/no-such-id", "/organizations/x",
                                  "/service_at_locations/x", "/taxonomies/x",
                                  "/taxonomy_terms/x", "/nowhere"])
def test_an_unknown_id_or_path_is_a_json_404(client: httpx.Client, path: str):
    r = client.get(path)
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_a_hidden_service_answers_404_to_partners_and_its_record_to_a_coordinator(
        client: httpx.Client, demo_db: Path, tokens: tuple[Path, dict[str, str]]):
    with Store.open(demo_db, read_only=True) as store:
        inactive = [r[0] for r in store.con.execute(
            "SELECT id FROM service WHERE status IN ('inactive', 'temporarily closed')"
        ).fetchall()]
    assert inactive
    coordinator = {"Authorization": f"Bearer {tokens[1]['coordinator']}"}
    partner = {"Authorization": f"Bearer {tokens[1]['partner']}"}
    for sid in inactive:
        assert client.get(f"/services/{hsds_id(sid)}").status_code == 404
        assert client.get(f"/services/{hsds_id(sid)}", headers=partner).status_code == 404
        assert client.get(f"/services/{hsds_id(sid)}", headers=coordinator).json()["status"] \
            in ("inactive", "temporarily closed")
    public = {s["id"] for s in all_pages(client, "/services")}
    assert not public & {hsds_id(s) for s in inactive}
    client.headers.update(coordinator)
    try:
        every = {s["id"] for s in all_pages(client, "/services")}
    finally:
        del client.headers["Authorization"]
    assert every == public | {hsds_id(s) for s in inactive}


def test_tokens_unknown_revoked_and_rate_limited(client: httpx.Client,
                                                 tokens: tuple[Path, dict[str, str]]):
    r = client.get("/services", headers={"Authorization": "Bearer rsk_not-a-token"})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    assert client.get("/services", headers={"Authorization": "Basic abc"}).status_code == 401
    slow = {"Authorization": f"Bearer {tokens[1]['slow']}"}
    codes = [client.get("/taxonomies", headers=slow) for _ in range(3)]
    assert [c.status_code for c in codes] == [200, 200, 429]
    assert int(codes[-1].headers["Retry-After"]) >= 1
    assert codes[-1].json()["error"] == "too_many_requests"
    path = tokens[0]
    main(["api", "token", "--tokens", str(path), "add", "temp"])
    main(["api", "token", "--tokens", str(path), "revoke", "temp"])
    secret = add_token("short-lived", "partner", path=path)
    assert client.get("/taxonomies", headers={"Authorization": f"Bearer {secret}"}
                      ).status_code == 200
    main(["api", "token", "--tokens", str(path), "revoke", "short-lived"])
    assert client.get("/taxonomies", headers={"Authorization": f"Bearer {secret}"}
                      ).status_code == 401


def test_token_cli_shows_the_secret_once_and_stores_only_its_hash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "tokens.json"
    assert main(["api", "token", "--tokens", str(path), "add", "County-211", "--role",
                 "coordinator", "--per-minute", "50"]) == 0
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert secret.startswith("rsk_") and len(secret) > 40
    assert secret not in path.read_text()
    token = load_tokens(path)["county-211"]
    assert token.role == "coordinator" and token.per_minute == 50
    main(["api", "token", "--tokens", str(path), "list"])
    listed = capsys.readouterr().out
    assert "county-211" in listed and secret not in listed
    assert main(["api", "token", "--tokens", str(path), "add", "county-211"]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["api", "token", "--tokens", str(path), "revoke", "nobody"]) == 2


def _in_process(app: Any, *requests: tuple[str, dict[str, str]]) -> list[httpx.Response]:
    """Requests to the app in this process (ASGI), for settings the module's server lacks."""
    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as local:
            return [await local.get(path, headers=headers) for path, headers in requests]
    return asyncio.run(run())


def test_cors_is_off_unless_origins_are_listed(client: httpx.Client, demo_db: Path):
    from resources.api.app import ApiSettings, create_app

    origin = {"Origin": "https://partner.example.org"}
    assert "access-control-allow-origin" not in client.get("/taxonomies", headers=origin).headers
    app = create_app(ApiSettings(str(demo_db), cors_origins=("https://partner.example.org",),
                                 warm=False))
    listed, other = _in_process(app, ("/taxonomies", origin),
                                ("/taxonomies", {"Origin": "https://elsewhere.example"}))
    assert listed.headers["access-control-allow-origin"] == "https://partner.example.org"
    assert "access-control-allow-origin" not in other.headers


def test_anonymous_callers_have_their_own_rate_limit(demo_db: Path, tmp_path: Path):
    from resources.api.app import ApiSettings, create_app

    path = tmp_path / "tokens.json"
    secret = add_token("p", "partner", path=path)
    app = create_app(ApiSettings(str(demo_db), tokens_path=path, anonymous_per_minute=3,
                                 warm=False))
    answers = _in_process(app, *[("/taxonomies", {})] * 4,
                          ("/taxonomies", {"Authorization": f"Bearer {secret}"}))
    assert [r.status_code for r in answers] == [200, 200, 200, 429, 200]
    assert int(answers[3].headers["Retry-After"]) >= 1


def test_a_failure_inside_is_a_json_500_without_a_traceback(demo_db: Path, tmp_path: Path):
    from resources.api.app import ApiSettings, create_app

    app = create_app(ApiSettings(str(demo_db), tokens_path=tmp_path / "t.json", warm=False))
    state = app.state.api.get()
    state.store.close()  # the store goes away under a running service
    [r] = _in_process(app, ("/services", {}))
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["error"] == "internal_error" and "logged" in body["message"]
    assert "Traceback" not in r.text and "duckdb" not in r.text.lower()


def test_a_missing_store_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["--db", str(tmp_path / "none.duckdb"), "api", "--port", "1"]) == 2
    assert "no store at" in capsys.readouterr().err
