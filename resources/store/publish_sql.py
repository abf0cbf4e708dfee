"""Reads for the import preview and publish (see :mod:`resources.coordinator.publish`)."""

from __future__ import annotations

import duckdb
import pandas as pd

from resources.store.schema import HSDS_TABLES


def loaded_at(con: duckdb.DuckDBPyConnection, source_id: str) -> str | None:
    """When ``source_id`` was last loaded (text), or None for a source never loaded."""
    row = con.execute("SELECT CAST(loaded_at AS VARCHAR) FROM source WHERE id = ?",
                      [source_id]).fetchone()
    return None if row is None else row[0]


def source_records(con: duckdb.DuckDBPyConnection, table: str, source_id: str) -> pd.DataFrame:
    """Every column but ``geom`` of one source's records in ``table``, by source record id."""
    cols = ", ".join(f'"{c.name}"' for c in HSDS_TABLES[table] if c.name != "geom")
    return con.execute(f'SELECT {cols}, source_record_id FROM "{table}" WHERE source_id = ? '
                       "ORDER BY source_record_id", [source_id]).df()


_POINTS = ("SELECT source_record_id AS record, name, geo_precision FROM location "
           "WHERE source_id = ? AND {} ORDER BY source_record_id")


def locations_without_point(con: duckdb.DuckDBPyConnection, source_id: str) -> pd.DataFrame:
    """record, name, geo_precision of one source's locations with no point."""
    return con.execute(_POINTS.format("geom IS NULL"), [source_id]).df()


def locations_with_approximate_point(con: duckdb.DuckDBPyConnection,
                                     source_id: str) -> pd.DataFrame:
    """record, name, geo_precision of one source's locations placed only approximately."""
    return con.execute(_POINTS.format("geom IS NOT NULL AND geo_precision <> 'exact'"),
                       [source_id]).df()
