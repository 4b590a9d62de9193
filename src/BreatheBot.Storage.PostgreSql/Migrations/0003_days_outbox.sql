-- Migration 3: daily check-in days, the durable reply outbox, and the conversation's outbox sequence.

-- The last outbox sequence written for a conversation (StoredConversation.OutboxSequence); 0 for rows from before.
ALTER TABLE conversations ADD COLUMN outbox_seq bigint NOT NULL DEFAULT 0;

-- One check-in answer per person and local day: a second answer replaces the first. "headache" is the DayHeadache name.
CREATE TABLE days (
    user_key text NOT NULL,
    day date NOT NULL,
    headache text NOT NULL,
    answered_at timestamptz NOT NULL,
    PRIMARY KEY (user_key, day)
);

-- Replies written in the turn's transaction, deleted once the platform confirmed them. "conversation" is the key
-- ("platform:chat:user"); user_key and is_channel are split out of it so /forget finds a person's unsent replies by index.
-- "chat" is the ChatKind name (as in conversations); "payload" is the core's versioned JSON, opaque here.
CREATE TABLE outbox (
    id text PRIMARY KEY,
    conversation text NOT NULL,
    user_key text NOT NULL,
    is_channel boolean NOT NULL,
    chat text NOT NULL,
    seq bigint NOT NULL,
    payload text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX outbox_order ON outbox (conversation, seq);
CREATE INDEX outbox_user_key ON outbox (user_key) WHERE NOT is_channel;
