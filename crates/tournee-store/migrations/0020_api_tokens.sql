-- Issue 14, « REST API (/api/v1) »: the tokens other programs call the API with, and the
-- idempotency keys of their creations.
--
-- A token is created by the admin in the back office (« Jetons d'API ») and shown once:
-- only the SHA-256 of its 256-bit random secret is kept (a secret that long needs no
-- slow hash: nobody guesses it, and a stolen table gives nothing to try offline). It
-- carries its owner's role and the policy (the owner is who the API reads and writes as),
-- plus its own scopes per entity, which can only narrow what the owner may do.

CREATE TABLE api_token (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    owner         TEXT NOT NULL REFERENCES app_user (windows_user),
    secret_sha256 TEXT NOT NULL UNIQUE,          -- hex of SHA-256 of the secret
    scopes_json   TEXT NOT NULL,                 -- {"party": "write", "client": "read", …}
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT,                          -- RFC 3339 UTC; NULL: never
    revoked_at    TEXT,
    last_used_at  TEXT
);

-- A creation sent with `Idempotency-Key`: the same key from the same token answers the
-- first outcome again instead of creating twice; `request_sha256` tells a replay from a
-- different request reusing the key. `status` is NULL while the first request runs.
CREATE TABLE api_idempotency (
    token_id       INTEGER NOT NULL REFERENCES api_token (id) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    status         INTEGER,
    response_json  TEXT,
    record_id      TEXT,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (token_id, key)
) WITHOUT ROWID;
