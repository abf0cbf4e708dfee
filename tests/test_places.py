"""Place resolution: what a specialist types about where the caller is."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pandas as pd
import pytest

from resources.geo.places import (
    AddressIndex,
    Gazetteer,
    GeocoderSettings,
    PlaceResult,
    place_from_point,
    resolve_place,
)

DIRECTORY = pd.DataFrame(
    [
        ("123 East Colfax Avenue", "Denver", "CO", "80203", 39.7402, -104.9849),
        ("1535 Broadway", "Denver", "CO", "80202", 39.7410, -104.9877),
        ("200 W. Colfax Ave", "Denver", "CO", "80202", 39.7403, -104.9903),
        ("2100 North First Street", "Springfield", "IL", "62702", 39.8200, -89.6500),
        ("123 Main Street", "Springfield", "IL", "62701", 39.8010, -89.6440),
        ("123 Main St", "Springfield", "MA", "01103", 42.1030, -72.5920),
        ("1420 Columbia Road, NW", "Washington", "DC", "20009", 38.908569, -77.017972),
    ],
    columns=["address_1", "city", "state", "postal_code", "lat", "lon"],
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.build()


def resolve(gaz: Gazetteer, text: str, **kw) -> PlaceResult:
    return resolve_place(text, gazetteer=gaz, **kw)


# ---------------------------------------------------------------- ZIP codes


@pytest.mark.parametrize("text", ["80202", "80202-1234", " 80202 ", "802021234"])
def test_zip_and_zip_plus_4(gaz: Gazetteer, text: str):
    r = resolve(gaz, text)
    assert r.status == "ok" and r.best is not None
    assert r.best.precision == "zip" and r.best.state == "CO"
    assert r.best.lat == pytest.approx(39.749, abs=0.01)
    assert r.best.lon == pytest.approx(-104.995, abs=0.01)
    assert r.best.county_fips == "08031"


def test_unknown_zip_says_so(gaz: Gazetteer):
    r = resolve(gaz, "00000")
    assert r.status == "not_found" and r.best is None
    assert r.message == "No US ZIP code 00000 — check the digits"


def test_leading_zero_zip(gaz: Gazetteer):
    r = resolve(gaz, "02108")
    assert r.best is not None and r.best.state == "MA"


# ---------------------------------------------------------------- coordinates


@pytest.mark.parametrize(
    "text", ["39.74, -104.99", "39.74 -104.99", "(39.74,-104.99)", "39.74N 104.99W"]
)
def test_lat_lon(gaz: Gazetteer, text: str):
    r = resolve(gaz, text)
    assert r.status == "ok" and r.best is not None and r.best.precision == "point"
    assert (r.best.lat, r.best.lon) == (39.74, -104.99)


def test_lon_lat_order_when_unambiguous(gaz: Gazetteer):
    r = resolve(gaz, "-104.99, 39.74")
    assert r.best is not None and (r.best.lat, r.best.lon) == (39.74, -104.99)
    assert "longitude, latitude" in r.message


def test_lon_lat_both_in_range_prefers_the_us(gaz: Gazetteer):
    r = resolve(gaz, "-77.02, 38.91")  # lat -77 is Antarctica; the caller is in DC
    assert r.best is not None and (r.best.lat, r.best.lon) == (38.91, -77.02)


@pytest.mark.parametrize("text", ["123.4, 200", "95.0, -300.5"])
def test_out_of_range_coordinates(gaz: Gazetteer, text: str):
    r = resolve(gaz, text)
    assert r.status == "not_found"
    assert "between -90 and 90" in r.message


def test_map_click():
    assert place_from_point(39.74, -104.99).best.precision == "point"  # type: ignore[union-attr]
    assert place_from_point(91, 0).status == "not_found"


# ---------------------------------------------------------------- cities, counties, states


@pytest.mark.parametrize(
    "text", ["Denver, CO", "Denver CO", "denver, colorado", "Denvr, CO", "Denver, CO 80202"]
)
def test_city_state(gaz: Gazetteer, text: str):
    r = resolve(gaz, text)
    assert r.status == "ok" and r.best is not None
    assert r.best.label == "Denver, CO" and r.best.precision == "city"
    assert r.best.lat == pytest.approx(39.74, abs=0.05)
    assert r.best.lon == pytest.approx(-104.98, abs=0.05)
    assert r.best.bbox is not None and r.best.county_fips == "08031"


def test_ambiguous_city_lists_candidates(gaz: Gazetteer):
    r = resolve(gaz, "Springfield")
    assert r.status == "ambiguous"
    assert r.message.startswith("Springfield matches") and "choose one" in r.message
    states = {p.state for p in r.candidates}
    assert {"IL", "MA", "MO"} <= states
    assert r.best == r.candidates[0]


def test_ambiguous_city_ranked_by_near(gaz: Gazetteer):
    r = resolve(gaz, "Springfield", near=(42.36, -71.06))  # a Boston call centre
    assert r.status == "ambiguous" and r.best is not None and r.best.state == "MA"
    assert "nearest first" in r.message


def test_county(gaz: Gazetteer):
    r = resolve(gaz, "Denver County, CO")
    assert r.status == "ok" and r.best is not None
    assert (r.best.precision, r.best.county_fips) == ("county", "08031")
    cook = resolve(gaz, "Cook County")
    assert cook.status == "ambiguous" and {p.state for p in cook.candidates} >= {"IL", "MN"}
    assert resolve(gaz, "cook county illinois").best.county_fips == "17031"  # type: ignore[union-attr]
    assert resolve(gaz, "Saint Louis County, MO").best.county_fips == "29189"  # type: ignore[union-attr]


def test_state(gaz: Gazetteer):
    r = resolve(gaz, "Colorado")
    assert r.status == "ok" and r.best is not None and r.best.precision == "state"


# ---------------------------------------------------------------- directory addresses


def test_address_with_typos_matches_the_directory(gaz: Gazetteer):
    r = resolve(gaz, "123 E Colfx Ave", directory_addresses=DIRECTORY)
    assert r.status == "ok" and r.best is not None
    assert r.best.precision == "address" and r.best.source == "directory"
    assert (r.best.lat, r.best.lon) == (39.7402, -104.9849)


@pytest.mark.parametrize(
    "text",
    [
        "2100 N 1st St, Springfield, IL",
        "2100 north first street",
        "1420 Columbia Rd NW, Washington, DC",
    ],
)
def test_address_normalisation(gaz: Gazetteer, text: str):
    r = resolve(gaz, text, directory_addresses=DIRECTORY)
    assert r.status == "ok" and r.best is not None and r.best.precision == "address"


def test_same_address_in_two_cities_is_ambiguous(gaz: Gazetteer):
    r = resolve(gaz, "123 Main St", directory_addresses=DIRECTORY)
    assert r.status == "ambiguous" and len(r.candidates) == 2
    r = resolve(gaz, "123 Main St, Springfield, MA", directory_addresses=DIRECTORY)
    assert r.status == "ok" and r.best is not None and r.best.state == "MA"


def test_address_not_in_directory_falls_back_to_zip_or_city(gaz: Gazetteer):
    r = resolve(gaz, "999 Nowhere St, Denver, CO 80203", directory_addresses=DIRECTORY)
    assert r.best is not None and r.best.precision == "zip"
    assert "not in the directory" in r.message
    r = resolve(gaz, "999 Nowhere St, Denver, CO", directory_addresses=DIRECTORY)
    assert r.best is not None and r.best.precision == "city"


def test_address_index_accepts_tuples_and_is_reusable(gaz: Gazetteer):
    index = AddressIndex.from_rows(list(DIRECTORY.itertuples(index=False, name=None)))
    assert len(index.rows) == len(DIRECTORY)
    assert resolve(gaz, "1535 Brodway", directory_addresses=index).status == "ok"


def test_cross_streets(gaz: Gazetteer):
    r = resolve(gaz, "Colfax & Broadway, Denver", directory_addresses=DIRECTORY)
    assert r.status == "ok" and r.best is not None and r.best.precision == "address"
    assert r.best.lat == pytest.approx(39.7406, abs=0.001)
    assert "corner of Colfax & Broadway" in r.message


def test_unknown_cross_streets_fall_back_to_the_city(gaz: Gazetteer):
    r = resolve(gaz, "Colfax and Elm, Denver, CO", directory_addresses=DIRECTORY)
    assert r.status == "ok" and r.best is not None and r.best.precision == "city"
    assert "could not be placed" in r.message and "Denver, CO" in r.message


# ---------------------------------------------------------------- unknown input


@pytest.mark.parametrize("text", ["Xyzzyville", "", "   ", "!!!", "asdf qwerty, ZZ"])
def test_unknown_place_is_a_clear_not_found(gaz: Gazetteer, text: str):
    r = resolve(gaz, text)
    assert r.status == "not_found" and r.best is None and r.candidates == ()
    assert len(r.message) > 20


def test_never_raises_on_odd_input(gaz: Gazetteer):
    for text in [
        "1",
        "12345678901",
        "0 0",
        "& &",
        "123 & 456, ,",
        "1 2 3 4",
        "ñ, ÑÑ",
        "9999 , , , ,",
        None,
    ]:
        r = resolve(gaz, text, directory_addresses=DIRECTORY)  # type: ignore[arg-type]
        assert r.status in ("ok", "ambiguous", "not_found") and r.message


# ---------------------------------------------------------------- optional geocoder


class _FailingGeocoder:
    """Test double for a geopy geocoder whose service times out."""

    def __init__(self) -> None:
        self.calls = 0

    def geocode(self, query: str, exactly_one: bool = True, timeout: float = 3.0):
        self.calls += 1
        raise TimeoutError("service timed out")


class _Location:
    def __init__(self, address: str, latitude: float, longitude: float) -> None:
        self.address, self.latitude, self.longitude = address, latitude, longitude


class _FakeGeocoder:
    """Test double for a working geopy geocoder."""

    def geocode(self, query: str, exactly_one: bool = True, timeout: float = 3.0):
        return _Location("500 Elm St, Denver, CO", 39.7, -104.9)


def test_geocoder_not_called_when_offline_answer_is_good(gaz: Gazetteer):
    geo = _FailingGeocoder()
    assert resolve(gaz, "80202", geocoder=geo).status == "ok"
    assert resolve(gaz, "Denver, CO", geocoder=geo).status == "ok"
    assert geo.calls == 0


def test_failing_geocoder_falls_back_offline_with_message(gaz: Gazetteer):
    geo = _FailingGeocoder()
    r = resolve(gaz, "500 Elm St, Denver, CO", geocoder=geo, directory_addresses=DIRECTORY)
    assert geo.calls == 1
    assert r.status == "ok" and r.best is not None and r.best.precision == "city"
    assert "geocoder did not answer" in r.message and "Denver, CO" in r.message


def test_working_geocoder_improves_an_unknown_address(gaz: Gazetteer):
    r = resolve(gaz, "500 Elm St, Denver, CO", geocoder=_FakeGeocoder())
    assert r.status == "ok" and r.best is not None
    assert (r.best.source, r.best.precision) == ("geocoder", "address")


@pytest.fixture
def nominatim_double() -> Iterator[str]:
    """Test double: a Nominatim-style /search on 127.0.0.1 (never the real internet)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if "slow" in self.path:
                time.sleep(1.0)
            body = json.dumps([{"lat": "39.71", "lon": "-104.95", "display_name": "Elm"}])
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_geocoder_settings_url(gaz: Gazetteer, nominatim_double: str):
    ok = resolve(
        gaz,
        "500 Elm St, Denver, CO",
        geocoder=GeocoderSettings(url=f"{nominatim_double}/search", timeout=2),
    )
    assert ok.best is not None and ok.best.source == "geocoder" and ok.best.lat == 39.71
    slow = resolve(
        gaz,
        "500 Elm St, Denver, CO",
        geocoder=GeocoderSettings(url=f"{nominatim_double}/slow", timeout=0.2),
    )
    assert slow.best is not None and slow.best.precision == "city"
    assert "geocoder did not answer" in slow.message


