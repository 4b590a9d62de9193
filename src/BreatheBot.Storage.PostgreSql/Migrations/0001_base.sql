-- Migration 1: the base tables. Instants are timestamptz (UTC); the state, episode and profile bodies are JSON written
-- by BreatheBot (see Documents.cs), with the columns that queries filter or sort on kept beside them.

-- One row per conversation; a turn locks its row (SELECT ... FOR UPDATE) so turns of one conversation run in order
-- across nodes. "state" is json, not jsonb: the state's "$step" discriminator must stay the first property.
CREATE TABLE conversations (
    key text PRIMARY KEY,
    user_key text NOT NULL,
    is_channel boolean NOT NULL,
    chat text NOT NULL,
    step text NOT NULL,
    v integer NOT NULL,
    state json NOT NULL,
    updated_at timestamptz NOT NULL,
    wake_at timestamptz NULL,
    recent_delivery_ids text[] NOT NULL
);

CREATE TABLE episodes (
    id text PRIMARY KEY,
    user_key text NOT NULL,
    conversation_key text NOT NULL,
    started_at timestamptz NOT NULL,
    v integer NOT NULL,
    body jsonb NOT NULL
);

CREATE TABLE profiles (
    user_key text PRIMARY KEY,
    v integer NOT NULL,
    body jsonb NOT NULL
);

-- An account linked to a person ("platform:user" -> "platform:user").
CREATE TABLE identities (
    account text PRIMARY KEY,
    person text NOT NULL
);

CREATE TABLE link_codes (
    code text PRIMARY KEY,
    person text NOT NULL,
    expires_at timestamptz NOT NULL
);
