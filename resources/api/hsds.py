"""HSDS 3.0 JSON records from the store: the shapes of the OpenAPI document's responses.

A record's columns are the HSDS columns the export writes (:func:`export_sql.hsds_columns`),
typed for JSON (dates as ISO text, timestamps in UTC with ``Z``, numbers as numbers); a
missing value is left out. Required fields the source did not give are present and empty,
except the enumerations: a service without a status is ``active`` (the way the search reads
it), a location or address without a type ``physical``. Related rows are nested as in the
compiled schemas (``service.json``: phones, schedules, service_at_locations with their
location ...). Rows a partner may not see are dropped (:class:`api_sql.Hidden`).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import duckdb

from resources.api.ids import hsds_id
from resources.store import api_sql
from resources.store.api_sql import Hidden
from resources.store.schema import HSDS_TABLES, ID_COLUMNS

# required by the HSDS 3.0 schemas: the value when the source gave none
_REQUIRED = {
    "service": {"name": "", "status": "active"},
    "organization": {"name": "", "description": ""},
    "program": {"name": "", "description": ""},
    "location": {"location_type": "physical"},
    "address": {"address_1": "", "city": "", "state_province": "", "postal_code": "",
                "country": "", "address_type": "physical"},
    "phone": {"number": ""},
    "taxonomy": {"name": "", "description": ""},
    "taxonomy_term": {"name": "", "description": ""},
    "organization_identifier": {"identifier_type": "", "identifier": ""},
}
_ENUMS = {("service", "status"): ("active", "inactive", "defunct", "temporarily closed"),
          ("location", "location_type"): ("physical", "postal", "virtual"),
          ("address", "address_type"): ("physical", "postal", "virtual"),
          ("schedule", "freq"): ("WEEKLY", "MONTHLY"),
          ("schedule", "wkst"): ("MO", "TU", "WE", "TH", "FR", "SA", "SU")}
# fields HSDS gives a format: a value not in that format (an 'email' that says "use
# linkedin", a website without its scheme) is left out, or given its scheme
_EMAILS = {("service", "email"), ("service", "assurer_email"), ("organization", "email"),
           ("contact", "email")}
_URIS = {("service", "url"), ("organization", "website"), ("organization", "uri"),
         ("location", "url"), ("accessibility", "url"), ("required_document", "uri"),
         ("schedule", "schedule_link"), ("taxonomy", "uri"), ("taxonomy_term", "term_uri")}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$")
_DOMAIN = re.compile(r"^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+(/[^\s]*)?$")
_NUMBERS = {(t, c.name) for t, cols in HSDS_TABLES.items() for c in cols
            if c.type in ("DOUBLE", "INTEGER")} | {("phone", "extension")}
# one-to-many properties every nested record carries (empty when there are none)
_ARRAYS = {t: [p for p, _t, _c in children] for t, children in api_sql.CHILDREN.items()}


def _value(table: str, column: str, value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        text = value.isoformat()
        return text + "Z" if value.tzinfo is None else text
    if isinstance(value, date):
        return value.isoformat()
    if column in ID_COLUMNS:
        return hsds_id(str(value))
    if (table, column) in _NUMBERS:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None  # an extension like 'x12' is not an HSDS number: left out
        return int(number) if number.is_integer() else number
    text = (value if isinstance(value, str) else str(value)).strip()
    if (table, column) in _EMAILS:
        return text if _EMAIL.match(text) else None
    if (table, column) in _URIS:
        if _URI.match(text):
            return text
        return f"http://{text}" if _DOMAIN.match(text) else None
    return value if isinstance(value, str) else str(value)


def clean(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """One row as HSDS JSON: typed values, ids as UUIDs, nothing missing left as null. The
    store's row stays under ``_raw`` while records are nested (:func:`public` drops it)."""
    out: dict[str, Any] = {"_raw": row}
    for column, raw in row.items():
        if column.startswith("_"):
            continue
        value = _value(table, column, raw)
        allowed = _ENUMS.get((table, column))
        if allowed and isinstance(value, str):
            value = value.upper() if table == "schedule" else value.lower()
            value = value if value in allowed else None
        if value is not None:
            out[column] = value
    for column, default in _REQUIRED.get(table, {}).items():
        out.setdefault(column, default)
    return out


def public(node: Any) -> Any:
    """The records without the store's rows kept for nesting."""
    if isinstance(node, dict):
        return {k: public(v) for k, v in node.items() if not k.startswith("_")}
    if isinstance(node, list):
        return [public(v) for v in node]
    return node


def _raw(record: dict[str, Any], column: str = "id") -> Any:
    return record["_raw"].get(column)