# ---------------------------------------------------------------- speed


def _per_call_ms(gaz: Gazetteer, text: str, n: int = 200) -> float:
    start = time.perf_counter()
    for _ in range(n):
        resolve(gaz, text)
    return (time.perf_counter() - start) * 1000 / n


def test_resolution_is_fast(gaz: Gazetteer):
    assert _per_call_ms(gaz, "80202") < 1.0
    assert _per_call_ms(gaz, "39.74, -104.99") < 1.0
    assert _per_call_ms(gaz, "Denver, CO") < 5.0
    assert _per_call_ms(gaz, "Springfield") < 5.0


# ---------------------------------------------------------------- time zones


@pytest.mark.parametrize(("text", "zone"), [
    ("80204", "America/Denver"),
    ("Flagstaff, AZ", "America/Phoenix"),  # no summer time (the zipcodes table says Denver)
    ("Phenix City, AL", "America/New_York"),  # Alabama, on Columbus, GA's clock
    ("cook county illinois", "America/Chicago"),
    ("Hawaii", "Pacific/Honolulu"),
])
def test_a_place_knows_its_time_zone(gaz: Gazetteer, text: str, zone: str):
    assert resolve(gaz, text).best.zone == zone  # type: ignore[union-attr]


def test_every_gazetteer_zone_is_the_zone_map_at_its_point(gaz: Gazetteer):
    """A search from a ZIP or city reads the gazetteer's zone instead of the zone map: the
    answer must be the same (a wrong zone is a wrong "open now")."""
    from resources.geo.tz import zone_for_point

    places = [*gaz.zips.values(), *(p for v in gaz.cities.values() for p in v),
              *(p for v in gaz.counties.values() for p in v), *gaz.states.values()]
    assert len(places) > 70_000
    wrong = [p.label for p in places if p.zone != zone_for_point(p.lat, p.lon)]
    assert wrong == []


