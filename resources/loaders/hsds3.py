"""Open Referral HSDS 3.0: the tabular datapackage (CSV files) and the JSON (API) shape.

CSV: a folder (or its ``datapackage.json``) with ``services.csv``, ``locations.csv`` ...;
each file maps to one table by name (:data:`CSV_FILES`). JSON: a single record
(``service_full.json`` shape), a paged list (``contents``), a list of records, or the
``tabular.json`` shape (file name -> rows); nested records are flattened into their
tables and linked to their parent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from resources.loaders._categories import categorize_from_attributes
from resources.loaders._clean import (
    LOOKUP_TABLES,
    LoadError,
    blank_to_none,
    read_csv,
    unique_ids,
)
from resources.loaders.base import Loader
from resources.records import Batch, Issue
from resources.store.schema import HSDS_TABLES

CSV_FILES = {
    "organizations": "organization", "organization": "organization",
    "programs": "program", "services": "service", "locations": "location",
    "service_at_location": "service_at_location", "service_at_locations": "service_at_location",
    "addresses": "address", "phones": "phone", "schedules": "schedule",
    "service_areas": "service_area", "languages": "language", "accessibility": "accessibility",
    "taxonomies": "taxonomy", "taxonomy_terms": "taxonomy_term", "attributes": "attribute",
    "contacts": "contact", "cost_options": "cost_option", "funding": "funding",
    "fundings": "funding", "required_documents": "required_document",
    "organization_identifiers": "organization_identifier",
}
NOT_STORED = {"metadata", "meta_table_descriptions"}

# Keys of nested JSON objects/arrays -> the table their records belong to.
JSON_KEYS = {
    **CSV_FILES, "organization": "organization", "program": "program", "location": "location",
    "service": "service", "taxonomy_term": "taxonomy_term", "taxonomy_detail": "taxonomy",
    "taxonomy": "taxonomy", "accessibilitys": "accessibility", "addresss": "address",
}


def _is_hsds3_folder(folder: Path) -> bool:
    names = {p.name for p in folder.glob("*.csv")}
    legacy = {"regular_schedules.csv", "physical_addresses.csv", "services_at_location.csv",
              "services_taxonomy.csv"}
    return "services.csv" in names and not (names & legacy) and (
        "schedules.csv" in names or "attributes.csv" in names or "service_at_location.csv" in names
    )


class HSDS3CSVLoader(Loader):
    kind = "hsds3-csv"
    description = "Open Referral HSDS 3.0 tabular datapackage (folder of CSV files)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        folder = path.parent if path.name == "datapackage.json" else path
        return folder.is_dir() and _is_hsds3_folder(folder)

    def read(self, path: Path) -> Batch:
        folder = path.parent if path.is_file() else path
        batch = Batch()
        files = sorted(folder.glob("*.csv"))
        if not files:
            raise LoadError(f"{folder} holds no CSV files")
        for file in files:
            stem = file.stem.lower()
            if stem in NOT_STORED:
                batch.issues.append(Issue(file.name, None, None, None,
                                          "HSDS metadata table: not stored", "info"))
                continue
            table = CSV_FILES.get(stem)
            if table is None:
                batch.issues.append(Issue(file.name, None, None, None,
                                          "not an HSDS 3.0 table name: file skipped", "warning"))
                continue
            frame = read_csv(file, batch.issues, delimiter=",")
            batch.rows_read += len(frame)
            _check_columns(table, frame, file.name, batch.issues)
            batch.add(table, unique_ids(table, blank_to_none(frame), file.name, batch.issues))
        if "service" not in batch.tables and "organization" not in batch.tables:
            raise LoadError(f"{folder} has neither services.csv nor organizations.csv",
                            batch.issues)
        categorize_from_attributes(batch)
        return batch


def _check_columns(table: str, frame: pd.DataFrame, file: str, issues: list[Issue]) -> None:
    known = {c.name for c in HSDS_TABLES[table]} | {"source_row", "_file"}
    for col in frame.columns:
        if col not in known:
            issues.append(Issue(file, None, col, None,
                                f"column is not an HSDS 3.0 {table} field: not stored", "info"))
    if "id" not in frame.columns:
        raise LoadError(f"{file} has no id column",
                        [Issue(file, None, "id", None, "required column missing", "error")])


class HSDS3JSONLoader(Loader):
    kind = "hsds3-json"
    description = "Open Referral HSDS 3.0 JSON: one record, a list, a paged API response"

    @classmethod
    def detect(cls, path: Path) -> bool:
        if path.suffix.lower() != ".json" or not path.is_file() or path.name == "datapackage.json":
            return False
        with path.open("rb") as handle:
            head = handle.read(4000).decode("utf-8", "replace")
        markers = ('"service_at_locations"', '"organization_id"', '"contents"', '"schedules"',
                   '"services.csv"', '"location_type"', '"organizations.csv"', '"assured_date"')
        return any(m in head for m in markers) and '"$oid"' not in head

    def read(self, path: Path) -> Batch:
        batch = Batch()
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise LoadError(f"{path.name} is not valid JSON: {exc}") from exc
        rows: dict[str, list[dict[str, Any]]] = {}
        for n, (table, record, where) in enumerate(_top_records(doc, path.name), start=1):
            _flatten(table, record, None, rows, n, path.name, where)
        if not rows:
            raise LoadError(f"{path.name} holds no HSDS 3.0 records")
        for table, records in rows.items():
            frame = pd.DataFrame.from_records(records)
            frame = repeated_ids(table, frame, path.name, batch.issues)
            batch.add(table, blank_to_none(frame.drop(columns=["_path", "_own"])))
        batch.rows_read = sum(len(v) for v in rows.values())
        categorize_from_attributes(batch)
        return batch


def _top_records(doc: Any, file: str) -> list[tuple[str, dict[str, Any], str]]:
    """(table, record, path of the record in the document) of every top-level record."""
    prefix = ""
    if isinstance(doc, dict) and "contents" in doc:
        doc, prefix = doc["contents"], "contents"
    if isinstance(doc, dict) and any(k.endswith(".csv") for k in doc):
        out = []
        for name, records in doc.items():
            table = CSV_FILES.get(name.removesuffix(".csv"))
            if table and isinstance(records, list):
                out += [(table, r, f"{name}[{n}]") for n, r in enumerate(records)
                        if isinstance(r, dict)]
        return out
    if isinstance(doc, list):
        return [(_guess_table(r), r, f"{prefix}[{n}]") for n, r in enumerate(doc)
                if isinstance(r, dict)]
    return [(_guess_table(doc), doc, prefix or "$")] if isinstance(doc, dict) else []


def _guess_table(record: dict[str, Any]) -> str:
    if "service" in record and "location" in record:
        return "service_at_location"
    if "service_at_locations" in record or "eligibility_description" in record:
        return "service"
    if "location_type" in record or "latitude" in record:
        return "location"
    if "taxonomy_detail" in record or "term_uri" in record:
        return "taxonomy_term"
    return "organization"


def _flatten(table: str, record: dict[str, Any], parent: tuple[str, str] | None,
             rows: dict[str, list[dict[str, Any]]], top_row: int, file: str,
             where: str = "$") -> None:
    """Add ``record`` to ``rows[table]``, recurse into nested records, link them up.
    ``where`` is the record's path in the document (``contents[3].phones[0]``), and
    ``_own`` its own values (to tell a repeated record from another with the same id)."""
    fields = {c.name for c in HSDS_TABLES[table]}
    own = {k: v for k, v in record.items() if k in fields and not isinstance(v, dict | list)}
    flat: dict[str, Any] = {"source_row": top_row, "_file": file, "_path": where,
                            "_own": json.dumps(own, sort_keys=True, default=str)}
    flat.update(own)
    if parent is not None:
        p_table, p_id = parent
        if f"{p_table}_id" in fields and not flat.get(f"{p_table}_id"):
            flat[f"{p_table}_id"] = p_id
        if table == "attribute" and not flat.get("link_id"):
            flat["link_id"] = p_id
            flat.setdefault("link_entity", p_table)
    rows.setdefault(table, []).append(flat)
    me = (table, str(record.get("id", "")))
    for key, value in record.items():
        child = JSON_KEYS.get(key)
        if child is None:
            continue
        children = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        for n, item in enumerate(children):
            if not isinstance(item, dict):
                continue
            at = f"{where}.{key}[{n}]" if isinstance(value, list) else f"{where}.{key}"
            _flatten(child, item, me, rows, top_row, file, at)
            # a to-one link kept on this record (service.organization_id, term.taxonomy_id ...)
            link = "taxonomy_id" if child == "taxonomy" else f"{child}_id"
            if isinstance(value, dict) and link in fields and item.get("id") and not flat.get(link):
                flat[link] = item["id"]


def repeated_ids(table: str, frame: pd.DataFrame, file: str,
                 issues: list[Issue]) -> pd.DataFrame:
    """Records repeating an id, each reported with its path (the rule of
    :func:`~resources.loaders._clean.unique_ids`): the same record repeated (a phone nested
    under a service and its location) is kept once (a note); a different record with the
    id of a record other tables refer to (:data:`LOOKUP_TABLES`) is not loaded (an error);
    in a child table it is loaded with its own id ``<id>#<n>`` (the source's id kept)."""
    if "id" not in frame:
        return frame
    ids = frame["id"].astype("string")
    repeat = ids.notna() & ids.duplicated(keep="first")
    if not repeat.any():
        return frame
    first = frame[~repeat & ids.notna()].drop_duplicates("id").set_index("id")
    copies = (frame["_own"] == frame["id"].map(first["_own"])) & repeat
    keep = ~copies
    shape = frame.groupby(["id", "_own"], sort=False, dropna=True).ngroup()
    frame = frame.copy()
    if "source_record_id" not in frame:
        frame["source_record_id"] = None
    for i in frame.index[repeat]:
        rid, path = str(frame.at[i, "id"]), str(frame.at[i, "_path"])
        was = str(first.at[rid, "_path"])
        row = int(frame.at[i, "source_row"])
        if copies[i]:
            issues.append(Issue(file, row, "id", rid, f"{table} record at {path} repeats the "
                                f"record at {was} (same values): kept once", "info", rid))
        elif table in LOOKUP_TABLES:
            keep[i] = False
            issues.append(Issue(file, row, "id", rid, f"{table} record at {path} has the id of "
                                f"the record at {was} with different values: the first kept, "
                                "this one not loaded", "error", rid))
        else:
            n = int((shape[frame["id"] == rid].drop_duplicates() <= shape[i]).sum())
            frame.at[i, "source_record_id"] = rid
            frame.at[i, "id"] = f"{rid}#{n}"
            issues.append(Issue(file, row, "id", rid, f"{table} record at {path} has the id of "
                                f"the record at {was} with different values: loaded with its "
                                f"own id {rid}#{n}, the source id kept", "warning", rid))
    out = frame[keep]
    # a later copy of an own-id record collapses onto it (same shape, same new id)
    return out.drop_duplicates(["id"], keep="first")


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """(kind, path) of the shared HSDS 3.0 examples, for bench/load.py and bench/hours.py."""
    examples = shared / "hsds3-spec" / "examples"
    cases = [("hsds3-csv", examples / "csv"), ("hsds3-json", examples / "service_full.json"),
             ("hsds3-json", examples / "organization_full.json")]
    return [(kind, path) for kind, path in cases if path.exists()]
