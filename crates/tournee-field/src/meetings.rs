//! Campaigns, the shared calendar's meetings and a party's recent activity, read from the
//! snapshot (issue 15; sync-spec §7, « Campaigns and meetings »).
//!
//! An older snapshot has no `campaign` or `meeting` table (and no `party.campaign`
//! column): it reads as having none. These reads take the snapshot as the server built it;
//! the screens read them through `crate::meet_views`, which lays this laptop's pending
//! record changes over them (campaigns and the cards typed under them, calls, meetings).

use chrono::{Duration, NaiveDate};
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

/// Everything that happened with party `party_id` in the `days` days up to `today`
/// included (brief 002: the 15 days before a meeting), newest first: its actions (calls
/// included), the replies under them, the visits to its client or prospect, its meetings,
/// its todos done, and its business card when it was typed under a campaign then (on the
/// day of its creation in UTC, as a meeting's day is).
pub fn recent_activity(
    conn: &Connection,
    party_id: &str,
    today: NaiveDate,
    days: u32,
) -> Result<Vec<ActivityLine>> {
    let since = (today - Duration::days(i64::from(days.saturating_sub(1))))
        .format("%Y-%m-%d")
        .to_string();
    let until = today.format("%Y-%m-%d").to_string();
    let meetings = if has_meet_tables(conn)? {
        "UNION ALL SELECT 'meeting', m.id, substr(m.starts_at, 1, 10), substr(m.starts_at, 12, 5), \
           m.status, m.subject, m.created_by FROM meeting m WHERE m.party_id = ?1 \
           AND substr(m.starts_at, 1, 10) BETWEEN ?2 AND ?3 \
         UNION ALL SELECT 'card', p.id, substr(p.created_at, 1, 10), NULL, '', c.name, \
           p.created_by FROM party p JOIN campaign c ON c.id = p.campaign WHERE p.id = ?1 \
           AND substr(p.created_at, 1, 10) BETWEEN ?2 AND ?3"
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
         {meetings} \
         ORDER BY 3 DESC, 4 DESC, 2 DESC"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![party_id, since, until], |row| {
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
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests;
