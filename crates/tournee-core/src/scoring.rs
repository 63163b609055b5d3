//! A prospect's score (issue 15, « Scoring »): a number from 0 to 100 saying how warm a lead
//! or prospect is, made of **transparent rules** so that the rep sees why — each rule that
//! counted comes with its points and what it counted, and the card lists them.
//!
//! The rules, with their points (constants below, documented in docs/crm-lifecycle.md):
//!
//! | rule | counts | points |
//! |---|---|---|
//! | `recent_contacts` | conversations (actions that reached someone) in the last 90 days | +10 each, at most +30 |
//! | `recency` | days since the last conversation | ≤ 7 days +25, ≤ 30 days +15, ≤ 90 days +5 |
//! | `replies` | replies received in the last 90 days | +10 each, at most +20 |
//! | `positive` | the last outcome recorded is « Positif » | +15 |
//! | `open_opportunity` | open opportunities on the party | +15 (once) |
//! | `reachable` | a phone or an e-mail address to reach it | +5 |
//! | `identified` | a SIRET or SIREN (a company that exists) | +5 |
//! | `refusal` | a formal refusal in the last 180 days | −40 |
//! | `wrong_details` | wrong contact details not corrected since | −15 |
//!
//! The total is clamped to 0–100. It moves with the activity: the same facts the lifecycle
//! reads ([`crate::Fact`]), the replies' days, today's date (the caller's: no clock here).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::lifecycle::{Effect, Fact, FactKind, Outcome};

/// Days a conversation or a reply counts as recent.
pub const RECENT_DAYS: i64 = 90;
/// Days a formal refusal weighs on the score.
pub const REFUSAL_DAYS: i64 = 180;
/// Points per recent conversation, and their ceiling.
pub const POINTS_PER_CONTACT: i32 = 10;
/// Ceiling of `recent_contacts`.
pub const MAX_CONTACT_POINTS: i32 = 30;
/// Points per recent reply, and their ceiling.
pub const POINTS_PER_REPLY: i32 = 10;
/// Ceiling of `replies`.
pub const MAX_REPLY_POINTS: i32 = 20;

/// A rule of the score, by what it rewards or costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreRule {
    /// Conversations in the last [`RECENT_DAYS`] days.
    RecentContacts,
    /// How recent the last conversation is.
    Recency,
    /// Replies received in the last [`RECENT_DAYS`] days.
    Replies,
    /// The last outcome recorded is positive.
    Positive,
    /// At least one open opportunity.
    OpenOpportunity,
    /// A phone or an e-mail address.
    Reachable,
    /// A SIRET or SIREN.
    Identified,
    /// A formal refusal in the last [`REFUSAL_DAYS`] days.
    Refusal,
    /// Wrong contact details, not corrected since.
    WrongDetails,
}

impl ScoreRule {
    /// The rule's code (`recent_contacts`, `recency`…), which the catalogues word.
    pub fn code(self) -> &'static str {
        match self {
            Self::RecentContacts => "recent_contacts",
            Self::Recency => "recency",
            Self::Replies => "replies",
            Self::Positive => "positive",
            Self::OpenOpportunity => "open_opportunity",
            Self::Reachable => "reachable",
            Self::Identified => "identified",
            Self::Refusal => "refusal",
            Self::WrongDetails => "wrong_details",
        }
    }
}

/// One rule that counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePart {
    /// Which rule.
    pub rule: ScoreRule,
    /// Its points (negative for a cost).
    pub points: i32,
    /// What it counted: conversations, replies, days since the last conversation,
    /// opportunities; 1 for a yes/no rule.
    pub count: u32,
}

/// A score and the rules that made it, in the table's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// 0 to 100.
    pub total: u8,
    /// Every rule that counted (none of zero points).
    pub parts: Vec<ScorePart>,
}

/// What the score reads of a party besides its facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoreProfile {
    /// A phone or mobile number is known.
    pub has_phone: bool,
    /// An e-mail address is known.
    pub has_email: bool,
    /// A SIRET or SIREN is known.
    pub identified: bool,
    /// Open opportunities on the party.
    pub open_opportunities: u32,
}

fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    (later - earlier).num_days()
}

