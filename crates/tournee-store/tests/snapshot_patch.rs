//! A patched snapshot holds exactly what a rebuild of the same master holds: every table of
//! every user's file compared row by row, after changes of every kind a snapshot copies.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use tournee_store::open_master;
use tournee_store::Parameters;
use tournee_store::{fill_demo, DemoSpec};
use tournee_store::{generate, Regeneration, SnapshotReport, SnapshotRequest};
use tournee_sync::read_manifest;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn evening() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 20, 0, 0).unwrap()
}

fn request(dir: &Path, root: &str, regeneration: Regeneration) -> SnapshotRequest {
    SnapshotRequest {
        master_path: dir.join("master.sqlite"),
        snapshots_root: dir.join(root).join("snapshots"),
        build_root: dir.join(root).join("build"),
        users: None,
        now: evening(),
        params: Parameters::default(),
        regeneration,
    }
}

fn demo(dir: &Path) -> Connection {
    let mut master = open_master(&dir.join("master.sqlite")).unwrap();
    fill_demo(&mut master, &DemoSpec::small(today())).unwrap();
    master
}

/// Every table of a snapshot as sorted text rows, the generation's id and time aside.
fn contents(path: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let width = statement.column_count();
            let mut rows: Vec<String> = statement
                .query_map([], |row| {
                    (0..width)
                        .map(|i| row.get::<_, Value>(i))
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map(|values| format!("{values:?}"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            if table == "snapshot_info" {
                rows.retain(|r| !r.contains("\"generation") && !r.contains("\"generated_at"));
            }
            rows.sort();
            (table, rows)
        })
        .collect()
}

fn published(root: &Path, user: &str) -> (PathBuf, tournee_sync::SnapshotManifest) {
    let folder = root.join(user);
    let manifest = read_manifest(&folder).unwrap();
    (folder.join(&manifest.database), manifest)
}

/// Compares the patched and the rebuilt files of every user, table by table.
fn assert_same_files(patched: &[SnapshotReport], patched_root: &Path, rebuilt_root: &Path) {
    for report in patched {
        let (a, manifest_a) = published(patched_root, &report.user);
        let (b, manifest_b) = published(rebuilt_root, &report.user);
        let (tables_a, tables_b) = (contents(&a), contents(&b));
        let names =
            |t: &[(String, Vec<String>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&tables_a), names(&tables_b));
        for ((table, rows_a), (_, rows_b)) in tables_a.iter().zip(tables_b.iter()) {
            let only_a: Vec<_> = rows_a
                .iter()
                .filter(|r| !rows_b.contains(r))
                .take(3)
                .collect();
            let only_b: Vec<_> = rows_b
                .iter()
                .filter(|r| !rows_a.contains(r))
                .take(3)
                .collect();
            assert!(
                rows_a == rows_b,
                "{}: table {table} differs ({} rows patched, {} rebuilt); only in the patch: {only_a:?}; only in the rebuild: {only_b:?}",
                report.user,
                rows_a.len(),
                rows_b.len(),
            );
        }
        assert_eq!(
            manifest_a.integrated, manifest_b.integrated,
            "{}",
            report.user
        );
        assert_eq!(manifest_a.failed, manifest_b.failed, "{}", report.user);
        assert_eq!(report.relations, {
            let conn = Connection::open_with_flags(&a, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            conn.query_row("SELECT count(*) FROM client_relation", [], |r| {
                r.get::<_, u64>(0)
            })
            .unwrap()
        });
    }
}

/// Changes of every kind a snapshot copies, to a handful of clients of several reps.
fn change_the_master(master: &Connection) {
    let codes: Vec<(String, String)> = master
        .prepare("SELECT c_client, c_rep FROM client WHERE actif = 1 ORDER BY c_client LIMIT 12")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let other_rep: String = master
        .query_row(
            "SELECT erp_code FROM app_user WHERE erp_code <> ?1 AND active = 1 LIMIT 1",
            [&codes[1].1],
            |r| r.get(0),
        )
        .unwrap();
    let code = |i: usize| codes[i].0.as_str();
    master
        .execute_batch(&format!(
            "UPDATE client SET tel_1 = '04 00 00 00 01', nom_client = nom_client || ' (modifié)' WHERE c_client = '{c0}';
             UPDATE client SET c_rep = '{other_rep}' WHERE c_client = '{c1}';
             UPDATE client SET actif = 0 WHERE c_client = '{c2}';
             INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, c_entite, \
               c_user, type_relation, objet, commentaire) \
               SELECT 'CRV', '2026-11-23', '10:00', 'C', c_client, c_rep, 'V', 'Visite', 'Nouvelle visite' \
               FROM client WHERE c_client = '{c3}';
             UPDATE client_relation SET c_archive = 'O' WHERE id = (SELECT min(id) FROM client_relation WHERE c_entite = '{c4}');
             DELETE FROM client_relation WHERE id = (SELECT max(id) FROM client_relation WHERE c_entite = '{c5}');
             DELETE FROM client_contact WHERE c_client = '{c6}';
             INSERT INTO client_contact (c_client, name, role, phone, email) VALUES ('{c7}', 'Léa Martin', 'Acheteuse', '0600000000', 'lea@example.fr');
             INSERT OR REPLACE INTO sales_month (c_client, month, amount_cents) VALUES ('{c8}', '2026-11', 123456);
             DELETE FROM sales_month WHERE c_client = '{c9}';
             INSERT OR REPLACE INTO client_fleet (c_client, fleet_type, vehicles) VALUES ('{c10}', 'PL', 7);
             INSERT INTO client (c_client, nom_client, c_rep, c_agence, actif) \
               SELECT 'C999999', 'Nouveau client', c_rep, c_agence, 1 FROM client WHERE c_client = '{c11}';",
            c0 = code(0),
            c1 = code(1),
            c2 = code(2),
            c3 = code(3),
            c4 = code(4),
            c5 = code(5),
            c6 = code(6),
            c7 = code(7),
            c8 = code(8),
            c9 = code(9),
            c10 = code(10),
            c11 = code(11),
        ))
        .unwrap();
}

#[test]
fn a_patched_snapshot_holds_what_a_rebuild_of_the_same_master_holds() {
    let dir = tempfile::tempdir().unwrap();
    let master = demo(dir.path());
    let first = generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    assert!(first.len() > 2, "several users, admins among them");
    assert!(
        first.iter().all(|r| !r.patched),
        "nothing to patch the first time"
    );

    change_the_master(&master);
    let patched = generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    assert!(
        patched.iter().all(|r| r.patched),
        "every file patched: {:?}",
        patched
            .iter()
            .map(|r| (&r.user, r.patched))
            .collect::<Vec<_>>()
    );
    let rebuilt = generate(&request(dir.path(), "b", Regeneration::Rebuild)).unwrap();
    assert!(rebuilt.iter().all(|r| !r.patched));
    assert_same_files(
        &patched,
        &dir.path().join("a/snapshots"),
        &dir.path().join("b/snapshots"),
    );
}

#[test]
fn a_second_patch_builds_on_the_first_and_the_change_log_is_trimmed() {
    let dir = tempfile::tempdir().unwrap();
    let master = demo(dir.path());
    generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    let logged: i64 = master
        .query_row("SELECT count(*) FROM snapshot_change", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        logged, 1,
        "only the newest change is kept once every file holds it"
    );

    change_the_master(&master);
    generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    master
        .execute_batch(
            "UPDATE client SET tel_2 = '05 00 00 00 02' WHERE c_client = 'C999999';
             DELETE FROM client_contact WHERE id = (SELECT max(id) FROM client_contact);",
        )
        .unwrap();
    let second = generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    assert!(second.iter().all(|r| r.patched));
    generate(&request(dir.path(), "b", Regeneration::Rebuild)).unwrap();
    assert_same_files(
        &second,
        &dir.path().join("a/snapshots"),
        &dir.path().join("b/snapshots"),
    );
}

#[test]
fn a_file_is_rebuilt_when_a_patch_would_not_be_safe() {
    let dir = tempfile::tempdir().unwrap();
    let master = demo(dir.path());
    generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    let rep: String = master
        .query_row(
            "SELECT windows_user FROM app_user WHERE is_admin = 0 AND active = 1 ORDER BY windows_user LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();

    // A new ERP code makes another portfolio: that file is rebuilt, the others patched.
    master
        .execute(
            "UPDATE app_user SET erp_code = 'ZZ99' WHERE windows_user = ?1",
            [&rep],
        )
        .unwrap();
    let reports = generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    for report in &reports {
        assert_eq!(report.patched, report.user != rep, "{}", report.user);
    }

    // A lost previous file: rebuilt.
    let (file, _) = published(&dir.path().join("a/snapshots"), &rep);
    std::fs::remove_file(&file).unwrap();
    let reports = generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    let mine = reports.iter().find(|r| r.user == rep).unwrap();
    assert!(!mine.patched);

    // A new year: CA N and N-1 move, every file is rebuilt.
    let mut next_year = request(dir.path(), "a", Regeneration::Patch);
    next_year.now = Utc.with_ymd_and_hms(2027, 1, 2, 6, 0, 0).unwrap();
    assert!(generate(&next_year).unwrap().iter().all(|r| !r.patched));

    // Asked for a rebuild: rebuilt.
    let reports = generate(&request(dir.path(), "a", Regeneration::Rebuild)).unwrap();
    assert!(reports.iter().all(|r| !r.patched));
}

/// The team figures of admins' files: a patch run brings the kept state up to date with
/// the changed clients only (a figure planted in the state survives it), and a rebuild
/// counts everything again (the planted figure is gone).
#[test]
fn a_patch_run_updates_the_team_figures_of_the_changed_clients_only() {
    let dir = tempfile::tempdir().unwrap();
    let master = demo(dir.path());
    let first = generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    let admin = first
        .iter()
        .find(|r| {
            master
                .query_row(
                    "SELECT is_admin FROM app_user WHERE windows_user = ?1",
                    [&r.user],
                    |row| row.get::<_, bool>(0),
                )
                .unwrap()
        })
        .expect("the demo has an admin")
        .user
        .clone();
    let state = Connection::open(dir.path().join("a/build/+team/state.sqlite")).unwrap();
    state
        .execute(
            "INSERT INTO figure_total VALUES ('ZZ98', '2026-11', 'ca', 4242, 1)",
            [],
        )
        .unwrap();
    drop(state);
    let planted = |root: &str| -> i64 {
        let (file, _) = published(&dir.path().join(root).join("snapshots"), &admin);
        Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM team_month WHERE c_user = 'ZZ98' AND value = 4242",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };

    change_the_master(&master);
    let patched = generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    assert!(patched.iter().all(|r| r.patched));
    assert_eq!(planted("a"), 1, "the state was patched, not counted again");

    generate(&request(dir.path(), "a", Regeneration::Rebuild)).unwrap();
    assert_eq!(planted("a"), 0, "a rebuild counts everything again");
}

/// A file patched on the next day holds what a rebuild of that day holds: the team
/// figures' periods and the calendar's window move with the day.
#[test]
fn a_file_patched_the_next_day_holds_what_a_rebuild_of_that_day_holds() {
    let dir = tempfile::tempdir().unwrap();
    let master = demo(dir.path());
    generate(&request(dir.path(), "a", Regeneration::Patch)).unwrap();
    change_the_master(&master);
    let next_day = |root: &str, regeneration| SnapshotRequest {
        now: evening() + chrono::Duration::days(1),
        ..request(dir.path(), root, regeneration)
    };
    let patched = generate(&next_day("a", Regeneration::Patch)).unwrap();
    assert!(patched.iter().all(|r| r.patched));
    generate(&next_day("b", Regeneration::Rebuild)).unwrap();
    assert_same_files(
        &patched,
        &dir.path().join("a/snapshots"),
        &dir.path().join("b/snapshots"),
    );
}
