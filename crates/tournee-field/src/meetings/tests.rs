//! Campaigns, meetings and recent activity read from real snapshot files: one as the
//! server now writes it, one from an older server without the campaign and meeting tables.

use std::path::Path;

use chrono::DateTime;
use rusqlite::{Connection, OpenFlags};

use super::*;

const C1: &str = "01JD0000000000000000000C01";
const P1: &str = "01JD0000000000000000000P01";
const P2: &str = "01JD0000000000000000000P02";

fn snapshot(dir: &Path, rows: &str, drop_meet_tables: bool) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute_batch(rows).unwrap();
    if drop_meet_tables {
        conn.execute_batch("DROP TABLE campaign; DROP TABLE meeting;")
            .unwrap();
    }
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn rows() -> String {
    format!(
        "INSERT INTO campaign (id, name, starts_on, ends_on, place, cost_cents, owner, created_by, created_at) VALUES
           ('{C1}', 'House & Design 2027', '2027-02-03', '2027-02-05', 'Paris', 1250000, 'luc', 'luc', 'x');
         INSERT INTO party (id, kind, name, first_name, owner, created_by, created_at, status, campaign, client_code) VALUES
           ('{P1}', 'company', 'Cuisines Dubois', NULL, 'thomas', 'thomas', 'x', 'prospect', '{C1}', 'C0042'),
           ('{P2}', 'person', 'Martin', 'Anne', 'luc', 'eric', '2027-02-04T17:40:00.000Z', 'lead', '{C1}', NULL);
         INSERT INTO action (id, party_id, action_type, date, time, comment, owner, created_by, created_at, opportunity) VALUES
           ('A1', '{P1}', 'appel', '2027-02-10', '14:05', 'Armoires rouges', 'thomas', 'eric', 'x', 'O1'),
           ('A0', '{P1}', 'email', '2027-01-20', NULL, 'Trop ancien', 'thomas', 'thomas', 'x', NULL);
         INSERT INTO action_reply (id, action_id, author, date, text, owner, created_by, created_at) VALUES
           ('R1', 'A1', 'thomas', '2027-02-11', 'Catalogue prêt', 'thomas', 'thomas', 'x');
         INSERT INTO client_relation (id, origine_relation, date_relation, heure_relation, c_entite, c_user, objet, commentaire, relation_kind) VALUES
           (7, 'V', '2027-02-01', '10:00', 'C0042', 'TH01', 'Visite découverte', '', 'visit'),
           (8, 'V', '2027-02-02', '10:00', 'C0042', 'TH01', 'Demande de modification', '', 'modification_request');
         INSERT INTO todo (id, text, due, party_id, done_on, owner, created_by, created_at) VALUES
           ('T1', 'Envoyer le descriptif', '2027-02-05', '{P1}', '2027-02-06', 'thomas', 'thomas', 'x'),
           ('T2', 'Ouvert', '2027-02-05', '{P1}', NULL, 'thomas', 'thomas', 'x');
         INSERT INTO meeting (id, party_id, attendee, place, starts_at, ends_at, subject, status, owner, created_by, created_at) VALUES
           ('M1', '{P1}', 'luc', 'Chez le client', '2027-02-12T09:00:00Z', '2027-02-12T10:30:00Z', 'Projet cuisine', 'planned', 'thomas', 'thomas', 'x'),
           ('M0', '{P1}', 'luc', NULL, '2027-01-02T09:00:00Z', '2027-01-02T10:00:00Z', 'Passée', 'planned', 'thomas', 'thomas', 'x');"
    )
}

/// The `days` days up to `today`, on a laptop whose clock is at UTC.
fn utc_window(today: &str, days: u32) -> LocalWindow {
    LocalWindow::last_days(
        DateTime::parse_from_rfc3339(&format!("{today}T12:00:00Z")).unwrap(),
        days,
    )
}

#[test]
fn a_campaign_lists_its_leads_and_counts_them_by_status() {
    let dir = tempfile::tempdir().unwrap();
    let conn = snapshot(dir.path(), &rows(), false);
    let list = campaigns(&conn).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].leads, list[0].cost_cents), (2, Some(1_250_000)));
    let page = campaign_page(&conn, C1).unwrap().unwrap();
    let names: Vec<&str> = page.leads.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Cuisines Dubois", "Anne Martin"]);
    assert_eq!(
        page.by_status,
        [("lead".to_string(), 1), ("prospect".to_string(), 1)]
    );
    assert_eq!(campaign_page(&conn, P1).unwrap(), None);
}

#[test]
fn the_calendar_shows_meetings_still_to_come_soonest_first() {
    let dir = tempfile::tempdir().unwrap();
    let conn = snapshot(dir.path(), &rows(), false);
    let coming = meetings_from(&conn, "2027-02-10T00:00:00Z").unwrap();
    assert_eq!(coming.len(), 1);
    assert_eq!(
        (
            coming[0].id.as_str(),
            coming[0].party_name.as_str(),
            coming[0].organiser.as_str(),
            coming[0].attendee.as_str()
        ),
        ("M1", "Cuisines Dubois", "thomas", "luc")
    );
}

#[test]
fn the_last_fifteen_days_of_a_party_hold_its_calls_replies_visits_meetings_and_todos_done() {
    let dir = tempfile::tempdir().unwrap();
    let conn = snapshot(dir.path(), &rows(), false);
    let lines = recent_activity(&conn, P1, &utc_window("2027-02-12", 15)).unwrap();
    let seen: Vec<(ActivityKind, &str, &str)> = lines
        .iter()
        .map(|l| (l.kind, l.id.as_str(), l.date.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (ActivityKind::Meeting, "M1", "2027-02-12"),
            (ActivityKind::Reply, "R1", "2027-02-11"),
            (ActivityKind::Action, "A1", "2027-02-10"),
            (ActivityKind::TodoDone, "T1", "2027-02-06"),
            (ActivityKind::Visit, "7", "2027-02-01"),
        ],
        "the e-mail of 20 January is older than 15 days, the modification request is no visit"
    );
    assert_eq!(
        (lines[2].code.as_str(), lines[2].by.as_str()),
        ("appel", "eric")
    );
    // Three days back: only what happened since the 10th.
    assert_eq!(
        recent_activity(&conn, P1, &utc_window("2027-02-12", 3))
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_meeting_shows_on_its_local_day_at_its_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let conn = snapshot(dir.path(), &rows(), false);
    let paris =
        |at: &str, days| LocalWindow::last_days(DateTime::parse_from_rfc3339(at).unwrap(), days);
    // M1 starts at 09:00 UTC: 10:00 in Paris in winter.
    let lines = recent_activity(&conn, P1, &paris("2027-02-12T18:00:00+01:00", 15)).unwrap();
    assert_eq!(
        (
            lines[0].id.as_str(),
            lines[0].date.as_str(),
            lines[0].time.as_deref()
        ),
        ("M1", "2027-02-12", Some("10:00"))
    );
    // Moved to 23:30 UTC on the 12th: 00:30 on the 13th in Paris, so not yet in a window
    // that ends on the 12th there, and first in one that ends on the 13th.
    let late = tempfile::tempdir().unwrap();
    let moved = rows().replace(
        "'2027-02-12T09:00:00Z', '2027-02-12T10:30:00Z'",
        "'2027-02-12T23:30:00Z', '2027-02-13T00:30:00Z'",
    );
    let conn = snapshot(late.path(), &moved, false);
    let on_12th = recent_activity(&conn, P1, &paris("2027-02-12T18:00:00+01:00", 15)).unwrap();
    assert!(on_12th.iter().all(|l| l.id != "M1"), "{on_12th:?}");
    let on_13th = recent_activity(&conn, P1, &paris("2027-02-13T08:00:00+01:00", 15)).unwrap();
    assert_eq!(
        (
            on_13th[0].id.as_str(),
            on_13th[0].date.as_str(),
            on_13th[0].time.as_deref()
        ),
        ("M1", "2027-02-13", Some("00:30"))
    );
    // At UTC it is the 12th's last line of the day.
    let utc = recent_activity(&conn, P1, &utc_window("2027-02-12", 15)).unwrap();
    assert_eq!(
        (
            utc[0].id.as_str(),
            utc[0].date.as_str(),
            utc[0].time.as_deref()
        ),
        ("M1", "2027-02-12", Some("23:30"))
    );
}

#[test]
fn a_business_card_typed_under_a_campaign_shows_in_the_partys_last_fifteen_days() {
    let dir = tempfile::tempdir().unwrap();
    let conn = snapshot(dir.path(), &rows(), false);
    let lines = recent_activity(&conn, P2, &utc_window("2027-02-12", 15)).unwrap();
    let seen: Vec<(ActivityKind, &str, &str, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l.kind,
                l.id.as_str(),
                l.date.as_str(),
                l.text.as_str(),
                l.by.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [(
            ActivityKind::Card,
            P2,
            "2027-02-04",
            "House & Design 2027",
            "eric"
        )],
        "the card typed at the show, by whom, under which campaign"
    );
    assert!(
        recent_activity(&conn, P2, &utc_window("2027-02-12", 5))
            .unwrap()
            .is_empty(),
        "typed eight days before: not in the last five"
    );
}

#[test]
fn an_older_snapshot_without_the_tables_reads_as_having_no_campaigns_or_meetings() {
    let dir = tempfile::tempdir().unwrap();
    let conn = snapshot(dir.path(), &rows(), true);
    assert!(campaigns(&conn).unwrap().is_empty());
    assert!(meetings_from(&conn, "2027-01-01T00:00:00Z")
        .unwrap()
        .is_empty());
    let lines = recent_activity(&conn, P1, &utc_window("2027-02-12", 15)).unwrap();
    assert_eq!(lines.len(), 4, "everything but the meeting: {lines:?}");
}
