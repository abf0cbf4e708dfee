"""``mapped-csv``: any one-row-per-facility CSV, described by a small YAML mapping.

The mapping (see :mod:`resources.loaders._mapping` and docs/mappings.md) names the id
column, which column fills which flat facility field, category and status rules, null
markers, coordinate columns or "(lat, lon)" texts, and multi-line Socrata address cells.
This module applies it in stages: read -> check header -> nulls -> ids -> fields ->
address block -> coordinates -> categories -> status -> the shared facility builder.

Shipped mappings live in ``resources/mappings/``; a file whose header carries a shipped
mapping's ``detect.header`` columns is recognised by ``resources load PATH``.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resources.loaders._clean import LoadError, blank_to_none, read_csv
from resources.loaders._facility import display_case, facility_batch
from resources.loaders._mapping import (
    Mapping,
    MappingError,
    peek_delimiter,
    read_header,
    read_mapping,
    shipped_mappings,
)
from resources.loaders.base import Loader
from resources.records import Batch, Issue

_POINT = re.compile(r"\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)")
# "street lines\nCity, ST 12345" (the point already removed); street lines are optional
_BLOCK = re.compile(
    r"^(?:(?P<street>.*)\n)?\s*(?:(?P<city>[^\n,]+?)\s*,\s*)?(?P<state>[A-Za-z]{2})\b\.?\s*"
    r"(?P<zip>\d{5}(?:-\d{4})?)?\s*$", re.S)
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@lru_cache(maxsize=8)
def _shipped(folder_mtime: float) -> tuple[Mapping, ...]:
    return tuple(read_mapping(p) for p in shipped_mappings())


def shipped_for(path: Path) -> Mapping | None:
    """The shipped mapping whose detect header the file's header carries (or None)."""
    if not shipped_mappings():
        return None
    mappings = _shipped(max(p.stat().st_mtime for p in shipped_mappings()))
    header = read_header(path)  # shipped mappings all read comma-separated files
    for mapping in mappings:
        if mapping.matches_header(header):
            return mapping
    return None


class MappedCSVLoader(Loader):
    kind = "mapped-csv"
    description = "a facility CSV described by a YAML mapping (--mapping FILE or a shipped one)"

    def __init__(self, mapping: str | Path | None = None) -> None:
        self.mapping = mapping

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in (".csv", ".txt", ".tsv"):
            return False
        return shipped_for(path) is not None

    def read(self, path: Path) -> Batch:
        if self.mapping is None:
            found = shipped_for(path)
            if found is None:
                raise LoadError(f"{path.name}: no shipped mapping fits this file; write one and "
                                "pass it with --mapping (see docs/mappings.md)")
            mapping: str | Path = found.path
        else:
            mapping = self.mapping
        issues: list[Issue] = []
        raw = read_csv(path, issues, delimiter=peek_delimiter(mapping))
        header = [c for c in raw.columns if c not in ("source_row", "_file")]
        m = read_mapping(mapping, header, path.name)
        raw = blank_to_none(raw, m.null_markers)
        file, rows_read = path.name, len(raw)
        ids = _ids(raw, m)
        if m.id_repeats == "keep_first":
            raw, ids = _merge_repeats(raw, ids, m, issues)
        flat = pd.DataFrame({"id": ids, "source_row": raw["source_row"],
                             "_file": raw["_file"]}, index=raw.index)
        for target, rule in m.fields.items():
            flat[target] = _field(raw, target, rule, file, issues)
        if m.address_block:
            _address_block(raw, m.address_block, flat, file, issues)
        _coordinates(raw, m, flat, file, issues)
        flat["categories"] = _categories(raw, m, file, issues)
        if m.status:
            flat["status"] = _status(raw, m.status, file, issues)
        no_name = flat["name"].isna() if "name" in flat else pd.Series(True, index=flat.index)
        issues += _row_issues(raw, no_name, "name", "no name; kept, shown by its address")
        attrs = {f"_a_{n}": name for n, name in enumerate(m.attributes.values())}
        for n, column in enumerate(m.attributes):
            flat[f"_a_{n}"] = raw[column]
        return facility_batch(flat, rows_read=rows_read, issues=issues, attributes=attrs,
                              taxonomy=m.name)


def _row_issues(raw: pd.DataFrame, mask: pd.Series, field: str, problem: str,
                values: pd.Series | None = None, severity: str = "warning") -> list[Issue]:
    vals = values if values is not None else pd.Series(None, index=raw.index)
    return [Issue(str(f), int(r), field, None if v is None or pd.isna(v) else str(v), problem,
                  severity)
            for f, r, v in zip(raw.loc[mask, "_file"], raw.loc[mask, "source_row"], vals[mask],
                               strict=False)]


def _ids(raw: pd.DataFrame, m: Mapping) -> pd.Series:
    if m.id_column:
        return raw[m.id_column]
    # a stable id from the chosen columns: same values -> same id on every load
    joined = raw[m.id_columns].astype("string").fillna("").agg("\x1f".join, axis=1)
    return joined.map(lambda t: hashlib.sha1(t.encode()).hexdigest()[:16]).astype(object)


