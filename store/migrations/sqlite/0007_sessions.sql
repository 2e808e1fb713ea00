-- Desk sessions, so that a restart or a second instance keeps users signed
-- in. Tokens are random (scs); data is the session's encoded values.
CREATE TABLE sessions (
    token  TEXT    PRIMARY KEY,
    data   BLOB    NOT NULL,
    expiry INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);
