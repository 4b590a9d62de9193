-- Migration 4: cluster mode. Each outbox row names the node that committed it (PostgreSqlNodeLease.Id); a live node
-- holds an advisory lock on its id, so rows of a node whose lock is gone are orphaned and claimed by a live node.
-- 0 = no node (rows from before this migration, or copied): any node claims them.
ALTER TABLE outbox ADD COLUMN node integer NOT NULL DEFAULT 0;
CREATE INDEX outbox_node ON outbox (node);
