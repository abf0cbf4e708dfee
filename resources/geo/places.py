"""Place resolution: what the specialist types about where the caller is -> a point to search from.

Offline first. Get a :class:`~resources.geo.gazetteer.Gazetteer` once and pass it in; every
lookup after that is a dict hit (the gazetteer, its data and its one place-name normalizer
are in :mod:`resources.geo.gazetteer`).
Only when a geocoder is configured (a geopy geocoder instance, or :class:`GeocoderSettings`
with a Nominatim-style URL) is the network used, with a timeout, and a failure falls back to
the offline answer with a message. User input never raises: every answer is a
:class:`PlaceResult` with a sentence a person can read.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Literal

import usaddress
from rapidfuzz import fuzz

from resources import settings
from resources.geo.distance import km as haversine_km
from resources.geo.gazetteer import Gazetteer, Place, gazetteer_cache_path, place_key
from resources.http import HttpClient
from resources.vocab.needs import normalize

__all__ = ["AddressIndex", "Gazetteer", "GeocoderSettings", "Place", "PlaceResult",
           "gazetteer_cache_path", "place_from_point", "resolve_place"]

Status = Literal["ok", "ambiguous", "not_found"]

MAX_CANDIDATES = 10
STREET_FUZZY_CUTOFF = 80.0
_US_LAT = (17.0, 72.0)
_US_LON = (-180.0, -64.0)

_ZIP = re.compile(r"^\s*(\d{5})(?:[-\s]?(\d{4}))?\s*$")
_NUM = r"([-+]?\d{1,3}(?:\.\d+)?)\s*°?\s*([NSEW])?"
_LATLON = re.compile(rf"^\s*\(?\s*{_NUM}\s*(?:[,;/]\s*|\s+){_NUM}\s*\)?\s*$", re.IGNORECASE)
_COUNTY = re.compile(
    r"^(?P<name>.+?)\s+(?P<kind>county|parish|borough|census area|municipio|municipality)"
    r"(?:\s+(?P<st>.+))?$"
)
_CROSS = re.compile(r"\s*(?:&|@|/|\band\b|\bat\b|\by\b)\s*", re.IGNORECASE)
_DIRECTIONS = MappingProxyType(
    {
        "north": "n",
        "south": "s",
        "east": "e",
        "west": "w",
        "northeast": "ne",
        "northwest": "nw",
        "southeast": "se",
        "southwest": "sw",
    }
)
_STREET_TYPES = MappingProxyType(
    {
        "street": "st",
        "str": "st",
        "avenue": "ave",
        "av": "ave",
        "ave": "ave",
        "boulevard": "blvd",
        "road": "rd",
        "drive": "dr",
        "lane": "ln",
        "place": "pl",
        "court": "ct",
        "parkway": "pkwy",
        "highway": "hwy",
        "terrace": "ter",
        "circle": "cir",
        "square": "sq",
        "trail": "trl",
        "expressway": "expy",
        "freeway": "fwy",
        "plaza": "plz",
        "alley": "aly",
        "way": "way",
    }
)
_ORDINALS = MappingProxyType(
    {
        "first": "1st",
        "second": "2nd",
        "third": "3rd",
        "fourth": "4th",
        "fifth": "5th",
        "sixth": "6th",
        "seventh": "7th",
        "eighth": "8th",
        "ninth": "9th",
        "tenth": "10th",
        "eleventh": "11th",
        "twelfth": "12th",
    }
)
_NAME_TAGS = ("StreetNamePreModifier", "StreetName")
_STREET_TAGS = (
    "StreetNamePreDirectional",
    "StreetNamePreType",
    "StreetNamePreModifier",
    "StreetName",
    "StreetNamePostType",
    "StreetNamePostDirectional",
)


@dataclass(frozen=True, slots=True)
class PlaceResult:
    status: Status
    best: Place | None
    candidates: tuple[Place, ...]
    message: str


@dataclass(frozen=True, slots=True)
class GeocoderSettings:
    """A Nominatim-compatible ``/search`` endpoint (self-hosted or a commercial one), asked
    through the one HTTP client (:mod:`resources.http`): a timeout, at most one request per
    ``min_interval_s`` (the public Nominatim's policy) and a cache of answers. Off unless
    configured: :meth:`from_settings` reads ``RESOURCES_GEOCODER_URL``."""

    url: str
    timeout: float = 3.0
    user_agent: str = "resources-referral-finder"
    country_codes: str = "us"
    min_interval_s: float = 1.0

    @classmethod
    def from_settings(cls) -> GeocoderSettings | None:
        url = settings.text("RESOURCES_GEOCODER_URL")
        return cls(url) if url else None


@functools.cache
def _client(geocoder: GeocoderSettings) -> HttpClient:
    """One client per configured geocoder, shared by every session (its pace is the
    server's, not a session's)."""
    return HttpClient(timeout=geocoder.timeout, min_interval_s=geocoder.min_interval_s,
                      user_agent=geocoder.user_agent)


def _ok(place: Place, message: str) -> PlaceResult:
    return PlaceResult("ok", place, (place,), message)


def _not_found(message: str) -> PlaceResult:
    return PlaceResult("not_found", None, (), message)


# ---------------------------------------------------------------- directory addresses


@dataclass(frozen=True, slots=True)
class _Addr:
    number: str
    street: str  # normalised predir + name + type + postdir
    name: str  # normalised street name only
    city: str
    state: str
    label: str
    lat: float
    lon: float


@functools.lru_cache(maxsize=200_000)
def _street_parts(text: str) -> tuple[str, str, str]:
    """(house number, full normalised street, bare street name) from a one-line address
    (cached: directories repeat addresses, and usaddress is the slow step)."""
    try:
        tagged, _ = usaddress.tag(text)
        parts: Mapping[str, str] = tagged
    except usaddress.RepeatedLabelError as exc:
        parts = {}
        for token, label in exc.parsed_string:
            parts.setdefault(label, token)
    number = normalize(parts.get("AddressNumber", ""))
    full, name = [], []
    for tag in _STREET_TAGS:
        for tok in normalize(parts.get(tag, "")).split():
            tok = _ORDINALS.get(tok, tok)
            if tag.endswith("Directional"):
                tok = _DIRECTIONS.get(tok, tok)
            elif tag.endswith("Type"):
                tok = _STREET_TYPES.get(tok, tok)
            full.append(tok)
            if tag in _NAME_TAGS:
                name.append(tok)
    return number, " ".join(full), " ".join(name)


class AddressIndex:
    """Directory addresses (address_1, city, state, postal_code, lat, lon), parsed once."""

    def __init__(self, rows: Sequence[_Addr]) -> None:
        self.rows = tuple(rows)
        by_number: dict[str, list[int]] = {}
        for i, a in enumerate(self.rows):
            by_number.setdefault(a.number, []).append(i)
        self._by_number = MappingProxyType({k: tuple(v) for k, v in by_number.items()})

    @classmethod
    def from_rows(cls, rows: Any) -> AddressIndex:
        if isinstance(rows, AddressIndex):
            return rows
        if hasattr(rows, "to_dict"):  # a pandas DataFrame
            rows = rows.to_dict("records")
        out = []
        for r in rows:
            rec = (
                r
                if isinstance(r, Mapping)
                else dict(
                    zip(
                        ("address_1", "city", "state", "postal_code", "lat", "lon"), r, strict=False
                    )
                )
            )
            try:
                lat = float(rec.get("lat", rec.get("latitude")))
                lon = float(rec.get("lon", rec.get("longitude")))
            except (TypeError, ValueError):
                continue
            addr1 = str(rec.get("address_1") or "")
            number, street, name = _street_parts(addr1)
            city, state = str(rec.get("city") or ""), str(rec.get("state") or "")
            if number and name and not (math.isnan(lat) or math.isnan(lon)):
                label = f"{addr1}, {city}, {state}".strip(", ")
                out.append(_Addr(number, street, name, place_key(city), state.upper(), label, lat, lon))
        return cls(out)

    def find(self, number: str, street: str, city: str | None, state: str | None) -> list[_Addr]:
        """Rows with this house number whose street matches (typos allowed), best first."""
        scored = []
        for i in self._by_number.get(number, ()):
            a = self.rows[i]
            if (city and a.city != city) or (state and a.state and a.state != state):
                continue
            s = fuzz.ratio(street, a.street)
            if s >= STREET_FUZZY_CUTOFF:
                scored.append((s, a))
        scored.sort(key=lambda x: -x[0])
        if not scored:
            return []
        top = scored[0][0]
        return [a for s, a in scored if s >= top - 3]

    def on_street(self, name: str, city: str | None) -> list[_Addr]:
        key = _street_parts(f"1 {name}")[2] or place_key(name)
        return [
            a for a in self.rows if (not city or a.city == city) and fuzz.ratio(key, a.name) >= 85
        ]


# ---------------------------------------------------------------- resolution


def place_from_point(lat: float, lon: float, label: str | None = None) -> PlaceResult:
    """A map click or a GPS fix."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return _not_found(
            f"{lat}, {lon} is not on the map: latitude must be within ±90, longitude within ±180"
        )
    text = label or f"{lat:.5f}, {lon:.5f}"
    return _ok(Place(text, lat, lon, "point", source="input"), f"Searching from {text}")


