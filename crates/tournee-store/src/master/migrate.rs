//! Forward-only schema migrations of the master database.
//!
//! The schema version lives in SQLite's `user_version`. Each migration is one SQL
//! file under `migrations/`, applied in its own transaction together with the new
//! version number, so a crash leaves the database at one version or the next.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Result, StoreError};

/// Migrations in order; migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_master.sql"),
    include_str!("../../migrations/0002_failures_and_generations.sql"),
    include_str!("../../migrations/0003_mail_attempts.sql"),
    include_str!("../../migrations/0004_office_accounts.sql"),
    include_str!("../../migrations/0005_ledger_by_time.sql"),
    include_str!("../../migrations/0006_devices.sql"),
    include_str!("../../migrations/0007_field_kinds.sql"),
    include_str!("../../migrations/0008_trust.sql"),
    include_str!("../../migrations/0009_relation_kind.sql"),
    include_str!("../../migrations/0010_snapshot_changes.sql"),
    include_str!("../../migrations/0011_records.sql"),
    include_str!("../../migrations/0012_failure_detail_code.sql"),
    include_str!("../../migrations/0013_policy_teams.sql"),
    include_str!("../../migrations/0014_party_status.sql"),
    include_str!("../../migrations/0015_contact_import.sql"),
    include_str!("../../migrations/0016_erp_import.sql"),
    include_str!("../../migrations/0017_party_links.sql"),
    include_str!("../../migrations/0018_erp_export.sql"),
    include_str!("../../migrations/0019_user_directory.sql"),
    include_str!("../../migrations/0020_api_tokens.sql"),
    include_str!("../../migrations/0021_webhooks.sql"),
    include_str!("../../migrations/0022_opportunities.sql"),
    include_str!("../../migrations/0023_quotes.sql"),
    include_str!("../../migrations/0024_campaigns_meetings.sql"),
    include_str!("../../migrations/0026_follow_up_rules.sql"),
    include_str!("../../migrations/0029_erp_row_digest.sql"),
    include_str!("../../migrations/0030_report_indexes.sql"),
    include_str!("../../migrations/0031_party_pool.sql"),
    include_str!("../../migrations/0032_segments.sql"),
    include_str!("../../migrations/0033_pass_indexes.sql"),
];

/// The version whose migration adds `party.status`, backfilled in Rust (the lifecycle is
/// `tournee_core::status`, not SQL) in the migration's own transaction.
const PARTY_STATUS_VERSION: u32 = 14;

/// The version whose migration links parties to ERP clients and prospects; the parties of
/// the clients and prospects already there are created in Rust in its transaction.
const PARTY_LINKS_VERSION: u32 = 17;

/// The version whose migration rebuilds `app_user` into the one user directory: it runs
/// with foreign keys off (SQLite's table-rebuild procedure; with them on, dropping the old
/// table would cascade into `team_member`), and the keys are checked before it commits.
const USER_DIRECTORY_VERSION: u32 = 19;

/// Every table with a foreign key to `app_user` (or the session table rebuilt with it).
const REFERENCING_USERS: &[&str] = &[
    "prospect",
    "client_creation_request",
    "modification_request",
    "team_member",
    "office_session",
];

/// Latest schema version this build knows.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// Current `user_version` of the database.
pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Brings the database up to `target` (at most [`LATEST_VERSION`]); returns the versions applied.
pub fn migrate_to(conn: &mut Connection, target: u32) -> Result<Vec<u32>> {
    let found = schema_version(conn)?;
    if found > LATEST_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: LATEST_VERSION,
        });
    }
    let mut applied = Vec::new();
    for version in found..target.min(LATEST_VERSION) {
        let rebuild = version + 1 == USER_DIRECTORY_VERSION;
        // `PRAGMA foreign_keys` is a no-op inside a transaction: set it around this one.
        let keys_were_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if rebuild && keys_were_on {
            conn.pragma_update(None, "foreign_keys", "OFF")?;
        }
        let applied_one = apply(conn, version, rebuild);
        if rebuild && keys_were_on {
            conn.pragma_update(None, "foreign_keys", "ON")?;
        }
        applied_one?;
        applied.push(version + 1);
    }
    Ok(applied)
}

