//! Campaigns, calls and meetings through the real server (issue 15): record changes
//! integrated by `tournee-server integrate --once`, the policy's call rule, and a
//! meeting's invitation delivered once per change to a real SMTP server on loopback
//! (aiosmtpd, `smtp_sink.py`) although it was down at first, read back by Python's
//! `icalendar` (`read_invitation.py`), not by our own code.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Duration, Utc};
use common::{outcomes, TestServer};
use rusqlite::params;
use serde_json::{json, Value};
use tournee_sync::{parse_record, publish_change, ChangeBody, Envelope};

const CAMPAIGN: &str = "01JD0000000000000000000C01";
const PARTY: &str = "01JD0000000000000000000P01";
const CALL: &str = "01JD0000000000000000000A01";
const VISIT: &str = "01JD0000000000000000000A02";
const MEETING: &str = "01JD0000000000000000000M01";
const OPPORTUNITY: &str = "01JD00000000000000000000Y1";

/// An empty server with Luc (manager, the sales director), Thomas and Éric (reps), and
/// brief 004's « read everything, write your own » policy, so that Éric reads Thomas's
/// parties without writing them.
fn server(smtp_port: u16) -> TestServer {
    let server = TestServer::init(&[]);
    let db = server.db();
    for (login, code, name, role) in [
        ("luc", "LU01", "Luc Girard", "manager"),
        ("thomas", "TH01", "Thomas Roux", "rep"),
        ("eric", "ER01", "Éric Petit", "rep"),
        ("olga", "OL01", "Olga Blanc", "observer"),
    ] {
        db.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, role) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![login, code, format!("{login}@notsotiny.fr"), name, role],
        )
        .unwrap();
    }
    let policy = include_str!("../../crates/tournee-core/src/policy/read_all_write_own.json");
    db.execute(
        "INSERT INTO policy (id, document, changed_by, changed_at) VALUES (1, ?1, 'test', '2027-01-01T00:00:00Z')",
        [policy],
    )
    .unwrap();
    let smtp = json!({"host": "127.0.0.1", "port": smtp_port, "tls": "none", "sender": "automate@notsotiny.fr"});
    db.execute(
        "INSERT INTO parameter (key, value) VALUES ('smtp', ?1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![smtp.to_string()],
    )
    .unwrap();
    server
}

/// Writes a record change from `user` into its inbox folder, as the field app does.
fn publish(server: &TestServer, user: &str, payload: Value) -> PathBuf {
    let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
    let envelope = Envelope::new(
        user,
        "PC-TEST",
        Utc::now().fixed_offset(),
        ChangeBody::RC(Box::new(change)),
    );
    let path = publish_change(&server.data.join("inbox").join(user), &envelope).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
    path
}

/// Integrates what is waiting; returns each file's outcome and reason.
fn integrate(server: &TestServer) -> Vec<(String, Option<String>)> {
    outcomes(&server.integrate(None))
        .into_iter()
        .map(|(outcome, _, reason)| (outcome, reason))
        .collect()
}

