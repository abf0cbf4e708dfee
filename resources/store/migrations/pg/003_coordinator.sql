-- 003: the coordinator tables (resources/store/coord_sql.py's COORD_DDL) on PostgreSQL:
-- local edits, the append-only audit log, bed reports, proposals, review policies, duplicate
-- decisions. (002 is the directory-version row.) Frozen once released.

CREATE TABLE IF NOT EXISTS edit (
    source_id text NOT NULL,
    source_record_id text NOT NULL,
    table_name text NOT NULL,
    field text NOT NULL,
    value text,
    source_value text,
    conflict_value text,
    conflict text,
    edited_by text NOT NULL,
    edited_at timestamptz NOT NULL,
    PRIMARY KEY (source_id, source_record_id, table_name, field)
);
CREATE SEQUENCE IF NOT EXISTS audit_seq;
CREATE TABLE IF NOT EXISTS audit_log (
    seq bigint PRIMARY KEY DEFAULT nextval('audit_seq'),
    logged_at timestamptz NOT NULL,
    user_name text NOT NULL,
    action text NOT NULL,
    table_name text,
    record_id text,
    field text,
    before text,
    after text,
    note text
);
CREATE INDEX IF NOT EXISTS audit_log_record ON audit_log (record_id);
CREATE TABLE IF NOT EXISTS bed_update (
    source_id text NOT NULL,
    source_record_id text NOT NULL,
    table_name text NOT NULL,
    beds_available integer NOT NULL,
    beds_total integer,
    note text,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS proposal_seq;
CREATE TABLE IF NOT EXISTS proposal (
    id bigint PRIMARY KEY DEFAULT nextval('proposal_seq'),
    table_name text NOT NULL,
    record_id text NOT NULL,
    record_name text,
    changes text NOT NULL,
    before text NOT NULL,
    proposed_by text NOT NULL,
    proposed_at timestamptz NOT NULL,
    status text NOT NULL,
    decided_by text,
    decided_at timestamptz,
    reason text
);
CREATE TABLE IF NOT EXISTS review_policy (
    organization_id text NOT NULL,
    kind text NOT NULL,
    set_by text NOT NULL,
    set_at timestamptz NOT NULL,
    PRIMARY KEY (organization_id, kind)
);
CREATE TABLE IF NOT EXISTS duplicate_decision (
    table_name text NOT NULL,
    a_source_id text NOT NULL, a_record_id text NOT NULL,
    b_source_id text NOT NULL, b_record_id text NOT NULL,
    decision text NOT NULL,
    keep text,
    decided_by text NOT NULL,
    decided_at timestamptz NOT NULL,
    note text,
    PRIMARY KEY (table_name, a_source_id, a_record_id, b_source_id, b_record_id)
);
-- an edit reads and locks its record by (source_id, source_record_id)
CREATE INDEX IF NOT EXISTS service_record ON service (source_id, source_record_id);
CREATE INDEX IF NOT EXISTS location_record ON location (source_id, source_record_id);
CREATE INDEX IF NOT EXISTS edit_record ON edit (table_name, source_id, source_record_id);
