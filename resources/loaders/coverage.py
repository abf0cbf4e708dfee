"""Service-area coverage: 211-style ``Coverage`` text to (kind, codes, geometry).

:func:`resolve_coverage` reads text such as ``"District of Columbia"``,
``"Prince George's County, MD"``, ``"Montgomery County (MD)"``, ``"Nationwide"``,
``"Maryland"``, ``"20001, 20002"`` or the AIRS export form ``"DC; MD - Montgomery County;"``
into a :class:`Resolution` (coverage_kind ``national | state | county | zip | mixed | text``
and codes: USPS state codes, 5-digit county FIPS, ZIPs; ``mixed`` codes carry a
``state:``/``county:``/``zip:`` prefix). It never guesses silently: every reading that is
not literal (a state or ZIP written as a county, a county named without its state) comes
with a note, and text it cannot read stays ``text`` (no geometry).

:func:`resolve_service_areas` fills ``service_area.geom`` for every row that has none and
whose codes or text can be resolved, after a plausibility check against the service's own
locations; it reports every row it could not (or only partly) resolve in ``load_issue``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from resources.geo.gazetteer import (
    COUNTY_PREFIXES,
    Gazetteer,
    county_bare,
    packaged,
    place_key,
)
from resources.store import coverage_sql
from resources.store.boundaries_sql import area_geometries, ensure_boundaries
from resources.store.write import bulk_geometry

NATIONAL = {"nationwide", "national", "united states", "usa", "us", "u s", "u s a",
            "all states", "entire us", "entire united states", "all of the united states"}
CODE_KINDS = ("national", "state", "county", "zip", "mixed")
# A resolved area farther than this (degrees, about 25 km) from every location of its
# service is not trusted (e.g. "MD - Washington County" for agencies in Washington, DC).
PLAUSIBLE_DEG = 0.25


@dataclass(frozen=True)
class Resolution:
    kind: str                           # national | state | county | zip | mixed | text
    codes: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()    # parts of the text that could not be read
    notes: tuple[str, ...] = ()         # readings that are not literal, ambiguities

    @property
    def resolved(self) -> bool:
        return self.kind != "text"


Part = tuple[str, str]  # (kind, code)


def _zips(text: str, gaz: Gazetteer, notes: list[str]) -> list[Part] | None:
    if not re.fullmatch(r"[\d\s,;/&-]+|[\d\s,]+(and|or)[\d\s,]+", text.strip()):
        return None
    found = re.findall(r"\b(\d{5})(?:-\d{4})?\b", text)
    if not found:
        return None
    unknown = [z for z in found if z not in gaz.zips]
    if unknown:
        notes.append(f"unknown ZIP codes skipped: {', '.join(unknown)}")
    return [("zip", z) for z in found if z in gaz.zips]


def _county(rest: str, usps: str | None, gaz: Gazetteer, notes: list[str],
            home: str | None = None) -> list[Part]:
    """A county (or a city: :func:`_city`) named ``rest``, in ``usps`` when given; a bare
    name is read in ``home``, the state of the directory's places, before anywhere else."""
    name = place_key(rest)
    bare = county_bare(name)
    if re.fullmatch(r"\d{5}", bare):
        if bare in gaz.zips:
            notes.append(f"{rest!r} is a ZIP code written as a county: read as ZIP {bare}")
            return [("zip", bare)]
        return []
    if usps:
        hits = gaz.county_codes(name, usps)
        if len(hits) == 1:
            return [("county", hits[0])]
        if len(hits) > 1:
            notes.append(f"{rest!r} in {usps} is ambiguous ({', '.join(hits)})")
            return []
    hits = gaz.county_codes(name)
    as_state = gaz.state(bare)
    if as_state and name != bare and not hits:
        notes.append(f"{rest!r} names a state, not a county: read as the state {as_state}")
        return [("state", as_state)]
    at_home = [h for h in hits if gaz.county_state[h] == home] if not usps else []
    if len(hits) > 1 and len(at_home) == 1:
        notes.append(f"{rest!r}: no state given; read in {home}, where this directory's "
                     f"places are ({len(hits)} counties of that name)")
        return [("county", at_home[0])]
    city = [] if at_home else _city(rest, usps or home, gaz, notes)
    if city:
        return city
    if len(hits) == 1:
        where = gaz.county_state[hits[0]]
        why = f"not a county of {usps}" if usps else "no state given"
        notes.append(f"{rest!r}: {why}; the only county of that name is {hits[0]} in {where}")
        return [("county", hits[0])]
    if len(hits) > 1:
        notes.append(f"{rest!r} is ambiguous without a state ({len(hits)} counties)")
    return []


