//! Follow-up rules (issue 15, brief 002): the automaton mails a reminder when a record stays
//! open too long — a lead not closed (still « Piste ») some days after its creation, an
//! opportunity still open — to the record's owner, their team leaders in copy.
//!
//! * [`rules`]: the rules the admin edits on the back office's « Relances » page (how many
//!   days, on or off, managers in copy), checked with the field concerned;
//! * [`queue`]: the automaton's run: finds the records past their deadline and queues one
//!   notification per rule, record and occurrence, in the same transaction as the row of
//!   `follow_up_sent` that makes it exactly once. The mail queue delivers it like every
//!   other mail (retries, nothing lost).

mod log;
mod queue;
mod rules;
#[cfg(test)]
mod tests;

pub use log::{recent_follow_ups, QueuedReminder};
pub use queue::{queue_follow_ups, FollowUpRun, FOLLOW_UP_KIND, MAX_REMINDERS_PER_RUN};
pub use rules::{
    follow_up_rules, save_follow_up_rule, FollowUpError, FollowUpRule, FollowUpRuleCode,
    FollowUpSettings, FOLLOW_UP_MAX_DAYS,
};
