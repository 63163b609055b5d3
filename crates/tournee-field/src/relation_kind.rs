//! Which `client_relation` rows are visits. An MC with field changes is notified by a row
//! of its own (« Demande de modification du … ») that must never count as a visit: not in
//! the last visit, the statistics, the calendar nor the « Visites récentes ».
//!
//! Snapshots of schema 2 carry the server's `relation_kind`. An older snapshot (schema 1)
//! is still read until the next one arrives: there, a row the CRM wrote (it has a change
//! id) with no visit-form answers and the request's subject is taken for a request, which
//! is exactly how the server wrote those rows.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;

/// What a `client_relation` row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// A visit (or any relation imported from the ERP).
    Visit,
    /// The note of a « Demande de modification » sent to the accountant.
    ModificationRequest,
}

impl RelationKind {
    /// The kind as stored (`relation_kind` column).
    pub fn from_stored(text: &str) -> Self {
        match text {
            "modification_request" => Self::ModificationRequest,
            _ => Self::Visit,
        }
    }
}

/// How a schema-1 snapshot's row is recognised as a request's note.
const LEGACY_KIND: &str = "CASE WHEN change_id IS NOT NULL AND answers_json IS NULL \
     AND objet LIKE 'Demande de modification du %' THEN 'modification_request' ELSE 'visit' END";

/// Creates the temporary view `relation`: `client_relation` with its `relation_kind`,
/// whichever schema the snapshot has. Every query about relations reads it.
pub fn create_relation_view(conn: &Connection) -> Result<()> {
    let has_kind = conn
        .prepare("SELECT 1 FROM pragma_table_info('client_relation') WHERE name = 'relation_kind'")?
        .exists([])?;
    let kind = if has_kind {
        "relation_kind"
    } else {
        LEGACY_KIND
    };
    conn.execute_batch(&format!(
        "DROP VIEW IF EXISTS temp.relation;
         CREATE TEMP VIEW relation AS SELECT id, origine_relation, date_relation, heure_relation, \
           c_entite, c_user, objet, commentaire, answers_json, change_id, {kind} AS relation_kind \
         FROM main.client_relation;"
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(conn: &Connection) -> Vec<String> {
        create_relation_view(conn).unwrap();
        conn.prepare("SELECT relation_kind FROM relation ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    const ROWS: &str = "INSERT INTO client_relation (id, origine_relation, date_relation, \
        heure_relation, c_entite, c_user, objet, commentaire, answers_json, change_id) VALUES \
        (1, 'CRV', '2026-03-02', '09:00', 'C1', 'JD01', 'Visite du 02/03/2026', '', '{}', 'A'), \
        (2, 'CRV', '2026-03-03', '10:00', 'C1', 'JD01', 'Demande de modification du 03/03/2026', 'x', NULL, 'B'), \
        (3, 'CRV', '2025-01-01', '08:00', 'C1', 'JD01', 'Demande de modification du tarif', '', NULL, NULL)";

    #[test]
    fn a_schema_one_snapshot_tells_the_requests_written_by_the_crm() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE client_relation (id INTEGER PRIMARY KEY, origine_relation TEXT, date_relation TEXT, \
             heure_relation TEXT, c_entite TEXT, c_user TEXT, objet TEXT, commentaire TEXT, answers_json TEXT, \
             change_id TEXT)",
        )
        .unwrap();
        conn.execute_batch(ROWS).unwrap();
        // The ERP's own row (no change id) stays a visit whatever its subject.
        assert_eq!(kinds(&conn), ["visit", "modification_request", "visit"]);
    }

    #[test]
    fn a_schema_two_snapshot_is_read_as_the_server_marked_it() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE client_relation (id INTEGER PRIMARY KEY, origine_relation TEXT, date_relation TEXT, \
             heure_relation TEXT, c_entite TEXT, c_user TEXT, objet TEXT, commentaire TEXT, answers_json TEXT, \
             change_id TEXT, relation_kind TEXT NOT NULL DEFAULT 'visit')",
        )
        .unwrap();
        conn.execute_batch(&format!("{ROWS}; UPDATE client_relation SET relation_kind = 'modification_request' WHERE id = 3"))
            .unwrap();
        assert_eq!(kinds(&conn), ["visit", "visit", "modification_request"]);
    }
}
