//! Campaigns, the shared calendar and a party's recent activity as the screens read them:
//! the snapshot's (`crate::meetings`) with this laptop's pending record changes laid over
//! (the same overlay as parties and opportunities, [`crate::record_overlay`]), so a
//! campaign created offline, the cards typed under it, a call logged and a meeting planned
//! show at once, marked `pending` until a snapshot carries them.

use serde::Deserialize;
use tournee_sync::RecordEntity;

use crate::dto::{
    ActivityKind, ActivityLine, CampaignLead, CampaignLine, CampaignPage, MeetingLine,
};
use crate::error::Result;
use crate::meetings::{self, has_meet_tables, LocalWindow};
use crate::record_overlay::{merged, snapshot_row, PendingState};
use crate::record_views::{ActionRow, RecordReader};

/// A campaign row (snapshot columns, pending fields laid over).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct CampaignRow {
    id: String,
    name: String,
    starts_on: String,
    ends_on: Option<String>,
    place: Option<String>,
    cost_cents: Option<i64>,
    notes: Option<String>,
}

/// A meeting row (snapshot columns, pending fields laid over).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
struct MeetingRow {
    id: String,
    party_id: String,
    opportunity: Option<String>,
    attendee: String,
    place: Option<String>,
    starts_at: String,
    ends_at: String,
    subject: String,
    status: String,
    created_by: String,
}

impl Default for MeetingRow {
    fn default() -> Self {
        Self {
            id: String::new(),
            party_id: String::new(),
            opportunity: None,
            attendee: String::new(),
            place: None,
            starts_at: String::new(),
            ends_at: String::new(),
            subject: String::new(),
            // A creation leaves the status out: planned (sync-spec §7).
            status: "planned".into(),
            created_by: String::new(),
        }
    }
}

/// The parties created on this laptop under campaign `id`, not deleted.
fn pending_leads<'a>(
    reader: &'a RecordReader<'_>,
    id: &'a str,
) -> impl Iterator<Item = &'a PendingState> + 'a {
    reader
        .overlay
        .children(RecordEntity::Party, "campaign", id)
        .filter(|s| s.created)
}

/// Campaign `id`, merged, without its lead count; `None` when unknown or deleted here.
fn campaign_row(reader: &RecordReader<'_>, id: &str) -> Result<Option<(CampaignRow, bool)>> {
    let row = if has_meet_tables(reader.conn)? {
        snapshot_row(reader.conn, "campaign", id)?
    } else {
        None
    };
    merged(row, reader.overlay.get(RecordEntity::Campaign, id))
}

