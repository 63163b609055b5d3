//! The « Historique » tab ([`crate::calendar`]): whose visits between which days.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::AnswerLine;

/// The calendar's question: whose visits between which days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarQuery {
    /// ERP code of the rep; the signed-in rep when absent. Only admins may name another.
    pub rep: Option<String>,
    /// First day shown `YYYY-MM-DD`.
    pub from: String,
    /// Last day shown `YYYY-MM-DD`.
    pub to: String,
}

/// A visit in the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarEvent {
    /// Stable key.
    pub key: String,
    /// Day.
    pub date: String,
    /// Time `HH:MM`.
    pub time: String,
    /// `client` or `prospect`.
    pub entity_kind: String,
    /// Client code or prospect id.
    pub entity_code: String,
    /// Its name.
    pub entity_name: String,
    /// Subject.
    pub objet: String,
    /// Comment.
    pub commentaire: String,
    /// Answers of the visit form, labelled.
    pub answers: Vec<AnswerLine>,
    /// Written on this laptop and not yet integrated.
    pub pending: bool,
}

/// The calendar's answer: the visits, and for another rep since when they are known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarView {
    /// The visits, by day and time.
    pub events: Vec<CalendarEvent>,
    /// For another rep (admins): the first day whose visits the admin's snapshot carries,
    /// `YYYY-MM-DD`; the days before are unknown, not visit-free. `None` for the rep's own.
    pub available_from: Option<String>,
    /// How many days of other reps' visits travel (what the calendar's note says).
    pub available_days: Option<u32>,
}
