//! What the CRM screens read: the contact list, a party's page with its timeline, the
//! open reminders, the dashboard, the duplicate check. Each is the snapshot (through the
//! per-snapshot [`RecordIndex`] and its rows) with this laptop's pending record changes
//! ([`RecordOverlay`]) laid over it, marked `pending` until the snapshot carries them.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::Deserialize;
use tournee_core::{find_duplicates, lifecycle, ActionType, PartyKeys, TODO_DONE_TYPE};
use tournee_sync::RecordEntity;

use crate::dto::{
    ContactHit, ContactPage, ContactQuery, Dashboard, DashboardFigures, DuplicateMatchView,
    PartyKindDto, PartyStatus, PartyView, PersonView, PoolView, ScorePartView, ScoreView,
    StatusCount, TimelineEntry, TimelineKind, TodoView,
};
use crate::error::Result;
use crate::party_history;
use crate::record_index::{
    became_prospect, day_of, facts_of, folded_line, kind_of, outcome_of, ActionFact, RecordIndex,
};
use crate::record_overlay::{merged, row_map, snapshot_row, PendingState, RecordOverlay};
use crate::record_rows;
use crate::records::has_records;
use crate::search::Pattern;

/// Most lines the contact list returns (the rep narrows with the text, status and kind).
pub const MAX_CONTACTS: usize = 500;
/// How many parties the dashboard's « recent » list shows.
pub const RECENT_PARTIES: usize = 10;

/// What every CRM read needs: the snapshot, its index, the pending changes, the action
/// types, today.
pub struct RecordReader<'a> {
    /// The snapshot.
    pub conn: &'a Connection,
    /// Its index.
    pub index: &'a RecordIndex,
    /// The pending record changes.
    pub overlay: &'a RecordOverlay,
    /// The admin's action types.
    pub types: &'a [ActionType],
    /// Today (the laptop's clock).
    pub today: NaiveDate,
    /// Whether the snapshot has the record tables (an older server's has none).
    has_tables: bool,
}

/// A party row (snapshot columns, pending fields laid over).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PartyRow {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub first_name: Option<String>,
    pub siret: Option<String>,
    pub vat: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub notes: Option<String>,
    /// Empty while a release written here is pending (`owner` cleared).
    #[serde(deserialize_with = "null_as_empty")]
    pub owner: String,
    /// 1 for a lead in the unassigned pool as the snapshot had it (issue 15): its `owner`
    /// is then its creator, or the rep once their take is pending (laid over).
    pub unassigned: i64,
    pub created_by: String,
    /// When the server created it (absent for a party created here).
    pub created_at: Option<String>,
    /// The campaign it came from (issue 15).
    pub campaign: Option<String>,
    /// The ERP client it is (snapshot schema 3).
    pub client_code: Option<String>,
    /// The prospect it came from (snapshot schema 3).
    pub prospect_id: Option<String>,
}

/// A person row.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonRow {
    pub id: String,
    pub party_id: String,
    pub first_name: Option<String>,
    pub last_name: String,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
}

/// An action row.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionRow {
    pub id: String,
    pub party_id: String,
    pub person_id: Option<String>,
    pub action_type: String,
    pub date: String,
    pub time: Option<String>,
    pub comment: Option<String>,
    pub outcome: Option<String>,
    pub created_by: String,
}

/// A reply row.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReplyRow {
    pub id: String,
    pub action_id: String,
    pub author: String,
    pub date: String,
    pub text: String,
    pub created_by: String,
}

/// A todo row.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TodoRow {
    pub id: String,
    pub text: String,
    pub due: String,
    pub party_id: Option<String>,
    pub repeat_days: Option<u32>,
    pub done_on: Option<String>,
    pub owner: String,
}

/// A text column a pending change may have cleared (`null`): read as empty.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

impl PartyRow {
    /// The name as lists show it (first name after a private person's last name).
    pub fn display_name(&self) -> String {
        match self.first_name.as_deref().filter(|f| !f.is_empty()) {
            Some(first) if self.kind == "person" => format!("{} {first}", self.name),
            _ => self.name.clone(),
        }
    }
}

fn table(entity: RecordEntity) -> &'static str {
    entity.code()
}

impl<'a> RecordReader<'a> {
    /// A reader over `conn` and its index, with the pending changes of `overlay`.
    pub fn new(
        conn: &'a Connection,
        index: &'a RecordIndex,
        overlay: &'a RecordOverlay,
        types: &'a [ActionType],
        today: NaiveDate,
    ) -> Result<Self> {
        Ok(Self {
            conn,
            index,
            overlay,
            types,
            today,
            has_tables: has_records(conn)?,
        })
    }

    /// One record, merged; `None` when unknown or deleted.
    pub fn record<T: serde::de::DeserializeOwned>(
        &self,
        entity: RecordEntity,
        id: &str,
    ) -> Result<Option<(T, bool)>> {
        let row = if self.has_tables {
            snapshot_row(self.conn, table(entity), id)?
        } else {
            None
        };
        merged(row, self.overlay.get(entity, id))
    }