# ---------------------------------------------------------------- the gazetteer cache


PLACES_ASKED = ["20009", "80202", "Denver, CO", "Denvr CO", "Cook County, IL", "Texas",
                "St Louis MO", "Springfield", "Washington DC"]


def test_cached_gazetteer_answers_exactly_as_a_built_one(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv("RESOURCES_CACHE", str(tmp_path))
    first = Gazetteer.load()  # builds and writes the cache
    assert list(tmp_path.glob("gazetteer-*.pickle"))
    cached = Gazetteer.load()  # read back from the file
    for text in PLACES_ASKED:
        assert resolve(cached, text) == resolve(gaz, text) == resolve(first, text), text
    assert len(cached.zips) == len(gaz.zips) and set(cached.counties) == set(gaz.counties)


def test_a_broken_or_unwritable_cache_never_stops_a_search(gaz, tmp_path, monkeypatch):
    from resources.geo.places import gazetteer_cache_path

    monkeypatch.setenv("RESOURCES_CACHE", str(tmp_path))
    gazetteer_cache_path().write_bytes(b"not a pickle")  # a half-written file from a crash
    assert resolve(Gazetteer.load(), "20009") == resolve(gaz, "20009")
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    monkeypatch.setenv("RESOURCES_CACHE", str(blocked))  # cannot make the folder
    assert resolve(Gazetteer.load(), "Denver, CO") == resolve(gaz, "Denver, CO")
