"""The store's schema: HSDS 3.0 tables (same table and field names) plus provenance.

Every HSDS table gets three provenance columns (``source_id``, ``source_record_id``,
``source_row``) so each record can be traced back to the file and row it came from.
Extensions beyond HSDS are marked ``ext=True`` and listed as such in docs/data-model.md.

The schema is data: :data:`TABLES` drives the DDL, the loaders' type conversion,
the docs field table and the HSDS export.
"""

from __future__ import annotations

from dataclasses import dataclass

from resources.geo.zips import ZIP_TABLE as ZIPS_PARQUET
from resources.store.boundaries_sql import BOUNDARY_DDL
from resources.store.coord_sql import COORD_DDL
from resources.store.hours_sql import HOURS_DDL

# 4: hours_unclear (the times an OSM record leaves unclear) and search_postings; a store
# derived before them would read those times as closed, so it is rebuilt, not patched
SCHEMA_VERSION = 4

# packaged ZIP centroids (scripts/derive_zip_centroids.py), read by SQL and by the loaders
ZIP_TABLE = ZIPS_PARQUET


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "VARCHAR"
    doc: str = ""
    ext: bool = False  # not an HSDS 3.0 field: one of ours


def _c(name: str, type_: str = "VARCHAR", doc: str = "", ext: bool = False) -> Column:
    return Column(name, type_, doc, ext)


PROVENANCE = [
    _c("source_id", doc="the `source` this record was loaded from", ext=True),
    _c("source_record_id", doc="the record's id (or row key) in its source file", ext=True),
    _c("source_row", "INTEGER", "1-based data row number in the source file", ext=True),
]

