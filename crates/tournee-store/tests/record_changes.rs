//! Record changes (`RC`, sync-spec §12) through the integrator, on a real SQLite file: each
//! outcome (integrated, duplicate, parked then integrated, refused by the policy, refused
//! on a deleted record, failed after waiting too long) and what it leaves in the master.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use common::{deliver_at, master_with, rc, Master};
use serde_json::json;
use tournee_store::{last_failure, Outcome};
use tournee_sync::{Detail, Envelope, RejectReason};

const PARTY: &str = "01JD0000000000000000000P01";
const OTHER_PARTY: &str = "01JD0000000000000000000P02";
const PERSON: &str = "01JD0000000000000000000E01";
const ACTION: &str = "01JD0000000000000000000A01";
const REPLY: &str = "01JD0000000000000000000R01";
const TODO: &str = "01JD0000000000000000000T01";

/// The server's clock: files arrive a day after the changes were written.
const NOW: &str = "2026-11-21T12:00:00Z";

fn master() -> Master {
    master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("slefebvre", "SL04", true),
    ])
}

fn file_name(envelope: &Envelope) -> String {
    envelope.file_name().to_string()
}

fn deliver(m: &mut Master, envelope: &Envelope) -> Outcome {
    deliver_at(m, envelope, NOW)
}

