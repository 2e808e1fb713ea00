-- A deal's client (for the clients page: history, revenue, discounts,
-- concessions), the agreement log (C2: append-only versions of the terms,
-- each confirmed or not), change requests (R1), disputes (C1), planned
-- price changes and the rates each client last agreed to (M8).
ALTER TABLE deals ADD COLUMN client_id BIGINT REFERENCES clients (id) ON DELETE SET NULL;
CREATE INDEX deals_client ON deals (workspace_id, client_id, id);
-- A client is found by name without regard to case or spacing: the key is
-- written by the application (SQLite's LOWER knows only ASCII).
ALTER TABLE clients ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE clients SET name_key = LOWER(TRIM(name));
CREATE INDEX clients_name ON clients (workspace_id, name_key);

CREATE TABLE agreements (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id  BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id       BIGINT  NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    terms         TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    superseded_at BIGINT,
    confirmed_at  BIGINT,
    confirmed_via TEXT    NOT NULL DEFAULT '' CHECK (confirmed_via IN ('', 'portal', 'email')),
    confirmation  TEXT    NOT NULL DEFAULT '',
    UNIQUE (deal_id, version)
);
CREATE INDEX agreements_open ON agreements (workspace_id, superseded_at, confirmed_at, created_at);

-- A version's terms never change; it is confirmed once and superseded once.
CREATE FUNCTION agreements_append_only() RETURNS trigger AS $$
BEGIN
    IF NEW.workspace_id <> OLD.workspace_id OR NEW.deal_id <> OLD.deal_id OR NEW.version <> OLD.version
       OR NEW.terms <> OLD.terms OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'agreement versions are append-only';
    END IF;
    IF OLD.confirmed_at IS NOT NULL AND (NEW.confirmed_at IS DISTINCT FROM OLD.confirmed_at
       OR NEW.confirmed_via <> OLD.confirmed_via OR NEW.confirmation <> OLD.confirmation) THEN
        RAISE EXCEPTION 'an agreement version is confirmed once';
    END IF;
    IF OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at THEN
        RAISE EXCEPTION 'an agreement version is superseded once';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER agreements_frozen BEFORE UPDATE ON agreements FOR EACH ROW EXECUTE FUNCTION agreements_append_only();

CREATE TABLE change_requests (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id      BIGINT  NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    text         TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('defect', 'revision', 'new_work')),
    reason       TEXT    NOT NULL,
    price        TEXT    NOT NULL DEFAULT '',
    currency     TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL CHECK (status IN ('open', 'quoted', 'accepted', 'declined', 'done')),
    source       TEXT    NOT NULL DEFAULT 'desk' CHECK (source IN ('desk', 'portal', 'email')),
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
CREATE INDEX change_requests_deal ON change_requests (workspace_id, deal_id, id);

CREATE TABLE disputes (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id     BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    deal_id          BIGINT  NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    complaint        TEXT    NOT NULL,
    what_not_suits   TEXT    NOT NULL DEFAULT '',
    solutions        TEXT    NOT NULL DEFAULT '',
    mistake_admitted INTEGER NOT NULL DEFAULT 0,
    outcome          TEXT    NOT NULL DEFAULT '' CHECK (outcome IN ('', 'redo', 'partial_refund', 'full_refund', 'parted')),
    refund           TEXT    NOT NULL DEFAULT '',
    currency         TEXT    NOT NULL DEFAULT '',
    opened_at        BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    closed_at        BIGINT
);
CREATE INDEX disputes_deal ON disputes (workspace_id, deal_id, id);
CREATE UNIQUE INDEX disputes_one_open ON disputes (deal_id) WHERE closed_at IS NULL;

CREATE TABLE price_changes (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    client_id    BIGINT  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    service      TEXT    NOT NULL,
    old_rate     TEXT    NOT NULL,
    new_rate     TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    notice_on    TEXT    NOT NULL,
    effective_on TEXT    NOT NULL,
    renewal_on   TEXT    NOT NULL DEFAULT '',
    reason       TEXT    NOT NULL,
    letter       TEXT    NOT NULL,
    answer       TEXT    NOT NULL DEFAULT 'pending' CHECK (answer IN ('pending', 'accepted', 'declined')),
    created_at   BIGINT  NOT NULL,
    answered_at  BIGINT
);
CREATE INDEX price_changes_client ON price_changes (workspace_id, client_id, id);
CREATE INDEX price_changes_planned ON price_changes (workspace_id, answer, effective_on);

CREATE TABLE client_rates (
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    client_id    BIGINT  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    service      TEXT    NOT NULL,
    rate_minor   BIGINT  NOT NULL,
    currency     TEXT    NOT NULL,
    agreed_on    TEXT    NOT NULL,
    PRIMARY KEY (client_id, service)
);
CREATE INDEX client_rates_behind ON client_rates (workspace_id, service, currency, rate_minor);
