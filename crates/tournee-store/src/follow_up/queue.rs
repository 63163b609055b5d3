//! The automaton's follow-up run: every enabled rule's records past their deadline get one
//! reminder queued, exactly once per rule, record and occurrence.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::json;

use super::rules::{follow_up_rules, FollowUpRule, FollowUpRuleCode};
use crate::contacts::IMPORT_AUTHOR_PREFIX;
use crate::error::Result;

/// The notification kind of a reminder (rendered by the server's mail module).
pub const FOLLOW_UP_KIND: &str = "follow_up_reminder";

/// Reminders queued by one run at most: after a long stop the rest follow at the next
/// runs, so one pass never holds the master's write lock for long nor floods the SMTP.
pub const MAX_REMINDERS_PER_RUN: usize = 500;

/// What a run queued.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpRun {
    /// Reminders queued, all rules together.
    pub queued: usize,
}

/// A record past its rule's deadline, not reminded yet for this occurrence.
struct Due {
    record_id: String,
    name: String,
    /// The occurrence: the record's creation instant as stored.
    created_at: String,
    /// Login of who the reminder is for: the owner, else the creator.
    owner: String,
}

/// Parties still « Piste » `?1` days after their creation, deadline not before `?3`,
/// without a reminder for this creation. `?1` days, `?2` now, `?3` active since, `?4` rule
/// code, `?5` limit, `?6` and `?7` the creation window ([`CreationWindow`]) that lets the
/// index on `created_at` skip the parties that cannot be due. A party has no owner when it
/// sits in the unassigned pool: its creator then gets the reminder.
const DUE_LEADS: &str = "SELECT p.id, \
         CASE WHEN p.first_name IS NULL OR p.first_name = '' THEN p.name ELSE p.first_name || ' ' || p.name END, \
         p.created_at, COALESCE(p.owner, p.created_by) \
     FROM party p INDEXED BY party_by_created \
     WHERE p.status = 'lead' \
       AND p.created_at >= ?6 AND p.created_at <= ?7 \
       AND julianday(p.created_at) + ?1 <= julianday(?2) \
       AND julianday(p.created_at) + ?1 >= julianday(?3) \
       AND NOT EXISTS (SELECT 1 FROM follow_up_sent s \
                       WHERE s.rule = ?4 AND s.record_id = p.id AND s.occurrence = p.created_at) \
     ORDER BY p.created_at, p.id LIMIT ?5";

/// Opportunities still open `?1` days after their creation (same parameters as
/// [`DUE_LEADS`]); named by their title and their party's name. The owner is the one the
/// assignment rule or a reassignment set, else the creator.
const DUE_OPPORTUNITIES: &str = "SELECT o.id, \
         o.title || ' (' || COALESCE(p.name, '?') || ')', \
         o.created_at, COALESCE(o.owner, o.created_by) \
     FROM opportunity o INDEXED BY opportunity_open_by_created LEFT JOIN party p ON p.id = o.party_id \
     WHERE o.status = 'open' \
       AND o.created_at >= ?6 AND o.created_at <= ?7 \
       AND julianday(o.created_at) + ?1 <= julianday(?2) \
       AND julianday(o.created_at) + ?1 >= julianday(?3) \
       AND NOT EXISTS (SELECT 1 FROM follow_up_sent s \
                       WHERE s.rule = ?4 AND s.record_id = o.id AND s.occurrence = o.created_at) \
     ORDER BY o.created_at, o.id LIMIT ?5";

/// The query listing a rule's due records.
fn due_query(code: FollowUpRuleCode) -> &'static str {
    match code {
        FollowUpRuleCode::LeadOpen => DUE_LEADS,
        FollowUpRuleCode::OpportunityOpen => DUE_OPPORTUNITIES,
    }
}

/// The creation instants a rule's due records can have, as text bounds on `created_at`: the
/// exact test stays `julianday`'s (any offset or precision the column holds), but a plain
/// range lets SQLite walk an index on `created_at` instead of computing `julianday` for
/// every open record at every pass (on the full demo, 20,000 open opportunities: two thirds
/// of a one-change pass, docs/benchmarks.md). A day of margin each side covers any UTC
/// offset and sub-second digits; an `active_since` that does not parse bounds nothing.
struct CreationWindow {
    from: String,
    to: String,
}

