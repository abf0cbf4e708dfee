"""Hotline directories: phone/text/chat lines whose reach is an area, not a place.

Two formats, one pipeline (read -> canonical frame -> HSDS tables -> coverage geometry):

* ``hotlines-yaml``: ``# format: resources-hotlines/1`` (documented at the top of
  ``data/raw/hotlines.yaml``): ``source`` + a ``hotlines`` list;
* ``hotlines-csv``: one row per hotline, columns :data:`CSV_COLUMNS`; lists are
  ``;``-separated (docs/formats.md).

Each hotline becomes an organization, a service (categories from topics, hours kept
verbatim as OSM ``opening_hours`` text), phones (voice / text / textphone), languages, topic
attributes (taxonomy ``resources-hotline-topics``) and one ``service_area`` with a real
geometry (union of state or county polygons, ZIP circles, or the given polygon) built in
:meth:`HotlinesLoader.finish` from the store's boundary layers. No location rows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
import yaml  # type: ignore[import-untyped]  # PyYAML has no inline types; types-PyYAML is not a dev dependency

from resources.datafile import problems_of
from resources.geo.gazetteer import packaged
from resources.hours import ParseStatus, parse_osm  # the reader the evaluation uses
from resources.loaders._clean import (
    LoadError,
    _issue_rows,
    blank_to_none,
    label_where,
    read_csv,
)
from resources.loaders.base import Loader
from resources.loaders.coverage import codes_resolution
from resources.records import Batch, Issue
from resources.store import Store
from resources.store.boundaries_sql import TOPIC_TAXONOMY, area_geometries, ensure_boundaries

FORMAT_MARK = "resources-hotlines/1"
TAXONOMY = TOPIC_TAXONOMY
# Topic -> need ids (resources/data/needs.yaml). Narrow on purpose: the vocabulary's
# `hotline_topics` maps the other way (a caller's need -> topics of hotlines to offer);
# tests check every pair here against it. Topics without a need id stay attributes only.
TOPIC_NEEDS: dict[str, list[str]] = {
    "suicide": ["suicide_hotline"], "domestic_violence": ["dv_hotline"],
    "mental_health": ["mental_health_crisis"], "substance_use": ["substance_use_treatment"],
    "lgbtq_youth": ["lgbtq_support"], "veterans": ["veterans_services"],
    "runaway_youth": ["runaway_youth"], "sexual_assault": ["sexual_assault"],
    "child_abuse": ["child_abuse"], "poison": [],
}
COVERAGE_KEYS = {"national": "national", "states": "state", "state": "state",
                 "counties": "county", "county": "county", "zips": "zip", "zip": "zip",
                 "polygon": "polygon"}
PHONE_TYPES = {"voice": "voice", "text": "text", "sms": "text", "tty": "textphone",
               "textphone": "textphone", "video": "video"}
STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
LANGUAGES = {"en": "English", "es": "Spanish", "vi": "Vietnamese", "zh": "Chinese",
             "fr": "French", "ar": "Arabic", "ko": "Korean", "ru": "Russian", "tl": "Tagalog"}
# CSV header -> canonical column. Lists inside a cell are separated by ';'.
CSV_COLUMNS = {
    "id": "id", "name": "name", "organization": "organization", "description": "description",
    "phone": "phone_voice", "text": "phone_text", "tty": "phone_tty", "chat_url": "chat_url",
    "website": "website", "hours": "hours", "languages": "languages", "topics": "topics",
    "coverage_type": "coverage_type", "coverage_codes": "coverage_codes",
    "eligibility": "eligibility", "status": "status", "do_not_refer": "do_not_refer",
    "last_verified": "last_verified",
}
CSV_REQUIRED = ("id", "name", "coverage_type")


def bench_cases(shared: Path) -> list[Path]:
    """Files for the loader benchmark: the repo's own fixtures (no shared dataset)."""
    here = Path(__file__).resolve().parents[2] / "tests" / "data"
    return [p for p in (here / "hotlines.yaml", here / "hotlines.csv") if p.exists()]


