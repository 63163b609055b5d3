//! The CRM's writes on real files: a snapshot as the server writes it, `local.sqlite`, an
//! outbox folder. Each write is read back the way the screens read it (pending, then gone
//! once a snapshot lists it integrated) and the way the server reads it (the file).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use tournee_sync::{parse_change_file, ChangeBody, RecordOp, MAX_FILE_BYTES};

use super::*;
use crate::dto::{ActionOutcome, ContactQuery, PartyStatus, TimelineKind};
use crate::error::RuleError;
use crate::record_index::RecordIndex;
use crate::test_laptop::Laptop;

mod linked;
mod pool;

const P1: &str = "01JD0000000000000000000P01";
const P2: &str = "01JD0000000000000000000P02";
const T1: &str = "01JD0000000000000000000T01";
const H1: &str = "01JD0000000000000000000H01";
const T2: &str = "01JD0000000000000000000T02";

/// A snapshot with two parties (one called already), one open reminder each, `specs` as
/// the server's `accepted_specs`.
fn snapshot(dir: &Path, specs: &str) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO config VALUES ('accepted_specs', '{specs}');
         INSERT INTO party (id, kind, name, phone, postal_code, city, owner, created_by, created_at) VALUES
           ('{P1}', 'company', 'Garage Dupont', '04 78 00 00 01', '69001', 'Lyon', 'jdupont', 'jdupont', 'x'),
           ('{P2}', 'person', 'Martin', NULL, '69002', 'Lyon', 'jdupont', 'jdupont', 'x');
         INSERT INTO person (id, party_id, first_name, last_name, owner, created_by, created_at) VALUES
           ('{H1}', '{P1}', 'Zoé', 'Zed', 'jdupont', 'jdupont', 'x');
         INSERT INTO action (id, party_id, action_type, date, outcome, owner, created_by, created_at) VALUES
           ('01JD0000000000000000000A01', '{P1}', 'appel', '2026-11-18', 'positive', 'jdupont', 'jdupont', 'x');
         INSERT INTO todo (id, text, due, party_id, repeat_days, done_on, owner, created_by, created_at) VALUES
           ('{T1}', 'Rappeler', '2026-11-25', '{P1}', NULL, NULL, 'jdupont', 'jdupont', 'x'),
           ('{T2}', 'Relancer', '2026-11-26', '{P2}', 7, NULL, 'jdupont', 'jdupont', 'x');"
    ))
    .unwrap();
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// The shared test laptop over a snapshot accepting the change specs `specs`.
fn laptop_accepting(specs: &str) -> Laptop {
    Laptop::new(|dir| snapshot(dir, specs))
}

