-- 001: the resources schema on PostgreSQL/PostGIS, as of store schema version 4
-- (resources/store/schema.py). Frozen once released: a later change is a new file
-- (002_...sql), applied in order by `resources init`; tests/test_pg_store.py checks that the
-- tables these files make have the columns schema.py declares.

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE schema_info (key text PRIMARY KEY, value text);
CREATE TABLE source (
    id text PRIMARY KEY, kind text NOT NULL, path text, sha256 text,
    loaded_at timestamptz NOT NULL, rows_read integer, rows_flagged integer,
    rows_rejected integer, title text, notes text
);
CREATE TABLE load_issue (
    source_id text NOT NULL, file text, row_number integer, record_id text, field text,
    value text, problem text NOT NULL, severity text NOT NULL, loaded_at timestamptz NOT NULL
);
CREATE INDEX load_issue_source ON load_issue (source_id);
CREATE TABLE load_history (
    source_id text NOT NULL, loaded_at timestamptz NOT NULL, sha256 text,
    table_name text NOT NULL, added integer, changed integer, removed integer
);
CREATE TABLE source_measure (source_id text NOT NULL, measure text NOT NULL, value bigint);

-- hours (resources/store/hours_sql.py): derived per source after each load
CREATE TABLE hours_records (
    rid bigint PRIMARY KEY, service_id text, location_id text, zone text,
    parse_status text NOT NULL, mode text NOT NULL DEFAULT 'weekly', dated_from date,
    dated_to date, appointment_only boolean DEFAULT false,
    closed_on_holidays boolean DEFAULT false, source_format text, source_text text,
    unparsed text
);
CREATE TABLE hours_zones (zid smallint PRIMARY KEY, zone text NOT NULL UNIQUE);
CREATE TABLE hours_weekly (
    rid bigint NOT NULL, service_id text, location_id text, zone text, zid smallint,
    wk_start integer NOT NULL, wk_end integer NOT NULL
);
CREATE TABLE hours_dated (
    rid bigint NOT NULL, service_id text, location_id text, zone text, zid smallint,
    local_day date NOT NULL, start_min integer NOT NULL, end_min integer NOT NULL
);
CREATE TABLE hours_unclear (LIKE hours_dated);
CREATE INDEX hours_records_service ON hours_records (service_id);
CREATE INDEX hours_weekly_service ON hours_weekly (service_id);
CREATE INDEX hours_dated_service ON hours_dated (service_id);
CREATE INDEX hours_unclear_service ON hours_unclear (service_id);

-- reference layers (resources/store/boundaries_sql.py)
CREATE TABLE boundary (
    kind text NOT NULL, code text NOT NULL, state_fips text, name text,
    geom geometry(Geometry, 4326), PRIMARY KEY (kind, code)
);
CREATE INDEX boundary_geom_gist ON boundary USING gist (geom);

-- The derived tables whose shape follows the program's DuckDB SQL (search_index,
-- search_text, search_postings, hotline_index, the full-text index's tables): written by
-- each load, their DuckDB column types kept here (resources/store/pg.py).
CREATE TABLE derived_column (
    table_schema text NOT NULL, table_name text NOT NULL, position integer NOT NULL,
    column_name text NOT NULL, duckdb_type text NOT NULL,
    PRIMARY KEY (table_schema, table_name, position)
);