def _city(rest: str, usps: str | None, gaz: Gazetteer, notes: list[str]) -> list[Part]:
    """A name that is no county: a city of the state (given, or the directory's home state)
    is read as its ZIP codes."""
    zips = gaz.zips_of_city(rest, usps) if usps else ()
    if zips:
        notes.append(f"{rest!r} is a city of {usps}: read as its {len(zips)} ZIP codes")
    return [("zip", z) for z in zips]


def _part(text: str, gaz: Gazetteer, notes: list[str], home: str | None = None) -> list[Part]:
    text = text.strip().strip(".,;: ")
    if not text:
        return []
    if place_key(text) in NATIONAL:
        return [("national", "US")]
    zips = _zips(text, gaz, notes)
    if zips is not None:
        return zips
    usps = gaz.state(text)
    if usps:
        return [("state", usps)]
    m = re.fullmatch(r"([A-Za-z]{2})\s+-\s+(.+)", text)            # AIRS: "MD - Howard County"
    if m and gaz.state(m[1]):
        return _county(m[2], gaz.state(m[1]), gaz, notes)
    m = re.fullmatch(r"(.+?)\s*(?:,|\()\s*([A-Za-z. ]+?)\s*\)?", text)   # "X, MD" / "X (MD)"
    usps = gaz.state(m[2]) if m else None
    if m and usps:
        if gaz.state(m[1]) == usps:                                   # "Illinois, IL"
            return [("state", usps)]
        return _county(m[1], usps, gaz, notes)
    if place_key(text).startswith(COUNTY_PREFIXES):                 # "City and County of"
        return _county(text, None, gaz, notes, home)
    if "," in text or " and " in text:                              # a list: "DC, MD and VA"
        pieces = [p for p in re.split(r",|\band\b", text) if p.strip()]
        out = [_part(p, gaz, notes, home) for p in pieces]
        return [x for o in out for x in o] if all(out) else []
    return _county(text, None, gaz, notes, home)


def resolve_coverage(text: str | None, gaz: Gazetteer, home: str | None = None) -> Resolution:
    """Read coverage text; parts that cannot be read are listed, never dropped silently.
    ``home``: the state the directory's places are in, where a county name given without
    its state and found in several states is read (noted)."""
    if text is None or not str(text).strip():
        return Resolution("text", notes=("no coverage text",))
    return _resolve_cached(str(text).strip(), gaz, home)


@lru_cache(maxsize=4096)
def _resolve_cached(text: str, gaz: Gazetteer, home: str | None = None) -> Resolution:
    notes: list[str] = []
    parts: list[Part] = []
    unresolved: list[str] = []
    for piece in re.split(r"[;\n|]+", text):
        if not piece.strip(" .,"):
            continue
        got = _part(piece, gaz, notes, home)
        if got:
            parts += [p for p in got if p not in parts]
        else:
            unresolved.append(piece.strip())
    if not parts:
        return Resolution("text", (), tuple(unresolved), tuple(notes))
    if ("national", "US") in parts:
        return Resolution("national", ("US",), tuple(unresolved), tuple(notes))
    kinds = {k for k, _ in parts}
    if len(kinds) == 1:
        return Resolution(kinds.pop(), tuple(c for _, c in parts), tuple(unresolved), tuple(notes))
    return Resolution("mixed", tuple(f"{k}:{c}" for k, c in parts), tuple(unresolved),
                      tuple(notes))