def resolve_place(
    text: str,
    *,
    gazetteer: Gazetteer,
    directory_addresses: Any = None,
    geocoder: Any = None,
    near: tuple[float, float] | None = None,
) -> PlaceResult:
    """Resolve what was typed; never raises for user input. See docs/places.md."""
    raw = (text or "").strip() if isinstance(text, str) else ""
    if not raw:
        return _not_found(
            "Type a ZIP code, a city and state, a county, an address or "
            "“lat, lon”, or click the map"
        )
    raw = raw[:300]
    for step in (_as_coordinates, _as_zip):
        result = step(raw, gazetteer)
        if result is not None:
            return result
    result = _offline(raw, gazetteer, directory_addresses)
    if geocoder is not None and (result.status == "not_found" or _is_fallback(raw, result)):
        result = _with_geocoder(raw, geocoder, result)
    return _rank_near(result, near)


def _offline(raw: str, gaz: Gazetteer, directory: Any) -> PlaceResult:
    def addresses() -> Any:  # built on first need: only streets and corners read it
        return directory() if callable(directory) else directory

    if re.match(r"^\s*\d+[a-z]?\s+\D", raw, re.IGNORECASE):
        return _as_address(raw, gaz, addresses())
    head = raw.split(",")[0]
    if _CROSS.search(head) and len([p for p in _CROSS.split(head) if p.strip()]) == 2:
        crossed = _as_cross_streets(raw, gaz, addresses())
        if crossed is not None:
            return crossed
    return _as_area(raw, gaz)


