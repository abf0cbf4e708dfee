"""The search index and the candidate query behind every search.

``search_index`` is a denormalized table: one row per *offerable* service at a located
place (inactive, defunct, temporarily closed, do-not-refer and private services, and
services a coordinator merged into another record, are left out here, once), with everything a search reads: what ranking and filters need, the
phones, the hours inputs and the normalized weekly hours. It is rebuilt after every load
(:func:`rebuild_search_index`), so a search reads one table and nothing else.

Rows are stored in spatial order (half-degree grid cells, then latitude), so the rows near
a place sit together on disk and DuckDB's per-segment min/max statistics ("zone maps") on
``latitude``/``longitude`` skip everything outside the search box. Measured on 1M rows this
answers a box query in a few ms, where an R-tree index scan spent most of its time fetching
scattered rows one by one.

The search engine reads this table once per store into memory
(:class:`resources.search.candidates.CandidateIndex`, which answers what :func:`nearest` answers;
tested). The SQL below stays the reference, and serves the quality bench and tests.

Candidate query, two stages: (1) the narrow columns (row id, distance) of the rows in the
box that fit the need, nearest first; (2) every column of just those rows. The exact
great-circle distance uses [lat, lon] points (``ST_Distance_Sphere`` expects that order).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from resources.store.coord_sql import NOT_MERGED_AWAY, schedule_in_force
from resources.store.hours_inputs_sql import SCHEDULE_FIELDS
from resources.store.queries import OFFERABLE_SERVICE, has_search_index
from resources.store.schema import ZIP_TABLE
from resources.store.text_sql import rebuild_text_index

_TERMS = """
    SELECT a.link_id AS service_id, lower(coalesce(t.taxonomy, tx.name)) AS taxonomy,
           lower(t.code) AS code
    FROM attribute a
    JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
    LEFT JOIN taxonomy tx ON tx.id = t.taxonomy_id
    WHERE coalesce(lower(a.link_entity), 'service') = 'service' {only_link}