/// The score of a party with `facts` (any order), replies received on `reply_days`, and
/// `profile`, on `today`. Facts dated after today (a clock ahead) count as today's.
pub fn score(
    facts: &[Fact],
    reply_days: &[NaiveDate],
    profile: ScoreProfile,
    today: NaiveDate,
) -> Score {
    let mut ordered: Vec<&Fact> = facts.iter().collect();
    ordered.sort();
    let age = |date: NaiveDate| days_between(date, today).max(0);
    let mut parts = Vec::new();
    let mut push = |rule, points: i32, count: u32| {
        if points != 0 {
            parts.push(ScorePart {
                rule,
                points,
                count,
            });
        }
    };

    let contacts: Vec<&&Fact> = ordered
        .iter()
        .filter(|f| f.kind.effect() == Effect::Contact)
        .collect();
    let recent = contacts
        .iter()
        .filter(|f| age(f.date) <= RECENT_DAYS)
        .count();
    let recent_count = u32::try_from(recent).unwrap_or(u32::MAX);
    push(
        ScoreRule::RecentContacts,
        (POINTS_PER_CONTACT.saturating_mul(i32::try_from(recent).unwrap_or(i32::MAX)))
            .min(MAX_CONTACT_POINTS),
        recent_count,
    );
    if let Some(last) = contacts.last() {
        let days = age(last.date);
        let points = match days {
            0..=7 => 25,
            8..=30 => 15,
            31..=RECENT_DAYS => 5,
            _ => 0,
        };
        push(
            ScoreRule::Recency,
            points,
            u32::try_from(days).unwrap_or(u32::MAX),
        );
    }
    let replies = reply_days
        .iter()
        .filter(|d| age(**d) <= RECENT_DAYS)
        .count();
    push(
        ScoreRule::Replies,
        (POINTS_PER_REPLY.saturating_mul(i32::try_from(replies).unwrap_or(i32::MAX)))
            .min(MAX_REPLY_POINTS),
        u32::try_from(replies).unwrap_or(u32::MAX),
    );
    let last_outcome = ordered.iter().rev().find_map(|f| match f.kind {
        FactKind::Action {
            outcome: Some(outcome),
            ..
        } => Some(outcome),
        _ => None,
    });
    if last_outcome == Some(Outcome::Positive) {
        push(ScoreRule::Positive, 15, 1);
    }
    if profile.open_opportunities > 0 {
        push(ScoreRule::OpenOpportunity, 15, profile.open_opportunities);
    }
    if profile.has_phone || profile.has_email {
        push(ScoreRule::Reachable, 5, 1);
    }
    if profile.identified {
        push(ScoreRule::Identified, 5, 1);
    }
    let refused = ordered
        .iter()
        .any(|f| f.kind.effect() == Effect::Refusal && age(f.date) <= REFUSAL_DAYS);
    if refused {
        push(ScoreRule::Refusal, -40, 1);
    }
    // Wrong details count until a later correction (the lifecycle's own reading).
    let wrong = ordered.iter().rev().find_map(|f| match f.kind.effect() {
        Effect::WrongDetails => Some(true),
        Effect::DetailsCorrected => Some(false),
        _ => None,
    });
    if wrong == Some(true) {
        push(ScoreRule::WrongDetails, -15, 1);
    }
    let sum: i32 = parts.iter().map(|p| p.points).sum();
    // Invariant: clamped to 0..=100 just before, so it fits a u8.
    let total = u8::try_from(sum.clamp(0, 100)).unwrap_or(100);
    Score { total, parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
    }

    fn action(date: &str, id: &str, outcome: Option<Outcome>) -> Fact {
        Fact {
            date: day(date),
            id: id.into(),
            kind: FactKind::Action {
                counts_as_contact: true,
                outcome,
            },
        }
    }

    const TODAY: &str = "2026-12-05";

    fn points(score: &Score, rule: ScoreRule) -> Option<(i32, u32)> {
        score
            .parts
            .iter()
            .find(|p| p.rule == rule)
            .map(|p| (p.points, p.count))
    }

    #[test]
    fn a_new_lead_with_nothing_scores_zero_and_explains_nothing() {
        let s = score(&[], &[], ScoreProfile::default(), day(TODAY));
        assert_eq!(
            s,
            Score {
                total: 0,
                parts: Vec::new()
            }
        );
    }

    #[test]
    fn a_warm_prospect_adds_up_each_rule_with_what_it_counted() {
        let facts = [
            action("2026-11-20", "01A", Some(Outcome::Neutral)),
            action("2026-12-01", "01B", Some(Outcome::Positive)),
            // Unanswered: no conversation.
            action("2026-12-03", "01C", Some(Outcome::NoAnswer)),
        ];
        let profile = ScoreProfile {
            has_phone: true,
            has_email: false,
            identified: true,
            open_opportunities: 2,
        };
        let s = score(&facts, &[day("2026-12-02")], profile, day(TODAY));
        assert_eq!(points(&s, ScoreRule::RecentContacts), Some((20, 2)));
        assert_eq!(points(&s, ScoreRule::Recency), Some((25, 4)));
        assert_eq!(points(&s, ScoreRule::Replies), Some((10, 1)));
        // The last outcome is « Pas de réponse »: the earlier « Positif » no longer counts.
        assert_eq!(points(&s, ScoreRule::Positive), None);
        assert_eq!(points(&s, ScoreRule::OpenOpportunity), Some((15, 2)));
        assert_eq!(points(&s, ScoreRule::Reachable), Some((5, 1)));
        assert_eq!(points(&s, ScoreRule::Identified), Some((5, 1)));
        assert_eq!(s.total, 80);
    }

    #[test]
    fn old_activity_fades_and_ceilings_hold() {
        let many: Vec<Fact> = (0..6)
            .map(|i| action("2026-12-01", &format!("01{i}"), Some(Outcome::Positive)))
            .collect();
        let replies = vec![day("2026-12-01"); 5];
        let s = score(&many, &replies, ScoreProfile::default(), day(TODAY));
        assert_eq!(points(&s, ScoreRule::RecentContacts), Some((30, 6)));
        assert_eq!(points(&s, ScoreRule::Replies), Some((20, 5)));
        assert_eq!(s.total, 30 + 25 + 20 + 15);
        // Four months later, the same facts count for nothing but the outcome.
        let later = score(&many, &replies, ScoreProfile::default(), day("2027-04-05"));
        assert_eq!(points(&later, ScoreRule::RecentContacts), None);
        assert_eq!(points(&later, ScoreRule::Recency), None);
        assert_eq!(later.total, 15);
    }

    #[test]
    fn a_refusal_and_wrong_details_cost_and_the_total_never_goes_below_zero() {
        let facts = [
            action("2026-11-01", "01A", Some(Outcome::FormalRefusal)),
            action("2026-11-02", "01B", Some(Outcome::WrongContactDetails)),
        ];
        let s = score(&facts, &[], ScoreProfile::default(), day(TODAY));
        assert_eq!(points(&s, ScoreRule::Refusal), Some((-40, 1)));
        assert_eq!(points(&s, ScoreRule::WrongDetails), Some((-15, 1)));
        assert_eq!(s.total, 0);
        // Corrected details no longer cost.
        let mut corrected = facts.to_vec();
        corrected.push(Fact {
            date: day("2026-11-03"),
            id: "01C".into(),
            kind: FactKind::ContactDetailsCorrected,
        });
        let s = score(&corrected, &[], ScoreProfile::default(), day(TODAY));
        assert_eq!(points(&s, ScoreRule::WrongDetails), None);
    }

    #[test]
    fn the_order_facts_arrive_in_does_not_change_the_score() {
        let facts = vec![
            action("2026-11-20", "01A", Some(Outcome::Positive)),
            action("2026-11-21", "01B", Some(Outcome::WrongContactDetails)),
            action("2026-11-22", "01C", Some(Outcome::Neutral)),
        ];
        let forward = score(&facts, &[], ScoreProfile::default(), day(TODAY));
        let mut backward = facts.clone();
        backward.reverse();
        assert_eq!(
            score(&backward, &[], ScoreProfile::default(), day(TODAY)),
            forward
        );
    }

    #[test]
    fn a_fact_dated_in_the_future_counts_as_today() {
        let facts = [action("2026-12-20", "01A", Some(Outcome::Neutral))];
        let s = score(&facts, &[], ScoreProfile::default(), day(TODAY));
        assert_eq!(points(&s, ScoreRule::Recency), Some((25, 0)));
    }
}
