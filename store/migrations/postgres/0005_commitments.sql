-- Promises both ways (P2): what is due, by whom, by when, and whether it
-- was kept; and the prepaid stages of an agreed deal (M6).
CREATE TABLE commitments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id      BIGINT REFERENCES deals (id) ON DELETE CASCADE,
    owner        TEXT NOT NULL CHECK (owner IN ('me', 'client')),
    what         TEXT NOT NULL,
    due_at       BIGINT NOT NULL,
    done_at      BIGINT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX commitments_due ON commitments (workspace_id, done_at, due_at);

CREATE TABLE stages (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id      BIGINT NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    amount       TEXT NOT NULL,
    currency     TEXT NOT NULL,
    due          TEXT NOT NULL,
    paid_at      BIGINT,
    delivered_at BIGINT,
    accepted_at  BIGINT,
    UNIQUE (deal_id, number)
);
CREATE INDEX stages_workspace ON stages (workspace_id, paid_at);
