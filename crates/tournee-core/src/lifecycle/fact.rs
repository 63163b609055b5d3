//! The facts a party's status is computed from, and what each one means to the lifecycle
//! (its [`Effect`]). Facts come from the ERP, the accountant's validations, the action log
//! and the edits of the party's contact details; the caller gathers them, this crate only
//! reads them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One thing that happened to a party. Facts are ordered by date, then id, then kind: the
/// canonical order in which they are applied, whatever order they arrived in.
///
/// The field order matters: the derived `Ord` is that canonical order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fact {
    /// The day it happened (an action's own date, not the day its change file arrived).
    pub date: NaiveDate,
    /// Its id: a ULID minted offline for actions and corrections (so, within one day, the
    /// order in which they were recorded), or the ERP's own reference for ERP facts. Only
    /// compared, never parsed.
    pub id: String,
    /// What happened.
    pub kind: FactKind,
}

/// What a fact says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum FactKind {
    /// The party is a client in the ERP (it came in with the ERP's clients).
    ErpClient,
    /// A conversion into a client, validated by the accountant.
    ValidatedConversion,
    /// An action logged on the party.
    Action {
        /// Whether the action's type counts as a contact (set by the admin per type: a
        /// call or a visit does, an internal note does not).
        counts_as_contact: bool,
        /// The outcome recorded with it, if any.
        outcome: Option<Outcome>,
    },
    /// The party's contact details (phone, e-mail, address) were corrected.
    ContactDetailsCorrected,
}

/// How an action turned out, as far as the lifecycle cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// « Coordonnées erronées »: the number or address reaches nobody, or the wrong person.
    WrongContactDetails,
    /// « Refus formel »: the party said no, formally.
    FormalRefusal,
    /// « Pas de réponse »: tried, nobody answered; no conversation took place.
    NoAnswer,
    /// « Neutre »: reached, nothing decided.
    Neutral,
    /// « Positif »: reached, interested.
    Positive,
}

/// What a fact does to the lifecycle: the columns of the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// A conversation took place (a contact action reached someone).
    Contact,
    /// The contact details turned out wrong.
    WrongDetails,
    /// A formal refusal.
    Refusal,
    /// The contact details were corrected.
    DetailsCorrected,
    /// A sale: an ERP client or a validated conversion.
    Sale,
    /// Nothing the lifecycle cares about (a note, an unanswered call).
    None,
}

impl FactKind {
    /// The fact's effect. Wrong details and a refusal count whatever the action's type
    /// (a returned letter, an answer received by post); an unanswered attempt is no contact.
    pub fn effect(self) -> Effect {
        match self {
            FactKind::ErpClient | FactKind::ValidatedConversion => Effect::Sale,
            FactKind::ContactDetailsCorrected => Effect::DetailsCorrected,
            FactKind::Action {
                outcome: Some(Outcome::WrongContactDetails),
                ..
            } => Effect::WrongDetails,
            FactKind::Action {
                outcome: Some(Outcome::FormalRefusal),
                ..
            } => Effect::Refusal,
            FactKind::Action {
                outcome: Some(Outcome::NoAnswer),
                ..
            }
            | FactKind::Action {
                counts_as_contact: false,
                ..
            } => Effect::None,
            FactKind::Action {
                counts_as_contact: true,
                ..
            } => Effect::Contact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(counts_as_contact: bool, outcome: Option<Outcome>) -> Effect {
        FactKind::Action {
            counts_as_contact,
            outcome,
        }
        .effect()
    }

    #[test]
    fn each_kind_of_fact_has_its_effect() {
        assert_eq!(FactKind::ErpClient.effect(), Effect::Sale);
        assert_eq!(FactKind::ValidatedConversion.effect(), Effect::Sale);
        assert_eq!(
            FactKind::ContactDetailsCorrected.effect(),
            Effect::DetailsCorrected
        );
        for contact in [true, false] {
            assert_eq!(
                action(contact, Some(Outcome::WrongContactDetails)),
                Effect::WrongDetails
            );
            assert_eq!(
                action(contact, Some(Outcome::FormalRefusal)),
                Effect::Refusal
            );
            assert_eq!(action(contact, Some(Outcome::NoAnswer)), Effect::None);
        }
        for outcome in [None, Some(Outcome::Neutral), Some(Outcome::Positive)] {
            assert_eq!(action(true, outcome), Effect::Contact, "{outcome:?}");
            assert_eq!(action(false, outcome), Effect::None, "{outcome:?}");
        }
    }

    #[test]
    fn facts_travel_as_tagged_json() {
        let fact = Fact {
            date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            id: "01JNQ6X8K3Y7ZV0B2C4D6E8F9G".into(),
            kind: FactKind::Action {
                counts_as_contact: true,
                outcome: Some(Outcome::FormalRefusal),
            },
        };
        let json = serde_json::to_string(&fact).unwrap();
        assert_eq!(
            json,
            r#"{"date":"2026-03-02","id":"01JNQ6X8K3Y7ZV0B2C4D6E8F9G","kind":{"type":"action","counts_as_contact":true,"outcome":"formal_refusal"}}"#
        );
        assert_eq!(serde_json::from_str::<Fact>(&json).unwrap(), fact);
    }
}
