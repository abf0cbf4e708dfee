"""Local edits: one field of a record read and written in place, and the ``edit`` table.

:mod:`resources.coordinator.edits` decides what to write (validation, conflicts, audit); these functions
are the statements. Records are addressed by their namespaced id ``<source>/<record>``;
``edit`` rows by ``(source_id, source_record_id, table_name, field)``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from resources.store.coord_sql import split_id
from resources.store.dialect import pg_variant
from resources.store.views import registered

ADDRESS_PARTS = ("address_1", "address_2", "city", "state_province", "postal_code")
EDIT_COLUMNS = ["record_id", "table_name", "field", "value", "source_value", "conflict",
                "conflict_value", "edited_by", "edited_at"]
_KEY = "source_id = ? AND source_record_id = ? AND table_name = ? AND field = ?"
_PHYSICAL_FIRST = "ORDER BY CASE lower(address_type) WHEN 'physical' THEN 0 ELSE 1 END, id LIMIT 1"


def _where(table: str) -> str:
    return f'FROM "{table}" WHERE source_id = ? AND source_record_id = ?'


# -- one field of a record ---------------------------------------------------------------------
def record_exists(con: duckdb.DuckDBPyConnection, table: str, record_id: str) -> bool:
    row = con.execute(f"SELECT count(*) {_where(table)}", list(split_id(record_id))).fetchone()
    return bool(row and row[0])


def column_value(con: duckdb.DuckDBPyConnection, table: str, record_id: str,
                 column: str) -> tuple[Any] | None:
    """``(value,)`` of one column of a record, or None when there is no such record."""
    row = con.execute(f'SELECT "{column}" {_where(table)}', list(split_id(record_id))).fetchone()
    return None if row is None else (row[0],)


def update_column(con: duckdb.DuckDBPyConnection, table: str, record_id: str, column: str,
                  value: Any) -> None:
    con.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE source_id = ? '
                "AND source_record_id = ?", [value, *split_id(record_id)])


def phones(con: duckdb.DuckDBPyConnection, table: str,
           record_id: str) -> list[tuple[str, str | None, str | None, bool]]:
    """(number, extension, type, private) of the phones of a service or location, in id
    order."""
    return con.execute(
        f"SELECT number, extension, type, coalesce(is_private, false) FROM phone "
        f"WHERE {table}_id = ? ORDER BY id", [record_id]).fetchall()


PhoneRow = tuple[str, str, str | None, str] | tuple[str, str, str | None, str, bool | None]


def replace_phones(con: duckdb.DuckDBPyConnection, table: str, record_id: str,
                   rows: list[PhoneRow]) -> None:
    """Replace a record's phones by ``rows`` of (source_record_id, number, extension, type
    [, private]). ``private`` True / False is a coordinator's choice; left out (or None), a
    number that was private stays private (an edit never publishes a confidential line)."""
    source_id, _rec = split_id(record_id)
    private = {r[0] for r in con.execute(
        f"SELECT {_DIGITS.format(c='number')} FROM phone WHERE {table}_id = ? "
        "AND coalesce(is_private, false)", [record_id]).fetchall()}
    con.execute(f"DELETE FROM phone WHERE {table}_id = ?", [record_id])
    for pid, number, extension, kind, *chosen in rows:
        told = chosen[0] if chosen else None
        con.execute(_INSERT_PHONE[table],
            [f"{source_id}/{pid}", record_id, number, extension, kind, source_id, pid, told,
             sorted(private), number])


_DIGITS = "regexp_replace({c}, '[^0-9]', '', 'g')"
_INSERT_PHONE = {table: pg_variant(
    f"INSERT INTO phone (id, {table}_id, number, extension, type, source_id, "
    "source_record_id, is_private) VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, "
    f"list_contains(?::VARCHAR[], {_DIGITS.format(c='?')})))",
    f"INSERT INTO phone (id, {table}_id, number, extension, type, source_id, "
    "source_record_id, is_private) VALUES (%s, %s, %s, %s, %s, %s, %s, coalesce(%s::boolean, "
    f"(%s::text[]) @> ARRAY[{_DIGITS.format(c='%s::text')}]))")
    for table in ("service", "location", "organization")}


def languages(con: duckdb.DuckDBPyConnection, service_id: str) -> list[str | None]:
    """The names (else codes) of a service's languages, in id order."""
    rows = con.execute("SELECT coalesce(name, code) FROM language WHERE service_id = ? "
                       "ORDER BY id", [service_id]).fetchall()
    return [r[0] for r in rows]


