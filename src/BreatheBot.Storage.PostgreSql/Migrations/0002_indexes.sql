-- Migration 2: the indexes behind the queries: wake-ups to re-arm (and, later, to sweep), a person's conversations
-- (forget), a person's history newest first, linked accounts and link codes by person.
CREATE INDEX conversations_wake_at ON conversations (wake_at) WHERE wake_at IS NOT NULL;
CREATE INDEX conversations_user_key ON conversations (user_key) WHERE NOT is_channel;
CREATE INDEX episodes_history ON episodes (user_key, started_at DESC, id DESC);
CREATE INDEX identities_person ON identities (person);
CREATE INDEX link_codes_person ON link_codes (person);
