-- The desk's first tables: workspaces, their users, clients and leads.
-- Times are Unix milliseconds (UTC) in both dialects.
CREATE TABLE workspaces (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id  BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email         TEXT   NOT NULL UNIQUE,
    name          TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE clients (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id   BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name           TEXT   NOT NULL,
    email          TEXT   NOT NULL DEFAULT '',
    kind           TEXT   NOT NULL DEFAULT '',
    language       TEXT   NOT NULL DEFAULT 'en',
    source         TEXT   NOT NULL DEFAULT '',
    sophistication TEXT   NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL
);
CREATE INDEX clients_workspace ON clients (workspace_id, id);

CREATE TABLE leads (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    client_id    BIGINT REFERENCES clients (id) ON DELETE SET NULL,
    source       TEXT   NOT NULL DEFAULT '',
    inquiry      TEXT   NOT NULL,
    language     TEXT   NOT NULL,
    verdict      TEXT   NOT NULL,
    score        INTEGER NOT NULL,
    screening    TEXT   NOT NULL,
    status       TEXT   NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'declined', 'converted')),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX leads_workspace ON leads (workspace_id, id DESC);
