-- 004: the coordinator tables (003) are watched like the directory's (002): an edit, a bed
-- report, a review decision or a duplicate decision bumps the directory version at its
-- commit, so every app server re-reads its search snapshot (bed counts and merged
-- duplicates are on the specialist's cards). Frozen once released.

SELECT watch_directory_table(t::regclass) FROM unnest(ARRAY[
    'edit', 'audit_log', 'bed_update', 'proposal', 'review_policy',
    'duplicate_decision']) AS t;
