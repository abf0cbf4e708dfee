"""Rows for the HSDS 3.0 export (see :mod:`resources.coordinator.export_hsds`, which writes the files).

Only HSDS columns are read; coordinates only when exact; ids lose their ``<source>/``
namespace when asked; private services, locations, addresses and phones, and every row
pointing at one, are left out unless ``include_private``.
"""

from __future__ import annotations

from typing import Any

import duckdb

from resources.store.schema import HSDS_TABLES, ID_COLUMNS

# (table, column, table the column points to): rows pointing at a left-out record go too.
LINKS = [
    ("service_at_location", "service_id", "service"),
    ("service_at_location", "location_id", "location"),
    ("address", "location_id", "location"), ("accessibility", "location_id", "location"),
    ("phone", "service_id", "service"), ("phone", "location_id", "location"),
    ("phone", "service_at_location_id", "service_at_location"),
    ("schedule", "service_id", "service"), ("schedule", "location_id", "location"),
    ("schedule", "service_at_location_id", "service_at_location"),
    ("language", "service_id", "service"), ("language", "location_id", "location"),
    ("service_area", "service_id", "service"), ("cost_option", "service_id", "service"),
    ("funding", "service_id", "service"), ("required_document", "service_id", "service"),
    ("contact", "service_id", "service"), ("contact", "location_id", "location"),
    ("contact", "service_at_location_id", "service_at_location"),
    ("attribute", "link_id", "service"), ("attribute", "link_id", "location"),
]


def hsds_columns(table: str) -> list[str]:
    """The HSDS 3.0 columns of a table (our extension columns left out), in schema order."""
    return [c.name for c in HSDS_TABLES[table] if not c.ext]


# The rows of each table left out of a public export (private records, and a service at a
# location when either is private); every row linking to one of them is left out as well.
# Per table: AIRS exports give a program and its site the same id, so an id private in one
# table says nothing about another table's row with that id.
_PRIVATE_ROWS = {
    "service": "SELECT id FROM service WHERE coalesce(is_private, false)",
    "location": "SELECT id FROM location WHERE coalesce(is_private, false)",
    "service_at_location": """SELECT sal.id FROM service_at_location sal
            JOIN service s ON s.id = sal.service_id
            JOIN location l ON l.id = sal.location_id
            WHERE coalesce(s.is_private, false) OR coalesce(l.is_private, false)""",
    "address": "SELECT id FROM address WHERE coalesce(is_private, false)",
    "phone": "SELECT id FROM phone WHERE coalesce(is_private, false)",
}


def _excluded(include_private: bool, table: str) -> str:
    """SQL: ids of ``table``'s private records (left out, with what links to them)."""
    if include_private or table not in _PRIVATE_ROWS:
        return "SELECT NULL::VARCHAR AS id WHERE false"
    return _PRIVATE_ROWS[table]


# An export with the private records says which are private (HSDS 3.0 has no such field):
# an attribute per private record, linked to the term below; loading the export back reads
# them (resources.loaders._privacy), so a coordinator's copy stays confidential.
PRIVACY_TERM = "resources:confidential"
_PRIVATE_ENTITIES = ("service", "location", "address", "phone")
_FLAGS = " UNION ALL ".join(
    f"SELECT id || '-confidential' AS id, id AS link_id, '{PRIVACY_TERM}' AS taxonomy_term_id, "
    f"'confidential' AS link_type, '{t}' AS link_entity, 'true' AS value, source_id, "
    f"source_row FROM \"{t}\" WHERE coalesce(is_private, false)" for t in _PRIVATE_ENTITIES)
_WITH_PRIVACY = {
    "attribute": f'(SELECT * FROM attribute UNION ALL BY NAME SELECT * FROM ({_FLAGS})) AS "attribute"',
    "taxonomy_term": (
        "(SELECT * FROM taxonomy_term UNION ALL BY NAME "
        f"SELECT '{PRIVACY_TERM}' AS id, 'confidential' AS code, 'Confidential' AS name, "
        "'shown to coordinators only: never publish' AS description, "
        "'resources-privacy' AS taxonomy, NULL::VARCHAR AS source_id, "
        f"NULL::INTEGER AS source_row WHERE EXISTS ({_FLAGS})) AS \"taxonomy_term\""),
}


def _sources_filter(sources: list[str] | None) -> tuple[str, list[Any]]:
    if sources:
        return "list_contains(?::VARCHAR[], source_id)", [sources]
    return "", []


def ids_unique_without_namespace(con: duckdb.DuckDBPyConnection,
                                 sources: list[str] | None = None) -> bool:
    """Whether every table's ``source_record_id`` is unique across the exported sources."""
    condition, params = _sources_filter(sources)
    where = f"WHERE {condition}" if condition else ""
    for table in HSDS_TABLES:
        row = con.execute(
            f"SELECT count(DISTINCT source_record_id) = count(*) FROM \"{table}\" {where}",
            params).fetchone()
        if row and row[0] is False:
            return False
    return True


def table_count(con: duckdb.DuckDBPyConnection, table: str,
                sources: list[str] | None = None) -> int:
    """Rows of ``table`` in the exported sources: what an export leaving nothing out writes
    (so the rows it left out are this count less the rows it wrote)."""
    condition, params = _sources_filter(sources)
    where = f" WHERE {condition}" if condition else ""
    row = con.execute(f'SELECT count(*) FROM "{table}"{where}', params).fetchone()
    return int(row[0] or 0) if row else 0


def table_rows(con: duckdb.DuckDBPyConnection, table: str, *, strip_namespace: bool,
               include_private: bool = False,
               sources: list[str] | None = None) -> list[tuple[Any, ...]]:
    """The exported rows of one table (:func:`hsds_columns`), by source and source row."""
    exprs = []
    for name in hsds_columns(table):
        col = f'"{name}"'
        if table == "location" and name in ("latitude", "longitude"):
            col = f"CASE WHEN coalesce(geo_precision, 'exact') = 'exact' THEN {col} END"
        if strip_namespace and name in ID_COLUMNS:
            col = (f"CASE WHEN starts_with({col}, source_id || '/') "
                   f"THEN substr({col}, length(source_id) + 2) ELSE {col} END")
        exprs.append(f'{col} AS "{name}"')
    where = [f"id NOT IN ({_excluded(include_private, table)})"]
    for t, column, target in LINKS:
        if t == table:
            where.append(f'("{column}" IS NULL OR "{column}" NOT IN '
                         f'({_excluded(include_private, target)}))')
    condition, params = _sources_filter(sources)
    if condition:
        where.append(condition)
    rows = _WITH_PRIVACY[table] if include_private and table in _WITH_PRIVACY else f'"{table}"'
    sql = (f'SELECT {", ".join(exprs)} FROM {rows} WHERE {" AND ".join(where)} '
           "ORDER BY source_id, source_row NULLS LAST, id")
    return con.execute(sql, params).fetchall()