def _is_fallback(raw: str, result: PlaceResult) -> bool:
    """A street address or corner we could only place at a ZIP or city: a geocoder may do
    better. (Addresses found in the directory come back with precision ``address``.)"""
    looks_like_street = bool(re.match(r"^\s*\d+[a-z]?\s+\D", raw, re.IGNORECASE)) or bool(
        _CROSS.search(raw.split(",")[0])
    )
    best = result.best
    return looks_like_street and (best is None or best.precision in ("zip", "city", "county"))


def _as_coordinates(raw: str, _: Gazetteer) -> PlaceResult | None:
    m = _LATLON.match(raw)
    if not m or not any(c in raw for c in ".-°"):
        return None
    a, ha, b, hb = float(m[1]), (m[2] or "").upper(), float(m[3]), (m[4] or "").upper()
    a = -abs(a) if ha in ("S", "W") else a
    b = -abs(b) if hb in ("S", "W") else b
    if ha in ("E", "W") or hb in ("N", "S"):
        a, b = b, a  # hemisphere letters say the order
    straight = abs(a) <= 90 and abs(b) <= 180
    swapped = abs(b) <= 90 and abs(a) <= 180
    if not straight and not swapped:
        return _not_found(
            f"{raw} is not a valid coordinate: latitude must be between -90 and "
            "90 and longitude between -180 and 180"
        )
    if straight and swapped and not ha and not hb:
        straight = _in_us(a, b) or not _in_us(b, a)
    if straight:
        return _ok(
            Place(f"{a:.5f}, {b:.5f}", a, b, "point", source="input"),
            f"Searching from latitude {a:.5f}, longitude {b:.5f}",
        )
    return _ok(
        Place(f"{b:.5f}, {a:.5f}", b, a, "point", source="input"),
        f"Read as longitude, latitude: searching from latitude {b:.5f}, longitude {a:.5f}",
    )


def _in_us(lat: float, lon: float) -> bool:
    return _US_LAT[0] <= lat <= _US_LAT[1] and _US_LON[0] <= lon <= _US_LON[1]


def _as_zip(raw: str, gaz: Gazetteer) -> PlaceResult | None:
    m = _ZIP.match(raw)
    if not m:
        return None
    place = gaz.zips.get(m[1])
    if place is None:
        return _not_found(f"No US ZIP code {m[1]} — check the digits")
    return _ok(place, f"Searching from the centre of {place.label}")