    /// The party's actions: the snapshot's (one range query; those the pending changes
    /// touch merged, deleted ones left out) and those created here, each with whether it
    /// is pending. Like the index, an action without a valid day is left out.
    fn party_actions(&self, party_id: &str) -> Result<Vec<(ActionRow, bool)>> {
        let mut actions = Vec::new();
        if self.has_tables {
            for row in record_rows::actions_of(self.conn, party_id)? {
                if self.overlay.get(RecordEntity::Action, &row.id).is_some() {
                    actions.extend(self.action(&row.id)?);
                } else if tournee_core::parse_iso_date(&row.date).is_some() {
                    actions.push((row, false));
                }
            }
        }
        for state in self
            .overlay
            .children(RecordEntity::Action, "party_id", party_id)
        {
            if state.created {
                if let Some((row, _)) = merged::<ActionRow>(None, Some(state))? {
                    actions.push((row, true));
                }
            }
        }
        Ok(actions)
    }

    /// A party, merged.
    pub fn party(&self, id: &str) -> Result<Option<(PartyRow, bool)>> {
        self.record(RecordEntity::Party, id)
    }

    /// The party's actions (facts), snapshot and pending, merged, oldest first; with the
    /// ids of those pending.
    fn party_facts(&self, party_id: &str) -> Result<(Vec<ActionFact>, HashSet<String>)> {
        let mut facts = Vec::new();
        let mut pending = HashSet::new();
        for fact in self.index.actions.get(party_id).into_iter().flatten() {
            match self.overlay.get(RecordEntity::Action, &fact.id) {
                None => facts.push(fact.clone()),
                Some(state) if state.deleted => {}
                Some(_) => {
                    pending.insert(fact.id.clone());
                    if let Some((row, _)) = self.action(&fact.id)? {
                        facts.extend(action_fact(&row));
                    }
                }
            }
        }
        for state in self
            .overlay
            .children(RecordEntity::Action, "party_id", party_id)
        {
            if state.created {
                if let Some((row, _)) = merged::<ActionRow>(None, Some(state))? {
                    pending.insert(row.id.clone());
                    facts.extend(action_fact(&row));
                }
            }
        }
        facts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        Ok((facts, pending))
    }

    /// The lifecycle's facts of a party: its actions' and its links' (sale, visits;
    /// `crate::party_history`).
    fn all_facts(&self, party_id: &str, actions: &[ActionFact]) -> Result<Vec<tournee_core::Fact>> {
        let mut facts = facts_of(actions.iter(), self.types);
        facts.extend(party_history::link_facts(self.conn, party_id)?);
        Ok(facts)
    }

    /// The parties this laptop's pending changes touch (their lines are recomputed).
    pub(crate) fn touched_parties(&self) -> Result<HashSet<String>> {
        let mut touched: HashSet<String> = self
            .overlay
            .of(RecordEntity::Party)
            .into_iter()
            .map(|s| s.id.clone())
            .collect();
        for state in self.overlay.of(RecordEntity::Action) {
            if let Some(party) = self.action_party(state)? {
                touched.insert(party);
            }
        }
        Ok(touched)
    }

    fn action_party(&self, state: &PendingState) -> Result<Option<String>> {
        if let Some(party) = state.fields.get("party_id").and_then(|v| v.as_str()) {
            return Ok(Some(party.to_string()));
        }
        Ok(self.index.action_party.get(&state.id).cloned())
    }

    /// The status of party `id` as its list line shows it, the pending changes laid over
    /// (the reports' funnel, for the parties those changes touch); `None`: unknown here.
    pub(crate) fn merged_status(&self, id: &str) -> Result<Option<PartyStatus>> {
        Ok(self.merged_hit(id)?.map(|(hit, _, _)| hit.status))
    }

    /// A party's list line, merged with the pending changes.
    fn merged_hit(&self, id: &str) -> Result<Option<(ContactHit, String, Vec<NaiveDate>)>> {
        let Some((party, pending_party)) = self.party(id)? else {
            return Ok(None);
        };
        let (facts, pending_actions) = self.party_facts(id)?;
        let life = lifecycle(&self.all_facts(id, &facts)?);
        let folded = folded_line(
            &party.name,
            party.first_name.as_deref(),
            party.city.as_deref(),
            party.postal_code.as_deref(),
        );
        let unassigned = self.in_pool(&party, life.status);
        let campaign = party
            .campaign
            .as_deref()
            .and_then(|c| self.campaign_name(c));
        let hit = ContactHit {
            id: party.id.clone(),
            kind: kind_of(&party.kind),
            name: party.name,
            first_name: party.first_name,
            city: party.city,
            postal_code: party.postal_code,
            status: life.status.into(),
            last_action: facts.iter().map(|f| f.date).max().map(|d| d.to_string()),
            pending: pending_party || !pending_actions.is_empty(),
            unassigned,
            campaign,
            created_on: party.created_at.as_deref().map(day_of),
        };
        Ok(Some((hit, folded, became_prospect(&life))))
    }

