"""Mapping files for the ``mapped-csv`` loader: read, check, report every problem once.

A mapping is a small YAML file a coordinator writes for one open-data CSV (see
docs/mappings.md). :func:`read_mapping` checks its shape and, given the file's header,
every column it names; it collects *all* problems and raises one :class:`MappingError`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from resources.loaders._clean import LoadError
from resources.loaders._facility import FLAT_FIELDS
from resources.loaders._needs import need_ids
from resources.records import Issue

SHIPPED = Path(__file__).resolve().parent.parent / "mappings"

TOP_KEYS = {"name", "title", "notes", "detect", "null_markers", "id", "fields",
            "address_block", "coordinates", "categories", "status", "attributes", "delimiter"}
# flat fields a mapping may fill from `fields` (the rest come from their own sections)
FIELD_TARGETS = set(FLAT_FIELDS) - {"id", "categories", "latitude", "longitude", "languages",
                                    "status"}
FIELD_KEYS = {"column", "template", "map", "default", "case", "format", "value"}
RULE_TESTS = {"equals", "contains", "matches"}
STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
CASES = {"display", "upper", "lower", "as_is"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class MappingError(LoadError):
    """A mapping file that cannot be used; lists every problem found."""


@dataclass
class Mapping:
    """A checked mapping (the YAML's sections, as plain data)."""

    path: Path
    name: str
    title: str = ""
    detect_header: list[str] = field(default_factory=list)
    null_markers: list[str] = field(default_factory=list)
    id_column: str | None = None
    id_columns: list[str] = field(default_factory=list)
    id_repeats: str = "reject"
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    address_block: str | None = None
    coordinates: list[dict[str, str]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    status: dict[str, Any] | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    delimiter: str = ","

    def columns_used(self) -> list[tuple[str, str]]:
        """(where in the mapping, column name) for every column the mapping reads."""
        used: list[tuple[str, str]] = []
        used += [("id.column", self.id_column)] if self.id_column else []
        used += [("id.columns", c) for c in self.id_columns]
        for target, spec in self.fields.items():
            if spec.get("column"):
                used.append((f"fields.{target}", spec["column"]))
            for col in _PLACEHOLDER.findall(spec.get("template") or ""):
                used.append((f"fields.{target}.template", col))
        if self.address_block:
            used.append(("address_block", self.address_block))
        for n, coord in enumerate(self.coordinates):
            used += [(f"coordinates[{n}].{k}", v) for k, v in coord.items()]
        used += [(f"categories[{n}].column", r["column"]) for n, r in enumerate(self.categories)]
        if self.status:
            used.append(("status.column", self.status["column"]))
        used += [("attributes", c) for c in self.attributes]
        return used

    def header_problems(self, header: list[str], file: str) -> list[str]:
        """Every mapped column the file's header lacks, named with where the mapping uses it."""
        have = set(header)
        return [f"{where}: column {column!r} is not in {file}"
                for where, column in self.columns_used() if column not in have]

    def matches_header(self, header: list[str]) -> bool:
        return bool(self.detect_header) and set(self.detect_header) <= set(header)


def read_header(path: Path, delimiter: str = ",") -> list[str]:
    """The first line of a CSV file, as column names (cheap: reads at most 64 KB)."""
    with path.open("rb") as handle:
        head = handle.read(65536).decode("utf-8-sig", "replace")
    head = head.replace("\r\n", "\n").replace("\r", "\n")
    try:
        first = next(csv.reader(io.StringIO(head), delimiter=delimiter), [])
    except csv.Error:
        return []
    return [c.strip() for c in first]


def shipped_mappings() -> list[Path]:
    return sorted(SHIPPED.glob("*.yaml"))


def resolve(mapping: str | Path) -> Path:
    """A mapping path, or the name of a shipped mapping (``nys-doh-health-facilities``)."""
    path = Path(mapping)
    if path.exists():
        return path
    shipped = SHIPPED / f"{mapping}.yaml"
    if shipped.exists():
        return shipped
    names = ", ".join(p.stem for p in shipped_mappings())
    raise MappingError(f"mapping {mapping} not found (a YAML file, or one of: {names})")


def peek_delimiter(mapping: str | Path) -> str | None:
    """The mapping's ``delimiter`` (None = guess from the file), read leniently: a broken
    mapping is reported in full by :func:`read_mapping` once the header is known."""
    try:
        doc = yaml.safe_load(resolve(mapping).read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError):
        return None
    value = doc.get("delimiter") if isinstance(doc, dict) else None
    return value if isinstance(value, str) and len(value) == 1 else None


def read_mapping(mapping: str | Path, header: list[str] | None = None,
                 file: str = "the file") -> Mapping:
    """Parse and check a mapping file (and, given a file's ``header``, every column it
    names): one MappingError listing every problem found."""
    path = resolve(mapping)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingError(f"mapping {path.name} is not valid YAML: {exc}") from exc
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise MappingError(f"mapping {path.name} must be a YAML mapping (key: value lines)")
    for key in sorted(set(doc) - TOP_KEYS):
        problems.append(f"unknown section {key!r} (known: {', '.join(sorted(TOP_KEYS))})")
    m = Mapping(path=path, name=str(doc.get("name") or path.stem), title=str(doc.get("title", "")))
    m.delimiter = str(doc.get("delimiter", ","))
    if len(m.delimiter) != 1:
        problems.append("delimiter must be one character, e.g. ',' or ';' (or left out)")
    detect = doc.get("detect") or {}
    if isinstance(detect, dict):
        m.detect_header = _str_list(detect.get("header", []), "detect.header", problems)
    else:
        problems.append("detect must be {header: [column, ...]}")
    m.null_markers = _str_list(doc.get("null_markers", []), "null_markers", problems)
    _read_id(doc.get("id"), m, problems)
    _read_fields(doc.get("fields") or {}, m, problems)
    if doc.get("address_block") is not None:
        if isinstance(doc["address_block"], str):
            m.address_block = doc["address_block"]
        else:
            problems.append("address_block must be a column name")
    _read_coordinates(doc.get("coordinates"), m, problems)
    _read_categories(doc.get("categories") or [], m, problems)
    _read_status(doc.get("status"), m, problems)
    attrs = doc.get("attributes") or {}
    if isinstance(attrs, dict) and all(isinstance(v, str) for v in attrs.values()):
        m.attributes = {str(k): v for k, v in attrs.items()}
    else:
        problems.append("attributes must map column names to attribute names")
    if header is not None:
        problems += m.header_problems(header, file)
    if problems:
        shown = f"; {file} has the columns: {', '.join(map(repr, header[:40]))}" if (
            header is not None and any("is not in" in p for p in problems)) else ""
        raise MappingError(
            f"mapping {path.name} has {len(problems)} problem(s); nothing loaded{shown}",
            [Issue(path.name, None, None, None, p, "error") for p in problems])
    return m


def _str_list(value: Any, where: str, problems: list[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        problems.append(f"{where} must be a list of texts")
        return []
    return [str(v) for v in value]


def _read_id(spec: Any, m: Mapping, problems: list[str]) -> None:
    if isinstance(spec, str):
        m.id_column = spec
        return
    if not isinstance(spec, dict) or not (isinstance(spec.get("column"), str) or "columns" in spec):
        problems.append("id must be a column name, {column: NAME} or {columns: [A, B]} "
                        "(a stable id generated from those columns)")
        return
    for key in sorted(set(spec) - {"column", "columns", "repeats"}):
        problems.append(f"id: unknown key {key!r} (known: column, columns, repeats)")
    if isinstance(spec.get("column"), str):
        m.id_column = spec["column"]
    else:
        m.id_columns = _str_list(spec["columns"], "id.columns", problems)
    m.id_repeats = str(spec.get("repeats", "reject"))
    if m.id_repeats not in ("reject", "keep_first"):
        problems.append("id.repeats must be reject (each repeat is an error) or keep_first "
                        "(repeats merged into the first row, each reported)")


def _read_fields(spec: Any, m: Mapping, problems: list[str]) -> None:
    if not isinstance(spec, dict):
        problems.append("fields must map target fields to columns")
        return
    for target, value in spec.items():
        if target not in FIELD_TARGETS:
            problems.append(f"fields: unknown target field {target!r} "
                            f"(known: {', '.join(sorted(FIELD_TARGETS))})")
            continue
        rule = {"column": value} if isinstance(value, str) else value
        if not isinstance(rule, dict):
            problems.append(f"fields.{target} must be a column name or a rule")
            continue
        for key in sorted(set(rule) - FIELD_KEYS):
            problems.append(f"fields.{target}: unknown key {key!r} "
                            f"(known: {', '.join(sorted(FIELD_KEYS))})")
        sources = [k for k in ("column", "template", "value") if k in rule]
        if len(sources) != 1:
            problems.append(f"fields.{target} needs exactly one of column, template, value")
        if "map" in rule and not isinstance(rule["map"], dict):
            problems.append(f"fields.{target}.map must map values to values")
        if rule.get("case", "as_is") not in CASES:
            problems.append(f"fields.{target}.case must be one of {sorted(CASES)}")
        if "format" in rule and target != "assured_date":
            problems.append(f"fields.{target}.format only applies to assured_date")
        m.fields[target] = rule


def _read_coordinates(spec: Any, m: Mapping, problems: list[str]) -> None:
    items = [] if spec is None else spec if isinstance(spec, list) else [spec]
    for n, item in enumerate(items):
        ok = isinstance(item, dict) and (
            set(item) == {"latitude", "longitude"} or set(item) == {"point"}) and all(
            isinstance(v, str) for v in item.values())
        if not ok:
            problems.append(f"coordinates[{n}] must be {{latitude: COL, longitude: COL}} or "
                            "{point: COL} (a '(lat, lon)' text)")
            continue
        m.coordinates.append(item)


def _read_categories(spec: Any, m: Mapping, problems: list[str]) -> None:
    if not isinstance(spec, list):
        problems.append("categories must be a list of rules")
        return
    for n, rule in enumerate(spec):
        where = f"categories[{n}]"
        if not isinstance(rule, dict) or not isinstance(rule.get("column"), str):
            problems.append(f"{where} must have a column")
            continue
        tests = set(rule) & RULE_TESTS
        if len(tests) != 1:
            problems.append(f"{where} needs exactly one of {sorted(RULE_TESTS)}")
        for key in sorted(set(rule) - RULE_TESTS - {"column", "needs"}):
            problems.append(f"{where}: unknown key {key!r}")
        if "matches" in rule:
            try:
                re.compile(str(rule["matches"]))
            except re.error as exc:
                problems.append(f"{where}.matches is not a valid regular expression: {exc}")
        needs = rule.get("needs")
        if not isinstance(needs, list) or not needs:
            problems.append(f"{where}.needs must be a list of need ids")
            continue
        for need in needs:
            if need not in need_ids():
                problems.append(f"{where}: unknown need id {need!r}")
        m.categories.append(rule)


def _read_status(spec: Any, m: Mapping, problems: list[str]) -> None:
    if spec is None:
        return
    if not isinstance(spec, dict) or not isinstance(spec.get("column"), str) or not isinstance(
            spec.get("map", {}), dict):
        problems.append("status must be {column: COL, map: {value: status}, default: status}")
        return
    for value in [*spec.get("map", {}).values(), spec.get("default", "active")]:
        if value not in STATUSES:
            problems.append(f"status: {value!r} is not one of {sorted(STATUSES)}")
    m.status = spec