def _split_state(raw: str, gaz: Gazetteer) -> tuple[str, str | None]:
    """("Denver", "CO") from "Denver, CO", "Denver CO", "Denver, Colorado 80202"."""
    text = re.sub(r"\b\d{5}(?:-\d{4})?\s*$", "", raw).strip(" ,")
    if "," in text:
        left, right = text.rsplit(",", 1)
        st = gaz.state_abbr.get(place_key(right))
        if st:
            return left.strip(), st
    tokens = text.split()
    for n in (3, 2, 1):
        if len(tokens) > n:
            st = gaz.state_abbr.get(place_key(" ".join(tokens[-n:])))
            if st and (n > 1 or len(tokens[-1]) == 2 or "," in text):
                return " ".join(tokens[:-n]).strip(" ,"), st
    return text, None


def _as_area(raw: str, gaz: Gazetteer) -> PlaceResult:
    key = place_key(raw)
    m = _COUNTY.match(key)
    if m:
        return _as_county(m["name"], m["st"], raw, gaz)
    name, state = _split_state(raw, gaz)
    if not name and state:
        place = gaz.states[place_key(state)]
        return _ok(place, f"Searching across {place.label} (state centre)")
    cities, fuzzy_key = gaz.city(name, state)
    whole_state = gaz.states.get(key) if state is None else None
    if whole_state is not None:
        cities = [whole_state, *(cities if fuzzy_key is None else [])]
        fuzzy_key = None
    if not cities:
        where = f" in {state}" if state else ""
        return _not_found(
            f"No place called “{name}”{where} found — try a ZIP code, “City, ST” or a county"
        )
    note = f" (closest spelling to “{name}”)" if fuzzy_key else ""
    if len(cities) == 1:
        return _ok(cities[0], f"Searching from the centre of {cities[0].label}{note}")
    shown = tuple(cities[:MAX_CANDIDATES])
    return PlaceResult(
        "ambiguous",
        shown[0],
        shown,
        f"{name.strip() or raw} matches {len(cities)} places{note}: choose one "
        "(largest first), or add the state",
    )


def _as_county(name: str, st_text: str | None, raw: str, gaz: Gazetteer) -> PlaceResult:
    state = gaz.state_abbr.get(place_key(st_text)) if st_text else None
    found = [p for p in gaz.counties.get(place_key(name), ()) if state is None or p.state == state]
    proper = [p for p in found if " County," in p.label or " Parish," in p.label]
    found = proper or found  # "St. Louis County" is not the independent city of St. Louis
    if not found:
        where = f" in {state}" if state else ""
        return _not_found(f"No county called “{name.title()}”{where} — check the spelling")
    if len(found) == 1:
        return _ok(found[0], f"Searching from the centre of {found[0].label}")
    return PlaceResult(
        "ambiguous",
        found[0],
        tuple(found[:MAX_CANDIDATES]),
        f"{raw} matches {len(found)} counties: choose one, or add the state",
    )


def _as_address(raw: str, gaz: Gazetteer, directory: Any) -> PlaceResult:
    number, street, _name = _street_parts(raw)
    zip_m = re.search(r"\b(\d{5})(?:-\d{4})?\s*$", raw)
    rest = raw.split(",", 1)[1] if "," in raw else ""
    city_name, state = _split_state(rest, gaz) if rest else ("", None)
    city_key = place_key(city_name) if city_name else None
    if directory is not None and number and street:
        index = AddressIndex.from_rows(directory)
        found = index.find(number, street, city_key, state)
        places = _dedupe(
            [
                Place(a.label, a.lat, a.lon, "address", None, None, a.state or None, "directory")
                for a in found
            ]
        )
        if len(places) == 1:
            return _ok(places[0], f"Found in the directory: {places[0].label}")
        if places:
            return PlaceResult(
                "ambiguous",
                places[0],
                tuple(places[:MAX_CANDIDATES]),
                f"{raw} matches {len(places)} directory addresses: choose one",
            )
    what = raw.split(",")[0].strip()
    if zip_m and zip_m[1] in gaz.zips:
        z = gaz.zips[zip_m[1]]
        return _ok(z, f"{what} is not in the directory; showing the centre of {z.label}")
    if city_name:
        fallback = _as_area(rest, gaz)
        if fallback.status == "ok" and fallback.best is not None:
            return replace(
                fallback,
                message=f"{what} is not in the directory; showing "
                f"the centre of {fallback.best.label}",
            )
        if fallback.status == "ambiguous":
            return replace(fallback, message=f"{what} is not in the directory. {fallback.message}")
    return _not_found(
        f"{what} is not in the directory and has no city or ZIP — add "
        "“, City, ST” or a ZIP code, or configure a geocoder"
    )


