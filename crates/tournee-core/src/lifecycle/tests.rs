//! The transition table cell by cell, the brief's stories through [`lifecycle`], and the
//! property that the result depends only on the set of facts.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::table::State;
use super::*;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(n))
}

fn fact(n: u32, id: &str, kind: FactKind) -> Fact {
    Fact {
        date: day(n),
        id: id.into(),
        kind,
    }
}

fn action(counts_as_contact: bool, outcome: Option<Outcome>) -> FactKind {
    FactKind::Action {
        counts_as_contact,
        outcome,
    }
}

const CALL: FactKind = FactKind::Action {
    counts_as_contact: true,
    outcome: Some(Outcome::Neutral),
};
const WRONG: FactKind = FactKind::Action {
    counts_as_contact: true,
    outcome: Some(Outcome::WrongContactDetails),
};
const REFUSAL: FactKind = FactKind::Action {
    counts_as_contact: true,
    outcome: Some(Outcome::FormalRefusal),
};

#[test]
fn every_cell_of_the_table() {
    use Effect as E;
    use State as S;
    let effects = [
        E::Contact,
        E::WrongDetails,
        E::Refusal,
        E::DetailsCorrected,
        E::Sale,
        E::None,
    ];
    #[rustfmt::skip]
    let table = [
        (S::Lead,         [S::Prospect, S::Unreachable,  S::RefusedLead,  S::Lead,         S::Client, S::Lead]),
        (S::Unreachable,  [S::Prospect, S::Unreachable,  S::RefusedLead,  S::Lead,         S::Client, S::Unreachable]),
        (S::RefusedLead,  [S::Prospect, S::RefusedLead,  S::RefusedLead,  S::RefusedLead,  S::Client, S::RefusedLead]),
        (S::Prospect,     [S::Prospect, S::Prospect,     S::DeadProspect, S::Prospect,     S::Client, S::Prospect]),
        (S::DeadProspect, [S::Prospect, S::DeadProspect, S::DeadProspect, S::DeadProspect, S::Client, S::DeadProspect]),
        (S::Client,       [S::Client,   S::Client,       S::Client,       S::Client,       S::Client, S::Client]),
    ];
    for (from, row) in table {
        for (effect, expected) in effects.into_iter().zip(row) {
            assert_eq!(from.after(effect), expected, "{from:?} × {effect:?}");
        }
    }
}

#[test]
fn dead_leads_of_both_kinds_show_as_dead_leads() {
    assert_eq!(State::Unreachable.status(), Status::DeadLead);
    assert_eq!(State::RefusedLead.status(), Status::DeadLead);
    assert_eq!(State::START.status(), Status::Lead);
}

#[test]
fn a_party_nothing_happened_to_is_a_lead_without_history() {
    let result = lifecycle(&[]);
    assert_eq!(result.status, Status::Lead);
    assert!(result.history.is_empty());
}

#[test]
fn the_first_contact_action_makes_a_lead_a_prospect() {
    let facts = [fact(3, "01A", CALL)];
    let result = lifecycle(&facts);
    assert_eq!(result.status, Status::Prospect);
    assert_eq!(
        result.history,
        [StatusChange {
            from: Status::Lead,
            to: Status::Prospect,
            cause: facts[0].clone(),
        }]
    );
}

#[test]
fn an_action_whose_type_is_not_a_contact_leaves_a_lead_a_lead() {
    for outcome in [None, Some(Outcome::Neutral), Some(Outcome::Positive)] {
        assert_eq!(
            status(&[fact(1, "01A", action(false, outcome))]),
            Status::Lead
        );
    }
}

#[test]
fn an_unanswered_call_is_no_conversation() {
    let unanswered = action(true, Some(Outcome::NoAnswer));
    assert_eq!(status(&[fact(1, "01A", unanswered)]), Status::Lead);
    assert_eq!(
        status(&[fact(1, "01A", CALL), fact(2, "01B", unanswered)]),
        Status::Prospect
    );
}

#[test]
fn wrong_details_kill_a_lead_and_corrected_details_revive_it() {
    let dead = [fact(1, "01A", WRONG)];
    assert_eq!(status(&dead), Status::DeadLead);
    let revived = [
        fact(1, "01A", WRONG),
        fact(2, "01B", FactKind::ContactDetailsCorrected),
    ];
    let result = lifecycle(&revived);
    assert_eq!(result.status, Status::Lead);
    let steps: Vec<_> = result.history.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        steps,
        [
            (Status::Lead, Status::DeadLead),
            (Status::DeadLead, Status::Lead)
        ]
    );
}

#[test]
fn a_correction_before_the_wrong_details_revives_nothing() {
    let facts = [
        fact(1, "01A", FactKind::ContactDetailsCorrected),
        fact(2, "01B", WRONG),
    ];
    assert_eq!(status(&facts), Status::DeadLead);
}

#[test]
fn a_successful_contact_revives_a_dead_lead_as_a_prospect() {
    let facts = [fact(1, "01A", WRONG), fact(5, "01B", CALL)];
    assert_eq!(status(&facts), Status::Prospect);
}

