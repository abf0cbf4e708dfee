"""Search candidates answered in memory: the engine's "what is near, and fits the need".

The store's ``search_index`` (one row per offerable service at a place, rebuilt after every
load) is read once per store into an Arrow table. A lookup is then numpy work on a
half-degree grid: the grid cells the search box touches, the rows of each cell sorted by
latitude (a binary search gives the latitude band), a longitude and a need mask, and the
exact great-circle distance of what is left. Only the columns a step needs are turned into
Python values, and only for the rows it needs: the candidates' filter, hours and ranking
columns; every column of the few rows shown.

It answers what :func:`resources.store.search_sql.nearest` answers in SQL (tested). On a
directory of 1,000,000 locations a lookup takes about a millisecond, where the SQL query
decoded whole row groups (about 1 ms per column read). The price is memory: the index
holds the table (about 1.4 GB per 1,000,000 service rows, a few MB for a city).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from resources.geo.distance import meters_to_many
from resources.search.text_index import TextHits
from resources.store import Store
from resources.store.search_sql import envelope, index_table

CELLS_PER_DEGREE = 2  # the half-degree grid the index is stored in

# The columns every candidate carries through hours, filters and ranking.
CORE_COLUMNS = (
    "service_id", "location_id", "categories", "name_text", "assured_date",
    "hours_rid", "hours_zone", "hours_status", "hours_mode", "week_starts", "week_ends",
    "schedules", "service_hours_text", "location_hours_text", "service_hours_format",
    "location_hours_format", "timezone", "hours_dated_from", "hours_dated_to",
)
# Read by the structured filters and the text filter (only when one is on).
FILTER_COLUMNS = (
    "service_name", "description", "eligibility_description", "eligibility_codes",
    "access_codes", "language_codes", "language_names", "minimum_age", "maximum_age",
    "wheelchair", "is_free",
)
_DATES = {"assured_date", "hours_dated_from", "hours_dated_to"}
_NUMBERS = {"minimum_age", "maximum_age"}


@dataclass(frozen=True)
class Near:
    """Rows (positions in the index) within a radius, nearest first, with their metres."""

    positions: np.ndarray
    meters: np.ndarray
    location_codes: np.ndarray

    def __len__(self) -> int:
        return len(self.positions)

    def locations(self) -> int:
        """How many distinct places these rows are at."""
        return int(np.unique(self.location_codes).size)

    def within(self, radius_m: float) -> Near:
        keep = self.meters <= radius_m
        return Near(self.positions[keep], self.meters[keep], self.location_codes[keep])


class CandidateIndex:
    """The search index of one store, in memory, with a grid over its points."""

    def __init__(self, table: pa.Table):
        self.table = table.combine_chunks()
        n = self.table.num_rows
        lat = self._floats("latitude")
        lon = self._floats("longitude")
        located = np.flatnonzero(~(np.isnan(lat) | np.isnan(lon)))
        cell_y = np.floor(lat[located] * CELLS_PER_DEGREE).astype(np.int64)
        cell_x = np.floor(lon[located] * CELLS_PER_DEGREE).astype(np.int64)
        order = np.lexsort((lat[located], cell_x, cell_y))
        self._order = located[order]
        self._lat = lat[self._order]
        self._lon = lon[self._order]
        keys = (cell_y[order] << 20) + (cell_x[order] & 0xFFFFF)
        unique, starts = np.unique(keys, return_index=True)
        ends = np.append(starts[1:], len(keys)) if len(keys) else starts
        self._cells = {int(k): (int(s), int(e))
                       for k, s, e in zip(unique, starts, ends, strict=True)}
        codes = pc.dictionary_encode(self.table.column("location_id")).combine_chunks()
        self._location_codes = codes.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        self._need_masks = self._needs(n)
        self._service_keys = (np.asarray(self.table.column("service_key").to_numpy(
            zero_copy_only=False), dtype=np.int64) if "service_key" in self.table.column_names
            else np.full(n, -1, dtype=np.int64))
        self._columns: dict[str, pa.Array] = {}
        self.column_names = frozenset(self.table.column_names)

    @classmethod
    def from_store(cls, store: Store) -> CandidateIndex:
        return cls(index_table(store.con))

    def __len__(self) -> int:
        return int(self.table.num_rows)

    # -- building ------------------------------------------------------------------------
    def _floats(self, name: str) -> np.ndarray:
        col = self.table.column(name)
        return np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64)

    def _needs(self, n: int) -> dict[str, np.ndarray]:
        """need id -> boolean mask of the rows whose categories hold it."""
        cats = self.table.column("categories").combine_chunks()
        values = pc.list_flatten(cats).to_numpy(zero_copy_only=False)
        parents = pc.list_parent_indices(cats).to_numpy(zero_copy_only=False)
        masks: dict[str, np.ndarray] = {}
        for need in pd.unique(values):
            if need is None:
                continue
            mask = np.zeros(n, dtype=bool)
            mask[parents[values == need]] = True
            masks[str(need)] = mask
        return masks

    # -- lookups -------------------------------------------------------------------------
    def answering(self, near: Near, needs: Sequence[str] | None, text: TextHits | None,
                  min_match: float) -> int:
        """How many places among ``near`` fit a need or match the words at least
        ``min_match`` (a passing mention of one word does not make a place an answer)."""
        if needs is None and text is None:
            return near.locations()
        fits = np.zeros(len(near), dtype=bool)
        for need in needs or ():
            mask = self._need_masks.get(need)
            if mask is not None:
                fits |= mask[near.positions]
        if text is not None and len(text):
            fits |= text.match(self._service_keys[near.positions]) >= min_match
        return int(np.unique(near.location_codes[fits]).size)

    def service_keys(self, positions: np.ndarray) -> np.ndarray:
        """The service number (the full-text index's document key) of these rows."""
        return self._service_keys[np.asarray(positions, dtype=np.int64)]

    def nearest(self, lat: float, lon: float, radius_m: float,
                needs: Sequence[str] | None = None, limit: int = 5000,
                text: TextHits | None = None, text_min: float = 0.0) -> Near:
        """Rows within ``radius_m`` of the point that fit any of ``needs`` (all when None)
        or whose text matches (``text``, at least ``text_min``: a service found by what it
        says it does is a candidate whatever its categories), nearest first (ties: index order), at most
        ``limit``."""
        box = envelope(lat, lon, radius_m)
        parts = []
        for y in range(math.floor(box.min_lat * CELLS_PER_DEGREE),
                       math.floor(box.max_lat * CELLS_PER_DEGREE) + 1):
            for x in range(math.floor(box.min_lon * CELLS_PER_DEGREE),
                           math.floor(box.max_lon * CELLS_PER_DEGREE) + 1):
                cell = self._cells.get((y << 20) + (x & 0xFFFFF))
                if cell is None:
                    continue
                start, end = cell
                lats = self._lat[start:end]
                lo = start + int(np.searchsorted(lats, box.min_lat, side="left"))
                hi = start + int(np.searchsorted(lats, box.max_lat, side="right"))
                if hi > lo:
                    lons = self._lon[lo:hi]
                    inside = (lons >= box.min_lon) & (lons <= box.max_lon)
                    parts.append(np.arange(lo, hi)[inside])
        slots = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        positions = self._order[slots]
        if needs is not None and (len(needs) or text is not None):
            fits = np.zeros(len(positions), dtype=bool)
            if text is not None and len(text):
                fits |= text.holds(self._service_keys[positions], text_min)
            for need in needs:
                mask = self._need_masks.get(need)
                if mask is not None:
                    fits |= mask[positions]
            slots, positions = slots[fits], positions[fits]
        meters = meters_to_many(lat, lon, self._lat[slots], self._lon[slots])
        keep = meters <= radius_m
        positions, meters = positions[keep], meters[keep]
        order = np.lexsort((positions, meters))[:limit]
        positions = positions[order]
        return Near(positions, meters[order], self._location_codes[positions])

    # -- rows as Python values -----------------------------------------------------------
    def _column(self, name: str) -> pa.Array:
        col = self._columns.get(name)
        if col is None:
            chunked = self.table.column(name)
            col = chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()
            self._columns[name] = col
        return col

    def values(self, name: str, positions: np.ndarray | pa.Array) -> list[Any]:
        """One column's values at these rows, as plain Python (None for missing)."""
        if not isinstance(positions, pa.Array):
            positions = pa.array(positions, type=pa.int64())
        return self._column(name).take(positions).to_pylist()

    def joined(self, names: Sequence[str], positions: np.ndarray) -> pa.Array:
        """These text columns of the rows joined (missing as empty), as one Arrow array."""
        rows = pa.array(positions, type=pa.int64())
        parts = [self._column(n).take(rows).fill_null("") for n in names]
        return parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, " \n ")

    def frame(self, near: Near, columns: Iterable[str]) -> pd.DataFrame:
        """``row_id`` (the position), ``meters`` and these columns of the rows, in order:
        object columns as the search steps read them (missing values are None), dates as
        datetime64 and ages as floats."""
        names = list(dict.fromkeys(columns))
        n = len(near)
        # one object block for every column (cheap to build and to copy), then the few
        # typed columns
        block = np.empty((n, len(names)), dtype=object)
        rows = pa.array(near.positions, type=pa.int64())
        for j, name in enumerate(names):
            block[:, j] = np.fromiter(self.values(name, rows), dtype=object, count=n)
        frame = pd.DataFrame(block, columns=names, dtype=object)
        for name in names:
            if name in _DATES:
                frame[name] = pd.to_datetime(frame[name])
            elif name in _NUMBERS:
                frame[name] = frame[name].astype("float64")
        frame.insert(0, "row_id", near.positions)
        frame.insert(1, "meters", near.meters)
        return frame

    def records(self, positions: Sequence[int]) -> list[dict[str, Any]]:
        """Every column of these rows (for the results shown), as dicts."""
        return self.table.take(pa.array(list(positions), type=pa.int64())).to_pylist()


class LazyCandidateIndex:
    """Built on first use, once, even when two threads search at the same moment.

    ``whole=False`` never holds the whole index: :meth:`around` reads only the rows in a
    search's widest box (a one-off search, e.g. the CLI, on a large directory)."""

    def __init__(self, store: Store, whole: bool = True):
        self.store = store
        self.whole = whole
        self._index: CandidateIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> CandidateIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = CandidateIndex.from_store(self.store)
        return self._index

    def around(self, lat: float, lon: float, radius_m: float) -> CandidateIndex:
        """An index holding every row within ``radius_m`` of the point (and maybe more)."""
        if self.whole:
            return self.get()
        return CandidateIndex(index_table(self.store.con, envelope(lat, lon, radius_m)))
