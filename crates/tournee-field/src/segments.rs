//! Segments as the screens read them (issue 15): the snapshot's segments with this
//! laptop's pending changes laid over ([`crate::record_overlay`]), and the parties each
//! holds, evaluated here over the parties the user sees — the snapshot's, with what was
//! typed offline laid over — so a segment created in a train lists its parties at once,
//! and the browser (which runs this crate over the user's snapshot on the server) lists
//! the same ones.
//!
//! A list's members are read one by one (at most `tournee_core::SEGMENT_MEMBERS_MAX`); a
//! member the user may not read, or deleted, does not show. Criteria walk every party
//! line of the contact list's index once, read each party's owner, campaign and creation
//! day in one query, and compute a score only for the parties every other criterion kept
//! (a score reads the party's page).

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{de::DeserializeOwned, Deserialize, Deserializer};
use serde_json::Value;
use tournee_core::{SegmentCriteria, SegmentKind, SegmentSubject, Status};
use tournee_sync::RecordEntity;

use crate::dto::{ContactHit, PartyStatus, SegmentLine, SegmentParties, SegmentParty};
use crate::error::Result;
use crate::record_overlay::{merged, snapshot_row};
use crate::record_views::RecordReader;

/// Most parties a segment's page lists (the export and the assignment take them all).
pub const MAX_SEGMENT_LINES: usize = 500;

/// A segment row (snapshot columns, pending fields laid over). The snapshot stores the
/// members and the criteria as JSON text; a pending change carries them as JSON values.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SegmentRow {
    id: String,
    name: String,
    kind: String,
    #[serde(deserialize_with = "json_or_text")]
    members: Option<Vec<String>>,
    #[serde(deserialize_with = "json_or_text")]
    criteria: Option<SegmentCriteria>,
    owner: String,
}

/// A value stored as JSON text in the snapshot, or carried as itself by a pending change.
fn json_or_text<'de, D, T>(deserializer: D) -> std::result::Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    let value = match value {
        Value::Null => return Ok(None),
        Value::String(text) => serde_json::from_str(&text).map_err(serde::de::Error::custom)?,
        other => other,
    };
    serde_json::from_value(value)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// What the criteria need of a party beyond its list line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct PartyExtra {
    owner: String,
    campaign: Option<String>,
    created_at: Option<String>,
}

