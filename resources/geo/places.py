"""Place resolution: what the specialist types about where the caller is -> a point to search from.

Offline first. Get a :class:`Gazetteer` once and pass it in; every lookup after that is a
dict hit. ``Gazetteer.build()`` reads the ``zipcodes`` package and the packaged county/state
tables (1-2 s); ``Gazetteer.load()`` keeps what it built in a cache file (a few MB of plain
tuples, no caller data) so that a command line search starts in a tenth of that.
Only when a geocoder is configured (a geopy geocoder instance, or :class:`GeocoderSettings`
with a Nominatim-style URL) is the network used, with a timeout, and a failure falls back to
the offline answer with a message. User input never raises: every answer is a
:class:`PlaceResult` with a sentence a person can read.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import math
import os
import pickle
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, replace
from importlib import resources as importlib_resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import usaddress
import zipcodes
from rapidfuzz import fuzz, process

from resources import settings
from resources.geo.distance import km as haversine_km
from resources.geo.tz import zone_for_point
from resources.http import HttpClient
from resources.vocab.needs import normalize

Precision = Literal["point", "address", "zip", "city", "county", "state"]
Status = Literal["ok", "ambiguous", "not_found"]
BBox = tuple[float, float, float, float]  # west, south, east, north

MAX_CANDIDATES = 10
CITY_FUZZY_CUTOFF = 85.0  # fuzz.ratio: "Denvr" -> "Denver" (90.9); "Austin" vs "Boston" no
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
_PLACE_WORDS = MappingProxyType({"saint": "st", "mount": "mt", "fort": "ft", "sainte": "ste"})
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
class Place:
    label: str
    lat: float
    lon: float
    precision: Precision
    bbox: BBox | None = None
    county_fips: str | None = None
    state: str | None = None
    source: str = "offline"  # offline | directory | geocoder | input
    zone: str | None = None  # IANA time zone where the gazetteer knows it (ZIPs, cities)


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


def _key(text: str) -> str:
    """Place-name key: normalised, Saint/St and Mount/Mt folded."""
    return " ".join(_PLACE_WORDS.get(t, t) for t in normalize(text).split())


# ---------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Gazetteer:
    """Offline lookup tables, built once: ZIPs, cities (mean of their ZIPs), counties, states."""

    zips: Mapping[str, Place]
    cities: Mapping[str, tuple[Place, ...]]  # city key -> places, most ZIPs first
    city_keys: tuple[str, ...]
    cities_by_state: Mapping[str, tuple[str, ...]]  # state -> city keys (for fuzzy)
    counties: Mapping[str, tuple[Place, ...]]  # county key (no "county") -> places
    states: Mapping[str, Place]  # key of abbr and of full name -> place
    state_abbr: Mapping[str, str]  # key of abbr / full name -> abbr

    @classmethod
    def build(cls, zip_rows: Iterable[Mapping[str, Any]] | None = None) -> Gazetteer:
        states, state_abbr = _load_states()
        counties, fips_by_name = _load_counties()
        rows = list(zipcodes.list_all() if zip_rows is None else zip_rows)
        keys: dict[str, str] = {}  # memo: 42k ZIPs share ~30k city and ~3k county names

        def key(text: str) -> str:
            if text not in keys:
                keys[text] = _key(text)
            return keys[text]

        zips: dict[str, Place] = {}
        names: dict[tuple[str, str], str] = {}
        grouped: dict[tuple[str, str], list[tuple[float, float, bool, str | None]]] = {}
        for r in rows:
            try:
                lat, lon = float(r["lat"]), float(r["long"])
            except (KeyError, TypeError, ValueError):
                continue
            st, city = r.get("state") or "", r.get("city") or ""
            fips = fips_by_name.get((st, key(r.get("county") or "")))
            zips[r["zip_code"]] = Place(
                f"ZIP {r['zip_code']} ({city}, {st})", lat, lon, "zip", None, fips, st,
                zone=_zone_at(lat, lon),
            )
            if r.get("active", True) and city:
                standard = r.get("zip_code_type") == "STANDARD"
                names.setdefault((key(city), st), city)
                grouped.setdefault((key(city), st), []).append((lat, lon, standard, fips))
        cities: dict[str, list[tuple[int, Place]]] = {}
        by_state: dict[str, list[str]] = {}
        for (ckey, st), pts in grouped.items():
            use = [p for p in pts if p[2]] or pts
            lat = sum(p[0] for p in use) / len(use)
            lon = sum(p[1] for p in use) / len(use)
            bbox = (
                min(p[1] for p in pts),
                min(p[0] for p in pts),
                max(p[1] for p in pts),
                max(p[0] for p in pts),
            )
            fips_seen = [p[3] for p in pts if p[3]]
            fips = max(set(fips_seen), key=fips_seen.count) if fips_seen else None
            lat, lon = round(lat, 5), round(lon, 5)
            place = Place(f"{names[(ckey, st)]}, {st}", lat, lon, "city", bbox, fips, st,
                          zone=_zone_at(lat, lon))
            cities.setdefault(ckey, []).append((len(pts), place))
            by_state.setdefault(st, []).append(ckey)
        ranked = {k: tuple(p for _, p in sorted(v, key=lambda x: -x[0])) for k, v in cities.items()}
        return cls(
            zips=MappingProxyType(zips),
            cities=MappingProxyType(ranked),
            city_keys=tuple(sorted(ranked)),
            cities_by_state=MappingProxyType({k: tuple(sorted(v)) for k, v in by_state.items()}),
            counties=counties,
            states=states,
            state_abbr=state_abbr,
        )

    @classmethod
    def load(cls) -> Gazetteer:
        """The packaged gazetteer, from the cache file when it matches the data it was built
        from (the ``zipcodes`` version and the packaged tables), else built and cached. A
        cache that cannot be read or written is rebuilt or skipped, never an error."""
        path = gazetteer_cache_path()
        try:
            with open(path, "rb") as fh:
                return cls._from_plain(pickle.load(fh))
        except Exception:  # noqa: BLE001 - missing, stale format, unreadable: build instead
            pass
        gaz = cls.build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(gaz._to_plain(), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass
        return gaz

    def _to_plain(self) -> dict[str, Any]:
        def one(p: Place) -> tuple[Any, ...]:
            return astuple(p)  # a Place's fields in order, for Place(*row)

        return {
            "zips": {k: one(p) for k, p in self.zips.items()},
            "cities": {k: tuple(one(p) for p in v) for k, v in self.cities.items()},
            "city_keys": self.city_keys,
            "cities_by_state": dict(self.cities_by_state),
            "counties": {k: tuple(one(p) for p in v) for k, v in self.counties.items()},
            "states": {k: one(p) for k, p in self.states.items()},
            "state_abbr": dict(self.state_abbr),
        }

    @classmethod
    def _from_plain(cls, plain: dict[str, Any]) -> Gazetteer:
        return cls(
            zips=_Places(plain["zips"], many=False),
            cities=_Places(plain["cities"], many=True),
            city_keys=plain["city_keys"],
            cities_by_state=MappingProxyType(plain["cities_by_state"]),
            counties=_Places(plain["counties"], many=True),
            states=_Places(plain["states"], many=False),
            state_abbr=MappingProxyType(plain["state_abbr"]),
        )

    def city(self, name: str, state: str | None) -> tuple[list[Place], str | None]:
        """Cities called ``name`` (in ``state``); fuzzy if no exact name. Returns the name used."""
        key = _key(name)
        found = [p for p in self.cities.get(key, ()) if state is None or p.state == state]
        if found:
            return found, None
        pool = self.cities_by_state.get(state, ()) if state else self.city_keys
        hit = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=CITY_FUZZY_CUTOFF)
        if hit is None:
            return [], None
        found = [p for p in self.cities[hit[0]] if state is None or p.state == state]
        return found, hit[0]


class _Places(Mapping[str, Any]):
    """A read-only table of places kept as plain tuples (quick to unpickle); a
    :class:`Place` (or a tuple of them, ``many``) is made only for the key looked up."""

    __slots__ = ("_rows", "_many")

    def __init__(self, rows: dict[str, Any], many: bool) -> None:
        self._rows, self._many = rows, many

    def __getitem__(self, key: str) -> Any:
        row = self._rows[key]
        return tuple(Place(*r) for r in row) if self._many else Place(*row)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


GAZETTEER_FORMAT = 2  # bump when Gazetteer's fields or their meaning change


def gazetteer_cache_path() -> Path:
    """``$RESOURCES_CACHE`` (or ``$XDG_CACHE_HOME/resources``, ``~/.cache/resources``)
    ``/gazetteer-<key>.pickle``, the key naming the data it was built from."""
    base = settings.cache_dir()
    key = hashlib.sha1(f"{GAZETTEER_FORMAT}|{zipcodes.__version__}".encode())
    for name in ("us_states.csv", "us_counties.csv"):
        key.update(Path(_data_file(name)).read_bytes())
    key.update(Path(__file__).read_bytes())  # the build code itself
    return Path(base) / f"gazetteer-{key.hexdigest()[:16]}.pickle"


def _zone_at(lat: float, lon: float) -> str | None:
    """The zone of a gazetteer place, read once when the gazetteer is built (and cached with
    it), so that a search from a ZIP or a city does not load the zone map: the same answer
    as :func:`zone_for_point` at the place's point (not the ``zipcodes`` table's own zone
    column, which is wrong for some border ZIPs, e.g. Flagstaff, AZ, as Mountain time with
    summer time)."""
    zone = zone_for_point(lat, lon)
    return sys.intern(zone) if zone else None  # one copy of each name in the cache file


def _data_file(name: str) -> str:
    return str(importlib_resources.files("resources") / "data" / name)


def _bbox(row: Mapping[str, str]) -> BBox:
    return (float(row["west"]), float(row["south"]), float(row["east"]), float(row["north"]))


def _load_states() -> tuple[Mapping[str, Place], Mapping[str, str]]:
    states: dict[str, Place] = {}
    abbr: dict[str, str] = {}
    with open(_data_file("us_states.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            place = Place(
                row["name"],
                float(row["lat"]),
                float(row["lon"]),
                "state",
                _bbox(row),
                None,
                row["state"],
                zone=_zone_at(float(row["lat"]), float(row["lon"])),
            )
            for k in (_key(row["state"]), _key(row["name"])):
                states[k], abbr[k] = place, row["state"]
    abbr["washington dc"] = abbr["dc"] = "DC"
    return MappingProxyType(states), MappingProxyType(abbr)


def _load_counties() -> tuple[Mapping[str, tuple[Place, ...]], dict[tuple[str, str], str]]:
    counties: dict[str, list[Place]] = {}
    fips_by_name: dict[tuple[str, str], str] = {}
    with open(_data_file("us_counties.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lsad = row["lsad"] if row["lsad"] not in ("Muno", "city") else ""
            label = f"{row['name']} {lsad}".strip() + f", {row['state']}"
            place = Place(
                label,
                float(row["lat"]),
                float(row["lon"]),
                "county",
                _bbox(row),
                row["fips"],
                row["state"],
                zone=_zone_at(float(row["lat"]), float(row["lon"])),
            )
            counties.setdefault(_key(row["name"]), []).append(place)
            fips_by_name[(row["state"], _key(row["name"]))] = row["fips"]
            fips_by_name[(row["state"], _key(f"{row['name']} {row['lsad']}"))] = row["fips"]
    return MappingProxyType({k: tuple(v) for k, v in counties.items()}), fips_by_name


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
                out.append(_Addr(number, street, name, _key(city), state.upper(), label, lat, lon))
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
        key = _street_parts(f"1 {name}")[2] or _key(name)
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
        st = gaz.state_abbr.get(_key(right))
        if st:
            return left.strip(), st
    tokens = text.split()
    for n in (3, 2, 1):
        if len(tokens) > n:
            st = gaz.state_abbr.get(_key(" ".join(tokens[-n:])))
            if st and (n > 1 or len(tokens[-1]) == 2 or "," in text):
                return " ".join(tokens[:-n]).strip(" ,"), st
    return text, None


def _as_area(raw: str, gaz: Gazetteer) -> PlaceResult:
    key = _key(raw)
    m = _COUNTY.match(key)
    if m:
        return _as_county(m["name"], m["st"], raw, gaz)
    name, state = _split_state(raw, gaz)
    if not name and state:
        place = gaz.states[_key(state)]
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
    state = gaz.state_abbr.get(_key(st_text)) if st_text else None
    found = [p for p in gaz.counties.get(_key(name), ()) if state is None or p.state == state]
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
    city_key = _key(city_name) if city_name else None
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
    city_key = _key(city_name) if city_name else None
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