"""

# What an accessibility row (lower-cased description and details) says about wheelchair
# access, as data: "wheelchair accessible", "ADA access", "Handicap accessible", "disabled
# access", "accessible to the handicapped", Ohana's bare "wheelchair" item, OSM's
# "wheelchair: yes". A negation ("not handicap accessible", "wheelchair: no") wins.
_WHEEL_WORD = r"(wheel ?chairs?|ada|handicap(ped)?|disabled|disability)"
_WHEEL_YES = (
    rf"{_WHEEL_WORD}[ -]?(accessible|accessibility|access)",
    r"accessible (to|for) (the )?(wheel ?chairs?|handicapped|disabled)",
    r"^ *wheel ?chairs? *$",
    r"wheelchair: ?(yes|designated)",
)
_WHEEL_NO = (
    rf"(not|no|in)[ -]?({_WHEEL_WORD}|accessible)",
    r"wheelchair: ?no",
)
WHEELCHAIR_YES = "|".join(f"({p})" for p in _WHEEL_YES)
WHEELCHAIR_NO = "|".join(f"({p})" for p in _WHEEL_NO)
_SCHEDULE_STRUCT = ", ".join(f'"{f}" := "{f}"' for f in SCHEDULE_FIELDS)

# Confidential records (see docs/coordinators.md "Confidential records"): the index is what
# every public output reads (search, cards, map, slip, routes, CLI), so it holds no private
# phone, no private street address and no exact point of a confidential place.
_PUBLIC_PHONES = """list({'number': number, 'extension': extension, 'type': type,
                          'description': description}
                         ORDER BY CASE lower(type) WHEN 'voice' THEN 0 ELSE 1 END, id)
                    FILTER (WHERE NOT coalesce(is_private, false))"""
_HIDDEN_PHONES = "count(*) FILTER (WHERE coalesce(is_private, false))"
_CLOSED = "coalesce(l.is_private, false)"
_CELL = "floor({c} * 10) / 10 + 0.05"

# The rows of the index. For a coordinator's edit the ``{only...}`` marks narrow every step to
# the edited services ($ids) and their locations ($locs) (:data:`_ONLY`); a whole rebuild
# drops them. Lists are ordered, so both write the same rows.
_INDEX_SELECT = f"""
WITH terms AS ({_TERMS}),
elig AS (
    SELECT service_id, list(DISTINCT code ORDER BY code) AS codes FROM terms
    WHERE taxonomy = 'resources-eligibility' GROUP BY 1
),
access AS (
    SELECT service_id, list(DISTINCT code ORDER BY code) AS codes FROM terms
    WHERE taxonomy = 'resources-access' GROUP BY 1
),
langs AS (
    SELECT service_id, list(DISTINCT lower(coalesce(nullif(code, ''), name))
                            ORDER BY lower(coalesce(nullif(code, ''), name))) AS codes,
           list(DISTINCT name ORDER BY name) AS names
    FROM language WHERE service_id IS NOT NULL {{only_service}} GROUP BY 1
),
free AS (
    SELECT service_id, bool_or(coalesce(amount, 1) = 0 OR lower(option) = 'free') AS is_free
    FROM cost_option WHERE true {{only_service}} GROUP BY 1
),
wheel AS (
    SELECT location_id,
           bool_or(regexp_matches(lower(description || ' ' || coalesce(details, '')),
                                  '{WHEELCHAIR_YES}')
                   AND NOT regexp_matches(lower(description), '{WHEELCHAIR_NO}'))
               AS wheelchair,
           bool_or(regexp_matches(lower(description), '{WHEELCHAIR_NO}'))
               AS not_wheelchair
    FROM accessibility WHERE true {{only_location}} GROUP BY 1
),
sched AS (
    SELECT service_id, location_id,
           list(struct_pack({_SCHEDULE_STRUCT}) ORDER BY id) AS rows
    FROM schedule WHERE {schedule_in_force("schedule")} {{only_schedule}} GROUP BY ALL
),
sphone AS (
    SELECT service_id, {_PUBLIC_PHONES} AS p, {_HIDDEN_PHONES} AS hidden
    FROM phone WHERE service_id IS NOT NULL {{only_service}} GROUP BY 1
),
lphone AS (
    SELECT location_id, {_PUBLIC_PHONES} AS p, {_HIDDEN_PHONES} AS hidden
    FROM phone WHERE service_id IS NULL AND location_id IS NOT NULL {{only_location}} GROUP BY 1
),
ophone AS (
    SELECT organization_id, {_PUBLIC_PHONES} AS p
    FROM phone WHERE service_id IS NULL AND location_id IS NULL AND organization_id IS NOT NULL
    GROUP BY 1
),
week AS (
    SELECT rid, list(wk_start ORDER BY wk_start) AS ws, list(wk_end ORDER BY wk_start) AS we
    FROM hours_weekly WHERE true {{only_service}} GROUP BY 1
),
tterm AS (
    SELECT a.link_id AS service_id,
           string_agg(DISTINCT lower(t.name), ' ; ') FILTER (WHERE t.name <> '') AS text,
           list(DISTINCT upper(t.code)) FILTER (WHERE t.code <> '') AS codes
    FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
    WHERE coalesce(lower(a.link_entity), 'service') = 'service'
      AND lower(coalesce(t.taxonomy, '')) NOT IN ('resources-eligibility', 'resources-access')
    GROUP BY 1
),
addr AS (
    SELECT location_id, arg_min(struct_pack(address_1, address_2, city, state_province,
                                            postal_code, is_private),
                                CASE lower(address_type) WHEN 'physical' THEN 0 ELSE 1 END)
               AS a
    FROM address WHERE true {{only_location}} GROUP BY 1
),
coarse AS (  -- the ZIP centroid of each confidential place
    SELECT l.id AS location_id, z.lat, z.lon
    FROM location l
    JOIN addr ON addr.location_id = l.id
    JOIN read_parquet('{ZIP_TABLE.as_posix()}') z
      ON z.zip_code = regexp_extract(addr.a.postal_code, '^\\s*(\\d{{5}})', 1)
    WHERE {_CLOSED}
),
offered AS (
SELECT
    sal.id AS sal_id, s.id AS service_id,
    (dense_rank() OVER (ORDER BY s.id) - 1)::INTEGER AS service_key, l.id AS location_id, s.organization_id,
    s.name AS service_name, o.name AS organization_name, l.name AS location_name,
    s.description, s.eligibility_description, s.fees_description,
    coalesce(s.categories, []::VARCHAR[]) AS categories,
    s.minimum_age, s.maximum_age, s.assured_date, s.source_id, s.alert,
    s.hours_text AS service_hours_text, l.hours_text AS location_hours_text,
    s.hours_format AS service_hours_format, l.hours_format AS location_hours_format,
    coalesce(s1.rows, s2.rows, s3.rows) AS schedules,
    coalesce(elig.codes, []::VARCHAR[]) AS eligibility_codes,
    coalesce(access.codes, []::VARCHAR[]) AS access_codes,
    coalesce(langs.codes, []::VARCHAR[]) AS language_codes,
    coalesce(langs.names, []::VARCHAR[]) AS language_names,
    coalesce(free.is_free, regexp_matches(lower(coalesce(s.fees_description, '')),
                                          '^(free|no (cost|fee|charge))')) AS is_free,
    wheel.wheelchair, wheel.not_wheelchair,
    -- a confidential place is never at its exact point: the ZIP centroid, else the centre
    -- of its 0.1-degree cell (about 11 km); distance ranking uses that point too
    CASE WHEN {_CLOSED} THEN coalesce(zc.lat, {_CELL.format(c="l.latitude")})
         ELSE l.latitude END AS latitude,
    CASE WHEN {_CLOSED} THEN coalesce(zc.lon, {_CELL.format(c="l.longitude")})
         ELSE l.longitude END AS longitude,
    CASE WHEN {_CLOSED} THEN (CASE WHEN zc.lat IS NULL THEN 'area' ELSE 'zip' END)
         ELSE l.geo_precision END AS geo_precision,
    l.timezone,
    {_CLOSED} AS location_private,
    CASE WHEN {_CLOSED} OR coalesce(addr.a.is_private, false) THEN NULL
         ELSE addr.a.address_1 END AS address_1,
    addr.a.city AS city, addr.a.state_province AS state, addr.a.postal_code AS postal_code,
    lower(concat_ws(' ', s.name, o.name, l.name, s.alternate_name)) AS name_text,
    coalesce(tterm.text, '') AS terms_text,
    coalesce(tterm.codes, []::VARCHAR[]) AS term_codes,
    coalesce(sphone.p, []) AS service_phones, coalesce(lphone.p, []) AS location_phones,
    coalesce(ophone.p, []) AS organization_phones,
    coalesce(sphone.hidden, 0) + coalesce(lphone.hidden, 0) AS hidden_phones,
    hr.rid AS hours_rid, hr.zone AS hours_zone, hr.parse_status AS hours_status,
    hr.mode AS hours_mode, hr.dated_from AS hours_dated_from, hr.dated_to AS hours_dated_to,
    coalesce(week.ws, []::INTEGER[]) AS week_starts, coalesce(week.we, []::INTEGER[]) AS week_ends
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
LEFT JOIN tterm ON tterm.service_id = s.id
LEFT JOIN hours_records hr ON hr.service_id = s.id AND hr.location_id = l.id
LEFT JOIN week ON week.rid = hr.rid
LEFT JOIN sched s1 ON s1.service_id = s.id AND s1.location_id = l.id
LEFT JOIN sched s2 ON s2.service_id = s.id AND s2.location_id IS NULL
LEFT JOIN sched s3 ON s3.service_id IS NULL AND s3.location_id = l.id
LEFT JOIN sphone ON sphone.service_id = s.id
LEFT JOIN lphone ON lphone.location_id = l.id
LEFT JOIN ophone ON ophone.organization_id = s.organization_id
LEFT JOIN coarse zc ON zc.location_id = l.id
WHERE l.geom IS NOT NULL AND {OFFERABLE_SERVICE} AND {NOT_MERGED_AWAY} {{only}}
)
SELECT * FROM offered  -- in the spatial order of the points shown (coarse ones included)
ORDER BY floor(latitude * 2), floor(longitude * 2), latitude, longitude, sal_id
"""

_ONLY = {
    "{only_link}": "AND list_contains($ids, a.link_id)",
    "{only_service}": "AND list_contains($ids, service_id)",
    "{only_location}": "AND list_contains($locs, location_id)",
    "{only_schedule}": "AND (list_contains($ids, service_id) OR list_contains($locs, location_id))",
    "{only}": "AND list_contains($ids, s.id)",
}


def _index_select(narrow: bool) -> str:
    sql = _INDEX_SELECT
    for mark, condition in _ONLY.items():
        sql = sql.replace(mark, condition if narrow else "")
    return sql


INDEX_SQL = "CREATE OR REPLACE TABLE search_index AS " + _index_select(False)


def rebuild_search_index(con: duckdb.DuckDBPyConnection) -> int:
    """Recreate ``search_index`` and its full-text index from the HSDS tables; returns the
    index's row count."""
    con.execute(INDEX_SQL)
    rebuild_text_index(con)
    row = con.execute("SELECT count(*) FROM search_index").fetchone()
    return int(row[0]) if row else 0