/// Whether the snapshot has the segment table (an older server's has none).
fn has_segment_table(reader: &RecordReader<'_>) -> Result<bool> {
    let mut exists = reader
        .conn
        .prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1")?;
    for table in tournee_sync::SNAPSHOT_SEGMENT_TABLES {
        if !exists.exists([table])? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn line(row: SegmentRow, pending: bool) -> SegmentLine {
    let kind = SegmentKind::from_code(&row.kind).unwrap_or(SegmentKind::List);
    SegmentLine {
        id: row.id,
        name: row.name,
        kind,
        criteria: row.criteria.filter(|_| kind == SegmentKind::Criteria),
        members: if kind == SegmentKind::List {
            row.members.unwrap_or_default()
        } else {
            Vec::new()
        },
        owner: row.owner,
        pending,
    }
}

/// Segment `id`, merged; `None` when unknown or deleted here.
pub fn segment(reader: &RecordReader<'_>, id: &str) -> Result<Option<SegmentLine>> {
    let row = if has_segment_table(reader)? {
        snapshot_row(reader.conn, "segment", id)?
    } else {
        None
    };
    let merged = merged::<SegmentRow>(row, reader.overlay.get(RecordEntity::Segment, id))?;
    Ok(merged.map(|(row, pending)| line(row, pending)))
}

/// Every segment the user reads, by name: the snapshot's, changed or deleted here, and
/// those created here.
pub fn segments(reader: &RecordReader<'_>) -> Result<Vec<SegmentLine>> {
    let mut out = Vec::new();
    if has_segment_table(reader)? {
        let mut statement = reader.conn.prepare("SELECT id FROM segment")?;
        let ids: Vec<String> = statement
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            out.extend(segment(reader, &id)?);
        }
    }
    for state in reader.overlay.of(RecordEntity::Segment) {
        if state.created && !out.iter().any(|s| s.id == state.id) {
            if let Some((row, _)) = merged::<SegmentRow>(None, Some(state))? {
                out.push(line(row, true));
            }
        }
    }
    out.sort_by(|a, b| {
        crate::search::fold(&a.name)
            .cmp(&crate::search::fold(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(out)
}

/// Segment `id`'s page: its first [`MAX_SEGMENT_LINES`] parties by name and their count.
pub fn segment_parties(reader: &RecordReader<'_>, id: &str) -> Result<Option<SegmentParties>> {
    let Some(segment) = segment(reader, id)? else {
        return Ok(None);
    };
    let mut parties = members_of(reader, &segment)?;
    let total = u32::try_from(parties.len()).unwrap_or(u32::MAX);
    parties.truncate(MAX_SEGMENT_LINES);
    Ok(Some(SegmentParties {
        segment,
        parties,
        total,
    }))
}

/// Every party of `segment` the user sees, by name then id: a list's members, or the
/// parties meeting the criteria.
pub fn members_of(reader: &RecordReader<'_>, segment: &SegmentLine) -> Result<Vec<SegmentParty>> {
    let extras = Extras::read(reader)?;
    let mut out = Vec::new();
    match (segment.kind, &segment.criteria) {
        (SegmentKind::List, _) => {
            for id in &segment.members {
                if let Some(hit) = reader.hit(id)? {
                    let owner = extras.of(reader, id)?.owner;
                    out.push(party(hit, owner));
                }
            }
        }
        (SegmentKind::Criteria, Some(criteria)) => {
            for hit in matching(reader, &extras, criteria)? {
                let owner = extras.of(reader, &hit.id)?.owner;
                out.push(party(hit, owner));
            }
        }
        // A criteria segment always carries its criteria (the record reader refuses one
        // without); a row that somehow lacks them holds nobody rather than everybody.
        (SegmentKind::Criteria, None) => {}
    }
    out.sort_by(|a, b| {
        crate::search::fold(&a.name)
            .cmp(&crate::search::fold(&b.name))
            .then_with(|| a.first_name.cmp(&b.first_name))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(out)
}

/// The parties meeting `criteria`, the score read last and only when asked.
fn matching(
    reader: &RecordReader<'_>,
    extras: &Extras,
    criteria: &SegmentCriteria,
) -> Result<Vec<ContactHit>> {
    // Everything but the score first: the score reads the party's page.
    let cheap = SegmentCriteria {
        min_score: None,
        ..criteria.clone()
    };
    let mut kept = Vec::new();
    for hit in reader.all_hits()? {
        let extra = extras.of(reader, &hit.id)?;
        let subject = subject(&hit, &extra, reader.today, None);
        if cheap.matches(&subject, reader.today) {
            kept.push((hit, extra));
        }
    }
    if !criteria.needs_score() {
        return Ok(kept.into_iter().map(|(hit, _)| hit).collect());
    }
    let mut scored = Vec::new();
    for (hit, extra) in kept {
        let score = reader
            .contact_page(&hit.id)?
            .and_then(|page| page.score)
            .map(|s| s.total);
        if criteria.matches(&subject(&hit, &extra, reader.today, score), reader.today) {
            scored.push(hit);
        }
    }
    Ok(scored)
}

/// What the criteria look at in one party.
fn subject<'a>(
    hit: &'a ContactHit,
    extra: &'a PartyExtra,
    today: NaiveDate,
    score: Option<u8>,
) -> SegmentSubject<'a> {
    SegmentSubject {
        status: core_status(hit.status),
        owner: &extra.owner,
        campaign: extra.campaign.as_deref(),
        postal_code: hit.postal_code.as_deref(),
        city: hit.city.as_deref(),
        // A party created here has no stamp from the server yet: it was created today.
        created_on: Some(
            extra
                .created_at
                .as_deref()
                .and_then(|at| at.get(..10))
                .and_then(tournee_core::parse_iso_date)
                .unwrap_or(today),
        ),
        last_action: hit
            .last_action
            .as_deref()
            .and_then(tournee_core::parse_iso_date),
        score,
    }
}

/// The core's status of a party's list status.
pub(crate) fn core_status(status: PartyStatus) -> Status {
    match status {
        PartyStatus::Lead => Status::Lead,
        PartyStatus::DeadLead => Status::DeadLead,
        PartyStatus::Prospect => Status::Prospect,
        PartyStatus::DeadProspect => Status::DeadProspect,
        PartyStatus::Client => Status::Client,
    }
}

fn party(hit: ContactHit, owner: String) -> SegmentParty {
    SegmentParty {
        id: hit.id,
        kind: hit.kind,
        name: hit.name,
        first_name: hit.first_name,
        postal_code: hit.postal_code,
        city: hit.city,
        status: hit.status,
        owner,
        last_action: hit.last_action,
        pending: hit.pending,
    }
}

/// Every snapshot party's owner, campaign and creation stamp, read in one query; a party
/// the pending changes touch is read merged instead.
struct Extras(HashMap<String, PartyExtra>);

impl Extras {
    fn read(reader: &RecordReader<'_>) -> Result<Self> {
        let mut map = HashMap::new();
        if !crate::records::has_records(reader.conn)? {
            return Ok(Self(map));
        }
        // `campaign` came with the campaign tables (an older snapshot has neither).
        let campaign = if crate::meetings::has_meet_tables(reader.conn)? {
            "campaign"
        } else {
            "NULL"
        };
        let mut statement = reader.conn.prepare(&format!(
            "SELECT id, owner, {campaign}, created_at FROM party"
        ))?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            map.insert(
                r.get(0)?,
                PartyExtra {
                    owner: r.get(1)?,
                    campaign: r.get(2)?,
                    created_at: r.get(3)?,
                },
            );
        }
        Ok(Self(map))
    }

    fn of(&self, reader: &RecordReader<'_>, id: &str) -> Result<PartyExtra> {
        match reader.overlay.get(RecordEntity::Party, id) {
            None => Ok(self.0.get(id).cloned().unwrap_or_default()),
            Some(state) => {
                let row = self.0.get(id).map(|extra| {
                    let mut map = serde_json::Map::new();
                    map.insert("owner".into(), Value::from(extra.owner.clone()));
                    map.insert("campaign".into(), extra.campaign.clone().into());
                    map.insert("created_at".into(), extra.created_at.clone().into());
                    map
                });
                Ok(merged::<PartyExtra>(row, Some(state))?
                    .map(|(extra, _)| extra)
                    .unwrap_or_default())
            }
        }
    }
}