#[test]
fn a_refusal_at_first_contact_makes_a_dead_lead_that_new_details_do_not_revive() {
    let refused = [fact(1, "01A", REFUSAL)];
    assert_eq!(status(&refused), Status::DeadLead);
    let corrected = [
        fact(1, "01A", REFUSAL),
        fact(2, "01B", WRONG),
        fact(3, "01C", FactKind::ContactDetailsCorrected),
    ];
    assert_eq!(status(&corrected), Status::DeadLead);
    let called_back = [fact(1, "01A", REFUSAL), fact(9, "01B", CALL)];
    assert_eq!(status(&called_back), Status::Prospect);
}

#[test]
fn a_formal_refusal_kills_a_prospect_and_a_later_conversation_revives_it() {
    let dead = [fact(1, "01A", CALL), fact(2, "01B", REFUSAL)];
    assert_eq!(status(&dead), Status::DeadProspect);
    let revived = [
        fact(1, "01A", CALL),
        fact(2, "01B", REFUSAL),
        fact(30, "01C", action(true, Some(Outcome::Positive))),
    ];
    assert_eq!(status(&revived), Status::Prospect);
}

#[test]
fn wrong_details_do_not_kill_a_prospect() {
    let facts = [fact(1, "01A", CALL), fact(2, "01B", WRONG)];
    assert_eq!(status(&facts), Status::Prospect);
}

#[test]
fn a_sale_makes_a_client_and_a_client_stays_a_client() {
    for sale in [FactKind::ErpClient, FactKind::ValidatedConversion] {
        let facts = [
            fact(1, "01A", CALL),
            fact(2, "01B", sale),
            fact(3, "01C", REFUSAL),
            fact(4, "01D", WRONG),
        ];
        let result = lifecycle(&facts);
        assert_eq!(result.status, Status::Client, "{sale:?}");
        assert_eq!(result.history.last().unwrap().cause, facts[1]);
    }
    // An ERP client imported with no action at all.
    assert_eq!(
        status(&[fact(0, "erp:C004512", FactKind::ErpClient)]),
        Status::Client
    );
}

#[test]
fn facts_of_one_day_apply_in_id_order() {
    // Same day: the ULID minted first applies first.
    let facts = [fact(4, "01B", REFUSAL), fact(4, "01A", CALL)];
    assert_eq!(status(&facts), Status::DeadProspect);
    let facts = [fact(4, "01A", REFUSAL), fact(4, "01B", CALL)];
    assert_eq!(status(&facts), Status::Prospect);
}

#[test]
fn the_date_comes_before_the_id() {
    let facts = [fact(5, "01A", REFUSAL), fact(4, "01Z", CALL)];
    assert_eq!(status(&facts), Status::DeadProspect);
}

#[test]
fn a_fact_received_twice_counts_once() {
    let facts = [fact(1, "01A", WRONG), fact(1, "01A", WRONG)];
    assert_eq!(lifecycle(&facts).history.len(), 1);
}

/// Facts over a few weeks with ids from a small pool, so that days and ids collide often.
fn any_fact() -> impl Strategy<Value = Fact> {
    let outcome = prop_oneof![
        Just(None),
        Just(Some(Outcome::WrongContactDetails)),
        Just(Some(Outcome::FormalRefusal)),
        Just(Some(Outcome::NoAnswer)),
        Just(Some(Outcome::Neutral)),
        Just(Some(Outcome::Positive)),
    ];
    let kind = prop_oneof![
        1 => Just(FactKind::ErpClient),
        1 => Just(FactKind::ValidatedConversion),
        2 => Just(FactKind::ContactDetailsCorrected),
        12 => (any::<bool>(), outcome).prop_map(|(counts_as_contact, outcome)| {
            FactKind::Action { counts_as_contact, outcome }
        }),
    ];
    (0u32..20, 0u8..12, kind).prop_map(|(n, id, kind)| fact(n, &format!("01J{id:02}"), kind))
}

proptest! {
    #[test]
    fn the_result_depends_only_on_the_set_of_facts(
        (facts, shuffled) in prop::collection::vec(any_fact(), 0..24)
            .prop_flat_map(|facts| (Just(facts.clone()), Just(facts).prop_shuffle()))
    ) {
        prop_assert_eq!(lifecycle(&facts), lifecycle(&shuffled));
    }

    #[test]
    fn a_duplicate_fact_changes_nothing(
        facts in prop::collection::vec(any_fact(), 1..24),
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut with_duplicate = facts.clone();
        let copy = facts[pick.index(facts.len())].clone();
        with_duplicate.insert(at.index(facts.len() + 1), copy);
        prop_assert_eq!(lifecycle(&facts), lifecycle(&with_duplicate));
    }

    #[test]
    fn the_history_is_a_chain_from_lead_to_the_status(
        facts in prop::collection::vec(any_fact(), 0..24)
    ) {
        let result = lifecycle(&facts);
        let mut current = Status::Lead;
        for change in &result.history {
            prop_assert_eq!(change.from, current);
            prop_assert_ne!(change.from, change.to);
            prop_assert!(facts.contains(&change.cause));
            current = change.to;
        }
        prop_assert_eq!(current, result.status);
        prop_assert_eq!(status(&facts), result.status);
        let dates: Vec<_> = result.history.iter().map(|c| c.cause.date).collect();
        prop_assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn any_sale_makes_a_client(
        facts in prop::collection::vec(any_fact(), 0..24)
    ) {
        let sold = facts.iter().any(|f| f.kind.effect() == Effect::Sale);
        prop_assert_eq!(status(&facts) == Status::Client, sold);
    }
}
