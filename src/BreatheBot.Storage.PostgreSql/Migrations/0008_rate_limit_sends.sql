-- Migration 8: counted sends (RateBucket.Counted), for limits that must hold however late a request travels: a row per
-- granted request and scope, counted from its grant until a window after the platform answered it (counted_until;
-- released once answered), or until its hold passes when its node died before the answer. A take counts the scope's
-- rows with counted_until still ahead, under the scope's rate_limits row lock. UNLOGGED as rate_limits (migration 6):
-- after a crash the table starts empty. Rows a minute past counted_until are deleted by the nodes' sweep.
CREATE UNLOGGED TABLE rate_limit_sends (
    scope text NOT NULL,
    holder bigint NOT NULL,
    counted_until timestamptz NOT NULL,
    released boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scope, holder)
);

CREATE INDEX rate_limit_sends_counted ON rate_limit_sends (scope, counted_until);
