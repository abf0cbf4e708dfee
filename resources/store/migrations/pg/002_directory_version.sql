-- 002: the directory's version, watched by every app server (docs/deploy.md).
-- Frozen once released: a later change is a new file (003_...sql).
--
-- One row, `directory_version.version`, bumped once per write transaction by statement-level
-- triggers (AFTER INSERT/UPDATE/DELETE/TRUNCATE ... FOR EACH STATEMENT) on the directory's
-- tables; the same trigger sends pg_notify('directory_changed', version). PostgreSQL delivers
-- a notification when the transaction commits, so a server that hears of a change can
-- already read it; and every writer (a load, an edit, a restore) bumps it without doing
-- anything. A server re-reads its search snapshot when the version differs from the one
-- its snapshot was read at (resources/store/pg.py, DirectoryWatcher).
--
-- Only the first write statement of a transaction updates the row (`xact` remembers which
-- transaction bumped it last). It first takes the advisory lock loads and derives take, and
-- both are held to the commit: write transactions on the directory run one after the other
-- from their first write on, and always take the lock before the row.

CREATE TABLE directory_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),  -- one row
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    xact xid8  -- the transaction that bumped it last
);
INSERT INTO directory_version (id, version) VALUES (true, 1);

CREATE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bumped bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM directory_version WHERE xact = pg_current_xact_id()) THEN
        RETURN NULL;  -- this transaction bumped it already
    END IF;
    -- the lock loads and derives take (resources/store/pg.py, _LOAD_LOCK), before the row:
    -- every writer takes the two in this order, so a writer holding the row never waits for
    -- a load holding the lock while that load waits for the row (a deadlock)
    PERFORM pg_advisory_xact_lock(2300231);
    UPDATE directory_version SET version = version + 1, changed_at = now(),
                                 xact = pg_current_xact_id()
     WHERE id
    RETURNING version INTO bumped;
    PERFORM pg_notify('directory_changed', bumped::text);
    RETURN NULL;
END
$$;

-- A table whose rows a search reads is watched by one call (a later migration adding such a
-- table, e.g. the coordinators' beds, calls it too): SELECT watch_directory_table('name');
CREATE FUNCTION watch_directory_table(t regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER directory_changed AFTER INSERT OR UPDATE OR DELETE OR '
                   'TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION '
                   'bump_directory_version()', t);
END
$$;

SELECT watch_directory_table(t::regclass) FROM unnest(ARRAY[
    'source', 'load_issue', 'load_history', 'source_measure', 'boundary',
    'hours_records', 'hours_zones', 'hours_weekly', 'hours_dated', 'hours_unclear',
    'organization', 'program', 'service', 'service_at_location', 'location', 'address',
    'phone', 'schedule', 'service_area', 'language', 'accessibility', 'taxonomy',
    'taxonomy_term', 'attribute', 'contact', 'cost_option', 'funding',
    'required_document', 'organization_identifier']) AS t;