def _as_cross_streets(raw: str, gaz: Gazetteer, directory: Any) -> PlaceResult | None:
    head, _, rest = raw.partition(",")
    a_name, b_name = (p.strip() for p in _CROSS.split(head) if p.strip())
    if not rest.strip() and directory is None:
        return None  # "Salt and Pepper" is not an intersection without a city
    city_name, state = _split_state(rest, gaz) if rest.strip() else ("", None)
    city_key = place_key(city_name) if city_name else None
    if directory is not None:
        index = AddressIndex.from_rows(directory)
        on_a = [a for a in index.on_street(a_name, city_key) if not state or a.state == state]
        on_b = [b for b in index.on_street(b_name, city_key) if not state or b.state == state]
        if on_a and on_b:
            _, pa, pb = min(
                ((haversine_km(p.lat, p.lon, q.lat, q.lon), p, q) for p in on_a for q in on_b),
                key=lambda x: x[0],
            )
            where = f", {city_name.strip()}" if city_name else ""
            place = Place(
                f"{a_name} & {b_name}{where}",
                (pa.lat + pb.lat) / 2,
                (pa.lon + pb.lon) / 2,
                "address",
                None,
                None,
                pa.state or None,
                "directory",
            )
            return _ok(
                place,
                f"Near the corner of {a_name} & {b_name}: estimated from "
                f"directory addresses on both streets ({pa.label}; {pb.label})",
            )
    if not rest.strip():
        return None  # not an intersection we know: try it as a place name
    area = _as_area(rest, gaz)
    corner = f"The corner of {a_name} & {b_name} could not be placed from the directory"
    if area.status == "ok" and area.best is not None:
        return replace(area, message=f"{corner}; showing the centre of {area.best.label}")
    return replace(area, message=f"{corner}. {area.message}")


def _dedupe(places: list[Place]) -> list[Place]:
    out: list[Place] = []
    for p in places:
        if not any(haversine_km(p.lat, p.lon, q.lat, q.lon) < 0.05 for q in out):
            out.append(p)
    return out


def _rank_near(result: PlaceResult, near: tuple[float, float] | None) -> PlaceResult:
    if near is None or result.status != "ambiguous" or not result.candidates:
        return result
    ranked = tuple(
        sorted(result.candidates, key=lambda p: haversine_km(near[0], near[1], p.lat, p.lon))
    )
    msg = result.message.replace("(largest first)", "(nearest first)")
    if msg == result.message:
        msg += " (nearest first)"
    return PlaceResult("ambiguous", ranked[0], ranked, msg)


# ---------------------------------------------------------------- optional geocoder


def _with_geocoder(raw: str, geocoder: Any, offline: PlaceResult) -> PlaceResult:
    offline_text = (
        f"showing the offline result: {offline.message}"
        if offline.best
        else (f"offline: {offline.message}")
    )
    try:
        found = _geocode(raw, geocoder)
    except Exception as exc:  # noqa: BLE001 - any geocoder failure must fall back, not crash
        reason = type(exc).__name__
        return replace(offline, message=f"The geocoder did not answer ({reason}); {offline_text}")
    if found is None:
        return replace(offline, message=f"The geocoder found nothing for “{raw}”; {offline_text}")
    return _ok(found, f"Found by the geocoder: {found.label}")


def _geocode(raw: str, geocoder: Any) -> Place | None:
    if isinstance(geocoder, GeocoderSettings):
        rows = _client(geocoder).get_json(geocoder.url, {
            "q": raw, "format": "jsonv2", "limit": 1, "countrycodes": geocoder.country_codes})
        if not rows:
            return None
        row = rows[0]
        return Place(
            str(row.get("display_name") or raw),
            float(row["lat"]),
            float(row["lon"]),
            "address",
            source="geocoder",
        )
    timeout = getattr(geocoder, "timeout", None) or 3.0
    location = geocoder.geocode(raw, exactly_one=True, timeout=timeout)
    if location is None:
        return None
    return Place(
        str(getattr(location, "address", raw)),
        float(location.latitude),
        float(location.longitude),
        "address",
        source="geocoder",
    )
