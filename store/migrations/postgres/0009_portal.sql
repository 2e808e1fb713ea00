-- The client's side (issue 6): proposals as sent (the document and the
-- quote with its options, frozen), private portal links per deal (only a
-- hash of the secret is kept), every client action on the portal with its
-- time and address, the calendar feed's secret, and the e-mail sent and
-- received, by Message-ID, to match replies to their deal.
CREATE TABLE proposals (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id      BIGINT  NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    language     TEXT    NOT NULL,
    quote        TEXT    NOT NULL,
    doc          TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    UNIQUE (deal_id, version)
);

CREATE TABLE portal_links (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id      BIGINT  NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    revoked_at   BIGINT ,
    last_seen_at BIGINT 
);
CREATE INDEX portal_links_deal ON portal_links (workspace_id, deal_id);

CREATE TABLE portal_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id      BIGINT  NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    link_id      BIGINT  NOT NULL REFERENCES portal_links (id) ON DELETE CASCADE,
    action       TEXT    NOT NULL,
    detail       TEXT    NOT NULL DEFAULT '',
    ip           TEXT    NOT NULL,
    at           BIGINT  NOT NULL
);
CREATE INDEX portal_events_deal ON portal_events (workspace_id, deal_id, id);

CREATE TABLE calendar_feeds (
    workspace_id BIGINT PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE mail_messages (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id      BIGINT  REFERENCES deals (id) ON DELETE CASCADE,
    lead_id      BIGINT  REFERENCES leads (id) ON DELETE CASCADE,
    direction    TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    message_id   TEXT    NOT NULL,
    kind         TEXT    NOT NULL DEFAULT '',
    address      TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    at           BIGINT  NOT NULL,
    UNIQUE (workspace_id, message_id)
);
CREATE INDEX mail_messages_address ON mail_messages (workspace_id, address, id);
