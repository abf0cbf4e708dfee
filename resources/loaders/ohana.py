"""Ohana API (Code for America, an early Open Referral implementation): CSV and Mongo JSON.

``ohana-csv``: the API's CSV import folder (``locations.csv``, ``addresses.csv``,
``mail_addresses.csv``, ``regular_schedules.csv`` ... and ``taxonomy.csv``, the Open
Eligibility tree). Mostly a mapping onto the legacy tabular engine: list-like cells
(``languages``, ``accessibility``, ``service_areas`` ...) become child rows.

``ohana-mongo``: the 2014 MongoDB export (newline-delimited JSON with ``$oid``/``$date``):
``organizations.json``, ``locations.json`` (address, ``coordinates`` [lon, lat], free-text
``hours``, phones, contacts ...), ``services.json`` (keywords, Open Eligibility
``category_ids``). Services have no name of their own: they take their location's name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resources.loaders._clean import (
    LoadError,
    _issue_rows,
    blank_to_none,
    decode_text,
    label_where,
)
from resources.loaders._needs_map import categories_by_key
from resources.loaders._tabular import FileSpec, TabularLoader
from resources.loaders.base import Loader
from resources.records import Batch, Issue

# --- ohana-csv: file stem -> FileSpec --------------------------------------------------
CSV_FILES: dict[str, FileSpec] = {
    "organizations": FileSpec(
        "organization", {"date_incorporated": "_date_incorporated"},
        lists={"funding_sources": ("funding", "source", "organization_id")}),
    "programs": FileSpec("program"),
    "locations": FileSpec(
        "location", {"website": "url", "virtual": "_virtual"}, skip=frozenset({"admin_emails"}),
        lists={"accessibility": ("accessibility", "description", "location_id"),
               "languages": ("language", "name", "location_id")}),
    "addresses": FileSpec("address", const={"address_type": "physical"}),
    "mail_addresses": FileSpec("address", const={"address_type": "postal"}, id_prefix="mail-"),
    "phones": FileSpec("phone", {"number_type": "type", "department": "description"}),
    "contacts": FileSpec("contact"),
    "services": FileSpec(
        "service",
        {"location_id": "_location_id", "website": "url", "fees": "fees_description",
         "eligibility": "eligibility_description", "audience": "_audience",
         "keywords": "_keywords", "taxonomy_ids": "_taxonomy_ids"},
        lists={"accepted_payments": ("attribute", "value", "link_id"),
               "funding_sources": ("funding", "source", "service_id"),
               "languages": ("language", "name", "service_id"),
               "required_documents": ("required_document", "document", "service_id"),
               "service_areas": ("service_area", "name", "service_id")}),
    "regular_schedules": FileSpec("regular_schedule"),
    "holiday_schedules": FileSpec("holiday_schedule"),
    "taxonomy": FileSpec("taxonomy_term", {"taxonomy_id": "id", "parent_name": "_parent"}),
}
OPEN_ELIGIBILITY = "Open Eligibility"

# --- Open Eligibility codes -> need ids (ohana-mongo services carry codes, not names) ----
# TODO(needs vocabulary): replace with resources.vocab.needs.needs_for_open_eligibility.
OE_NEEDS: dict[str, str] = {
    "101-03": "food_pantry", "101-04": "emergency_shelter", "101-06-02": "dv_shelter",
    "101-07": "psychiatric_emergency", "102-02": "food_pantry", "102-04": "food_pantry",
    "102-05": "hot_meals", "102-06-02": "benefits", "103-01": "emergency_shelter",
    "103-02": "housing_assistance", "103-03": "housing_assistance", "104-02": "clothing",
    "105-02": "transportation", "106-01": "substance_use_treatment", "106-01-02": "detox",
    "106-02": "dental", "106-05-06": "pharmacy", "106-06-08": "psychiatric_emergency",
    "106-06-09": "primary_care", "107-03": "benefits", "110-01-01": "employment",
    "110-04": "employment", "111-01": "legal_aid",
}
TEST_MARKERS = ("NOT A REAL ORGANIZATION", "FOR TESTING PURPOSES")


class OhanaCSVLoader(TabularLoader):
    kind = "ohana-csv"
    description = "Ohana API CSV import folder (locations, addresses, mail_addresses ...)"
    FILES = CSV_FILES
    KEYWORDS = "keywords"

    @classmethod
    def detect(cls, path: Path) -> bool:
        folder = path.parent if path.is_file() else path
        if not folder.is_dir():
            return False
        names = {p.name.lower() for p in folder.glob("*.csv")}
        return "locations.csv" in names and "mail_addresses.csv" in names

    def csv_files(self, path: Path, batch: Batch) -> list[Path]:
        folder = path.parent if path.is_file() else path
        if (folder / "oe.json").is_file():
            batch.issues.append(Issue("oe.json", None, None, None,
                                      "Open Eligibility tree: read from taxonomy.csv instead",
                                      "info"))
        return sorted(folder.glob("*.csv"))

    def fix(self, table: str, frame: pd.DataFrame, batch: Batch) -> pd.DataFrame:
        if table == "organization" and "_date_incorporated" in frame:
            year = frame["_date_incorporated"].astype("string").str.extract(r"(\d{4})\s*$")[0]
            frame["year_incorporated"] = year
        elif table == "location" and "_virtual" in frame:
            virtual = frame["_virtual"].astype("string").str.lower() == "true"
            frame["location_type"] = np.where(virtual.fillna(False), "virtual", "physical")
        elif table == "service" and "_audience" in frame:
            aud = "Audience: " + frame["_audience"].astype("string")
            elig = frame.get("eligibility_description",
                             pd.Series(None, index=frame.index)).astype("string")
            both = elig + "\n" + aud
            frame["eligibility_description"] = both.fillna(elig).fillna(aud).astype(object)
        elif table == "taxonomy_term":
            frame["code"] = frame["id"]
            frame["taxonomy"] = OPEN_ELIGIBILITY
        return frame


# --- ohana-mongo -----------------------------------------------------------------------
def _lines(path: Path, batch: Batch) -> list[tuple[int, dict[str, Any]]]:
    """One JSON object per line; a line that is not one (a file cut mid-line) is reported
    and skipped; a file with none raises."""
    out, bad = [], []
    text = decode_text(path.read_bytes(), path.name, batch.issues)
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(Issue(path.name, n, None, line[:80],
                             f"not a JSON object ({exc}): line not loaded", "error"))
            continue
        if isinstance(record, dict):
            out.append((n, record))
        else:
            bad.append(Issue(path.name, n, None, line[:80],
                             "not a JSON object: line not loaded", "error"))
    if bad and not out:
        raise LoadError(f"{path.name}: no line is a JSON object; nothing loaded", bad)
    batch.issues.extend(bad)
    batch.rows_read += len(out) + len(bad)
    return out


def _id(value: Any) -> str | None:
    """A record's id as text; None when missing (never the text 'None')."""
    return None if value is None or value == "" else str(value)


