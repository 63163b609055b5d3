//! Segments (issue 15): saved filters used to list, export and assign parties. A segment
//! is either a **list** (the parties someone put in it, by id) or **criteria** (a small
//! typed filter evaluated over what the reader may see, with what they typed offline laid
//! over). The criteria are what a snapshot can answer alone: the computed status, the
//! campaign, the owner, the postal code's start or the city, the day the party was
//! created, the score and the days without any action.
//!
//! The rules live here so that the laptop (before writing), the server (at integration,
//! through `tournee_sync`'s record reader) and the tests share one truth; [`SegmentProblem`]
//! names the field concerned and becomes a [`DomainError`] both catalogues already word.

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::duplicates::{plain_words, postal_code_key};
use crate::iso_date::parse_iso_date;
use crate::rules::text::{check_text, TextKind};
use crate::{DomainError, Status};

/// Longest segment name (« Prospects du salon sans nouvelles depuis 30 jours »).
pub const SEGMENT_NAME_MAX: u32 = 120;
/// Most parties a list segment holds: a list travels whole in one change, so it stays a
/// list a person built by hand (criteria segments have no such bound).
pub const SEGMENT_MEMBERS_MAX: usize = 2_000;
/// Longest postal-code start (a whole foreign postal code).
pub const POSTAL_PREFIX_MAX: u32 = 10;
/// Longest city (annex 2's address columns).
pub const SEGMENT_CITY_MAX: u32 = 35;
/// Longest look back of « no activity for N days » (ten years).
pub const IDLE_DAYS_MAX: u32 = 3_660;
/// Highest score a criterion may ask for: scores run from 0 to 100.
pub const MIN_SCORE_MAX: u32 = 100;
/// Longest login named as owner (the user mapping's Windows logins).
const OWNER_MAX: u32 = 64;

/// Whether a segment is a list made by hand or criteria evaluated when it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SegmentKind {
    /// The parties someone added, one by one (« Ajouter au segment »).
    List,
    /// Every party the reader sees that meets [`SegmentCriteria`], evaluated at each read.
    Criteria,
}

impl SegmentKind {
    /// The stored code (`list`, `criteria`), as serde writes it.
    pub fn code(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Criteria => "criteria",
        }
    }

    /// The kind stored as `code`, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::List, Self::Criteria]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// The criteria of a segment: every criterion set must hold (an empty list of statuses,
/// or a criterion left out, holds for everyone). Days are `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentCriteria {
    /// The party's computed status is one of these (none: any status).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<Status>,
    /// The party came from this campaign (a campaign record id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// The party is this user's (login).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The party's postal code starts with this (spaces and case do not count: `69` finds
    /// `69003`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_prefix: Option<String>,
    /// The party's city is this one (case, accents and hyphens do not count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Created on or after this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_from: Option<String>,
    /// Created on or before this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_to: Option<String>,
    /// A score of at least this (only leads and prospects have a score).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<u32>,
    /// No action logged for at least this many days (a party without any action counts
    /// as idle since its creation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_days: Option<u32>,
}

/// Why a segment's name, members or criteria are refused; each names its field
/// ([`SegmentProblem::field`]) and becomes a [`DomainError`] (`From`), which both
/// catalogues word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SegmentProblem {
    /// The name is blank.
    #[error("a segment has a name")]
    NameMissing,
    /// The name breaks the text rule (length, line break, control character).
    #[error("segment name refused: {0}")]
    Name(DomainError),
    /// A criteria segment without any criterion would hold every party.
    #[error("a criteria segment needs at least one criterion")]
    NoCriterion,
    /// The same status twice.
    #[error("status {0:?} is listed twice")]
    StatusTwice(Status),
    /// A campaign that is not a record id.
    #[error("campaign {0:?} is not a record id")]
    Campaign(String),
    /// An owner that is blank or not a login.
    #[error("owner refused: {0}")]
    Owner(DomainError),
    /// A postal-code start that is blank, too long, or not letters, digits and hyphens.
    #[error("postal code start {0:?} refused")]
    PostalPrefix(String),
    /// A city that breaks the text rule or is blank.
    #[error("city refused: {0}")]
    City(DomainError),
    /// A day that is not `YYYY-MM-DD` (`field`: `created_from` or `created_to`).
    #[error("{field} is not a day")]
    NotADay {
        /// `created_from` or `created_to`.
        field: &'static str,
    },
    /// The end of the creation period before its start.
    #[error("created_to {to} is before created_from {from}")]
    PeriodReversed {
        /// The start.
        from: NaiveDate,
        /// The end.
        to: NaiveDate,
    },
    /// A score above 100.
    #[error("a score runs from 0 to {MIN_SCORE_MAX}, not {0}")]
    MinScore(u32),
    /// Idle days of 0 or beyond ten years.
    #[error("idle days run from 1 to {IDLE_DAYS_MAX}, not {0}")]
    IdleDays(u32),
    /// A list of more than [`SEGMENT_MEMBERS_MAX`] parties.
    #[error("a list holds at most {SEGMENT_MEMBERS_MAX} parties, not {0}")]
    TooManyMembers(usize),
    /// A member that is not a record id.
    #[error("member {0:?} is not a record id")]
    Member(String),
    /// The same party twice in a list.
    #[error("party {0:?} is in the list twice")]
    MemberTwice(String),
}

