//! What the reports count, read once: the opportunities, the parties created in the period
//! or under a campaign, the campaigns. The snapshot's rows come with the columns the
//! figures need only, those this laptop's pending changes touch left out of the reads and
//! merged one by one as the other views merge them (as `opportunities::board_read` does),
//! so that the overlay stays exact and the reads stay narrow.

use std::collections::HashSet;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::Value;
use tournee_core::opportunity::OpportunityStatus;
use tournee_sync::RecordEntity;

use crate::dto::PartyStatus;
use crate::error::Result;
use crate::meetings::has_meet_tables;
use crate::opportunities::{has_opportunity_table, one};
use crate::record_overlay::{merged, snapshot_row, PendingState};
use crate::record_views::RecordReader;
use crate::records::has_records;

/// An opportunity as the reports count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Deal {
    /// Its party.
    pub party_id: String,
    /// Its value, in cents.
    pub value_cents: Option<i64>,
    /// Its expected close day.
    pub expected_close: Option<String>,
    /// Its pipeline's code.
    pub pipeline: String,
    /// Its stage's code.
    pub stage: String,
    /// Open, won or lost (an unknown code reads as open, as everywhere on the laptop).
    pub status: OpportunityStatus,
    /// When it closed (the server's stamp, or the time of the close written here).
    pub closed_at: Option<String>,
    /// Its owner (the snapshot's: its assignee, else its creator).
    pub owner: String,
    /// When it was created.
    pub created_at: String,
}

/// A party as the funnel and the campaigns count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Lead {
    /// Its id.
    pub id: String,
    /// Created in the period.
    pub in_period: bool,
    /// Its lifecycle status.
    pub status: PartyStatus,
    /// A pool lead's creator (whom the server counts it for); empty for the others.
    pub owner: String,
    /// The campaign it was recorded under.
    pub campaign: Option<String>,
    /// A lead of the unassigned pool, in the snapshot for everyone who reads parties.
    pub pooled: bool,
}

/// A campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Campaign {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its first day.
    pub starts_on: String,
    /// Its cost in cents (0 when not given).
    pub cost_cents: i64,
}

/// Everything the reports count.
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// Every opportunity readable here.
    pub deals: Vec<Deal>,
    /// The parties created in the period, and those recorded under a campaign.
    pub leads: Vec<Lead>,
    /// Every campaign.
    pub campaigns: Vec<Campaign>,
    /// Who owns a party in the snapshot outside the pool, and the reader: whose pool
    /// leads count (see the module's documentation of `reports`).
    pub owners: HashSet<String>,
    /// The records pending here that the reads merged.
    pub pending: u32,
}

/// Reads [`Rows`]: the parties created in `[from, until)` or under a campaign.
pub(super) fn read(reader: &RecordReader<'_>, from: &str, until: &str, me: &str) -> Result<Rows> {
    let mut rows = Rows::default();
    rows.owners.insert(me.to_string());
    read_deals(reader, &mut rows)?;
    read_leads(reader, from, until, &mut rows)?;
    read_campaigns(reader, &mut rows)?;
    Ok(rows)
}

/// The ids of the pending records of `entity`, as a JSON array for `json_each`.
fn pending_json(pending: &[&PendingState]) -> String {
    Value::from(pending.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()).to_string()
}

/// A laptop time (RFC 3339, any offset) as the server stamps it: UTC, milliseconds.
fn server_time(written_at: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(written_at).ok().map(|t| {
        t.with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Millis, true)
    })
}

fn read_deals(reader: &RecordReader<'_>, rows: &mut Rows) -> Result<()> {
    let pending = reader.overlay.of(RecordEntity::Opportunity);
    let mut in_snapshot: HashSet<String> = HashSet::new();
    if has_opportunity_table(reader.conn)? {
        // No join to `party` (as the board's reads make): an opportunity travels only with
        // its party (sync-spec §7, `snapshot/opportunity_records.rs`), and the join was half
        // of the reports' time over the full demo's biggest snapshot (150 of 290 ms).
        let mut statement = reader.conn.prepare_cached(
            "SELECT id, party_id, value_cents, expected_close, pipeline, stage, status, \
                    closed_at, owner, created_at \
             FROM opportunity",
        )?;
        let touched: HashSet<&str> = pending.iter().map(|s| s.id.as_str()).collect();
        let mut read = statement.query([])?;
        while let Some(r) = read.next()? {
            let id: String = r.get(0)?;
            if touched.contains(id.as_str()) {
                in_snapshot.insert(id);
                continue;
            }
            let status: String = r.get(6)?;
            rows.deals.push(Deal {
                party_id: r.get(1)?,
                value_cents: r.get(2)?,
                expected_close: r.get(3)?,
                pipeline: r.get(4)?,
                stage: r.get(5)?,
                status: OpportunityStatus::from_code(&status).unwrap_or(OpportunityStatus::Open),
                closed_at: r.get(7)?,
                owner: r.get(8)?,
                created_at: r.get(9)?,
            });
        }
    }
    // The pending ones, as `opportunities::opportunities` reads them: a snapshot row merged
    // with its changes, or one created here, not deleted.
    for state in &pending {
        if !in_snapshot.contains(&state.id) && (!state.created || state.deleted) {
            continue;
        }
        let Some(found) = one(reader, &state.id)? else {
            continue;
        };
        let row = found.row;
        let status = row.status();
        let closed_at = row.closed_at.clone().or_else(|| {
            status
                .is_closed()
                .then(|| state.set_at.get("status").and_then(|t| server_time(t)))
                .flatten()
        });
        let created_at = if row.created_at.is_empty() {
            state
                .created_at
                .as_deref()
                .and_then(server_time)
                .unwrap_or_default()
        } else {
            row.created_at
        };
        rows.pending += 1;
        rows.deals.push(Deal {
            party_id: row.party_id,
            value_cents: row.value_cents,
            expected_close: row.expected_close,
            pipeline: row.pipeline,
            stage: row.stage,
            status,
            closed_at,
            owner: row.owner,
            created_at,
        });
    }
    Ok(())
}

