-- PLACEHOLDER on branch telegram-attempts only, so that 0007 follows 1..6 without a gap: the real 0005_rate_limits.sql
-- comes from branch rate-limits (take theirs at the merge).
SELECT 1;
