-- Migration 6: platform rate limits shared by every node (PostgreSqlSharedRateLimits).
-- One row per scope ("telegram:global", "telegram:chat:<id>", "discord:global", ...): a token bucket (tokens as of
-- refilled_at; its rate and burst come with each request) and the end of a platform 429's wait (blocked_until).
-- UNLOGGED: every take writes its row, and a bucket needs no WAL, no fsync and no replica; after a crash (or on a
-- promoted standby) the table starts empty, which only means full buckets and no pending waits.
-- A row idle for 10 minutes is a full bucket with nothing blocked: the nodes delete such rows now and then.
CREATE UNLOGGED TABLE rate_limits (
    scope text PRIMARY KEY,
    tokens double precision NOT NULL,
    refilled_at timestamptz NOT NULL,
    blocked_until timestamptz NOT NULL DEFAULT '-infinity'
);

CREATE INDEX rate_limits_refilled_at ON rate_limits (refilled_at);
