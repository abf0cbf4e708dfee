"""Coordinator tables: local edits, the audit log, bed counts, duplicate decisions.

All of them are keyed by ``(source_id, source_record_id, table_name)`` (never by the
namespaced ``id``), so they survive a re-import of the source: the record id in the store
is always ``<source_id>/<source_record_id>``.

Values in ``edit`` and ``audit_log`` are JSON text (a string, a number, a list of phones,
an address object ...), so one column holds every editable field.
"""

from __future__ import annotations

import duckdb

from resources.store.dialect import pg_variant

COORD_DDL = """
CREATE TABLE IF NOT EXISTS edit (
    source_id VARCHAR NOT NULL,
    source_record_id VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,       -- service | location
    field VARCHAR NOT NULL,            -- see resources.coordinator.fields.FIELDS
    value VARCHAR,                     -- JSON: the coordinator's value (re-applied after loads)
    source_value VARCHAR,              -- JSON: the source's value when the edit was made
    conflict_value VARCHAR,            -- JSON: a newer, different source value (a conflict)
    conflict VARCHAR,                  -- NULL | changed | removed
    edited_by VARCHAR NOT NULL,
    edited_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_id, source_record_id, table_name, field)
);
CREATE SEQUENCE IF NOT EXISTS audit_seq;
CREATE TABLE IF NOT EXISTS audit_log (  -- append-only: nothing updates or deletes rows
    seq BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    logged_at TIMESTAMPTZ NOT NULL,
    user_name VARCHAR NOT NULL,
    action VARCHAR NOT NULL,           -- edit | verify | revert | resolve | beds | import | duplicate
    table_name VARCHAR,
    record_id VARCHAR,                 -- namespaced id <source>/<id>, or a source id for imports
    field VARCHAR,
    before VARCHAR,                    -- JSON
    after VARCHAR,                     -- JSON
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS bed_update (  -- one row per report; the newest per record counts
    source_id VARCHAR NOT NULL,
    source_record_id VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,       -- service (a shelter program) | location (a site)
    beds_available INTEGER NOT NULL,
    beds_total INTEGER,
    note VARCHAR,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS proposal_seq;
CREATE TABLE IF NOT EXISTS proposal (  -- an editor's change, waiting for an approver
    id BIGINT PRIMARY KEY DEFAULT nextval('proposal_seq'),
    table_name VARCHAR NOT NULL,       -- service | location
    record_id VARCHAR NOT NULL,        -- namespaced id <source>/<id>
    record_name VARCHAR,               -- the record's name when proposed (for the review list)
    changes VARCHAR NOT NULL,          -- JSON: field -> proposed value (validated)
    before VARCHAR NOT NULL,           -- JSON: field -> value when proposed (conflict check)
    proposed_by VARCHAR NOT NULL,
    proposed_at TIMESTAMPTZ NOT NULL,
    status VARCHAR NOT NULL,           -- pending | approved | rejected | conflict
    decided_by VARCHAR,
    decided_at TIMESTAMPTZ,
    reason VARCHAR                     -- why rejected, or what changed meanwhile (conflict)
);
CREATE TABLE IF NOT EXISTS review_policy (  -- kinds of change that go live without review
    organization_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- closure | alert | beds
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, kind)
);
CREATE TABLE IF NOT EXISTS duplicate_decision (
    table_name VARCHAR NOT NULL,       -- service
    a_source_id VARCHAR NOT NULL, a_record_id VARCHAR NOT NULL,  -- (a) < (b), always
    b_source_id VARCHAR NOT NULL, b_record_id VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,         -- merge | apart
    keep VARCHAR,                      -- a | b: the record shown when merged
    decided_by VARCHAR NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL,
    note VARCHAR,
    PRIMARY KEY (table_name, a_source_id, a_record_id, b_source_id, b_record_id)
);
"""

COORD_TABLES = ("edit", "audit_log", "bed_update", "duplicate_decision", "proposal",
                "review_policy")

# Namespaced ids of services merged into another record (hidden from search results).
MERGED_AWAY_SQL = """
SELECT CASE keep WHEN 'a' THEN b_source_id || '/' || b_record_id
                 ELSE a_source_id || '/' || a_record_id END AS service_id
FROM duplicate_decision WHERE decision = 'merge' AND table_name = 'service'
"""

# For the search-index build: ``WHERE ... AND {NOT_MERGED_AWAY}`` (service alias ``s``).
NOT_MERGED_AWAY = f"s.id NOT IN ({MERGED_AWAY_SQL})"

# Hours a coordinator typed replace the source's schedule rows for that record: the rows of
# an edited service, or the location-wide rows of an edited location, are not read (the
# edited text is). Without this a structured schedule from the source kept deciding "open"
# after a coordinator had corrected the hours.
EDITED_HOURS_SQL = """
SELECT table_name, source_id || '/' || source_record_id AS record_id FROM edit
WHERE field = 'hours_text' AND value IS NOT NULL AND value <> 'null'
"""


def schedule_in_force(alias: str) -> str:
    """SQL condition: schedule row ``alias`` is not replaced by a coordinator's hours text."""
    return f"""NOT EXISTS (SELECT 1 FROM ({EDITED_HOURS_SQL}) edited
        WHERE (edited.table_name = 'service' AND edited.record_id = {alias}.service_id)
           OR (edited.table_name = 'location' AND {alias}.service_id IS NULL
               AND edited.record_id = {alias}.location_id))"""


# The newest bed report per record, with its age.
LATEST_BEDS_SQL = """
SELECT table_name, source_id || '/' || source_record_id AS record_id, beds_available,
       beds_total, note, updated_at, updated_by
FROM bed_update
QUALIFY row_number() OVER (PARTITION BY source_id, source_record_id, table_name
                           ORDER BY updated_at DESC) = 1
"""


# On PostgreSQL the migration 003_coordinator makes them: nothing to do.
_ENSURE_COORD = pg_variant(COORD_DDL, "SELECT 1")


def ensure_coord_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the coordinator tables in a store built before they existed (idempotent)."""
    con.execute(_ENSURE_COORD)


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def split_id(record_id: str) -> tuple[str, str]:
    """``<source>/<record>`` -> (source, record); the record part may itself hold '/'."""
    source, sep, rest = record_id.partition("/")
    if not sep or not source or not rest:
        raise ValueError(f"{record_id!r} is not a store id (<source>/<id>)")
    return source, rest