def codes_resolution(kind: str, codes: list[str], gaz: Gazetteer) -> Resolution:
    """Check codes a source gave directly (``coverage_kind`` + ``coverage_codes``)."""
    known = {
        "national": lambda c: c.upper() in ("US", "USA"),
        "state": lambda c: c.upper() in gaz.state_fips,
        "county": lambda c: c in gaz.county_state,
        "zip": lambda c: c in gaz.zips,
    }
    if kind == "mixed":
        good = [c for c in codes if ":" in c and c.split(":", 1)[0] in known
                and known[c.split(":", 1)[0]](c.split(":", 1)[1])]
    else:
        good = [c for c in codes if known[kind](c)]
    bad = tuple(c for c in codes if c not in good)
    notes = (f"unknown {kind} codes skipped: {', '.join(bad)}",) if bad else ()
    if kind == "national" and good:
        good = ["US"]
    if kind == "state":
        good = [c.upper() for c in good]
    return Resolution(kind if good else "text", tuple(good), bad, notes)


# --------------------------------------------------------------------------------------
# Filling service_area.geom in the store

def _row_resolution(row: Mapping[str, Any], gaz: Gazetteer,
                    home: str | None = None) -> tuple[Resolution, str | None]:
    kind, codes = row["coverage_kind"], row["coverage_codes"]
    if kind in CODE_KINDS and codes is not None and len(codes):
        return codes_resolution(kind, [str(c) for c in codes], gaz), ", ".join(map(str, codes))
    texts = [t for t in (row["extent"], row["name"], row["description"])
             if isinstance(t, str) and t.strip()]
    if str(row["extent_type"] or "").lower() == "geojson" or (texts and texts[0][:1] == "{"):
        extent = row["extent"] if isinstance(row["extent"], str) else ""
        if _valid_geojson(extent):
            return Resolution("polygon", notes=()), extent
        return Resolution("text", unresolved=(extent[:80],), notes=(
            "extent is marked GeoJSON but is not a valid GeoJSON geometry; kept as text",)), extent
    for text in texts:
        res = resolve_coverage(text, gaz, home)
        if res.resolved:
            return res, text
    first = texts[0] if texts else None
    return resolve_coverage(first, gaz, home), first


def _valid_geojson(text: str) -> bool:
    try:
        geom = shapely.from_geojson(text)
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return False
    return geom is not None and not geom.is_empty and geom.geom_type in (
        "Polygon", "MultiPolygon")


def resolve_service_areas(con: duckdb.DuckDBPyConnection,
                          source_id: str | None = None) -> pd.DataFrame:
    """Fill ``geom`` (and kind/codes) of service areas that have none; report each row.

    Reads, in order: ``coverage_kind`` + ``coverage_codes`` when set; GeoJSON in
    ``extent``; else the text of ``extent``, ``name`` or ``description``. A resolved area
    farther than :data:`PLAUSIBLE_DEG` from every location of its service is left
    unresolved and reported (a misread name must not route callers to the wrong place).
    Returns one row per service area examined (id, source_id, text, coverage_kind, codes,
    filled, severity, problem); the same problems go to ``load_issue`` (field ``coverage``).
    """
    gaz = packaged()
    ensure_boundaries(con)
    pending = coverage_sql.pending_areas(con, source_id)
    cols = ["id", "source_id", "source_record_id", "source_row", "text", "coverage_kind",
            "codes", "filled", "severity", "problem"]
    if pending.empty:
        return pd.DataFrame(columns=cols)
    homes = coverage_sql.home_states(con, sorted(pending["source_id"].dropna().unique()))
    res_text = _resolutions(pending, gaz, homes)
    report = pending[["id", "source_id", "source_record_id", "source_row"]].copy()
    report["text"] = [t for _, t in res_text]
    report["coverage_kind"] = [r.kind for r, _ in res_text]
    report["codes"] = [list(r.codes) for r, _ in res_text]
    wkb = _geometries(con, report)
    polygon = report["coverage_kind"] == "polygon"
    report["problem"] = [_problem(r) for r, _ in res_text]
    report["severity"] = [_severity(r) for r, _ in res_text]
    _check_plausible(con, pending, report, wkb)
    report["filled"] = (wkb.notna() | polygon) & (report["coverage_kind"] != "text")
    with bulk_geometry(con, ["service_area"], int(wkb.notna().sum() + polygon.sum())):
        _write(con, report, wkb, pending["coverage_kind"])
    _record_issues(con, report)
    return report[cols]


