-- 005: which tables each write changed, so an app server re-reads only those (docs/deploy.md).
-- Frozen once released: a later change is a new file.
--
-- Every bump of the directory version (002) now also draws a random `stamp`, and every
-- write statement on a watched table records that stamp against the table in
-- `table_version`. A server whose search snapshot holds a table at the stamp it has now
-- keeps that table from its snapshot; only the tables with another stamp are read again
-- (resources/store/pg.py, PgStore.snapshot). A stamp is random, not a count: a directory
-- restored from a backup, or another database's, never matches a stamp it did not write.
-- A table with no row here (never written since this migration) is always read again.

ALTER TABLE directory_version ADD COLUMN stamp uuid;

CREATE TABLE table_version (
    table_schema text NOT NULL,
    table_name text NOT NULL,
    stamp uuid NOT NULL,     -- directory_version.stamp of the last transaction that wrote it
    version bigint NOT NULL, -- the directory version it was written at (for people)
    PRIMARY KEY (table_schema, table_name)
);

CREATE OR REPLACE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bumped bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM directory_version WHERE xact = pg_current_xact_id()) THEN
        -- the lock loads and derives take, before the row (see 002: no deadlock)
        PERFORM pg_advisory_xact_lock(2300231);
        UPDATE directory_version SET version = version + 1, changed_at = now(),
                                     xact = pg_current_xact_id(), stamp = gen_random_uuid()
         WHERE id
        RETURNING version INTO bumped;
        PERFORM pg_notify('directory_changed', bumped::text);
    END IF;
    INSERT INTO table_version (table_schema, table_name, stamp, version)
    SELECT TG_TABLE_SCHEMA, TG_TABLE_NAME, d.stamp, d.version FROM directory_version d
    ON CONFLICT (table_schema, table_name) DO UPDATE
       SET stamp = EXCLUDED.stamp, version = EXCLUDED.version
     WHERE table_version.stamp IS DISTINCT FROM EXCLUDED.stamp;
    RETURN NULL;
END
$$;

-- The derived tables (search and hotline indexes, the full-text index's tables) are made by
-- the program (resources/store/pg.py, _replace_derived), which watches each one it makes;
-- those made before this migration are watched here.
SELECT watch_directory_table(format('%I.%I', d.table_schema, d.table_name)::regclass)
  FROM (SELECT DISTINCT table_schema, table_name FROM derived_column) d
 WHERE to_regclass(format('%I.%I', d.table_schema, d.table_name)) IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = to_regclass(format('%I.%I', d.table_schema, d.table_name))
                      AND tgname = 'directory_changed');

-- The audit log is append-only (003 says so; now PostgreSQL holds it to that): a snapshot
-- holding its rows up to some `seq` reads only the rows after it, not the whole history,
-- after every edit. A purge of old entries is a decision for the database's owner: disable
-- the trigger for it; a snapshot that then finds fewer rows reads the log again whole.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_not_truncated BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
