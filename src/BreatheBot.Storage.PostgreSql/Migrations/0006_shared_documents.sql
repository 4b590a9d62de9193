-- PLACEHOLDER on branch telegram-attempts only, so that 0007 follows 1..6 without a gap: the real
-- 0006_shared_documents.sql comes from branch discord-cluster (take theirs at the merge).
SELECT 1;
