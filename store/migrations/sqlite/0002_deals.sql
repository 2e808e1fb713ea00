-- A workspace's policy (its TOML text, validated before it is stored) and
-- its deals (the negotiation state as the deal file holds it, in JSON).
CREATE TABLE policies (
    workspace_id INTEGER PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    body         TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE deals (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    lead_id      INTEGER REFERENCES leads (id) ON DELETE SET NULL,
    title        TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    data         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX deals_workspace ON deals (workspace_id, id DESC);
