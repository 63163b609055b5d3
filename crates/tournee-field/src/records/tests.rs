//! Reading records from real snapshot files: one with the record tables (as the server
//! writes them), one from an older server without them.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::*;

const P1: &str = "01JD0000000000000000000P01";
const P2: &str = "01JD0000000000000000000P02";

/// A snapshot file with the contract's tables and indexes, filled by `rows`, reopened
/// read-only as the app opens it.
fn snapshot(dir: &Path, rows: &str) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute_batch(rows).unwrap();
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn with_records(dir: &Path) -> Connection {
    snapshot(
        dir,
        &format!(
            "INSERT INTO config VALUES ('accepted_specs', '[1,2]');
             INSERT INTO party (id, kind, name, city, owner, created_by, created_at) VALUES
               ('{P1}', 'company', 'Garage Dupont', 'Lyon', 'jdupont', 'jdupont', '2026-11-20T08:00:00.000Z'),
               ('{P2}', 'person', 'Martin', NULL, 'jdupont', 'slefebvre', '2026-11-20T08:00:00.000Z');
             INSERT INTO person (id, party_id, first_name, last_name, owner, created_by, created_at) VALUES
               ('E2', '{P1}', 'Zoé', 'Arnaud', 'jdupont', 'jdupont', 'x'),
               ('E1', '{P1}', 'Paul', 'Dupont', 'jdupont', 'jdupont', 'x');
             INSERT INTO action (id, party_id, action_type, date, time, comment, owner, created_by, created_at) VALUES
               ('A1', '{P1}', 'call', '2026-11-18', '09:00', 'premier appel', 'jdupont', 'jdupont', 'x'),
               ('A2', '{P1}', 'visit', '2026-11-19', NULL, NULL, 'jdupont', 'jdupont', 'x'),
               ('A3', '{P1}', 'mail', '2026-11-19', '16:30', NULL, 'jdupont', 'jdupont', 'x'),
               ('A4', '{P2}', 'call', '2026-11-20', NULL, NULL, 'jdupont', 'jdupont', 'x');
             INSERT INTO action_reply (id, action_id, author, date, text, owner, created_by, created_at) VALUES
               ('R2', 'A1', 'slefebvre', '2026-11-19', 'Relancé', 'jdupont', 'slefebvre', 'x'),
               ('R1', 'A1', 'jdupont', '2026-11-18', 'Rappeler lundi', 'jdupont', 'jdupont', 'x');
             INSERT INTO todo (id, text, due, party_id, repeat_days, done_on, owner, created_by, created_at) VALUES
               ('T1', 'Devis', '2026-11-25', '{P1}', NULL, NULL, 'jdupont', 'jdupont', 'x'),
               ('T2', 'Note de frais', '2026-11-10', NULL, 30, NULL, 'jdupont', 'jdupont', 'x'),
               ('T3', 'Fait', '2026-11-01', NULL, NULL, '2026-11-02', 'jdupont', 'jdupont', 'x'),
               ('T4', 'Aujourd''hui', '2026-11-21', NULL, NULL, NULL, 'jdupont', 'jdupont', 'x');"
        ),
    )
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn a_contact_comes_with_its_people_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let conn = with_records(dir.path());
    let page = contact(&conn, P1).unwrap().unwrap();
    assert_eq!(page.party.kind, PartyKind::Company);
    assert_eq!(page.party.name, "Garage Dupont");
    assert_eq!(page.party.city.as_deref(), Some("Lyon"));
    assert_eq!(page.party.owner, "jdupont");
    let people: Vec<&str> = page.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(people, ["E2", "E1"]);
    assert_eq!(page.people[1].first_name.as_deref(), Some("Paul"));
    assert!(contact(&conn, "01JD0000000000000000000P99")
        .unwrap()
        .is_none());
    let names: Vec<String> = parties(&conn)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Garage Dupont", "Martin"]);
}

#[test]
fn a_timeline_is_newest_first_with_replies_in_conversation_order() {
    let dir = tempfile::tempdir().unwrap();
    let conn = with_records(dir.path());
    let items = timeline(&conn, P1).unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["A3", "A2", "A1"]);
    assert_eq!(items[2].date, day("2026-11-18"));
    assert_eq!(items[2].comment.as_deref(), Some("premier appel"));
    let replies: Vec<&str> = items[2].replies.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(replies, ["Rappeler lundi", "Relancé"]);
    assert!(items[0].replies.is_empty());
    assert_eq!(timeline(&conn, P2).unwrap().len(), 1);
}

#[test]
fn open_todos_come_overdue_first_and_done_ones_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let conn = with_records(dir.path());
    let todos = open_todos(&conn, day("2026-11-21")).unwrap();
    let seen: Vec<(&str, bool)> = todos.iter().map(|t| (t.id.as_str(), t.overdue)).collect();
    assert_eq!(seen, [("T2", true), ("T4", false), ("T1", false)]);
    assert_eq!(todos[0].repeat_days, Some(30));
    assert_eq!(todos[2].party_id.as_deref(), Some(P1));
}

#[test]
fn the_announcement_says_whether_record_changes_may_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let conn = with_records(dir.path());
    assert!(server_accepts_records(&conn).unwrap());
    assert!(server_accepts_spec(&conn, 1).unwrap());
    assert!(!server_accepts_spec(&conn, 3).unwrap());
}

#[test]
fn a_snapshot_from_an_older_server_reads_as_no_records_and_no_spec_2() {
    let dir = tempfile::tempdir().unwrap();
    let older: String = tournee_sync::SNAPSHOT_RECORD_TABLES
        .iter()
        .map(|table| format!("DROP TABLE {table};"))
        .collect();
    let conn = snapshot(dir.path(), &older);
    assert!(!has_records(&conn).unwrap());
    assert!(parties(&conn).unwrap().is_empty());
    assert!(contact(&conn, P1).unwrap().is_none());
    assert!(timeline(&conn, P1).unwrap().is_empty());
    assert!(open_todos(&conn, day("2026-11-21")).unwrap().is_empty());
    assert!(!server_accepts_records(&conn).unwrap());
    assert!(server_accepts_spec(&conn, 1).unwrap());
}
