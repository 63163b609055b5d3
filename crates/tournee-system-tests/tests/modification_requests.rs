//! A « Demande de modification » from the laptop to the accountant's decision and back: the
//! card shows it waiting to be sent, then with the accountant (the snapshot's row taking over
//! from the pending mark, one line throughout), then declined with her note, which the home
//! screen also shows until the rep dismisses it; an applied one says so.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::Utc;
use tournee_core::Lang;
use tournee_field::dto::{ModificationInput, RequestStatus, RequestedChange};
use tournee_field::FieldApp;
use tournee_store::open_master;
use tournee_store::{close_modification, Decision};
use tournee_system_tests::bench::Bench;

const NOTE: &str = "Ce numéro est celui du siège, pas de l'agence.";

fn ask(app: &mut FieldApp, code: &str, new_phone: &str) -> String {
    app.request_modification(&ModificationInput {
        client_code: code.into(),
        changes: vec![RequestedChange {
            field: "tel_1".into(),
            new: new_phone.into(),
        }],
    })
    .unwrap()
    .change_id
}

/// The automaton's pass after the folder sync, the next snapshot, « actualiser ».
fn round_trip(bench: &Bench, app: &mut FieldApp) {
    bench.sync_up();
    bench.integrate();
    bench.publish_snapshot(Utc::now());
    assert!(app.refresh_snapshot().unwrap().switched);
}

/// What the accountant does in the back office.
fn decide(bench: &Bench, change_id: &str, decision: Decision, note: &str) {
    let master = open_master(&bench.dir.database()).unwrap();
    let id: i64 = master
        .query_row(
            "SELECT id FROM modification_request WHERE change_id = ?1",
            [change_id],
            |r| r.get(0),
        )
        .unwrap();
    close_modification(&master, id, "compta@example.fr", decision, note, Utc::now()).unwrap();
}

#[test]
fn a_declined_request_and_its_note_reach_the_reps_card_and_home() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = app.home_last_visit().unwrap()[0].c_client.clone();

    let change_id = ask(&mut app, &code, "04 78 00 00 01");
    let card = app.client_card(&code).unwrap();
    assert_eq!(card.modification_requests.len(), 1);
    let line = &card.modification_requests[0];
    assert_eq!(
        (line.change_id.as_str(), line.status),
        (change_id.as_str(), RequestStatus::Pending)
    );
    assert_eq!(line.changes[0].field, "tel_1");
    assert_eq!(line.changes[0].new, "04 78 00 00 01");

    round_trip(&bench, &mut app);
    let card = app.client_card(&code).unwrap();
    assert!(card.pending.is_empty(), "the mark cleared");
    assert_eq!(card.modification_requests.len(), 1, "one line, handed over");
    assert_eq!(card.modification_requests[0].change_id, change_id);
    assert_eq!(card.modification_requests[0].status, RequestStatus::Open);
    assert!(app.home_notices().unwrap().is_empty());

    decide(&bench, &change_id, Decision::Declined, NOTE);
    bench.publish_snapshot(Utc::now());
    app.refresh_snapshot().unwrap();
    let card = app.client_card(&code).unwrap();
    let line = &card.modification_requests[0];
    assert_eq!(line.status, RequestStatus::Declined);
    assert_eq!(line.note.as_deref(), Some(NOTE));
    assert!(line.closed_at.is_some());

    let notices = app.home_notices().unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].c_client, code);
    assert_eq!(notices[0].note, NOTE);
    assert_eq!(notices[0].fields, ["téléphone"]);
    app.set_lang(Lang::En).unwrap();
    assert_eq!(app.home_notices().unwrap()[0].fields, ["phone"]);

    app.dismiss_notice(&change_id).unwrap();
    assert!(app.home_notices().unwrap().is_empty());
    drop(app);
    let mut app = bench.app();
    assert!(app.home_notices().unwrap().is_empty(), "dismissed for good");
    assert_eq!(
        app.client_card(&code).unwrap().modification_requests[0].status,
        RequestStatus::Declined,
        "the card keeps the decision"
    );

    // An applied request says so, and is no notice.
    let second = ask(&mut app, &code, "04 78 00 00 02");
    round_trip(&bench, &mut app);
    decide(&bench, &second, Decision::Applied, "");
    bench.publish_snapshot(Utc::now());
    app.refresh_snapshot().unwrap();
    let card = app.client_card(&code).unwrap();
    let statuses: Vec<_> = card
        .modification_requests
        .iter()
        .map(|l| (l.change_id.clone(), l.status, l.note.clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            (second, RequestStatus::Applied, None),
            (change_id, RequestStatus::Declined, Some(NOTE.to_string())),
        ]
    );
    assert!(app.home_notices().unwrap().is_empty());
}
