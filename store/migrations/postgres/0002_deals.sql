-- A workspace's policy (its TOML text, validated before it is stored) and
-- its deals (the negotiation state as the deal file holds it, in JSON).
CREATE TABLE policies (
    workspace_id BIGINT PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    body         TEXT   NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE deals (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    lead_id      BIGINT REFERENCES leads (id) ON DELETE SET NULL,
    title        TEXT   NOT NULL,
    status       TEXT   NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    data         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX deals_workspace ON deals (workspace_id, id DESC);