impl Laptop {
    fn read<T>(&mut self, read: impl FnOnce(&RecordReader<'_>) -> T) -> T {
        self.with(|_, writer| read(writer.reader))
    }
}

fn lead(name: &str) -> PartyInput {
    PartyInput {
        kind: PartyKindDto::Company,
        name: name.into(),
        first_name: None,
        siret: None,
        vat: None,
        phone: None,
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

fn call(party_id: &str, outcome: Option<ActionOutcome>) -> ActionInput {
    ActionInput {
        party_id: party_id.into(),
        person_id: None,
        action_type: "appel".into(),
        date: "2026-11-21".into(),
        time: Some("09:30".into()),
        comment: Some("Premier appel".into()),
        outcome,
        reminders: Vec::new(),
    }
}

fn codes(error: &FieldError) -> Vec<(String, String)> {
    match error {
        FieldError::Rules(rules) => rules
            .iter()
            .map(|r: &RuleError| (r.field().to_string(), r.code().to_string()))
            .collect(),
        other => panic!("expected broken rules, got {other:?}"),
    }
}

#[test]
fn a_lead_created_and_called_becomes_a_prospect_pending_until_integrated() {
    let mut laptop = laptop_accepting("[1,2]");
    let created = laptop
        .with(|local, w| w.create_party(local, &lead("Transports Alpes"), false))
        .unwrap();
    assert!(!created.waiting_for_server);
    let files = laptop.outbox_files();
    assert_eq!(files.len(), 1);
    // The server's own reader reads the file: an RC create of this party, spec 2.
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    let envelope =
        parse_change_file(&name, &std::fs::read(&files[0]).unwrap(), MAX_FILE_BYTES).unwrap();
    assert_eq!(envelope.spec, 2);
    let ChangeBody::RC(change) = &envelope.body else {
        panic!("not a record change: {envelope:?}");
    };
    assert_eq!(change.id, created.id);
    assert_eq!(change.op, RecordOp::Create);

    let hits = laptop
        .read(|r| {
            r.contacts(&ContactQuery {
                text: "alpes".into(),
                ..ContactQuery::default()
            })
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].status, PartyStatus::Lead);
    assert!(hits[0].pending);

    laptop
        .with(|local, w| w.log_action(local, &call(&created.id, Some(ActionOutcome::Neutral))))
        .unwrap();
    let page = laptop
        .read(|r| r.contact_page(&created.id))
        .unwrap()
        .unwrap();
    assert_eq!(page.status, PartyStatus::Prospect);
    assert!(page.pending);
    let kinds: Vec<TimelineKind> = page.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [TimelineKind::StatusChange, TimelineKind::Action]);
    assert_eq!(page.timeline[0].status_from, Some(PartyStatus::Lead));
    assert_eq!(page.timeline[0].status_to, Some(PartyStatus::Prospect));
    assert!(page.timeline.iter().all(|e| e.pending));
    let prospects = laptop
        .read(|r| {
            r.contacts(&ContactQuery {
                status: Some(PartyStatus::Prospect),
                ..ContactQuery::default()
            })
        })
        .unwrap();
    let ids: Vec<&str> = prospects.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [P1, created.id.as_str()],
        "the snapshot's prospect and the new one"
    );

    // A snapshot listing both changes integrated: the marks go, and so does the overlay
    // (this snapshot does not carry the rows, so the party is no longer shown at all).
    let integrated: Vec<String> = laptop
        .local
        .pending(None)
        .unwrap()
        .into_iter()
        .map(|p| p.change.change_id)
        .collect();
    assert_eq!(integrated.len(), 2);
    laptop.local.reconcile(&integrated, &[]).unwrap();
    assert!(laptop
        .read(|r| r.contact_page(&created.id))
        .unwrap()
        .is_none());
}

#[test]
fn the_rules_of_the_server_and_of_the_types_are_checked_before_anything_is_written() {
    let mut laptop = laptop_accepting("[1,2]");
    let mut bad = lead("Transports Alpes");
    bad.email = Some("pas une adresse".into());
    bad.name = "  ".into();
    let error = laptop
        .with(|local, w| w.create_party(local, &bad, false))
        .unwrap_err();
    assert_eq!(codes(&error), [("name".into(), "missing_mandatory".into())]);

    let error = laptop
        .with(|local, w| w.log_action(local, &call(P2, None)))
        .unwrap_err();
    assert_eq!(
        codes(&error),
        [("outcome".into(), "missing_mandatory".into())]
    );

    let mut fax = call(P2, None);
    fax.action_type = "fax".into();
    let error = laptop
        .with(|local, w| w.log_action(local, &fax))
        .unwrap_err();
    assert_eq!(
        codes(&error),
        [("action_type".into(), "unknown_action_type".into())]
    );

    let mut late = call(P2, Some(ActionOutcome::Neutral));
    late.time = Some("25:00".into());
    let error = laptop
        .with(|local, w| w.log_action(local, &late))
        .unwrap_err();
    assert_eq!(codes(&error), [("time".into(), "invalid_time".into())]);

    // A decision about another party's reminder is refused, naming the field.
    let mut other = call(P2, Some(ActionOutcome::Neutral));
    other.reminders = vec![ReminderDecision {
        todo_id: T1.into(),
        keep: false,
    }];
    let error = laptop
        .with(|local, w| w.log_action(local, &other))
        .unwrap_err();
    assert_eq!(
        codes(&error),
        [("reminders".into(), "not_a_reminder".into())]
    );

    let error = laptop
        .with(|local, w| w.log_action(local, &call("01JD0000000000000000000P99", None)))
        .unwrap_err();
    assert!(matches!(
        error,
        FieldError::UnknownRecord {
            entity: "party",
            ..
        }
    ));

    let person = PersonInput {
        party_id: P2.into(),
        first_name: None,
        last_name: "Martin".into(),
        position: None,
        phone: None,
        mobile: None,
        email: None,
        notes: None,
    };
    let error = laptop
        .with(|local, w| w.add_person(local, &person, true))
        .unwrap_err();
    assert_eq!(codes(&error), [("party_id".into(), "not_a_company".into())]);

    assert!(laptop.outbox_files().is_empty());
    assert!(laptop.local.pending(None).unwrap().is_empty());
}

#[test]
fn a_look_alike_is_refused_unless_the_rep_confirms() {
    let mut laptop = laptop_accepting("[1,2]");
    let mut same_phone = lead("Dupont Automobiles");
    same_phone.phone = Some("+33 4 78 00 00 01".into());
    let matches = laptop
        .read(|r| r.duplicates(&input_keys(&same_phone), None))
        .unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].id, P1);
    assert_eq!(matches[0].reasons, ["phone"]);
    let error = laptop
        .with(|local, w| w.create_party(local, &same_phone, false))
        .unwrap_err();
    let FieldError::Duplicates(found) = &error else {
        panic!("expected duplicates, got {error:?}");
    };
    assert_eq!(found[0].id, P1);
    assert_eq!(error.to_command_error().code.as_str(), "duplicates");
    assert!(laptop.outbox_files().is_empty());

    let created = laptop
        .with(|local, w| w.create_party(local, &same_phone, true))
        .unwrap();
    // The pending creation is itself a party the next check finds.
    let mut again = lead("Dupont Automobile");
    again.postal_code = Some("38000".into());
    let matches = laptop
        .read(|r| r.duplicates(&input_keys(&again), None))
        .unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].id, created.id);
    assert_eq!(matches[0].reasons, ["name"]);
}