    /// Whether `party` (merged) is a lead of the unassigned pool (issue 15): as the snapshot
    /// says, unless a change written here set its owner (taken: no longer) or cleared it
    /// (released: back in the pool if it is one of the CRM's own leads, as the server's
    /// rule says).
    fn in_pool(&self, party: &PartyRow, status: tournee_core::Status) -> bool {
        let pending_owner = self
            .overlay
            .get(RecordEntity::Party, &party.id)
            .and_then(|state| state.fields.get("owner"));
        match pending_owner {
            Some(serde_json::Value::Null) => {
                status == tournee_core::Status::Lead
                    && party.client_code.is_none()
                    && party.prospect_id.is_none()
            }
            Some(_) => false,
            None => party.unassigned == 1,
        }
    }

    /// A campaign's name: the snapshot's, or the one typed here for a campaign created
    /// offline.
    fn campaign_name(&self, id: &str) -> Option<String> {
        if let Some(name) = self.index.campaign_names.get(id) {
            return Some(name.clone());
        }
        self.overlay
            .get(RecordEntity::Campaign, id)
            .and_then(|state| state.fields.get("name"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    }

    /// The unassigned pool's leads (« Leads non attribués », issue 15), newest first then
    /// by name, at most [`MAX_CONTACTS`], with how many there are: the snapshot's pool
    /// without the leads taken here, with those released here.
    pub fn pool_leads(&self) -> Result<PoolView> {
        let (skip, touched) = self.touched()?;
        let mut leads: Vec<(String, ContactHit)> = Vec::new();
        for &at in &self.index.pool {
            let Some(party) = self.index.parties.get(at as usize) else {
                continue;
            };
            if skip.binary_search(&at).is_err() {
                leads.push((party.folded.clone(), LineRef::Indexed(party).to_hit()));
            }
        }
        for id in touched {
            if let Some((hit, folded, _)) = self.merged_hit(&id)? {
                if hit.unassigned {
                    leads.push((folded, hit));
                }
            }
        }
        leads.sort_by(|(a_name, a), (b_name, b)| {
            b.created_on
                .cmp(&a.created_on)
                .then_with(|| a_name.cmp(b_name))
                .then_with(|| a.id.cmp(&b.id))
        });
        let total = u32::try_from(leads.len()).unwrap_or(u32::MAX);
        leads.truncate(MAX_CONTACTS);
        Ok(PoolView {
            total,
            leads: leads.into_iter().map(|(_, hit)| hit).collect(),
        })
    }

    /// The parties the pending changes touch: their positions in the index (sorted: the
    /// index's lines to skip) and their ids, sorted (the lines to recompute).
    fn touched(&self) -> Result<(Vec<u32>, Vec<String>)> {
        let touched = self.touched_parties()?;
        let mut positions: Vec<u32> = touched
            .iter()
            .filter_map(|id| self.index.position_of(id))
            .collect();
        positions.sort_unstable();
        let mut ids: Vec<String> = touched.into_iter().collect();
        ids.sort();
        Ok((positions, ids))
    }

    /// Every party line (the index's, and those the pending changes touch recomputed),
    /// passed to `visit` with its folded text and its lead → prospect days.
    fn each_line(&self, mut visit: impl FnMut(LineRef<'_>)) -> Result<()> {
        let (skip, touched) = self.touched()?;
        let mut skip = skip.into_iter().peekable();
        for (at, party) in self.index.parties.iter().enumerate() {
            // Both in index order: the next line to skip is the first left.
            if skip.next_if(|s| *s as usize == at).is_some() {
                continue;
            }
            visit(LineRef::Indexed(party));
        }
        for id in touched {
            if let Some((hit, folded, became)) = self.merged_hit(&id)? {
                visit(LineRef::Merged(&hit, &folded, &became));
            }
        }
        Ok(())
    }

    /// Every party line the user sees (the index's, and those the pending changes touch
    /// recomputed), unsorted: what a segment's criteria walk (issue 15, `crate::segments`).
    pub fn all_hits(&self) -> Result<Vec<ContactHit>> {
        let mut hits = Vec::with_capacity(self.index.parties.len());
        self.each_line(|line| hits.push(line.to_hit()))?;
        Ok(hits)
    }

    /// One party's list line with the pending changes laid over; `None` when unknown or
    /// deleted (a list segment's members, read one by one).
    pub fn hit(&self, id: &str) -> Result<Option<ContactHit>> {
        Ok(self.merged_hit(id)?.map(|(hit, _, _)| hit))
    }

    /// A party's latest action (by day, time, id), the snapshot's and the pending ones
    /// merged: a segment's export writes it.
    pub fn last_action(&self, party_id: &str) -> Result<Option<ActionRow>> {
        Ok(self
            .party_actions(party_id)?
            .into_iter()
            .map(|(action, _)| action)
            .max_by(|a, b| (&a.date, &a.time, &a.id).cmp(&(&b.date, &b.time, &b.id))))
    }

    /// The contact list: parties matching the query, by name, at most [`MAX_CONTACTS`].
    /// The index's lines are walked from the filters' lists (its parties of the status
    /// and kind, or the lines holding the text), in name order, up to the cap; the lines
    /// the pending changes touch are recomputed and added.
    pub fn contacts(&self, query: &ContactQuery) -> Result<Vec<ContactHit>> {
        crate::search::check_query(&query.text)?;
        let pattern = Pattern::parse(&query.text);
        let keeps = |line: &LineRef<'_>| {
            let (kind, status, folded) = line.filter_keys();
            query.status.is_none_or(|s| s == status)
                && query.kind.is_none_or(|k| k == kind)
                && pattern.as_ref().is_none_or(|p| p.matches(folded))
        };
        let (skip, touched) = self.touched()?;
        let mut hits: Vec<(String, ContactHit)> = Vec::new();
        for at in self
            .index
            .candidates(query.status, query.kind, pattern.as_ref())
        {
            // The index is in name order: past the cap, its later lines cannot come first.
            if hits.len() >= MAX_CONTACTS {
                break;
            }
            let Some(party) = self.index.parties.get(at as usize) else {
                continue;
            };
            let line = LineRef::Indexed(party);
            if skip.binary_search(&at).is_err() && keeps(&line) {
                hits.push((party.folded.clone(), line.to_hit()));
            }
        }
        for id in touched {
            if let Some((hit, folded, became)) = self.merged_hit(&id)? {
                if keeps(&LineRef::Merged(&hit, &folded, &became)) {
                    hits.push((folded, hit));
                }
            }
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        hits.truncate(MAX_CONTACTS);
        Ok(hits.into_iter().map(|(_, hit)| hit).collect())
    }

    /// A party's page; `None` when unknown or deleted.
    pub fn contact_page(&self, id: &str) -> Result<Option<ContactPage>> {
        let Some((party, party_pending)) = self.party(id)? else {
            return Ok(None);
        };
        let people = self.people(id)?;
        let (facts, pending_actions) = self.party_facts(id)?;
        let all_facts = self.all_facts(id, &facts)?;
        let life = lifecycle(&all_facts);
        let timeline = self.timeline(id, &life, &pending_actions)?;
        let open_todos = self.open_todos(Some(id))?;
        let pending = party_pending
            || !pending_actions.is_empty()
            || people.iter().any(|p| p.pending)
            || timeline.iter().any(|e| e.pending)
            || open_todos.iter().any(|t| t.pending);
        let unassigned = self.in_pool(&party, life.status);
        let party = party_view(party, party_pending, unassigned);
        let open_opportunities = crate::opportunities::opportunities(self, Some(id))?
            .iter()
            .filter(|m| m.row.status() == tournee_core::opportunity::OpportunityStatus::Open)
            .count();
        let open_opportunities = u32::try_from(open_opportunities).unwrap_or(u32::MAX);
        let score = self.score_of(
            &party,
            life.status,
            &all_facts,
            &timeline,
            open_opportunities,
        );
        Ok(Some(ContactPage {
            status: life.status.into(),
            party,
            people,
            timeline,
            open_todos,
            pending,
            score,
        }))
    }

    /// The score of a lead or prospect from the facts its status came from and the replies
    /// of its timeline and its open opportunities (snapshot and pending); `None` for a
    /// client or a dead party.
    fn score_of(
        &self,
        party: &PartyView,
        status: tournee_core::Status,
        facts: &[tournee_core::Fact],
        timeline: &[TimelineEntry],
        open_opportunities: u32,
    ) -> Option<ScoreView> {
        if !matches!(
            status,
            tournee_core::Status::Lead | tournee_core::Status::Prospect
        ) {
            return None;
        }
        let reply_days: Vec<NaiveDate> = timeline
            .iter()
            .filter(|e| e.kind == TimelineKind::Reply)
            .filter_map(|e| tournee_core::parse_iso_date(&e.date))
            .collect();
        let filled = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
        let profile = tournee_core::ScoreProfile {
            has_phone: filled(&party.phone) || filled(&party.mobile),
            has_email: filled(&party.email),
            identified: filled(&party.siret),
            open_opportunities,
        };
        let score = tournee_core::score(facts, &reply_days, profile, self.today);
        Some(ScoreView {
            total: score.total,
            parts: score
                .parts
                .into_iter()
                .map(|p| ScorePartView {
                    rule: p.rule.code().to_string(),
                    points: p.points,
                    count: p.count,
                })
                .collect(),
        })
    }

    /// A party's people, by last then first name.
    pub fn people(&self, party_id: &str) -> Result<Vec<PersonView>> {
        let mut people = Vec::new();
        let mut seen = HashSet::new();
        if self.has_tables {
            for row in record_rows::people_of(self.conn, party_id)? {
                seen.insert(row.id.clone());
                if self.overlay.get(RecordEntity::Person, &row.id).is_some() {
                    if let Some((person, pending)) = self.person(&row.id)? {
                        // A pending edit may have moved them to another company.
                        if person.party_id == party_id {
                            people.push(person_view(person, pending));
                        }
                    }
                } else {
                    people.push(person_view(row, false));
                }
            }
        }
        // Created here, or moved here from another company by a pending edit.
        for state in self
            .overlay
            .children(RecordEntity::Person, "party_id", party_id)
        {
            if seen.contains(&state.id) {
                continue;
            }
            let row = if state.created || !self.has_tables {
                None
            } else {
                snapshot_row(self.conn, "person", &state.id)?
            };
            if let Some((person, _)) = merged::<PersonRow>(row, Some(state))? {
                people.push(person_view(person, true));
            }
        }
        people.sort_by(|a, b| {
            (a.last_name.to_lowercase(), a.first_name.clone(), &a.id).cmp(&(
                b.last_name.to_lowercase(),
                b.first_name.clone(),
                &b.id,
            ))
        });
        Ok(people)
    }

    /// A party's timeline, newest first: its actions (a done todo as such), their replies,
    /// and the status changes the lifecycle finds.
    fn timeline(
        &self,
        party_id: &str,
        life: &tournee_core::Lifecycle,
        pending_actions: &HashSet<String>,
    ) -> Result<Vec<TimelineEntry>> {
        let actions = self.party_actions(party_id)?;
        let mut snapshot_replies = if self.has_tables {
            record_rows::replies_of(self.conn, party_id)?
        } else {
            HashMap::new()
        };
        // The pending replies by action, grouped once (not once per action).
        let mut pending_replies: HashMap<&str, Vec<&PendingState>> = HashMap::new();
        for state in self.overlay.of(RecordEntity::ActionReply) {
            if let Some(action) = state.fields.get("action_id").and_then(|v| v.as_str()) {
                if !state.deleted {
                    pending_replies.entry(action).or_default().push(state);
                }
            }
        }
        let mut entries = Vec::with_capacity(actions.len() * 2);
        // The times of the actions that changed the status (a few), for their entries.
        let mut times: HashMap<&str, Option<String>> = life
            .history
            .iter()
            .map(|change| (change.cause.id.as_str(), None))
            .collect();
        for (action, pending) in actions {
            if let Some(time) = times.get_mut(action.id.as_str()) {
                time.clone_from(&action.time);
            }
            let snapshot = snapshot_replies.remove(&action.id).unwrap_or_default();
            for reply in self.replies(&action.id, snapshot, &pending_replies)? {
                entries.push(reply);
            }
            entries.push(self.action_entry(action, pending));
        }
        // The client's or the prospect's visits and modification requests.
        entries.extend(party_history::history_entries(self.conn, party_id)?);
        for change in &life.history {
            entries.push(TimelineEntry {
                id: format!("{}:status", change.cause.id),
                kind: TimelineKind::StatusChange,
                date: change.cause.date.to_string(),
                time: times.get(change.cause.id.as_str()).cloned().flatten(),
                title: change.to.code().to_string(),
                text: None,
                author: String::new(),
                action_type: None,
                outcome: None,
                parent_id: Some(change.cause.id.clone()),
                status_from: Some(change.from.into()),
                status_to: Some(change.to.into()),
                pending: pending_actions.contains(&change.cause.id),
            });
        }
        // Newest first: by day, then time (an entry without one after those of its day
        // that have one), then id — a status change just above the action causing it.
        // Ids are unique, so the order is total and an unstable sort gives the same.
        entries.sort_unstable_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.time.is_none().cmp(&b.time.is_none()))
                .then_with(|| b.time.cmp(&a.time))
                .then_with(|| b.id.cmp(&a.id))
        });
        Ok(entries)
    }

