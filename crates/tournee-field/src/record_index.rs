//! What the contact list, the dashboard and the timelines need of the snapshot's records,
//! read once per snapshot opened: each party's list line with its lifecycle status
//! (computed by `tournee_core::lifecycle` from its actions), which actions belong to which
//! party, and what the list's filters walk: the parties of each status and kind, and one
//! text of every folded line for the text filter.
//!
//! Why: a status depends on every action of its party; computing them per call over
//! 100,000 parties would take seconds, and so would a filter that read the snapshot per
//! row. The snapshot never changes while it is open, so this is read once (the first call
//! that needs it) and kept with the opened snapshot; this laptop's pending changes are
//! laid over it per call (`crate::record_views`), for the few parties they touch. A
//! party's own rows (its timeline, its people) are read by range over the snapshot's
//! indexes when its page opens (`crate::record_rows`).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use tournee_core::{
    action_type, lifecycle, ActionType, Fact, FactKind, Lifecycle, Outcome, Status,
};

use crate::dto::{PartyKindDto, PartyStatus};
use crate::error::Result;
use crate::records::has_records;
use crate::search::{fold, Pattern};

/// What the lifecycle needs of one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionFact {
    /// Action id.
    pub id: String,
    /// Its day.
    pub date: NaiveDate,
    /// Its type's code.
    pub action_type: String,
    /// Its outcome.
    pub outcome: Option<Outcome>,
}

/// One party's line in the contact list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedParty {
    /// Party id.
    pub id: String,
    /// Company or private person.
    pub kind: PartyKindDto,
    /// Name.
    pub name: String,
    /// First name.
    pub first_name: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Name, first name, city and postal code folded, for the text filter.
    pub folded: String,
    /// Its status from the snapshot's actions.
    pub status: PartyStatus,
    /// Its latest action's day.
    pub last_action: Option<NaiveDate>,
    /// The days it went from lead to prospect (for the dashboard's figure of the month).
    pub became_prospect: Vec<NaiveDate>,
    /// In the unassigned pool, as the server made the snapshot (issue 15).
    pub unassigned: bool,
    /// The name of the campaign it came from.
    pub campaign: Option<String>,
    /// The day it was created (the date part of the server's `created_at`).
    pub created_on: Option<String>,
}

/// The snapshot's records, indexed once.
#[derive(Debug, Default)]
pub struct RecordIndex {
    /// Every party, by folded name then id.
    pub parties: Vec<IndexedParty>,
    /// Each party's actions (facts), oldest first.
    pub actions: HashMap<String, Vec<ActionFact>>,
    /// Each action's party.
    pub action_party: HashMap<String, String>,
    /// Each party's position in `parties`.
    positions: HashMap<String, u32>,
    /// The positions in `parties` (so in name order) of the parties of a status, of a
    /// kind, or of both: what the list's filters walk instead of every line.
    filtered: HashMap<(Option<PartyStatus>, Option<PartyKindDto>), Vec<u32>>,
    /// Every party's folded line followed by `\n`, in `parties`' order: the text filter
    /// finds its words in one SIMD pass (as the client search does, `crate::search`).
    text: String,
    /// Where each party's line starts in `text`.
    starts: Vec<u32>,
    /// The positions in `parties` of the unassigned pool's leads (issue 15).
    pub pool: Vec<u32>,
    /// Each campaign's name, by id (what a lead's line names).
    pub campaign_names: HashMap<String, String>,
}

