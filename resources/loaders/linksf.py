"""Link-SF (San Francisco homeless services, 2014): the Parse JSON export and the flat CSV.

``linksf-json``: a JSON array of facilities, each with ``services[]`` whose ``openHours``
is keyed by weekday index, **0 = Sunday** (checked on real records: "Showers available on
weekdays" has keys 1-5; "dinner tues-fri ... lunch saturday" has 2-5 and 6), values
``[[open, close], ...]`` in HHMM (2359 = end of day). Each pair becomes a WEEKLY
``schedule`` row; the original JSON stays in ``service.hours_text`` (format ``linksf``).
Facility ``age`` codes and ``gender`` become the eligibility text.

``linksf-csv``: ``locations.csv`` (CR line endings, MacRoman-encoded mojibake repaired),
one row per facility and category with 0/1 flags; no ids (made from name + address).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from resources.loaders._clean import (
    LoadError,
    _issue_rows,
    blank_to_none,
    demojibake,
    expect_columns,
    label_where,
    read_csv,
)
from resources.loaders._needs_map import categories_by_key
from resources.loaders.base import Loader
from resources.records import Batch, Issue

DAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]  # openHours key 0 = Sunday
AGE_CODES = {"C": "children", "Y": "youth", "A": "adults", "S": "seniors"}
GENDER = {"F": "women only", "M": "men only"}

CATEGORY_FLAGS = ("medical", "food", "hygiene", "technology", "housing")
# LinkSF category -> need ids when the service's own words name none.
# TODO(needs vocabulary): move to resources/data/needs.yaml source maps when it lands.
CATEGORY_NEEDS: dict[str, list[str]] = {
    "housing": ["emergency_shelter"], "food": ["hot_meals"], "medical": ["free_clinic"],
    "hygiene": ["showers"], "technology": [],
}
CITY = "San Francisco"
_PHONE = re.compile(r"\(?\d{3}\)?[ .-]?\d{3}-\d{4}")


def _hhmm(values: pd.Series) -> pd.Series:
    v = pd.to_numeric(values, errors="coerce")
    hh, mm = v // 100, v % 100
    text = hh.astype("Int64").astype("string").str.zfill(2) + ":" + mm.astype("Int64").astype(
        "string").str.zfill(2) + ":00"
    return text.where(v != 2359, "23:59:59")


def _age_words(value: object) -> str | None:
    """A facility's age codes in words ('C' -> 'children'); unknown codes as they are."""
    if not isinstance(value, list) or not value:
        return None
    codes: list[str] = value
    return ", ".join(AGE_CODES.get(c, c) for c in codes)


def _needs(batch_keys: pd.Series, words: pd.Series, category: pd.Series) -> list[Any]:
    cats = categories_by_key(batch_keys, words)
    out = []
    for key, cat in zip(batch_keys, category, strict=False):
        found = cats.get(str(key)) or CATEGORY_NEEDS.get(str(cat).lower(), [])
        out.append(sorted(found) or None)
    return out


