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
    include_str!("../../migrations/0007_relation_kind.sql"),
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
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
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
        assert_eq!(migrate(&mut conn).unwrap(), vec![2, 3, 4, 5, 6, 7]);
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
    fn modification_request_rows_written_before_version_7_are_told_from_visits() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 6).unwrap();
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
        assert_eq!(migrate(&mut conn).unwrap(), vec![7]);
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
}