impl RecordIndex {
    /// Reads the snapshot's parties, actions and replies and computes every status with
    /// the snapshot's action types.
    pub fn build(conn: &Connection, types: &[ActionType]) -> Result<Self> {
        let mut index = Self::default();
        if !has_records(conn)? {
            return Ok(index);
        }
        let mut actions = conn.prepare(
            "SELECT id, party_id, date, action_type, outcome FROM action ORDER BY date, id",
        )?;
        let mut rows = actions.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let party: String = r.get(1)?;
            let date: String = r.get(2)?;
            let Some(date) = tournee_core::parse_iso_date(&date) else {
                // The server writes only valid days; a row without one cannot be placed.
                tracing::warn!(action = %id, "action without a valid day ignored");
                continue;
            };
            let outcome: Option<String> = r.get(4)?;
            index.action_party.insert(id.clone(), party.clone());
            index.actions.entry(party).or_default().push(ActionFact {
                id,
                date,
                action_type: r.get(3)?,
                outcome: outcome.as_deref().and_then(outcome_of),
            });
        }
        // The facts of the parties of clients and prospects (`crate::party_history`).
        let mut links = crate::party_history::all_link_facts(conn)?;
        index.campaign_names = campaign_names(conn)?;
        let mut parties = conn.prepare(&format!(
            "SELECT id, kind, name, first_name, city, postal_code, {} FROM party",
            later_columns(conn)?
        ))?;
        let mut rows = parties.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let kind: String = r.get(1)?;
            let facts = index.actions.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            let mut all = facts_of(facts.iter(), types);
            all.extend(links.remove(&id).unwrap_or_default());
            let life = lifecycle(&all);
            let campaign: Option<String> = r.get(6)?;
            let created_at: Option<String> = r.get(8)?;
            index.parties.push(IndexedParty {
                unassigned: r.get::<_, i64>(7)? == 1,
                campaign: campaign.and_then(|c| index.campaign_names.get(&c).cloned()),
                created_on: created_at.map(|at| day_of(&at)),
                kind: kind_of(&kind),
                name: r.get(2)?,
                first_name: r.get(3)?,
                city: r.get(4)?,
                postal_code: r.get(5)?,
                folded: String::new(),
                status: life.status.into(),
                last_action: facts.iter().map(|f| f.date).max(),
                became_prospect: became_prospect(&life),
                id,
            });
        }
        for party in &mut index.parties {
            party.folded = folded_line(
                &party.name,
                party.first_name.as_deref(),
                party.city.as_deref(),
                party.postal_code.as_deref(),
            );
        }
        index
            .parties
            .sort_by(|a, b| a.folded.cmp(&b.folded).then_with(|| a.id.cmp(&b.id)));
        index.index_lines();
        Ok(index)
    }

    /// Fills the positions, the filters' lists and the text from the sorted parties.
    fn index_lines(&mut self) {
        for (at, party) in self.parties.iter().enumerate() {
            let at = position(at);
            self.positions.insert(party.id.clone(), at);
            if party.unassigned {
                self.pool.push(at);
            }
            for key in [
                (Some(party.status), None),
                (None, Some(party.kind)),
                (Some(party.status), Some(party.kind)),
            ] {
                self.filtered.entry(key).or_default().push(at);
            }
            self.starts.push(position(self.text.len()));
            // A line break would join two lines in the text: it is a space in a line.
            if party.folded.contains('\n') {
                self.text.push_str(&party.folded.replace('\n', " "));
            } else {
                self.text.push_str(&party.folded);
            }
            self.text.push('\n');
        }
    }

    /// The position in [`Self::parties`] of party `id`, if the snapshot has it.
    pub fn position_of(&self, id: &str) -> Option<u32> {
        self.positions.get(id).copied()
    }

    /// The positions, in name order, of the parties that may match a query with this
    /// `status`, `kind` and text `pattern`: a superset of the matches (the caller checks
    /// each), much smaller than every party when a filter is set.
    pub fn candidates<'a>(
        &'a self,
        status: Option<PartyStatus>,
        kind: Option<PartyKindDto>,
        pattern: Option<&'a Pattern>,
    ) -> Box<dyn Iterator<Item = u32> + 'a> {
        let piece = pattern.map_or("", Pattern::longest_literal);
        if !piece.is_empty() && !piece.contains('\n') {
            // Only lines holding the pattern's longest plain piece can match.
            let mut last = None;
            return Box::new(
                memchr::memmem::find_iter(self.text.as_bytes(), piece.as_bytes()).filter_map(
                    move |at| {
                        let line = self.line_at(at);
                        (last != Some(line)).then(|| {
                            last = Some(line);
                            line
                        })
                    },
                ),
            );
        }
        if status.is_none() && kind.is_none() {
            return Box::new(0..position(self.parties.len()));
        }
        match self.filtered.get(&(status, kind)) {
            Some(list) => Box::new(list.iter().copied()),
            None => Box::new(std::iter::empty()),
        }
    }

    /// The party whose line holds byte `at` of the text.
    fn line_at(&self, at: usize) -> u32 {
        position(
            self.starts
                .partition_point(|start| *start as usize <= at)
                .saturating_sub(1),
        )
    }
}

