"""Rows for the HSDS 3.0 API (:mod:`resources.api`): pages of records and their related rows.

What a partner may see is the Find page's rule (:data:`OFFERABLE_SERVICE`, merged-away
duplicates left out) joined with the export's privacy rule (private services, locations,
their service-at-locations, addresses and phones, and rows linked to them: ``LINKS``). A
coordinator sees every record. The hidden ids are read once per process into
:class:`Hidden` (the API's store is read-only); the pages filter in SQL with the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

from resources.store.coord_sql import NOT_MERGED_AWAY
from resources.store.export_sql import LINKS, hsds_columns
from resources.store.queries import OFFERABLE_SERVICE
from resources.store.schema import ZIP_TABLE

# HSDS 3.0 ids are UUIDs; ours are '<source>/<the source's id>'. The API gives each record
# a name-based UUID of its store id (md5 of 'hsds:' + id, version 3 and RFC 4122 variant
# bits set: :func:`resources.api.ids.hsds_id` is the same in Python) and reads either.
_H = "md5('hsds:' || {col})"


def uuid_sql(col: str) -> str:
    """SQL: the HSDS UUID of the store id in ``col``."""
    h = _H.format(col=col)
    return (f"(substr({h}, 1, 8) || '-' || substr({h}, 9, 4) || '-3' || substr({h}, 14, 3) "
            f"|| '-' || substr('89ab', (strpos('0123456789abcdef', substr({h}, 17, 1)) - 1) % 4 "
            f"+ 1, 1) || substr({h}, 18, 3) || '-' || substr({h}, 21, 12))")


# tables whose records are asked for by id
ID_TABLES = ("service", "organization", "service_at_location", "taxonomy", "taxonomy_term",
             "location")
ID_MAP = "memory.main.api_hsds_ids"  # shared by every cursor of the process


def build_id_map(con: duckdb.DuckDBPyConnection) -> int:
    """The table from HSDS UUIDs back to store ids (once per process; the store is
    read-only). Returns its rows."""
    union = " UNION ALL ".join(f"SELECT '{t}' AS t, {uuid_sql('id')} AS uid, id FROM \"{t}\""
                               for t in ID_TABLES)
    # sorted by UUID: a lookup reads one row group (min/max pruning), not the whole table
    con.execute(f"CREATE OR REPLACE TABLE {ID_MAP} AS SELECT * FROM ({union}) ORDER BY uid")
    row = con.execute(f"SELECT count(*) FROM {ID_MAP}").fetchone()
    return int(row[0]) if row else 0


def store_ids(con: duckdb.DuckDBPyConnection, table: str, given: str) -> list[str]:
    """The store ids a caller's id names: the record with that HSDS UUID, or that store id."""
    rows = con.execute(f"SELECT id FROM {ID_MAP} WHERE uid = $g AND t = $t",
                       {"t": table, "g": given.lower()}).fetchall()
    if not rows and not _UUID.match(given):
        rows = con.execute(f'SELECT id FROM "{table}" WHERE id = $g', {"g": given}).fetchall()
    return [r[0] for r in rows]


