"""Small helpers shared by the coordinator tests (fixtures live in tests/data/coord-*)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "coord-mini"
OTHER = DATA / "coord-other"


def copy_source(src: Path, dest: Path) -> Path:
    """A private copy of a fixture folder (tests modify it)."""
    shutil.copytree(src, dest)
    return dest


def edit_csv(path: Path, match: dict[str, str], **values: str) -> None:
    """Set ``values`` on the rows of a CSV whose columns equal ``match``."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    mask = pd.Series(True, index=frame.index)
    for col, val in match.items():
        mask &= frame[col] == val
    assert mask.any(), f"no row {match} in {path.name}"
    for col, val in values.items():
        frame.loc[mask, col] = val
    frame.to_csv(path, index=False)


def drop_rows(path: Path, col: str, value: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[frame[col] != value].to_csv(path, index=False)


def add_row(path: Path, **values: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.concat([frame, pd.DataFrame([values])], ignore_index=True).fillna("")
    frame.to_csv(path, index=False)
