//! The CRM's write side from the laptop to the server and back (issue 13): the rep creates
//! leads, logs calls, replies, completes todos in the field app; the `RC` files go through
//! the outbox to the real server's integration, the regenerated snapshot carries them, and
//! after the refresh the app shows the same records, statuses and timeline without the
//! « en attente » marks. And a change written while the server did not read spec 2 is kept
//! on the laptop, then sent exactly once after it does.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{Duration, Local};
use tournee_field::dto::*;
use tournee_field::FieldApp;
use tournee_sync::{read_manifest, sha256_file, write_manifest};
use tournee_system_tests::bench::{parse, Bench};

fn lead(name: &str, phone: &str) -> PartyInput {
    PartyInput {
        kind: PartyKindDto::Company,
        name: name.into(),
        first_name: None,
        siret: None,
        vat: None,
        phone: Some(phone.into()),
        mobile: None,
        email: None,
        address1: None,
        address2: None,
        postal_code: Some("38000".into()),
        city: Some("Grenoble".into()),
        country: None,
        notes: None,
    }
}

fn today() -> String {
    Local::now().date_naive().to_string()
}

fn call(party_id: &str, outcome: ActionOutcome) -> ActionInput {
    ActionInput {
        party_id: party_id.into(),
        person_id: None,
        action_type: "appel".into(),
        date: today(),
        time: Some("09:30".into()),
        comment: Some("Premier appel".into()),
        outcome: Some(outcome),
        reminders: Vec::new(),
    }
}

fn page(app: &FieldApp, id: &str) -> ContactPage {
    app.contact_page(id).unwrap()
}

#[test]
fn records_written_on_the_laptop_come_back_from_the_server_without_their_marks() {
    let bench = Bench::new();
    let mut app = bench.app();
    assert!(app.server_accepts_records().unwrap());

    let alpes = app
        .create_party(&lead("Transports Alpes", "04 76 00 00 01"), false)
        .unwrap();
    assert!(!alpes.waiting_for_server);
    let belledonne = app
        .create_party(&lead("Garage Belledonne", "04 76 00 00 02"), false)
        .unwrap();
    // A call that reached someone: the lead becomes a prospect.
    app.log_action(&call(&alpes.id, ActionOutcome::Neutral))
        .unwrap();
    // The number was wrong: a dead lead.
    app.log_action(&call(&belledonne.id, ActionOutcome::WrongContactDetails))
        .unwrap();
    let in_three_days = (Local::now().date_naive() + Duration::days(3)).to_string();
    let reminder = app
        .create_todo(&TodoInput {
            text: "Rappeler pour le devis".into(),
            due: in_three_days,
            party_id: Some(alpes.id.clone()),
            repeat_days: None,
        })
        .unwrap();
    assert_eq!(app.open_reminders(&alpes.id).unwrap().len(), 1);
    let before = page(&app, &alpes.id);
    assert_eq!(before.status, PartyStatus::Prospect);
    assert!(before.pending);
    let call_entry = before
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Action)
        .unwrap()
        .clone();
    // The reply settles the reminder: deleted.
    app.add_reply(&ReplyInput {
        action_id: call_entry.id.clone(),
        date: today(),
        text: "Devis accepté par téléphone".into(),
        reminders: vec![ReminderDecision {
            todo_id: reminder.id.clone(),
            keep: false,
        }],
    })
    .unwrap();
    assert!(app.open_reminders(&alpes.id).unwrap().is_empty());
    let task = app
        .create_todo(&TodoInput {
            text: "Chercher le bon numéro".into(),
            due: today(),
            party_id: Some(belledonne.id.clone()),
            repeat_days: None,
        })
        .unwrap();
    app.complete_todo(&task.id, &today()).unwrap();
    let dead = page(&app, &belledonne.id);
    assert_eq!(dead.status, PartyStatus::DeadLead);
    assert!(dead
        .timeline
        .iter()
        .any(|e| e.kind == TimelineKind::TodoDone && e.pending));

    // Every change is one file the server's parser reads.
    let files = bench.outbox_files();
    assert_eq!(files.len(), 10, "{files:?}");
    for file in &files {
        assert_eq!(parse(file).spec, 2);
    }

    let pass = bench.round_trip(&mut app);
    assert_eq!(pass.integrated, 10, "{pass:?}");
    assert_eq!(pass.failed, 0, "{pass:?}");

    let alpes_page = page(&app, &alpes.id);
    assert_eq!(alpes_page.status, PartyStatus::Prospect);
    assert!(!alpes_page.pending, "{alpes_page:?}");
    assert!(
        alpes_page.open_todos.is_empty(),
        "the reminder stays deleted"
    );
    let kinds: Vec<TimelineKind> = alpes_page.timeline.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&TimelineKind::StatusChange), "{kinds:?}");
    assert!(kinds.contains(&TimelineKind::Action), "{kinds:?}");
    assert!(kinds.contains(&TimelineKind::Reply), "{kinds:?}");
    assert!(alpes_page.timeline.iter().all(|e| !e.pending));
    let reply = alpes_page
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Reply)
        .unwrap();
    assert_eq!(reply.parent_id.as_deref(), Some(call_entry.id.as_str()));

    let dead = page(&app, &belledonne.id);
    assert_eq!(dead.status, PartyStatus::DeadLead);
    assert!(!dead.pending);
    let done = dead
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::TodoDone)
        .unwrap();
    assert_eq!(done.title, "Chercher le bon numéro");
    assert!(!done.pending);

    let hits = app
        .contacts(&ContactQuery {
            text: "grenoble".into(),
            status: None,
            kind: Some(PartyKindDto::Company),
        })
        .unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| !h.pending));
    let dead_leads = app
        .contacts(&ContactQuery {
            text: String::new(),
            status: Some(PartyStatus::DeadLead),
            kind: None,
        })
        .unwrap();
    assert!(dead_leads.iter().any(|h| h.id == belledonne.id));
    assert_eq!(app.status().unwrap().pending_changes, 0);
}