/// The columns of `party` that came later within the snapshot schema, each read as `NULL`
/// (or 0) from an older snapshot that lacks it: `campaign` (issue 15), `unassigned` (the
/// pool, issue 15), then `created_at`.
fn later_columns(conn: &Connection) -> Result<String> {
    let mut has = conn.prepare("SELECT 1 FROM pragma_table_info('party') WHERE name = ?1")?;
    let mut columns = Vec::new();
    for (column, absent) in [
        ("campaign", "NULL"),
        ("unassigned", "0"),
        ("created_at", "NULL"),
    ] {
        columns.push(if has.exists([column])? {
            column
        } else {
            absent
        });
    }
    Ok(columns.join(", "))
}

/// Every campaign's name by id; none from a snapshot older than campaigns.
fn campaign_names(conn: &Connection) -> Result<HashMap<String, String>> {
    if !crate::meetings::has_meet_tables(conn)? {
        return Ok(HashMap::new());
    }
    let mut statement = conn.prepare("SELECT id, name FROM campaign")?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The day of an instant as stored (`2026-11-20T09:00:00.000Z` → `2026-11-20`): its first
/// ten characters, which are the day in every form the server writes.
pub fn day_of(at: &str) -> String {
    at.chars().take(10).collect()
}

/// A position or an offset as a `u32`: a snapshot holds far fewer than 4 billion parties
/// and its folded lines far less than 4 GiB.
fn position(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// The lifecycle's facts of some actions, each with its type's `counts_as_contact` (an
/// unknown type counts as no contact: the admin may have removed it).
pub fn facts_of<'a>(
    actions: impl Iterator<Item = &'a ActionFact>,
    types: &[ActionType],
) -> Vec<Fact> {
    actions
        .map(|a| Fact {
            date: a.date,
            id: a.id.clone(),
            kind: FactKind::Action {
                counts_as_contact: action_type(types, &a.action_type)
                    .is_some_and(|t| t.counts_as_contact),
                outcome: a.outcome,
            },
        })
        .collect()
}

/// The days of the lead → prospect changes of a lifecycle.
pub fn became_prospect(life: &Lifecycle) -> Vec<NaiveDate> {
    life.history
        .iter()
        .filter(|c| c.from == Status::Lead && c.to == Status::Prospect)
        .map(|c| c.cause.date)
        .collect()
}

/// The outcome of its wire code.
pub fn outcome_of(code: &str) -> Option<Outcome> {
    serde_json::from_value(serde_json::Value::from(code)).ok()
}

/// The kind of its stored code (anything but `person` is a company).
pub fn kind_of(code: &str) -> PartyKindDto {
    if code == "person" {
        PartyKindDto::Person
    } else {
        PartyKindDto::Company
    }
}

/// The text the contact filter searches: name, first name, city, postal code, folded.
pub fn folded_line(
    name: &str,
    first_name: Option<&str>,
    city: Option<&str>,
    postal_code: Option<&str>,
) -> String {
    let mut line = fold(name);
    for part in [first_name, city, postal_code].into_iter().flatten() {
        line.push(' ');
        line.push_str(&fold(part));
    }
    line
}
