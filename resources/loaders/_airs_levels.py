"""Where the services of an AIRS export are: record levels as data (``airs_columns.LEVELS``).

I&R software exports services at different levels: as ``Program`` rows (the DC export),
as ``Site`` rows with their own taxonomy under ``Agency`` rows, as ``ProgramAtSite`` rows
linking a program to a site, or as lone ``Agency`` rows. Which records are services, and
which only hold what their services inherit (an agency, a site, a program offered through
its ProgramAtSite rows), is decided here from the level table, never per level in code.

A *service-bearing* row (the searchability report's yardstick) is one that says what is
offered or when (taxonomy, description or hours) and is not merely the holder of other
services: every such row should become a service.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from resources.loaders import _airs_parts as parts
from resources.loaders._distinct import isin, positions
from resources.loaders.airs_columns import (
    INHERITED,
    INHERITED_FAMILIES,
    LEVEL_NAMES,
    LEVELS,
    header_key,
)
from resources.records import Issue

TAXONOMY = ("taxonomy_codes", "taxonomy_terms", "taxonomy_leaf", "local_categories",
            "agency_taxonomy")
_LINK_SPLIT = r"\s*[;,|]\s*"


def read_levels(values: pd.Series) -> pd.Series:
    """TaxonomyLevelName text -> level key of :data:`LEVELS` (NaN where not understood)."""
    distinct = pd.Series(values.dropna().unique())
    keys = distinct.map(header_key)
    return values.map(dict(zip(distinct, keys.map(LEVEL_NAMES), strict=True)))


def level_names() -> str:
    return ", ".join(dict.fromkeys(n.replace("_", " ").title().replace(" ", "")
                                   for n in LEVELS))


def _present(f: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    have = pd.Series(False, index=f.index)
    for c in columns:
        if c in f:
            have |= f[c].notna()
    return have


def has_taxonomy(f: pd.DataFrame) -> pd.Series:
    return _present(f, TAXONOMY)


def described(f: pd.DataFrame) -> pd.Series:
    """The row says what is offered or when: taxonomy, description or hours."""
    return _present(f, (*TAXONOMY, "description", "hours", "hours_days"))


def _first_link(f: pd.DataFrame, field: str) -> pd.Series:
    if field not in f:
        return pd.Series(np.nan, index=f.index, dtype=object)
    return f[field].str.split(_LINK_SPLIT, n=1, regex=True).str[0].replace("", np.nan)


def inherit(f: pd.DataFrame, issues: list[Issue]) -> None:
    """Fill what a record leaves empty from the record its level inherits from (a
    ProgramAtSite from its Program), in place; the first named record of the level wins."""
    for level, rule in LEVELS.items():
        rows = f["level"] == level
        if not rule.inherits or not rows.any():
            continue
        source = pd.Series(np.nan, index=f.index, dtype=object)
        for field in rule.inherits:
            named = _first_link(f, field).where(rows)
            at = positions(named, f["id"])
            level_of = f["level"].to_numpy(dtype=object)[np.maximum(at, 0)]
            source = source.fillna(named.where((at >= 0) & (level_of == rule.inherits_from)))
        listed = _first_link(f, rule.inherits[0]).where(rows)
        at = positions(source, f["id"])
        known = at >= 0
        issues += parts.flag(f, listed.notna() & source.isna(), rule.inherits[0],
                             f"linked {rule.inherits_from} is not in this file; nothing "
                             "inherited", "warning", listed)
        if not known.any():
            continue
        take = at[known]
        families = [c for c in f.columns if str(c).startswith(INHERITED_FAMILIES)]
        for field in (*INHERITED, *families):
            if field in f:
                values = f[field].to_numpy(dtype=object)
                fill = pd.Series(values[take], index=f.index[known], dtype=object)
                f.loc[known, field] = f.loc[known, field].astype(object).fillna(fill)


def _ids_named(f: pd.DataFrame, rows: pd.Series) -> set[str]:
    """Ids of the records ``rows`` link to: parent, agency, sites, program."""
    named: set[str] = set()
    for field in ("parent_id", "organization_id"):
        if field in f:
            named.update(f.loc[rows, field].dropna().unique())
    for field in ("site_links", "program_links"):
        if field in f:
            lists = f.loc[rows, field].dropna().unique()
            items = pd.Series(lists, dtype=object).str.split(_LINK_SPLIT, regex=True).explode()
            named.update(items[items.notna() & (items != "")])
    return named


def services(f: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(is a service, is service-bearing) per row, by :data:`LEVELS` in its order."""
    says = described(f)
    own_tax = has_taxonomy(f)
    ids, orgs = f["id"], f["organization_id"]
    service = pd.Series(False, index=f.index)
    holder = pd.Series(False, index=f.index)
    holders: set[str] = set()
    for level, rule in LEVELS.items():
        rows = f["level"] == level
        if not rows.any():
            continue
        held = isin(ids, holders)
        if "alone" in rule.service:  # its agency's services hold it too
            held |= isin(orgs, holders)
        conditions = {"always": rows, "own_taxonomy": own_tax, "uncarried": ~held,
                      "alone": says & ~held}
        mine = pd.Series(False, index=f.index)
        for when in rule.service:
            mine |= conditions[when]
        mine &= rows
        service |= mine
        holder |= rows & held & ~mine
        holders |= _ids_named(f, mine)
    return service, service | (says & ~holder)
