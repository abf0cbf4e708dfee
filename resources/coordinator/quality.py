"""Data-quality lists for coordinators: what to fix first.

Every check returns a frame with the same columns (``table_name, record_id, name,
source_id, detail``) so a page can show any of them and open the record in the editor.
:data:`CHECKS` lists them in the order the dashboard shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from resources.store import quality_sql
from resources.store.coord_sql import has_table
from resources.store.quality_sql import (
    COLUMNS,
    approximate_points,
    load_issue_counts,
    missing_hours,
    missing_phones,
    missing_points,
)


def not_verified(con: duckdb.DuckDBPyConnection, source_id: str | None = None, *,
                 days: int = 180, today: date | None = None) -> pd.DataFrame:
    """Services never verified, or last verified more than ``days`` ago."""
    cutoff = (today or date.today()) - timedelta(days=days)
    return quality_sql.not_verified(con, cutoff, source_id)


def hours_not_understood(con: duckdb.DuckDBPyConnection,
                         source_id: str | None = None) -> pd.DataFrame:
    """Hours present but not understood by the hours engine.

    Uses ``hours_records.parse_status`` when the hours engine built it; otherwise (stores
    built without it) services whose hours are only free text, with no schedule rows.
    """
    if has_table(con, "hours_records"):
        return quality_sql.hours_not_understood(con, source_id)
    return quality_sql.hours_only_as_text(con, source_id)


def edit_conflicts(con: duckdb.DuckDBPyConnection, source_id: str | None = None) -> pd.DataFrame:
    """Local edits in conflict with their source."""
    if not has_table(con, "edit"):
        return pd.DataFrame(columns=COLUMNS)
    return quality_sql.edit_conflicts(con, source_id)


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    run: Callable[..., pd.DataFrame]


CHECKS = (
    Check("conflicts", "Local edits in conflict with the source", edit_conflicts),
    Check("not_verified", "Not verified recently", not_verified),
    Check("missing_hours", "No hours", missing_hours),
    Check("hours_not_understood", "Hours not understood", hours_not_understood),
    Check("missing_points", "No coordinates", missing_points),
    Check("approximate_points", "Approximate points (ZIP centroid)", approximate_points),
    Check("missing_phones", "No phone", missing_phones),
)


def summary(con: duckdb.DuckDBPyConnection, *, days: int = 180) -> dict[str, pd.DataFrame]:
    """Every check, keyed by :attr:`Check.key`."""
    out = {}
    for check in CHECKS:
        out[check.key] = (check.run(con, days=days) if check.key == "not_verified"
                          else check.run(con))
    return out


__all__ = ["CHECKS", "COLUMNS", "Check", "approximate_points", "edit_conflicts",
           "hours_not_understood", "load_issue_counts", "missing_hours", "missing_phones",
           "missing_points", "not_verified", "summary"]
