"""Open Referral HSDS 1.x / 2.x tabular datapackages -> our HSDS 3.0 tables.

A folder of CSV files (or its ``datapackage.json``; CSVs may sit in a ``data/`` subfolder,
as the hsds-transformer writes them). The version (1.x or 2.x) comes from
``datapackage.json`` (``version``, ``title``, resource names) or, without one, from the
file set; it is recorded in the source's notes. Tables a datapackage names but that are
not on disk are reported as warnings. See :mod:`resources.loaders._tabular` for the steps.
"""

from __future__ import annotations

import json
from pathlib import Path

from resources.loaders._tabular import FileSpec, TabularLoader
from resources.records import Batch, Issue

_ADDRESS = {"address_3": "_address_3", "address_4": "_address_4"}

# file stem -> FileSpec. HSDS 1.0, 1.1 and 2.0.1 file names (and singular variants).
FILES: dict[str, FileSpec] = {
    "organizations": FileSpec("organization", {"url": "website"}),
    "programs": FileSpec("program"),
    "services": FileSpec("service", {"fees": "fees_description", "location_id": "_location_id",
                                     "taxonomy_ids": "_taxonomy_ids"}),
    "locations": FileSpec("location"),
    "services_at_location": FileSpec("service_at_location"),
    "service_at_location": FileSpec("service_at_location"),
    "physical_addresses": FileSpec("address", _ADDRESS, {"address_type": "physical"}),
    "postal_addresses": FileSpec("address", _ADDRESS, {"address_type": "postal"},
                                 id_prefix="postal-"),
    "phones": FileSpec("phone", lists={"language": ("language", "code", "phone_id")}),
    "contacts": FileSpec("contact"),
    "funding": FileSpec("funding"),
    "required_documents": FileSpec("required_document"),
    "languages": FileSpec("language", {"language": "name"}),
    "interpretation_services": FileSpec("language", {"language": "name"},
                                        {"note": "interpretation service"}),
    "accessibility_for_disabilities": FileSpec("accessibility", {"accessibility": "description"}),
    "service_areas": FileSpec("service_area", {"service_area": "name"}, {"coverage_kind": "text"}),
    "fees": FileSpec("cost_option", {"fee": "amount_description"}),
    "payments_accepted": FileSpec("attribute", {"service_id": "link_id", "payment": "value"},
                                  {"link_entity": "service", "link_type": "payment_accepted"}),
    "taxonomy": FileSpec("taxonomy_term", {"vocabulary": "taxonomy", "parent_name": "_parent"}),
    "taxonomy_terms": FileSpec("taxonomy_term", {"term": "name"}),
    "schedules": FileSpec("schedule"),
    "service_attributes": FileSpec("attribute", {"service_id": "link_id"},
                                   {"link_entity": "service", "link_type": "service_attribute"}),
    "other_attributes": FileSpec("attribute"),
    "regular_schedules": FileSpec("regular_schedule"),
    "holiday_schedules": FileSpec("holiday_schedule"),
    "eligibility": FileSpec("eligibility"),
    "services_taxonomy": FileSpec("service_taxonomy"),
}
NOT_STORED = {
    "metadata": "HSDS change-log table: not stored",
    "meta_table_descriptions": "HSDS metadata table: not stored",
}
# Files only HSDS 1.x/2.x packages have (HSDS 3.0 renamed or dropped them).
LEGACY_ONLY = {"regular_schedules.csv", "holiday_schedules.csv", "physical_addresses.csv",
               "postal_addresses.csv", "services_at_location.csv", "services_taxonomy.csv",
               "accessibility_for_disabilities.csv", "payments_accepted.csv",
               "service_attributes.csv", "eligibility.csv"}
V2_ONLY = {"schedules.csv", "taxonomy_terms.csv", "service_attributes.csv",
           "other_attributes.csv"}
_CORE_FILES = {"services.csv", "organizations.csv", "locations.csv"}


def _csv_dir(folder: Path) -> Path:
    if not any(folder.glob("*.csv")) and (folder / "data").is_dir():
        return folder / "data"
    return folder


def _names(folder: Path) -> set[str]:
    return {p.name.lower() for p in _csv_dir(folder).glob("*.csv")}


def _is_ohana(folder: Path, names: set[str]) -> bool:
    return "mail_addresses.csv" in names or "addresses.csv" in names


def version_of(folder: Path, names: set[str]) -> str:
    """'1.x' or '2.x' (with the evidence) from datapackage.json or the file set."""
    package = folder / "datapackage.json"
    if package.is_file():
        try:
            doc = json.loads(package.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            doc = {}
        resources = {str(r.get("name", "")) for r in doc.get("resources", []) if isinstance(r, dict)}
        version = str(doc.get("version", ""))
        if version.startswith("2") or resources & {"schedule", "service_attribute", "taxonomy_term"}:
            return f"2.x (datapackage.json version {version or '?'})"
        if version.startswith("1") or "1." in str(doc.get("title", "")):
            return f"1.x (datapackage.json version {version or '?'}, title {doc.get('title', '')!r})"
    if names & V2_ONLY:
        return "2.x (from file names)"
    return "1.x (from file names)"


class HSDSLegacyCSVLoader(TabularLoader):
    kind = "hsds-legacy-csv"
    description = "Open Referral HSDS 1.x/2.x tabular datapackage (folder of CSV files)"
    FILES = FILES
    NOT_STORED = NOT_STORED

    @classmethod
    def detect(cls, path: Path) -> bool:
        folder = path.parent if path.name == "datapackage.json" else path
        if not folder.is_dir():
            return False
        names = _names(folder)
        return bool(names & _CORE_FILES) and bool(names & LEGACY_ONLY) and not _is_ohana(
            folder, names)

    def csv_files(self, path: Path, batch: Batch) -> list[Path]:
        folder = path.parent if path.is_file() else path
        csv_dir = _csv_dir(folder)
        files = sorted(csv_dir.glob("*.csv"))
        batch.notes = f"HSDS {version_of(folder, {p.name.lower() for p in files})}"
        on_disk = {p.name.lower() for p in files}
        package = folder / "datapackage.json"
        if package.is_file():
            try:
                doc = json.loads(package.read_text(encoding="utf-8-sig"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                batch.issues.append(Issue(package.name, None, None, None,
                                          f"datapackage.json is not valid JSON ({exc}); "
                                          "tables read from the file names", "warning"))
                return files
            for res in doc.get("resources", []):
                name = Path(str(res.get("path") or f"{res.get('name')}.csv")).name.lower()
                if name not in on_disk:
                    batch.issues.append(Issue(package.name, None, None, name,
                                              "table named in datapackage.json is not on disk",
                                              "warning"))
        return files


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """(kind, path) of the shared HSDS 1.x/2.x datasets, for bench/load.py."""
    fixtures = shared / "hsds-transformer-fixtures" / "spec" / "fixtures"
    return [
        ("hsds-legacy-csv", shared / "hsds1-sample-datapackage" / "all_resources"),
        ("hsds-legacy-csv", shared / "hsds1-sample-datapackage" / "simple"),
        ("hsds-legacy-csv", fixtures / "custom" / "ilao" / "output"),
        ("hsds-legacy-csv", fixtures / "base_transformer" / "output"),
    ]
