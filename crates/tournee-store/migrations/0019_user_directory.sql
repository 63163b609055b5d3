-- Issue 13, « One user directory »: a person has one account whatever their role. The app
-- user (the laptop's identity, ERP code, mail, name, role, teams) and the back-office
-- sign-in become one row of `app_user`, keyed by its login (`windows_user`).
--
-- Run with foreign keys off (the migrator turns them off for this version and runs
-- `PRAGMA foreign_key_check` before committing): `app_user` is rebuilt, and with foreign
-- keys on, dropping it would cascade into `team_member` and fail on the prospects and
-- requests that reference it.

-- 1. The directory, rebuilt: `erp_code` becomes optional (an accountant, an observer or an
--    admin without a laptop has none; no ERP code = no laptop, no snapshot); the sign-in
--    columns come from `office_account`. No password = cannot sign in to the back office.
CREATE TABLE app_user_0019 (
    windows_user         TEXT PRIMARY KEY,
    erp_code             TEXT UNIQUE CHECK (erp_code IS NULL OR length(erp_code) BETWEEN 1 AND 4),
    email                TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    is_admin             INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    role                 TEXT NOT NULL DEFAULT 'rep'
                         CHECK (role IN ('admin', 'manager', 'rep', 'observer', 'accountant')),
    password_hash        TEXT, -- argon2id, PHC string; NULL: no back-office sign-in
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    locked_until         TEXT,
    created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_login_at        TEXT
);

INSERT INTO app_user_0019 (windows_user, erp_code, email, display_name, is_admin, active, role)
SELECT windows_user, erp_code, email, display_name, is_admin, active, role FROM app_user;

-- 2. Every back-office account joins the directory.
--    Same login: the same person. The app user's data stays (ERP code, mail, name, teams);
--    the password and the sign-in state are the account's. The role is an open account's
--    (an accountant keeps her pages, an admin his) unless the app user is already an
--    admin; a closed account gives nothing. A closed account of an active app user keeps
--    the laptop working but loses its password: it could not sign in before, it cannot now.
UPDATE app_user_0019 SET
    role = CASE WHEN app_user_0019.role = 'admin' OR a.active = 0 THEN app_user_0019.role
                ELSE a.role END,
    password_hash = CASE WHEN a.active = 1 OR app_user_0019.active = 0 THEN a.password_hash END,
    must_change_password = a.must_change_password,
    failed_attempts = a.failed_attempts,
    locked_until = a.locked_until,
    created_at = a.created_at,
    last_login_at = a.last_login_at
FROM office_account AS a
WHERE a.login = app_user_0019.windows_user;

--    A login that is no app user: a user with its role (admin or accountant) and no ERP code.
INSERT INTO app_user_0019 (windows_user, erp_code, email, display_name, is_admin, active, role,
    password_hash, must_change_password, failed_attempts, locked_until, created_at, last_login_at)
SELECT login, NULL, email, display_name, role = 'admin', active, role,
    password_hash, must_change_password, failed_attempts, locked_until, created_at, last_login_at
FROM office_account
WHERE login NOT IN (SELECT windows_user FROM app_user);

DROP TABLE app_user;
ALTER TABLE app_user_0019 RENAME TO app_user;

-- The triggers of 0013 went with the old table: the same again (is_admin = role is admin).
CREATE TRIGGER app_user_role_on_insert AFTER INSERT ON app_user
WHEN (NEW.is_admin = 1) <> (NEW.role = 'admin')
BEGIN
    UPDATE app_user
    SET role = CASE WHEN NEW.is_admin = 1 THEN 'admin' ELSE role END,
        is_admin = CASE WHEN NEW.is_admin = 1 THEN 1 ELSE (NEW.role = 'admin') END
    WHERE windows_user = NEW.windows_user;
END;

CREATE TRIGGER app_user_role_follows_flag AFTER UPDATE OF is_admin ON app_user
WHEN NEW.is_admin IS NOT OLD.is_admin AND (NEW.is_admin = 1) <> (NEW.role = 'admin')
BEGIN
    UPDATE app_user
    SET role = CASE WHEN NEW.is_admin = 1 THEN 'admin' ELSE 'rep' END
    WHERE windows_user = NEW.windows_user;
END;

CREATE TRIGGER app_user_flag_follows_role AFTER UPDATE OF role ON app_user
WHEN NEW.role IS NOT OLD.role AND (NEW.is_admin = 1) <> (NEW.role = 'admin')
BEGIN
    UPDATE app_user SET is_admin = (NEW.role = 'admin') WHERE windows_user = NEW.windows_user;
END;

-- 3. Sessions belong to the directory's users; those of a closed account are ended.
CREATE TABLE office_session_0019 (
    token_sha256 TEXT PRIMARY KEY,
    login        TEXT NOT NULL REFERENCES app_user (windows_user) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
INSERT INTO office_session_0019
SELECT s.token_sha256, s.login, s.csrf_token, s.created_at, s.expires_at
FROM office_session s JOIN app_user u ON u.windows_user = s.login
WHERE u.password_hash IS NOT NULL;
DROP TABLE office_session;
ALTER TABLE office_session_0019 RENAME TO office_session;
CREATE INDEX office_session_by_login ON office_session (login);

-- 4. Nothing reads the old accounts any more.
DROP TABLE office_account;
