//! Webhook events and their queue on a real master (docs/webhooks.md): an event exists if
//! and only if its change was integrated, once, and only when a subscription wants it;
//! the queue's lease, retry, give-up and replay.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use common::{deliver_at, master_with, rc, Master};
use serde_json::json;
use tournee_store::{
    claim_due, create_subscription, delete_subscription, delivery_attempts, list_subscriptions,
    record_attempt, replay_delivery, set_subscription_enabled, Attempt, NextStep, Outcome,
    SubscriptionError,
};

const PARTY: &str = "01JD0000000000000000000P01";
const ACTION: &str = "01JD0000000000000000000A01";
const TODO: &str = "01JD0000000000000000000T01";
const NOW: &str = "2026-11-21T12:00:00Z";

fn master() -> Master {
    master_with(&[("jdupont", "JD01", false), ("slefebvre", "SL04", true)])
}

fn count(m: &Master, sql: &str) -> i64 {
    m.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn types(m: &Master) -> Vec<String> {
    m.conn
        .prepare("SELECT type FROM event ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn subscribe(m: &Master, types: &[&str]) -> i64 {
    let types: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    create_subscription(
        &m.conn,
        "https://crm-hooks.example.fr/in",
        &types,
        "admin",
        Utc::now(),
    )
    .unwrap()
    .id
}

fn party(m: &mut Master) -> tournee_sync::Envelope {
    rc(
        m,
        "jdupont",
        "2026-11-20T10:00:00Z",
        json!({"entity": "party", "op": "create", "id": PARTY,
               "fields": {"kind": "company", "name": "Garage Martin", "city": "Lyon"}}),
    )
}

#[test]
fn no_subscription_no_event() {
    let mut m = master();
    let created = party(&mut m);
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    assert_eq!(count(&m, "SELECT count(*) FROM event"), 0);
    assert_eq!(count(&m, "SELECT count(*) FROM webhook_delivery"), 0);
}

#[test]
fn an_integrated_change_raises_its_events_once_and_a_refused_one_none() {
    let mut m = master();
    let sub = subscribe(&m, &["*"]);
    let created = party(&mut m);
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    // The same file again: a duplicate, no second event.
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Duplicate);
    assert_eq!(types(&m), ["party.created"]);
    let payload: serde_json::Value = serde_json::from_str(
        &m.conn
            .query_row("SELECT payload_json FROM event", [], |r| {
                r.get::<_, String>(0)
            })
            .unwrap(),
    )
    .unwrap();
    assert_eq!(payload["id"], PARTY);
    assert_eq!(payload["user"], "jdupont");
    assert_eq!(payload["change"]["fields"]["name"], "Garage Martin");

    // An action: added, and the party's status moves (a contact was logged).
    let action = rc(
        &mut m,
        "jdupont",
        "2026-11-20T11:00:00Z",
        json!({"entity": "action", "op": "create", "id": ACTION,
               "fields": {"party_id": PARTY, "action_type": "appel", "date": "2026-11-20"}}),
    );
    assert_eq!(deliver_at(&mut m, &action, NOW), Outcome::Integrated);
    let after_action = types(&m);
    assert!(
        after_action.contains(&"action.added".to_string()),
        "{after_action:?}"
    );

    // A refused change (an unknown user) writes nothing.
    let foreign = rc(
        &mut m,
        "inconnu",
        "2026-11-20T11:30:00Z",
        json!({"entity": "party", "op": "update", "id": PARTY, "fields": {"city": "Bron"}}),
    );
    assert!(matches!(
        deliver_at(&mut m, &foreign, NOW),
        Outcome::Failed(_)
    ));
    assert_eq!(types(&m), after_action);

    // A todo done raises both `todo.changed` and `todo.done`.
    let todo = rc(
        &mut m,
        "jdupont",
        "2026-11-20T12:00:00Z",
        json!({"entity": "todo", "op": "create", "id": TODO,
               "fields": {"text": "Rappeler", "due": "2026-11-27"}}),
    );
    assert_eq!(deliver_at(&mut m, &todo, NOW), Outcome::Integrated);
    let done = rc(
        &mut m,
        "jdupont",
        "2026-11-20T12:30:00Z",
        json!({"entity": "todo", "op": "update", "id": TODO, "fields": {"done_on": "2026-11-20"}}),
    );
    assert_eq!(deliver_at(&mut m, &done, NOW), Outcome::Integrated);
    let all = types(&m);
    assert!(
        all.ends_with(&[
            "todo.added".into(),
            "todo.changed".into(),
            "todo.done".into()
        ]),
        "{all:?}"
    );
    // One delivery per event for the one subscription.
    assert_eq!(
        count(&m, "SELECT count(*) FROM webhook_delivery"),
        count(&m, "SELECT count(*) FROM event")
    );
    assert_eq!(
        count(&m, &format!("SELECT count(*) FROM webhook_delivery WHERE subscription_id = {sub} AND status = 'pending'")),
        i64::try_from(all.len()).unwrap()
    );
}

#[test]
fn a_status_change_is_an_event_when_wanted() {
    let mut m = master();
    subscribe(&m, &["party.status_changed"]);
    let created = party(&mut m);
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    let before = count(&m, "SELECT count(*) FROM event");
    let action = rc(
        &mut m,
        "jdupont",
        "2026-11-20T11:00:00Z",
        json!({"entity": "action", "op": "create", "id": ACTION,
               "fields": {"party_id": PARTY, "action_type": "appel", "date": "2026-11-20"}}),
    );
    assert_eq!(deliver_at(&mut m, &action, NOW), Outcome::Integrated);
    let statuses: Vec<(String, String)> = m
        .conn
        .prepare("SELECT type, payload_json FROM event ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // Only the wanted type is written.
    assert!(
        statuses.iter().all(|(t, _)| t == "party.status_changed"),
        "{statuses:?}"
    );
    let stored: String = m
        .conn
        .query_row("SELECT status FROM party WHERE id = ?1", [PARTY], |r| {
            r.get(0)
        })
        .unwrap();
    if before < count(&m, "SELECT count(*) FROM event") {
        let last: serde_json::Value = serde_json::from_str(&statuses.last().unwrap().1).unwrap();
        assert_eq!(last["party_id"], PARTY);
        assert_eq!(last["after"], stored.as_str());
        assert_ne!(last["before"], last["after"]);
    } else {
        panic!("logging a call on a new party changes its status ({stored}): no event");
    }
}

#[test]
fn a_disabled_subscription_gets_nothing_new_and_a_deleted_one_takes_its_queue() {
    let mut m = master();
    let sub = subscribe(&m, &["party.created"]);
    set_subscription_enabled(&m.conn, sub, false).unwrap();
    let created = party(&mut m);
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    assert_eq!(count(&m, "SELECT count(*) FROM event"), 0);
    assert!(matches!(
        set_subscription_enabled(&m.conn, 999, true),
        Err(SubscriptionError::Unknown(999))
    ));
    assert!(matches!(
        create_subscription(
            &m.conn,
            "https://x.example/",
            &["party.eaten".into()],
            "admin",
            Utc::now()
        ),
        Err(SubscriptionError::UnknownEventType(_))
    ));
    assert!(matches!(
        create_subscription(&m.conn, "https://x.example/", &[], "admin", Utc::now()),
        Err(SubscriptionError::NoEventType)
    ));
    let long = format!("https://x.example/{}", "a".repeat(2000));
    assert!(matches!(
        create_subscription(&m.conn, &long, &["*".into()], "admin", Utc::now()),
        Err(SubscriptionError::UrlLength)
    ));
    let listed = list_subscriptions(&m.conn).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].secret_hint.starts_with("whsec_"));
    assert!(
        listed[0].secret_hint.chars().count() < 16,
        "the secret is never listed whole"
    );
    delete_subscription(&mut m.conn, sub).unwrap();
    assert!(list_subscriptions(&m.conn).unwrap().is_empty());
}