class HotlinesLoader(Loader):
    """Shared stages; subclasses only turn a file into the canonical frame."""

    def read_frame(self, path: Path, batch: Batch) -> tuple[pd.DataFrame, dict[str, Any]]:
        raise NotImplementedError

    def read(self, path: Path) -> Batch:
        batch = Batch()
        self._file = path.name
        frame, source = self.read_frame(path, batch)
        batch.rows_read = len(frame)
        _to_tables(frame, source, batch)
        return batch

    def finish(self, store: Store, batch: Batch) -> None:
        """Coverage codes checked against the boundary layers; geometry for each area."""
        areas = batch.tables.get("service_area")
        if areas is None or areas.empty:
            return
        con = store.con
        ensure_boundaries(con)
        gaz = packaged()
        areas = areas.copy()
        coded = areas["coverage_kind"].isin(["national", "state", "county", "zip"])
        checked = [codes_resolution(k, list(c), gaz) if ok else None for k, c, ok in
                   zip(areas["coverage_kind"], areas["coverage_codes"], coded, strict=True)]
        for i, res in zip(areas.index, checked, strict=True):
            if res is not None and res.unresolved:
                batch.issues.append(Issue(
                    self._file, int(areas.at[i, "source_row"]), "coverage",
                    ", ".join(res.unresolved),
                    "unknown coverage codes skipped" + ("" if res.codes else
                                                        "; no area: never offered by area"),
                    "warning", str(areas.at[i, "service_id"])))
        areas["coverage_codes"] = [list(r.codes) if r else c for r, c in
                                   zip(checked, areas["coverage_codes"], strict=True)]
        key = areas["coverage_kind"].astype(str) + ":" + areas["coverage_codes"].map(
            lambda cs: ",".join(cs) if isinstance(cs, list) else "")
        unique = areas[coded].assign(_key=key[coded]).drop_duplicates("_key")
        by_key = dict(zip(unique["_key"], area_geometries(con, unique), strict=True))
        geoms = key[coded].map(by_key)
        areas["geom"] = pd.Series(None, index=areas.index, dtype=object)
        areas.loc[coded, "geom"] = geoms
        poly = areas["coverage_kind"] == "polygon"
        if poly.any():
            areas.loc[poly, "geom"] = list(shapely.to_wkb(
                shapely.from_geojson(areas.loc[poly, "extent"].tolist())))
        # WKT, not WKB: the store hashes every column as text for the re-load diff
        wkb = areas["geom"].map(lambda g: g if isinstance(g, bytes) else None)
        areas["geom"] = shapely.to_wkt(shapely.from_wkb(wkb.to_numpy()), rounding_precision=-1)
        batch.tables["service_area"] = areas


class HotlinesYAMLLoader(HotlinesLoader):
    kind = "hotlines-yaml"
    description = "hotline directory, YAML (# format: resources-hotlines/1)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in (".yaml", ".yml"):
            return False
        with path.open("rb") as handle:
            head = handle.read(4000).decode("utf-8", "replace")
        return FORMAT_MARK in head or bool(re.search(r"(?m)^hotlines:\s*$", head))

    def read_frame(self, path: Path, batch: Batch) -> tuple[pd.DataFrame, dict[str, Any]]:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise LoadError(f"{path.name} is not valid YAML: {exc}") from exc
        problems = problems_of(doc, "resources.loaders._hotlines_schema:HotlinesFile")
        if problems:
            raise LoadError(f"{path.name} is not a hotline list ({FORMAT_MARK}: `source` and "
                            "a `hotlines:` list of entries)",
                            [Issue(path.name, None, None, None, p, "error") for p in problems])
        entries = doc["hotlines"]
        frame = pd.DataFrame.from_records(entries)
        for col in ("phones", "languages", "topics", "coverage"):
            if col not in frame:
                frame[col] = None
        cov = frame["coverage"].map(_coverage_of)
        frame["coverage_type"] = [c[0] for c in cov]
        frame["coverage_codes"] = [c[1] for c in cov]
        frame["source_row"] = np.arange(1, len(frame) + 1)
        frame["_file"] = path.name
        source = doc.get("source")
        return frame.drop(columns=["coverage"]), source if isinstance(source, dict) else {}


def _coverage_of(value: Any) -> tuple[str | None, Any]:
    if not isinstance(value, dict) or len(value) != 1:
        return (None, json.dumps(value) if value is not None else None)
    key, codes = next(iter(value.items()))
    if key == "polygon":
        return "polygon", json.dumps(codes)
    return str(key), codes


