"""The search index and the candidate query behind every search.

``search_index`` is a denormalized table: one row per *offerable* service at a located
place (inactive, defunct, temporarily closed, do-not-refer and private services are left
out here, once), with what ranking and filters need, and an R-tree on the point. It is
rebuilt after every load (:func:`rebuild_search_index`), so a search touches one table.

Candidate query: the envelope filter runs in a MATERIALIZED CTE (so DuckDB uses the
R-tree), the exact great-circle distance is computed outside it on [lat, lon] points
(``ST_Distance_Sphere`` expects that order).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from resources.store.queries import OFFERABLE_SERVICE

_TERMS = """
    SELECT a.link_id AS service_id, lower(coalesce(t.taxonomy, tx.name)) AS taxonomy,
           lower(t.code) AS code
    FROM attribute a
    JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
    LEFT JOIN taxonomy tx ON tx.id = t.taxonomy_id
    WHERE coalesce(lower(a.link_entity), 'service') = 'service'
"""

INDEX_SQL = f"""
CREATE OR REPLACE TABLE search_index AS
WITH terms AS ({_TERMS}),
elig AS (
    SELECT service_id, list(DISTINCT code) AS codes FROM terms
    WHERE taxonomy = 'resources-eligibility' GROUP BY 1
),
access AS (
    SELECT service_id, list(DISTINCT code) AS codes FROM terms
    WHERE taxonomy = 'resources-access' GROUP BY 1
),
langs AS (
    SELECT service_id, list(DISTINCT lower(coalesce(nullif(code, ''), name))) AS codes,
           list(DISTINCT name) AS names
    FROM language WHERE service_id IS NOT NULL GROUP BY 1
),
free AS (
    SELECT service_id, bool_or(coalesce(amount, 1) = 0 OR lower(option) = 'free') AS is_free
    FROM cost_option GROUP BY 1
),
wheel AS (
    SELECT location_id,
           bool_or(regexp_matches(lower(description || ' ' || coalesce(details, '')),
                                  '(wheelchair|ada)[ -]?(accessible|access)')
                   AND NOT regexp_matches(lower(description), '(not|no|in)[ -]?(wheelchair|accessible)'))
               AS wheelchair,
           bool_or(regexp_matches(lower(description), '(not|no|in)[ -]?(wheelchair|accessible)'))
               AS not_wheelchair
    FROM accessibility GROUP BY 1
),
addr AS (
    SELECT location_id, arg_min(struct_pack(address_1, address_2, city, state_province,
                                            postal_code),
                                CASE lower(address_type) WHEN 'physical' THEN 0 ELSE 1 END)
               AS a
    FROM address GROUP BY 1
)
SELECT
    sal.id AS sal_id, s.id AS service_id, l.id AS location_id, s.organization_id,
    s.name AS service_name, o.name AS organization_name, l.name AS location_name,
    s.description, s.eligibility_description, s.fees_description,
    coalesce(s.categories, []::VARCHAR[]) AS categories,
    s.minimum_age, s.maximum_age, s.assured_date, s.source_id, s.alert,
    s.hours_text AS service_hours_text, l.hours_text AS location_hours_text,
    coalesce(elig.codes, []::VARCHAR[]) AS eligibility_codes,
    coalesce(access.codes, []::VARCHAR[]) AS access_codes,
    coalesce(langs.codes, []::VARCHAR[]) AS language_codes,
    coalesce(langs.names, []::VARCHAR[]) AS language_names,
    coalesce(free.is_free, regexp_matches(lower(coalesce(s.fees_description, '')),
                                          '^(free|no (cost|fee|charge))')) AS is_free,
    wheel.wheelchair, wheel.not_wheelchair,
    l.latitude, l.longitude, l.geo_precision, l.timezone,
    coalesce(l.is_private, false) AS location_private,
    CASE WHEN coalesce(l.is_private, false) THEN NULL ELSE addr.a.address_1 END AS address_1,
    addr.a.city AS city, addr.a.state_province AS state, addr.a.postal_code AS postal_code,
    lower(concat_ws(' ', s.name, o.name, l.name, s.alternate_name)) AS name_text,
    hr.rid AS hours_rid,
    l.geom
