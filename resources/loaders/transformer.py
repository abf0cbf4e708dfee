"""``hsds-transformer``: Airtable-style CSVs described by an Open Referral hsds-transformer
YAML mapping, read as the HSDS 1.x tables the transformer would write.

A folder holding such a mapping (``*.yaml``, either shape: see
:mod:`resources.loaders._transformer_mapping`) and its input CSVs (beside it or in an
``input/`` folder) is this format. Stages:

1. each input row makes at most one object per mapped table (the transformer's rule):
   fields filled by their columns (``append`` fields joined, ``map`` applied), an object
   with no value beyond the row's own id is no object, a ``required`` field left empty
   rejects the object (reported), an id field holding a list ("89016,89006") makes one
   object per id;
2. the declared rules below for what a mapping leaves out (each use reported);
3. the HSDS 1.x tables go through the legacy loader's steps (:mod:`._tabular`), so
   schedules, eligibility, links and categories are read exactly as in an HSDS package.

Declared rules (in :mod:`resources.loaders._transformer_rules`):

* **points**: a column whose values are coordinate pairs ("Geolocation is 42.1, -87.9") is
  the point of the row's place: on a locations row, that location; on a services row, the
  location(s) the service is at (when every service there agrees), or a place made for the
  service when it is at none;
* **addresses**: an address made from a locations row for that location is its street
  address (physical), whatever the mapping's model name; a one-line address gives its
  state, ZIP and city (the ZIP places the location approximately, marked so);
* **hours**: a schedule field that is not an HSDS 1.x schedule column
  (``hours_of_operation``) is free-text hours of its location or service, read by the
  hours text reader;
* **service areas**: an unmapped services column named like a service area is the
  service's area (resolved to counties/states after the load);
* **own hours**: an unmapped services or locations column named like opening hours
  (:data:`HOURS_COLUMNS`) is that row's free-text hours.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from resources.loaders._clean import LoadError, blank_to_none, read_csv
from resources.loaders._mapping import MappingError
from resources.loaders._text_points import address_parts
from resources.loaders._transformer_mapping import (
    Rule,
    TransformerMapping,
    load_yaml,
    looks_like_mapping,
    read_transformer_mapping,
)
from resources.loaders._transformer_rules import (
    ADDRESS_TABLES,
    Tables,
    areas_in_state,
    free_text_hours,
    points_of_services,
    unmapped_columns,
)
from resources.loaders.hsds_legacy import HSDSLegacyCSVLoader
from resources.records import Batch, Issue

# the links each HSDS 1.x table holds: an object made from a row of a services, locations
# or organizations file gets that row's id in its link when the mapping names none
LINKS: dict[str, set[str]] = {
    "phones": {"service_id", "location_id", "organization_id"},
    "postal_addresses": {"location_id"}, "physical_addresses": {"location_id"},
    "regular_schedules": {"service_id", "location_id"},
    "holiday_schedules": {"service_id", "location_id"},
    "services_at_location": {"service_id", "location_id"},
    "eligibility": {"service_id", "location_id"}, "languages": {"service_id", "location_id"},
    "service_areas": {"service_id"}, "accessibility_for_disabilities": {"location_id"},
    "contacts": {"organization_id", "service_id"}, "services": {"organization_id"},
    "locations": {"organization_id"}, "programs": {"organization_id"},
    "services_taxonomy": {"service_id"}, "required_documents": {"service_id"},
    "fees": {"service_id"}, "funding": {"organization_id", "service_id"},
}
OWN_LINK = {"services": "service_id", "locations": "location_id",
            "organizations": "organization_id"}
APPEND_SEPARATOR = "\n\n"


def find_mapping(path: Path) -> tuple[Path, Path] | None:
    """(mapping file, folder of its input CSVs) for a folder or a mapping file, or None."""
    if path.is_dir():  # the mapping beside the CSVs, or the folder is its input/ folder
        holder = path.parent if path.name.lower() == "input" else path
        candidates = sorted([*holder.glob("*.yaml"), *holder.glob("*.yml")])
    else:
        candidates = [path]
    for mapping in candidates:
        if mapping.suffix.lower() not in (".yaml", ".yml") or mapping.stat().st_size > 1 << 20:
            continue
        try:
            doc = load_yaml(mapping)
        except MappingError:
            continue
        if not looks_like_mapping(doc):
            continue
        files = {k if str(k).lower().endswith(".csv") else f"{k}.csv" for k in doc}
        for folder in (path, mapping.parent, mapping.parent / "input") if path.is_dir() \
                else (mapping.parent, mapping.parent / "input"):
            if any((folder / f).is_file() for f in files):
                return mapping, folder
    return None


class HSDSTransformerLoader(HSDSLegacyCSVLoader):
    kind = "hsds-transformer"
    description = ("Airtable-style CSVs with an Open Referral hsds-transformer YAML mapping "
                   "(the folder, or the mapping file)")

    @classmethod
    def detect(cls, path: Path) -> bool:
        return find_mapping(path) is not None

    def read(self, path: Path) -> Batch:
        found = find_mapping(path)
        if found is None:
            raise LoadError(f"{path}: no hsds-transformer mapping with its input CSVs found")
        mapping = read_transformer_mapping(found[0])
        batch = Batch(notes=f"hsds-transformer mapping {found[0].name} ({mapping.shape} shape)")
        tables: Tables = {}
        service_rows = 0
        for file, rules in mapping.files.items():
            raw = self._input(found[1] / file, rules, batch)
            if raw is None:
                continue
            primary = _primary(rules)
            made = _objects(raw, rules, primary, file, batch.issues)
            unmapped_columns(raw, mapping, file, primary, made, batch.issues)
            if primary == "services":
                service_rows += _describing(raw, rules)
            for table, frame in made.items():
                tables.setdefault(table, []).append(frame)
        if not tables:
            raise LoadError(f"{path}: none of the mapping's input files is readable",
                            batch.issues)
        _not_in_mapping(found[1], mapping, batch.issues)
        points_of_services(tables, batch.issues)
        free_text_hours(tables, batch.issues)
        areas_in_state(tables, batch.issues)
        batch.service_rows = service_rows or None
        read = [(f"{stem}.csv", stem, pd.concat(parts, ignore_index=True))
                for stem, parts in tables.items() if stem in self.FILES]
        return self.read_tables(path, read, batch)

    @staticmethod
    def _input(file: Path, rules: list[Rule], batch: Batch) -> pd.DataFrame | None:
        if not file.is_file():
            batch.issues.append(Issue(file.name, None, None, None,
                                      "named by the mapping but not in the folder", "warning"))
            return None
        raw = blank_to_none(read_csv(file, batch.issues, delimiter=","))
        raw = raw.loc[:, [c for c in raw.columns if c and not c.startswith("Unnamed: ")
                          or raw[c].notna().any()]]
        batch.rows_read += len(raw)
        for column in sorted({r.column for r in rules} - set(raw.columns)):
            batch.issues.append(Issue(file.name, None, column, None,
                                      "column named by the mapping is not in the file: its "
                                      "fields left empty", "warning"))
        return raw


def _not_in_mapping(folder: Path, mapping: TransformerMapping, issues: list[Issue]) -> None:
    for file in sorted(folder.glob("*.csv")):
        if file.name not in mapping.files:
            issues.append(Issue(file.name, None, None, None,
                                "CSV file not named by the mapping: not read", "warning"))


def _primary(rules: list[Rule]) -> str | None:
    """The table a file's rows are (the first table whose id a column fills)."""
    return next((r.table for r in rules if r.field == "id"), None)


