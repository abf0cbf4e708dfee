"""Export the directory as an HSDS 3.0 tabular datapackage (CSV files + datapackage.json).

Only HSDS fields are written (our extension columns are not HSDS). Ids lose their source
namespace (``<source>/``) when that keeps them unique, else they keep it. Coordinates are
written only when exact (a ZIP-centroid point is not the place's location; loading the
file back places it at the same centroid again). Private services, locations, addresses and
phones, and everything attached to them, are left out unless ``include_private``.

:func:`validate_export` checks every row against the HSDS 3.0 JSON Schemas
(``schema/<table>.json`` of the specification), after converting each cell to the schema's
type; problems are collected and returned together.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from resources.store import Store, export_sql
from resources.store.export_sql import hsds_columns
from resources.store.schema import HSDS_TABLES

FILES = {
    "organization": "organizations.csv", "program": "programs.csv", "service": "services.csv",
    "service_at_location": "service_at_location.csv", "location": "locations.csv",
    "address": "addresses.csv", "phone": "phones.csv", "schedule": "schedules.csv",
    "service_area": "service_areas.csv", "language": "languages.csv",
    "accessibility": "accessibility.csv", "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv", "attribute": "attributes.csv",
    "contact": "contacts.csv", "cost_option": "cost_options.csv", "funding": "funding.csv",
    "required_document": "required_documents.csv",
    "organization_identifier": "organization_identifiers.csv",
}
_TYPES = {"DOUBLE": "number", "INTEGER": "number", "DATE": "date", "TIMESTAMP": "datetime"}
_TYPE_OVERRIDES = {("phone", "extension"): "number", ("schedule", "opens_at"): "time",
                   ("schedule", "closes_at"): "time"}


@dataclass
class ExportResult:
    folder: Path
    counts: dict[str, int] = field(default_factory=dict)
    ids_namespaced: bool = False
    left_out_private: int = 0
    # rows left out per table: the private records (service, location, address, phone) and
    # every row attached to one (its schedules, languages, attributes, links ...)
    left_out_by_table: dict[str, int] = field(default_factory=dict)

    def left_out_text(self) -> str:
        """'5 records left out: private, or attached to a private record (address 2,
        phone 1, schedule 2)' (or 'no private records left out')."""
        if not self.left_out_private:
            return "no private records left out"
        parts = ", ".join(f"{t} {n}" for t, n in self.left_out_by_table.items())
        return (f"{self.left_out_private} records left out: private, or attached to a "
                f"private record ({parts})")


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        spec = "seconds" if not value.microsecond else (
            "milliseconds" if value.microsecond % 1000 == 0 else "microseconds")
        return value.isoformat(timespec=spec) + ("Z" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def datapackage(tables: list[str]) -> dict[str, Any]:
    """The datapackage.json describing the exported files."""
    resources = []
    for table in tables:
        fields = [{"name": c.name, "type": _TYPE_OVERRIDES.get((table, c.name),
                                                               _TYPES.get(c.type, "string"))}
                  for c in HSDS_TABLES[table] if not c.ext]
        resources.append({"name": table, "path": FILES[table], "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": {"fields": fields, "primaryKey": "id"}})
    return {"name": "resources-hsds-export", "title": "Community resource directory (HSDS 3.0)",
            "profile": "tabular-data-package", "version": "3.0",
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "resources": resources}


def export_hsds(store: Store, out_dir: str | Path, *, sources: list[str] | None = None,
                include_private: bool = False) -> ExportResult:
    """Write one CSV per non-empty HSDS table and a datapackage.json into ``out_dir``,
    from one consistent view of the directory (a PostgreSQL store: a snapshot read in one
    transaction, :meth:`Store.search_view`; a DuckDB store: itself)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    con = store.search_view().con
    result = ExportResult(out, ids_namespaced=not export_sql.ids_unique_without_namespace(
        con, sources))
    written = []
    for table in HSDS_TABLES:
        rows = export_sql.table_rows(con, table, strip_namespace=not result.ids_namespaced,
                                     include_private=include_private, sources=sources)
        if not include_private:  # counted, not inferred: what the store has, less the file
            missing = export_sql.table_count(con, table, sources) - len(rows)
            if missing > 0:
                result.left_out_by_table[table] = missing
        if not rows:
            continue
        with (out / FILES[table]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(hsds_columns(table))
            writer.writerows([_cell(v) for v in row] for row in rows)
        result.counts[table] = len(rows)
        written.append(table)
    (out / "datapackage.json").write_text(json.dumps(datapackage(written), indent=2) + "\n")
    result.left_out_private = sum(result.left_out_by_table.values())
    return result


def _convert(value: str, prop: dict[str, Any]) -> Any:
    kind = prop.get("type")
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return value  # left as text: the schema reports it
        return int(number) if number.is_integer() else number
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    return value


def validate_export(folder: str | Path, spec_dir: str | Path, *, limit: int = 200) -> list[str]:
    """Problems of an exported datapackage against the HSDS 3.0 JSON Schemas (empty: valid)."""
    import jsonschema

    folder, spec_dir = Path(folder), Path(spec_dir)
    problems: list[str] = []
    package = json.loads((folder / "datapackage.json").read_text())
    spec_package = json.loads((spec_dir / "datapackage.json").read_text())
    spec_fields = {r["name"]: {f["name"] for f in r["schema"]["fields"]}
                   for r in spec_package["resources"]}
    for resource in package["resources"]:
        table = resource["name"]
        schema = json.loads((spec_dir / "schema" / f"{table}.json").read_text())
        extra = {f["name"] for f in resource["schema"]["fields"]} - spec_fields.get(table, set())
        if extra:
            problems.append(f"{resource['path']}: fields not in HSDS 3.0: {sorted(extra)}")
        validator = jsonschema.Draft202012Validator(schema)
        props = schema.get("properties", {})
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.DictReader(handle), start=1):
                record = {k: _convert(v, props.get(k, {})) for k, v in row.items() if v != ""}
                for error in validator.iter_errors(record):
                    problems.append(f"{resource['path']} row {n}: {error.message}")
                    if len(problems) >= limit:
                        return problems
    return problems