def refresh_search_rows(con: duckdb.DuckDBPyConnection, service_ids: list[str]) -> int:
    """Rewrite the index rows of these services only (after a coordinator's edit): what
    the whole rebuild would write for them, without rebuilding the rest. Returns the rows
    written (0 when the service is no longer offered: closed, private, merged away).

    Each service keeps its ``service_key`` (its full-text document's number; a service new
    to the index takes the next free one), and the full-text index is rebuilt from the
    index, so a renamed service is found by its new name."""
    ids = {"ids": service_ids}
    keys = dict(con.execute(
        "SELECT service_id, min(service_key) FROM search_index "
        "WHERE list_contains($ids, service_id) GROUP BY 1", ids).fetchall())
    top = con.execute("SELECT coalesce(max(service_key), -1) FROM search_index").fetchone()
    next_key = int(top[0]) + 1 if top else 0
    con.execute("DELETE FROM search_index WHERE list_contains($ids, service_id)", ids)
    locs = [r[0] for r in con.execute(
        "SELECT DISTINCT location_id FROM service_at_location "
        "WHERE list_contains($ids, service_id) AND location_id IS NOT NULL", ids).fetchall()]
    con.execute(f"INSERT INTO search_index BY NAME {_index_select(True)}",
                {"ids": service_ids, "locs": locs})
    written = [r[0] for r in con.execute(
        "SELECT DISTINCT service_id FROM search_index WHERE list_contains($ids, service_id) "
        "ORDER BY 1", ids).fetchall()]
    for sid in written:  # the narrowed build numbered them from 0: give back their own
        key = keys.get(sid)
        if key is None:
            key, next_key = next_key, next_key + 1
        con.execute("UPDATE search_index SET service_key = ? WHERE service_id = ?", [key, sid])
    rebuild_text_index(con)
    row = con.execute("SELECT count(*) FROM search_index WHERE list_contains($ids, service_id)",
                      ids).fetchone()
    return int(row[0]) if row else 0


