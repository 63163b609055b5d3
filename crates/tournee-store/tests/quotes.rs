//! Quotes (`RC` entity `quote`, issue 15) through the real integrator on a real SQLite
//! file: the server's number (`D-<year>-<seq>`, per year, no gap even when a change that
//! took one is refused), several creations in one pass, the status moves, the closed
//! quote, and the policy (a quote is its opportunity's owner's when it names one, as the
//! snapshots reach it, else its party's).

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use chrono::{DateTime, Utc};
use common::{deliver_at, master_with, rc, Master};
use serde_json::{json, Value};
use tournee_store::{integrate_batch, Delivery, IntegrationContext, Outcome, Parameters};
use tournee_sync::{Detail, Envelope, RejectReason};

const PARTY: &str = "01JD0000000000000000000P01";
const OTHER_PARTY: &str = "01JD0000000000000000000P02";
const NOW: &str = "2026-11-21T12:00:00Z";

fn quote_id(n: u32) -> String {
    format!("01JD00000000000000000Q{n:04}")
}

fn master() -> Master {
    let mut m = master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("slefebvre", "SL04", true),
    ]);
    for (user, id) in [("jdupont", PARTY), ("mmartin", OTHER_PARTY)] {
        let party = rc(
            &mut m,
            user,
            "2026-11-20T08:00:00+01:00",
            json!({"entity": "party", "op": "create", "id": id,
                   "fields": {"kind": "company", "name": "Cuisines Martin", "owner": user}}),
        );
        assert_eq!(deliver_at(&mut m, &party, NOW), Outcome::Integrated);
    }
    m
}

fn quote_fields(party: &str, temp_ref: &str) -> Value {
    json!({
        "party_id": party,
        "lines": [
            {"reference": "DESIGN-CUIS", "label": "Un projet de design de cuisine",
             "quantity_milli": 1000, "unit": "forfait", "unit_price_cents": 150000, "vat": 2000},
            {"reference": "ARM-100", "label": "Une armoire de 100cm",
             "quantity_milli": 2000, "unit": "pièce", "unit_price_cents": 48990,
             "discount_bp": 1000, "vat": 2000}
        ],
        "valid_until": "2026-12-20",
        "status": "draft",
        "temp_ref": temp_ref
    })
}

fn create(m: &mut Master, user: &str, n: u32, party: &str) -> Envelope {
    rc(
        m,
        user,
        "2026-11-20T09:00:00+01:00",
        json!({"entity": "quote", "op": "create", "id": quote_id(n),
               "fields": quote_fields(party, &format!("P-{user}-{n}"))}),
    )
}

fn update(m: &mut Master, user: &str, n: u32, fields: Value) -> Envelope {
    rc(
        m,
        user,
        "2026-11-20T10:00:00+01:00",
        json!({"entity": "quote", "op": "update", "id": quote_id(n), "fields": fields}),
    )
}