HSDS_TABLES: dict[str, list[Column]] = {
    "organization": [
        _c("id"), _c("name"), _c("alternate_name"), _c("description"), _c("email"),
        _c("website"), _c("tax_status"), _c("tax_id"), _c("year_incorporated", "INTEGER"),
        _c("legal_status"), _c("logo"), _c("uri"), _c("parent_organization_id"),
    ],
    "program": [
        _c("id"), _c("organization_id"), _c("name"), _c("alternate_name"), _c("description"),
    ],
    "service": [
        _c("id"), _c("organization_id"), _c("program_id"), _c("name"), _c("alternate_name"),
        _c("description"), _c("url"), _c("email"),
        _c("status", doc="active | inactive | defunct | temporarily closed"),
        _c("interpretation_services"), _c("application_process"), _c("fees_description"),
        _c("wait_time"), _c("fees"), _c("accreditations"), _c("eligibility_description"),
        _c("minimum_age", "DOUBLE"), _c("maximum_age", "DOUBLE"),
        _c("assured_date", "DATE", "date the record was last verified"),
        _c("assurer_email"), _c("licenses"), _c("alert"), _c("last_modified", "TIMESTAMP"),
        _c("categories", "VARCHAR[]", "our need categories (resources/data/needs.yaml ids)", True),
        _c("do_not_refer", "BOOLEAN", "kept but never offered (e.g. 'Active, but do not refer')", True),
        _c("is_private", "BOOLEAN", "never shown (source marked it private/confidential)", True),
        _c("hours_text", doc="original free-text hours, verbatim", ext=True),
        _c("hours_format", doc="format of hours_text: text | osm | linksf | hsds", ext=True),
    ],
    "service_at_location": [
        _c("id"), _c("service_id"), _c("location_id"), _c("description"),
    ],
    "location": [
        _c("id"), _c("location_type"), _c("url"), _c("organization_id"), _c("name"),
        _c("alternate_name"), _c("description"), _c("transportation"),
        _c("latitude", "DOUBLE"), _c("longitude", "DOUBLE"),
        _c("external_identifier"), _c("external_identifier_type"),
        _c("geom", "GEOMETRY", "point (lon, lat), EPSG:4326; NULL when unknown", True),
        _c("geo_precision", doc="exact | centroid (of an area) | zip (ZIP centroid) | city | none", ext=True),
        _c("timezone", doc="IANA zone from the point, e.g. America/Denver", ext=True),
        _c("hours_text", doc="original free-text hours of the location, verbatim", ext=True),
        _c("hours_format", doc="format of hours_text: text | osm | linksf | hsds", ext=True),
        _c("is_private", "BOOLEAN", "confidential location (e.g. DV shelter): address hidden, "
           "point shown only coarsely (ZIP centroid or area)", True),
    ],
    "address": [
        _c("id"), _c("location_id"), _c("attention"), _c("address_1"), _c("address_2"),
        _c("city"), _c("region"), _c("state_province"), _c("postal_code"), _c("country"),
        _c("address_type", doc="physical | postal | virtual"),
        _c("is_private", "BOOLEAN", "confidential address: shown to coordinators only "
           "(a private physical address makes its location confidential)", True),
    ],
    "phone": [
        _c("id"), _c("location_id"), _c("service_id"), _c("organization_id"), _c("contact_id"),
        _c("service_at_location_id"), _c("number"), _c("extension", "VARCHAR"),
        _c("type", doc="text | voice | fax | cell | video | pager | textphone"), _c("description"),
        _c("is_private", "BOOLEAN", "confidential number: shown to coordinators only", True),
    ],
    "schedule": [
        _c("id"), _c("service_id"), _c("location_id"), _c("service_at_location_id"),
        _c("valid_from", "DATE"), _c("valid_to", "DATE"), _c("dtstart", "DATE"),
        _c("timezone", "DOUBLE", "UTC offset in hours, as HSDS 3.0 defines it"),
        _c("until", "DATE"), _c("count", "INTEGER"), _c("wkst"), _c("freq"),
        _c("interval", "INTEGER"), _c("byday"), _c("byweekno"), _c("bymonthday"),
        _c("byyearday"), _c("description"), _c("opens_at"), _c("closes_at"),
        _c("schedule_link"), _c("attending_type"), _c("notes"),
    ],
    "service_area": [
        _c("id"), _c("service_id"), _c("name"), _c("description"), _c("extent"),
        _c("extent_type"), _c("uri"),
        _c("geom", "GEOMETRY", "the area's extent when known (EPSG:4326)", True),
        _c("coverage_kind", doc="national | state | county | zip | polygon | mixed | text", ext=True),
        _c("coverage_codes", "VARCHAR[]", "state codes, county FIPS or ZIPs covered (mixed: state:/county:/zip: prefixes)", True),
    ],
    "language": [
        _c("id"), _c("service_id"), _c("location_id"), _c("phone_id"), _c("name"), _c("code"),
        _c("note"),
    ],
    "accessibility": [
        _c("id"), _c("location_id"), _c("description"), _c("details"), _c("url"),
    ],
    "taxonomy": [
        _c("id"), _c("name"), _c("description"), _c("uri"), _c("version"),
    ],
    "taxonomy_term": [
        _c("id"), _c("code"), _c("name"), _c("description"), _c("parent_id"), _c("taxonomy"),
        _c("language"), _c("taxonomy_id"), _c("term_uri"),
    ],
    "attribute": [
        _c("id"), _c("link_id"), _c("taxonomy_term_id"), _c("link_type"), _c("link_entity"),
        _c("value"),
    ],
    "contact": [
        _c("id"), _c("organization_id"), _c("service_id"), _c("service_at_location_id"),
        _c("location_id"), _c("name"), _c("title"), _c("department"), _c("email"),
    ],
    "cost_option": [
        _c("id"), _c("service_id"), _c("valid_from", "DATE"), _c("valid_to", "DATE"),
        _c("option"), _c("currency"), _c("amount", "DOUBLE"), _c("amount_description"),
    ],
    "funding": [
        _c("id"), _c("organization_id"), _c("service_id"), _c("source"),
    ],
    "required_document": [
        _c("id"), _c("service_id"), _c("document"), _c("uri"),
    ],
    "organization_identifier": [
        _c("id"), _c("organization_id"), _c("identifier_scheme"), _c("identifier_type"),
        _c("identifier"),
    ],
}

# Columns that hold ids of other records: namespaced per source like `id` itself.
ID_COLUMNS = {
    "id", "organization_id", "program_id", "service_id", "location_id", "contact_id",
    "service_at_location_id", "phone_id", "taxonomy_term_id", "taxonomy_id", "parent_id",
    "parent_organization_id", "link_id",
}

# Tables whose records a coordinator thinks of as "records" (diffed on re-load).
DIFFED_TABLES = ("organization", "service", "location")

# what a loader knew of its source that the records cannot tell afterwards
# (resources/store/searchability_sql.py)
MEASURE_DDL = """
CREATE TABLE IF NOT EXISTS source_measure (
    source_id VARCHAR NOT NULL,      -- the `source`
    measure VARCHAR NOT NULL,        -- e.g. service_rows: source rows that describe a service
    value BIGINT
);
"""