-- the HSDS 3.0 tables (+ provenance, record_hash)
CREATE TABLE "organization" (
    "id" text,
    "name" text,
    "alternate_name" text,
    "description" text,
    "email" text,
    "website" text,
    "tax_status" text,
    "tax_id" text,
    "year_incorporated" integer,
    "legal_status" text,
    "logo" text,
    "uri" text,
    "parent_organization_id" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX organization_source ON "organization" (source_id);
CREATE INDEX organization_id_lookup ON "organization" ("id");
CREATE TABLE "program" (
    "id" text,
    "organization_id" text,
    "name" text,
    "alternate_name" text,
    "description" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX program_source ON "program" (source_id);
CREATE INDEX program_id_lookup ON "program" ("id");
CREATE INDEX program_organization_id_lookup ON "program" ("organization_id");
CREATE TABLE "service" (
    "id" text,
    "organization_id" text,
    "program_id" text,
    "name" text,
    "alternate_name" text,
    "description" text,
    "url" text,
    "email" text,
    "status" text,
    "interpretation_services" text,
    "application_process" text,
    "fees_description" text,
    "wait_time" text,
    "fees" text,
    "accreditations" text,
    "eligibility_description" text,
    "minimum_age" double precision,
    "maximum_age" double precision,
    "assured_date" date,
    "assurer_email" text,
    "licenses" text,
    "alert" text,
    "last_modified" timestamp,
    "categories" text[],
    "do_not_refer" boolean,
    "is_private" boolean,
    "hours_text" text,
    "hours_format" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX service_source ON "service" (source_id);
CREATE INDEX service_id_lookup ON "service" ("id");
CREATE INDEX service_organization_id_lookup ON "service" ("organization_id");
CREATE TABLE "service_at_location" (
    "id" text,
    "service_id" text,
    "location_id" text,
    "description" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX service_at_location_source ON "service_at_location" (source_id);
CREATE INDEX service_at_location_id_lookup ON "service_at_location" ("id");
CREATE INDEX service_at_location_service_id_lookup ON "service_at_location" ("service_id");
CREATE TABLE "location" (
    "id" text,
    "location_type" text,
    "url" text,
    "organization_id" text,
    "name" text,
    "alternate_name" text,
    "description" text,
    "transportation" text,
    "latitude" double precision,
    "longitude" double precision,
    "external_identifier" text,
    "external_identifier_type" text,
    "geom" geometry(Point, 4326),
    "geo_precision" text,
    "timezone" text,
    "hours_text" text,
    "hours_format" text,
    "is_private" boolean,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX location_source ON "location" (source_id);
CREATE INDEX location_id_lookup ON "location" ("id");
CREATE INDEX location_organization_id_lookup ON "location" ("organization_id");
CREATE TABLE "address" (
    "id" text,
    "location_id" text,
    "attention" text,
    "address_1" text,
    "address_2" text,
    "city" text,
    "region" text,
    "state_province" text,
    "postal_code" text,
    "country" text,
    "address_type" text,
    "is_private" boolean,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX address_source ON "address" (source_id);
CREATE INDEX address_location_id_lookup ON "address" ("location_id");
CREATE TABLE "phone" (
    "id" text,
    "location_id" text,
    "service_id" text,
    "organization_id" text,
    "contact_id" text,
    "service_at_location_id" text,
    "number" text,
    "extension" text,
    "type" text,
    "description" text,
    "is_private" boolean,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX phone_source ON "phone" (source_id);
CREATE INDEX phone_service_id_lookup ON "phone" ("service_id");
CREATE INDEX phone_location_id_lookup ON "phone" ("location_id");
CREATE INDEX phone_organization_id_lookup ON "phone" ("organization_id");
CREATE INDEX phone_service_at_location_id_lookup ON "phone" ("service_at_location_id");
CREATE TABLE "schedule" (
    "id" text,
    "service_id" text,
    "location_id" text,
    "service_at_location_id" text,
    "valid_from" date,
    "valid_to" date,
    "dtstart" date,
    "timezone" double precision,
    "until" date,
    "count" integer,
    "wkst" text,
    "freq" text,
    "interval" integer,
    "byday" text,
    "byweekno" text,
    "bymonthday" text,
    "byyearday" text,
    "description" text,
    "opens_at" text,
    "closes_at" text,
    "schedule_link" text,
    "attending_type" text,
    "notes" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX schedule_source ON "schedule" (source_id);
CREATE INDEX schedule_service_id_lookup ON "schedule" ("service_id");
CREATE INDEX schedule_location_id_lookup ON "schedule" ("location_id");
CREATE INDEX schedule_service_at_location_id_lookup ON "schedule" ("service_at_location_id");
CREATE TABLE "service_area" (
    "id" text,
    "service_id" text,
    "name" text,
    "description" text,
    "extent" text,
    "extent_type" text,
    "uri" text,
    "geom" geometry(Geometry, 4326),
    "coverage_kind" text,
    "coverage_codes" text[],
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX service_area_source ON "service_area" (source_id);
CREATE INDEX service_area_service_id_lookup ON "service_area" ("service_id");
CREATE TABLE "language" (
    "id" text,
    "service_id" text,
    "location_id" text,
    "phone_id" text,
    "name" text,
    "code" text,
    "note" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX language_source ON "language" (source_id);
CREATE INDEX language_service_id_lookup ON "language" ("service_id");
CREATE INDEX language_location_id_lookup ON "language" ("location_id");
CREATE TABLE "accessibility" (
    "id" text,
    "location_id" text,
    "description" text,
    "details" text,
    "url" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX accessibility_source ON "accessibility" (source_id);
CREATE INDEX accessibility_location_id_lookup ON "accessibility" ("location_id");
CREATE TABLE "taxonomy" (
    "id" text,
    "name" text,
    "description" text,
    "uri" text,
    "version" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX taxonomy_source ON "taxonomy" (source_id);
CREATE INDEX taxonomy_id_lookup ON "taxonomy" ("id");
CREATE TABLE "taxonomy_term" (
    "id" text,
    "code" text,
    "name" text,
    "description" text,
    "parent_id" text,
    "taxonomy" text,
    "language" text,
    "taxonomy_id" text,
    "term_uri" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX taxonomy_term_source ON "taxonomy_term" (source_id);
CREATE INDEX taxonomy_term_id_lookup ON "taxonomy_term" ("id");
CREATE TABLE "attribute" (
    "id" text,
    "link_id" text,
    "taxonomy_term_id" text,
    "link_type" text,
    "link_entity" text,
    "value" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX attribute_source ON "attribute" (source_id);
CREATE INDEX attribute_link_id_lookup ON "attribute" ("link_id");
CREATE TABLE "contact" (
    "id" text,
    "organization_id" text,
    "service_id" text,
    "service_at_location_id" text,
    "location_id" text,
    "name" text,
    "title" text,
    "department" text,
    "email" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX contact_source ON "contact" (source_id);
CREATE INDEX contact_organization_id_lookup ON "contact" ("organization_id");
CREATE INDEX contact_service_id_lookup ON "contact" ("service_id");
CREATE INDEX contact_service_at_location_id_lookup ON "contact" ("service_at_location_id");
CREATE INDEX contact_location_id_lookup ON "contact" ("location_id");
CREATE TABLE "cost_option" (
    "id" text,
    "service_id" text,
    "valid_from" date,
    "valid_to" date,
    "option" text,
    "currency" text,
    "amount" double precision,
    "amount_description" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX cost_option_source ON "cost_option" (source_id);
CREATE INDEX cost_option_service_id_lookup ON "cost_option" ("service_id");
CREATE TABLE "funding" (
    "id" text,
    "organization_id" text,
    "service_id" text,
    "source" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX funding_source ON "funding" (source_id);
CREATE INDEX funding_organization_id_lookup ON "funding" ("organization_id");
CREATE INDEX funding_service_id_lookup ON "funding" ("service_id");
CREATE TABLE "required_document" (
    "id" text,
    "service_id" text,
    "document" text,
    "uri" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX required_document_source ON "required_document" (source_id);
CREATE INDEX required_document_service_id_lookup ON "required_document" ("service_id");
CREATE TABLE "organization_identifier" (
    "id" text,
    "organization_id" text,
    "identifier_scheme" text,
    "identifier_type" text,
    "identifier" text,
    "source_id" text,
    "source_record_id" text,
    "source_row" integer,
    "record_hash" numeric(20)
);
CREATE INDEX organization_identifier_source ON "organization_identifier" (source_id);
CREATE INDEX organization_identifier_organization_id_lookup ON "organization_identifier" ("organization_id");
CREATE INDEX location_geom_gist ON location USING gist (geom);
CREATE INDEX service_area_geom_gist ON service_area USING gist (geom);
INSERT INTO schema_info VALUES ('schema_version', '4');