def _column(raw: pd.DataFrame, rule: Rule) -> pd.Series:
    if rule.column not in raw:
        return pd.Series(None, index=raw.index, dtype=object)
    values = raw[rule.column]
    if rule.value_map is not None:
        table = {str(k): v for k, v in rule.value_map.items()}
        values = values.map(lambda v: table.get(str(v)) if v is not None else None)
    return values.astype(object).where(values.notna(), None)


def _objects(raw: pd.DataFrame, rules: list[Rule], primary: str | None, file: str,
             issues: list[Issue]) -> dict[str, pd.DataFrame]:
    """One object per row and table (stage 1 of the module doc)."""
    own_id = {r.column for r in rules if r.table == primary and r.field == "id"}
    out: dict[str, pd.DataFrame] = {}
    for table in dict.fromkeys(r.table for r in rules):
        frame = pd.DataFrame(index=raw.index)
        content = pd.Series(False, index=raw.index)
        for rule in (r for r in rules if r.table == table):
            values = _column(raw, rule)
            have = frame.get(rule.field, None)
            if rule.append and have is not None:
                joined = have.fillna("").astype(str) + APPEND_SEPARATOR + values.fillna("")
                both = have.notna() & values.notna()
                values = joined.str.strip().where(both, have.where(have.notna(), values))
            elif have is not None:
                values = values.where(values.notna(), have)
            frame[rule.field] = values.astype(object).where(values.notna(), None)
            if table == primary or rule.column not in own_id:
                content |= values.notna()
        frame = frame[content]
        frame = _required(frame, raw, rules, table, file, issues)
        frame = frame.assign(source_row=raw.loc[frame.index, "source_row"], _file=file)
        if table != primary:
            _own_link(frame, raw, rules, table, primary, file, issues)
            frame = _listed_ids(frame, file, issues)
            frame["id"] = frame.get("id", None)
            made = f"{Path(file).stem}-row" + frame["source_row"].astype(str)
            n = frame.groupby(level=0).cumcount()
            made = made.where(n == 0, made + "-" + (n + 1).astype(str))
            frame["id"] = frame["id"].where(frame["id"].notna(), made)
        if table in ADDRESS_TABLES and primary == "locations":
            table = _street_address(frame, table, file, issues)
        if table in ADDRESS_TABLES:
            frame = _one_line_address(frame)
        out[table] = pd.concat([out[table], frame]) if table in out else frame
    return out


