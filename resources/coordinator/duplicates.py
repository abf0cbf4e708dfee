"""Duplicate services across sources: candidate pairs, and decisions that persist.

Candidates: services of *different* sources whose locations are within ``max_m`` meters
(points bucketed in a grid of cells about ``max_m`` wide, neighbours compared, exact
great-circle distance), scored by name similarity (rapidfuzz) and address similarity.

Decisions (``duplicate_decision``) are keyed by the two records' ``(source_id,
source_record_id)``, so they survive re-imports. A merge keeps both records and their
provenance; the one not kept is left out of search results through
:data:`resources.store.coord_sql.NOT_MERGED_AWAY` (for the search-index build).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd
from rapidfuzz import fuzz

from resources.coordinator import audit
from resources.coordinator.edits import EditError, record_exists
from resources.geo.distance import meters as distance_m
from resources.store import Store, duplicates_sql
from resources.store.coord_sql import ensure_coord_tables, has_table

COLUMNS = ["a_id", "b_id", "a_name", "b_name", "a_address", "b_address", "meters",
           "name_score", "address_score", "score", "decision", "keep"]
_ABBREV = {"street": "st", "avenue": "ave", "boulevard": "blvd", "road": "rd", "drive": "dr",
           "north": "n", "south": "s", "east": "e", "west": "w", "suite": "ste"}


def normalize_address(text: str | float | None) -> str:
    """Lower case, no punctuation, street words abbreviated one way; '' for a missing
    address (None, or the NaN a DataFrame holds for one)."""
    if not isinstance(text, str):
        return ""
    words = re.sub(r"[^a-z0-9 ]", " ", text.lower()).split()
    return " ".join(_ABBREV.get(w, w) for w in words)


def _name(row: pd.Series) -> str:
    return " ".join(str(v) for v in (row["service_name"], row["org_name"]) if v)


@dataclass(frozen=True)
class Thresholds:
    max_m: float = 200.0
    name: float = 80.0           # name similarity alone
    name_with_address: float = 60.0  # enough when the street address matches
    address: float = 90.0


def candidates(con: duckdb.DuckDBPyConnection, *, thresholds: Thresholds | None = None,
               include_decided: bool = False) -> pd.DataFrame:
    """Likely duplicate pairs across sources, best first (see :data:`COLUMNS`)."""
    t = thresholds or Thresholds()
    points = duplicates_sql.located_services(con)
    if points.empty:
        return pd.DataFrame(columns=COLUMNS)
    cell_lat = t.max_m / 111_320.0
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    cells = []
    for i, row in enumerate(points.itertuples()):
        cell_lon = t.max_m / (111_320.0 * max(math.cos(math.radians(row.lat)), 0.01))
        key = (math.floor(row.lat / cell_lat), math.floor(row.lon / cell_lon))
        cells.append(key)
        grid[key].append(i)
    names = [_name(r) for _, r in points.iterrows()]
    addresses = [normalize_address(a) for a in points["address"]]
    decided = decisions(con)
    decided_map = {(r.a_id, r.b_id): (r.decision, r.keep) for r in decided.itertuples()}
    pairs, seen = [], set()
    for i, (ci, cj) in enumerate(cells):
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for j in grid.get((ci + di, cj + dj), ()):
                    a, b = points.iloc[i], points.iloc[j]
                    if a["source_id"] == b["source_id"]:
                        continue
                    key = tuple(sorted((a["service_id"], b["service_id"])))
                    if key in seen:
                        continue
                    meters = distance_m(a["lat"], a["lon"], b["lat"], b["lon"])
                    if meters > t.max_m:
                        continue
                    seen.add(key)
                    name_score = fuzz.token_set_ratio(names[i], names[j])
                    addr_score = (fuzz.ratio(addresses[i], addresses[j])
                                  if addresses[i] and addresses[j] else 0.0)
                    if not (name_score >= t.name or (addr_score >= t.address
                                                     and name_score >= t.name_with_address)):
                        continue
                    first, second = (i, j) if a["service_id"] < b["service_id"] else (j, i)
                    decision, keep = decided_map.get(key, (None, None))
                    if decision and not include_decided:
                        continue
                    pa, pb = points.iloc[first], points.iloc[second]
                    score = 0.6 * name_score + 0.3 * addr_score + 10 * (1 - meters / t.max_m)
                    pairs.append([pa["service_id"], pb["service_id"], _name(pa), _name(pb),
                                  pa["address"], pb["address"], round(meters, 1),
                                  round(name_score, 1), round(addr_score, 1), round(score, 1),
                                  decision, keep])
    frame = pd.DataFrame(pairs, columns=COLUMNS)
    return frame.sort_values("score", ascending=False, ignore_index=True)


def decisions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    if not has_table(con, "duplicate_decision"):
        return pd.DataFrame(columns=duplicates_sql.DECISION_COLUMNS)
    return duplicates_sql.decisions(con)


def decide(store: Store, first_id: str, second_id: str, decision: str, user: str, *,
           keep: str | None = None, note: str | None = None) -> None:
    """Record ``merge`` (``keep`` = the id shown in searches) or ``apart`` for a pair."""
    problems = []
    if decision not in ("merge", "apart"):
        problems.append("decision must be 'merge' or 'keep apart'")
    if first_id == second_id:
        problems.append("a record is not a duplicate of itself")
    if decision == "merge" and keep not in (first_id, second_id):
        problems.append("a merge needs the record to keep (one of the pair)")
    for rid in (first_id, second_id):
        if not problems and not record_exists(store.con, "service", rid):
            problems.append(f"no service {rid!r}")
    if problems:
        raise EditError(problems)
    a_id, b_id = sorted((first_id, second_id))
    side = None if decision == "apart" else ("a" if keep == a_id else "b")
    con = store.con
    ensure_coord_tables(con)
    with store.transaction():
        duplicates_sql.replace_decision(con, a_id, b_id, decision, side, user,
                                        datetime.now(UTC), note)
        audit.record(con, user, "duplicate", table="service", record_id=a_id, field=b_id,
                     after={"decision": decision, "keep": keep}, note=note)


def merged_away(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Service ids hidden from searches because they were merged into another record."""
    if not has_table(con, "duplicate_decision"):
        return set()
    return duplicates_sql.merged_away(con)


def also_listed_by(con: duckdb.DuckDBPyConnection, service_ids: list[str]) -> pd.DataFrame:
    """For shown services, the merged records (other sources) they stand for: provenance."""
    if not has_table(con, "duplicate_decision") or not service_ids:
        return pd.DataFrame(columns=["service_id", "merged_id", "merged_source"])
    return duplicates_sql.merged_into(con, service_ids)