    fn action_entry(&self, action: ActionRow, pending: bool) -> TimelineEntry {
        let done_todo = action.action_type == TODO_DONE_TYPE;
        let label = tournee_core::action_type(self.types, &action.action_type)
            .map_or_else(|| action.action_type.clone(), |t| t.label.clone());
        let outcome = action
            .outcome
            .as_deref()
            .and_then(outcome_of)
            .map(Into::into);
        TimelineEntry {
            kind: if done_todo {
                TimelineKind::TodoDone
            } else {
                TimelineKind::Action
            },
            title: if done_todo {
                action.comment.clone().unwrap_or(label)
            } else {
                label
            },
            id: action.id,
            date: action.date,
            time: action.time,
            text: action.comment,
            author: action.created_by,
            action_type: Some(action.action_type),
            outcome,
            parent_id: None,
            status_from: None,
            status_to: None,
            pending,
        }
    }

    /// An action's replies: its `snapshot` ones (those the pending changes touch merged,
    /// deleted ones left out) and those created here.
    fn replies(
        &self,
        action_id: &str,
        snapshot: Vec<ReplyRow>,
        pending: &HashMap<&str, Vec<&PendingState>>,
    ) -> Result<Vec<TimelineEntry>> {
        let mut rows: Vec<(ReplyRow, bool)> = Vec::new();
        for row in snapshot {
            if self
                .overlay
                .get(RecordEntity::ActionReply, &row.id)
                .is_some()
            {
                rows.extend(self.record::<ReplyRow>(RecordEntity::ActionReply, &row.id)?);
            } else {
                rows.push((row, false));
            }
        }
        for state in pending.get(action_id).into_iter().flatten() {
            if state.created {
                if let Some((row, _)) = merged::<ReplyRow>(None, Some(state))? {
                    rows.push((row, true));
                }
            }
        }
        Ok(rows
            .into_iter()
            .map(|(reply, pending)| TimelineEntry {
                id: reply.id,
                kind: TimelineKind::Reply,
                date: reply.date,
                time: None,
                title: reply.author.clone(),
                text: Some(reply.text),
                author: reply.author,
                action_type: None,
                outcome: None,
                parent_id: Some(reply.action_id),
                status_from: None,
                status_to: None,
                pending,
            })
            .collect())
    }

