//! Opportunities through the real integrator on a real SQLite master (issue 15): the
//! pipeline's rules (no stage skipped, won from the last stage, lost with a reason, a
//! closed opportunity untouched), the stage history and `closed_at`, the assignment rule,
//! and the policy (a rep writes their own, a manager reassigns in the team).

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use common::{deliver_at, deliver_with, master_with, Master};
use serde_json::{json, Value};
use tournee_core::Role;
use tournee_store::{add_member, create_team, set_leader, set_user_role, Outcome, Parameters};
use tournee_sync::{Detail, Envelope, RejectReason};

const NOW: &str = "2026-11-21T12:00:00Z";
const PARTY: &str = "01JD0000000000000000000P01";
const OPP: &str = "01JD0000000000000000000Q01";

/// Reps jdupont and mmartin, manager luc, admin slefebvre; jdupont's party.
fn master() -> Master {
    let mut m = master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("luc", "LU03", false),
        ("slefebvre", "SL04", true),
    ]);
    set_user_role(&m.conn, "luc", Role::Manager).unwrap();
    let party = json!({"entity": "party", "op": "create", "id": PARTY,
        "fields": {"kind": "company", "name": "Garage Martin", "owner": "jdupont"}});
    let created = rc(&mut m, "jdupont", 8, party);
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    m
}

/// A record change by `user` at `hour` o'clock UTC the day before [`NOW`].
fn rc(m: &mut Master, user: &str, hour: u32, payload: Value) -> Envelope {
    common::rc(m, user, &format!("2026-11-20T{hour:02}:00:00Z"), payload)
}

fn create(m: &mut Master, user: &str, fields: Value) -> Outcome {
    let mut all = json!({"party_id": PARTY, "title": "Pneus hiver flotte",
        "value_cents": 1_000_000, "expected_close": "2027-01-31",
        "pipeline": "standard", "stage": "qualification", "status": "open"});
    for (k, v) in fields.as_object().unwrap() {
        all[k] = v.clone();
    }
    let change = rc(
        m,
        user,
        9,
        json!({"entity": "opportunity", "op": "create", "id": OPP, "fields": all}),
    );
    deliver_at(m, &change, NOW)
}

fn update(m: &mut Master, user: &str, hour: u32, fields: Value) -> Outcome {
    let change = rc(
        m,
        user,
        hour,
        json!({"entity": "opportunity", "op": "update", "id": OPP, "fields": fields}),
    );
    deliver_at(m, &change, NOW)
}

