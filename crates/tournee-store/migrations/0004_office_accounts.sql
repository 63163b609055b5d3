-- Schema version 4: back-office accounts and sessions. Reps do not log in here (their
-- identity is their laptop's); the accountant, admins and later managers do.

CREATE TABLE office_account (
    login                TEXT PRIMARY KEY,
    display_name         TEXT NOT NULL,
    email                TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('admin', 'accountant')),
    password_hash        TEXT NOT NULL, -- argon2id, PHC string
    must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    locked_until         TEXT,
    created_at           TEXT NOT NULL,
    last_login_at        TEXT
);

-- Only a hash of the session token is stored: a stolen database opens no session.
CREATE TABLE office_session (
    token_sha256 TEXT PRIMARY KEY,
    login        TEXT NOT NULL REFERENCES office_account (login),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX office_session_by_login ON office_session (login);