/// A party's columns the reports read, pending fields laid over.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LeadRow {
    id: String,
    created_at: String,
    owner: Option<String>,
    created_by: String,
    campaign: Option<String>,
    unassigned: i64,
}

/// A status code of the snapshot's `party` table (an unknown one reads as a lead).
fn status_of(code: &str) -> PartyStatus {
    match code {
        "dead_lead" => PartyStatus::DeadLead,
        "prospect" => PartyStatus::Prospect,
        "dead_prospect" => PartyStatus::DeadProspect,
        "client" => PartyStatus::Client,
        _ => PartyStatus::Lead,
    }
}

fn read_leads(reader: &RecordReader<'_>, from: &str, until: &str, rows: &mut Rows) -> Result<()> {
    let touched = reader.touched_parties()?;
    let mut pool = false;
    if has_records(reader.conn)? {
        let mut statement = reader.conn.prepare_cached(
            "SELECT id, created_at >= ?1 AND created_at < ?2, status, \
                    CASE WHEN unassigned <> 0 THEN owner ELSE '' END, campaign, unassigned \
             FROM party WHERE (created_at >= ?1 AND created_at < ?2) OR campaign IS NOT NULL",
        )?;
        let mut read = statement.query([from, until])?;
        while let Some(r) = read.next()? {
            let id: String = r.get(0)?;
            if touched.contains(&id) {
                continue;
            }
            let status: String = r.get(2)?;
            let pooled = r.get::<_, i64>(5)? != 0;
            pool |= pooled;
            rows.leads.push(Lead {
                id,
                in_period: r.get(1)?,
                status: status_of(&status),
                owner: r.get(3)?,
                campaign: r.get(4)?,
                pooled,
            });
        }
    }
    let mut touched: Vec<String> = touched.into_iter().collect();
    touched.sort();
    for id in touched {
        let pending = reader.overlay.get(RecordEntity::Party, &id);
        let row = if has_records(reader.conn)? {
            snapshot_row(reader.conn, "party", &id)?
        } else {
            None
        };
        let Some((row, _)) = merged::<LeadRow>(row, pending)? else {
            continue;
        };
        let Some(status) = reader.merged_status(&id)? else {
            continue;
        };
        let created_at = if row.created_at.is_empty() {
            pending
                .and_then(|p| p.created_at.as_deref())
                .and_then(server_time)
                .unwrap_or_default()
        } else {
            row.created_at
        };
        let in_period = created_at.as_str() >= from && created_at.as_str() < until;
        let owner = row.owner.unwrap_or(row.created_by);
        let pooled = row.unassigned != 0;
        if !pooled {
            rows.owners.insert(owner.clone());
        }
        if !in_period && row.campaign.is_none() {
            continue;
        }
        pool |= pooled;
        rows.pending += 1;
        rows.leads.push(Lead {
            id: row.id,
            in_period,
            status,
            owner: if pooled { owner } else { String::new() },
            campaign: row.campaign,
            pooled,
        });
    }
    // Whose pool leads count: read only when there are some (the scan is every party's).
    if pool && has_records(reader.conn)? {
        let mut owners = reader
            .conn
            .prepare_cached("SELECT DISTINCT owner FROM party WHERE unassigned = 0")?;
        for owner in owners.query_map([], |r| r.get::<_, String>(0))? {
            rows.owners.insert(owner?);
        }
    }
    Ok(())
}

/// A campaign's columns, pending fields laid over.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CampaignRow {
    id: String,
    name: String,
    starts_on: String,
    cost_cents: Option<i64>,
}

fn read_campaigns(reader: &RecordReader<'_>, rows: &mut Rows) -> Result<()> {
    let pending = reader.overlay.of(RecordEntity::Campaign);
    let mut in_snapshot: HashSet<String> = HashSet::new();
    if has_meet_tables(reader.conn)? {
        let mut statement = reader.conn.prepare_cached(
            "SELECT id, name, starts_on, coalesce(cost_cents, 0) FROM campaign \
             WHERE id NOT IN (SELECT value FROM json_each(?1))",
        )?;
        let read = statement.query_map([pending_json(&pending)], |r| {
            Ok(Campaign {
                id: r.get(0)?,
                name: r.get(1)?,
                starts_on: r.get(2)?,
                cost_cents: r.get(3)?,
            })
        })?;
        for campaign in read {
            rows.campaigns.push(campaign?);
        }
        for state in &pending {
            if snapshot_row(reader.conn, "campaign", &state.id)?.is_some() {
                in_snapshot.insert(state.id.clone());
            }
        }
    }
    for state in pending {
        if !in_snapshot.contains(&state.id) && (!state.created || state.deleted) {
            continue;
        }
        let row = if in_snapshot.contains(&state.id) {
            snapshot_row(reader.conn, "campaign", &state.id)?
        } else {
            None
        };
        if let Some((row, _)) = merged::<CampaignRow>(row, Some(state))? {
            rows.pending += 1;
            rows.campaigns.push(Campaign {
                id: row.id,
                name: row.name,
                starts_on: row.starts_on,
                cost_cents: row.cost_cents.unwrap_or(0),
            });
        }
    }
    Ok(())
}