#[test]
fn wrong_details_kill_a_lead_and_a_reply_deletes_the_reminder() {
    let mut laptop = laptop_accepting("[1,2]");
    let mut wrong = call(P2, Some(ActionOutcome::WrongContactDetails));
    wrong.reminders = vec![ReminderDecision {
        todo_id: T2.into(),
        keep: true,
    }];
    laptop.with(|local, w| w.log_action(local, &wrong)).unwrap();
    let page = laptop.read(|r| r.contact_page(P2)).unwrap().unwrap();
    assert_eq!(page.status, PartyStatus::DeadLead);
    assert_eq!(page.open_todos.len(), 1, "kept");

    let action = page
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Action)
        .unwrap();
    let reply = ReplyInput {
        action_id: action.id.clone(),
        date: "2026-11-21".into(),
        text: "Nouveau numéro trouvé".into(),
        reminders: vec![ReminderDecision {
            todo_id: T2.into(),
            keep: false,
        }],
    };
    laptop.with(|local, w| w.add_reply(local, &reply)).unwrap();
    let page = laptop.read(|r| r.contact_page(P2)).unwrap().unwrap();
    assert!(page.open_todos.is_empty(), "the reminder is deleted");
    let reply_entry = page
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Reply)
        .unwrap();
    assert_eq!(reply_entry.parent_id.as_deref(), Some(action.id.as_str()));
    assert!(reply_entry.pending);
    // Action, reply, todo deletion: three files, in the order written.
    let files = laptop.outbox_files();
    assert_eq!(files.len(), 3);
    let dashboard = laptop.read(|r| r.dashboard()).unwrap();
    assert_eq!(dashboard.todos.len(), 1, "T1 only: T2 is deleted");
    let dead = dashboard
        .figures
        .by_status
        .iter()
        .find(|c| c.status == PartyStatus::DeadLead)
        .unwrap();
    assert_eq!(dead.count, 1, "{:?}", dashboard.figures);
    // Saturday 21 November: the snapshot's call of Wednesday 18 and today's pending one.
    assert_eq!(dashboard.figures.actions_this_week, 2);
}

#[test]
fn a_done_todo_becomes_an_action_and_a_repeating_one_comes_back() {
    let mut laptop = laptop_accepting("[1,2]");
    laptop
        .with(|local, w| w.complete_todo(local, T2, "2026-11-21"))
        .unwrap();
    let page = laptop.read(|r| r.contact_page(P2)).unwrap().unwrap();
    let done = page
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::TodoDone)
        .unwrap();
    assert_eq!(done.title, "Relancer");
    assert_eq!(
        done.action_type.as_deref(),
        Some(tournee_core::TODO_DONE_TYPE)
    );
    assert!(done.pending);
    assert_eq!(page.open_todos.len(), 1);
    assert_eq!(page.open_todos[0].due, "2026-11-28");
    assert_ne!(page.open_todos[0].id, T2);
    assert!(page.open_todos[0].pending);
    assert_eq!(page.status, PartyStatus::Lead, "a task is no contact");
    let error = laptop
        .with(|local, w| w.complete_todo(local, T2, "2026-11-21"))
        .unwrap_err();
    assert_eq!(codes(&error), [("id".into(), "todo_already_done".into())]);
}

