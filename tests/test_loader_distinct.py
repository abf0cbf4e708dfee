"""Work once per distinct value, spread back: the same result as working on every row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from resources.loaders._distinct import Distinct, duplicated, map_by, per_value


def _texts(n: int = 400, seed: int = 3) -> pd.Series:
    rng = np.random.default_rng(seed)
    pool = np.array(["a; b", " x ", "", "<b>y</b>", "a; b", "202-555-1212 x 4", None],
                    dtype=object)
    return pd.Series(pool[rng.integers(0, len(pool), n)], index=np.arange(10, 10 + n),
                     dtype="str")


def test_per_value_equals_the_row_by_row_result():
    values = _texts()
    for fn in (lambda s: s.str.strip(), lambda s: s.str.extract(r"(\d+)"),
               lambda s: s.str.contains("a", na=False)):
        got, want = per_value(values, fn), fn(values)
        if isinstance(want, pd.DataFrame):
            pd.testing.assert_frame_equal(got, want)
        else:
            pd.testing.assert_series_equal(got, want)


def test_distinct_spread_and_expand_keep_row_order():
    frame = pd.DataFrame({"a": _texts(seed=1), "b": _texts(seed=2)})
    distinct = Distinct(frame, ["a", "b"])
    assert distinct.saves and len(distinct.reps) < len(frame)
    # every row's group has the same values as its rep
    reps = distinct.reps.reset_index(drop=True).iloc[distinct.key]
    assert (reps["a"].fillna("NA").to_numpy() == frame["a"].fillna("NA").to_numpy()).all()
    joined = frame["a"].fillna("") + "|" + frame["b"].fillna("")
    spread = distinct.spread(distinct.reps["a"].fillna("") + "|" + distinct.reps["b"].fillna(""))
    assert (spread.to_numpy() == joined.to_numpy()).all()
    assert (spread.index == frame.index).all()

    def items(f: pd.DataFrame) -> pd.DataFrame:  # one row per ';' item, in row order
        split = f["a"].str.split(";").explode().dropna()
        return pd.DataFrame({"row": split.index, "item": split.to_numpy()})

    pd.testing.assert_frame_equal(distinct.expand(items(distinct.reps)), items(frame))


def test_duplicated_and_map_by_match_pandas():
    values = _texts()
    assert (duplicated(values) == values.duplicated(keep="first")).all()
    mapping = pd.Series(["one", "two"], index=["a; b", " x "])
    got = map_by(values, mapping)
    want = values.map(mapping)
    assert got.isna().equals(want.isna())
    assert (got.dropna() == want.dropna()).all()
    with pytest.raises(ValueError):
        Distinct(pd.DataFrame({"a": values}), ["a"]).expand(
            pd.DataFrame({"row": [-5], "item": ["x"]}))
