"""Open Referral ``hsds-transformer`` mapping files: read both shapes, check, report once.

The hsds-transformer (github.com/openreferral/hsds-transformer) turns "Airtable-style"
CSVs into HSDS 1.x with a YAML mapping. Two shapes are in use:

* ``file.csv: {columns: {Column: rule | [rule, ...]}}``, each rule
  ``{model, field, required?, append?, map?}`` (the current transformer);
* ``file_stem: {column: {model, field, foreign_key_name?, foreign_key_value?}}`` (the
  older flat shape: the object a column makes gets ``foreign_key_name`` set from the
  row's ``foreign_key_value`` column).

:func:`read_transformer_mapping` turns either into :class:`TransformerMapping`: per input
file, the :class:`Rule` list (column -> HSDS 1.x table and field). Model names are
normalized through :data:`MODELS` (the transformer's own names and their singular or
misspelt variants seen in real mappings). The file is checked by the models of
:mod:`resources.loaders._transformer_schema`; every problem, with its place in the file, is
raised once as a :class:`~resources.loaders._mapping.MappingError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from resources.datafile import problems_of
from resources.loaders._mapping import MappingError

# transformer model name -> HSDS 1.x file stem (what the legacy loader reads)
MODELS: dict[str, str] = {
    "organizations": "organizations", "services": "services", "locations": "locations",
    "programs": "programs", "phones": "phones", "contacts": "contacts",
    "physical_addresses": "physical_addresses", "postal_addresses": "postal_addresses",
    "regular_schedules": "regular_schedules", "holiday_schedules": "holiday_schedules",
    "services_at_location": "services_at_location", "services_at_locations":
    "services_at_location", "service_at_locations": "services_at_location",
    "service_at_location": "services_at_location", "eligibilities": "eligibility",
    "eligibility": "eligibility", "languages": "languages", "service_areas": "service_areas",
    "accessibility_for_disabilities": "accessibility_for_disabilities",
    "service_taxonomies": "services_taxonomy", "services_taxonomy": "services_taxonomy",
    "taxonomies": "taxonomy", "taxonomy": "taxonomy", "funding": "funding",
    "fundings": "funding", "required_documents": "required_documents",
    "payments_accepted": "payments_accepted", "fees": "fees",
    "interpretation_services": "interpretation_services",
}


@dataclass(frozen=True)
class Rule:
    """One column -> one field of one HSDS 1.x table."""

    column: str
    table: str          # HSDS 1.x file stem (MODELS value)
    field: str
    required: bool = False
    append: bool = False
    value_map: dict[str, Any] | None = None


@dataclass
class TransformerMapping:
    path: Path
    shape: str                                   # "columns" | "flat"
    files: dict[str, list[Rule]] = field(default_factory=dict)  # input file name -> rules

    def columns_of(self, file: str) -> set[str]:
        return {r.column for r in self.files.get(file, [])}


def looks_like_mapping(doc: Any) -> bool:
    """True for a YAML document in either transformer shape (cheap: the first entries)."""
    if not isinstance(doc, dict) or not doc:
        return False
    for key, spec in list(doc.items())[:3]:
        if not isinstance(key, str) or not isinstance(spec, dict):
            return False
        if isinstance(spec.get("columns"), dict):
            continue
        values = [v for v in spec.values() if v is not None]
        first = values[0] if values else None
        rule = first[0] if isinstance(first, list) and first else first
        if not (isinstance(rule, dict) and "model" in rule and "field" in rule):
            return False
    return True


def load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(f"mapping {path.name} is not valid YAML: {exc}") from exc


def read_transformer_mapping(path: Path) -> TransformerMapping:
    """Parse a transformer mapping and check it
    (:mod:`resources.loaders._transformer_schema`); one MappingError naming every problem."""
    doc = load_yaml(path)
    if not looks_like_mapping(doc):
        raise MappingError(f"{path.name} is not an hsds-transformer mapping (expected "
                           "'file.csv: columns: Column: {model, field}' entries)")
    shape = "columns" if any(isinstance(s, dict) and "columns" in s for s in doc.values()) \
        else "flat"
    problems = problems_of(doc, "resources.loaders._transformer_schema:"
                           f"{shape.capitalize()}Mapping")
    if problems:
        raise MappingError(f"mapping {path.name} has {len(problems)} problem(s):\n  "
                           + "\n  ".join(problems))
    out = TransformerMapping(path=path, shape=shape)
    for key, spec in doc.items():
        file = key if str(key).lower().endswith(".csv") else f"{key}.csv"
        out.files[file] = [rule for column, entry in (spec["columns"] if shape == "columns"
                                                      else spec).items()
                           for raw in (entry if isinstance(entry, list) else [entry])
                           if raw is not None for rule in _rules(str(column), raw)]
    return out


def model_table(model: str) -> str | None:
    """The HSDS 1.x table of a transformer model name (plural or singular)."""
    name = re.sub(r"[^a-z0-9]+", "_", model.strip().lower()).strip("_")
    for form in (name, name + "s", name + "es", re.sub(r"y$", "ies", name)):
        if form in MODELS:
            return MODELS[form]
    return None


def _rules(column: str, raw: dict[str, Any]) -> list[Rule]:
    """A checked rule: its column's field, and the foreign key it sets (flat shape)."""
    table = model_table(raw["model"])
    assert table is not None  # the model checked it
    value_map = raw.get("map")
    rules = [Rule(column, table, raw["field"].strip(), bool(raw.get("required")),
                  bool(raw.get("append")), value_map if isinstance(value_map, dict) else None)]
    if raw.get("foreign_key_name") is not None:
        rules.append(Rule(raw["foreign_key_value"], table, raw["foreign_key_name"]))
    return rules