class LinkSFJSONLoader(Loader):
    kind = "linksf-json"
    description = "Link-SF Parse export (linksf.json: facilities with services[].openHours)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        file = path / "linksf.json" if path.is_dir() else path
        if file.suffix.lower() != ".json" or not file.is_file():
            return False
        with file.open("rb") as handle:
            head = handle.read(4000).decode("utf-8", "replace")
        return head.lstrip().startswith("[") and '"GeoPoint"' in head

    def read(self, path: Path) -> Batch:
        file = path / "linksf.json" if path.is_dir() else path
        try:
            doc = json.loads(file.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise LoadError(f"{file.name} is not valid JSON: {exc}") from exc
        if not isinstance(doc, list):
            raise LoadError(f"{file.name}: expected a JSON array of facilities")
        batch = Batch(rows_read=len(doc))
        doc = _unique_facilities(doc, file.name, batch.issues)
        fac = pd.DataFrame([{
            "id": f.get("objectId"), "name": f.get("name"), "address_1": f.get("address"),
            "city": f.get("city"), "phone": f.get("phone"), "website": f.get("website"),
            "description": "\n\n".join(x for x in (f.get("description"), f.get("notes")) if x),
            "latitude": (f.get("location") or {}).get("latitude"),
            "longitude": (f.get("location") or {}).get("longitude"),
            "age": f.get("age"), "gender": f.get("gender"), "source_row": n, "_file": file.name,
        } for n, f in enumerate(doc, start=1) if f])
        fac = blank_to_none(fac)
        svc_rows = [{"id": s.get("objectId"), "facility": (s.get("facility") or {}).get("objectId"),
                     "name": s.get("name"), "description": s.get("description"),
                     "application_process": s.get("notes"), "category": s.get("category"),
                     "open_hours": s.get("openHours"), "last_modified": s.get("updatedAt"),
                     "source_row": n, "_file": file.name}
                    for n, f in enumerate(doc, start=1) for s in f.get("services") or []]
        svc = pd.DataFrame(svc_rows)
        batch.rows_read += len(svc)
        self._facilities(batch, fac)
        self._services(batch, svc, fac)
        return batch

    @staticmethod
    def _facilities(batch: Batch, fac: pd.DataFrame) -> None:
        base = fac[["id", "name", "source_row", "_file"]]
        batch.add("organization", base.assign(website=fac["website"]))
        batch.add("location", base.assign(organization_id=fac["id"], url=fac["website"],
                                          description=fac["description"],
                                          latitude=fac["latitude"], longitude=fac["longitude"],
                                          location_type="physical"))
        batch.add("address", pd.DataFrame({
            "id": fac["id"] + "-address", "location_id": fac["id"], "address_1": fac["address_1"],
            "city": fac["city"], "state_province": "CA", "country": "US",
            "address_type": "physical", "source_row": fac["source_row"], "_file": fac["_file"]}))
        batch.add("phone", _phones(fac.rename(columns={"phone": "text"}), "location_id"))

    @staticmethod
    def _services(batch: Batch, svc: pd.DataFrame, fac: pd.DataFrame) -> None:
        by_fac = fac.set_index("id")
        ages = by_fac["age"].map(_age_words)
        codes = by_fac["age"].map(lambda a: ",".join(a) if isinstance(a, list) and a else None)
        gender = by_fac["gender"].map(GENDER)
        elig = ("Ages: " + ages + " (LinkSF codes " + codes + ")").astype("string")
        elig = (elig.fillna("") + "; Gender: " + gender.astype("string")).fillna(elig)
        elig = elig.str.strip("; ").replace("", pd.NA)
        svc = svc.copy()
        svc["organization_id"] = svc["facility"]
        svc["eligibility_description"] = svc["facility"].map(elig).astype(object)
        has = svc["open_hours"].map(lambda h: isinstance(h, dict))
        svc["hours_text"] = svc["open_hours"].map(lambda h: json.dumps(h) if isinstance(h, dict)
                                                  else None)
        svc["hours_format"] = label_where(has, "linksf")
        batch.issues.extend(_issue_rows(svc, ~has, "openHours",
                                        "service has no openHours: hours unknown", "warning",
                                        svc["hours_text"]))
        svc["status"] = "active"
        svc["categories"] = _needs(svc["id"], svc["name"], svc["category"])
        batch.add("service", blank_to_none(svc.drop(columns=["open_hours", "facility"])))
        batch.add("service_at_location", pd.DataFrame({
            "id": svc["id"] + "@" + svc["facility"], "service_id": svc["id"],
            "location_id": svc["facility"], "source_row": svc["source_row"], "_file": svc["_file"]}))
        batch.add("schedule", _schedule(svc, batch.issues))


def _unique_facilities(doc: list[Any], file: str, issues: list[Issue]) -> list[Any]:
    """Facilities repeated under the same objectId: kept once (each repeat reported)."""
    first: dict[str, tuple[int, str]] = {}
    out: list[Any] = []
    for n, fac in enumerate(doc, start=1):
        if not isinstance(fac, dict):
            issues.append(Issue(file, n, None, str(fac)[:80], "not a facility object; skipped",
                                "error"))
            out.append({})
            continue
        oid, text = str(fac.get("objectId")), json.dumps(fac, sort_keys=True)
        if oid in first:
            row, seen = first[oid]
            same = text == seen
            issues.append(Issue(
                file, n, "objectId", oid,
                f"repeats the facility of row {row} " + ("(identical): kept once" if same else
                                                         "with different content: not loaded"),
                "info" if same else "error", oid))
            out.append({})
            continue
        first[oid] = (n, text)
        out.append(fac)
    return out


def _schedule(svc: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    rows = [{"service_id": sid, "day": str(day), "open": pair[0] if len(pair) > 0 else None,
             "close": pair[1] if len(pair) > 1 else None, "n": i,
             "source_row": row, "_file": file}
            for sid, hours, row, file in zip(svc["id"], svc["open_hours"], svc["source_row"],
                                             svc["_file"], strict=False)
            if isinstance(hours, dict)
            for day, pairs in hours.items()
            for i, pair in enumerate(pairs if isinstance(pairs, list) else [], start=1)
            if isinstance(pair, list)]
    s = pd.DataFrame(rows)
    if s.empty:
        return s
    o, c = pd.to_numeric(s["open"], errors="coerce"), pd.to_numeric(s["close"], errors="coerce")
    valid = (o.between(0, 2359) & c.between(0, 2359) & (o % 100 < 60) & (c % 100 < 60)
             & s["day"].isin([str(i) for i in range(7)]))
    shown = s["day"] + ": [" + s["open"].astype("string") + ", " + s["close"].astype("string") + "]"
    s["id"] = s["service_id"] + "-" + s["day"] + "-" + s["n"].astype(str)
    issues.extend(_issue_rows(s, ~valid, "openHours",
                              "not a day 0-6 with HHMM open/close times; row not loaded",
                              "error", shown))
    back = valid & (c <= o)
    issues.extend(_issue_rows(s, back, "openHours", "closes at or before it opens", "warning",
                              shown))
    s = s[valid]
    return pd.DataFrame({
        "id": s["id"], "service_id": s["service_id"], "freq": "WEEKLY",
        "byday": s["day"].astype(int).map(dict(enumerate(DAY_CODES))),
        "opens_at": _hhmm(s["open"]), "closes_at": _hhmm(s["close"]),
        "source_row": s["source_row"], "_file": s["_file"]})


def _phones(frame: pd.DataFrame, link: str) -> pd.DataFrame:
    """First phone number in free text as ``number``; the whole text kept as description."""
    text = frame["text"].astype("string")
    number = text.str.extract(f"({_PHONE.pattern})")[0]
    out = pd.DataFrame({"id": frame["id"] + "-phone", link: frame["id"],
                        "number": number.fillna(text).astype(object),
                        "description": text.where(text != number).astype(object),
                        "type": "voice", "source_row": frame["source_row"],
                        "_file": frame["_file"]})
    return out[text.notna().to_numpy()]


class LinkSFCSVLoader(Loader):
    kind = "linksf-csv"
    description = "Link-SF locations.csv (one row per facility and category, 0/1 flags)"
    HEADER = {"name", "lat", "long", *CATEGORY_FLAGS}

    @classmethod
    def detect(cls, path: Path) -> bool:
        if path.suffix.lower() != ".csv" or not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(400).decode("latin-1")
        first = re.split(r"[\r\n]", head, maxsplit=1)[0]
        return {c.strip().lower() for c in first.split(",")} >= cls.HEADER

    def read(self, path: Path) -> Batch:
        batch = Batch()
        raw = read_csv(path, batch.issues, delimiter=",")
        batch.rows_read = len(raw)
        frame = expect_columns(blank_to_none(raw), path.name, batch.issues, required=["name"],
                               optional=["notes", "address", "phone", "lat", "long",
                                         "updatedAt", *CATEGORY_FLAGS])
        for col in ("name", "notes", "address", "phone"):
            fixed = demojibake(frame[col])
            changed = fixed.ne(frame[col]) & frame[col].notna()
            batch.issues.extend(_issue_rows(frame, changed, col,
                                            "garbled characters (mojibake) repaired", "info"))
            frame[col] = fixed
        cols = [c for c in frame.columns if c not in ("source_row", "_file")]
        repeat = frame.duplicated(subset=cols, keep="first")
        if repeat.any():
            firsts = frame[~repeat].drop_duplicates(subset=cols).set_index(cols)["source_row"]
            earlier = frame.loc[repeat].set_index(cols).index.map(firsts)
            batch.issues.extend(_issue_rows(
                frame, repeat, "name", "repeats an earlier row exactly: kept once "
                "(the earlier row's number is the value)", "info",
                pd.Series(list(earlier), index=frame.index[repeat]).reindex(frame.index)))
            frame = frame[~repeat]
        key = (frame["name"].fillna("") + "|" + frame["address"].fillna("")).map(
            lambda s: hashlib.sha1(s.encode()).hexdigest()[:12])
        flags = frame[list(CATEGORY_FLAGS)].astype("string").eq("1")
        category = flags.idxmax(axis=1).where(flags.any(axis=1))
        frame["id"] = key
        first = ~key.duplicated()
        loc = frame[first]
        batch.add("organization", loc[["id", "name", "source_row", "_file"]])
        batch.add("location", pd.DataFrame({
            "id": loc["id"], "organization_id": loc["id"], "name": loc["name"],
            "description": loc["notes"], "latitude": loc["lat"], "longitude": loc["long"],
            "location_type": "physical", "source_row": loc["source_row"], "_file": loc["_file"]}))
        batch.add("address", pd.DataFrame({
            "id": loc["id"] + "-address", "location_id": loc["id"], "address_1": loc["address"],
            "city": CITY, "state_province": "CA", "country": "US", "address_type": "physical",
            "source_row": loc["source_row"], "_file": loc["_file"]}))
        batch.issues.append(Issue(path.name, None, "city", CITY, "file has no city column: "
                                  "addresses set to San Francisco (the Link-SF area)", "info"))
        batch.add("phone", _phones(loc.rename(columns={"phone": "text"}), "location_id"))
        tag = category.fillna("none")
        sid = key + "-" + tag
        batch.add("service", pd.DataFrame({
            "id": sid, "organization_id": key, "name": frame["name"], "description": frame["notes"],
            "status": "active", "last_modified": frame["updatedAt"],
            "categories": _needs(sid, frame["notes"], category),
            "source_row": frame["source_row"], "_file": frame["_file"]}))
        batch.add("service_at_location", pd.DataFrame({
            "id": sid + "@" + key, "service_id": sid, "location_id": key,
            "source_row": frame["source_row"], "_file": frame["_file"]}))
        return batch


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """(kind, path) of the shared Link-SF files, for bench/load.py."""
    return [("linksf-json", shared / "linksf" / "linksf.json"),
            ("linksf-csv", shared / "linksf" / "locations.csv")]