def _ms(value: Any) -> Any:
    if isinstance(value, dict) and "$date" in value:
        return pd.Timestamp(value["$date"], unit="ms")
    return None


def _frame(records: list[tuple[int, dict[str, Any]]], file: str,
           fields: dict[str, Any]) -> pd.DataFrame:
    """One row per record: ``fields`` maps column -> key or callable(record)."""
    cols: dict[str, list[Any]] = {"source_row": [n for n, _ in records]}
    for name, how in fields.items():
        get = how if callable(how) else (lambda r, k=how: r.get(k))
        cols[name] = [get(r) for _, r in records]
    frame = pd.DataFrame(cols)
    frame["_file"] = file
    return frame


def _children(records: list[tuple[int, dict[str, Any]]], file: str, key: str,
              link: str, fields: dict[str, str], **const: Any) -> pd.DataFrame:
    rows = []
    for n, rec in records:
        items = rec.get(key) or []
        items = items if isinstance(items, list) else [items]
        for i, item in enumerate(items, start=1):
            row = ({v: item.get(k) for k, v in fields.items()} if isinstance(item, dict)
                   else {fields.get("", "value"): item})
            rows.append({"id": f"{rec.get('id')}-{key}-{i}", link: _id(rec.get("id")),
                         "source_row": n, "_file": file, **row, **const})
    return pd.DataFrame(rows)


