//! What a rep's offline database holds, and nothing more, on the small demo data set.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags};
use tournee_store::open_master;
use tournee_store::Parameters;
use tournee_store::{fill_demo, DemoSpec};
use tournee_store::{generate, Regeneration, SnapshotRequest};
use tournee_sync::{read_manifest, sha256_file};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn setup(dir: &Path) -> SnapshotRequest {
    let master_path = dir.join("master.sqlite");
    let mut master = open_master(&master_path).unwrap();
    fill_demo(&mut master, &DemoSpec::small(today())).unwrap();
    SnapshotRequest {
        master_path,
        snapshots_root: dir.join("snapshots"),
        build_root: dir.join("build"),
        users: Some(vec!["jdupont".into()]),
        now: Utc.with_ymd_and_hms(2026, 11, 23, 20, 0, 0).unwrap(),
        params: Parameters::default(),
        regeneration: Regeneration::Rebuild,
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_snapshot_holds_what_its_rep_may_see_and_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let request = setup(dir.path());
    let reports = generate(&request).unwrap();
    assert_eq!(reports.len(), 1);

    let folder = dir.path().join("snapshots/jdupont");
    let manifest = read_manifest(&folder).unwrap();
    let database = folder.join(&manifest.database);
    assert_eq!(manifest.user, "jdupont");
    assert_eq!(manifest.database_sha256, sha256_file(&database).unwrap());
    assert_eq!(
        manifest.database_bytes,
        std::fs::metadata(&database).unwrap().len()
    );
    assert_eq!(manifest.expiry_hours, 24);

    let snap = Connection::open_with_flags(&database, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    snap.execute(
        "ATTACH DATABASE ?1 AS m",
        [request.master_path.to_str().unwrap()],
    )
    .unwrap();
    let journal: String = snap
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_ne!(
        journal.to_lowercase(),
        "wal",
        "a snapshot never travels with a -wal file"
    );

    // Every active client, but the billing and bank details of the rep's portfolio only.
    assert_eq!(
        count(&snap, "SELECT count(*) FROM client"),
        count(&snap, "SELECT count(*) FROM m.client WHERE actif = 1")
    );
    assert_eq!(
        count(&snap, "SELECT count(*) FROM client_detail"),
        count(
            &snap,
            "SELECT count(*) FROM m.client WHERE actif = 1 AND c_rep = 'JD01'"
        )
    );
    assert_eq!(count(&snap, "SELECT count(*) FROM client_detail d JOIN client c USING (c_client) WHERE c.c_rep <> 'JD01'"), 0);
    assert!(
        count(
            &snap,
            "SELECT count(*) FROM client_detail WHERE iban IS NOT NULL"
        ) > 0
    );
    assert_eq!(count(&snap, "SELECT count(*) FROM client_contact c JOIN client USING (c_client) WHERE c_rep <> 'JD01'"), 0);
    assert_eq!(
        count(&snap, "SELECT sum(in_portfolio) FROM client"),
        count(&snap, "SELECT count(*) FROM client_detail")
    );

    // Visit history: not archived, of the portfolio or by the rep, all of it.
    assert_eq!(count(&snap, "SELECT count(*) FROM client_relation r JOIN m.client_relation o ON o.id = r.id WHERE o.c_archive = 'O'"), 0);
    assert_eq!(
        count(&snap, "SELECT count(*) FROM client_relation"),
        count(
            &snap,
            "SELECT count(*) FROM m.client_relation WHERE c_archive = 'N' AND \
             (c_user = 'JD01' OR c_entite IN (SELECT c_client FROM m.client WHERE c_rep = 'JD01'))"
        )
    );
    assert!(
        count(
            &snap,
            "SELECT count(*) FROM client_relation WHERE origine_relation = 'LIT'"
        ) > 0,
        "LIT rows travel, the app hides them"
    );

    // Prospects: own or assigned, alive, moved within the retention months.
    assert!(count(&snap, "SELECT count(*) FROM prospect") > 0);
    assert_eq!(
        count(
            &snap,
            "SELECT count(*) FROM prospect WHERE created_by <> 'jdupont' AND assignee <> 'jdupont'"
        ),
        0
    );
    assert_eq!(
        count(
            &snap,
            "SELECT count(*) FROM prospect WHERE status = 'deleted'"
        ),
        0
    );
    assert_eq!(
        count(
            &snap,
            "SELECT count(*) FROM prospect WHERE last_movement_at < '2025-11-23'"
        ),
        0
    );
    let stale_own = count(
        &snap,
        "SELECT count(*) FROM m.prospect WHERE (created_by = 'jdupont' OR assignee = 'jdupont') AND status = 'active' AND last_movement_at < '2025-11-23'",
    );
    let fresh_own = count(
        &snap,
        "SELECT count(*) FROM m.prospect WHERE (created_by = 'jdupont' OR assignee = 'jdupont') AND status IN ('active', 'conversion_requested') AND last_movement_at >= '2025-11-23'",
    );
    assert!(stale_own > 0, "the demo has stale prospects to leave out");
    assert_eq!(count(&snap, "SELECT count(*) FROM prospect"), fresh_own);

    // Colleagues' names, never their mail addresses.
    let user_columns: Vec<String> = snap
        .prepare("SELECT name FROM pragma_table_info('app_user')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(
        !user_columns.iter().any(|c| c.contains("mail")),
        "{user_columns:?}"
    );
    assert!(count(&snap, "SELECT count(*) FROM config WHERE key IN ('visit_form', 'field_profile', 'fleet_types')") == 3);
}

#[test]
fn the_previous_generation_is_kept_and_older_ones_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let request = setup(dir.path());
    let first = generate(&request).unwrap().remove(0);
    let second = generate(&request).unwrap().remove(0);
    let third = generate(&request).unwrap().remove(0);
    assert!(first.generation < second.generation && second.generation < third.generation);
    let folder = dir.path().join("snapshots/jdupont");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected = vec![
        "manifest.json".to_string(),
        format!("snapshot-{}.sqlite", second.generation),
        format!("snapshot-{}.sqlite", third.generation),
    ];
    expected.sort();
    assert_eq!(files, expected);
    assert_eq!(read_manifest(&folder).unwrap().generation, third.generation);
}

#[test]
fn a_client_without_a_rep_is_in_every_snapshot_and_in_no_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let request = setup(dir.path());
    let master = open_master(&request.master_path).unwrap();
    // An ERP client nobody is assigned to yet (the master allows it).
    let code: String = master
        .query_row(
            "SELECT c_client FROM client WHERE actif = 1 ORDER BY c_client LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    master
        .execute(
            "UPDATE client SET c_rep = NULL WHERE c_client = ?1",
            [&code],
        )
        .unwrap();
    drop(master);
    generate(&request).unwrap();
    let folder = dir.path().join("snapshots/jdupont");
    let snap = Connection::open_with_flags(
        folder.join(read_manifest(&folder).unwrap().database),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let in_portfolio: i64 = snap
        .query_row(
            "SELECT in_portfolio FROM client WHERE c_client = ?1",
            [&code],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_portfolio, 0);
    let details: i64 = snap
        .query_row(
            "SELECT count(*) FROM client_detail WHERE c_client = ?1",
            [&code],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        details, 0,
        "a client without a rep has no portfolio details"
    );
}
