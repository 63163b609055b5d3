//! Nightly upkeep of the master database.

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;

use crate::error::Result;

/// Marks `client_relation` rows older than `days` as archived (`c_archive = 'O'`),
/// the parameter « temps avant d'archiver automatiquement » of the brief.
/// Archived rows stay in the master but leave the offline databases. Returns the count.
pub fn archive_old_relations(conn: &Connection, today: NaiveDate, days: u32) -> Result<usize> {
    let cutoff = today - Duration::days(i64::from(days));
    Ok(conn.execute(
        "UPDATE client_relation SET c_archive = 'O' WHERE c_archive = 'N' AND date_relation < ?1",
        [cutoff.to_string()],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rows_older_than_the_delay_are_archived() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        for date in ["2024-01-01", "2025-06-01", "2026-11-01"] {
            conn.execute(
                "INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, \
                 c_entite, c_user, type_relation, objet, commentaire) \
                 VALUES ('CRV', ?1, '10:00', 'C', 'C1', 'JD01', 'S', 'Visite', '')",
                [date],
            )
            .unwrap();
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(archive_old_relations(&conn, today, 365).unwrap(), 2);
        let archived: Vec<String> = conn
            .prepare("SELECT date_relation FROM client_relation WHERE c_archive = 'O' ORDER BY 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(archived, ["2024-01-01", "2025-06-01"]);
        assert_eq!(
            archive_old_relations(&conn, today, 365).unwrap(),
            0,
            "idempotent"
        );
    }
}