def _merge_repeats(raw: pd.DataFrame, ids: pd.Series, m: Mapping,
                   issues: list[Issue]) -> tuple[pd.DataFrame, pd.Series]:
    """Drop rows repeating an earlier row's id; report each with the columns that differ
    (a warning when the mapping reads one of them, else a note)."""
    repeat = ids.notna() & ids.duplicated(keep="first")
    if not repeat.any():
        return raw, ids
    data = [c for c in raw.columns if c not in ("source_row", "_file")]
    first = raw[~repeat].assign(_id=ids[~repeat]).drop_duplicates("_id").set_index("_id")
    later = raw.loc[repeat, data]
    earlier = first.loc[ids[repeat], data].set_axis(later.index)
    differs = ~((later == earlier) | (later.isna() & earlier.isna()))
    used = {c for _, c in m.columns_used()}
    first_rows = first["source_row"].reindex(ids[repeat]).to_numpy()
    for (idx, row), first_row in zip(differs.iterrows(), first_rows, strict=True):
        cols = [c for c in data if row[c]]
        mapped = [c for c in cols if c in used]
        issues.append(Issue(
            str(raw.at[idx, "_file"]), int(raw.at[idx, "source_row"]), "id", str(ids[idx]),
            f"repeats the id of row {int(first_row)}; merged into it (differs in: "
            f"{', '.join(cols) or 'nothing'})", "warning" if mapped else "info", str(ids[idx])))
    return raw[~repeat], ids[~repeat]


def _template(raw: pd.DataFrame, template: str) -> pd.Series:
    """'{A} and {B}' filled row by row; None where every named column is empty."""
    parts = re.split(r"(\{[^{}]+\})", template)
    out = pd.Series("", index=raw.index, dtype="string")
    any_value = pd.Series(False, index=raw.index)
    for part in parts:
        name = part[1:-1] if part.startswith("{") and part.endswith("}") else None
        if name is None:
            out = out + part
        else:
            out = out + raw[name].astype("string").fillna("")
            any_value |= raw[name].notna()
    out = out.str.strip()
    return out.astype(object).where(any_value & (out != ""), None)


def _field(raw: pd.DataFrame, target: str, rule: dict[str, Any], file: str,
           issues: list[Issue]) -> pd.Series:
    if "column" in rule:
        values = raw[rule["column"]].astype(object)
    elif "template" in rule:
        values = _template(raw, rule["template"])
    else:
        values = pd.Series(rule["value"], index=raw.index, dtype=object)
    if "map" in rule:
        mapping = {str(k): v for k, v in rule["map"].items()}
        values = values.map(lambda v: mapping.get(str(v), v) if v is not None else None)
    if "default" in rule:
        values = values.where(values.notna(), rule["default"])
    case = rule.get("case", "as_is")
    if case == "display":
        values = display_case(values)
    elif case in ("upper", "lower"):
        text = values.astype("string")
        values = (text.str.upper() if case == "upper" else text.str.lower()).astype(object)
    if target == "assured_date":
        parsed = pd.to_datetime(values, format=rule.get("format"), errors="coerce")
        bad = values.notna() & parsed.isna()
        issues += _row_issues(raw, bad, rule.get("column", target),
                              "not a date in the mapping's format; dropped", values)
        values = parsed.dt.date.astype(object).where(parsed.notna(), None)
    return values.astype(object).where(values.notna(), None)


def _address_block(raw: pd.DataFrame, column: str, flat: pd.DataFrame, file: str,
                   issues: list[Issue]) -> None:
    """Parse a Socrata location cell ('street\\nCity, ST ZIP\\n(lat, lon)'); fields already
    mapped explicitly win, the block fills what they leave empty."""
    text = raw[column].astype("string")
    point = text.str.extract(_POINT)
    rest = text.str.replace(_POINT, "", regex=True).str.strip()
    parts = rest.str.extract(_BLOCK)
    street = parts["street"].str.replace(r"\s*\n\s*", ", ", regex=True).str.strip(" ,")
    unparsed = (rest.notna() & (rest != "") & parts["state"].isna()).fillna(False).astype(bool)
    street = street.where(~unparsed, rest.str.replace(r"\s*\n\s*", ", ", regex=True))
    issues += _row_issues(raw, unparsed, column,
                          "address cell not understood (no 'City, ST ZIP' line); kept whole "
                          "as the street address", raw[column])
    no_city = (parts["state"].notna() & parts["city"].isna()).fillna(False).astype(bool)
    issues += _row_issues(raw, no_city, column,
                          "no 'City,' before the state in the address cell: city left empty "
                          "(the street line may hold it)", raw[column])
    for target, values in (("address_1", street), ("city", parts["city"]),
                           ("state_province", parts["state"].str.upper()),
                           ("postal_code", parts["zip"]),
                           ("_block_lat", point[0]), ("_block_lon", point[1])):
        values = values.astype(object).where(values.notna() & (values != ""), None)
        flat[target] = flat[target].where(flat[target].notna(), values) if target in flat \
            else values