fn run_mail(server: &TestServer, now: chrono::DateTime<Utc>) -> String {
    let out = server.run(&["mail", "--now", &now.to_rfc3339()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The invitation as Python's `icalendar` reads it.
fn read_invitation(text: &str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/read_invitation.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 with icalendar (scripts/prerequisites.sh installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "icalendar refused the invitation: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_campaign_its_lead_a_call_by_a_colleague_and_a_meeting_invitation_sent_once_per_change() {
    let port = common::process::free_port();
    let server = server(port);

    // The trade show, set up by the sales director; an observer may not.
    let campaign = json!({"entity": "campaign", "op": "create", "id": CAMPAIGN, "fields": {
        "name": "House & Design 2027", "starts_on": "2027-02-03", "ends_on": "2027-02-05",
        "place": "Paris, Porte de Versailles", "cost_cents": 1_250_000}});
    publish(&server, "olga", campaign.clone());
    assert_eq!(
        integrate(&server),
        [("failed".into(), Some("not_allowed".into()))]
    );
    publish(&server, "luc", campaign);
    // A card typed at the show: a lead under the campaign.
    publish(
        &server,
        "thomas",
        json!({"entity": "party", "op": "create", "id": PARTY, "fields": {
            "kind": "company", "name": "Cuisines Dubois", "campaign": CAMPAIGN}}),
    );
    assert_eq!(
        integrate(&server),
        [("integrated".into(), None), ("integrated".into(), None)]
    );
    assert_eq!(
        server.count(&format!(
            "SELECT count(*) FROM party WHERE campaign = '{CAMPAIGN}'"
        )),
        1
    );

    // Thomas converts the lead into an opportunity (the call below links to it: a call on
    // an opportunity that does not exist would wait for it, like any child record).
    publish(
        &server,
        "thomas",
        json!({"entity": "opportunity", "op": "create", "id": OPPORTUNITY, "fields": {
            "party_id": PARTY, "title": "Armoires rouges", "value_cents": 500_000_000,
            "pipeline": "standard", "stage": "qualification", "status": "open"}}),
    );
    assert_eq!(integrate(&server), [("integrated".into(), None)]);

    // Éric answers the client's call on Thomas's party: a call he may log (he reads the
    // party), linked to an opportunity; any other action on it stays Thomas's.
    publish(
        &server,
        "eric",
        json!({"entity": "action", "op": "create", "id": CALL, "fields": {
            "party_id": PARTY, "action_type": "appel", "date": "2027-02-10",
            "comment": "Veut des armoires rouges, catalogue à apporter",
            "opportunity": OPPORTUNITY}}),
    );
    publish(
        &server,
        "eric",
        json!({"entity": "action", "op": "create", "id": VISIT, "fields": {
            "party_id": PARTY, "action_type": "visite", "date": "2027-02-10"}}),
    );
    let calls = integrate(&server);
    assert_eq!(
        calls,
        [
            ("integrated".into(), None),
            ("failed".into(), Some("not_allowed".into()))
        ]
    );
    let (author, opportunity): (String, String) = server
        .db()
        .query_row(
            "SELECT created_by, opportunity FROM action WHERE id = ?1",
            [CALL],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (author.as_str(), opportunity.as_str()),
        ("eric", OPPORTUNITY)
    );

    // Thomas plans a meeting for Luc at the client's; the SMTP server is down.
    let create = publish(
        &server,
        "thomas",
        json!({"entity": "meeting", "op": "create", "id": MEETING, "fields": {
            "party_id": PARTY, "attendee": "luc", "place": "Chez le client, 12 rue des Lilas",
            "starts_at": "2027-02-12T09:00:00Z", "ends_at": "2027-02-12T10:30:00Z",
            "subject": "Projet cuisine; armoires", "notes": "Lire le descriptif, envoyé par mail"}}),
    );
    let created_bytes = std::fs::read(&create).unwrap();
    assert_eq!(integrate(&server), [("integrated".into(), None)]);
    run_mail(&server, Utc::now());
    let invitations = |status: &str| {
        server.count(&format!(
            "SELECT count(*) FROM notification WHERE kind = 'meeting_invitation' AND status = '{status}'"
        ))
    };
    let failed_attempts = server.count(
        "SELECT count(*) FROM mail_attempt a JOIN notification n ON n.id = a.notification_id \
         WHERE n.kind = 'meeting_invitation' AND a.outcome = 'failed'",
    );
    assert_eq!(
        (invitations("pending"), failed_attempts),
        (1, 1),
        "the SMTP server is down"
    );

    // The same file arriving again (a copy restored by the sync tool) queues nothing more.
    std::fs::write(&create, &created_bytes).unwrap();
    assert_eq!(integrate(&server), [("duplicate".into(), None)]);

    let sink_dir = tempfile::tempdir().unwrap();
    let sink = common::smtp::SmtpSink::start(port, sink_dir.path());
    run_mail(&server, Utc::now() + Duration::minutes(2));
    run_mail(&server, Utc::now() + Duration::hours(3));
    assert_eq!((invitations("pending"), invitations("sent")), (0, 1));
    // The refusals above queued error mails too (no error address set: they wait); only
    // the invitations reach the sink.
    let received = || -> Vec<Value> {
        sink.received()
            .into_iter()
            .filter(|m| m["calendar"].is_object())
            .collect()
    };
    let mails = received();
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let mail = &mails[0];
    assert_eq!(mail["rcpt_tos"], json!(["luc@notsotiny.fr"]));
    assert!(mail["from"]
        .as_str()
        .unwrap()
        .contains("thomas@notsotiny.fr"));
    assert!(
        mail["subject"]
            .as_str()
            .unwrap()
            .starts_with("[Réunion] Projet cuisine; armoires"),
        "{mail:#?}"
    );
    assert!(mail["body"].as_str().unwrap().contains("Cuisines Dubois"));
    assert_eq!(mail["calendar"]["method"], "REQUEST");
    let invitation = read_invitation(mail["calendar"]["text"].as_str().unwrap());
    assert_eq!(invitation["method"], "REQUEST");
    assert_eq!(invitation["uid"], MEETING);
    assert_eq!(invitation["sequence"], 0);
    assert_eq!(invitation["status"], "CONFIRMED");
    assert_eq!(invitation["summary"], "Projet cuisine; armoires");
    assert_eq!(invitation["location"], "Chez le client, 12 rue des Lilas");
    assert_eq!(invitation["attendee"], "mailto:luc@notsotiny.fr");
    assert_eq!(invitation["attendee_cn"], "Luc Girard");
    assert_eq!(invitation["organizer"], "mailto:thomas@notsotiny.fr");
    assert_eq!(invitation["start"], "2027-02-12T09:00:00+00:00");
    assert_eq!(invitation["end"], "2027-02-12T10:30:00+00:00");

    // Moved by half an hour, then cancelled: one mail each, SEQUENCE rising.
    publish(
        &server,
        "thomas",
        json!({"entity": "meeting", "op": "update", "id": MEETING, "fields": {
            "starts_at": "2027-02-12T09:30:00Z", "ends_at": "2027-02-12T11:00:00Z"}}),
    );
    publish(
        &server,
        "thomas",
        json!({"entity": "meeting", "op": "update", "id": MEETING, "fields": {"status": "cancelled"}}),
    );
    assert_eq!(
        integrate(&server),
        [("integrated".into(), None), ("integrated".into(), None)]
    );
    run_mail(&server, Utc::now() + Duration::hours(4));
    assert_eq!((invitations("pending"), invitations("sent")), (0, 3));
    let mails = received();
    assert_eq!(mails.len(), 3, "{mails:#?}");
    let moved = read_invitation(mails[1]["calendar"]["text"].as_str().unwrap());
    assert_eq!(
        (moved["method"].as_str(), moved["sequence"].as_i64()),
        (Some("REQUEST"), Some(1))
    );
    assert_eq!(moved["start"], "2027-02-12T09:30:00+00:00");
    let cancelled = read_invitation(mails[2]["calendar"]["text"].as_str().unwrap());
    assert_eq!(mails[2]["calendar"]["method"], "CANCEL");
    assert_eq!(
        (
            cancelled["method"].as_str(),
            cancelled["sequence"].as_i64(),
            cancelled["status"].as_str(),
            cancelled["uid"].as_str()
        ),
        (Some("CANCEL"), Some(2), Some("CANCELLED"), Some(MEETING))
    );
    assert_eq!(
        server.count("SELECT count(*) FROM notification WHERE kind = 'meeting_invitation'"),
        3
    );
}

#[test]
fn a_meeting_for_someone_outside_the_directory_or_ending_before_it_starts_is_refused() {
    let server = server(common::process::free_port());
    publish(
        &server,
        "thomas",
        json!({"entity": "party", "op": "create", "id": PARTY, "fields": {
            "kind": "company", "name": "Cuisines Dubois"}}),
    );
    publish(
        &server,
        "thomas",
        json!({"entity": "meeting", "op": "create", "id": MEETING, "fields": {
            "party_id": PARTY, "attendee": "inconnu",
            "starts_at": "2027-02-12T09:00:00Z", "ends_at": "2027-02-12T10:30:00Z",
            "subject": "Projet"}}),
    );
    assert_eq!(
        integrate(&server),
        [
            ("integrated".into(), None),
            ("failed".into(), Some("unknown_user".into()))
        ]
    );
    let backwards = json!({"entity": "meeting", "op": "create", "id": MEETING, "fields": {
        "party_id": PARTY, "attendee": "luc",
        "starts_at": "2027-02-12T09:00:00Z", "ends_at": "2027-02-12T08:00:00Z",
        "subject": "Projet"}});
    let refused = parse_record(&backwards).unwrap_err();
    assert!(refused.to_string().contains("ends_at"), "{refused}");
    assert_eq!(
        server.count("SELECT count(*) FROM notification WHERE kind = 'meeting_invitation'"),
        0
    );
}
