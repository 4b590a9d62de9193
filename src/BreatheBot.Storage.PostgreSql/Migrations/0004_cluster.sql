-- Migration 4 is the lead's (cluster turns, outbox nodes, timers), landing on main separately. This placeholder only
-- keeps the numbering gap-free on the rate-limits branch (migration 5); at the merge, take main's 0004_cluster.sql.
SELECT 1;
