"""Read queries used by the pages and the CLI (search queries live in search_sql.py)."""

from __future__ import annotations

import pandas as pd

from resources.store import Store

# A service may be offered only when all of this holds (inactive, do-not-refer,
# closed and private records are kept in the store but never offered).
OFFERABLE_SERVICE = (
    "coalesce(lower(s.status), 'active') NOT IN ('inactive', 'defunct', 'temporarily closed') "
    "AND NOT coalesce(s.do_not_refer, false) AND NOT coalesce(s.is_private, false)"
)


def directory_listing(store: Store, limit: int = 500) -> pd.DataFrame:
    """Offerable services with a point: one row per service at a location. Read from the
    search index, so a confidential place is at its coarse point, as in every search."""
    from resources.store.search_sql import has_search_index

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
    """Services and locations whose name contains ``text`` (any case): t (``service`` |
    ``location``), id, name, source_id; by name."""
    pattern = f"%{text}%"
    return store.df(
        "SELECT 'service' AS t, id, name, source_id FROM service WHERE name ILIKE ? "
        "UNION ALL SELECT 'location', id, name, source_id FROM location WHERE name ILIKE ? "
        f"ORDER BY name LIMIT {int(limit)}", [pattern, pattern])


def record_source(store: Store, table: str, record_id: str) -> tuple[str, str] | None:
    """(source_id, source_record_id) of a service or location, or None when it is gone."""
    if table not in ("service", "location"):
        raise ValueError(f"{table!r} is not a record table (service or location)")
    row = store.df(f'SELECT source_id, source_record_id FROM "{table}" WHERE id = ?', [record_id])
    return None if row.empty else (str(row.iloc[0, 0]), str(row.iloc[0, 1]))