fn rule_of(outcome: &Outcome) -> (String, String) {
    match outcome {
        Outcome::Failed(rejection) => {
            assert_eq!(
                rejection.reason,
                RejectReason::OpportunityRule,
                "{rejection}"
            );
            match &rejection.detail {
                Detail::OpportunityRule { id, rule, field } => {
                    assert_eq!(id, OPP);
                    (rule.clone(), field.clone())
                }
                other => panic!("expected an opportunity rule, got {other:?}"),
            }
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn column(m: &Master, sql: &str) -> Option<String> {
    m.conn.query_row(sql, [OPP], |r| r.get(0)).unwrap()
}

fn history(m: &Master) -> Vec<(String, String, String)> {
    m.conn
        .prepare(
            "SELECT stage, status, entered_at FROM opportunity_stage \
             WHERE opportunity_id = ?1 ORDER BY entered_at",
        )
        .unwrap()
        .query_map([OPP], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn rule(code: &str, field: &str) -> (String, String) {
    (code.into(), field.into())
}

#[test]
fn an_opportunity_starts_at_the_first_stage_and_never_skips_one() {
    let mut m = master();
    assert_eq!(
        rule_of(&create(&mut m, "jdupont", json!({"stage": "proposition"}))),
        rule("opportunity_not_first_stage", "stage")
    );
    assert_eq!(
        rule_of(&create(&mut m, "jdupont", json!({"pipeline": "autre"}))),
        rule("opportunity_unknown_pipeline", "pipeline")
    );
    assert_eq!(create(&mut m, "jdupont", json!({})), Outcome::Integrated);

    let skip = update(&mut m, "jdupont", 10, json!({"stage": "proposition"}));
    assert_eq!(rule_of(&skip), rule("opportunity_stage_skipped", "stage"));
    assert_eq!(
        column(&m, "SELECT stage FROM opportunity WHERE id = ?1").as_deref(),
        Some("qualification"),
        "nothing written"
    );
    assert_eq!(
        update(&mut m, "jdupont", 11, json!({"stage": "besoin"})),
        Outcome::Integrated
    );
    // Back one stage is allowed; winning before the last stage is not.
    assert_eq!(
        update(&mut m, "jdupont", 12, json!({"stage": "qualification"})),
        Outcome::Integrated
    );
    assert_eq!(
        rule_of(&update(&mut m, "jdupont", 13, json!({"status": "won"}))),
        rule("opportunity_won_before_last_stage", "status")
    );
    let stages: Vec<String> = history(&m).into_iter().map(|(s, _, _)| s).collect();
    assert_eq!(stages, ["qualification", "besoin", "qualification"]);
}

#[test]
fn a_won_opportunity_is_closed_with_its_time_and_takes_no_change_after() {
    let mut m = master();
    assert_eq!(create(&mut m, "jdupont", json!({})), Outcome::Integrated);
    for (hour, stage) in [(10, "besoin"), (11, "proposition"), (12, "negociation")] {
        assert_eq!(
            update(&mut m, "jdupont", hour, json!({"stage": stage})),
            Outcome::Integrated
        );
    }
    assert_eq!(
        update(&mut m, "jdupont", 14, json!({"status": "won"})),
        Outcome::Integrated
    );
    assert_eq!(
        column(&m, "SELECT closed_at FROM opportunity WHERE id = ?1").as_deref(),
        Some("2026-11-20T14:00:00.000Z")
    );
    let created: String = column(&m, "SELECT created_at FROM opportunity WHERE id = ?1").unwrap();
    assert!(created.starts_with("2026-11-20T09:00:00"), "{created}");
    let last = history(&m).pop().unwrap();
    assert_eq!((last.0.as_str(), last.1.as_str()), ("negociation", "won"));

    assert_eq!(
        rule_of(&update(&mut m, "jdupont", 15, json!({"title": "Autre"}))),
        rule("opportunity_closed", "status")
    );
    assert_eq!(
        rule_of(&update(&mut m, "slefebvre", 15, json!({"status": "open"}))),
        rule("opportunity_closed", "status"),
        "not even the admin reopens it"
    );
    let delete = rc(
        &mut m,
        "jdupont",
        16,
        json!({"entity": "opportunity", "op": "delete", "id": OPP}),
    );
    assert_eq!(
        rule_of(&deliver_at(&mut m, &delete, NOW)),
        rule("opportunity_closed", "status")
    );
}

#[test]
fn a_loss_says_why_from_any_stage() {
    let mut m = master();
    assert_eq!(create(&mut m, "jdupont", json!({})), Outcome::Integrated);
    assert_eq!(
        rule_of(&update(&mut m, "jdupont", 10, json!({"status": "lost"}))),
        rule("opportunity_loss_reason_missing", "loss_reason")
    );
    assert_eq!(
        update(
            &mut m,
            "jdupont",
            10,
            json!({"status": "lost", "loss_reason": "Prix trop élevé"})
        ),
        Outcome::Integrated
    );
    assert_eq!(
        column(&m, "SELECT status FROM opportunity WHERE id = ?1").as_deref(),
        Some("lost")
    );
    assert!(column(&m, "SELECT closed_at FROM opportunity WHERE id = ?1").is_some());
}

#[test]
fn the_assignment_rule_hands_every_new_opportunity_to_its_assignee() {
    let mut m = master();
    let params = Parameters {
        opportunity_assignee: Some("luc".into()),
        ..Parameters::default()
    };
    let change = rc(
        &mut m,
        "jdupont",
        9,
        json!({"entity": "opportunity", "op": "create", "id": OPP, "fields": {
            "party_id": PARTY, "title": "T", "pipeline": "standard",
            "stage": "qualification", "status": "open", "owner": "jdupont"}}),
    );
    assert_eq!(
        deliver_with(&mut m, &change, NOW, params),
        Outcome::Integrated
    );
    assert_eq!(
        column(&m, "SELECT owner FROM opportunity WHERE id = ?1").as_deref(),
        Some("luc")
    );
    assert_eq!(
        column(&m, "SELECT created_by FROM opportunity WHERE id = ?1").as_deref(),
        Some("jdupont")
    );
    // Now Luc's: the rep no longer writes it (not in Luc's team, and own scope).
    let refused = update(&mut m, "jdupont", 10, json!({"stage": "besoin"}));
    assert!(
        matches!(&refused, Outcome::Failed(r) if r.reason == RejectReason::NotAllowed),
        "{refused:?}"
    );
}

#[test]
fn a_rep_writes_their_own_and_a_manager_reassigns_within_the_team() {
    let mut m = master();
    // A rep does not create an opportunity for a colleague, nor write one.
    assert!(matches!(
        create(&mut m, "jdupont", json!({"owner": "mmartin"})),
        Outcome::Failed(r) if r.reason == RejectReason::NotAllowed
    ));
    assert_eq!(create(&mut m, "jdupont", json!({})), Outcome::Integrated);
    assert!(matches!(
        update(&mut m, "mmartin", 10, json!({"title": "Volé"})),
        Outcome::Failed(r) if r.reason == RejectReason::NotAllowed
    ));
    // Nor hands their own to a colleague.
    assert!(matches!(
        update(&mut m, "jdupont", 10, json!({"owner": "mmartin"})),
        Outcome::Failed(r) if r.reason == RejectReason::NotAllowed
    ));
    // Luc leads a team with both reps: he reassigns.
    let team = create_team(&m.conn, "Nord").unwrap();
    for rep in ["jdupont", "mmartin", "luc"] {
        add_member(&m.conn, team, rep, false).unwrap();
    }
    set_leader(&m.conn, team, "luc", true).unwrap();
    assert_eq!(
        update(&mut m, "luc", 11, json!({"owner": "mmartin"})),
        Outcome::Integrated
    );
    assert_eq!(
        column(&m, "SELECT owner FROM opportunity WHERE id = ?1").as_deref(),
        Some("mmartin")
    );
    assert_eq!(
        update(&mut m, "mmartin", 12, json!({"stage": "besoin"})),
        Outcome::Integrated
    );
}