class HotlinesCSVLoader(HotlinesLoader):
    kind = "hotlines-csv"
    description = "hotline directory, CSV (id,name,phone,text,tty,...,coverage_type,coverage_codes)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in (".csv", ".tsv", ".txt"):
            return False
        with path.open("rb") as handle:
            head = handle.readline().decode("utf-8-sig", "replace").lower()
        cols = {c.strip().strip('"') for c in re.split(r"[,\t;]", head)}
        return {"id", "name", "coverage_type", "coverage_codes"} <= cols and "phone" in cols

    def read_frame(self, path: Path, batch: Batch) -> tuple[pd.DataFrame, dict[str, Any]]:
        raw = read_csv(path, batch.issues)
        missing = [c for c in CSV_REQUIRED if c not in raw.columns]
        if missing:
            raise LoadError(f"{path.name} lacks required columns {missing}",
                            [Issue(path.name, None, c, None, "required column missing", "error")
                             for c in missing])
        for col in raw.columns:
            if col not in CSV_COLUMNS and col not in ("source_row", "_file"):
                batch.issues.append(Issue(path.name, None, col, None,
                                          "unknown hotlines-csv column: not stored", "info"))
        frame = blank_to_none(raw).rename(columns=CSV_COLUMNS)
        for col in set(CSV_COLUMNS.values()):
            if col not in frame:
                frame[col] = None
        for col in ("languages", "topics", "coverage_codes"):
            keep = frame["coverage_type"].eq("polygon") & (col == "coverage_codes")
            frame[col] = _split(frame[col]).where(~keep, frame[col])
        phones = frame[["phone_voice", "phone_text", "phone_tty"]].rename(
            columns={"phone_voice": "voice", "phone_text": "text", "phone_tty": "tty"})
        long = phones.stack().dropna().rename("number").reset_index()
        long["number"] = long["number"].str.split(";")
        long = long.explode("number")
        long["number"] = long["number"].str.strip()
        long = long[long["number"].astype(bool)]
        grouped = pd.Series(
            [{"number": n, "type": t} for n, t in zip(long["number"], long["level_1"],
                                                      strict=True)],
            index=long["level_0"]).groupby(level=0).agg(list)
        frame["phones"] = grouped.reindex(frame.index)
        return frame, {}


def _split(values: pd.Series) -> pd.Series:
    parts = values.astype("string").str.split(";")
    return parts.map(lambda xs: [x.strip() for x in xs if x.strip()]
                     if isinstance(xs, list) else None)


# --------------------------------------------------------------------------------------
# canonical frame -> HSDS tables


def _slug(values: pd.Series) -> pd.Series:
    return values.astype("string").str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True) \
        .str.strip("-")


def _listify(values: pd.Series) -> pd.Series:
    return values.map(lambda v: [str(x).strip() for x in v] if isinstance(v, list)
                      else [] if v is None or (isinstance(v, float) and np.isnan(v))
                      else [s.strip() for s in str(v).split(";") if s.strip()])


def _to_tables(frame: pd.DataFrame, source: dict[str, Any], batch: Batch) -> None:
    issues = batch.issues
    frame = frame.copy()
    frame["id"] = frame["id"].astype("string").str.strip()
    for col in ("name", "organization", "description", "hours", "chat_url", "website",
                "eligibility", "status", "last_verified", "do_not_refer"):
        if col not in frame:
            frame[col] = None
    frame["name"] = frame["name"].astype("string").str.strip()
    no_id = frame["id"].isna() | (frame["id"] == "")
    issues.extend(_issue_rows(frame, no_id, "id", "hotline has no id; row not loaded", "error"))
    dup = frame["id"].duplicated(keep="first") & ~no_id
    issues.extend(_issue_rows(frame, dup, "id", "hotline id repeats an earlier entry; later "
                              "entry not loaded", "error"))
    frame = frame[~no_id & ~dup].copy()
    frame["phones"] = frame["phones"].map(lambda v: v if isinstance(v, list) else [])
    no_name = frame["name"].isna() | (frame["name"] == "")
    issues.extend(_issue_rows(frame, no_name, "name",
                              "hotline has no name; row not loaded", "error"))
    unreachable = frame["phones"].map(len).eq(0) & frame["chat_url"].isna()
    issues.extend(_issue_rows(frame, unreachable & ~no_name, "phones",
                              "hotline has no phone and no chat_url; row not loaded", "error",
                              frame["phones"].astype(str)))
    frame = frame[~no_name & ~unreachable].copy()

    frame["topics"] = _listify(frame["topics"])
    frame["languages"] = _listify(frame["languages"])
    _service(frame, source, batch)
    _phones(frame, batch)
    _topics(frame, batch)
    _languages(frame, batch)
    _areas(frame, batch)
    orgs = frame.assign(org=frame["organization"].fillna(frame["name"]))
    org = pd.DataFrame({"id": _slug(orgs["org"]), "name": orgs["org"],
                        "website": orgs["website"], "source_row": orgs["source_row"],
                        "_file": orgs["_file"]}).drop_duplicates("id")
    batch.add("organization", org)


