//! Segments in snapshots (issue 15, sync-spec §7 « Segments »), on real SQLite files:
//! segments integrated through the real `RC` path, snapshots made by the real generator,
//! each user's file holding the segments the policy's `segment` read scope reaches (a rep
//! their own, a manager their team's, the admin all) with their members and criteria as
//! written, and the `write_reach` row telling the app what the policy lets the user write.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod snapshot_server;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value};
use tournee_store::Regeneration;

use snapshot_server::{server, Server};

const JD_LIST: &str = "01JD0000000000000000000S01";
const JD_CRITERIA: &str = "01JD0000000000000000000S02";
const MM_LIST: &str = "01JD0000000000000000000S03";
const PARTY: &str = "01JD0000000000000000000P01";

fn segment(id: &str, fields: Value) -> Value {
    json!({"entity": "segment", "op": "create", "id": id, "fields": fields})
}

/// jdupont's list and criteria segments, mmartin's list.
fn with_segments() -> Server {
    let mut s = server();
    s.integrate(
        "jdupont",
        "2026-11-18T08:00:00Z",
        segment(
            JD_LIST,
            json!({"name": "À rappeler", "kind": "list", "members": [PARTY]}),
        ),
    );
    s.integrate(
        "jdupont",
        "2026-11-18T09:00:00Z",
        segment(
            JD_CRITERIA,
            json!({"name": "Rhône", "kind": "criteria", "criteria": {"postal_prefix": "69"}}),
        ),
    );
    s.integrate(
        "mmartin",
        "2026-11-18T09:00:00Z",
        segment(MM_LIST, json!({"name": "Mes salons", "kind": "list"})),
    );
    s
}

fn open(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn ids(conn: &Connection) -> Vec<String> {
    conn.prepare("SELECT id FROM segment ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn write_reach(conn: &Connection) -> Value {
    let text: String = conn
        .query_row(
            "SELECT value_json FROM config WHERE key = 'write_reach'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_rep_reads_their_own_segments_a_manager_their_teams_and_the_admin_all() {
    let s = with_segments();
    s.generate(Regeneration::Rebuild);
    assert_eq!(
        ids(&open(&s.published("jdupont"))),
        vec![JD_LIST, JD_CRITERIA]
    );
    assert_eq!(ids(&open(&s.published("mmartin"))), vec![MM_LIST]);
    // luc leads « Nord » (jdupont and himself): not mmartin's.
    assert_eq!(ids(&open(&s.published("luc"))), vec![JD_LIST, JD_CRITERIA]);
    assert_eq!(
        ids(&open(&s.published("slefebvre"))),
        vec![JD_LIST, JD_CRITERIA, MM_LIST]
    );
}

#[test]
fn a_segment_travels_with_its_members_criteria_and_owner_after_a_patch_too() {
    let mut s = with_segments();
    s.generate(Regeneration::Rebuild);
    s.integrate(
        "jdupont",
        "2026-11-19T08:00:00Z",
        json!({"entity": "segment", "op": "update", "id": JD_CRITERIA,
               "fields": {"criteria": {"postal_prefix": "69", "idle_days": 30}}}),
    );
    s.generate(Regeneration::Patch);
    let jd = open(&s.published("jdupont"));
    let row: (String, String, Option<String>, Option<String>, String) = jd
        .query_row(
            "SELECT name, kind, members, criteria, owner FROM segment WHERE id = ?1",
            [JD_CRITERIA],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "Rhône".into(),
            "criteria".into(),
            None,
            Some(r#"{"idle_days":30,"postal_prefix":"69"}"#.into()),
            "jdupont".into()
        )
    );
    let members: String = jd
        .query_row(
            "SELECT members FROM segment WHERE id = ?1",
            [JD_LIST],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(members, format!(r#"["{PARTY}"]"#));
}

#[test]
fn each_file_says_what_its_user_may_write_and_whom_their_team_reaches() {
    let s = with_segments();
    s.generate(Regeneration::Rebuild);
    let rep = write_reach(&open(&s.published("jdupont")));
    assert_eq!(rep["scopes"]["party"], "own");
    assert_eq!(rep["scopes"]["segment"], "own");
    let manager = write_reach(&open(&s.published("luc")));
    assert_eq!(manager["scopes"]["party"], "team");
    assert_eq!(manager["team"], json!(["jdupont", "luc"]));
    let admin = write_reach(&open(&s.published("slefebvre")));
    assert_eq!(admin["scopes"]["party"], "all");
}
