//! Campaigns, the shared calendar's meetings and a party's recent activity, read from the
//! snapshot (issue 15; sync-spec §7, « Campaigns and meetings »).
//!
//! An older snapshot has no `campaign` or `meeting` table (and no `party.campaign`
//! column): it reads as having none. These reads take the snapshot as the server built it;
//! the screens read them through `crate::meet_views`, which lays this laptop's pending
//! record changes over them (campaigns and the cards typed under them, calls, meetings).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use rusqlite::{params, Connection};

use crate::dto::{
    ActivityKind, ActivityLine, CampaignLead, CampaignLine, CampaignPage, MeetingLine,
};
use crate::error::Result;

/// Whether the snapshot has the campaign and meeting tables (a server that writes them).
pub fn has_meet_tables(conn: &Connection) -> Result<bool> {
    let mut exists =
        conn.prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1")?;
    for table in tournee_sync::SNAPSHOT_MEET_TABLES {
        if !exists.exists([table])? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A party's name as people read it, in SQL (`p` is the party).
const PARTY_NAME: &str = "trim(coalesce(p.first_name || ' ', '') || p.name)";

/// Every campaign, newest first, with the count of the leads recorded under it.
pub fn campaigns(conn: &Connection) -> Result<Vec<CampaignLine>> {
    if !has_meet_tables(conn)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare_cached(
        "SELECT c.id, c.name, c.starts_on, c.ends_on, c.place, c.cost_cents, c.notes, \
           (SELECT count(*) FROM party p WHERE p.campaign = c.id) \
         FROM campaign c ORDER BY c.starts_on DESC, c.name, c.id",
    )?;
    let rows = statement.query_map([], campaign_line)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn campaign_line(row: &rusqlite::Row<'_>) -> rusqlite::Result<CampaignLine> {
    Ok(CampaignLine {
        id: row.get(0)?,
        name: row.get(1)?,
        starts_on: row.get(2)?,
        ends_on: row.get(3)?,
        place: row.get(4)?,
        cost_cents: row.get(5)?,
        notes: row.get(6)?,
        leads: row.get(7)?,
        pending: false,
    })
}

/// A campaign's page; `None` when the snapshot has no such campaign.
pub fn campaign_page(conn: &Connection, id: &str) -> Result<Option<CampaignPage>> {
    let Some(campaign) = campaigns(conn)?.into_iter().find(|c| c.id == id) else {
        return Ok(None);
    };
    let mut statement = conn.prepare_cached(&format!(
        "SELECT p.id, {PARTY_NAME}, p.status, p.owner, p.created_by FROM party p \
         WHERE p.campaign = ?1 ORDER BY p.name COLLATE NOCASE, p.first_name, p.id"
    ))?;
    let leads: Vec<CampaignLead> = statement
        .query_map([id], |row| {
            Ok(CampaignLead {
                party_id: row.get(0)?,
                name: row.get(1)?,
                status: row.get(2)?,
                owner: row.get(3)?,
                created_by: row.get(4)?,
                pending: false,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let by_status = ["lead", "dead_lead", "prospect", "dead_prospect", "client"]
        .into_iter()
        .filter_map(|status| {
            let count = leads.iter().filter(|l| l.status == status).count();
            (count > 0).then(|| (status.to_string(), u32::try_from(count).unwrap_or(u32::MAX)))
        })
        .collect();
    Ok(Some(CampaignPage {
        campaign,
        leads,
        by_status,
    }))
}

/// The shared calendar: meetings ending at or after `from` (RFC 3339 UTC), soonest first,
/// cancelled ones included (shown struck through).
pub fn meetings_from(conn: &Connection, from: &str) -> Result<Vec<MeetingLine>> {
    if !has_meet_tables(conn)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare_cached(&format!(
        "SELECT m.id, m.party_id, {PARTY_NAME}, m.opportunity, m.created_by, m.attendee, \
           m.place, m.starts_at, m.ends_at, m.subject, m.status \
         FROM meeting m JOIN party p ON p.id = m.party_id \
         WHERE m.ends_at >= ?1 ORDER BY m.starts_at, m.id"
    ))?;
    let rows = statement.query_map([from], |row| {
        Ok(MeetingLine {
            id: row.get(0)?,
            party_id: row.get(1)?,
            party_name: row.get(2)?,
            opportunity: row.get(3)?,
            organiser: row.get(4)?,
            attendee: row.get(5)?,
            place: row.get(6)?,
            starts_at: row.get(7)?,
            ends_at: row.get(8)?,
            subject: row.get(9)?,
            status: row.get(10)?,
            pending: false,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The local days a party's recent activity covers, and the laptop's offset, which tells
/// the local day and time of an instant the server stores in UTC (a meeting's start, a
/// card's creation): a meeting at 00:30 in Paris is on the day it is in Paris, at the time
/// the rep typed, not the day before at 23:30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalWindow {
    /// First day covered, included.
    pub since: NaiveDate,
    /// Last day covered, included: today.
    pub until: NaiveDate,
    /// The offset of the laptop's clock now (within 15 days, a change of daylight saving
    /// time moves an instant's local time by an hour at most).
    pub zone: FixedOffset,
}

impl LocalWindow {
    /// The `days` days up to `now`'s local day included (brief 002: the 15 days before a
    /// meeting).
    pub fn last_days(now: DateTime<FixedOffset>, days: u32) -> Self {
        let until = now.date_naive();
        Self {
            since: until - Duration::days(i64::from(days.saturating_sub(1))),
            until,
            zone: *now.offset(),
        }
    }

    /// Whether a local day (`YYYY-MM-DD`) is in the window.
    pub fn contains(&self, day: &str) -> bool {
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .is_ok_and(|d| (self.since..=self.until).contains(&d))
    }

    /// The local day and `HH:MM` of a stored instant (RFC 3339); one the laptop cannot read
    /// keeps its own digits.
    pub fn local_day_time(&self, instant: &str) -> (String, Option<String>) {
        match DateTime::parse_from_rfc3339(instant) {
            Ok(at) => {
                let at = at.with_timezone(&self.zone);
                (
                    at.format("%Y-%m-%d").to_string(),
                    Some(at.format("%H:%M").to_string()),
                )
            }
            Err(_) => (
                instant.get(..10).unwrap_or(instant).to_string(),
                instant.get(11..16).map(str::to_string),
            ),
        }
    }
}

/// Everything that happened with party `party_id` in `window`, newest first: its actions
/// (calls included), the replies under them, the visits to its client or prospect, its
/// meetings, its todos done, and its business card when it was typed under a campaign then.
/// Actions, replies, visits and todos carry the local day they were typed for; a meeting
/// and a card are instants, placed on their local day.
pub fn recent_activity(
    conn: &Connection,
    party_id: &str,
    window: &LocalWindow,
) -> Result<Vec<ActivityLine>> {
    let since = window.since.format("%Y-%m-%d").to_string();
    let until = window.until.format("%Y-%m-%d").to_string();
    // Instants are read a day wider each side (any offset is under a day), then placed.
    let wide_since = (window.since - Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let wide_until = (window.until + Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let meetings = if has_meet_tables(conn)? {
        "UNION ALL SELECT 'meeting', m.id, m.starts_at, NULL, \
           m.status, m.subject, m.created_by FROM meeting m WHERE m.party_id = ?1 \
           AND substr(m.starts_at, 1, 10) BETWEEN ?4 AND ?5 \
         UNION ALL SELECT 'card', p.id, p.created_at, NULL, '', c.name, \
           p.created_by FROM party p JOIN campaign c ON c.id = p.campaign WHERE p.id = ?1 \
           AND substr(p.created_at, 1, 10) BETWEEN ?4 AND ?5"
    } else {
        ""
    };
    let sql = format!(
        "SELECT 'action', a.id, a.date, a.time, a.action_type, coalesce(a.comment, ''), a.created_by \
           FROM action a WHERE a.party_id = ?1 AND a.date BETWEEN ?2 AND ?3 \
         UNION ALL SELECT 'reply', r.id, r.date, NULL, '', r.text, r.author \
           FROM action_reply r JOIN action a ON a.id = r.action_id \
           WHERE a.party_id = ?1 AND r.date BETWEEN ?2 AND ?3 \
         UNION ALL SELECT 'visit', CAST(v.id AS TEXT), v.date_relation, v.heure_relation, '', \
           v.objet, v.c_user FROM client_relation v JOIN party p ON p.client_code = v.c_entite \
           WHERE p.id = ?1 AND v.relation_kind = 'visit' AND v.date_relation BETWEEN ?2 AND ?3 \
         UNION ALL SELECT 'visit', 'p' || v.id, v.date_relation, v.heure_relation, '', v.objet, \
           v.c_user FROM prospect_visit v JOIN party p ON p.prospect_id = v.prospect_id \
           WHERE p.id = ?1 AND v.date_relation BETWEEN ?2 AND ?3 \
         UNION ALL SELECT 'todo_done', t.id, t.done_on, NULL, '', t.text, t.created_by \
           FROM todo t WHERE t.party_id = ?1 AND t.done_on BETWEEN ?2 AND ?3 \
         {meetings}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let values = params![party_id, since, until, wide_since, wide_until];
    // The instants' bounds only when the meetings' part names them.
    let used = if meetings.is_empty() { 3 } else { 5 };
    let rows = statement.query_map(&values[..used], |row| {
        let kind = match row.get::<_, String>(0)?.as_str() {
            "action" => ActivityKind::Action,
            "reply" => ActivityKind::Reply,
            "visit" => ActivityKind::Visit,
            "meeting" => ActivityKind::Meeting,
            "card" => ActivityKind::Card,
            _ => ActivityKind::TodoDone,
        };
        Ok(ActivityLine {
            kind,
            id: row.get(1)?,
            date: row.get(2)?,
            time: row.get(3)?,
            code: row.get(4)?,
            text: row.get(5)?,
            by: row.get(6)?,
            pending: false,
        })
    })?;
    let mut lines = Vec::new();
    for line in rows {
        let mut line = line?;
        match line.kind {
            ActivityKind::Meeting => (line.date, line.time) = window.local_day_time(&line.date),
            ActivityKind::Card => line.date = window.local_day_time(&line.date).0,
            _ => {}
        }
        if window.contains(&line.date) {
            lines.push(line);
        }
    }
    sort_newest_first(&mut lines);
    Ok(lines)
}

/// Newest first: by day, then time, then id (the order the screen shows).
pub(crate) fn sort_newest_first(lines: &mut [ActivityLine]) {
    lines.sort_by(|a, b| (&b.date, &b.time, &b.id).cmp(&(&a.date, &a.time, &a.id)));
}

#[cfg(test)]
mod tests;