_ROW_FIELDS = ("coverage_kind", "coverage_codes", "extent", "name", "description", "extent_type")


def _resolutions(pending: pd.DataFrame, gaz: Gazetteer,
                 homes: Mapping[str, str]) -> list[tuple[Resolution, str | None]]:
    """:func:`_row_resolution` per row, computed once per distinct set of coverage fields
    (a 211 export repeats the same few coverage texts over thousands of programs), in the
    home state of the row's source (``homes``: source id -> USPS) when it has one."""
    done: dict[tuple[Any, ...], tuple[Resolution, str | None]] = {}
    out = []
    for source, *values in pending[["source_id", *_ROW_FIELDS]].itertuples(index=False,
                                                                            name=None):
        home = homes.get(str(source))
        key = (home, *(tuple(v) if isinstance(v, list | tuple | np.ndarray) else v
                       for v in values))
        if key not in done:
            done[key] = _row_resolution(dict(zip(_ROW_FIELDS, values, strict=True)), gaz, home)
        out.append(done[key])
    return out


def _geometries(con: duckdb.DuckDBPyConnection, report: pd.DataFrame) -> pd.Series:
    """WKB per row, each distinct (kind, codes) area built once."""
    keys = pd.Series([(k, tuple(c)) for k, c in zip(report["coverage_kind"], report["codes"],
                                                    strict=True)], index=report.index)
    distinct = list(dict.fromkeys(keys))
    areas = pd.DataFrame({"coverage_kind": [k for k, _ in distinct],
                          "coverage_codes": [list(c) for _, c in distinct]})
    built = dict(zip(distinct, area_geometries(con, areas), strict=True))
    return pd.Series([built[k] for k in keys], index=report.index, dtype=object)


def _problem(res: Resolution) -> str | None:
    bits = []
    if not res.resolved:
        bits.append("coverage text not resolved to an area; kept as text (not used for "
                    "coverage searches)")
    elif res.unresolved:
        bits.append("coverage partly resolved: the area covers only the parts read; not "
                    f"read: {'; '.join(res.unresolved)}")
    bits += list(res.notes)
    return " | ".join(bits) or None


def _severity(res: Resolution) -> str | None:
    if res.resolved and res.unresolved:
        return "warning"
    return "info" if (res.notes or not res.resolved) else None


def _check_plausible(con: duckdb.DuckDBPyConnection, pending: pd.DataFrame,
                     report: pd.DataFrame, wkb: pd.Series) -> None:
    frame = pd.DataFrame({"area_id": pending["id"], "service_id": pending["service_id"],
                          "wkb": wkb.where(report["coverage_kind"] != "national")})
    frame = frame.dropna(subset=["wkb"])
    if frame.empty:
        return
    located = coverage_sql.located_places(con, frame)
    far = _far_areas(frame, located)
    if far.empty:
        return
    # one pass over the far areas (not a lookup and a cell write per area: quadratic)
    hit = report["id"].isin(far.index).to_numpy()
    sub = report.loc[hit, ["id", "coverage_kind", "codes"]]
    n = sub["id"].map(far["n"]).to_numpy()
    dist = sub["id"].map(far["dist"]).to_numpy()
    report.loc[hit, "problem"] = [
        f"coverage read as {kind} {', '.join(codes)}, but none of the service's {int(k)} "
        f"located places is within about {d * 111:.0f} km of it: left unresolved (check "
        "the source's coverage)"
        for kind, codes, k, d in zip(sub["coverage_kind"], sub["codes"], n, dist, strict=True)]
    report.loc[hit, "severity"] = "warning"
    report.loc[hit, "coverage_kind"] = "text"
    report["codes"] = [[] if h else c for h, c in zip(hit, report["codes"], strict=True)]
    wkb[hit] = None