impl CreationWindow {
    fn new(rule: &FollowUpRule, now: DateTime<Utc>) -> Self {
        let days = Duration::days(i64::from(rule.days));
        let margin = Duration::days(1);
        let text = |at: DateTime<Utc>| at.format("%Y-%m-%dT%H:%M:%S").to_string();
        let from = DateTime::parse_from_rfc3339(&rule.active_since)
            .map(|since| text(since.with_timezone(&Utc) - days - margin))
            .unwrap_or_default();
        Self {
            from,
            to: text(now - days + margin),
        }
    }
}

fn due(
    conn: &Connection,
    rule: &FollowUpRule,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<Due>> {
    let sql = due_query(rule.code);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let window = CreationWindow::new(rule, now);
    let rows = conn
        .prepare_cached(sql)?
        .query_map(
            params![
                rule.days,
                at,
                rule.active_since,
                rule.code.code(),
                limit,
                window.from,
                window.to
            ],
            |r| {
                let owner: String = r.get(3)?;
                Ok(Due {
                    record_id: r.get(0)?,
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                    owner: owner
                        .strip_prefix(IMPORT_AUTHOR_PREFIX)
                        .map(str::to_string)
                        .unwrap_or(owner),
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Who a reminder goes to: the owner (if an active user with an address), their team
/// leaders in copy (if the rule says so). When the owner cannot receive it, the leaders
/// are the recipients; when nobody can, both lists stay empty and the mail goes to the
/// error addresses (the server's rendering), so a reminder is never silently dropped.
struct Recipients {
    owner_name: String,
    to: Vec<String>,
    cc: Vec<String>,
}

fn recipients(conn: &Connection, owner: &str, copy_managers: bool) -> Result<Recipients> {
    let user: Option<(String, String, bool)> = conn
        .query_row(
            "SELECT email, display_name, active FROM app_user WHERE windows_user = ?1",
            [owner],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let leaders: Vec<String> = conn
        .prepare(
            "SELECT DISTINCT u.email FROM team_member m \
             JOIN team_member l ON l.team_id = m.team_id AND l.leads = 1 \
             JOIN app_user u ON u.windows_user = l.windows_user \
             WHERE m.windows_user = ?1 AND l.windows_user <> ?1 AND u.active = 1 AND u.email <> '' \
             ORDER BY u.email",
        )?
        .query_map([owner], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let (owner_name, owner_mail) = match user {
        Some((email, name, true)) if !email.trim().is_empty() => (name, Some(email)),
        Some((_, name, _)) => (name, None),
        None => (owner.to_string(), None),
    };
    Ok(match owner_mail {
        Some(mail) => Recipients {
            owner_name,
            to: vec![mail],
            cc: if copy_managers { leaders } else { Vec::new() },
        },
        None => Recipients {
            owner_name,
            to: leaders,
            cc: Vec::new(),
        },
    })
}

/// Queues the reminders due at `now`, in one transaction: each notification with its
/// `follow_up_sent` row, so a crash leaves both or neither and no run queues one twice.
pub fn queue_follow_ups(conn: &mut Connection, now: DateTime<Utc>) -> Result<FollowUpRun> {
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut run = FollowUpRun::default();
    for rule in follow_up_rules(&tx)? {
        if !rule.enabled || run.queued >= MAX_REMINDERS_PER_RUN {
            continue;
        }
        for record in due(&tx, &rule, now, MAX_REMINDERS_PER_RUN - run.queued)? {
            let who = recipients(&tx, &record.owner, rule.copy_managers)?;
            let payload = json!({
                "rule": rule.code.code(),
                "record_id": record.record_id,
                "record_name": record.name,
                "created_at": record.created_at,
                "days": rule.days,
                "owner": record.owner,
                "owner_name": who.owner_name,
                "to": who.to,
                "cc": who.cc,
            });
            tx.execute(
                "INSERT INTO notification (kind, payload_json, created_at) VALUES (?1, ?2, ?3)",
                params![FOLLOW_UP_KIND, payload.to_string(), at],
            )?;
            let notification = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO follow_up_sent (rule, record_id, occurrence, notification_id, queued_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    rule.code.code(),
                    record.record_id,
                    record.created_at,
                    notification,
                    at
                ],
            )?;
            run.queued += 1;
        }
    }
    tx.commit()?;
    Ok(run)
}