def _own_link(frame: pd.DataFrame, raw: pd.DataFrame, rules: list[Rule], table: str,
              primary: str | None, file: str, issues: list[Issue]) -> None:
    """An object without the link to the row it was made from gets it (the row's id)."""
    link = OWN_LINK.get(primary or "")
    own = next((r.column for r in rules if r.table == primary and r.field == "id"), None)
    if link is None or own is None or own not in raw or frame.empty \
            or link not in LINKS.get(table, set()) or link in frame:
        return
    frame[link] = raw.loc[frame.index, own]
    issues.append(Issue(file, None, link, None,
                        f"{len(frame)} {table} rows linked to the {primary} row they come "
                        f"from (the mapping names no {table}.{link})", "info"))


def _required(frame: pd.DataFrame, raw: pd.DataFrame, rules: list[Rule], table: str,
              file: str, issues: list[Issue]) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for rule in rules:
        if rule.table != table or not rule.required or rule.field not in frame:
            continue
        empty = frame[rule.field].isna() & keep
        for row in raw.loc[empty[empty].index, "source_row"]:
            issues.append(Issue(file, int(row), rule.column, None,
                                f"{table}.{rule.field} is required by the mapping and empty: "
                                f"this {table} row not loaded", "error"))
        keep &= ~empty
    return frame[keep]


def _listed_ids(frame: pd.DataFrame, file: str, issues: list[Issue]) -> pd.DataFrame:
    """An id field holding a comma list ('89016,89006'): one object per id."""
    for col in [c for c in frame.columns if c.endswith("_id")]:
        listed = frame[col].astype("string").str.contains(",", regex=False).fillna(False)
        if not listed.any():
            continue
        issues.append(Issue(file, None, col, None,
                            f"{int(listed.sum())} rows list several ids in {col}: one row "
                            "per id", "info"))
        parts = frame[col].astype("string").str.split(",")
        frame = frame.assign(**{col: parts}).explode(col)
        frame[col] = frame[col].str.strip().astype(object)
        frame = frame[frame[col].notna() & (frame[col] != "")]
    return frame


def _street_address(frame: pd.DataFrame, table: str, file: str, issues: list[Issue]) -> str:
    if table != "physical_addresses" and not frame.empty:
        issues.append(Issue(file, None, None, None,
                            f"{len(frame)} {table} rows made from locations rows for their "
                            "location: read as the location's street address (physical)",
                            "info"))
    return "physical_addresses"


def _one_line_address(frame: pd.DataFrame) -> pd.DataFrame:
    if "address_1" not in frame:
        return frame
    parts = address_parts(frame["address_1"])
    for col in parts.columns:
        have = frame[col] if col in frame else pd.Series(None, index=frame.index, dtype=object)
        frame[col] = have.where(have.notna(), parts[col])
    return frame


def _describing(raw: pd.DataFrame, rules: list[Rule]) -> int:
    """Rows of a services file that say what is offered (a value beyond ids and links)."""
    cols = [r.column for r in rules if r.table == "services" and r.column in raw
            and r.field != "id" and not r.field.endswith("_id")]
    return int(raw[cols].notna().any(axis=1).sum()) if cols else 0


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """(kind, path) of the shared hsds-transformer inputs, for bench/load.py."""
    root = shared / "hsds-transformer-fixtures"
    return [("hsds-transformer", root / "spec" / "fixtures" / "custom" / "ilao"),
            ("hsds-transformer", root / "examples" / "florida_data")]