fn refusal(outcome: &Outcome) -> (RejectReason, Detail) {
    match outcome {
        Outcome::Failed(rejection) => (rejection.reason, rejection.detail.clone()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn count(m: &Master, sql: &str) -> i64 {
    m.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn text(m: &Master, sql: &str) -> Option<String> {
    m.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn create_party(m: &mut Master, user: &str, id: &str, owner: Option<&str>) -> Envelope {
    let mut fields = json!({"kind": "company", "name": "Garage Martin", "city": "Lyon"});
    if let Some(owner) = owner {
        fields["owner"] = json!(owner);
    }
    rc(
        m,
        user,
        "2026-11-20T09:00:00+01:00",
        json!({"entity": "party", "op": "create", "id": id, "fields": fields}),
    )
}

#[test]
fn a_creation_is_integrated_once_and_its_second_copy_is_a_duplicate() {
    let mut m = master();
    let created = create_party(&mut m, "jdupont", PARTY, None);
    assert_eq!(deliver(&mut m, &created), Outcome::Integrated);
    assert_eq!(
        text(&m, "SELECT name || '/' || created_by FROM party"),
        Some("Garage Martin/jdupont".into())
    );
    let ledger = format!(
        "SELECT count(*) FROM change_ledger WHERE change_id = '{}'",
        created.change_id
    );
    assert_eq!(count(&m, &ledger), 1);

    assert_eq!(deliver(&mut m, &created), Outcome::Duplicate);
    assert_eq!(count(&m, "SELECT count(*) FROM party"), 1);
    assert_eq!(count(&m, &ledger), 1);
    assert_eq!(count(&m, "SELECT count(*) FROM integration_failure"), 0);
}

#[test]
fn a_person_before_its_company_is_parked_then_integrated_after_it() {
    let mut m = master();
    let person = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:05:00+01:00",
        json!({"entity": "person", "op": "create", "id": PERSON,
               "fields": {"party_id": PARTY, "last_name": "Martin", "email": "paul@martin.fr"}}),
    );
    assert_eq!(
        deliver(&mut m, &person),
        Outcome::Parked {
            prospect_id: PARTY.into()
        }
    );
    // Parking leaves nothing: no row, no ledger line, no failure.
    assert_eq!(count(&m, "SELECT count(*) FROM person"), 0);
    assert_eq!(count(&m, "SELECT count(*) FROM change_ledger"), 0);
    assert_eq!(count(&m, "SELECT count(*) FROM integration_failure"), 0);

    let party = create_party(&mut m, "jdupont", PARTY, None);
    assert_eq!(deliver(&mut m, &party), Outcome::Integrated);
    assert_eq!(deliver(&mut m, &person), Outcome::Integrated);
    assert_eq!(
        text(&m, "SELECT party_id || '/' || email FROM person"),
        Some(format!("{PARTY}/paul@martin.fr"))
    );
}

#[test]
fn an_update_before_its_creation_waits_and_fails_after_parked_max_days() {
    let mut m = master();
    let update = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:05:00+01:00",
        json!({"entity": "todo", "op": "update", "id": TODO, "fields": {"done_on": "2026-11-20"}}),
    );
    assert_eq!(
        deliver(&mut m, &update),
        Outcome::Parked {
            prospect_id: TODO.into()
        }
    );
    // 31 days later (parked_max_days is 30 by default), its todo still has not come.
    let outcome = deliver_at(&mut m, &update, "2026-12-21T12:00:00Z");
    assert_eq!(
        refusal(&outcome),
        (
            RejectReason::UnknownParent,
            Detail::ParentNeverArrived {
                entity: "todo".into(),
                id: TODO.into(),
                days: 30
            }
        )
    );
    let recorded = last_failure(&m.conn, &file_name(&update)).unwrap().unwrap();
    assert_eq!(recorded.reason, "unknown_parent");
}

#[test]
fn the_policy_refuses_a_rep_another_reps_records_and_lets_the_admin_write_them() {
    let mut m = master();
    let party = create_party(&mut m, "jdupont", PARTY, Some("jdupont"));
    assert_eq!(deliver(&mut m, &party), Outcome::Integrated);

    let by_colleague = rc(
        &mut m,
        "mmartin",
        "2026-11-20T10:00:00+01:00",
        json!({"entity": "party", "op": "update", "id": PARTY, "fields": {"city": "Vienne"}}),
    );
    let outcome = deliver(&mut m, &by_colleague);
    assert_eq!(
        refusal(&outcome),
        (
            RejectReason::NotAllowed,
            Detail::RecordNotAllowed {
                entity: "party".into(),
                id: PARTY.into(),
                user: "mmartin".into(),
                refusal: "not_owner".into()
            }
        )
    );
    assert_eq!(text(&m, "SELECT city FROM party"), Some("Lyon".into()));
    assert_eq!(
        last_failure(&m.conn, &file_name(&by_colleague))
            .unwrap()
            .unwrap()
            .reason,
        "not_allowed"
    );
    // Nor may she hang a person on it, or give herself a party assigned to him.
    let person = rc(
        &mut m,
        "mmartin",
        "2026-11-20T10:01:00+01:00",
        json!({"entity": "person", "op": "create", "id": PERSON,
               "fields": {"party_id": PARTY, "last_name": "Martin"}}),
    );
    assert_eq!(
        refusal(&deliver(&mut m, &person)).0,
        RejectReason::NotAllowed
    );
    let for_him = create_party(&mut m, "mmartin", OTHER_PARTY, Some("jdupont"));
    assert_eq!(
        refusal(&deliver(&mut m, &for_him)).0,
        RejectReason::NotAllowed
    );
    assert_eq!(count(&m, "SELECT count(*) FROM person"), 0);
    assert_eq!(count(&m, "SELECT count(*) FROM party"), 1);

    // The admin writes every record.
    let by_admin = rc(
        &mut m,
        "slefebvre",
        "2026-11-20T10:02:00+01:00",
        json!({"entity": "party", "op": "update", "id": PARTY, "fields": {"city": "Vienne"}}),
    );
    assert_eq!(deliver(&mut m, &by_admin), Outcome::Integrated);
    assert_eq!(text(&m, "SELECT city FROM party"), Some("Vienne".into()));
}

#[test]
fn records_hanging_on_a_party_are_its_owners_and_a_todo_without_party_its_creators() {
    let mut m = master();
    let party = create_party(&mut m, "jdupont", PARTY, None);
    assert_eq!(deliver(&mut m, &party), Outcome::Integrated);
    let action = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:10:00+01:00",
        json!({"entity": "action", "op": "create", "id": ACTION,
               "fields": {"party_id": PARTY, "action_type": "appel", "date": "2026-11-20"}}),
    );
    assert_eq!(deliver(&mut m, &action), Outcome::Integrated);
    let reply = |m: &mut Master, user: &str| {
        rc(
            m,
            user,
            "2026-11-20T09:20:00+01:00",
            json!({"entity": "action_reply", "op": "create", "id": REPLY,
                   "fields": {"action_id": ACTION, "author": "M. Martin", "date": "2026-11-20",
                              "text": "Rappelle lundi."}}),
        )
    };
    let foreign = reply(&mut m, "mmartin");
    assert_eq!(
        refusal(&deliver(&mut m, &foreign)).0,
        RejectReason::NotAllowed
    );
    let own = reply(&mut m, "jdupont");
    assert_eq!(deliver(&mut m, &own), Outcome::Integrated);

    let todo = rc(
        &mut m,
        "mmartin",
        "2026-11-20T09:30:00+01:00",
        json!({"entity": "todo", "op": "create", "id": TODO,
               "fields": {"text": "Préparer la tournée", "due": "2026-11-27"}}),
    );
    assert_eq!(deliver(&mut m, &todo), Outcome::Integrated);
    let done = rc(
        &mut m,
        "mmartin",
        "2026-11-20T17:00:00+01:00",
        json!({"entity": "todo", "op": "update", "id": TODO, "fields": {"done_on": "2026-11-20"}}),
    );
    assert_eq!(deliver(&mut m, &done), Outcome::Integrated);
    assert_eq!(
        text(&m, "SELECT done_on FROM todo"),
        Some("2026-11-20".into())
    );
}

#[test]
fn a_change_to_a_deleted_record_is_refused_and_its_values_kept() {
    let mut m = master();
    let party = create_party(&mut m, "jdupont", PARTY, None);
    assert_eq!(deliver(&mut m, &party), Outcome::Integrated);
    let delete = rc(
        &mut m,
        "jdupont",
        "2026-11-20T11:00:00+01:00",
        json!({"entity": "party", "op": "delete", "id": PARTY}),
    );
    assert_eq!(deliver(&mut m, &delete), Outcome::Integrated);
    assert_eq!(count(&m, "SELECT count(*) FROM party"), 0);

    let late = rc(
        &mut m,
        "jdupont",
        "2026-11-20T10:00:00+01:00",
        json!({"entity": "party", "op": "update", "id": PARTY, "fields": {"phone": "04 72 00 00 09"}}),
    );
    let outcome = deliver(&mut m, &late);
    assert_eq!(
        refusal(&outcome),
        (
            RejectReason::RecordDeleted,
            Detail::RecordDeleted {
                entity: "party".into(),
                id: PARTY.into()
            }
        )
    );
    // Not resurrected, not in the ledger, but what the rep typed is in the history.
    assert_eq!(count(&m, "SELECT count(*) FROM party"), 0);
    let ledger = format!(
        "SELECT count(*) FROM change_ledger WHERE change_id = '{}'",
        late.change_id
    );
    assert_eq!(count(&m, &ledger), 0);
    let kept: (String, String, String) = m
        .conn
        .query_row(
            "SELECT value_json, change_id, superseded_by FROM record_field_history \
             WHERE entity = 'party' AND field = 'phone'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        kept,
        (
            "\"04 72 00 00 09\"".to_string(),
            late.change_id.clone(),
            delete.change_id.clone()
        )
    );

    // The same file refused again (the admin's « Retry »): its values are kept once.
    assert_eq!(
        refusal(&deliver(&mut m, &late)).0,
        RejectReason::RecordDeleted
    );
    assert_eq!(
        count(
            &m,
            "SELECT count(*) FROM record_field_history WHERE field = 'phone'"
        ),
        1
    );

    // A person hung on the deleted party is refused the same way, naming the party.
    let person = rc(
        &mut m,
        "jdupont",
        "2026-11-20T12:00:00+01:00",
        json!({"entity": "person", "op": "create", "id": PERSON,
               "fields": {"party_id": PARTY, "last_name": "Martin"}}),
    );
    assert_eq!(
        refusal(&deliver(&mut m, &person)),
        (
            RejectReason::RecordDeleted,
            Detail::RecordDeleted {
                entity: "party".into(),
                id: PARTY.into()
            }
        )
    );
}

#[test]
fn a_second_creation_of_one_id_is_refused() {
    let mut m = master();
    let first = create_party(&mut m, "jdupont", PARTY, None);
    assert_eq!(deliver(&mut m, &first), Outcome::Integrated);
    let second = create_party(&mut m, "jdupont", PARTY, None);
    assert_eq!(
        refusal(&deliver(&mut m, &second)),
        (
            RejectReason::AlreadyExists,
            Detail::RecordExists {
                entity: "party".into(),
                id: PARTY.into()
            }
        )
    );
    assert_eq!(count(&m, "SELECT count(*) FROM party"), 1);
}
