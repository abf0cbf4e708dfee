"""Which hotlines cover a caller, answered in memory: the engine's hotline lookup.

The store's ``hotline_index`` (one row per hotline area, rebuilt after every load) is read
once per store into a shapely STRtree; a lookup is then a point query on that tree (plus
ZIP lists and the national lines when the point is inside the US), well under a
millisecond for every US county. It answers exactly what
:func:`resources.store.hotlines_sql.hotlines_covering` answers in SQL (tested).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import shapely

from resources.store import Store
from resources.store.hotlines_sql import hotline_areas, nation_wkb, on_topics_most_local_first

_PRIORITY = {"national": 9, "state": 5, "mixed": 4, "county": 2}
COLUMNS = ["service_id", "name", "phones", "url", "hours_text", "hours_format", "topics",
           "categories", "coverage_kind", "coverage", "assured_date", "source_id"]


def _plain(value: Any) -> Any:
    """numpy arrays / scalars and pandas missing values from DuckDB -> plain Python (lists,
    dicts, None), all the way down: the records are built once and served as they are."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        return [_plain(v) for v in value.tolist()] if hasattr(value, "__len__") else value.tolist()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return value


class HotlineIndex:
    """The hotline areas of one store, with a spatial index, in memory."""

    def __init__(self, areas: pd.DataFrame, nation: bytes | None):
        self.areas = areas.reset_index(drop=True)
        self.nation = shapely.from_wkb(nation) if nation else None
        if self.nation is not None:
            shapely.prepare(self.nation)
        kinds = self.areas["coverage_kind"] if len(self.areas) else pd.Series(dtype=str)
        self._national = np.flatnonzero((kinds == "national").to_numpy())
        local = [i for i in range(len(self.areas)) if kinds.iat[i] != "national"
                 and self.areas.at[i, "wkb"] is not None]
        self._local = np.array(local, dtype=np.int64)
        geoms = shapely.from_wkb([bytes(self.areas.at[i, "wkb"]) for i in local])
        self._tree = shapely.STRtree(geoms)
        self._records = [_plain(r) for r in self.areas.drop(
            columns=["wkb", "about_stems"], errors="ignore").to_dict("records")]
        # the stems of what each line is (its names, description, organization): a
        # search's words find a line no need maps to (stores built before: none)
        self._stems: dict[str, frozenset[str]] = {}
        if "about_stems" in self.areas:
            for sid, stems in zip(self.areas["service_id"], self.areas["about_stems"],
                                  strict=True):
                self._stems[str(sid)] = frozenset(_plain(stems) or ())
        self._zip_rows: dict[str, list[int]] = {}
        for i in np.flatnonzero((kinds == "zip").to_numpy()):
            codes = self.areas.at[i, "coverage_codes"]
            for code in [] if codes is None or not hasattr(codes, "__len__") else codes:
                self._zip_rows.setdefault(str(code), []).append(int(i))

    @classmethod
    def from_store(cls, store: Store) -> HotlineIndex:
        return cls(hotline_areas(store.con), nation_wkb(store.con))

    def says_any(self, service_id: str, stems: Iterable[str]) -> bool:
        """Whether the line's own words (names, description, organization) hold a stem."""
        return not self._stems.get(str(service_id), frozenset()).isdisjoint(stems)

    def in_us(self, lat: float, lon: float) -> bool:
        return bool(self.nation is not None
                    and shapely.intersects(self.nation, shapely.Point(lon, lat)))

    def covering(self, lat: float, lon: float, topics: Iterable[str] | None = None,
                 zip_code: str | None = None) -> list[dict[str, Any]]:
        """Offerable hotlines whose area covers (lat, lon), most local first: records with
        the columns and order of ``hotlines_covering``."""
        if self.areas.empty:
            return []
        hits = self._local[self._tree.query(shapely.Point(lon, lat), predicate="intersects")]
        rows = set(hits.tolist())
        if zip_code:
            rows.update(self._zip_rows.get(str(zip_code), []))
        if len(self._national) and self.in_us(lat, lon):
            rows.update(self._national.tolist())
        per_service: dict[str, dict[str, Any]] = {}
        names: dict[str, set[str]] = {}
        for i in sorted(rows):
            rec = self._records[i]
            sid = rec["service_id"]
            if sid not in per_service:
                per_service[sid] = dict(rec)
                names[sid] = set()
            elif _PRIORITY.get(rec["coverage_kind"], 1) < _PRIORITY.get(
                    per_service[sid]["coverage_kind"], 1):
                per_service[sid]["coverage_kind"] = rec["coverage_kind"]
            if isinstance(rec["area_name"], str):
                names[sid].add(rec["area_name"])
        found = [{**{c: rec.get(c) for c in COLUMNS}, "coverage": "; ".join(sorted(names[sid]))}
                 for sid, rec in per_service.items()]
        return on_topics_most_local_first(found, topics)
