//! Nightly upkeep of the master database.

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection};

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

/// Queues a mail to the error addresses saying a scheduled job failed, at most one per
/// job per hour so that a job failing at every tick does not flood the inbox. Returns
/// whether a mail was queued.
pub fn queue_job_failure(
    conn: &Connection,
    job: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let recent: bool = conn.query_row(
        "SELECT count(*) > 0 FROM notification WHERE kind = 'job_failed' \
         AND json_extract(payload_json, '$.job') = ?1 AND created_at > ?2",
        params![job, stamp(now - Duration::hours(1))],
        |r| r.get(0),
    )?;
    if recent {
        return Ok(false);
    }
    let payload = serde_json::json!({ "job": job, "detail": detail, "at": stamp(now) });
    conn.execute(
        "INSERT INTO notification (kind, payload_json, created_at) VALUES ('job_failed', ?1, ?2)",
        params![payload.to_string(), stamp(now)],
    )?;
    Ok(true)
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

    #[test]
    fn a_failing_job_mails_once_an_hour() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        let now = Utc::now();
        assert!(queue_job_failure(&conn, "nightly", "disque plein", now).unwrap());
        assert!(
            !queue_job_failure(&conn, "nightly", "disque plein", now + Duration::minutes(5))
                .unwrap()
        );
        assert!(queue_job_failure(&conn, "integration", "verrou", now).unwrap());
        assert!(queue_job_failure(
            &conn,
            "nightly",
            "disque plein",
            now + Duration::minutes(61)
        )
        .unwrap());
        let queued: i64 = conn
            .query_row(
                "SELECT count(*) FROM notification WHERE kind = 'job_failed'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(queued, 3);
    }
}