/// Rewrites the rep's synced snapshot as a server that reads spec 1 only would have
/// written it (no `2` in `accepted_specs`), its manifest updated to match.
fn as_an_older_server(bench: &Bench) {
    let dir = bench.snapshot_dir();
    let mut manifest = read_manifest(&dir).unwrap();
    let database = dir.join(&manifest.database);
    let conn = rusqlite::Connection::open(&database).unwrap();
    conn.execute(
        "UPDATE config SET value_json = '[1]' WHERE key = ?1",
        [tournee_sync::ACCEPTED_SPECS_KEY],
    )
    .unwrap();
    drop(conn);
    manifest.database_sha256 = sha256_file(&database).unwrap();
    manifest.database_bytes = std::fs::metadata(&database).unwrap().len();
    write_manifest(&dir, &manifest).unwrap();
}

#[test]
fn a_change_written_before_the_server_reads_records_is_sent_once_after_it_does() {
    let bench = Bench::new();
    as_an_older_server(&bench);
    let mut app = bench.app();
    assert!(!app.server_accepts_records().unwrap());

    let written = app
        .create_party(&lead("Transports Alpes", "04 76 00 00 01"), false)
        .unwrap();
    assert!(written.waiting_for_server);
    assert!(bench.outbox_files().is_empty(), "kept on the laptop");
    let shown = page(&app, &written.id);
    assert!(shown.pending);
    assert_eq!(app.status().unwrap().pending_changes, 1);

    // The server is updated: its next snapshot lists 2; the refresh sends the change.
    bench.publish_snapshot(chrono::Utc::now());
    assert!(app.refresh_snapshot().unwrap().switched);
    assert!(app.server_accepts_records().unwrap());
    let files = bench.outbox_files();
    assert_eq!(files.len(), 1);
    assert_eq!(parse(&files[0]).spec, 2);
    // Another snapshot before the file went up: nothing is written again.
    bench.publish_snapshot(chrono::Utc::now() + Duration::seconds(1));
    assert!(app.refresh_snapshot().unwrap().switched);
    assert_eq!(bench.outbox_files(), files);

    let pass = bench.round_trip(&mut app);
    assert_eq!(pass.integrated, 1, "{pass:?}");
    let back = page(&app, &written.id);
    assert!(!back.pending);
    assert_eq!(back.party.name, "Transports Alpes");
    assert_eq!(app.status().unwrap().pending_changes, 0);
    // The app opened again does not send it once more.
    drop(app);
    let app = bench.app();
    assert!(!page(&app, &written.id).pending);
    assert!(bench.outbox_files().is_empty());
}