/// Applies migration `version` in its own transaction, with the new version number.
fn apply(conn: &mut Connection, version: u32, rebuild: bool) -> Result<()> {
    {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
        if rebuild {
            // The tables whose keys name the rebuilt ones (checked one by one: a violation
            // elsewhere, older than this migration, is not this migration's to judge).
            for table in REFERENCING_USERS {
                let broken: Option<String> = tx
                    .query_row(
                        "SELECT \"table\" FROM pragma_foreign_key_check(?1) LIMIT 1",
                        [table],
                        |r| r.get(0),
                    )
                    .optional()?;
                let Some(table) = broken else { continue };
                return Err(StoreError::StoredValue {
                    what: format!("migration {} ({table})", version + 1),
                    reason: "a foreign key no longer matches after the rebuild".to_string(),
                });
            }
        }
        if version + 1 == PARTY_STATUS_VERSION {
            let types = crate::master::params::Parameters::load(&tx)?.action_types;
            crate::records::refresh_all_statuses(&tx, &types)?;
        }
        if version + 1 == PARTY_LINKS_VERSION {
            let types = crate::master::params::Parameters::load(&tx)?.action_types;
            crate::parties::link_all(&tx, &types, chrono::Utc::now())?;
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Brings the database up to the latest schema.
pub fn migrate(conn: &mut Connection) -> Result<Vec<u32>> {
    migrate_to(conn, LATEST_VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_reaches_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        let applied = migrate(&mut conn).unwrap();
        assert_eq!(applied, (1..=LATEST_VERSION).collect::<Vec<_>>());
        assert_eq!(schema_version(&conn).unwrap(), LATEST_VERSION);
        assert!(
            migrate(&mut conn).unwrap().is_empty(),
            "second run applies nothing"
        );
    }

    #[test]
    fn version_one_database_with_data_migrates_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 1).unwrap();
            conn.execute(
                "INSERT INTO app_user (windows_user, erp_code, email, display_name) \
                 VALUES ('jdupont', 'JD01', 'jd@example.fr', 'Jean Dupont')",
                [],
            )
            .unwrap();
            let has_failures: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE name = 'integration_failure'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(has_failures, 0, "version 1 has no failure table yet");
        }
        let mut conn = Connection::open(&path).unwrap();
        assert_eq!(
            migrate(&mut conn).unwrap(),
            (2..=LATEST_VERSION).collect::<Vec<_>>()
        );
        let name: String = conn
            .query_row("SELECT display_name FROM app_user", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "Jean Dupont");
        conn.execute(
            "INSERT INTO integration_failure (user, file_name, reason, detail, failed_at) \
             VALUES ('jdupont', 'x.json', 'bad_json', 'd', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }

    #[test]
    fn a_profile_stored_before_the_format_kinds_gets_them() {
        use crate::master::params::Parameters;
        use tournee_core::{FieldKind, FieldProfile};
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 6).unwrap();
        // The profile as version 6 stored it: these columns were plain text or code; one
        // admin had made the fax free text on purpose (kind `code` here, left alone).
        let mut old = FieldProfile::annex2();
        for def in &mut old.fields {
            def.kind = match (def.name.as_str(), def.kind) {
                ("fax", _) => FieldKind::Code,
                (_, FieldKind::Iban | FieldKind::Bic) => FieldKind::Code,
                (_, FieldKind::Siret | FieldKind::VatNumber | FieldKind::Phone) => FieldKind::Text,
                (_, kind) => kind,
            };
        }
        conn.execute(
            "INSERT INTO parameter (key, value) VALUES ('field_profile', ?1), ('ch_due_days', '25')",
            [serde_json::to_string(&old).unwrap()],
        )
        .unwrap();
        assert_eq!(migrate_to(&mut conn, 7).unwrap(), vec![7]);
        let params = Parameters::load(&conn).unwrap();
        let kind = |name: &str| params.field_profile.field(name).unwrap().kind;
        assert_eq!(kind("contact_divers_1"), FieldKind::VatNumber);
        assert_eq!(kind("contact_divers_2"), FieldKind::Siret);
        assert_eq!(kind("tel_1"), FieldKind::Phone);
        assert_eq!(kind("tel_2"), FieldKind::Phone);
        assert_eq!(kind("fax"), FieldKind::Code, "a changed kind stays");
        assert_eq!(kind("iban"), FieldKind::Iban);
        assert_eq!(kind("bic"), FieldKind::Bic);
        assert_eq!(kind("nom_client"), FieldKind::Text);
        let mut expected = FieldProfile::annex2();
        for def in &mut expected.fields {
            if def.name == "fax" {
                def.kind = FieldKind::Code;
            }
        }
        assert_eq!(
            params.field_profile, expected,
            "order and the rest unchanged"
        );
        assert_eq!(params.ch_due_days, 25);
    }

    #[test]
    fn the_kind_migration_leaves_a_database_without_stored_profile_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 6).unwrap();
        conn.execute(
            "INSERT INTO parameter (key, value) VALUES ('ch_due_days', '25')",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM parameter", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn modification_request_rows_written_before_version_9_are_told_from_visits() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 8).unwrap();
        conn.execute_batch(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name) \
               VALUES ('jdupont', 'JD01', 'jd@example.fr', 'Jean Dupont');
             INSERT INTO client (c_client, nom_client) VALUES ('C1', 'Garage Morel');
             INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, \
               c_entite, c_user, type_relation, objet, commentaire, num_relation_sujet, c_archive, change_id, file_name) \
             VALUES ('CRV', '2026-03-02', '09:00', 'C', 'C1', 'JD01', 'S', 'Visite du 02/03/2026', '', 0, 'N', 'VISIT1', 'f1'), \
                    ('CRV', '2026-03-03', '10:00', 'C', 'C1', 'JD01', 'S', 'Demande de modification du 03/03/2026', \
                     'Champ tel_1', 0, 'N', 'MC1', 'f2'), \
                    ('LIT', '2025-01-01', '08:00', 'C', 'C1', 'JD01', 'S', 'Import ERP', '', 0, 'N', NULL, NULL);
             INSERT INTO modification_request (c_client, requested_by, changes_json, created_at, change_id, file_name) \
               VALUES ('C1', 'jdupont', '[]', '2026-03-03T09:00:00Z', 'MC1', 'f2');",
        )
        .unwrap();
        assert_eq!(migrate_to(&mut conn, 9).unwrap(), vec![9]);
        let kinds: Vec<(String, String)> = conn
            .prepare(
                "SELECT coalesce(change_id, '-'), relation_kind FROM client_relation ORDER BY id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            kinds,
            [
                ("VISIT1".to_string(), "visit".to_string()),
                ("MC1".to_string(), "modification_request".to_string()),
                ("-".to_string(), "visit".to_string()),
            ]
        );
        let refused = conn.execute(
            "UPDATE client_relation SET relation_kind = 'phone_call' WHERE change_id = 'VISIT1'",
            [],
        );
        assert!(refused.is_err(), "only the two known kinds are stored");
    }

    #[test]
    fn database_from_the_future_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(StoreError::SchemaTooNew { .. })
        ));
    }

    #[test]
    fn version_13_gives_admins_the_admin_role_others_rep_and_keeps_the_flag_in_step() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 12).unwrap();
        conn.execute_batch(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) \
             VALUES ('jdupont', 'JD01', 'jd@example.fr', 'Jean', 0), \
                    ('slefebvre', 'SL01', 'sl@example.fr', 'Sophie', 1);",
        )
        .unwrap();
        assert_eq!(migrate_to(&mut conn, 13).unwrap(), vec![13]);
        let rows = |conn: &Connection| -> Vec<(String, String, bool)> {
            conn.prepare("SELECT windows_user, role, is_admin FROM app_user ORDER BY 1")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let row = |user: &str, role: &str, admin: bool| (user.to_string(), role.to_string(), admin);
        assert_eq!(
            rows(&conn),
            [
                row("jdupont", "rep", false),
                row("slefebvre", "admin", true)
            ]
        );
        // Either column written, the other follows; a non-admin role survives the flag
        // being written unchanged (the users page's upsert).
        conn.execute_batch(
            "UPDATE app_user SET role = 'manager' WHERE windows_user = 'slefebvre'; \
             UPDATE app_user SET is_admin = 1 WHERE windows_user = 'jdupont'; \
             INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) \
               VALUES ('admin2', 'AD02', 'a@example.fr', 'A', 1); \
             INSERT INTO app_user (windows_user, erp_code, email, display_name, role) \
               VALUES ('obs', 'OB01', 'o@example.fr', 'O', 'observer'); \
             UPDATE app_user SET is_admin = 0 WHERE windows_user = 'slefebvre';",
        )
        .unwrap();
        assert_eq!(
            rows(&conn),
            [
                row("admin2", "admin", true),
                row("jdupont", "admin", true),
                row("obs", "observer", false),
                row("slefebvre", "manager", false),
            ]
        );
        conn.execute(
            "UPDATE app_user SET is_admin = 0 WHERE windows_user = 'jdupont'",
            [],
        )
        .unwrap();
        assert_eq!(rows(&conn)[1], row("jdupont", "rep", false));
        let unknown = conn.execute(
            "UPDATE app_user SET role = 'chef' WHERE windows_user = 'obs'",
            [],
        );
        assert!(unknown.is_err(), "the schema refuses an unknown role code");
    }

    #[test]
    fn the_party_status_is_backfilled_from_the_actions_already_there() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, PARTY_STATUS_VERSION - 1).unwrap();
        conn.execute_batch(
            "INSERT INTO party (id, kind, name, created_by, created_at, change_id) VALUES \
               ('P1', 'company', 'Garage', 'jd', 't', 'c1'), \
               ('P2', 'person', 'Lambert', 'jd', 't', 'c2'); \
             INSERT INTO action (id, party_id, action_type, date, outcome, created_by, \
               created_at, change_id) VALUES \
               ('A1', 'P1', 'appel', '2026-11-02', 'positive', 'jd', 't', 'c3'), \
               ('A2', 'P1', 'appel', '2026-11-03', 'formal_refusal', 'jd', 't', 'c4');",
        )
        .unwrap();
        assert_eq!(
            migrate_to(&mut conn, PARTY_STATUS_VERSION).unwrap(),
            vec![PARTY_STATUS_VERSION]
        );
        let statuses: Vec<(String, String)> = conn
            .prepare("SELECT id, status FROM party ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(
            statuses,
            vec![
                ("P1".to_string(), "dead_prospect".to_string()),
                ("P2".to_string(), "lead".to_string())
            ]
        );
    }

    /// Rows of `app_user` after 0019: login, ERP code, role, admin flag, active, hash,
    /// must change, failures, last login.
    type DirectoryRow = (
        String,
        Option<String>,
        String,
        bool,
        bool,
        Option<String>,
        bool,
        i64,
        Option<String>,
    );

    #[test]
    fn version_19_makes_one_directory_of_the_app_users_and_the_back_office_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        // As `open_master` does: the rebuild must not cascade into the teams.
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        migrate_to(&mut conn, 18).unwrap();
        conn.execute_batch(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) VALUES \
               ('claire', 'CL01', 'claire@ex.fr', 'Claire (ERP)', 0), \
               ('jdupont', 'JD01', 'jd@ex.fr', 'Jean Dupont', 0), \
               ('pdurand', 'PD01', 'pd@ex.fr', 'Paul Durand', 1), \
               ('sortie', 'SO01', 'so@ex.fr', 'Sortie', 0); \
             UPDATE app_user SET role = 'manager' WHERE windows_user = 'jdupont'; \
             INSERT INTO team (id, name) VALUES (1, 'Nord'); \
             INSERT INTO team_member (team_id, windows_user, leads) VALUES (1, 'jdupont', 1), (1, 'claire', 0); \
             INSERT INTO prospect (prospect_id, created_by, assignee, nom_client, created_at, \
               last_movement_at, change_id, file_name) VALUES ('P1', 'jdupont', 'claire', 'Garage', \
               '2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z', 'C1', 'f1.json'); \
             INSERT INTO office_account (login, display_name, email, role, password_hash, \
               must_change_password, active, failed_attempts, locked_until, created_at, last_login_at) VALUES \
               ('claire', 'Claire Comptable', 'compta@ex.fr', 'accountant', '$argon2id$claire', 0, 1, 3, NULL, \
                '2026-01-02T08:00:00.000Z', '2026-11-20T08:00:00.000Z'), \
               ('admin', 'Administrateur', 'admin@ex.fr', 'admin', '$argon2id$admin', 1, 1, 0, NULL, \
                '2026-01-01T08:00:00.000Z', NULL), \
               ('pdurand', 'Paul', 'p@ex.fr', 'accountant', '$argon2id$paul', 0, 1, 0, NULL, \
                '2026-01-03T08:00:00.000Z', NULL), \
               ('sortie', 'Sortie', 'so@ex.fr', 'accountant', '$argon2id$sortie', 0, 0, 0, NULL, \
                '2026-01-04T08:00:00.000Z', NULL), \
               ('ancien', 'Ancien', 'an@ex.fr', 'accountant', '$argon2id$ancien', 0, 0, 0, NULL, \
                '2026-01-05T08:00:00.000Z', NULL); \
             INSERT INTO office_session (token_sha256, login, csrf_token, created_at, expires_at) VALUES \
               ('t-claire', 'claire', 'c', '2026-11-20T08:00:00.000Z', '2099-01-01T00:00:00.000Z'), \
               ('t-admin', 'admin', 'c', '2026-11-20T08:00:00.000Z', '2099-01-01T00:00:00.000Z'), \
               ('t-sortie', 'sortie', 'c', '2026-11-20T08:00:00.000Z', '2099-01-01T00:00:00.000Z');",
        )
        .unwrap();
        // Version 19, then the later ones (0020, API tokens; 0021, webhooks).
        assert_eq!(
            migrate(&mut conn).unwrap(),
            (19..=LATEST_VERSION).collect::<Vec<_>>()
        );
        let on: bool = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(on, "foreign keys are on again after the rebuild");
        let rows: Vec<DirectoryRow> = conn
            .prepare(
                "SELECT windows_user, erp_code, role, is_admin, active, password_hash, \
                 must_change_password, failed_attempts, last_login_at FROM app_user ORDER BY 1",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let s = |t: &str| Some(t.to_string());
        let row =
            |login: &str, erp: Option<String>, role: &str, active: bool, hash: Option<String>| {
                (
                    login.to_string(),
                    erp,
                    role.to_string(),
                    role == "admin",
                    active,
                    hash,
                )
            };
        let seen: Vec<_> = rows
            .iter()
            .map(|r| (r.0.clone(), r.1.clone(), r.2.clone(), r.3, r.4, r.5.clone()))
            .collect();
        assert_eq!(
            seen,
            [
                // Login only in office_account: a user without ERP code, with its role.
                row("admin", None, "admin", true, s("$argon2id$admin")),
                row("ancien", None, "accountant", false, s("$argon2id$ancien")),
                // Same login in both: the app user's ERP code, the account's password and role.
                row(
                    "claire",
                    s("CL01"),
                    "accountant",
                    true,
                    s("$argon2id$claire")
                ),
                // An app user without an office account: no password.
                row("jdupont", s("JD01"), "manager", true, None),
                // An admin app user stays admin whatever the account's role.
                row("pdurand", s("PD01"), "admin", true, s("$argon2id$paul")),
                // A closed account of an active app user: the laptop works, no sign-in.
                row("sortie", s("SO01"), "rep", true, None),
            ]
        );
        let claire = rows.iter().find(|r| r.0 == "claire").unwrap();
        assert_eq!(
            (claire.6, claire.7, claire.8.clone()),
            (false, 3, s("2026-11-20T08:00:00.000Z")),
            "the sign-in state comes along"
        );
        let admin = rows.iter().find(|r| r.0 == "admin").unwrap();
        assert!(admin.6, "a first password still to change stays so");
        let name: String = conn
            .query_row(
                "SELECT display_name FROM app_user WHERE windows_user = 'claire'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(name, "Claire (ERP)", "the app user's data stays");
        // Teams, prospects and the sessions of those who may still sign in survive.
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM team_member"), 2);
        assert_eq!(count("SELECT count(*) FROM prospect"), 1);
        assert_eq!(
            count("SELECT group_concat(login, ',') IS NOT NULL FROM office_session"),
            1
        );
        let sessions: String = conn
            .query_row(
                "SELECT group_concat(login, ',') FROM (SELECT login FROM office_session ORDER BY 1)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(sessions, "admin,claire");
        assert_eq!(
            count("SELECT count(*) FROM sqlite_schema WHERE name = 'office_account'"),
            0,
            "the old accounts are gone"
        );
        assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
        // The rebuilt table keeps its rules: the role/flag triggers, unique ERP codes
        // (several users may have none), the role check, the keys pointing at it.
        conn.execute_batch(
            "UPDATE app_user SET role = 'admin' WHERE windows_user = 'jdupont'; \
             UPDATE app_user SET is_admin = 0 WHERE windows_user = 'pdurand'; \
             INSERT INTO app_user (windows_user, email, display_name, role) \
               VALUES ('obs', 'o@ex.fr', 'Obs', 'observer');",
        )
        .unwrap();
        assert_eq!(
            count("SELECT is_admin FROM app_user WHERE windows_user = 'jdupont'"),
            1
        );
        assert_eq!(
            count("SELECT role = 'rep' FROM app_user WHERE windows_user = 'pdurand'"),
            1
        );
        assert!(conn
            .execute(
                "UPDATE app_user SET erp_code = 'JD01' WHERE windows_user = 'pdurand'",
                []
            )
            .is_err());
        assert!(conn
            .execute(
                "UPDATE app_user SET role = 'superuser' WHERE windows_user = 'obs'",
                []
            )
            .is_err());
        assert!(
            conn.execute("DELETE FROM app_user WHERE windows_user = 'jdupont'", [])
                .is_err(),
            "a prospect still names jdupont"
        );
        assert!(conn
            .execute(
                "INSERT INTO office_session (token_sha256, login, csrf_token, created_at, expires_at) \
                 VALUES ('x', 'personne', 'c', 'a', 'b')",
                []
            )
            .is_err());
    }
}