def index_rows(con: duckdb.DuckDBPyConnection) -> int:
    """Rows in the search index (0 when it does not exist yet)."""
    if not has_search_index(con):
        return 0
    row = con.execute("SELECT count(*) FROM search_index").fetchone()
    return int(row[0]) if row else 0


def index_table(con: duckdb.DuckDBPyConnection, box: Envelope | None = None) -> pa.Table:
    """The search index as an Arrow table (the engine's in-memory candidate index), rows
    in their stored order: all of it, or the rows inside a lon/lat box."""
    if box is None:
        return con.execute("SELECT * FROM search_index").to_arrow_table()
    return con.execute(
        "SELECT * FROM search_index WHERE latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?",
        [box.min_lat, box.max_lat, box.min_lon, box.max_lon]).to_arrow_table()


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


_NEAR = """
SELECT rowid AS row_id, location_id,
       ST_Distance_Sphere(ST_Point(?, ?), ST_Point(latitude, longitude)) AS meters
FROM search_index
WHERE latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ? {need_filter}
  AND meters <= ?
ORDER BY meters, row_id
LIMIT ?
"""

_ROWS = """
SELECT rowid AS row_id, * FROM search_index
WHERE latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?
  AND rowid IN (SELECT unnest(?::BIGINT[]))
"""


def nearest(con: duckdb.DuckDBPyConnection, lat: float, lon: float, radius_m: float,
            needs: list[str] | None = None, limit: int = 5000) -> pd.DataFrame:
    """Stage 1: row_id, location_id, meters of the offerable services within ``radius_m``
    of the point that fit any of ``needs`` (all when None), nearest first."""
    box = envelope(lat, lon, radius_m)
    params: list[object] = [lat, lon, box.min_lat, box.max_lat, box.min_lon, box.max_lon]
    need_filter = ""
    if needs:
        need_filter = "AND list_has_any(categories, ?::VARCHAR[])"
        params.append(list(needs))
    params += [radius_m, limit]
    return con.execute(_NEAR.format(need_filter=need_filter), params).df()


def rows_by_id(con: duckdb.DuckDBPyConnection, near: pd.DataFrame, lat: float, lon: float,
               radius_m: float) -> pd.DataFrame:
    """Stage 2: every column of the rows ``near`` names (in its order, with ``meters``)."""
    if near.empty:
        return near
    box = envelope(lat, lon, radius_m)
    frame = con.execute(_ROWS, [box.min_lat, box.max_lat, box.min_lon, box.max_lon,
                                near["row_id"].astype("int64").tolist()]).df()
    order = near[["row_id", "meters"]].reset_index(drop=True)
    return order.merge(frame, on="row_id", how="inner", validate="one_to_one")


def candidates(con: duckdb.DuckDBPyConnection, lat: float, lon: float, radius_m: float,
               needs: list[str] | None = None, limit: int = 5000) -> pd.DataFrame:
    """Offerable services within ``radius_m`` of the point (nearest first), every column."""
    return rows_by_id(con, nearest(con, lat, lon, radius_m, needs, limit), lat, lon, radius_m)


def phones_for(con: duckdb.DuckDBPyConnection, service_ids: list[str],
               location_ids: list[str]) -> pd.DataFrame:
    """Public phones of these services and locations (service phones first; private
    numbers never)."""
    if not service_ids and not location_ids:
        return pd.DataFrame(columns=["service_id", "location_id", "number", "extension", "type",
                                     "description"])
    return con.execute(
        """
        SELECT service_id, location_id, number, extension, type, description FROM phone
        WHERE (list_contains(?::VARCHAR[], service_id) OR list_contains(?::VARCHAR[], location_id))
          AND NOT coalesce(is_private, false)
        ORDER BY service_id NULLS LAST, CASE lower(type) WHEN 'voice' THEN 0 ELSE 1 END
        """,
        [service_ids, location_ids],
    ).df()