    /// An action, merged (snapshot or pending); `None` when unknown or deleted.
    pub fn action(&self, id: &str) -> Result<Option<(ActionRow, bool)>> {
        self.record(RecordEntity::Action, id)
    }

    /// Open todos (not done, not deleted), of one party when given, by due day.
    pub fn open_todos(&self, party_id: Option<&str>) -> Result<Vec<TodoView>> {
        let mut rows: Vec<(TodoRow, bool)> = Vec::new();
        let mut seen = HashSet::new();
        if self.has_tables {
            for row in record_rows::todos_of(self.conn, party_id)? {
                seen.insert(row.id.clone());
                if self.overlay.get(RecordEntity::Todo, &row.id).is_some() {
                    rows.extend(self.todo(&row.id)?);
                } else {
                    rows.push((row, false));
                }
            }
        }
        // Created here, or moved here from another party by a pending edit (the query above,
        // by the snapshot's party, did not see those).
        for state in self.overlay.of(RecordEntity::Todo) {
            if state.deleted || seen.contains(&state.id) {
                continue;
            }
            let row = if state.created || !self.has_tables {
                None
            } else {
                snapshot_row(self.conn, "todo", &state.id)?
            };
            if let Some(todo) = merged::<TodoRow>(row, Some(state))? {
                rows.push((todo.0, true));
            }
        }
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        let mut todos = Vec::new();
        for (todo, pending) in rows {
            if todo.done_on.is_some() {
                continue;
            }
            if party_id.is_some() && todo.party_id.as_deref() != party_id {
                continue;
            }
            let party_name = match &todo.party_id {
                Some(id) => {
                    if !names.contains_key(id) {
                        let name = self.party(id)?.map(|(p, _)| p.display_name());
                        names.insert(id.clone(), name);
                    }
                    names.get(id).cloned().flatten()
                }
                None => None,
            };
            let overdue = tournee_core::parse_iso_date(&todo.due).is_some_and(|d| d < self.today);
            todos.push(TodoView {
                id: todo.id,
                text: todo.text,
                due: todo.due,
                overdue,
                party_id: todo.party_id,
                party_name,
                repeat_days: todo.repeat_days,
                pending,
            });
        }
        todos.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
        Ok(todos)
    }