#[test]
fn the_queue_leases_retries_gives_up_and_replays() {
    let mut m = master();
    let sub = subscribe(&m, &["*"]);
    let created = party(&mut m);
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    let now: DateTime<Utc> = Utc::now();
    let lease = now + Duration::seconds(30);
    let claimed = claim_due(&mut m.conn, now, lease, 10, 2, &HashMap::new()).unwrap();
    assert_eq!(claimed.len(), 1);
    let delivery = &claimed[0];
    assert_eq!(delivery.subscription_id, sub);
    assert!(delivery.secret.starts_with("whsec_"));
    // Leased: a second round does not take it.
    assert!(claim_due(&mut m.conn, now, lease, 10, 2, &HashMap::new())
        .unwrap()
        .is_empty());
    // A subscription at its cap of attempts in flight is skipped.
    record_attempt(
        &mut m.conn,
        delivery.id,
        &Attempt {
            at: now,
            status_code: Some(503),
            error: Some("HTTP 503".into()),
            duration_ms: 12,
        },
        NextStep::RetryAt(now),
    )
    .unwrap();
    let busy = HashMap::from([(sub, 2usize)]);
    assert!(claim_due(&mut m.conn, now, lease, 10, 2, &busy)
        .unwrap()
        .is_empty());
    let again = claim_due(&mut m.conn, now, lease, 10, 2, &HashMap::new()).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    assert_eq!(
        again[0].event_id, delivery.event_id,
        "the same id at every attempt"
    );
    record_attempt(
        &mut m.conn,
        delivery.id,
        &Attempt {
            at: now,
            status_code: None,
            error: Some("connection refused".into()),
            duration_ms: 1,
        },
        NextStep::GiveUp,
    )
    .unwrap();
    assert_eq!(
        count(
            &m,
            "SELECT count(*) FROM webhook_delivery WHERE status = 'failed'"
        ),
        1
    );
    assert!(claim_due(
        &mut m.conn,
        now + Duration::days(9),
        lease,
        10,
        2,
        &HashMap::new()
    )
    .unwrap()
    .is_empty());
    let attempts = delivery_attempts(&m.conn, delivery.id).unwrap().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].status_code, Some(503));
    assert_eq!(attempts[1].error.as_deref(), Some("connection refused"));
    assert!(delivery_attempts(&m.conn, 999).unwrap().is_none());
    // Replayed: due at once, with the same event id.
    assert!(replay_delivery(&m.conn, delivery.id, now).unwrap());
    assert!(!replay_delivery(&m.conn, 999, now).unwrap());
    let replayed = claim_due(&mut m.conn, now, lease, 10, 2, &HashMap::new()).unwrap();
    assert_eq!(replayed.len(), 1);
    assert_eq!(replayed[0].event_id, delivery.event_id);
    record_attempt(
        &mut m.conn,
        delivery.id,
        &Attempt {
            at: now,
            status_code: Some(204),
            error: None,
            duration_ms: 3,
        },
        NextStep::Delivered,
    )
    .unwrap();
    assert_eq!(
        count(
            &m,
            "SELECT count(*) FROM webhook_delivery WHERE status = 'delivered'"
        ),
        1
    );
}