def _far_areas(areas: pd.DataFrame, located: pd.DataFrame) -> pd.DataFrame:
    """Areas with no located place of their service within :data:`PLAUSIBLE_DEG`, indexed
    by area id: ``n`` (located places) and ``dist`` (nearest, in degrees). One prepared
    geometry per distinct area, all its places tested at once (no loop per area)."""
    if located.empty:
        return pd.DataFrame({"n": [], "dist": []})
    geom_of = dict(zip(areas["area_id"], areas["wkb"], strict=True))
    located = located.assign(wkb=located["area_id"].map(geom_of))
    area_ids = located["area_id"].to_numpy()
    xs, ys = located["x"].to_numpy(), located["y"].to_numpy()
    groups = located.groupby("wkb", sort=False).indices
    geoms = {}
    near = np.zeros(len(located), dtype=bool)
    for blob, idx in groups.items():
        geom = geoms[blob] = shapely.from_wkb(blob)
        shapely.prepare(geom)
        near[idx] = shapely.dwithin(geom, shapely.points(xs[idx], ys[idx]), PLAUSIBLE_DEG)
    any_near = pd.Series(near).groupby(area_ids).any()
    far = set(any_near.index[~any_near.to_numpy()])
    if not far:
        return pd.DataFrame({"n": [], "dist": []})
    dist = np.full(len(located), np.nan)
    in_far = pd.Series(area_ids).isin(far).to_numpy()
    for blob, idx in groups.items():
        idx = idx[in_far[idx]]
        if len(idx):
            dist[idx] = shapely.distance(geoms[blob], shapely.points(xs[idx], ys[idx]))
    rows = pd.DataFrame({"area_id": area_ids[in_far], "dist": dist[in_far]})
    return rows.groupby("area_id").agg(n=("dist", "size"), dist=("dist", "min"))


def _write(con: duckdb.DuckDBPyConnection, report: pd.DataFrame, wkb: pd.Series,
           was: pd.Series) -> None:
    """Update the rows whose kind, codes or geometry change (a row read as text again,
    with no codes and no geometry, is left as it is: most rows of a 211 export)."""
    same = ((report["coverage_kind"] == was) & (report["coverage_kind"] != "polygon")
            & wkb.isna() & (report["codes"].map(len) == 0)).to_numpy(dtype=bool)
    if same.all():
        return
    keep = ~same
    frame = pa.table({
        "id": pa.array(report["id"].to_numpy(dtype=object)[keep], type=pa.string()),
        "kind": pa.array(report["coverage_kind"].to_numpy(dtype=object)[keep], type=pa.string()),
        "codes": pa.array(report["codes"].to_numpy(dtype=object)[keep],
                          type=pa.list_(pa.string())),
        "wkb": pa.array(wkb.to_numpy(dtype=object)[keep], type=pa.binary()),
    })
    coverage_sql.write_areas(con, frame)


def _record_issues(con: duckdb.DuckDBPyConnection, report: pd.DataFrame) -> None:
    coverage_sql.delete_coverage_issues(con, report)
    flagged = report[report["severity"].notna()]
    if flagged.empty:
        return
    issues = pd.DataFrame({
        "source_id": flagged["source_id"], "file": "service_area",
        "row_number": flagged["source_row"], "record_id": flagged["source_record_id"],
        "field": "coverage", "value": flagged["text"], "problem": flagged["problem"],
        "severity": flagged["severity"], "loaded_at": datetime.now(UTC),
    })
    coverage_sql.add_load_issues(con, issues)