    /// A todo, merged; `None` when unknown or deleted.
    pub fn todo(&self, id: &str) -> Result<Option<(TodoRow, bool)>> {
        self.record(RecordEntity::Todo, id)
    }

    /// A person, merged; `None` when unknown or deleted.
    pub fn person(&self, id: &str) -> Result<Option<(PersonRow, bool)>> {
        self.record(RecordEntity::Person, id)
    }

    /// The dashboard: open todos, figures, parties touched lately.
    pub fn dashboard(&self) -> Result<Dashboard> {
        let todos = self.open_todos(None)?;
        let mut by_status: HashMap<PartyStatus, u32> = HashMap::new();
        let month_start = self.today.with_day(1).unwrap_or(self.today);
        let mut to_prospects = 0u32;
        let mut recent: Vec<(String, ContactHit)> = Vec::new();
        self.each_line(|line| {
            let (_, status, _) = line.filter_keys();
            *by_status.entry(status).or_default() += 1;
            if line
                .became_prospect()
                .iter()
                .any(|d| *d >= month_start && *d <= self.today)
            {
                to_prospects += 1;
            }
            if let Some(day) = line.last_action() {
                recent.push((day, line.to_hit()));
            }
        })?;
        recent.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        recent.truncate(RECENT_PARTIES);
        let week_start =
            self.today - Duration::days(i64::from(self.today.weekday().num_days_from_monday()));
        let mut actions_this_week = 0u32;
        for (party, facts) in &self.index.actions {
            if self
                .overlay
                .get(RecordEntity::Party, party)
                .is_some_and(|s| s.deleted)
            {
                continue;
            }
            for fact in facts {
                if self.overlay.get(RecordEntity::Action, &fact.id).is_some() {
                    continue; // counted below from its merged row
                }
                if fact.date >= week_start && fact.date <= self.today {
                    actions_this_week += 1;
                }
            }
        }
        for state in self.overlay.of(RecordEntity::Action) {
            if let Some((row, _)) = self.action(&state.id)? {
                let day = tournee_core::parse_iso_date(&row.date);
                if day.is_some_and(|d| d >= week_start && d <= self.today) {
                    actions_this_week += 1;
                }
            }
        }
        Ok(Dashboard {
            todos,
            figures: DashboardFigures {
                by_status: PartyStatus::ALL
                    .iter()
                    .map(|s| StatusCount {
                        status: *s,
                        count: by_status.get(s).copied().unwrap_or(0),
                    })
                    .collect(),
                actions_this_week,
                leads_to_prospects_this_month: to_prospects,
            },
            recent: recent.into_iter().map(|(_, hit)| hit).collect(),
        })
    }