def replace_languages(con: duckdb.DuckDBPyConnection, service_id: str,
                      rows: list[tuple[str, str, str | None]]) -> None:
    """Replace a service's languages by ``rows`` of (source_record_id, name, code)."""
    source_id, _rec = split_id(service_id)
    con.execute("DELETE FROM language WHERE service_id = ?", [service_id])
    for lid, name, code in rows:
        con.execute(
            "INSERT INTO language (id, service_id, name, code, source_id, source_record_id) "
            "VALUES (?, ?, ?, ?, ?, ?)", [f"{source_id}/{lid}", service_id, name, code, source_id,
                                          lid])


def address(con: duckdb.DuckDBPyConnection, location_id: str) -> dict[str, Any] | None:
    """The location's physical address (else its first), as :data:`ADDRESS_PARTS`, with
    ``private: True`` when it is confidential."""
    row = con.execute(
        f"SELECT {', '.join(ADDRESS_PARTS)}, coalesce(is_private, false) FROM address "
        f"WHERE location_id = ? {_PHYSICAL_FIRST}", [location_id]).fetchone()
    if row is None:
        return None
    out: dict[str, Any] = dict(zip(ADDRESS_PARTS, row[:-1], strict=True))
    if row[-1]:
        out["private"] = True
    return out


def write_address(con: duckdb.DuckDBPyConnection, location_id: str,
                  parts: dict[str, Any] | None, new_record_id: str) -> None:
    """Set (or, for None, delete) the address :func:`address` reads; a new address row gets
    the source record id ``new_record_id``."""
    source_id, _rec = split_id(location_id)
    row = con.execute(f"SELECT id FROM address WHERE location_id = ? {_PHYSICAL_FIRST}",
                      [location_id]).fetchone()
    if parts is None:
        if row:
            con.execute("DELETE FROM address WHERE id = ?", [row[0]])
        return
    values = [parts.get(p) for p in ADDRESS_PARTS]
    told = parts.get("private")  # True / False: a coordinator's choice; None: as it was
    if row:
        sets = ", ".join(f"{p} = ?" for p in ADDRESS_PARTS)
        con.execute(f"UPDATE address SET {sets}, is_private = coalesce(?, is_private) "
                    "WHERE id = ?", [*values, told, row[0]])
    else:
        con.execute(
            f"INSERT INTO address (id, location_id, {', '.join(ADDRESS_PARTS)}, country, "
            "address_type, source_id, source_record_id, is_private) VALUES (?, ?, ?, ?, ?, ?, "
            "?, 'US', 'physical', ?, ?, coalesce(?, false))",
            [f"{source_id}/{new_record_id}", location_id, *values, source_id, new_record_id,
             told])
    if told:  # a confidential street address makes its place confidential (coarse point)
        con.execute("UPDATE location SET is_private = true WHERE id = ?", [location_id])


def point(con: duckdb.DuckDBPyConnection, location_id: str) -> tuple[Any, Any] | None:
    """(latitude, longitude) of a location, or None when it has no such record."""
    row = con.execute(f"SELECT latitude, longitude {_where('location')}",
                      list(split_id(location_id))).fetchone()
    return None if row is None else (row[0], row[1])


def write_point(con: duckdb.DuckDBPyConnection, location_id: str,
                lat_lon: tuple[float, float] | None, timezone: str | None = None) -> None:
    """Set an exact point (and its time zone), or clear it (``None``: no point at all)."""
    key = list(split_id(location_id))
    if lat_lon is None:
        con.execute("UPDATE location SET latitude = NULL, longitude = NULL, geom = NULL, "
                    "geo_precision = 'none' WHERE source_id = ? AND source_record_id = ?", key)
        return
    lat, lon = lat_lon
    con.execute(_WRITE_POINT, [lat, lon, lon, lat, timezone, *key])


_WRITE_POINT = pg_variant(
    "UPDATE location SET latitude = ?, longitude = ?, geom = ST_Point(?, ?), "
    "geo_precision = 'exact', timezone = ? WHERE source_id = ? AND source_record_id = ?",
    "UPDATE location SET latitude = %s, longitude = %s, "
    "geom = ST_SetSRID(ST_MakePoint(%s, %s), 4326), geo_precision = 'exact', timezone = %s "
    "WHERE source_id = %s AND source_record_id = %s")


# -- the edit table ----------------------------------------------------------------------------
def _key(table: str, record_id: str, field: str) -> list[str]:
    return [*split_id(record_id), table, field]


def edit_values(con: duckdb.DuckDBPyConnection, table: str, record_id: str,
                field: str) -> tuple[str | None, str | None] | None:
    """(value, source_value) JSON of the kept edit of one field, or None."""
    row = con.execute(f"SELECT value, source_value FROM edit WHERE {_KEY}",
                      _key(table, record_id, field)).fetchone()
    return None if row is None else (row[0], row[1])


def edit_conflict(con: duckdb.DuckDBPyConnection, table: str, record_id: str,
                  field: str) -> tuple[str | None, str | None, str | None] | None:
    """(value, conflict_value, conflict) of the kept edit of one field, or None."""
    row = con.execute(f"SELECT value, conflict_value, conflict FROM edit WHERE {_KEY}",
                      _key(table, record_id, field)).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def delete_edit(con: duckdb.DuckDBPyConnection, table: str, record_id: str, field: str) -> None:
    con.execute(f"DELETE FROM edit WHERE {_KEY}", _key(table, record_id, field))


def insert_edit(con: duckdb.DuckDBPyConnection, table: str, record_id: str, field: str,
                value: str | None, source_value: str | None, user: str, at: datetime) -> None:
    """A new edit (no conflict); ``value`` and ``source_value`` are JSON text."""
    con.execute("INSERT INTO edit VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)",
                [*_key(table, record_id, field), value, source_value, user, at])


def set_conflict(con: duckdb.DuckDBPyConnection, table: str, record_id: str, field: str,
                 conflict: str | None, conflict_value: str | None = None) -> None:
    """Flag an edit (``changed`` / ``removed``, with the source's new value) or clear it."""
    con.execute(f"UPDATE edit SET conflict = ?, conflict_value = ? WHERE {_KEY}",
                [conflict, conflict_value, *_key(table, record_id, field)])


def accept_conflict_value(con: duckdb.DuckDBPyConnection, table: str, record_id: str,
                          field: str) -> None:
    """Keep the edit against the source's new value: that value becomes its source value."""
    con.execute("UPDATE edit SET source_value = conflict_value, conflict = NULL, "
                f"conflict_value = NULL WHERE {_KEY}", _key(table, record_id, field))


def edit_rows(con: duckdb.DuckDBPyConnection,
              source_id: str | None = None) -> list[tuple[str, str, str, Any, Any]]:
    """(record_id, table_name, field, value, source_value) of the kept edits, in key order."""
    where, params = ("WHERE source_id = ?", [source_id]) if source_id else ("", [])
    rows = con.execute(_EDIT_ROWS[bool(source_id)], params).fetchall()
    return [(f"{src}/{rec}", table, field, value, source_value)
            for src, rec, table, field, value, source_value in rows]