class Records:
    """Nested HSDS records of one store, for one caller (what they may see)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, hidden: Hidden,
                 empty: frozenset[str] = frozenset()):
        self.con = con
        self.hidden = hidden
        self.empty = empty  # tables without rows: never queried

    def _visible(self, table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rows if not self.hidden.hides(table, r)]

    def by_id(self, table: str, ids: list[str]) -> list[dict[str, Any]]:
        """Visible rows of ``table`` with these ids, cleaned, in the order of ``ids``."""
        rows = {r["id"]: r for r in self._visible(table, api_sql.records_by_id(self.con, table,
                                                                                ids))}
        return [clean(table, rows[i]) for i in dict.fromkeys(ids) if i in rows]

    def _nest(self, parent: str, records: list[dict[str, Any]]) -> None:
        """Attach the one-to-many rows of ``parent`` records (in place)."""
        ids = [_raw(r) for r in records]
        found = api_sql.children(self.con, parent, ids, self.empty)
        for prop, table, _column in api_sql.CHILDREN[parent]:
            rows = self._visible(table, found.get(prop, []))
            per: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                per.setdefault(row["_parent"], []).append(row)
            cleaned = {pid: [clean(table, r) for r in group] for pid, group in per.items()}
            nested = [r for group in cleaned.values() for r in group]
            if table == "location":
                self._nest("location", nested)
            elif table == "service_at_location":
                self._sal_locations(nested)
            elif table == "attribute":
                self._terms(nested)
            else:
                for r in nested:
                    r.setdefault("attributes", [])
            for r in nested:
                r.setdefault("metadata", [])
            for record in records:
                record[prop] = cleaned.get(_raw(record), [])
        for record in records:
            record.setdefault("metadata", [])

    def _terms(self, attributes: list[dict[str, Any]]) -> None:
        ids = [_raw(a, "taxonomy_term_id") for a in attributes if _raw(a, "taxonomy_term_id")]
        terms = {_raw(t): t for t in self.by_id("taxonomy_term", ids)}
        for a in attributes:
            if _raw(a, "taxonomy_term_id") in terms:
                a["taxonomy_term"] = terms[_raw(a, "taxonomy_term_id")]

    def _sal_locations(self, sals: list[dict[str, Any]]) -> None:
        self._nest("service_at_location", sals)
        locations = self.locations([_raw(s, "location_id") for s in sals
                                    if _raw(s, "location_id")])
        by_id = {_raw(loc): loc for loc in locations}
        for sal in sals:
            if _raw(sal, "location_id") in by_id:
                sal["location"] = by_id[_raw(sal, "location_id")]

    def locations(self, ids: list[str]) -> list[dict[str, Any]]:
        records = self.by_id("location", list(dict.fromkeys(ids)))
        self._nest("location", records)
        return records

    def _one_to_one(self, records: list[dict[str, Any]], column: str, table: str,
                    prop: str) -> None:
        ids = [_raw(r, column) for r in records if _raw(r, column)]
        if not ids or table in self.empty:
            return
        found = {_raw(r): r for r in self.by_id(table, ids)}
        for record in records:
            if _raw(record, column) in found:
                record[prop] = found[_raw(record, column)]

    def services(self, ids: list[str]) -> list[dict[str, Any]]:
        """Fully nested services (``compiled/service.json``), in the order of ``ids``."""
        records = self.by_id("service", ids)
        self._nest("service", records)
        self._one_to_one(records, "organization_id", "organization", "organization")
        self._one_to_one(records, "program_id", "program", "program")
        return records

    def service_list_items(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Services of a list page (``compiled/service_list.json``): one-to-one fields, with
        their organization and program."""
        records = [clean("service", r) for r in rows]
        self._one_to_one(records, "organization_id", "organization", "organization")
        self._one_to_one(records, "program_id", "program", "program")
        return records

    def service_at_locations(self, ids: list[str]) -> list[dict[str, Any]]:
        """Fully nested service-at-locations: their location and service nested."""
        records = self.by_id("service_at_location", ids)
        self._sal_locations(records)
        services = {_raw(s): s for s in self.services(
            [_raw(r, "service_id") for r in records if _raw(r, "service_id")])}
        for record in records:
            if _raw(record, "service_id") in services:
                record["service"] = services[_raw(record, "service_id")]
        return records

    def service_at_location_list_items(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        records = [clean("service_at_location", r) for r in rows]
        self._one_to_one(records, "location_id", "location", "location")
        self._one_to_one(records, "service_id", "service", "service")
        return records

    def organizations(self, ids: list[str], *, full_service: bool = False,
                      ) -> list[dict[str, Any]]:
        """Fully nested organizations with their services (ids and names, or full)."""
        records = self.by_id("organization", ids)
        self._nest("organization", records)
        rows = api_sql.services_of(self.con, [_raw(r) for r in records])
        per: dict[str, list[str]] = {}
        for org, sid in rows:
            if not self.hidden.hides("service", {"id": sid}):
                per.setdefault(org, []).append(sid)
        wanted = [s for group in per.values() for s in group]
        services = {_raw(s): s for s in (self.services(wanted) if full_service
                                         else self.by_id("service", wanted))}
        for record in records:
            record["services"] = [services[s] for s in per.get(_raw(record), []) if s in services]
        return records
