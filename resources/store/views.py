"""Python frames seen by SQL for one block: ``with registered(con, _rows=frame): ...``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, **frames: Any) -> Iterator[duckdb.DuckDBPyConnection]:
    """Make each DataFrame / Arrow table a view under its keyword's name for the block;
    the views are dropped afterwards, also when a statement fails."""
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield con
    finally:
        for name in frames:
            con.unregister(name)
