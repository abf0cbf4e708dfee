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

from resources.datafile import problems_of
from resources.loaders._clean import LoadError
from resources.loaders._facility import FLAT_FIELDS
from resources.loaders._needs import need_ids
from resources.records import Issue

SHIPPED = Path(__file__).resolve().parent.parent / "mappings"

# flat fields a mapping may fill from `fields` (the rest come from their own sections)
FIELD_TARGETS = set(FLAT_FIELDS) - {"id", "categories", "latitude", "longitude", "languages",
                                    "status"}
RULE_TESTS = {"equals", "contains", "matches"}
STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
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
    """Parse and check a mapping file (:class:`resources.loaders._mapping_schema.MappingFile`)
    and, given a file's ``header``, every column it names: one MappingError listing every
    problem found, each with its place in the mapping."""
    path = resolve(mapping)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingError(f"mapping {path.name} is not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise MappingError(f"mapping {path.name} must be a YAML mapping (key: value lines)")
    problems = problems_of(doc, "resources.loaders._mapping_schema:MappingFile",
                           {"need_ids": sorted(need_ids())})
    m = _mapping(path, doc)
    if header is not None:
        problems += m.header_problems(header, file)
    if problems:
        shown = f"; {file} has the columns: {', '.join(map(repr, header[:40]))}" if (
            header is not None and any("is not in" in p for p in problems)) else ""
        raise MappingError(
            f"mapping {path.name} has {len(problems)} problem(s); nothing loaded{shown}",
            [Issue(path.name, None, None, None, p, "error") for p in problems])
    return m


def _mapping(path: Path, doc: dict[str, Any]) -> Mapping:
    """The mapping's sections as plain data, taking what is well formed (so that the columns
    of a mapping with other problems are checked against the file too)."""
    m = Mapping(path=path, name=str(doc.get("name") or path.stem), title=str(doc.get("title", "")))
    m.delimiter = str(doc.get("delimiter", ","))
    detect = doc.get("detect") or {}
    m.detect_header = _texts(detect.get("header")) if isinstance(detect, dict) else []
    m.null_markers = _texts(doc.get("null_markers"))
    spec = doc.get("id")
    spec = {"column": spec} if isinstance(spec, str) else spec if isinstance(spec, dict) else {}
    m.id_column = spec["column"] if isinstance(spec.get("column"), str) else None
    m.id_columns = [] if m.id_column else _texts(spec.get("columns"))
    m.id_repeats = str(spec.get("repeats", "reject"))
    given = doc.get("fields")
    fields: dict[str, Any] = given if isinstance(given, dict) else {}
    for target, value in fields.items():
        rule = {"column": value} if isinstance(value, str) else value
        if target in FIELD_TARGETS and isinstance(rule, dict):
            m.fields[target] = rule
    if isinstance(doc.get("address_block"), str):
        m.address_block = doc["address_block"]
    coords = doc.get("coordinates")
    m.coordinates = [c for c in (coords if isinstance(coords, list) else [coords] if coords
                                 else []) if isinstance(c, dict) and (
        set(c) in ({"latitude", "longitude"}, {"point"}))]
    cats = doc.get("categories")
    m.categories = [r for r in (cats if isinstance(cats, list) else [])
                    if isinstance(r, dict) and isinstance(r.get("column"), str)]
    status = doc.get("status")
    m.status = status if isinstance(status, dict) and isinstance(status.get("column"),
                                                                 str) else None
    attrs = doc.get("attributes")
    m.attributes = {str(k): v for k, v in attrs.items()} if isinstance(attrs, dict) else {}
    return m


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []
