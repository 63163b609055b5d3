//! Follow-up rules on real SQLite files: what is due, exactly once, who receives it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::{params, Connection};
use serde_json::Value;

use super::*;
use crate::master::open_master;
use crate::master::teams::{add_member, create_team};
use crate::master::users::{upsert_user, User};

struct Master {
    _dir: tempfile::TempDir,
    conn: Connection,
}

/// A master whose rules became active on 2026-12-01 at 00:00, with jdupont (rep), luc
/// (leading jdupont's team), sarah (rep, inactive) and nobody's team.
fn master() -> Master {
    let dir = tempfile::tempdir().unwrap();
    let conn = open_master(&dir.path().join("tournee.sqlite")).unwrap();
    conn.execute(
        "UPDATE follow_up_rule SET active_since = '2026-12-01T00:00:00Z'",
        [],
    )
    .unwrap();
    for (login, code, mail, active) in [
        ("jdupont", "JD", "jdupont@example.test", true),
        ("luc", "LU", "luc@example.test", true),
        ("sarah", "SA", "sarah@example.test", false),
    ] {
        upsert_user(
            &conn,
            &User {
                windows_user: login.into(),
                erp_code: code.into(),
                email: mail.into(),
                display_name: login.to_uppercase(),
                is_admin: false,
                active,
            },
        )
        .unwrap();
    }
    let team = create_team(&conn, "Ventes").unwrap();
    add_member(&conn, team, "jdupont", false).unwrap();
    add_member(&conn, team, "sarah", false).unwrap();
    add_member(&conn, team, "luc", true).unwrap();
    Master { _dir: dir, conn }
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap()
}

/// A party of `status` created at `created_at`, owned by `owner` (none: created by jdupont).
fn party(m: &Master, id: &str, created_at: &str, owner: Option<&str>, status: &str) {
    m.conn
        .execute(
            "INSERT INTO party (id, kind, name, owner, created_by, created_at, change_id, status) \
             VALUES (?1, 'company', ?2, ?3, 'jdupont', ?4, ?1, ?5)",
            params![id, format!("Société {id}"), owner, created_at, status],
        )
        .unwrap();
}

/// The queued reminders' payloads, oldest first.
fn queued(m: &Master) -> Vec<Value> {
    m.conn
        .prepare("SELECT payload_json FROM notification WHERE kind = ?1 ORDER BY id")
        .unwrap()
        .query_map([FOLLOW_UP_KIND], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|p| serde_json::from_str(&p.unwrap()).unwrap())
        .collect()
}

#[test]
fn a_lead_is_reminded_once_after_its_delay_with_the_manager_in_copy() {
    let mut m = master();
    party(&m, "P1", "2026-12-02T09:00:00Z", Some("jdupont"), "lead");
    // Two days and 23 hours: not yet.
    assert_eq!(queue_follow_ups(&mut m.conn, at(5, 8)).unwrap().queued, 0);
    // Three days: once, and never again whatever the runs.
    assert_eq!(queue_follow_ups(&mut m.conn, at(5, 9)).unwrap().queued, 1);
    assert_eq!(queue_follow_ups(&mut m.conn, at(5, 10)).unwrap().queued, 0);
    assert_eq!(queue_follow_ups(&mut m.conn, at(9, 10)).unwrap().queued, 0);
    let mails = queued(&m);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["rule"], "lead_open");
    assert_eq!(mails[0]["record_id"], "P1");
    assert_eq!(mails[0]["record_name"], "Société P1");
    assert_eq!(mails[0]["days"], 3);
    assert_eq!(mails[0]["to"], serde_json::json!(["jdupont@example.test"]));
    assert_eq!(mails[0]["cc"], serde_json::json!(["luc@example.test"]));
}

#[test]
fn only_open_leads_past_the_rule_start_are_reminded() {
    let mut m = master();
    party(
        &m,
        "QUALIFIED",
        "2026-12-01T09:00:00Z",
        Some("jdupont"),
        "prospect",
    );
    party(
        &m,
        "DROPPED",
        "2026-12-01T09:00:00Z",
        Some("jdupont"),
        "dead_lead",
    );
    // Its deadline (11-29) fell before the rule became active (12-01): the backlog is not mailed.
    party(
        &m,
        "BACKLOG",
        "2026-11-26T09:00:00Z",
        Some("jdupont"),
        "lead",
    );
    party(&m, "OPEN", "2026-12-01T09:00:00Z", Some("jdupont"), "lead");
    assert_eq!(queue_follow_ups(&mut m.conn, at(20, 0)).unwrap().queued, 1);
    assert_eq!(queued(&m)[0]["record_id"], "OPEN");
}

#[test]
fn without_a_reachable_owner_the_managers_receive_it_and_an_unassigned_lead_goes_to_its_creator() {
    let mut m = master();
    party(&m, "SARAHS", "2026-12-01T09:00:00Z", Some("sarah"), "lead");
    party(&m, "POOL", "2026-12-01T10:00:00Z", None, "lead");
    party(&m, "GONE", "2026-12-01T11:00:00Z", Some("nobody"), "lead");
    assert_eq!(queue_follow_ups(&mut m.conn, at(10, 0)).unwrap().queued, 3);
    let mails = queued(&m);
    // sarah is inactive: her team leader receives it.
    assert_eq!(mails[0]["to"], serde_json::json!(["luc@example.test"]));
    assert_eq!(mails[0]["cc"], serde_json::json!([]));
    // No owner: the creator (jdupont), his leader in copy.
    assert_eq!(mails[1]["owner"], "jdupont");
    assert_eq!(mails[1]["to"], serde_json::json!(["jdupont@example.test"]));
    // An unknown owner in no team: nobody; the server sends it to the error addresses.
    assert_eq!(mails[2]["to"], serde_json::json!([]));
}

#[test]
fn a_rule_turned_off_sends_nothing_and_turned_on_again_does_not_mail_the_backlog() {
    let mut m = master();
    party(&m, "EARLY", "2026-12-01T09:00:00Z", Some("jdupont"), "lead");
    let off = FollowUpSettings {
        days: 3,
        enabled: false,
        copy_managers: true,
    };
    save_follow_up_rule(&m.conn, "lead_open", off, "admin", at(2, 0)).unwrap();
    assert_eq!(queue_follow_ups(&mut m.conn, at(6, 0)).unwrap().queued, 0);
    let on = FollowUpSettings {
        enabled: true,
        ..off
    };
    save_follow_up_rule(&m.conn, "lead_open", on, "admin", at(6, 0)).unwrap();
    // EARLY's deadline (12-04) passed while the rule was off.
    assert_eq!(queue_follow_ups(&mut m.conn, at(7, 0)).unwrap().queued, 0);
    party(&m, "LATER", "2026-12-05T09:00:00Z", Some("jdupont"), "lead");
    assert_eq!(queue_follow_ups(&mut m.conn, at(8, 9)).unwrap().queued, 1);
    let rules = follow_up_rules(&m.conn).unwrap();
    assert_eq!(rules[0].changed_by, "admin");
    assert_eq!(rules[0].active_since, "2026-12-06T00:00:00Z");
}

#[test]
fn without_copy_the_managers_are_left_out() {
    let mut m = master();
    let settings = FollowUpSettings {
        days: 1,
        enabled: true,
        copy_managers: false,
    };
    save_follow_up_rule(&m.conn, "lead_open", settings, "admin", at(1, 0)).unwrap();
    party(&m, "P1", "2026-12-02T09:00:00Z", Some("jdupont"), "lead");
    assert_eq!(queue_follow_ups(&mut m.conn, at(3, 9)).unwrap().queued, 1);
    assert_eq!(queued(&m)[0]["cc"], serde_json::json!([]));
    assert_eq!(queued(&m)[0]["days"], 1);
}

#[test]
fn bad_settings_are_refused_with_their_field() {
    let m = master();
    for days in [0, FOLLOW_UP_MAX_DAYS + 1] {
        let settings = FollowUpSettings {
            days,
            enabled: true,
            copy_managers: true,
        };
        assert!(matches!(
            save_follow_up_rule(&m.conn, "lead_open", settings, "admin", at(1, 0)),
            Err(FollowUpError::Days(d)) if d == days
        ));
    }
    let fine = FollowUpSettings {
        days: 2,
        enabled: true,
        copy_managers: true,
    };
    assert!(matches!(
        save_follow_up_rule(
            &m.conn,
            "party_open'; DROP TABLE party; --",
            fine,
            "admin",
            at(1, 0)
        ),
        Err(FollowUpError::Unknown(_))
    ));
    // Nothing changed.
    assert_eq!(follow_up_rules(&m.conn).unwrap()[0].days, 3);
}

#[test]
fn a_long_stop_is_caught_up_over_several_runs() {
    let mut m = master();
    let start = at(1, 0);
    for i in 0..(MAX_REMINDERS_PER_RUN + 20) {
        let created = (start + Duration::seconds(i as i64)).to_rfc3339();
        party(&m, &format!("P{i:05}"), &created, Some("jdupont"), "lead");
    }
    assert_eq!(
        queue_follow_ups(&mut m.conn, at(20, 0)).unwrap().queued,
        MAX_REMINDERS_PER_RUN
    );
    assert_eq!(queue_follow_ups(&mut m.conn, at(20, 0)).unwrap().queued, 20);
    assert_eq!(queue_follow_ups(&mut m.conn, at(20, 0)).unwrap().queued, 0);
}

#[test]
fn the_page_lists_the_reminders_queued_newest_first_with_their_mail_state() {
    let mut m = master();
    party(&m, "P1", "2026-12-01T09:00:00Z", Some("jdupont"), "lead");
    party(&m, "P2", "2026-12-02T09:00:00Z", Some("jdupont"), "lead");
    queue_follow_ups(&mut m.conn, at(4, 10)).unwrap();
    queue_follow_ups(&mut m.conn, at(5, 10)).unwrap();
    m.conn
        .execute("UPDATE notification SET status = 'sent' WHERE id = 1", [])
        .unwrap();
    let recent = recent_follow_ups(&m.conn, 10).unwrap();
    assert_eq!(recent.len(), 2);
    assert_eq!(recent[0].record_name, "Société P2");
    assert_eq!(recent[0].mail_status, "pending");
    assert_eq!(recent[1].record_name, "Société P1");
    assert_eq!(recent[1].mail_status, "sent");
    assert_eq!(recent[1].cc, vec!["luc@example.test".to_string()]);
    assert_eq!(recent_follow_ups(&m.conn, 1).unwrap().len(), 1);
}

/// An opportunity on party `party`, created at `created_at`, of `status`, owned by `owner`.
fn opportunity(
    m: &Master,
    id: &str,
    party: &str,
    created_at: &str,
    owner: Option<&str>,
    status: &str,
) {
    m.conn
        .execute(
            "INSERT INTO opportunity (id, party_id, owner, title, pipeline, stage, status, created_by, created_at, change_id) \
             VALUES (?1, ?2, ?3, ?4, 'standard', 'qualification', ?5, 'jdupont', ?6, ?1)",
            params![id, party, owner, format!("Projet {id}"), status, created_at],
        )
        .unwrap();
}

#[test]
fn an_open_opportunity_is_reminded_once_after_five_days_and_a_closed_one_never() {
    let mut m = master();
    party(
        &m,
        "P1",
        "2026-11-20T09:00:00Z",
        Some("jdupont"),
        "prospect",
    );
    opportunity(
        &m,
        "O1",
        "P1",
        "2026-12-02T09:00:00Z",
        Some("jdupont"),
        "open",
    );
    opportunity(
        &m,
        "O2",
        "P1",
        "2026-12-02T09:00:00Z",
        Some("jdupont"),
        "won",
    );
    // Four days: not yet.
    assert_eq!(queue_follow_ups(&mut m.conn, at(6, 9)).unwrap().queued, 0);
    assert_eq!(queue_follow_ups(&mut m.conn, at(7, 9)).unwrap().queued, 1);
    assert_eq!(queue_follow_ups(&mut m.conn, at(9, 9)).unwrap().queued, 0);
    let mails = queued(&m);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["rule"], "opportunity_open");
    assert_eq!(mails[0]["record_id"], "O1");
    assert_eq!(mails[0]["record_name"], "Projet O1 (Société P1)");
    assert_eq!(mails[0]["days"], 5);
    assert_eq!(mails[0]["cc"], serde_json::json!(["luc@example.test"]));
}

#[test]
fn the_deadline_is_exact_to_the_second_whatever_offset_or_precision_the_creation_was_stored_with() {
    let mut m = master();
    // Rule active since 12-01 00:00, three days: due at creation + 72 h exactly. Each pair
    // is one creation instant written as laptops and imports may write it, due at 12-05
    // 10:00:00 UTC (`_ON`) or one second later (`_LATE`).
    for (id, created_at) in [
        ("UTC_ON", "2026-12-02T10:00:00Z"),
        ("UTC_LATE", "2026-12-02T10:00:01Z"),
        ("MILLIS_ON", "2026-12-02T10:00:00.000Z"),
        ("MILLIS_LATE", "2026-12-02T10:00:00.900Z"),
        ("OFFSET_ON", "2026-12-02T12:00:00+02:00"),
        ("OFFSET_LATE", "2026-12-02T12:00:01+02:00"),
        ("WEST_ON", "2026-12-01T23:00:00-11:00"),
        ("WEST_LATE", "2026-12-01T23:00:01-11:00"),
    ] {
        party(&m, id, created_at, Some("jdupont"), "lead");
    }
    assert_eq!(queue_follow_ups(&mut m.conn, at(5, 10)).unwrap().queued, 4);
    let mut reminded: Vec<String> = queued(&m)
        .iter()
        .map(|mail| mail["record_id"].as_str().unwrap().to_string())
        .collect();
    reminded.sort();
    assert_eq!(reminded, ["MILLIS_ON", "OFFSET_ON", "UTC_ON", "WEST_ON"]);
    // A second later the other four are due, and only they.
    let later = at(5, 10) + Duration::seconds(1);
    assert_eq!(queue_follow_ups(&mut m.conn, later).unwrap().queued, 4);
    assert_eq!(queue_follow_ups(&mut m.conn, later).unwrap().queued, 0);
}

#[test]
fn the_creation_window_keeps_an_opportunity_due_after_the_rule_start_and_leaves_the_backlog() {
    // The creation window is computed from the rule's start: a rule active since
    // 2026-12-01 reminds an opportunity created 11-28 (deadline 12-03), not one whose
    // deadline fell before the start.
    let mut m = master();
    party(&m, "P", "2026-11-01T09:00:00Z", Some("jdupont"), "prospect");
    for (id, created_at) in [
        ("IN", "2026-11-28T09:00:00Z"),
        ("BACKLOG", "2026-11-25T09:00:00Z"),
    ] {
        m.conn
            .execute(
                "INSERT INTO opportunity (id, party_id, title, pipeline, stage, status, owner, created_by, created_at, change_id) \
                 VALUES (?1, 'P', ?1, 'standard', 'qualification', 'open', 'jdupont', 'jdupont', ?2, ?1)",
                params![id, created_at],
            )
            .unwrap();
    }
    assert_eq!(queue_follow_ups(&mut m.conn, at(20, 0)).unwrap().queued, 1);
    assert_eq!(queued(&m)[0]["record_id"], "IN");
}