impl SegmentProblem {
    /// The field concerned, as the segment's dialog names it.
    pub fn field(&self) -> &'static str {
        match self {
            Self::NameMissing | Self::Name(_) => "name",
            Self::NoCriterion => "criteria",
            Self::StatusTwice(_) => "statuses",
            Self::Campaign(_) => "campaign",
            Self::Owner(_) => "owner",
            Self::PostalPrefix(_) => "postal_prefix",
            Self::City(_) => "city",
            Self::NotADay { field } => field,
            Self::PeriodReversed { .. } => "created_to",
            Self::MinScore(_) => "min_score",
            Self::IdleDays(_) => "idle_days",
            Self::TooManyMembers(_) | Self::Member(_) | Self::MemberTwice(_) => "members",
        }
    }
}

impl From<SegmentProblem> for DomainError {
    fn from(problem: SegmentProblem) -> Self {
        let field = problem.field().to_string();
        let format = |expected: &str| DomainError::InvalidFormat {
            field: field.clone(),
            expected: expected.into(),
        };
        match problem {
            SegmentProblem::NameMissing => DomainError::Missing { field },
            SegmentProblem::Name(e) | SegmentProblem::Owner(e) | SegmentProblem::City(e) => e,
            SegmentProblem::NoCriterion => {
                format("au moins un critère / at least one criterion")
            }
            SegmentProblem::StatusTwice(_) => {
                format("chaque statut une seule fois / each status once")
            }
            SegmentProblem::Campaign(_) => {
                format("une campagne de la liste / a campaign from the list")
            }
            SegmentProblem::PostalPrefix(_) => format(
                "le début d'un code postal, lettres et chiffres / the start of a postal code, letters and digits",
            ),
            SegmentProblem::NotADay { .. } => DomainError::NotADate { field },
            SegmentProblem::PeriodReversed { .. } => format(
                "une date de fin au plus tôt le jour du début / an end no earlier than the start",
            ),
            SegmentProblem::MinScore(_) => format("un score de 0 à 100 / a score from 0 to 100"),
            SegmentProblem::IdleDays(_) => {
                format("un nombre de jours de 1 à 3660 / a number of days from 1 to 3660")
            }
            SegmentProblem::TooManyMembers(_) => {
                format("au plus 2000 contacts / at most 2000 contacts")
            }
            SegmentProblem::Member(_) | SegmentProblem::MemberTwice(_) => {
                format("des contacts distincts / distinct contacts")
            }
        }
    }
}

/// Checks a segment's name: not blank, one line of at most [`SEGMENT_NAME_MAX`] characters.
pub fn check_segment_name(name: &str) -> Result<(), SegmentProblem> {
    if name.trim().is_empty() {
        return Err(SegmentProblem::NameMissing);
    }
    check_text("name", name, TextKind::SingleLine, SEGMENT_NAME_MAX).map_err(SegmentProblem::Name)
}

/// Checks a list's members: at most [`SEGMENT_MEMBERS_MAX`], each a record id, none twice.
pub fn check_segment_members(members: &[String]) -> Result<(), SegmentProblem> {
    if members.len() > SEGMENT_MEMBERS_MAX {
        return Err(SegmentProblem::TooManyMembers(members.len()));
    }
    let mut seen = std::collections::HashSet::with_capacity(members.len());
    for member in members {
        if !is_record_id(member) {
            return Err(SegmentProblem::Member(member.clone()));
        }
        if !seen.insert(member.as_str()) {
            return Err(SegmentProblem::MemberTwice(member.clone()));
        }
    }
    Ok(())
}

/// A record id as sync-spec §12 mints them: a ULID, 26 upper-case Crockford characters.
fn is_record_id(value: &str) -> bool {
    value.len() == 26
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b.is_ascii_uppercase() && !b"ILOU".contains(&b)))
}

/// One day criterion read, or the problem naming its field.
fn day(field: &'static str, value: Option<&str>) -> Result<Option<NaiveDate>, SegmentProblem> {
    value
        .map(|text| parse_iso_date(text).ok_or(SegmentProblem::NotADay { field }))
        .transpose()
}

impl SegmentCriteria {
    /// Whether no criterion is set (it would hold every party).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether evaluating needs each party's score (costly: read only when asked).
    pub fn needs_score(&self) -> bool {
        self.min_score.is_some()
    }