def empty_tables(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """HSDS tables without a row (their related rows need no query)."""
    sql = " UNION ALL ".join(f"SELECT '{t}' WHERE NOT EXISTS (SELECT 1 FROM \"{t}\")"
                             for t in {t for rel in CHILDREN.values() for _p, t, _c in rel})
    return frozenset(r[0] for r in con.execute(sql).fetchall())


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# SQL (service alias ``s``): a service a partner may be offered, as on the Find page
VISIBLE_SERVICE = f"({OFFERABLE_SERVICE} AND {NOT_MERGED_AWAY})"
PUBLIC_LOCATION = "NOT coalesce(l.is_private, false)"

# the related rows of each record: (property, table, column pointing at the parent)
CHILDREN: dict[str, list[tuple[str, str, str]]] = {
    "service": [
        ("phones", "phone", "service_id"), ("schedules", "schedule", "service_id"),
        ("service_areas", "service_area", "service_id"),
        ("service_at_locations", "service_at_location", "service_id"),
        ("languages", "language", "service_id"), ("funding", "funding", "service_id"),
        ("cost_options", "cost_option", "service_id"),
        ("required_documents", "required_document", "service_id"),
        ("contacts", "contact", "service_id"), ("attributes", "attribute", "link_id"),
    ],
    "location": [
        ("languages", "language", "location_id"), ("addresses", "address", "location_id"),
        ("contacts", "contact", "location_id"), ("accessibility", "accessibility", "location_id"),
        ("phones", "phone", "location_id"), ("schedules", "schedule", "location_id"),
        ("attributes", "attribute", "link_id"),
    ],
    "service_at_location": [
        ("contacts", "contact", "service_at_location_id"),
        ("phones", "phone", "service_at_location_id"),
        ("schedules", "schedule", "service_at_location_id"),
        ("attributes", "attribute", "link_id"),
    ],
    "organization": [
        ("funding", "funding", "organization_id"), ("contacts", "contact", "organization_id"),
        ("phones", "phone", "organization_id"), ("locations", "location", "organization_id"),
        ("programs", "program", "organization_id"),
        ("organization_identifiers", "organization_identifier", "organization_id"),
        ("attributes", "attribute", "link_id"),
    ],
}
# rows that hang on a narrower record are not repeated on the wider one: column -> must be
# NULL. A row naming a service-at-location goes there; one naming a service (with or
# without a location) goes on the service; a location's own rows name no service; an
# organization's own rows name no service, location or service-at-location.
_NARROWER = {
    ("service", "phone"): ("service_at_location_id",),
    ("service", "schedule"): ("service_at_location_id",),
    ("service", "contact"): ("service_at_location_id",),
    ("location", "phone"): ("service_id", "service_at_location_id"),
    ("location", "schedule"): ("service_id", "service_at_location_id"),
    ("location", "language"): ("service_id",),
    ("location", "contact"): ("service_id", "service_at_location_id"),
    ("organization", "phone"): ("service_id", "location_id", "service_at_location_id"),
    ("organization", "contact"): ("service_id", "location_id", "service_at_location_id"),
    ("organization", "funding"): ("service_id",),
}
# attribute rows name the kind of record they link to (link_entity); NULL: any
_LINK_ENTITY = {"service": "service", "location": "location",
                "service_at_location": "service_at_location", "organization": "organization"}


@dataclass
class Hidden:
    """Ids a partner never sees, per table; ``everything_visible`` for a coordinator."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    everything_visible: bool = False

    def hides(self, table: str, row: dict[str, Any]) -> bool:
        if self.everything_visible:
            return False
        if row.get("id") in self.ids.get(table, ()):
            return True
        for t, column, target in LINKS:
            if t == table and row.get(column) is not None \
                    and row[column] in self.ids.get(target, ()):
                return True
        return False


_HIDDEN_TABLES = ("service", "location", "service_at_location", "address", "phone")


def hidden_ids(con: duckdb.DuckDBPyConnection) -> Hidden:
    """What a partner never sees, per table: the services the Find page never offers
    (private, inactive, do not refer, merged away), private locations, addresses and phones,
    and the service-at-locations of any of those services or locations. (Per table: in
    AIRS files a program and its site may share an id.)"""
    ids: dict[str, set[str]] = {t: set() for t in _HIDDEN_TABLES}
    private = "coalesce(is_private, false)"
    sql = f"""
        SELECT 'service', id FROM service s WHERE NOT {VISIBLE_SERVICE}
        UNION ALL SELECT 'location', id FROM location WHERE {private}
        UNION ALL SELECT 'address', id FROM address WHERE {private}
        UNION ALL SELECT 'phone', id FROM phone WHERE {private}
        UNION ALL SELECT 'service_at_location', id FROM service_at_location
            WHERE service_id IN (SELECT id FROM service s WHERE NOT {VISIBLE_SERVICE})
               OR location_id IN (SELECT id FROM location WHERE {private})"""
    for table, id_ in con.execute(sql).fetchall():
        ids[table].add(id_)
    return Hidden(ids)


def _records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _select(table: str, alias: str) -> str:
    cols = []
    for name in hsds_columns(table):
        col = f'{alias}."{name}"'
        if table == "location" and name in ("latitude", "longitude"):
            # as in the export: a point only when it is the place's own
            col = f"CASE WHEN coalesce({alias}.geo_precision, 'exact') = 'exact' THEN {col} END"
        cols.append(f'{col} AS "{name}"')
    return ", ".join(cols)


def records_by_id(con: duckdb.DuckDBPyConnection, table: str,
                  ids: list[str]) -> list[dict[str, Any]]:
    """The HSDS columns of these records (any order)."""
    if not ids:
        return []
    return _records(con.execute(
        f'SELECT {_select(table, "t")} FROM "{table}" t WHERE t.id IN (SELECT unnest($ids))',
        {"ids": ids}))


def children(con: duckdb.DuckDBPyConnection, parent: str, parent_ids: list[str],
             skip: frozenset[str] = frozenset()) -> dict[str, list[dict[str, Any]]]:
    """Per property of ``parent`` (phones, schedules ...), its rows for these parents, each
    with the parent's id in ``_parent``; ordered by source row."""
    out: dict[str, list[dict[str, Any]]] = {}
    if not parent_ids:
        return out
    for prop, table, column in CHILDREN[parent]:
        if table in skip:
            continue
        where = [f't."{c}" IS NULL' for c in _NARROWER.get((parent, table), ())]
        if table == "attribute":
            where.append(f"coalesce(lower(t.link_entity), '{_LINK_ENTITY[parent]}') = "
                         f"'{_LINK_ENTITY[parent]}'")
        out[prop] = _records(con.execute(
            f'SELECT t."{column}" AS _parent, {_select(table, "t")} '
            f"FROM ({_by_link(table, column)}) t WHERE {' AND '.join(where) or 'true'} "
            "ORDER BY t.source_id, t.source_row NULLS LAST, t.id", {"ids": parent_ids}))
    return out


def _by_link(table: str, column: str) -> str:
    """SQL: the rows of ``table`` whose ``column`` is one of ``$ids``, read through its lookup
    index. ``OFFSET 0`` keeps the caller's other conditions out of this scan: DuckDB reads
    the index only when the scan's filters are on the indexed column (with an expression
    filter on another column it scans the whole table: 20 ms at 1M rows against 1 ms)."""
    return f'SELECT * FROM "{table}" WHERE "{column}" IN (SELECT unnest($ids)) OFFSET 0'


def services_of(con: duckdb.DuckDBPyConnection,
                organization_ids: list[str]) -> list[tuple[str, str]]:
    """(organization id, service id) of these organizations' services, by source row."""
    if not organization_ids:
        return []
    return [(str(o), str(s)) for o, s in con.execute(
        "SELECT organization_id, id FROM service WHERE organization_id IN "
        "(SELECT unnest($ids)) ORDER BY source_id, source_row NULLS LAST, id",
        {"ids": organization_ids}).fetchall()]


@dataclass(frozen=True)
class ListQuery:
    """One page of a list endpoint: filters already checked by the HTTP layer."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: str | None = None  # ISO datetime
    postcode: str | None = None
    proximity_m: float | None = None
    parent_id: str | None = None
    top_only: bool = False
    page: int = 1
    per_page: int = 50


def _text_search(q: ListQuery, columns: list[str]) -> tuple[list[str], dict[str, Any]]:
    """HSDS ``search``: any of these columns holds the words (case-insensitive)."""
    if not q.search:
        return [], {}
    return ["(" + " OR ".join(f"{c} ILIKE $q" for c in columns) + ")"], {"q": f"%{q.search}%"}


def _service_filters(q: ListQuery, coordinator: bool) -> tuple[list[str], dict[str, Any]]:
    where, params = _text_search(q, ["s.name", "s.alternate_name", "s.description"])
    where[:0] = [] if coordinator else [VISIBLE_SERVICE]
    if q.taxonomy_term_id:
        where.append("s.id IN (SELECT link_id FROM attribute WHERE taxonomy_term_id = $term)")
        params["term"] = q.taxonomy_term_id
    if q.taxonomy_id:
        where.append("s.id IN (SELECT a.link_id FROM attribute a JOIN taxonomy_term tt "
                     "ON tt.id = a.taxonomy_term_id WHERE tt.taxonomy_id = $tax "
                     "OR tt.taxonomy = $tax)")
        params["tax"] = q.taxonomy_id
    if q.organization_id:
        where.append("s.organization_id = $org")
        params["org"] = q.organization_id
    if q.modified_after:
        where.append("s.last_modified >= $after::TIMESTAMP")
        params["after"] = q.modified_after
    return where, params


def _page(con: duckdb.DuckDBPyConnection, select: str, source: str, where: list[str],
          params: dict[str, Any], order: str, q: ListQuery) -> tuple[int, list[dict[str, Any]]]:
    condition = " AND ".join(where) or "true"
    row = con.execute(f"SELECT count(*) FROM {source} WHERE {condition}", params).fetchone()
    total = int(row[0]) if row else 0
    rows = _records(con.execute(
        f"SELECT {select} FROM {source} WHERE {condition} ORDER BY {order} "
        "LIMIT $limit OFFSET $offset",
        {**params, "limit": q.per_page, "offset": (q.page - 1) * q.per_page}))
    return total, rows


def service_page(con: duckdb.DuckDBPyConnection, q: ListQuery,
                 coordinator: bool) -> tuple[int, list[dict[str, Any]]]:
    where, params = _service_filters(q, coordinator)
    return _page(con, _select("service", "s"), "service s", where, params, "s.id", q)


def service_at_location_page(con: duckdb.DuckDBPyConnection, q: ListQuery, coordinator: bool,
                             ) -> tuple[int, list[dict[str, Any]]]:
    where, params = _service_filters(q, coordinator)
    if not coordinator:
        where.append(PUBLIC_LOCATION)
    if q.postcode and q.proximity_m is not None:
        # within proximity metres of the postcode's centroid (exact points only)
        where.append(f"""EXISTS (SELECT 1 FROM read_parquet('{ZIP_TABLE.as_posix()}') z
            WHERE z.zip_code = $zip AND coalesce(l.geo_precision, 'exact') = 'exact'
              AND ST_Distance_Sphere(ST_Point(l.latitude, l.longitude), ST_Point(z.lat, z.lon))
                  <= $meters)""")
        params.update(zip=q.postcode, meters=q.proximity_m)
    elif q.postcode:
        # at an address in the postcode, or a service whose area lists it
        where.append("""(l.id IN (SELECT location_id FROM address
                                  WHERE left(trim(postal_code), 5) = $zip
                                  AND (NOT coalesce(is_private, false) OR $coord))
                         OR s.id IN (SELECT service_id FROM service_area
                                     WHERE list_contains(coverage_codes, $zip)
                                        OR list_contains(coverage_codes, 'zip:' || $zip)))""")
        params.update(zip=q.postcode, coord=coordinator)
    source = ("service_at_location sal JOIN service s ON s.id = sal.service_id "
              "JOIN location l ON l.id = sal.location_id")
    return _page(con, _select("service_at_location", "sal"), source, where, params, "sal.id", q)


def organization_page(con: duckdb.DuckDBPyConnection, q: ListQuery,
                      ) -> tuple[int, list[dict[str, Any]]]:
    where, params = _text_search(q, ["o.name", "o.alternate_name", "o.description"])
    return _page(con, _select("organization", "o"), "organization o", where, params, "o.id", q)


def taxonomy_page(con: duckdb.DuckDBPyConnection, q: ListQuery,
                  ) -> tuple[int, list[dict[str, Any]]]:
    where, params = _text_search(q, ["x.name", "x.description"])
    return _page(con, _select("taxonomy", "x"), "taxonomy x", where, params, "x.id", q)


def taxonomy_term_page(con: duckdb.DuckDBPyConnection, q: ListQuery,
                       ) -> tuple[int, list[dict[str, Any]]]:
    where, params = _text_search(q, ["x.name", "x.code", "x.description"])
    if q.taxonomy_id:
        where.append("(x.taxonomy_id = $tax OR x.taxonomy = $tax)")
        params["tax"] = q.taxonomy_id
    if q.parent_id:
        where.append("x.parent_id = $parent")
        params["parent"] = q.parent_id
    if q.top_only:
        where.append("x.parent_id IS NULL")
    return _page(con, _select("taxonomy_term", "x"), "taxonomy_term x", where, params, "x.id", q)
