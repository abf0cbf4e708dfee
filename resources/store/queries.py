"""Read queries used by the pages and the CLI (search queries live in search_sql.py)."""

from __future__ import annotations

import duckdb
import pandas as pd

from resources.store import Store

# A service may be offered only when all of this holds (inactive, do-not-refer,
# closed and private records are kept in the store but never offered).
OFFERABLE_SERVICE = (
    "coalesce(lower(s.status), 'active') NOT IN ('inactive', 'defunct', 'temporarily closed') "
    "AND NOT coalesce(s.do_not_refer, false) AND NOT coalesce(s.is_private, false)"
)


def has_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_name = 'search_index'"
    ).fetchone()
    return bool(row and row[0])


def directory_listing(store: Store, limit: int = 500) -> pd.DataFrame:
    """Offerable services with a point: one row per service at a location. Read from the
    search index, so a confidential place is at its coarse point, as in every search."""
    if not has_search_index(store.con):
        return pd.DataFrame(columns=["service_id", "service", "organization", "location_id",
                                     "location", "latitude", "longitude", "geo_precision",
                                     "categories", "assured_date", "source_id"])
    return store.df(
        f"""
        SELECT service_id, service_name AS service, organization_name AS organization,
               location_id, location_name AS location, latitude, longitude,
               geo_precision, categories, assured_date, source_id
        FROM search_index
        ORDER BY organization_name, service_name
        LIMIT {int(limit)}
        """
    )


def find_records(store: Store, text: str, limit: int = 50) -> pd.DataFrame:
    """Services and locations by what people call them: a location by its name, alternate
    name or organization; a service by its own name or alternate name, its organization, or
    the name of a place where it is offered ("Yarrow House" finds the place and the
    "Low-Barrier Shelter" there). Columns: t (``service`` | ``location``), id, name,
    source_id, context (where a service is offered / whose a place is). A record named exactly
    so comes first, then records whose own name matches, then those found through their
    place or organization."""
    pattern = f"%{text}%"
    return store.df(
        """
        WITH svc AS (
            SELECT 'service' AS t, s.id, s.name, s.source_id,
                   string_agg(DISTINCT l.name, '; ' ORDER BY l.name) AS context,
                   bool_or(s.name ILIKE $p OR s.alternate_name ILIKE $p) AS own,
                   min(l.name) AS place
            FROM service s
            LEFT JOIN service_at_location sal ON sal.service_id = s.id
            LEFT JOIN location l ON l.id = sal.location_id
            LEFT JOIN organization o ON o.id = s.organization_id
            WHERE s.name ILIKE $p OR s.alternate_name ILIKE $p OR o.name ILIKE $p
               OR l.name ILIKE $p OR l.alternate_name ILIKE $p
            GROUP BY ALL
        ), loc AS (
            SELECT 'location' AS t, l.id, l.name, l.source_id, o.name AS context,
                   (l.name ILIKE $p OR l.alternate_name ILIKE $p) AS own, l.name AS place
            FROM location l
            LEFT JOIN organization o ON o.id = l.organization_id
            WHERE l.name ILIKE $p OR l.alternate_name ILIKE $p OR o.name ILIKE $p
        )
        SELECT t, id, name, source_id, context FROM (
            SELECT * FROM loc UNION ALL SELECT * FROM svc)
        ORDER BY lower(name) = lower($text) DESC, own DESC, place NULLS LAST, t, name
        LIMIT $limit
        """, {"p": pattern, "text": text.strip(), "limit": int(limit)})


def record_source(store: Store, table: str, record_id: str) -> tuple[str, str] | None:
    """(source_id, source_record_id) of a service or location, or None when it is gone."""
    if table not in ("service", "location"):
        raise ValueError(f"{table!r} is not a record table (service or location)")
    row = store.df(f'SELECT source_id, source_record_id FROM "{table}" WHERE id = ?', [record_id])
    return None if row.empty else (str(row.iloc[0, 0]), str(row.iloc[0, 1]))
