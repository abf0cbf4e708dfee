"""Work once per distinct value (or row shape), spread the result back to every row.

Directory exports repeat their text a lot: the same hours, phone numbers, taxonomy strings,
coverage text and language lists appear on many rows (program rows copy their agency's).
Parsing each distinct value once and spreading the result is exact for any element-wise
step, and keeps the row order, so the records and issues come out as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

Result = TypeVar("Result", pd.Series, pd.DataFrame)


def per_value(values: pd.Series, fn: Callable[[pd.Series], Result]) -> Result:
    """``fn(values)`` for an element-wise ``fn``, computed once per distinct value (missing
    values included, as one value) and spread back in the index of ``values``."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    if len(uniques) * 4 > len(values) * 3:  # mostly distinct: not worth a take
        return fn(values)
    out = fn(pd.Series(uniques, name=values.name, dtype=values.dtype))
    spread = out.take(codes)
    spread.index = values.index
    return spread


def map_by(keys: pd.Series, mapping: pd.Series) -> pd.Series:
    """``keys.map(mapping)`` for a mapping with unique labels (text ids), through one hash
    index of plain objects: pandas' map of Arrow-backed text is several times slower."""
    if not mapping.index.is_unique:
        return keys.map(mapping)
    where = positions(keys, mapping.index)
    picked = mapping.to_numpy(dtype=object)[where] if len(mapping) else \
        np.full(len(keys), np.nan, dtype=object)
    picked[where < 0] = np.nan
    return pd.Series(picked, index=keys.index, dtype=object, name=keys.name)


def positions(keys: pd.Series | pd.Index, among: pd.Series | pd.Index) -> npt.NDArray[np.intp]:
    """Position of each key in ``among`` (unique values), -1 where absent: ``pd.Index(among)
    .get_indexer(keys)``, as one Arrow hash lookup when both are text (pandas hashes text
    as Python objects, several times slower); a missing key is never found."""
    try:
        value_set = pa.array(among, type=pa.string(), from_pandas=True)
        text = pa.array(keys, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        value_set = None
    if value_set is None or value_set.null_count:  # pandas' own rules for missing values
        return pd.Index(np.asarray(among, dtype=object)).get_indexer(
            np.asarray(keys, dtype=object))
    found = pc.index_in(text, value_set=value_set)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)


def isin(values: pd.Series, among: pd.Series | pd.Index | set[str]) -> pd.Series:
    """``values.isin(among)`` for text, as one Arrow hash lookup (pandas hashes text as
    Python objects, several times slower); a missing value is never found."""
    items = list(among) if isinstance(among, set) else among
    try:
        text = pa.array(values, type=pa.string(), from_pandas=True)
        value_set = pa.array(items, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return values.isin(items) & values.notna()
    found = pc.is_in(text, value_set=value_set.drop_null())
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index) & values.notna()


def duplicated(values: pd.Series) -> pd.Series:
    """``values.duplicated(keep="first")`` (missing values equal) in one Arrow hash pass:
    pandas hashes Arrow-backed text several times slower."""
    try:
        text = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return values.duplicated(keep="first")
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    codes = pc.dictionary_encode(text, null_encoding="encode").indices
    _, first = np.unique(codes.to_numpy(), return_index=True)
    dup = np.ones(len(values), dtype=bool)
    dup[first] = False
    return pd.Series(dup, index=values.index)


class Distinct:
    """The rows of ``frame`` grouped by the values of ``columns`` (missing values equal):
    ``reps`` holds the first row of each group (in file order), ``spread`` and ``expand``
    carry results computed on ``reps`` back to every row, in row order."""

    def __init__(self, frame: pd.DataFrame, columns: Sequence[str]):
        self.index = frame.index
        key = np.zeros(len(frame), dtype=np.int64)
        for col in columns:
            codes, uniques = pd.factorize(frame[col], use_na_sentinel=False)
            key = pd.factorize(key * (len(uniques) + 1) + codes)[0]
        self.key: npt.NDArray[np.int64] = key  # group number, in order of first appearance
        n = int(key.max()) + 1 if len(key) else 0
        first = np.full(n, len(key), dtype=np.int64)
        np.minimum.at(first, key, np.arange(len(key), dtype=np.int64))
        self.first = first  # position of each group's first row (ascending)
        self.reps = frame.iloc[first]

    @property
    def saves(self) -> bool:
        """Worth it: noticeably fewer groups than rows."""
        return len(self.first) * 4 <= len(self.key) * 3

    def spread(self, values: pd.Series) -> pd.Series:
        """Per-row values from values indexed by the labels of ``reps``."""
        taken = values.reindex(self.reps.index).take(self.key)
        taken.index = self.index
        return taken

    def expand(self, frame: pd.DataFrame, row: str = "row") -> pd.DataFrame:
        """Rows of ``frame`` (each tied to a rep's label in column ``row``, grouped by rep in
        rep order) repeated for every row of the rep's group, ``row`` set to that row's
        label, in row order: what computing ``frame`` on every row would give."""
        group = pd.Index(self.reps.index).get_indexer(frame[row])
        if len(group) and (group < 0).any():
            raise ValueError("expand: a row label that is not a rep")
        counts = np.bincount(group, minlength=len(self.first))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        if len(group) and (np.diff(group) < 0).any():
            raise ValueError("expand: frame not grouped by rep in rep order")
        per_row = counts[self.key]
        owner = np.repeat(np.arange(len(self.key)), per_row)
        offset = np.arange(per_row.sum()) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        source = np.repeat(starts[self.key], per_row) + offset
        out = frame.iloc[source].reset_index(drop=True)
        out[row] = self.index[owner]
        return out
