//! The demo loaded the way a real company's data arrives (issue 16): what the ERP owns is
//! generated into a scratch master, written as the ERP's export files, and imported by
//! `erp import`'s own code ([`crate::import_erp`]); what Tournée's users make (prospects,
//! the CRM's records) is then written as [`super::fill_demo`] writes it. Same generator,
//! same order of draws: the same rows as `fill_demo`, except what only the bridge sets
//! (the ERP's row numbers and digests, a recorded import run).

use std::path::Path;

use chrono::{TimeZone, Utc};
use rusqlite::Connection;

use super::{insert_agencies, insert_crm_part, insert_erp_part, DemoRng, DemoSpec, DemoSummary};
use crate::erp::{import_erp, write_active_clients, write_erp_files, ImportRun, RunOutcome};
use crate::error::StoreError;

/// Why the demo could not go through the bridge.
#[derive(Debug, thiserror::Error)]
pub enum DemoBridgeError {
    /// The database or a file failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The import refused the demo's own files (a file, or rows): a bug of the demo or of
    /// the bridge, said rather than leaving a half-filled master.
    #[error("the demo's ERP files were not imported whole: {0}")]
    Refused(String),
}

/// Fills an empty, migrated master through the ERP bridge: the ERP's part of the demo
/// written as the five files into `folder` (created; left there, the caller decides
/// whether to keep them), imported, then Tournée's part written. `scratch` is where the
/// ERP's part is generated first (a file, removed on the way out): the full demo's is a
/// few hundred megabytes, too much to hold in memory on a small server.
pub fn fill_demo_through_erp(
    conn: &mut Connection,
    spec: &DemoSpec,
    folder: &Path,
    scratch: &Path,
) -> Result<(DemoSummary, ImportRun), DemoBridgeError> {
    let result = through_erp(conn, spec, folder, scratch);
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let path = format!("{}{suffix}", scratch.display());
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io(path, e).into()),
        }
    }
    result
}

fn through_erp(
    conn: &mut Connection,
    spec: &DemoSpec,
    folder: &Path,
    scratch: &Path,
) -> Result<(DemoSummary, ImportRun), DemoBridgeError> {
    // The import runs at the demo's dawn, as `fill_demo` links clients to parties: the
    // parties it makes are dated as the direct demo's.
    let now = Utc.from_utc_datetime(&spec.today.and_time(super::DAWN));
    let mut rng = DemoRng::new(spec.seed);
    if let Some(parent) = scratch.parent() {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
    }
    let (mut summary, reps) = {
        let mut source = Connection::open(scratch)?;
        // A scratch file: nothing to recover if the machine stops.
        source.pragma_update(None, "journal_mode", "OFF")?;
        source.pragma_update(None, "synchronous", "OFF")?;
        crate::master::migrate::migrate(&mut source)?;
        let tx = source.transaction()?;
        let part = insert_erp_part(&tx, &mut rng, spec)?;
        tx.commit()?;
        write_erp_files(&source, folder)?;
        part
    };
    // The agencies the clients name are the back office's settings, not an ERP file.
    let tx = conn.transaction()?;
    insert_agencies(&tx)?;
    tx.commit()?;
    let run = import_erp(conn, folder, now)?;
    if run.outcome != RunOutcome::Applied || !run.refusals.is_empty() {
        let why = match (&run.fault, run.refusals.first()) {
            (Some(fault), _) => format!("{}: {}", fault.file, fault.fault),
            (None, Some(refusal)) => format!(
                "{} refused rows, the first {} line {}: {}",
                run.refusals.len(),
                refusal.file,
                refusal.line,
                refusal.reason
            ),
            (None, None) => format!("outcome {}", run.outcome.code()),
        };
        return Err(DemoBridgeError::Refused(why));
    }
    // What the ERP's files do not carry, taken from the scratch master: who administers,
    // the clients the ERP no longer lists (a real master gets them by a later export that
    // omits them), and what Tournée owns on ERP rows (revisit dates, fleets, the visit
    // form's answers). ATTACH cannot run inside a transaction.
    conn.execute(
        "ATTACH DATABASE ?1 AS demo_erp",
        [scratch.display().to_string()],
    )?;
    let overlaid = overlay_and_crm(conn, &mut rng, spec, &reps, &mut summary);
    conn.execute_batch("DETACH DATABASE demo_erp")?;
    overlaid?;
    // The files left are the ERP's latest export, which no longer lists the inactive
    // clients: importing them again changes nothing.
    write_active_clients(&Connection::open(scratch)?, folder)?;
    Ok((summary, run))
}