FROM service s
JOIN service_at_location sal ON sal.service_id = s.id
JOIN location l ON l.id = sal.location_id
LEFT JOIN organization o ON o.id = s.organization_id
LEFT JOIN elig ON elig.service_id = s.id
LEFT JOIN access ON access.service_id = s.id
LEFT JOIN langs ON langs.service_id = s.id
LEFT JOIN free ON free.service_id = s.id
LEFT JOIN wheel ON wheel.location_id = l.id
LEFT JOIN addr ON addr.location_id = l.id
LEFT JOIN hours_records hr ON hr.service_id = s.id AND hr.location_id = l.id
WHERE l.geom IS NOT NULL AND {OFFERABLE_SERVICE};
CREATE INDEX search_index_rtree ON search_index USING RTREE (geom);
"""


def rebuild_search_index(con: duckdb.DuckDBPyConnection) -> int:
    """Recreate ``search_index`` from the HSDS tables; returns its row count."""
    con.execute(INDEX_SQL)
    row = con.execute("SELECT count(*) FROM search_index").fetchone()
    return int(row[0]) if row else 0


def has_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'search_index'"
    ).fetchone()
    return bool(row and row[0])


def index_rows(con: duckdb.DuckDBPyConnection) -> int:
    """Rows in the search index (0 when it does not exist yet)."""
    if not has_search_index(con):
        return 0
    row = con.execute("SELECT count(*) FROM search_index").fetchone()
    return int(row[0]) if row else 0


def directory_addresses(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Exact street addresses in the directory, for matching typed addresses offline."""
    return con.execute(
        "SELECT address_1, city, state, postal_code, latitude AS lat, longitude AS lon "
        "FROM search_index WHERE address_1 IS NOT NULL AND geo_precision = 'exact'").df()


@dataclass(frozen=True)
class Envelope:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def envelope(lat: float, lon: float, radius_m: float) -> Envelope:
    """A lon/lat box that contains the circle of ``radius_m`` around the point."""
    dlat = radius_m / 111_320.0
    dlon = radius_m / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
    return Envelope(lon - dlon, lat - dlat, lon + dlon, lat + dlat)


_CANDIDATES = """
WITH c AS MATERIALIZED (
    SELECT * EXCLUDE (geom) FROM search_index
    WHERE ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?))
)
SELECT *, ST_Distance_Sphere(ST_Point(?, ?), ST_Point(latitude, longitude)) AS meters
FROM c
WHERE meters <= ? {need_filter}
ORDER BY meters
LIMIT ?
"""


def candidates(con: duckdb.DuckDBPyConnection, lat: float, lon: float, radius_m: float,
               needs: list[str] | None = None, limit: int = 5000) -> pd.DataFrame:
    """Offerable services within ``radius_m`` of the point (nearest first)."""
    box = envelope(lat, lon, radius_m)
    params: list[object] = [box.min_lon, box.min_lat, box.max_lon, box.max_lat, lat, lon,
                            radius_m]
    need_filter = ""
    if needs:
        need_filter = "AND list_has_any(categories, ?::VARCHAR[])"
        params.append(list(needs))
    params.append(limit)
    return con.execute(_CANDIDATES.format(need_filter=need_filter), params).df()


def phones_for(con: duckdb.DuckDBPyConnection, service_ids: list[str],
               location_ids: list[str]) -> pd.DataFrame:
    """Phones of these services and locations (service phones first)."""
    if not service_ids and not location_ids:
        return pd.DataFrame(columns=["service_id", "location_id", "number", "extension", "type",
                                     "description"])
    return con.execute(
        """
        SELECT service_id, location_id, number, extension, type, description FROM phone
        WHERE list_contains(?::VARCHAR[], service_id) OR list_contains(?::VARCHAR[], location_id)
        ORDER BY service_id NULLS LAST, CASE lower(type) WHEN 'voice' THEN 0 ELSE 1 END
        """,
        [service_ids, location_ids],
    ).df()