SYSTEM_DDL = """
CREATE TABLE IF NOT EXISTS schema_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS source (
    id VARCHAR PRIMARY KEY,          -- short name chosen at load time (default: file stem)
    kind VARCHAR NOT NULL,           -- loader kind, e.g. hsds3-csv
    path VARCHAR,                    -- the file or folder loaded
    sha256 VARCHAR,                  -- of the file (or of all files in the folder, in order)
    loaded_at TIMESTAMPTZ NOT NULL,
    rows_read INTEGER,
    rows_flagged INTEGER,
    rows_rejected INTEGER,
    title VARCHAR,
    notes VARCHAR
);
CREATE TABLE IF NOT EXISTS load_issue (
    source_id VARCHAR NOT NULL,
    file VARCHAR,
    row_number INTEGER,              -- 1-based data row (header excluded); NULL = whole file
    record_id VARCHAR,
    field VARCHAR,
    value VARCHAR,
    problem VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,       -- error (row rejected) | warning (row kept, flagged) | info
    loaded_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS load_history (
    source_id VARCHAR NOT NULL, loaded_at TIMESTAMPTZ NOT NULL, sha256 VARCHAR,
    table_name VARCHAR NOT NULL, added INTEGER, changed INTEGER, removed INTEGER
);
"""


# Spatial (R-tree) indexes of the HSDS tables: table -> index name (on ``geom``).
RTREE_INDEXES = {"location": "location_geom_rtree", "service_area": "service_area_geom_rtree"}


def rtree_ddl(table: str) -> str:
    return (f'CREATE INDEX IF NOT EXISTS {RTREE_INDEXES[table]} ON "{table}" '
            "USING RTREE (geom);")


# Lookup (ART) indexes: table -> the id columns a record is read by, its own id or the id of
# the record it hangs on (the API's ``/services/{id}`` reads a service's phones, schedules,
# languages ... by ``service_id``). Without them each lookup scans its table: about 20 ms a
# table at 1M locations. A bulk write suspends them and builds them again after its
# transaction (:mod:`resources.store.lookup_sql`): DuckDB maintains an ART row by row, and
# deleting many indexed rows in one transaction is very slow.
LOOKUP_INDEXES: dict[str, tuple[str, ...]] = {
    "organization": ("id",),
    "program": ("id", "organization_id"),
    "service": ("id", "organization_id"),
    "service_at_location": ("id", "service_id"),
    "location": ("id", "organization_id"),
    "address": ("location_id",),
    "phone": ("service_id", "location_id", "organization_id", "service_at_location_id"),
    "schedule": ("service_id", "location_id", "service_at_location_id"),
    "service_area": ("service_id",),
    "language": ("service_id", "location_id"),
    "accessibility": ("location_id",),
    "taxonomy": ("id",),
    "taxonomy_term": ("id",),
    "attribute": ("link_id",),
    "contact": ("organization_id", "service_id", "service_at_location_id", "location_id"),
    "cost_option": ("service_id",),
    "funding": ("organization_id", "service_id"),
    "required_document": ("service_id",),
    "organization_identifier": ("organization_id",),
}


def lookup_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_lookup"


def lookup_ddl(table: str) -> list[str]:
    """CREATE INDEX statements (idempotent) of ``table``'s lookup indexes."""
    return [f'CREATE INDEX IF NOT EXISTS {lookup_index_name(table, c)} ON "{table}" ("{c}");'
            for c in LOOKUP_INDEXES.get(table, ())]


def all_columns(table: str) -> list[Column]:
    """The HSDS columns of ``table`` followed by the provenance columns."""
    return [*HSDS_TABLES[table], *PROVENANCE, _c("record_hash", "UBIGINT", ext=True)]


def table_ddl(table: str) -> str:
    cols = ",\n    ".join(f'"{c.name}" {c.type}' for c in all_columns(table))
    return f'CREATE TABLE IF NOT EXISTS "{table}" (\n    {cols}\n);'


def ddl() -> str:
    """All CREATE statements (idempotent)."""
    parts = [SYSTEM_DDL, MEASURE_DDL, HOURS_DDL, COORD_DDL]
    parts += [table_ddl(t) for t in HSDS_TABLES]
    parts += [rtree_ddl(t) for t in RTREE_INDEXES]
    parts += [sql for t in LOOKUP_INDEXES for sql in lookup_ddl(t)]
    parts.append(BOUNDARY_DDL)  # reference layers (state/county polygons), see boundaries_sql.py
    return "\n".join(parts)