def _service(frame: pd.DataFrame, source: dict[str, Any], batch: Batch) -> None:
    status = frame["status"].astype("string").str.strip().str.lower().fillna("active")
    bad = ~status.isin(STATUSES)
    batch.issues.extend(_issue_rows(frame, bad, "status",
                                    "unknown status; stored as inactive (never offered)",
                                    "warning"))
    verified = frame["last_verified"].where(frame["last_verified"].notna(),
                                            source.get("last_verified"))
    unknown = frame["topics"].map(lambda ts: [t for t in ts if t not in TOPIC_NEEDS])
    batch.issues.extend(_issue_rows(frame, unknown.map(bool), "topics",
                                    "unknown topic: kept as an attribute, no need category",
                                    "warning", unknown.map(", ".join)))
    hours_missing = frame["hours"].isna()
    batch.issues.extend(_issue_rows(frame, hours_missing, "hours",
                                    "no hours given: shown as unknown", "warning"))
    _check_hours(frame, batch.issues)
    batch.add("service", pd.DataFrame({
        "id": frame["id"], "organization_id": _slug(frame["organization"].fillna(frame["name"])),
        "name": frame["name"], "description": frame["description"],
        "url": frame["chat_url"].fillna(frame["website"]),
        "status": status.where(~bad, "inactive"), "eligibility_description": frame["eligibility"],
        "assured_date": verified.astype(object).map(lambda v: None if v is None else str(v)),
        "categories": frame["topics"].map(_categories),
        "do_not_refer": frame["do_not_refer"], "hours_text": frame["hours"],
        "hours_format": label_where(~hours_missing, "osm"),
        "source_row": frame["source_row"], "_file": frame["_file"],
    }))


def _categories(topics: list[str]) -> list[str] | None:
    """Need ids for a hotline's topics (TOPIC_NEEDS; checked against the vocabulary)."""
    out = [n for t in topics for n in TOPIC_NEEDS.get(t, [])]
    return sorted(set(out)) or None


def _check_hours(frame: pd.DataFrame, issues: list[Issue]) -> None:
    texts = frame["hours"].dropna().astype(str)
    bad_texts = {t for t in texts.unique() if parse_osm(t).status is ParseStatus.UNKNOWN}
    mask = frame["hours"].isin(bad_texts)
    issues.extend(_issue_rows(frame, mask, "hours",
                              "not valid OSM opening_hours syntax; text kept, open/closed unknown",
                              "warning"))


def _phones(frame: pd.DataFrame, batch: Batch) -> None:
    long = frame[["id", "phones", "source_row", "_file"]].explode("phones")
    long = long.assign(n=long.groupby(level=0).cumcount() + 1)
    long = long[long["phones"].map(lambda p: isinstance(p, dict))].reset_index(drop=True)
    if long.empty:
        return
    detail = pd.DataFrame(long["phones"].tolist(), index=long.index)
    for col in ("number", "type", "description", "keyword"):
        if col not in detail:
            detail[col] = None
    kind = detail["type"].astype("string").str.strip().str.lower().fillna("voice")
    mapped = kind.map(PHONE_TYPES)
    number = detail["number"].astype("string").str.strip()
    ref = long.assign(type=kind, number=number)
    batch.issues.extend(_issue_rows(ref, mapped.isna(), "phones.type",
                                    "unknown phone type; stored as voice", "warning", kind))
    no_digit = ~number.fillna("").str.contains(r"\d")
    batch.issues.extend(_issue_rows(ref, no_digit, "phones.number",
                                    "phone number has no digits; phone not stored", "warning",
                                    number))
    keyword, desc = detail["keyword"], detail["description"]
    add_kw = pd.Series([isinstance(k, str) and k not in str(d or "")
                        for k, d in zip(keyword, desc, strict=True)], index=detail.index)
    desc = desc.where(~add_kw, "Text " + keyword.astype(str) + ". " + desc.fillna("").astype(str))
    desc = desc.astype("string").str.strip()
    phones = pd.DataFrame({
        "id": long["id"] + "-phone-" + long["n"].astype(str), "service_id": long["id"],
        "number": number, "type": mapped.fillna("voice"), "description": desc,
        "source_row": long["source_row"], "_file": long["_file"],
    })
    batch.add("phone", phones[~no_digit])


