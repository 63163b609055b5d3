-- Devices enrolled for the built-in HTTPS transport, and the one-time codes that enroll them.

-- A laptop's key pair: the server keeps the public half. A user with any row here
-- (revoked ones included) must sign every change file, whatever carries it.
CREATE TABLE device (
    device_id    TEXT PRIMARY KEY,            -- ULID given at enrollment
    user         TEXT NOT NULL,               -- the rep (user mapping's Windows login)
    name         TEXT NOT NULL,               -- what the laptop called itself (host name)
    public_key   TEXT NOT NULL UNIQUE,        -- Ed25519, base64
    enrolled_at  TEXT NOT NULL,
    revoked_at   TEXT,                        -- set: its files and requests are refused
    last_seen_at TEXT,
    last_counter INTEGER NOT NULL DEFAULT 0   -- highest request counter seen (replays refused)
) WITHOUT ROWID;
CREATE INDEX device_by_user ON device (user);

-- A one-time enrollment code, shown once to the admin who created it.
CREATE TABLE enrollment_code (
    code_id         TEXT PRIMARY KEY,         -- first group of the code, the lookup key
    secret          TEXT NOT NULL,            -- the rest: the HMAC key of the laptop's proof
    user            TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    used_at         TEXT,
    device_id       TEXT,
    failed_attempts INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
