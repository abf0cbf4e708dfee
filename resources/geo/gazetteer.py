"""The one gazetteer: US states (names, aliases, USPS codes, FIPS), counties and their
equivalents (names per state with and without their suffix, FIPS), cities and ZIPs, and the
one place-name normalizer, :func:`place_key`.

Place resolution (:mod:`resources.geo.places`: what the specialist types) and service-area
reading (:mod:`resources.loaders.coverage`: "Cook County", "statewide", "Illinois") both look
names up here. The names come from one source, the packaged ``resources/data/us_states.csv``
and ``us_counties.csv`` (the same names, codes and FIPS as the boundary layers the store
loads: ``resources/data/boundaries``); ZIPs and cities from the ``zipcodes`` package.

``Gazetteer.build()`` reads them (1-2 s); ``Gazetteer.load()`` keeps what it built in a
cache file (a few MB of plain tuples, no caller data); :func:`packaged` is the one shared
copy a process needs (a loader reading coverage text).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import astuple, dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import zipcodes
from rapidfuzz import fuzz, process

from resources import settings
from resources.errors import data_path
from resources.geo.tz import zone_for_point
from resources.vocab.needs import normalize

Precision = Literal["point", "address", "zip", "city", "county", "state"]
BBox = tuple[float, float, float, float]  # west, south, east, north

CITY_FUZZY_CUTOFF = 85.0  # fuzz.ratio: "Denvr" -> "Denver" (90.9); "Austin" vs "Boston" no

# ---------------------------------------------------------------- the one normalizer

_APOSTROPHES = str.maketrans({"`": "", "\u02bc": "", "\u2018": ""})  # ' and ’: normalize()
_PLACE_WORDS = MappingProxyType({"saint": "st", "mount": "mt", "fort": "ft", "sainte": "ste"})
# What follows a county's own name ("Orleans Parish"), longest first, and what may precede
# it ("City and County of Denver"): county_bare() drops them.
COUNTY_SUFFIXES = ("city and borough", "census area", "municipality", "municipio", "borough",
                   "county", "counties", "parish", "city")
COUNTY_PREFIXES = ("city and county of ", "city and borough of ", "county of ", "parish of ")
# Names of states that are not their name or code (keys, as place_key writes them)
STATE_ALIASES = MappingProxyType({
    "washington dc": "DC", "washington d c": "DC", "d c": "DC", "dist of columbia": "DC",
    "district of columbia": "DC"})
# The Census LSAD abbreviations of us_counties.csv, written out as in the boundary layers
_LSAD = MappingProxyType({"CA": "Census Area", "Muny": "Municipality",
                          "Cty&Bor": "City and Borough", "Muno": "Municipio"})


def place_key(text: str) -> str:
    """The key every place name is looked up by: lowercase, accents and apostrophes dropped,
    punctuation a space ("St. Mary's" -> "st marys"), Saint/St, Mount/Mt, Fort/Ft folded."""
    words = normalize(text.translate(_APOSTROPHES)).split()
    return " ".join(_PLACE_WORDS.get(w, w) for w in words)


def county_bare(key: str) -> str:
    """A county key without its kind: "orleans parish", "city and county of denver",
    "juneau city and borough" -> "orleans", "denver", "juneau"."""
    for prefix in COUNTY_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):]
    for suffix in COUNTY_SUFFIXES:
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1]
    return key


# ---------------------------------------------------------------- places


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


# ---------------------------------------------------------------- gazetteer


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key (coverage readings)
class Gazetteer:
    """Offline lookup tables, built once: ZIPs, cities (mean of their ZIPs), counties, states."""

    zips: Mapping[str, Place]
    cities: Mapping[str, tuple[Place, ...]]  # city key -> places, most ZIPs first
    city_keys: tuple[str, ...]
    cities_by_state: Mapping[str, tuple[str, ...]]  # state -> city keys (for fuzzy)
    counties: Mapping[str, tuple[Place, ...]]  # county key (no "county") -> places
    states: Mapping[str, Place]  # key of abbr and of full name -> place
    state_abbr: Mapping[str, str]  # key of abbr / full name / alias -> abbr
    state_fips: Mapping[str, str]  # USPS -> state FIPS
    county_state: Mapping[str, str]  # county FIPS -> USPS
    county_full: Mapping[tuple[str, str], tuple[str, ...]]  # (USPS, key with kind) -> FIPS
    county_bare: Mapping[tuple[str, str], tuple[str, ...]]  # (USPS, key without) -> FIPS
    city_zips: Mapping[tuple[str, str], tuple[str, ...]]  # (USPS, city key) -> its ZIPs

    @classmethod
    def build(cls, zip_rows: Iterable[Mapping[str, Any]] | None = None) -> Gazetteer:
        states, state_abbr, state_fips = _load_states()
        names = _load_counties()
        fips_by_name = names.fips_by_name
        rows = list(zipcodes.list_all() if zip_rows is None else zip_rows)
        keys: dict[str, str] = {}  # memo: 42k ZIPs share ~30k city and ~3k county names

        def key(text: str) -> str:
            if text not in keys:
                keys[text] = place_key(text)
            return keys[text]

        zips: dict[str, Place] = {}
        city_names: dict[tuple[str, str], str] = {}
        grouped: dict[tuple[str, str], list[tuple[float, float, bool, str | None]]] = {}
        city_zips: dict[tuple[str, str], list[str]] = {}
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
                city_names.setdefault((key(city), st), city)
                grouped.setdefault((key(city), st), []).append((lat, lon, standard, fips))
                city_zips.setdefault((st, key(city)), []).append(r["zip_code"])
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
            place = Place(f"{city_names[(ckey, st)]}, {st}", lat, lon, "city", bbox, fips, st,
                          zone=_zone_at(lat, lon))
            cities.setdefault(ckey, []).append((len(pts), place))
            by_state.setdefault(st, []).append(ckey)
        ranked = {k: tuple(p for _, p in sorted(v, key=lambda x: -x[0])) for k, v in cities.items()}
        return cls(
            zips=MappingProxyType(zips),
            cities=MappingProxyType(ranked),
            city_keys=tuple(sorted(ranked)),
            cities_by_state=MappingProxyType({k: tuple(sorted(v)) for k, v in by_state.items()}),
            counties=names.places,
            states=states,
            state_abbr=state_abbr,
            state_fips=state_fips,
            county_state=names.county_state,
            county_full=names.full,
            county_bare=names.bare,
            city_zips=MappingProxyType({k: tuple(sorted(v)) for k, v in city_zips.items()}),
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
            **{name: dict(getattr(self, name)) for name in _PLAIN_MAPS},
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
            **{name: MappingProxyType(plain[name]) for name in _PLAIN_MAPS},
        )

    def city(self, name: str, state: str | None) -> tuple[list[Place], str | None]:
        """Cities called ``name`` (in ``state``); fuzzy if no exact name. Returns the name used."""
        key = place_key(name)
        found = [p for p in self.cities.get(key, ()) if state is None or p.state == state]
        if found:
            return found, None
        pool = self.cities_by_state.get(state, ()) if state else self.city_keys
        hit = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=CITY_FUZZY_CUTOFF)
        if hit is None:
            return [], None
        found = [p for p in self.cities[hit[0]] if state is None or p.state == state]
        return found, hit[0]

    def state(self, text: str) -> str | None:
        """The USPS code of a state's name, code or alias ("Illinois", "il", "State of
        Illinois", "Washington, D.C."), or None."""
        key = place_key(text)
        return self.state_abbr.get(key) or self.state_abbr.get(key.removeprefix("state of "))

    def county_codes(self, name: str, state: str | None = None) -> tuple[str, ...]:
        """FIPS of the counties called ``name`` (a key, or any text) in ``state`` (USPS), or
        in any state: the name as written ("Baltimore City", "Charles City"), else without
        its kind ("Orleans" for "Orleans Parish")."""
        key = place_key(name)
        if state:
            return (self.county_full.get((state, key)) or self.county_bare.get((state, key))
                    or self.county_bare.get((state, county_bare(key)), ()))
        return (self._anywhere("full").get(key) or self._anywhere("bare").get(key)
                or self._anywhere("bare").get(county_bare(key), ()))

    def zips_of_city(self, name: str, state: str) -> tuple[str, ...]:
        """The ZIP codes of the city called ``name`` (exactly, as its key) in ``state``."""
        return self.city_zips.get((state, place_key(name)), ())

    def _anywhere(self, which: str) -> Mapping[str, tuple[str, ...]]:
        """County codes by name in any state (built once per index, in index order)."""
        return _by_name(self, which)