#[test]
fn an_edit_sends_only_what_changed() {
    let mut laptop = laptop_accepting("[1,2]");
    let mut input = lead("Garage Dupont");
    input.phone = Some("04 78 00 00 01".into());
    input.postal_code = Some("69001".into());
    input.city = Some("Lyon".into());
    let error = laptop
        .with(|local, w| w.update_party(local, P1, &input))
        .unwrap_err();
    assert_eq!(codes(&error), [("name".into(), "nothing_changed".into())]);
    input.city = None;
    input.email = Some("contact@garage-dupont.fr".into());
    laptop
        .with(|local, w| w.update_party(local, P1, &input))
        .unwrap();
    let files = laptop.outbox_files();
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    let envelope =
        parse_change_file(&name, &std::fs::read(&files[0]).unwrap(), MAX_FILE_BYTES).unwrap();
    let ChangeBody::RC(change) = &envelope.body else {
        panic!("not a record change");
    };
    let payload = change.to_payload();
    let fields = payload["fields"].as_object().unwrap();
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["city", "email"]);
    assert!(fields["city"].is_null(), "emptied: cleared");
    let page = laptop.read(|r| r.contact_page(P1)).unwrap().unwrap();
    assert_eq!(page.party.city, None);
    assert_eq!(
        page.party.email.as_deref(),
        Some("contact@garage-dupont.fr")
    );
    assert!(page.party.pending);
}

#[test]
fn changes_written_before_the_server_reads_them_are_kept_then_sent_once_in_order() {
    let mut laptop = laptop_accepting("[1]");
    let first = laptop
        .with(|local, w| w.create_party(local, &lead("Transports Alpes"), false))
        .unwrap();
    assert!(first.waiting_for_server);
    laptop
        .with(|local, w| w.log_action(local, &call(&first.id, Some(ActionOutcome::Positive))))
        .unwrap();
    assert!(
        laptop.outbox_files().is_empty(),
        "nothing in the outbox yet"
    );
    // Shown at once, pending.
    let page = laptop.read(|r| r.contact_page(&first.id)).unwrap().unwrap();
    assert_eq!(page.status, PartyStatus::Prospect);
    assert!(page.pending);
    let held = laptop.local.held().unwrap();
    assert_eq!(held.len(), 2);

    // A crash after the first file was published and before its row was cleared.
    tournee_sync::publish_bytes(&laptop.outbox, &held[0].file_name, &held[0].bytes).unwrap();
    let moved = flush_held(&laptop.local, &laptop.outbox).unwrap();
    assert_eq!(moved, 1, "only the second one was still to write");
    assert!(laptop.local.held().unwrap().is_empty());
    let files = laptop.outbox_files();
    assert_eq!(files.len(), 2);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [held[0].file_name.clone(), held[1].file_name.clone()]
    );
    for (file, kept) in files.iter().zip(&held) {
        assert_eq!(std::fs::read(file).unwrap(), kept.bytes);
    }
    // A second flush writes nothing more.
    assert_eq!(flush_held(&laptop.local, &laptop.outbox).unwrap(), 0);
    assert_eq!(laptop.outbox_files().len(), 2);
}

/// The fields of the only record change in the outbox.
fn only_change_fields(laptop: &Laptop) -> serde_json::Map<String, serde_json::Value> {
    let files = laptop.outbox_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    let envelope =
        parse_change_file(&name, &std::fs::read(&files[0]).unwrap(), MAX_FILE_BYTES).unwrap();
    let ChangeBody::RC(change) = &envelope.body else {
        panic!("not a record change");
    };
    assert_eq!(change.op, RecordOp::Update);
    change.to_payload()["fields"].as_object().unwrap().clone()
}