fn numbers(m: &Master) -> Vec<String> {
    m.conn
        .prepare(
            "SELECT number FROM quote WHERE number IS NOT NULL ORDER BY number_year, number_seq",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn refused_field(outcome: &Outcome) -> (RejectReason, String) {
    match outcome {
        Outcome::Failed(rejection) => match &rejection.detail {
            Detail::Rules { problems } => (rejection.reason, problems[0].field().to_owned()),
            Detail::QuoteRule { field, .. } => (rejection.reason, field.clone()),
            other => (rejection.reason, format!("{other:?}")),
        },
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn deliver_all(m: &mut Master, envelopes: &[Envelope], now: &str) -> Vec<Outcome> {
    let now: DateTime<Utc> = now.parse().unwrap();
    let ctx = IntegrationContext {
        now,
        params: Parameters::default(),
    };
    let deliveries: Vec<Delivery> = envelopes
        .iter()
        .map(|envelope| Delivery {
            folder_owner: envelope.user.clone(),
            file_name: envelope.file_name().to_string(),
            parsed: Ok(envelope.clone()),
            signature: None,
            arrived_at: now,
            precheck: None,
            arrival: None,
        })
        .collect();
    integrate_batch(&mut m.conn, &ctx, &deliveries).unwrap()
}

#[test]
fn each_quote_created_gets_the_next_number_of_its_year() {
    let mut m = master();
    for n in 1..=3 {
        let created = create(&mut m, "jdupont", n, PARTY);
        assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    }
    assert_eq!(numbers(&m), ["D-2026-1", "D-2026-2", "D-2026-3"]);
    // The new year starts again at 1.
    let created = create(&mut m, "jdupont", 4, PARTY);
    assert_eq!(
        deliver_at(&mut m, &created, "2027-01-02T08:00:00Z"),
        Outcome::Integrated
    );
    assert_eq!(numbers(&m).last().map(String::as_str), Some("D-2027-1"));
    // The temporary reference stays beside the number.
    let temp: String = m
        .conn
        .query_row(
            "SELECT temp_ref FROM quote WHERE number = 'D-2026-2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(temp, "P-jdupont-2");
}

#[test]
fn refused_creations_in_one_pass_leave_no_gap_in_the_numbers() {
    let mut m = master();
    // One pass: jdupont's quotes on his party, then one on mmartin's party (refused by the
    // policy after nothing), a second copy (duplicate), and more of his own.
    let first = create(&mut m, "jdupont", 1, PARTY);
    let foreign = create(&mut m, "jdupont", 2, OTHER_PARTY);
    let second = create(&mut m, "jdupont", 3, PARTY);
    let orphan = create(&mut m, "jdupont", 4, "01JD0000000000000000000P99");
    let third = create(&mut m, "mmartin", 5, OTHER_PARTY);
    let outcomes = deliver_all(
        &mut m,
        &[first.clone(), foreign, first, second, orphan, third],
        NOW,
    );
    assert_eq!(outcomes[0], Outcome::Integrated);
    assert!(matches!(&outcomes[1], Outcome::Failed(r) if r.reason == RejectReason::NotAllowed));
    assert_eq!(outcomes[2], Outcome::Duplicate);
    assert_eq!(outcomes[3], Outcome::Integrated);
    assert!(matches!(outcomes[4], Outcome::Parked { .. }));
    assert_eq!(outcomes[5], Outcome::Integrated);
    assert_eq!(numbers(&m), ["D-2026-1", "D-2026-2", "D-2026-3"]);
    let last: i64 = m
        .conn
        .query_row(
            "SELECT last_seq FROM quote_number WHERE year = 2026",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, 3, "the counter holds only numbers that were kept");
}

#[test]
fn refused_creations_take_no_number() {
    // A rep's creation on a colleague's party is refused by the policy, a creation that
    // claims to be accepted already by the status rule: the counter does not move, so
    // the next quote kept takes 1. (The number is taken last, inside the savepoint: any
    // refusal rolls it back with the rest of the change.)
    let mut m = master();
    let refused = create(&mut m, "mmartin", 1, PARTY);
    assert!(matches!(
        deliver_at(&mut m, &refused, NOW),
        Outcome::Failed(r) if r.reason == RejectReason::NotAllowed
    ));
    // A create that claims to be accepted already is refused after the checks.
    let mut sent = create(&mut m, "jdupont", 2, PARTY);
    if let tournee_sync::ChangeBody::RC(change) = &mut sent.body {
        if let tournee_sync::RecordFields::Quote(fields) = &mut change.fields {
            fields.status = tournee_sync::Patch::Set(tournee_core::QuoteStatus::Accepted);
        }
    }
    assert_eq!(
        refused_field(&deliver_at(&mut m, &sent, NOW)),
        (RejectReason::QuoteRule, "status".into())
    );
    let kept = create(&mut m, "jdupont", 3, PARTY);
    assert_eq!(deliver_at(&mut m, &kept, NOW), Outcome::Integrated);
    assert_eq!(numbers(&m), ["D-2026-1"]);
}

#[test]
fn a_quote_moves_draft_sent_accepted_and_is_then_closed() {
    let mut m = master();
    let created = create(&mut m, "jdupont", 1, PARTY);
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);

    let skip = update(&mut m, "jdupont", 1, json!({"status": "accepted"}));
    assert_eq!(
        refused_field(&deliver_at(&mut m, &skip, NOW)),
        (RejectReason::QuoteRule, "status".into()),
        "draft → accepted skips « sent »"
    );
    let sent = update(&mut m, "jdupont", 1, json!({"status": "sent"}));
    assert_eq!(deliver_at(&mut m, &sent, NOW), Outcome::Integrated);
    let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    let accepted = update(
        &mut m,
        "jdupont",
        1,
        json!({"status": "accepted", "signer_name": "Élodie Martin",
               "signed_at": "2026-11-20T10:00:00Z",
               "signature": {"media_type": "image/png", "data_base64": png}}),
    );
    assert_eq!(deliver_at(&mut m, &accepted, NOW), Outcome::Integrated);
    let (status, signer): (String, String) = m
        .conn
        .query_row("SELECT status, signer_name FROM quote", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (status.as_str(), signer.as_str()),
        ("accepted", "Élodie Martin")
    );

    // Closed: neither edited, nor moved back, nor deleted.
    let edit = update(&mut m, "jdupont", 1, json!({"valid_until": "2027-01-31"}));
    assert_eq!(
        refused_field(&deliver_at(&mut m, &edit, NOW)),
        (RejectReason::QuoteRule, "valid_until".into())
    );
    let back = update(&mut m, "jdupont", 1, json!({"status": "sent"}));
    assert_eq!(
        refused_field(&deliver_at(&mut m, &back, NOW)),
        (RejectReason::QuoteRule, "status".into())
    );
    let delete = rc(
        &mut m,
        "jdupont",
        "2026-11-20T11:00:00+01:00",
        json!({"entity": "quote", "op": "delete", "id": quote_id(1)}),
    );
    assert!(matches!(
        deliver_at(&mut m, &delete, NOW),
        Outcome::Failed(r) if r.reason == RejectReason::QuoteRule
    ));
    let valid_until: String = m
        .conn
        .query_row("SELECT valid_until FROM quote", [], |r| r.get(0))
        .unwrap();
    assert_eq!(valid_until, "2026-12-20");
}

#[test]
fn the_lines_are_one_field_the_later_list_wins_and_the_other_is_kept() {
    let mut m = master();
    let created = create(&mut m, "jdupont", 1, PARTY);
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    let one_line = |label: &str| {
        json!({"lines": [{"label": label, "quantity_milli": 1000,
                          "unit_price_cents": 100, "vat": 2000}]})
    };
    let later = rc(
        &mut m,
        "jdupont",
        "2026-11-20T11:00:00+01:00",
        json!({"entity": "quote", "op": "update", "id": quote_id(1), "fields": one_line("Plus tard")}),
    );
    let earlier = rc(
        &mut m,
        "slefebvre",
        "2026-11-20T10:30:00+01:00",
        json!({"entity": "quote", "op": "update", "id": quote_id(1), "fields": one_line("Plus tôt")}),
    );
    assert_eq!(deliver_at(&mut m, &later, NOW), Outcome::Integrated);
    assert_eq!(deliver_at(&mut m, &earlier, NOW), Outcome::Integrated);
    let lines: String = m
        .conn
        .query_row("SELECT lines FROM quote", [], |r| r.get(0))
        .unwrap();
    let lines: Vec<tournee_core::QuoteLine> = serde_json::from_str(&lines).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].label, "Plus tard");
    let kept: i64 = m
        .conn
        .query_row(
            "SELECT count(*) FROM record_field_history WHERE entity = 'quote' AND field = 'lines' \
             AND value_json LIKE '%Plus tôt%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1, "the losing list is in the history");
}

#[test]
fn a_rep_writes_quotes_on_his_parties_only_and_the_admin_on_all() {
    let mut m = master();
    let mine = create(&mut m, "jdupont", 1, PARTY);
    assert_eq!(deliver_at(&mut m, &mine, NOW), Outcome::Integrated);
    let theirs = update(&mut m, "mmartin", 1, json!({"status": "sent"}));
    assert!(matches!(
        deliver_at(&mut m, &theirs, NOW),
        Outcome::Failed(r) if r.reason == RejectReason::NotAllowed
    ));
    let admin = update(&mut m, "slefebvre", 1, json!({"status": "sent"}));
    assert_eq!(deliver_at(&mut m, &admin, NOW), Outcome::Integrated);
}

const OPPORTUNITY: &str = "01JD0000000000000000000Q01";

/// Who sees a quote is who may change it: the snapshots give a quote to its opportunity's
/// owner, so the integration lets that owner write it even on a colleague's party, and not
/// the party's owner, who does not see it.
#[test]
fn a_quote_of_an_opportunity_is_its_owners_not_the_partys() {
    let mut m = master();
    // The admin hands mmartin a deal on jdupont's party.
    let opportunity = rc(
        &mut m,
        "slefebvre",
        "2026-11-20T08:30:00+01:00",
        json!({"entity": "opportunity", "op": "create", "id": OPPORTUNITY,
               "fields": {"party_id": PARTY, "title": "Cuisine équipée", "value_cents": 285_818,
                          "pipeline": "standard", "stage": "qualification", "status": "open",
                          "owner": "mmartin"}}),
    );
    assert_eq!(deliver_at(&mut m, &opportunity, NOW), Outcome::Integrated);
    let mut fields = quote_fields(PARTY, "P-mmartin-1");
    fields["opportunity_id"] = json!(OPPORTUNITY);
    let created = rc(
        &mut m,
        "mmartin",
        "2026-11-20T09:00:00+01:00",
        json!({"entity": "quote", "op": "create", "id": quote_id(1), "fields": fields}),
    );
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    let sent = update(&mut m, "mmartin", 1, json!({"status": "sent"}));
    assert_eq!(deliver_at(&mut m, &sent, NOW), Outcome::Integrated);
    let by_party_owner = update(&mut m, "jdupont", 1, json!({"valid_until": "2026-12-31"}));
    assert!(matches!(
        deliver_at(&mut m, &by_party_owner, NOW),
        Outcome::Failed(r) if r.reason == RejectReason::NotAllowed
    ));
}

/// jdupont's opportunity on his party, open at the default pipeline's first stage, and
/// quote 1 made from it and sent.
fn sent_quote_of_an_opportunity(m: &mut Master) {
    let opportunity = rc(
        m,
        "jdupont",
        "2026-11-20T08:30:00+01:00",
        json!({"entity": "opportunity", "op": "create", "id": OPPORTUNITY,
               "fields": {"party_id": PARTY, "title": "Cuisine équipée", "value_cents": 285_818,
                          "pipeline": "standard", "stage": "qualification", "status": "open"}}),
    );
    assert_eq!(deliver_at(m, &opportunity, NOW), Outcome::Integrated);
    let created = create(m, "jdupont", 1, PARTY);
    assert_eq!(deliver_at(m, &created, NOW), Outcome::Integrated);
    let linked = update(
        m,
        "jdupont",
        1,
        json!({"opportunity_id": OPPORTUNITY, "status": "sent"}),
    );
    assert_eq!(deliver_at(m, &linked, NOW), Outcome::Integrated);
}

fn opportunity_state(m: &Master) -> (String, String, Option<String>) {
    m.conn
        .query_row(
            "SELECT stage, status, closed_at FROM opportunity WHERE id = ?1",
            [OPPORTUNITY],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn accepting_a_quote_wins_its_opportunity_at_the_last_stage() {
    let mut m = master();
    sent_quote_of_an_opportunity(&mut m);
    let accepted = update(&mut m, "jdupont", 1, json!({"status": "accepted"}));
    assert_eq!(deliver_at(&mut m, &accepted, NOW), Outcome::Integrated);

    let last_stage = Parameters::default().pipelines[0]
        .stages
        .last()
        .unwrap()
        .code
        .clone();
    let (stage, status, closed_at) = opportunity_state(&m);
    assert_eq!((stage, status.as_str()), (last_stage.clone(), "won"));
    assert!(closed_at.is_some(), "the first closing sets closed_at");
    // The step is in the stage history, by the quote's change.
    let by: String = m
        .conn
        .query_row(
            "SELECT change_id FROM opportunity_stage WHERE opportunity_id = ?1 AND status = 'won'",
            [OPPORTUNITY],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, accepted.change_id);
    // Won is final: the rep can no longer move it.
    let back = rc(
        &mut m,
        "jdupont",
        "2026-11-20T11:00:00+01:00",
        json!({"entity": "opportunity", "op": "update", "id": OPPORTUNITY,
               "fields": {"status": "open"}}),
    );
    assert!(matches!(
        deliver_at(&mut m, &back, NOW),
        Outcome::Failed(r) if r.reason == RejectReason::OpportunityRule
    ));
}

#[test]
fn a_quote_of_a_lost_opportunity_is_not_accepted() {
    let mut m = master();
    sent_quote_of_an_opportunity(&mut m);
    let lost = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:30:00+01:00",
        json!({"entity": "opportunity", "op": "update", "id": OPPORTUNITY,
               "fields": {"status": "lost", "loss_reason": "Prix trop élevé"}}),
    );
    assert_eq!(deliver_at(&mut m, &lost, NOW), Outcome::Integrated);
    let accepted = update(&mut m, "jdupont", 1, json!({"status": "accepted"}));
    let outcome = deliver_at(&mut m, &accepted, NOW);
    assert_eq!(
        refused_field(&outcome),
        (RejectReason::QuoteRule, "status".into())
    );
    assert!(matches!(
        &outcome,
        Outcome::Failed(r) if matches!(&r.detail, Detail::QuoteRule { rule, .. } if rule == "quote_opportunity_lost")
    ));
    let (_, status, _) = opportunity_state(&m);
    assert_eq!(status, "lost");
    let quote_status: String = m
        .conn
        .query_row("SELECT status FROM quote", [], |r| r.get(0))
        .unwrap();
    assert_eq!(quote_status, "sent");
}