_PLAIN_MAPS = ("state_abbr", "state_fips", "county_state", "county_full", "county_bare",
               "city_zips")


@functools.lru_cache(maxsize=4)
def _by_name(gaz: Gazetteer, which: str) -> Mapping[str, tuple[str, ...]]:
    index = gaz.county_full if which == "full" else gaz.county_bare
    by_name: dict[str, list[str]] = {}
    for (_, n), codes in index.items():
        by_name.setdefault(n, []).extend(codes)
    return MappingProxyType({k: tuple(v) for k, v in by_name.items()})


@functools.lru_cache(maxsize=1)
def packaged() -> Gazetteer:
    """The packaged gazetteer, loaded once per process (:meth:`Gazetteer.load`)."""
    return Gazetteer.load()


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


GAZETTEER_FORMAT = 4  # bump when Gazetteer's fields or their meaning change


def gazetteer_cache_path() -> Path:
    """``$RESOURCES_CACHE`` (or ``$XDG_CACHE_HOME/resources``, ``~/.cache/resources``)
    ``/gazetteer-<key>.pickle``, the key naming the data it was built from."""
    base = settings.cache_dir()
    key = hashlib.sha1(f"{GAZETTEER_FORMAT}|{zipcodes.__version__}".encode())
    for name in ("us_states.csv", "us_counties.csv"):
        key.update(data_path(name).read_bytes())
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