    /// The parties and people that look like `candidate` (same phone, e-mail, SIRET, or a
    /// near-identical name in the same postal code), among the snapshot's and this
    /// laptop's pending ones; `except` is the record being edited.
    pub fn duplicates(
        &self,
        candidate: &PartyKeys,
        except: Option<&str>,
    ) -> Result<Vec<DuplicateMatchView>> {
        let mut existing: Vec<(DuplicateMatchView, PartyKeys)> = Vec::new();
        let mut seen = HashSet::new();
        let mut postal: HashMap<String, Option<String>> = HashMap::new();
        let mut add_party = |party: &PartyRow, out: &mut Vec<(DuplicateMatchView, PartyKeys)>| {
            postal.insert(party.id.clone(), party.postal_code.clone());
            if Some(party.id.as_str()) == except {
                return;
            }
            out.push((
                DuplicateMatchView {
                    id: party.id.clone(),
                    name: party.display_name(),
                    city: party.city.clone(),
                    reasons: Vec::new(),
                },
                party_keys(party),
            ));
        };
        let mut party_names: HashMap<String, (String, Option<String>)> = HashMap::new();
        if self.has_tables {
            let mut statement = self.conn.prepare("SELECT * FROM party")?;
            let rows: Vec<_> = statement
                .query_map([], row_map)?
                .collect::<rusqlite::Result<_>>()?;
            for row in rows {
                let id = row
                    .get("id")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                seen.insert(id.clone());
                if let Some((party, _)) =
                    merged::<PartyRow>(Some(row), self.overlay.get(RecordEntity::Party, &id))?
                {
                    party_names
                        .insert(party.id.clone(), (party.display_name(), party.city.clone()));
                    add_party(&party, &mut existing);
                }
            }
        }
        for state in self.overlay.of(RecordEntity::Party) {
            if state.created && !seen.contains(&state.id) {
                if let Some((party, _)) = merged::<PartyRow>(None, Some(state))? {
                    party_names
                        .insert(party.id.clone(), (party.display_name(), party.city.clone()));
                    add_party(&party, &mut existing);
                }
            }
        }
        let mut people: Vec<PersonRow> = Vec::new();
        let mut seen_people = HashSet::new();
        if self.has_tables {
            let mut statement = self.conn.prepare("SELECT * FROM person")?;
            let rows: Vec<_> = statement
                .query_map([], row_map)?
                .collect::<rusqlite::Result<_>>()?;
            for row in rows {
                let id = row
                    .get("id")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                seen_people.insert(id.clone());
                if let Some((person, _)) =
                    merged::<PersonRow>(Some(row), self.overlay.get(RecordEntity::Person, &id))?
                {
                    people.push(person);
                }
            }
        }
        for state in self.overlay.of(RecordEntity::Person) {
            if state.created && !seen_people.contains(&state.id) {
                if let Some((person, _)) = merged::<PersonRow>(None, Some(state))? {
                    people.push(person);
                }
            }
        }
        for person in people {
            if Some(person.id.as_str()) == except {
                continue;
            }
            let Some((party_name, city)) = party_names.get(&person.party_id) else {
                continue; // its party is deleted or not readable
            };
            let postal_code = postal.get(&person.party_id).cloned().flatten();
            existing.push((
                DuplicateMatchView {
                    id: person.party_id.clone(),
                    name: format!("{} ({party_name})", person_name(&person)),
                    city: city.clone(),
                    reasons: Vec::new(),
                },
                person_keys(&person, postal_code.as_deref()),
            ));
        }
        let found = find_duplicates(candidate, existing.iter().map(|(view, keys)| (view, keys)));
        Ok(found
            .into_iter()
            .map(|m| {
                let mut reasons: Vec<String> = Vec::new();
                for reason in &m.reasons {
                    let code = match reason.code() {
                        "siren" | "siret" => "siret",
                        "name_postal_code" => "name",
                        other => other,
                    };
                    if !reasons.iter().any(|r| r == code) {
                        reasons.push(code.to_string());
                    }
                }
                DuplicateMatchView {
                    reasons,
                    ..m.party.clone()
                }
            })
            .collect())
    }
}