    /// Checks every criterion, in the dialog's order; the first problem is returned.
    pub fn check(&self) -> Result<(), SegmentProblem> {
        if self.is_empty() {
            return Err(SegmentProblem::NoCriterion);
        }
        for (at, status) in self.statuses.iter().enumerate() {
            if self.statuses[..at].contains(status) {
                return Err(SegmentProblem::StatusTwice(*status));
            }
        }
        if let Some(campaign) = &self.campaign {
            if !is_record_id(campaign) {
                return Err(SegmentProblem::Campaign(campaign.clone()));
            }
        }
        if let Some(owner) = &self.owner {
            if owner.trim().is_empty() {
                return Err(SegmentProblem::Owner(DomainError::Missing {
                    field: "owner".into(),
                }));
            }
            check_text("owner", owner, TextKind::SingleLine, OWNER_MAX)
                .map_err(SegmentProblem::Owner)?;
        }
        if let Some(prefix) = &self.postal_prefix {
            let plain = prefix.chars().filter(|c| !c.is_whitespace());
            let shaped = plain.clone().all(|c| c.is_ascii_alphanumeric() || c == '-');
            let len = plain.count();
            if len == 0 || len > POSTAL_PREFIX_MAX as usize || !shaped {
                return Err(SegmentProblem::PostalPrefix(prefix.clone()));
            }
        }
        if let Some(city) = &self.city {
            if city.trim().is_empty() {
                return Err(SegmentProblem::City(DomainError::Missing {
                    field: "city".into(),
                }));
            }
            check_text("city", city, TextKind::SingleLine, SEGMENT_CITY_MAX)
                .map_err(SegmentProblem::City)?;
        }
        let from = day("created_from", self.created_from.as_deref())?;
        let to = day("created_to", self.created_to.as_deref())?;
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                return Err(SegmentProblem::PeriodReversed { from, to });
            }
        }
        if let Some(score) = self.min_score {
            if score > MIN_SCORE_MAX {
                return Err(SegmentProblem::MinScore(score));
            }
        }
        if let Some(days) = self.idle_days {
            if !(1..=IDLE_DAYS_MAX).contains(&days) {
                return Err(SegmentProblem::IdleDays(days));
            }
        }
        Ok(())
    }

    /// Whether `party` meets every criterion on `today` (criteria already checked; a
    /// criterion whose value cannot be read holds for nobody).
    pub fn matches(&self, party: &SegmentSubject<'_>, today: NaiveDate) -> bool {
        let statuses = self.statuses.is_empty() || self.statuses.contains(&party.status);
        let campaign = self
            .campaign
            .as_deref()
            .is_none_or(|c| party.campaign == Some(c));
        let owner = self.owner.as_deref().is_none_or(|o| party.owner == o);
        statuses
            && campaign
            && owner
            && self.place_matches(party)
            && self.time_matches(party, today)
    }

    /// The postal-code start and the city.
    fn place_matches(&self, party: &SegmentSubject<'_>) -> bool {
        let prefix = self.postal_prefix.as_deref().is_none_or(|prefix| {
            let code = party.postal_code.and_then(postal_code_key);
            match (postal_code_key(prefix), code) {
                (Some(prefix), Some(code)) => code.starts_with(&prefix),
                _ => false,
            }
        });
        let city = self
            .city
            .as_deref()
            .is_none_or(|city| party.city.is_some_and(|c| same_city(c, city)));
        prefix && city
    }

    /// The creation period, the score and the idle days.
    fn time_matches(&self, party: &SegmentSubject<'_>, today: NaiveDate) -> bool {
        let from = parse_day(self.created_from.as_deref());
        let to = parse_day(self.created_to.as_deref());
        let created = match (from, to) {
            (Ok(None), Ok(None)) => true,
            (Ok(from), Ok(to)) => party
                .created_on
                .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t)),
            _ => false,
        };
        let score = self
            .min_score
            .is_none_or(|min| party.score.is_some_and(|s| u32::from(s) >= min));
        let idle = self
            .idle_days
            .is_none_or(|days| match party.last_action.or(party.created_on) {
                Some(since) => (today - since).num_days() >= i64::from(days),
                None => true,
            });
        created && score && idle
    }
}

/// A criterion's day: `Ok(None)` when absent, `Err` when unreadable.
fn parse_day(value: Option<&str>) -> Result<Option<NaiveDate>, ()> {
    value.map(|v| parse_iso_date(v).ok_or(())).transpose()
}

/// Two city names are the same one when their plain words are (case, accents and
/// punctuation such as hyphens do not count: « Saint-Étienne » is « saint etienne »).
fn same_city(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        plain_words(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    words(a) == words(b)
}

/// What the criteria look at in one party, as the reader sees it (pending changes laid
/// over): the caller reads each value once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentSubject<'a> {
    /// Its computed status.
    pub status: Status,
    /// Its owner's login (its creator's when unassigned).
    pub owner: &'a str,
    /// The campaign it came from.
    pub campaign: Option<&'a str>,
    /// Its postal code.
    pub postal_code: Option<&'a str>,
    /// Its city.
    pub city: Option<&'a str>,
    /// The day it was created.
    pub created_on: Option<NaiveDate>,
    /// Its latest action's day.
    pub last_action: Option<NaiveDate>,
    /// Its score, for a lead or a prospect (read only when [`SegmentCriteria::needs_score`]).
    pub score: Option<u8>,
}