class OhanaMongoLoader(Loader):
    kind = "ohana-mongo"
    description = "Ohana API 2014 MongoDB export (newline-delimited JSON, $oid/$date)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        file = path / "locations.json" if path.is_dir() else path
        if file.suffix.lower() != ".json" or not file.is_file():
            return False
        with file.open("rb") as handle:
            head = handle.read(2000).decode("utf-8", "replace")
        return head.lstrip().startswith("{") and '"$oid"' in head and '"_slugs"' in head

    def read(self, path: Path) -> Batch:
        folder = path if path.is_dir() else path.parent
        batch = Batch()
        missing = [n for n in ("locations.json", "services.json") if not (folder / n).is_file()]
        if missing:
            raise LoadError(f"{folder}: {', '.join(missing)} missing (an Ohana export has "
                            "organizations.json, locations.json and services.json)")
        locs = _lines(folder / "locations.json", batch)
        svcs = _lines(folder / "services.json", batch)
        orgs = _lines(folder / "organizations.json", batch) if (
            folder / "organizations.json").is_file() else []
        for other in sorted(folder.glob("*.json")):
            if other.name not in ("locations.json", "services.json", "organizations.json"):
                batch.issues.append(Issue(other.name, None, None, None,
                                          "not part of the Ohana export: not read", "info"))
        self._organizations(batch, orgs)
        loc = self._locations(batch, locs)
        self._services(batch, svcs, loc)
        for table in list(batch.tables):
            batch.tables[table] = blank_to_none(batch.tables[table])
        return batch

    @staticmethod
    def _organizations(batch: Batch, orgs: list[tuple[int, dict[str, Any]]]) -> None:
        batch.add("organization", _frame(orgs, "organizations.json", {
            "id": lambda r: _id(r.get("id")), "name": "name"}))

    @staticmethod
    def _locations(batch: Batch, locs: list[tuple[int, dict[str, Any]]]) -> pd.DataFrame:
        f = "locations.json"

        def coord(i: int) -> Any:
            return lambda r: (r.get("coordinates") or [None, None])[i]  # [lon, lat]

        loc = _frame(locs, f, {
            "id": lambda r: _id(r.get("id")), "organization_id": lambda r: _id(r.get("organization_id")),
            "name": "name", "description": "description", "transportation": "transportation",
            "longitude": coord(0), "latitude": coord(1),
            "url": lambda r: (r.get("urls") or [None])[0],
            "external_identifier": lambda r: (r.get("_id") or {}).get("$oid"),
            "hours_text": "hours", "_kind": "kind",
            "_email": lambda r: (r.get("emails") or [None])[0],
            "_updated": lambda r: _ms(r.get("updated_at")),
        })
        loc["external_identifier_type"] = label_where(loc["external_identifier"].notna(), "mongo_oid")
        loc["hours_format"] = label_where(loc["hours_text"].notna(), "text")
        loc["location_type"] = "physical"
        batch.add("location", loc.drop(columns=["_email", "_updated"]))
        addr_fields = {"street": "address_1", "city": "city", "state": "state_province",
                       "zip": "postal_code", "attention": "attention"}
        batch.add("address", _children(locs, f, "address_attributes", "location_id", addr_fields,
                                       address_type="physical", country="US"))
        batch.add("address", _children(locs, f, "mail_address_attributes", "location_id",
                                       addr_fields, address_type="postal", country="US"))
        phone = {"number": "number", "extension": "extension", "number_type": "type",
                 "department": "description"}
        phones = _children(locs, f, "phones_attributes", "location_id", phone)
        if "type" in phones:
            phones["type"] = phones["type"].fillna("voice")
        batch.add("phone", phones)
        batch.add("phone", _children(locs, f, "faxes_attributes", "location_id",
                                     {k: v for k, v in phone.items() if v != "type"}, type="fax"))
        batch.add("contact", _children(locs, f, "contacts_attributes", "location_id",
                                       {"name": "name", "title": "title", "email": "email"}))
        batch.add("language", _children(locs, f, "languages", "location_id", {"": "name"}))
        batch.add("accessibility", _children(locs, f, "accessibility", "location_id",
                                             {"": "description"}))
        return loc

    @staticmethod
    def _services(batch: Batch, svcs: list[tuple[int, dict[str, Any]]], loc: pd.DataFrame) -> None:
        f = "services.json"
        svc = _frame(svcs, f, {
            "id": lambda r: _id(r.get("id")), "_location_id": lambda r: _id(r.get("location_id")),
            "name": "name", "description": "description", "fees_description": "fees",
            "application_process": "how_to_apply", "wait_time": "wait",
            "url": lambda r: (r.get("urls") or [None])[0], "hours_text": "hours",
            "_eligibility": "eligibility", "_audience": "audience",
            "last_modified": lambda r: _ms(r.get("updated_at")),
        })
        by_loc = loc.dropna(subset=["id"]).drop_duplicates("id").set_index("id")  # ids checked later
        at = svc["_location_id"]
        svc["organization_id"] = at.map(by_loc["organization_id"])
        named = svc["name"].notna()
        svc["name"] = svc["name"].fillna(at.map(by_loc["name"]))
        svc["description"] = svc["description"].fillna(at.map(by_loc["description"]))
        svc["email"] = at.map(by_loc["_email"])
        svc["url"] = svc["url"].fillna(at.map(by_loc["url"]))
        svc["hours_format"] = label_where(svc["hours_text"].notna(), "text")
        aud = "Audience: " + svc["_audience"].astype("string")
        elig = svc["_eligibility"].astype("string")
        svc["eligibility_description"] = (elig + "\n" + aud).fillna(elig).fillna(aud).astype(object)
        svc["status"] = "active"
        fake = at.map(by_loc["_kind"].eq("test") | by_loc["description"].fillna("").str.upper()
                      .str.contains("|".join(TEST_MARKERS))).fillna(False).astype(bool)
        svc["do_not_refer"] = fake
        batch.issues.extend(_issue_rows(svc, fake, "kind", "test record (not a real agency): "
                                        "kept, marked do-not-refer", "warning",
                                        at.map(by_loc["_kind"])))
        if (~named).any():
            batch.issues.append(Issue(f, None, "name", None,
                                      f"{int((~named).sum())} services have no name: "
                                      "named after their location", "info"))
        batch.add("service_at_location", pd.DataFrame({
            "id": svc["id"].astype("string") + "@" + at.astype("string"),
            "service_id": svc["id"], "location_id": at,
            "source_row": svc["source_row"], "_file": f}))
        for key, table, col in (("funding_sources", "funding", "source"),
                                ("service_areas", "service_area", "name")):
            batch.add(table, _children(svcs, f, key, "service_id", {"": col}))
        kw = _children(svcs, f, "keywords", "service_id", {"": "term"})
        codes = _children(svcs, f, "category_ids", "service_id", {"": "code"})
        # TODO(needs vocabulary): needs_for_airs(keywords) / needs_for_open_eligibility(codes)
        cats = categories_by_key(kw.get("service_id", pd.Series(dtype=object)),
                                 kw.get("term", pd.Series(dtype=object)))
        if not codes.empty:
            direct = codes.assign(n=codes["code"].map(OE_NEEDS)).dropna(subset=["n"])
            for sid, group in direct.groupby("service_id")["n"]:
                cats[sid] = sorted(set(cats.get(sid, [])) | set(group))
        svc["categories"] = svc["id"].map(lambda i: cats.get(i))
        if not codes.empty:
            batch.add("attribute", pd.DataFrame({
                "id": codes["id"], "link_id": codes["service_id"], "link_entity": "service",
                "link_type": "category_ids", "taxonomy_term_id": "oe-" + codes["code"],
                "source_row": codes["source_row"], "_file": f}))
            terms_tbl = codes.drop_duplicates("code")
            batch.add("taxonomy_term", pd.DataFrame({
                "id": "oe-" + terms_tbl["code"], "code": terms_tbl["code"],
                "taxonomy": OPEN_ELIGIBILITY, "source_row": terms_tbl["source_row"], "_file": f}))
        batch.add("service", svc)


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """(kind, path) of the shared Ohana datasets, for bench/load.py."""
    return [("ohana-csv", shared / "ohana-api-sample"),
            ("ohana-mongo", shared / "ohana-smc-2014")]