#[test]
fn a_todo_edit_sends_only_what_changed_and_shows_at_once() {
    let mut laptop = laptop_accepting("[1,2]");
    let same = TodoInput {
        text: " Relancer ".into(),
        due: "2026-11-26".into(),
        party_id: Some(P2.into()),
        repeat_days: Some(7),
    };
    let error = laptop
        .with(|local, w| w.update_todo(local, T2, &same))
        .unwrap_err();
    assert_eq!(codes(&error), [("text".into(), "nothing_changed".into())]);
    assert!(laptop.outbox_files().is_empty());

    let blank = TodoInput {
        text: "  ".into(),
        ..same.clone()
    };
    let error = laptop
        .with(|local, w| w.update_todo(local, T2, &blank))
        .unwrap_err();
    assert_eq!(codes(&error), [("text".into(), "missing_mandatory".into())]);

    let edited = TodoInput {
        text: "Relancer pour le devis".into(),
        due: "2026-12-02".into(),
        party_id: Some(P2.into()),
        repeat_days: None,
    };
    let written = laptop
        .with(|local, w| w.update_todo(local, T2, &edited))
        .unwrap();
    assert_eq!(written.id, T2);
    assert!(!written.waiting_for_server);
    let fields = only_change_fields(&laptop);
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["due", "repeat_days", "text"]);
    assert!(fields["repeat_days"].is_null(), "no repetition: cleared");
    assert_eq!(fields["due"], "2026-12-02");

    let page = laptop.read(|r| r.contact_page(P2)).unwrap().unwrap();
    assert_eq!(page.open_todos.len(), 1);
    let todo = &page.open_todos[0];
    assert_eq!(
        (todo.text.as_str(), todo.due.as_str(), todo.repeat_days),
        ("Relancer pour le devis", "2026-12-02", None)
    );
    assert!(todo.pending);
    assert!(!todo.overdue, "due after the laptop's 21 November");
}

#[test]
fn a_done_or_unknown_todo_is_not_edited_and_a_todo_moves_only_to_a_known_party() {
    let mut laptop = laptop_accepting("[1,2]");
    let input = TodoInput {
        text: "Rappeler".into(),
        due: "2026-11-25".into(),
        party_id: Some("01JD00000000000000000NOPE1".into()),
        repeat_days: None,
    };
    let error = laptop
        .with(|local, w| w.update_todo(local, T1, &input))
        .unwrap_err();
    assert!(
        matches!(
            &error,
            FieldError::UnknownRecord {
                entity: "party",
                ..
            }
        ),
        "{error:?}"
    );
    let error = laptop
        .with(|local, w| w.update_todo(local, "01JD00000000000000000NOPE2", &input))
        .unwrap_err();
    assert!(
        matches!(&error, FieldError::UnknownRecord { entity: "todo", .. }),
        "{error:?}"
    );
    // Moved to P2: the todo leaves P1's page and shows on P2's.
    let moved = TodoInput {
        party_id: Some(P2.into()),
        ..input
    };
    laptop
        .with(|local, w| w.update_todo(local, T1, &moved))
        .unwrap();
    assert_eq!(
        only_change_fields(&laptop).keys().collect::<Vec<_>>(),
        ["party_id"]
    );
    let p1 = laptop.read(|r| r.contact_page(P1)).unwrap().unwrap();
    assert!(p1.open_todos.is_empty());
    let p2 = laptop.read(|r| r.contact_page(P2)).unwrap().unwrap();
    assert!(p2.open_todos.iter().any(|t| t.id == T1 && t.pending));

    laptop
        .with(|local, w| w.complete_todo(local, T1, "2026-11-21"))
        .unwrap();
    let error = laptop
        .with(|local, w| w.update_todo(local, T1, &moved))
        .unwrap_err();
    assert_eq!(codes(&error), [("id".into(), "todo_already_done".into())]);
}

#[test]
fn a_person_moved_to_another_company_leaves_the_first_page_and_shows_on_the_second() {
    let mut laptop = laptop_accepting("[1,2]");
    let other = laptop
        .with(|local, w| w.create_party(local, &lead("Transports Alpes"), false))
        .unwrap();
    let moved = PersonInput {
        party_id: other.id.clone(),
        first_name: Some("Zoé".into()),
        last_name: "Zed".into(),
        position: None,
        phone: None,
        mobile: None,
        email: None,
        notes: None,
    };
    laptop
        .with(|local, w| w.update_person(local, H1, &moved))
        .unwrap();
    let first = laptop.read(|r| r.contact_page(P1)).unwrap().unwrap();
    assert!(first.people.is_empty(), "{:?}", first.people);
    let second = laptop.read(|r| r.contact_page(&other.id)).unwrap().unwrap();
    assert_eq!(second.people.len(), 1);
    assert_eq!(second.people[0].id, H1);
    assert!(second.people[0].pending);
}
