//! Which ERP visits a snapshot holds, by the policy's read scope of `visit` (small demo,
//! real SQLite files): a rep's portfolio and own visits; a manager's, plus the last six
//! weeks of the team's clients; an office account without a laptop reading `all`, the last
//! six weeks of every active client's. Patched files agree with a rebuild, also after the
//! team changed.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags};
use tournee_store::{add_member, create_team, remove_member, TEAM_VISIT_DAYS};
use tournee_store::{fill_demo, open_master, DemoSpec, Parameters};
use tournee_store::{generate, Regeneration, SnapshotRequest};
use tournee_sync::read_manifest;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn request(dir: &Path, regeneration: Regeneration) -> SnapshotRequest {
    SnapshotRequest {
        master_path: dir.join("master.sqlite"),
        snapshots_root: dir.join("snapshots"),
        build_root: dir.join("build"),
        users: Some(vec!["jdupont".into(), "nbertrand".into(), "acompta".into()]),
        now: Utc.with_ymd_and_hms(2026, 11, 23, 20, 0, 0).unwrap(),
        params: Parameters::default(),
        regeneration,
    }
}

/// The small demo; `nbertrand` leads a team with `jdupont`; `acompta` is an accountant
/// without an ERP code. Returns the team's id.
fn setup(dir: &Path) -> i64 {
    let mut master = open_master(&dir.join("master.sqlite")).unwrap();
    fill_demo(&mut master, &DemoSpec::small(today())).unwrap();
    master
        .execute_batch(
            "UPDATE app_user SET role = 'manager' WHERE windows_user = 'nbertrand';
             INSERT INTO app_user (windows_user, erp_code, email, display_name, role) \
               VALUES ('acompta', NULL, 'acompta@pneus-tournee.fr', 'Anne Compta', 'accountant');",
        )
        .unwrap();
    let team = create_team(&master, "Ouest").unwrap();
    add_member(&master, team, "nbertrand", true).unwrap();
    add_member(&master, team, "jdupont", false).unwrap();
    team
}

fn snapshot(dir: &Path, user: &str) -> (Connection, PathBuf) {
    let folder = dir.join("snapshots").join(user);
    let manifest = read_manifest(&folder).unwrap();
    let path = folder.join(&manifest.database);
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.execute(
        "ATTACH DATABASE ?1 AS m",
        [dir.join("master.sqlite").to_str().unwrap()],
    )
    .unwrap();
    (conn, path)
}

fn ids(conn: &Connection, sql: &str) -> Vec<i64> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn code_of(dir: &Path, user: &str) -> String {
    open_master(&dir.join("master.sqlite"))
        .unwrap()
        .query_row(
            "SELECT erp_code FROM app_user WHERE windows_user = ?1",
            [user],
            |r| r.get(0),
        )
        .unwrap()
}

/// The visits the policy gives: the portfolio's and the user's own (every day), plus the
/// other reps' of `others` (a `WHERE` on the client `c`) since the window's first day.
fn expected(conn: &Connection, code: &str, others: &str) -> Vec<i64> {
    let since = today() - chrono::Duration::days(TEAM_VISIT_DAYS);
    ids(
        conn,
        &format!(
            "SELECT r.id FROM m.client_relation r LEFT JOIN m.client c ON c.c_client = r.c_entite \
             WHERE r.c_archive = 'N' AND ( \
               r.c_entite IN (SELECT c_client FROM m.client WHERE c_rep = '{code}') \
               OR r.c_user = '{code}' \
               OR (c.actif = 1 AND r.date_relation >= '{since}' AND ({others}))) \
             ORDER BY r.id"
        ),
    )
}

fn held(conn: &Connection) -> Vec<i64> {
    ids(conn, "SELECT id FROM client_relation ORDER BY id")
}