fn overlay_and_crm(
    conn: &mut Connection,
    rng: &mut DemoRng,
    spec: &DemoSpec,
    reps: &[super::Rep],
    summary: &mut DemoSummary,
) -> Result<(), DemoBridgeError> {
    let tx = conn.transaction()?;
    tx.execute_batch(
        "UPDATE app_user SET role = s.role, is_admin = s.is_admin FROM demo_erp.app_user AS s
           WHERE app_user.windows_user = s.windows_user
             AND (app_user.role IS NOT s.role OR app_user.is_admin IS NOT s.is_admin);
         UPDATE client SET actif = s.actif, date_revoir = s.date_revoir FROM demo_erp.client AS s
           WHERE client.c_client = s.c_client AND (s.actif = 0 OR s.date_revoir IS NOT NULL);
         INSERT INTO client_fleet (c_client, fleet_type, vehicles)
           SELECT c_client, fleet_type, vehicles FROM demo_erp.client_fleet;
         UPDATE client_relation SET answers_json = s.answers_json FROM demo_erp.client_relation AS s
           WHERE client_relation.erp_num_relation = s.id AND s.answers_json IS NOT NULL;",
    )?;
    insert_crm_part(&tx, rng, spec, reps, summary)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::fill_demo;

    fn master() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        conn
    }

    /// The rows of `sql` as text, one line per row, for comparing two masters.
    fn rows(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let count = stmt.column_count();
        stmt.query_map([], |r| {
            (0..count)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect::<rusqlite::Result<Vec<_>>>()
                .map(|cells| cells.join("|"))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    #[test]
    fn the_small_demo_through_the_bridge_gives_the_rows_of_the_direct_demo() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let spec = DemoSpec::small(today);
        let mut direct = master();
        let expected = fill_demo(&mut direct, &spec).unwrap();

        let folder = tempfile::tempdir().unwrap();
        let mut bridged = master();
        let (summary, run) = fill_demo_through_erp(
            &mut bridged,
            &spec,
            &folder.path().join("files"),
            &folder.path().join("not-yet").join("scratch.sqlite"),
        )
        .unwrap();
        assert_eq!(summary, expected);
        assert_eq!(run.outcome, RunOutcome::Applied);
        assert!(run.refusals.is_empty());
        assert!(
            !folder
                .path()
                .join("not-yet")
                .join("scratch.sqlite")
                .exists(),
            "the scratch master is removed"
        );
        assert!(folder.path().join("files").join("client.csv").exists());
        // Every table the demo fills, row for row; the columns only the bridge sets (the
        // ERP's row number and digest, `erp_listed`) aside.
        for sql in [
            "SELECT windows_user, erp_code, email, display_name, is_admin, role FROM app_user ORDER BY 1",
            "SELECT * FROM agence ORDER BY 1",
            "SELECT c_client, nom_client, tel_1, tel_2, c_rep, actif, date_revoir, tel_norm, iban, nb_jour_1, \
             date_creation_ste, contact_divers_4 FROM client ORDER BY 1",
            "SELECT * FROM client_contact ORDER BY id",
            "SELECT * FROM client_fleet ORDER BY 1, 2",
            "SELECT * FROM sales_month ORDER BY 1, 2",
            "SELECT id, origine_relation, date_relation, heure_relation, type_entite, c_entite, c_user, \
             type_relation, objet, commentaire, num_relation_sujet, c_archive, answers_json, change_id \
             FROM client_relation ORDER BY id",
            "SELECT * FROM prospect ORDER BY 1",
            "SELECT * FROM party ORDER BY client_code, prospect_id, 1",
            "SELECT * FROM action ORDER BY 1",
        ] {
            let (want, got) = (rows(&direct, sql), rows(&bridged, sql));
            assert!(!want.is_empty(), "{sql}");
            assert_eq!(got.len(), want.len(), "{sql}");
            assert!(got == want, "{sql}: first difference {:?}", {
                let at = got.iter().zip(&want).position(|(g, w)| g != w).unwrap_or(0);
                (&got[at], &want[at])
            });
        }
        let numbered: i64 = bridged
            .query_row(
                "SELECT count(*) FROM client_relation WHERE erp_num_relation = id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(numbered, i64::from(expected.relations));

        // The files left are the ERP's latest export: a re-import changes nothing.
        let again =
            crate::erp::import_erp(&mut bridged, &folder.path().join("files"), Utc::now()).unwrap();
        assert_eq!(again.outcome, RunOutcome::Unchanged, "{:?}", again.files);
    }
}