def _coordinates(raw: pd.DataFrame, m: Mapping, flat: pd.DataFrame, file: str,
                 issues: list[Issue]) -> None:
    lat = pd.Series(np.nan, index=raw.index)
    lon = pd.Series(np.nan, index=raw.index)
    sources = list(m.coordinates)
    for source in sources:
        if "point" in source:
            found = raw[source["point"]].astype("string").str.extract(_POINT)
            la, lo = found[0], found[1]
            unread = raw[source["point"]].notna() & la.isna()
            issues += _row_issues(raw, unread.fillna(False).astype(bool), source["point"],
                                  "no '(lat, lon)' point in this text", raw[source["point"]])
        else:
            la, lo = raw[source["latitude"]], raw[source["longitude"]]
        la_n, lo_n = pd.to_numeric(la, errors="coerce"), pd.to_numeric(lo, errors="coerce")
        for col, given, num in ((source.get("latitude"), la, la_n),
                                (source.get("longitude"), lo, lo_n)):
            bad = given.notna() & num.isna()
            if col and bad.any():
                issues += _row_issues(raw, bad, col, "not a number; ignored", given)
        take = lat.isna() & la_n.notna() & lo_n.notna()
        lat, lon = lat.where(~take, la_n), lon.where(~take, lo_n)
    if "_block_lat" in flat:  # the address cell's point comes after the mapped columns
        la_n = pd.to_numeric(flat.pop("_block_lat"), errors="coerce")
        lo_n = pd.to_numeric(flat.pop("_block_lon"), errors="coerce")
        take = lat.isna() & la_n.notna() & lo_n.notna()
        lat, lon = lat.where(~take, la_n), lon.where(~take, lo_n)
    flat["latitude"], flat["longitude"] = lat, lon


def _categories(raw: pd.DataFrame, m: Mapping, file: str, issues: list[Issue]) -> pd.Series:
    """Union of the needs of every matching rule, as one list per row (vectorized)."""
    needs: list[str] = []
    for rule in m.categories:
        needs += [n for n in rule["needs"] if n not in needs]
    if not needs:
        return pd.Series(None, index=raw.index, dtype=object)
    hits = np.zeros((len(raw), len(needs)), dtype=bool)
    for rule in m.categories:
        text = raw[rule["column"]].astype("string")
        if "equals" in rule:
            wanted = rule["equals"] if isinstance(rule["equals"], list) else [rule["equals"]]
            mask = text.isin([str(w) for w in wanted])
        elif "contains" in rule:
            words = rule["contains"] if isinstance(rule["contains"], list) else [rule["contains"]]
            pattern = "|".join(re.escape(str(w)) for w in words)
            mask = text.str.contains(pattern, case=False, regex=True)
        else:
            mask = text.str.contains(str(rule["matches"]), regex=True)
        mask_np = mask.fillna(False).to_numpy(dtype=bool)
        for need in rule["needs"]:
            hits[:, needs.index(need)] |= mask_np
    keys = hits @ (1 << np.arange(len(needs), dtype=np.int64))
    lists = {int(k): [n for i, n in enumerate(needs) if int(k) >> i & 1] or None
             for k in np.unique(keys)}
    none = keys == 0
    if none.any():
        first = m.categories[0]["column"] if m.categories else None
        top = raw.loc[none, first].value_counts().head(8).to_dict() if first else {}
        issues.append(Issue(file, None, first, None,
                            f"{int(none.sum())} rows match no category rule: kept, not offered "
                            f"for a need (most common {first}: {top})", "info"))
    return pd.Series([lists[int(k)] for k in keys], index=raw.index, dtype=object)


def _status(raw: pd.DataFrame, spec: dict[str, Any], file: str, issues: list[Issue]) -> pd.Series:
    mapping = {str(k): v for k, v in (spec.get("map") or {}).items()}
    values = raw[spec["column"]].astype("string").str.strip()
    status = values.map(mapping)
    unknown = values.notna() & status.isna()
    default = spec.get("default", "active")
    issues += _row_issues(raw, unknown.fillna(False).astype(bool), spec["column"],
                          f"status value not in the mapping; kept as {default!r}", values)
    return status.fillna(default).astype(object)


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """(kind, path) pairs for bench/load.py (shipped mappings are found by detection)."""
    return [
        ("mapped-csv", shared / "nys-doh-health-facilities" /
         "Health_Facility_General_Information.csv"),
        ("mapped-csv", shared / "nyc-hh-patient-care-locations-2011" /
         "NYC_Health___Hospitals_patient_care_locations_-_2011.csv"),
    ]


__all__ = ["MappedCSVLoader", "MappingError", "bench_cases", "shipped_for"]
