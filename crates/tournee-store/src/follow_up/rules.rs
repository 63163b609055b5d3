//! The follow-up rules as the admin sets them (table `follow_up_rule`, migration 0026).

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Result, StoreError};

/// Longest delay a rule may wait, in days (a year: past it a reminder says nothing useful).
pub const FOLLOW_UP_MAX_DAYS: u32 = 365;

/// What a rule watches: the kind of record and the state that counts as « still open ».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpRuleCode {
    /// A party still at the status « Piste » (`lead`) some days after its creation: brief
    /// 002's « prospect » not closed (qualified or dropped) within 3 days.
    LeadOpen,
    /// An opportunity still open (neither won nor lost) some days after its creation.
    OpportunityOpen,
}

impl FollowUpRuleCode {
    /// Every rule, in the order the page shows them.
    pub const ALL: [FollowUpRuleCode; 2] = [Self::LeadOpen, Self::OpportunityOpen];

    /// The stored code (`lead_open`, `opportunity_open`).
    pub fn code(self) -> &'static str {
        match self {
            Self::LeadOpen => "lead_open",
            Self::OpportunityOpen => "opportunity_open",
        }
    }

    /// The rule of a stored or posted code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// One rule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRule {
    /// What it watches.
    pub code: FollowUpRuleCode,
    /// Days after the record's creation before the reminder goes.
    pub days: u32,
    /// Off: nothing is sent (turning it on again starts a new `active_since`).
    pub enabled: bool,
    /// The owner's team leaders in copy.
    pub copy_managers: bool,
    /// Records whose deadline falls before this instant are never reminded (RFC 3339).
    pub active_since: String,
    /// Who last changed it (a login, or `migration`).
    pub changed_by: String,
    /// When (RFC 3339).
    pub changed_at: String,
}

/// What the admin's form sets on a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpSettings {
    /// Days before the reminder, 1 to [`FOLLOW_UP_MAX_DAYS`].
    pub days: u32,
    /// On or off.
    pub enabled: bool,
    /// Team leaders in copy.
    pub copy_managers: bool,
}

/// Why a rule's change was refused.
#[derive(Debug, thiserror::Error)]
pub enum FollowUpError {
    /// The delay is outside 1 to [`FOLLOW_UP_MAX_DAYS`] (field `days`).
    #[error("follow-up delay {0} out of 1..={FOLLOW_UP_MAX_DAYS} days")]
    Days(u32),
    /// No rule has this code.
    #[error("unknown follow-up rule {0}")]
    Unknown(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for FollowUpError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Every rule, in [`FollowUpRuleCode::ALL`]'s order (a row with an unknown code, written
/// by a newer program, is an error rather than ignored: the page must not hide it).
pub fn follow_up_rules(conn: &Connection) -> Result<Vec<FollowUpRule>> {
    let mut rules = Vec::with_capacity(FollowUpRuleCode::ALL.len());
    for code in FollowUpRuleCode::ALL {
        let rule = conn
            .query_row(
                "SELECT days, enabled, copy_managers, active_since, changed_by, changed_at \
                 FROM follow_up_rule WHERE code = ?1",
                [code.code()],
                |r| {
                    Ok(FollowUpRule {
                        code,
                        days: r.get(0)?,
                        enabled: r.get(1)?,
                        copy_managers: r.get(2)?,
                        active_since: r.get(3)?,
                        changed_by: r.get(4)?,
                        changed_at: r.get(5)?,
                    })
                },
            )
            .optional()?;
        // The migration inserts every code; a missing row means a hand-edited master.
        rules.extend(rule);
    }
    Ok(rules)
}

/// Saves `settings` on the rule `code`, by `by` at `now`. Turning a rule on starts its
/// `active_since` at `now`, so the records that went past their deadline while it was off
/// are not all mailed at once.
pub fn save_follow_up_rule(
    conn: &Connection,
    code: &str,
    settings: FollowUpSettings,
    by: &str,
    now: DateTime<Utc>,
) -> std::result::Result<(), FollowUpError> {
    let rule =
        FollowUpRuleCode::from_code(code).ok_or_else(|| FollowUpError::Unknown(code.into()))?;
    if settings.days == 0 || settings.days > FOLLOW_UP_MAX_DAYS {
        return Err(FollowUpError::Days(settings.days));
    }
    let was_enabled: Option<bool> = conn
        .query_row(
            "SELECT enabled FROM follow_up_rule WHERE code = ?1",
            [rule.code()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(was_enabled) = was_enabled else {
        return Err(FollowUpError::Unknown(code.into()));
    };
    let at = stamp(now);
    let turned_on = settings.enabled && !was_enabled;
    conn.execute(
        "UPDATE follow_up_rule SET days = ?2, enabled = ?3, copy_managers = ?4, \
         active_since = CASE WHEN ?5 THEN ?6 ELSE active_since END, \
         changed_by = ?7, changed_at = ?6 WHERE code = ?1",
        params![
            rule.code(),
            settings.days,
            settings.enabled,
            settings.copy_managers,
            turned_on,
            at,
            by
        ],
    )?;
    Ok(())
}
