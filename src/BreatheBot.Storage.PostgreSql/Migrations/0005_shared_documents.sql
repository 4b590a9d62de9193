-- Migration 5: small named JSON documents shared by the nodes (ISharedDocuments), e.g. the Discord adapter's state
-- (gateway session to resume, Identify timestamps, guild channels). "body" is the owner's JSON, opaque here (text, so it
-- reads back byte for byte). An update locks the row from the read to the write.
CREATE TABLE shared_documents (
    name text PRIMARY KEY,
    body text NOT NULL,
    updated_at timestamptz NOT NULL
);