/// A line of the contact list: from the index, or recomputed with the pending changes.
#[derive(Clone, Copy)]
enum LineRef<'a> {
    Indexed(&'a crate::record_index::IndexedParty),
    Merged(&'a ContactHit, &'a str, &'a [NaiveDate]),
}

impl LineRef<'_> {
    fn filter_keys(&self) -> (PartyKindDto, PartyStatus, &str) {
        match self {
            Self::Indexed(p) => (p.kind, p.status, &p.folded),
            Self::Merged(hit, folded, _) => (hit.kind, hit.status, folded),
        }
    }

    fn became_prospect(&self) -> &[NaiveDate] {
        match self {
            Self::Indexed(p) => &p.became_prospect,
            Self::Merged(_, _, days) => days,
        }
    }

    fn last_action(&self) -> Option<String> {
        match self {
            Self::Indexed(p) => p.last_action.map(|d| d.to_string()),
            Self::Merged(hit, _, _) => hit.last_action.clone(),
        }
    }

    fn to_hit(self) -> ContactHit {
        match self {
            Self::Indexed(p) => ContactHit {
                id: p.id.clone(),
                kind: p.kind,
                name: p.name.clone(),
                first_name: p.first_name.clone(),
                city: p.city.clone(),
                postal_code: p.postal_code.clone(),
                status: p.status,
                last_action: p.last_action.map(|d| d.to_string()),
                pending: false,
                unassigned: p.unassigned,
                campaign: p.campaign.clone(),
                created_on: p.created_on.clone(),
            },
            Self::Merged(hit, _, _) => hit.clone(),
        }
    }
}

/// The lifecycle's view of an action row (`None` without a valid day).
fn action_fact(row: &ActionRow) -> Option<ActionFact> {
    Some(ActionFact {
        id: row.id.clone(),
        date: tournee_core::parse_iso_date(&row.date)?,
        action_type: row.action_type.clone(),
        outcome: row.outcome.as_deref().and_then(outcome_of),
    })
}

/// The duplicate keys of a party.
pub fn party_keys(party: &PartyRow) -> PartyKeys {
    let name = party.display_name();
    let mut keys = PartyKeys::new(&name, party.postal_code.as_deref().unwrap_or(""));
    for phone in [&party.phone, &party.mobile].into_iter().flatten() {
        keys = keys.with_phone(phone);
    }
    if let Some(email) = &party.email {
        keys = keys.with_email(email);
    }
    if let Some(siret) = &party.siret {
        keys = keys.with_company_number(siret);
    }
    keys
}

/// The duplicate keys of a person (the postal code is its company's).
pub fn person_keys(person: &PersonRow, postal_code: Option<&str>) -> PartyKeys {
    let mut keys = PartyKeys::new(&person_name(person), postal_code.unwrap_or(""));
    for phone in [&person.phone, &person.mobile].into_iter().flatten() {
        keys = keys.with_phone(phone);
    }
    if let Some(email) = &person.email {
        keys = keys.with_email(email);
    }
    keys
}

fn person_name(person: &PersonRow) -> String {
    match person.first_name.as_deref().filter(|f| !f.is_empty()) {
        Some(first) => format!("{} {first}", person.last_name),
        None => person.last_name.clone(),
    }
}

fn party_view(party: PartyRow, pending: bool, unassigned: bool) -> PartyView {
    let linked = party.client_code.is_some() || party.prospect_id.is_some();
    let locked_fields = if linked {
        tournee_sync::LINKED_PARTY_FIELDS
            .iter()
            .map(|f| f.to_string())
            .collect()
    } else {
        Vec::new()
    };
    PartyView {
        locked_fields,
        id: party.id,
        kind: kind_of(&party.kind),
        name: party.name,
        first_name: party.first_name,
        siret: party.siret,
        vat: party.vat,
        phone: party.phone,
        mobile: party.mobile,
        email: party.email,
        address1: party.address1,
        address2: party.address2,
        postal_code: party.postal_code,
        city: party.city,
        country: party.country,
        notes: party.notes,
        owner: party.owner,
        created_by: party.created_by,
        client_code: party.client_code,
        prospect_id: party.prospect_id,
        pending,
        unassigned,
    }
}

fn person_view(person: PersonRow, pending: bool) -> PersonView {
    PersonView {
        id: person.id,
        party_id: person.party_id,
        first_name: person.first_name,
        last_name: person.last_name,
        position: person.position,
        phone: person.phone,
        mobile: person.mobile,
        email: person.email,
        notes: person.notes,
        pending,
    }
}

#[cfg(test)]
#[path = "record_views_tests.rs"]
mod tests;