def _bbox(row: Mapping[str, str]) -> BBox:
    return (float(row["west"]), float(row["south"]), float(row["east"]), float(row["north"]))


def _load_states() -> tuple[Mapping[str, Place], Mapping[str, str], Mapping[str, str]]:
    states: dict[str, Place] = {}
    abbr: dict[str, str] = {}
    fips: dict[str, str] = {}
    with data_path("us_states.csv").open(encoding="utf-8") as fh:
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
            for k in (place_key(row["state"]), place_key(row["name"])):
                states[k], abbr[k] = place, row["state"]
            fips[row["state"]] = row["fips"]
    abbr.update(STATE_ALIASES)
    return MappingProxyType(states), MappingProxyType(abbr), MappingProxyType(fips)


@dataclass(frozen=True)
class _CountyNames:
    places: Mapping[str, tuple[Place, ...]]  # bare key -> places (search)
    fips_by_name: dict[tuple[str, str], str]  # (USPS, key of name / name + kind) -> FIPS
    county_state: Mapping[str, str]
    full: Mapping[tuple[str, str], tuple[str, ...]]
    bare: Mapping[tuple[str, str], tuple[str, ...]]


def _load_counties() -> _CountyNames:
    counties: dict[str, list[Place]] = {}
    fips_by_name: dict[tuple[str, str], str] = {}
    county_state: dict[str, str] = {}
    full: dict[tuple[str, str], list[str]] = {}
    bare: dict[tuple[str, str], list[str]] = {}
    with data_path("us_counties.csv").open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["fips"])
    for row in rows:
        st, code = row["state"], row["fips"]
        lsad = row["lsad"] if row["lsad"] not in ("Muno", "city") else ""
        label = f"{row['name']} {lsad}".strip() + f", {st}"
        place = Place(
            label,
            float(row["lat"]),
            float(row["lon"]),
            "county",
            _bbox(row),
            code,
            st,
            zone=_zone_at(float(row["lat"]), float(row["lon"])),
        )
        counties.setdefault(place_key(row["name"]), []).append(place)
        fips_by_name[(st, place_key(row["name"]))] = code
        fips_by_name[(st, place_key(f"{row['name']} {row['lsad']}"))] = code
        # the name as the boundary layers write it: "Denver County", "Baltimore city"
        key = place_key(f"{row['name']} {_LSAD.get(row['lsad'], row['lsad'])}")
        county_state[code] = st
        full.setdefault((st, key), []).append(code)
        bare.setdefault((st, county_bare(key)), []).append(code)
    return _CountyNames(
        places=MappingProxyType({k: tuple(v) for k, v in counties.items()}),
        fips_by_name=fips_by_name,
        county_state=MappingProxyType(county_state),
        full=MappingProxyType({k: tuple(v) for k, v in full.items()}),
        bare=MappingProxyType({k: tuple(v) for k, v in bare.items()}),
    )
