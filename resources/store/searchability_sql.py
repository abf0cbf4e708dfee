"""What a search can reach, per source, in SQL (see :mod:`resources.coordinator.searchability`).

``source_measure`` keeps what a loader knew of its source that the records cannot tell
afterwards: how many of its rows describe a service (``service_rows``). It is created
where missing (stores built before it keep working) and replaced with each load.
"""

from __future__ import annotations

import duckdb

from resources.store.schema import HSDS_TABLES, MEASURE_DDL


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables "
                      "WHERE table_catalog = current_database() AND table_name = ?",
                      [table]).fetchone()
    return bool(row and row[0])


def write_measures(con: duckdb.DuckDBPyConnection, source_id: str,
                   measures: dict[str, int | None]) -> None:
    """Replace the measures of ``source_id`` (inside the load's transaction)."""
    con.execute(MEASURE_DDL)
    con.execute("DELETE FROM source_measure WHERE source_id = ?", [source_id])
    for measure, value in measures.items():
        if value is not None:
            con.execute("INSERT INTO source_measure VALUES (?, ?, ?)",
                        [source_id, measure, int(value)])


def delete_measures(con: duckdb.DuckDBPyConnection, source_id: str) -> None:
    if _has(con, "source_measure"):
        con.execute("DELETE FROM source_measure WHERE source_id = ?", [source_id])


def _private_sql() -> str:
    """Rows marked private, per source, over every table with an ``is_private`` column."""
    parts = [f"SELECT source_id, count(*) AS n FROM \"{t}\" WHERE is_private GROUP BY 1"
             for t, cols in HSDS_TABLES.items() if any(c.name == "is_private" for c in cols)]
    return " UNION ALL ".join(parts)


def per_source(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """One dict per source: rows read, service rows, services, located (exact / approximate
    / none), reached by their area alone, reachable by a need, hours understood,
    private records."""
    has_hours = _has(con, "hours_records")
    hours = ("""SELECT service_id, bool_or(parse_status = 'parsed') AS understood
                FROM hours_records GROUP BY 1""" if has_hours
             else "SELECT NULL::VARCHAR AS service_id, false AS understood WHERE false")
    measures = ("SELECT source_id, value FROM source_measure WHERE measure = 'service_rows'"
                if _has(con, "source_measure")
                else "SELECT NULL::VARCHAR AS source_id, NULL::BIGINT AS value WHERE false")
    sql = f"""
    WITH placed AS (
        SELECT sal.service_id,
               bool_or(l.geom IS NOT NULL AND coalesce(l.geo_precision, 'exact') = 'exact')
                   AS exact,
               bool_or(l.geom IS NOT NULL) AS located
        FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        GROUP BY 1
    ),
    area AS (  -- reached by their area, with no place (hotlines: see hotlines_sql)
        SELECT DISTINCT service_id FROM service_area
        WHERE geom IS NOT NULL OR coverage_kind IN ('national', 'zip')
    ),
    hours AS ({hours}),
    per AS (
        SELECT s.source_id, count(*) AS services,
               count(*) FILTER (WHERE p.exact) AS located_exact,
               count(*) FILTER (WHERE p.located AND NOT p.exact) AS located_approximate,
               count(*) FILTER (WHERE NOT coalesce(p.located, false)) AS located_none,
               count(*) FILTER (WHERE NOT coalesce(p.located, false)
                                AND a.service_id IS NOT NULL) AS by_area,
               count(*) FILTER (WHERE coalesce(array_length(s.categories), 0) > 0) AS reachable,
               count(*) FILTER (WHERE h.understood) AS hours_understood
        FROM service s
        LEFT JOIN placed p ON p.service_id = s.id
        LEFT JOIN hours h ON h.service_id = s.id
        LEFT JOIN area a ON a.service_id = s.id
        GROUP BY 1
    ),
    private AS (SELECT source_id, sum(n) AS n FROM ({_private_sql()}) AS parts GROUP BY 1),
    measures AS ({measures})
    SELECT src.id AS source_id, src.kind, src.rows_read, m.value AS service_rows,
           coalesce(per.services, 0) AS services,
           coalesce(per.located_exact, 0) AS located_exact,
           coalesce(per.located_approximate, 0) AS located_approximate,
           coalesce(per.located_none, 0) AS located_none,
           coalesce(per.by_area, 0) AS by_area,
           coalesce(per.reachable, 0) AS reachable,
           coalesce(per.hours_understood, 0) AS hours_understood,
           coalesce(private.n, 0) AS private_records
    FROM source src
    LEFT JOIN per ON per.source_id = src.id
    LEFT JOIN private ON private.source_id = src.id
    LEFT JOIN measures m ON m.source_id = src.id
    ORDER BY src.id"""
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