#[test]
fn each_snapshot_holds_the_visits_its_reader_may_read_and_patches_agree() {
    let dir = tempfile::tempdir().unwrap();
    let team = setup(dir.path());
    generate(&request(dir.path(), Regeneration::Rebuild)).unwrap();
    let (jd, nb) = (
        code_of(dir.path(), "jdupont"),
        code_of(dir.path(), "nbertrand"),
    );

    // The rep: as before, the portfolio's and her own.
    let (rep, _) = snapshot(dir.path(), "jdupont");
    assert_eq!(held(&rep), expected(&rep, &jd, "false"));
    // The manager: plus six weeks of the team's clients, and of no one else's.
    let (manager, manager_path) = snapshot(dir.path(), "nbertrand");
    let team_visits = expected(&manager, &nb, &format!("c.c_rep = '{jd}'"));
    assert_eq!(held(&manager), team_visits);
    let recent_of_jd = ids(
        &manager,
        &format!(
            "SELECT r.id FROM client_relation r JOIN m.client c ON c.c_client = r.c_entite \
             WHERE c.c_rep = '{jd}' AND r.c_user <> '{nb}'"
        ),
    );
    assert!(!recent_of_jd.is_empty(), "the team's recent visits travel");
    // The accountant without a laptop: six weeks of every active client's.
    let (accountant, accountant_path) = snapshot(dir.path(), "acompta");
    let everyone = expected(&accountant, "", "true");
    assert!(
        everyone.len() > recent_of_jd.len(),
        "every rep's recent visits travel"
    );
    assert_eq!(held(&accountant), everyone);
    let bytes = |p: &Path| std::fs::metadata(p).unwrap().len();
    eprintln!(
        "rows: rep {}, manager {}, accountant {}; bytes: manager {}, accountant {}",
        held(&rep).len(),
        team_visits.len(),
        everyone.len(),
        bytes(&manager_path),
        bytes(&accountant_path)
    );
    drop((rep, manager, accountant));

    // A new visit of the rep's, and the rep leaves the team: patched files follow.
    {
        let master = open_master(&dir.path().join("master.sqlite")).unwrap();
        master
            .execute(
                "INSERT INTO client_relation (origine_relation, date_relation, heure_relation, \
                   type_entite, c_entite, c_user, type_relation, objet, commentaire) \
                 SELECT 'CRV', '2026-11-23', '10:00', 'C', c_client, c_rep, 'V', 'Visite', 'Ce matin' \
                 FROM client WHERE c_rep = ?1 AND actif = 1 ORDER BY c_client LIMIT 1",
                [&jd],
            )
            .unwrap();
    }
    let reports = generate(&request(dir.path(), Regeneration::Patch)).unwrap();
    assert!(reports.iter().all(|r| r.patched), "{reports:?}");
    let (manager, _) = snapshot(dir.path(), "nbertrand");
    let now = expected(&manager, &nb, &format!("c.c_rep = '{jd}'"));
    assert_eq!(held(&manager), now);
    assert_eq!(
        now.len(),
        team_visits.len() + 1,
        "this morning's visit came"
    );
    let (accountant, _) = snapshot(dir.path(), "acompta");
    assert_eq!(held(&accountant), expected(&accountant, "", "true"));
    drop((manager, accountant));

    remove_member(
        &open_master(&dir.path().join("master.sqlite")).unwrap(),
        team,
        "jdupont",
    )
    .unwrap();
    let reports = generate(&request(dir.path(), Regeneration::Patch)).unwrap();
    assert!(reports.iter().all(|r| r.patched), "{reports:?}");
    let (manager, _) = snapshot(dir.path(), "nbertrand");
    assert_eq!(held(&manager), expected(&manager, &nb, "false"));
    drop(manager);
    // And a rebuild holds the same rows as the patch.
    let patched: Vec<i64> = held(&snapshot(dir.path(), "nbertrand").0);
    generate(&request(dir.path(), Regeneration::Rebuild)).unwrap();
    assert_eq!(held(&snapshot(dir.path(), "nbertrand").0), patched);
}
