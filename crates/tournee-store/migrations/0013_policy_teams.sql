-- Issue 13, step 2: the policy, the roles and the teams live in the master, edited by the
-- admin in the back office (docs/policy.md).

-- The policy in force: one row, the complete `PolicyDocument` JSON the admin saved, who
-- saved it (back-office login) and when. No row: brief 003's default (Policy::default).
CREATE TABLE policy (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    document   TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

-- Each app user's role, a `tournee_core::Role` code. The admin flag stays for the code that
-- reads it (snapshots, statistics): the triggers below keep `is_admin = (role = 'admin')`
-- whichever of the two a statement writes.
ALTER TABLE app_user ADD COLUMN role TEXT NOT NULL DEFAULT 'rep'
    CHECK (role IN ('admin', 'manager', 'rep', 'observer', 'accountant'));
UPDATE app_user SET role = CASE WHEN is_admin = 1 THEN 'admin' ELSE 'rep' END;

-- A new row: the flag wins when set, else an explicit admin role sets the flag.
CREATE TRIGGER app_user_role_on_insert AFTER INSERT ON app_user
WHEN (NEW.is_admin = 1) <> (NEW.role = 'admin')
BEGIN
    UPDATE app_user
    SET role = CASE WHEN NEW.is_admin = 1 THEN 'admin' ELSE role END,
        is_admin = CASE WHEN NEW.is_admin = 1 THEN 1 ELSE (NEW.role = 'admin') END
    WHERE windows_user = NEW.windows_user;
END;

-- The flag changed: an admin's role follows; a former admin becomes a rep, another role stays.
CREATE TRIGGER app_user_role_follows_flag AFTER UPDATE OF is_admin ON app_user
WHEN NEW.is_admin IS NOT OLD.is_admin AND (NEW.is_admin = 1) <> (NEW.role = 'admin')
BEGIN
    UPDATE app_user
    SET role = CASE WHEN NEW.is_admin = 1 THEN 'admin' ELSE 'rep' END
    WHERE windows_user = NEW.windows_user;
END;

-- The role changed: the flag follows.
CREATE TRIGGER app_user_flag_follows_role AFTER UPDATE OF role ON app_user
WHEN NEW.role IS NOT OLD.role AND (NEW.is_admin = 1) <> (NEW.role = 'admin')
BEGIN
    UPDATE app_user SET is_admin = (NEW.role = 'admin') WHERE windows_user = NEW.windows_user;
END;

-- Teams: a manager leads one, reps belong to one (or several).
CREATE TABLE team (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100)
);

-- Memberships; a leader is a member who leads (`leads` = 1).
CREATE TABLE team_member (
    team_id      INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    windows_user TEXT NOT NULL REFERENCES app_user (windows_user) ON DELETE CASCADE,
    leads        INTEGER NOT NULL DEFAULT 0 CHECK (leads IN (0, 1)),
    PRIMARY KEY (team_id, windows_user)
);
CREATE INDEX team_member_by_user ON team_member (windows_user);
