//! Forward-only schema migrations of the master database.
//!
//! The schema version lives in SQLite's `user_version`. Each migration is one SQL
//! file under `migrations/`, applied in its own transaction together with the new
//! version number, so a crash leaves the database at one version or the next.

use rusqlite::Connection;

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
];

/// The version whose migration adds `party.status`, backfilled in Rust (the lifecycle is
/// `tournee_core::status`, not SQL) in the migration's own transaction.
const PARTY_STATUS_VERSION: u32 = 14;

/// The version whose migration links parties to ERP clients and prospects; the parties of
/// the clients and prospects already there are created in Rust in its transaction.
const PARTY_LINKS_VERSION: u32 = 17;

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
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
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
        applied.push(version + 1);
    }
    Ok(applied)
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
}