_EDIT_ROWS = {bool(where): pg_variant(
    f"SELECT source_id, source_record_id, table_name, field, value, source_value FROM edit "
    f"{where} ORDER BY ALL",
    f"SELECT source_id, source_record_id, table_name, field, value, source_value FROM edit "
    f"{where.replace('?', '%s')} ORDER BY 1, 2, 3, 4, 5, 6")
    for where in ("", "WHERE source_id = ?")}


def closures(con: duckdb.DuckDBPyConnection,
             source_id: str | None = None) -> list[tuple[str, str]]:
    """(service id, closed_until JSON) of every temporary closure kept as an edit."""
    where, params = ("AND source_id = ?", [source_id]) if source_id else ("", [])
    rows = con.execute(
        "SELECT source_id, source_record_id, value FROM edit WHERE table_name = 'service' "
        f"AND field = 'closed_until' AND value IS NOT NULL {where}", params).fetchall()
    return [(f"{src}/{rec}", value) for src, rec, value in rows]


def delete_closure(con: duckdb.DuckDBPyConnection, service_id: str) -> None:
    """Drop a service's closure: its ``closed_until`` and ``status`` edits."""
    con.execute("DELETE FROM edit WHERE source_id = ? AND source_record_id = ? AND "
                "table_name = 'service' AND field IN ('closed_until', 'status')",
                list(split_id(service_id)))


def edits_frame(con: duckdb.DuckDBPyConnection, *, source_id: str | None = None,
                conflicts_only: bool = False) -> pd.DataFrame:
    """The kept edits (:data:`EDIT_COLUMNS`), newest first."""
    where, params = [], []
    if source_id:
        where.append("source_id = ?")
        params.append(source_id)
    if conflicts_only:
        where.append("conflict IS NOT NULL")
    sql = (f"SELECT source_id || '/' || source_record_id AS record_id, "
           f"{', '.join(EDIT_COLUMNS[1:])} FROM edit"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY edited_at DESC")
    return con.execute(sql, params).df()


def source_edits(con: duckdb.DuckDBPyConnection, source_id: str) -> pd.DataFrame:
    """Every ``edit`` row of one source, all columns (to copy into another store)."""
    return con.execute("SELECT * FROM edit WHERE source_id = ?", [source_id]).df()


def add_edits(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """Append ``edit`` rows as :func:`source_edits` returns them."""
    with registered(con, _edits=rows):
        con.execute("INSERT INTO edit SELECT * FROM _edits")


def services_of(con: duckdb.DuckDBPyConnection, table: str, record_ids: list[str]) -> list[str]:
    """The services these records are: the services themselves, or those at these locations."""
    sql = _SERVICES_OF["service" if table == "service" else "location"]
    return sorted(str(r[0]) for r in con.execute(sql, [record_ids]).fetchall())


_SERVICES_OF = {
    "service": pg_variant("SELECT id FROM service WHERE list_contains(?, id)",
                          "SELECT id FROM service WHERE id = ANY(%s)"),
    "location": pg_variant("SELECT DISTINCT service_id FROM service_at_location "
                           "WHERE list_contains(?, location_id)",
                           "SELECT DISTINCT service_id FROM service_at_location "
                           "WHERE location_id = ANY(%s)")}


def virtual_values(con: duckdb.DuckDBPyConnection, table: str, field: str,
                   record_ids: list[str]) -> dict[str, str]:
    """record id -> JSON value of a field kept only as an edit (``closed_until``,
    ``alert_until``), for these records."""
    rows = con.execute(_VIRTUAL_VALUES, [table, field, record_ids]).fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


_VIRTUAL_VALUES = pg_variant(
    "SELECT source_id || '/' || source_record_id, value FROM edit "
    "WHERE table_name = ? AND field = ? AND value IS NOT NULL "
    "AND list_contains(?, source_id || '/' || source_record_id)",
    "SELECT source_id || '/' || source_record_id, value FROM edit "
    "WHERE table_name = %s AND field = %s AND value IS NOT NULL "
    "AND source_id || '/' || source_record_id = ANY(%s)")