fn line(row: CampaignRow, leads: u32, pending: bool) -> CampaignLine {
    CampaignLine {
        id: row.id,
        name: row.name,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        place: row.place,
        cost_cents: row.cost_cents,
        notes: row.notes,
        leads,
        pending,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Campaign `id` with its lead count, merged; `None` when unknown or deleted here.
pub fn campaign(reader: &RecordReader<'_>, id: &str) -> Result<Option<CampaignLine>> {
    Ok(campaign_page(reader, id)?.map(|page| page.campaign))
}

/// Every campaign, newest first: the snapshot's with the cards typed here counted, and
/// those created here.
pub fn campaigns(reader: &RecordReader<'_>) -> Result<Vec<CampaignLine>> {
    let mut out = Vec::new();
    for snap in meetings::campaigns(reader.conn)? {
        let typed = count(pending_leads(reader, &snap.id).count());
        match reader.overlay.get(RecordEntity::Campaign, &snap.id) {
            None => out.push(CampaignLine {
                leads: snap.leads.saturating_add(typed),
                pending: typed > 0,
                ..snap
            }),
            Some(_) => {
                if let Some((row, _)) = campaign_row(reader, &snap.id)? {
                    out.push(line(row, snap.leads.saturating_add(typed), true));
                }
            }
        }
    }
    for state in reader.overlay.of(RecordEntity::Campaign) {
        if state.created && !state.deleted && !out.iter().any(|c| c.id == state.id) {
            if let Some((row, _)) = merged::<CampaignRow>(None, Some(state))? {
                let typed = count(pending_leads(reader, &state.id).count());
                out.push(line(row, typed, true));
            }
        }
    }
    out.sort_by(|a, b| {
        b.starts_on
            .cmp(&a.starts_on)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(out)
}

/// A campaign's page: the snapshot's leads (those deleted here left out) and the cards
/// typed here (leads, pending), by name as shown, with their count per status.
pub fn campaign_page(reader: &RecordReader<'_>, id: &str) -> Result<Option<CampaignPage>> {
    let Some((row, touched)) = campaign_row(reader, id)? else {
        return Ok(None);
    };
    let mut leads: Vec<CampaignLead> = match meetings::campaign_page(reader.conn, id)? {
        Some(page) => page
            .leads
            .into_iter()
            .filter(|l| {
                !reader
                    .overlay
                    .get(RecordEntity::Party, &l.party_id)
                    .is_some_and(|p| p.deleted)
            })
            .collect(),
        None => Vec::new(),
    };
    for state in pending_leads(reader, id) {
        if let Some((party, _)) = reader.party(&state.id)? {
            leads.push(CampaignLead {
                party_id: party.id.clone(),
                // As the snapshot's page names a lead: a person's first name first.
                name: match party.first_name.as_deref().filter(|f| !f.is_empty()) {
                    Some(first) => format!("{first} {}", party.name),
                    None => party.name.clone(),
                },
                // A card just typed has no contact yet: a lead by the lifecycle's rule.
                status: "lead".into(),
                owner: party.owner.clone(),
                created_by: party.created_by.clone(),
                pending: true,
            });
        }
    }
    leads.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.party_id.cmp(&b.party_id))
    });
    let by_status = ["lead", "dead_lead", "prospect", "dead_prospect", "client"]
        .into_iter()
        .filter_map(|status| {
            let n = leads.iter().filter(|l| l.status == status).count();
            (n > 0).then(|| (status.to_string(), count(n)))
        })
        .collect();
    let pending = touched || leads.iter().any(|l| l.pending);
    Ok(Some(CampaignPage {
        campaign: line(row, count(leads.len()), pending),
        leads,
        by_status,
    }))
}

/// A pending meeting, merged, as a calendar line; `None` when deleted or its party is not
/// readable here.
fn pending_meeting(reader: &RecordReader<'_>, state: &PendingState) -> Result<Option<MeetingLine>> {
    let row = if has_meet_tables(reader.conn)? {
        snapshot_row(reader.conn, "meeting", &state.id)?
    } else {
        None
    };
    let Some((m, _)) = merged::<MeetingRow>(row, Some(state))? else {
        return Ok(None);
    };
    let Some((party, _)) = reader.party(&m.party_id)? else {
        return Ok(None);
    };
    Ok(Some(MeetingLine {
        id: m.id,
        party_id: m.party_id,
        party_name: party.display_name(),
        opportunity: m.opportunity,
        organiser: m.created_by,
        attendee: m.attendee,
        place: m.place,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        subject: m.subject,
        status: m.status,
        pending: true,
    }))
}

/// The shared calendar from `from` (RFC 3339 UTC): the snapshot's meetings and those
/// planned or changed here, soonest first.
pub fn meetings_from(reader: &RecordReader<'_>, from: &str) -> Result<Vec<MeetingLine>> {
    let mut out: Vec<MeetingLine> = meetings::meetings_from(reader.conn, from)?
        .into_iter()
        .filter(|m| reader.overlay.get(RecordEntity::Meeting, &m.id).is_none())
        .collect();
    for state in reader.overlay.of(RecordEntity::Meeting) {
        if let Some(m) = pending_meeting(reader, state)? {
            if m.ends_at.as_str() >= from {
                out.push(m);
            }
        }
    }
    out.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// Party `party_id`'s activity in `window` (its local days), newest first: the snapshot's
/// (what was deleted or changed here left out or merged) and the calls, actions and
/// meetings written here.
pub fn recent_activity(
    reader: &RecordReader<'_>,
    party_id: &str,
    window: &LocalWindow,
) -> Result<Vec<ActivityLine>> {
    let within = |date: &str| window.contains(date);
    let touched = |kind: ActivityKind, id: &str| match kind {
        ActivityKind::Action => reader.overlay.get(RecordEntity::Action, id).is_some(),
        ActivityKind::Meeting => reader.overlay.get(RecordEntity::Meeting, id).is_some(),
        _ => false,
    };
    let mut out: Vec<ActivityLine> = meetings::recent_activity(reader.conn, party_id, window)?
        .into_iter()
        .filter(|l| !touched(l.kind, &l.id))
        .collect();
    for state in reader.overlay.of(RecordEntity::Action) {
        let Some((action, _)) = reader.record::<ActionRow>(RecordEntity::Action, &state.id)? else {
            continue;
        };
        if action.party_id == party_id && within(&action.date) {
            out.push(ActivityLine {
                kind: ActivityKind::Action,
                id: action.id,
                date: action.date,
                time: action.time,
                code: action.action_type,
                text: action.comment.unwrap_or_default(),
                by: action.created_by,
                pending: true,
            });
        }
    }
    for state in reader.overlay.of(RecordEntity::Meeting) {
        let Some(m) = pending_meeting(reader, state)? else {
            continue;
        };
        let (date, time) = window.local_day_time(&m.starts_at);
        if m.party_id == party_id && within(&date) {
            out.push(ActivityLine {
                kind: ActivityKind::Meeting,
                id: m.id,
                date,
                time,
                code: m.status,
                text: m.subject,
                by: m.organiser,
                pending: true,
            });
        }
    }
    if let Some(card) = pending_card(reader, party_id, window)? {
        if within(&card.date) {
            out.push(card);
        }
    }
    meetings::sort_newest_first(&mut out);
    Ok(out)
}

/// The business card of party `party_id` when it was typed here under a campaign and has
/// not come back yet: dated by its change's id (a ULID, whose time is the laptop's when the
/// card was saved), on its local day in `window`'s offset, as the server's `created_at` is.
fn pending_card(
    reader: &RecordReader<'_>,
    party_id: &str,
    window: &LocalWindow,
) -> Result<Option<ActivityLine>> {
    let Some(state) = reader.overlay.get(RecordEntity::Party, party_id) else {
        return Ok(None);
    };
    let campaign = state.fields.get("campaign").and_then(|v| v.as_str());
    let (Some(campaign), true, false) = (campaign, state.created, state.deleted) else {
        return Ok(None);
    };
    let Ok(change) = ulid::Ulid::from_string(&state.first_change) else {
        return Ok(None);
    };
    let Some((row, _)) = campaign_row(reader, campaign)? else {
        return Ok(None);
    };
    let typed: chrono::DateTime<chrono::Utc> = change.datetime().into();
    Ok(Some(ActivityLine {
        kind: ActivityKind::Card,
        id: state.id.clone(),
        date: typed
            .with_timezone(&window.zone)
            .format("%Y-%m-%d")
            .to_string(),
        time: None,
        code: String::new(),
        text: row.name,
        by: state
            .fields
            .get("created_by")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string(),
        pending: true,
    }))
}

#[cfg(test)]
mod tests;