def _topics(frame: pd.DataFrame, batch: Batch) -> None:
    long = frame[["id", "topics", "source_row"]].explode("topics").dropna(subset=["topics"])
    if long.empty:
        return
    batch.add("taxonomy", pd.DataFrame({"id": [TAXONOMY], "name": [TAXONOMY],
                                        "description": ["hotline topics (resources-hotlines/1)"]}))
    terms = sorted(long["topics"].unique())
    batch.add("taxonomy_term", pd.DataFrame({
        "id": [f"topic-{t}" for t in terms], "code": terms, "name": terms,
        "taxonomy": TAXONOMY, "taxonomy_id": TAXONOMY}))
    batch.add("attribute", pd.DataFrame({
        "id": long["id"] + "-topic-" + long["topics"], "link_id": long["id"],
        "link_type": "topic", "link_entity": "service",
        "taxonomy_term_id": "topic-" + long["topics"], "value": long["topics"],
        "source_row": long["source_row"]}).drop_duplicates("id"))


def _languages(frame: pd.DataFrame, batch: Batch) -> None:
    long = frame[["id", "languages", "source_row"]].explode("languages")
    long = long.dropna(subset=["languages"])
    if long.empty:
        return
    code = long["languages"].str.lower()
    batch.add("language", pd.DataFrame({
        "id": long["id"] + "-lang-" + code, "service_id": long["id"], "code": code,
        "name": code.map(LANGUAGES).fillna(code), "source_row": long["source_row"],
    }).drop_duplicates("id"))


def _areas(frame: pd.DataFrame, batch: Batch) -> None:
    given = frame["coverage_type"].astype("string").str.strip().str.lower()
    kind = given.map(COVERAGE_KEYS)
    codes = frame["coverage_codes"].map(
        lambda v: [str(x).strip() for x in v] if isinstance(v, list)
        else [str(v).strip()] if v is not None and str(v).strip() else [])
    codes = codes.where(kind != "polygon", None)
    extent = frame["coverage_codes"].where(kind == "polygon")
    bad_poly = (kind == "polygon") & ~extent.map(_is_geojson)
    missing = kind.isna()
    shown = (given.fillna("") + " " + frame["coverage_codes"].map(
        lambda v: "" if v is None or v is np.nan else str(v))).str.strip()
    batch.issues.extend(_issue_rows(frame, missing, "coverage",
                                    "no readable coverage (national | states | counties | zips | "
                                    "polygon); kept, never offered by area", "warning", shown))
    batch.issues.extend(_issue_rows(frame, bad_poly, "coverage",
                                    "polygon is not a GeoJSON polygon; kept, never offered by "
                                    "area", "warning", extent))
    kind = kind.where(~missing & ~bad_poly, "text")
    upper = kind.isin(["state", "national"])
    codes = codes.where(~upper, codes.map(lambda cs: [c.upper() for c in cs] if cs else cs))
    codes = codes.where(kind != "county", codes.map(lambda cs: [c.zfill(5) for c in cs]
                                                    if cs else cs))
    label = {"national": "United States", "state": "States", "county": "Counties (FIPS)",
             "zip": "ZIP codes (approximate area: circles around ZIP centroids)",
             "polygon": "Polygon", "text": "Unreadable coverage"}
    batch.add("service_area", pd.DataFrame({
        "id": frame["id"] + "-area", "service_id": frame["id"],
        "name": kind.map(label) + codes.map(lambda cs: f": {', '.join(cs)}" if cs else ""),
        "extent": extent.where(~bad_poly), "extent_type": label_where(kind == "polygon", "geojson"),
        "coverage_kind": kind, "coverage_codes": codes.where(kind != "text", None),
        "source_row": frame["source_row"], "_file": frame["_file"],
    }))


def _is_geojson(text: Any) -> bool:
    try:
        geom = shapely.from_geojson(str(text))
    except Exception:  # noqa: BLE001 - shapely raises GEOSException / ValueError
        return False
    return geom is not None and geom.geom_type in ("Polygon", "MultiPolygon") and geom.is_valid
