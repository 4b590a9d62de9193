-- Migration 7: failed attempts at handling one platform delivery (a Telegram update), counted by every node together
-- (PostgreSqlDeliveryAttempts): a webhook retry lands on any node, and the update is given up after
-- Telegram:MaxUpdateAttempts failures in all, not per node. A row exists only while a delivery has failed and is not
-- yet handled; rows older than a day are deleted by the next write (an hourly DELETE, no index needed: few rows).
CREATE TABLE delivery_attempts (
    platform text NOT NULL,
    delivery_id text NOT NULL,
    failures integer NOT NULL,
    last_failed_at timestamptz NOT NULL,
    PRIMARY KEY (platform, delivery_id)
);
