//! A rep's snapshot carries the rep's own modification requests with the accountant's
//! decision, so that a declined request and its note reach the laptop: every open one, those
//! asked or closed in the last 90 days, and nobody else's.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::{params, Connection, OpenFlags};
use tournee_store::open_master;
use tournee_store::Parameters;
use tournee_store::{close_modification, Decision};
use tournee_store::{fill_demo, DemoSpec};
use tournee_store::{generate, Regeneration, SnapshotRequest};
use tournee_sync::read_manifest;

fn request(master: &Connection, id: &str, user: &str, created_at: &str) -> i64 {
    let client: String = master
        .query_row(
            "SELECT c_client FROM client WHERE actif = 1 ORDER BY c_client LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    master
        .execute(
            "INSERT INTO modification_request (c_client, requested_by, changes_json, created_at, change_id, file_name) \
             VALUES (?1, ?2, '[{\"field\":\"tel_1\",\"old\":\"a\",\"new\":\"b\"}]', ?3, ?4, ?4 || '.json')",
            params![client, user, created_at, id],
        )
        .unwrap();
    master.last_insert_rowid()
}

#[test]
fn the_reps_own_recent_and_open_requests_travel_with_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let master_path = dir.path().join("master.sqlite");
    let mut master = open_master(&master_path).unwrap();
    fill_demo(
        &mut master,
        &DemoSpec::small(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    )
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 20, 0, 0).unwrap();
    let long_ago = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();

    request(&master, "OPEN_OLD", "jdupont", "2026-01-05T09:00:00.000Z");
    let declined = request(&master, "DECLINED", "jdupont", "2026-11-02T09:00:00.000Z");
    let applied = request(&master, "APPLIED", "jdupont", "2026-11-03T09:00:00.000Z");
    let closed_long_ago = request(&master, "GONE", "jdupont", "2026-02-01T09:00:00.000Z");
    request(
        &master,
        "COLLEAGUE",
        "nbertrand",
        "2026-11-04T09:00:00.000Z",
    );
    close_modification(
        &master,
        declined,
        "compta@example.fr",
        Decision::Declined,
        "Numéro déjà attribué à un autre client",
        now,
    )
    .unwrap();
    close_modification(
        &master,
        applied,
        "compta@example.fr",
        Decision::Applied,
        "",
        now,
    )
    .unwrap();
    close_modification(
        &master,
        closed_long_ago,
        "compta@example.fr",
        Decision::Applied,
        "",
        long_ago,
    )
    .unwrap();
    drop(master);

    generate(&SnapshotRequest {
        master_path,
        snapshots_root: dir.path().join("snapshots"),
        build_root: dir.path().join("build"),
        users: Some(vec!["jdupont".into()]),
        now,
        params: Parameters::default(),
        regeneration: Regeneration::Patch,
    })
    .unwrap();
    let folder = dir.path().join("snapshots/jdupont");
    let manifest = read_manifest(&folder).unwrap();
    assert_eq!(
        manifest.schema_version,
        tournee_sync::SNAPSHOT_SCHEMA_VERSION
    );
    let snap = Connection::open_with_flags(
        folder.join(&manifest.database),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let rows: Vec<(String, String, Option<String>, bool)> = snap
        .prepare("SELECT change_id, status, note, closed_at IS NOT NULL FROM modification_request ORDER BY change_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            (
                "APPLIED".to_string(),
                "applied".to_string(),
                Some(String::new()),
                true
            ),
            (
                "DECLINED".to_string(),
                "declined".to_string(),
                Some("Numéro déjà attribué à un autre client".to_string()),
                true
            ),
            ("OPEN_OLD".to_string(), "open".to_string(), None, false),
        ],
        "open ones whatever their age, recent ones, never a colleague's"
    );
}
