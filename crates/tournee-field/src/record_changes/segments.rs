//! Segments written on the laptop (issue 15): a segment created, renamed or given new
//! criteria, deleted, a party added to or removed from a list, and « Attribuer à… ». Each
//! is `RC` changes through the one write path ([`RecordWriter::write`]), read back first
//! by the contract's reader (so the criteria obey `tournee_core`'s rules, refused with
//! their field) and checked against what the snapshot knows: the campaign and the user a
//! criterion names exist, the party added is one the user sees.
//!
//! **Assignment** writes one party update (`owner`) per party of the segment the user may
//! write, as the snapshot's `write_reach` row says (the user's write scope of parties and
//! the logins of their team): a party the policy will refuse, or one whose owner is its
//! ERP client's or prospect's (`linked_party`), is counted and not written. The server
//! still decides each change; one refused there reaches the user as any declined change.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use tournee_core::{Scope, SegmentCriteria, SegmentKind};
use tournee_sync::{RecordEntity, RecordOp};

use super::{change, link_of, new_id, Fields, RecordWriter};
use crate::dto::{AssignmentResult, PendingSubject, RecordWritten, SegmentInput, SegmentLine};
use crate::error::{AppRule, FieldError, Result};
use crate::local::LocalDb;
use crate::{meet_views, segments, snapshot};

/// The key of the snapshot's `config` row with the user's write reach (sync-spec §7).
const WRITE_REACH_KEY: &str = "write_reach";

/// What the `write_reach` row holds: each entity's write scope, the team's logins.
#[derive(Debug, Default, Deserialize)]
struct WriteReach {
    scopes: HashMap<String, Scope>,
    team: Vec<String>,
}

impl WriteReach {
    /// The row of the snapshot; `None` from a server that does not write it.
    fn read(conn: &rusqlite::Connection) -> Result<Option<Self>> {
        let mut statement = conn.prepare("SELECT value_json FROM config WHERE key = ?1")?;
        let mut rows = statement.query([WRITE_REACH_KEY])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let text: String = row.get(0)?;
        Ok(serde_json::from_str(&text).ok())
    }

    /// Whether `me` may write a party owned by `owner`, as far as the policy goes.
    fn writes_party_of(&self, me: &str, owner: &str) -> bool {
        match self.scopes.get("party").copied().unwrap_or(Scope::None) {
            Scope::All => true,
            Scope::Team => owner == me || self.team.iter().any(|login| login == owner),
            Scope::Own => owner == me,
            Scope::None => false,
        }
    }
}

fn not_offered(field: &str, value: impl Into<String>) -> FieldError {
    FieldError::app_rule(AppRule::UnknownChoice {
        field: field.into(),
        value: value.into(),
    })
}

fn criteria_value(criteria: &SegmentCriteria) -> Value {
    // Invariant: criteria are strings, numbers and status codes, always serialisable.
    serde_json::to_value(criteria).expect("criteria serialise")
}

impl RecordWriter<'_> {
    /// The segment `id` as the user sees it, or `unknown_record`.
    fn segment(&self, id: &str) -> Result<SegmentLine> {
        segments::segment(self.reader, id)?.ok_or_else(|| FieldError::UnknownRecord {
            entity: "segment",
            id: id.to_string(),
        })
    }

    /// The campaign and the user a criterion names must be ones the snapshot offers.
    fn check_criteria_choices(&self, criteria: &SegmentCriteria) -> Result<()> {
        if let Some(campaign) = &criteria.campaign {
            if meet_views::campaign(self.reader, campaign)?.is_none() {
                return Err(not_offered("campaign", campaign.as_str()));
            }
        }
        if let Some(owner) = &criteria.owner {
            let users = snapshot::users(self.reader.conn)?;
            if !users.iter().any(|u| &u.windows_user == owner) {
                return Err(not_offered("owner", owner.as_str()));
            }
        }
        Ok(())
    }

    /// A new segment: a list (empty, filled from contact pages) or criteria.
    pub fn create_segment(
        &self,
        local: &mut LocalDb,
        input: &SegmentInput,
    ) -> Result<RecordWritten> {
        let mut fields = Fields::default()
            .set("name", Some(&input.name))
            .value("kind", input.kind.code());
        match input.kind {
            SegmentKind::List => fields = fields.value("members", Value::Array(Vec::new())),
            SegmentKind::Criteria => {
                if let Some(criteria) = &input.criteria {
                    fields = fields.value("criteria", criteria_value(criteria));
                }
            }
        }
        let id = new_id();
        let created = change(RecordEntity::Segment, RecordOp::Create, &id, fields)?;
        if let Some(criteria) = &input.criteria {
            self.check_criteria_choices(criteria)?;
        }
        let what = PendingSubject::SegmentCreated {
            name: input.name.trim().to_string(),
        };
        self.write(local, created, &id, what)?;
        Ok(self.written(id))
    }

    /// A segment renamed or given new criteria: only what changed (its kind stays).
    pub fn update_segment(
        &self,
        local: &mut LocalDb,
        id: &str,
        input: &SegmentInput,
    ) -> Result<RecordWritten> {
        let current = self.segment(id)?;
        let mut fields = Fields::default().diff("name", Some(&current.name), Some(&input.name));
        if current.kind == SegmentKind::Criteria {
            if let Some(criteria) = input
                .criteria
                .as_ref()
                .filter(|c| Some(*c) != current.criteria.as_ref())
            {
                fields = fields.value("criteria", criteria_value(criteria));
            }
        }
        let updated = change(RecordEntity::Segment, RecordOp::Update, id, fields)?;
        if let Some(criteria) = &input.criteria {
            self.check_criteria_choices(criteria)?;
        }
        let what = PendingSubject::SegmentUpdated {
            name: input.name.trim().to_string(),
        };
        self.write(local, updated, id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// A segment deleted (its parties stay as they are).
    pub fn delete_segment(&self, local: &mut LocalDb, id: &str) -> Result<RecordWritten> {
        let current = self.segment(id)?;
        let deleted = change(
            RecordEntity::Segment,
            RecordOp::Delete,
            id,
            Fields::default(),
        )?;
        let what = PendingSubject::SegmentDeleted { name: current.name };
        self.write(local, deleted, id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// « Ajouter au segment » (`add`) or its removal: a list's members, as one value.
    pub fn change_segment_members(
        &self,
        local: &mut LocalDb,
        id: &str,
        party_id: &str,
        add: bool,
    ) -> Result<RecordWritten> {
        let current = self.segment(id)?;
        if current.kind != SegmentKind::List {
            return Err(not_offered("segment_id", id));
        }
        if self.reader.party(party_id)?.is_none() {
            return Err(FieldError::UnknownRecord {
                entity: "party",
                id: party_id.to_string(),
            });
        }
        let mut members = current.members.clone();
        let present = members.iter().any(|m| m == party_id);
        if present == add {
            return Err(FieldError::app_rule(AppRule::Unchanged {
                field: "members".into(),
            }));
        }
        if add {
            members.push(party_id.to_string());
        } else {
            members.retain(|m| m != party_id);
        }
        let fields = Fields::default().value("members", members);
        let updated = change(RecordEntity::Segment, RecordOp::Update, id, fields)?;
        let what = PendingSubject::SegmentUpdated { name: current.name };
        self.write(local, updated, id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// « Attribuer à… »: every party of segment `id` given to `owner` (a user of the
    /// snapshot's directory), one party update each where the policy lets the user write.
    pub fn assign_segment(
        &self,
        local: &mut LocalDb,
        id: &str,
        owner: &str,
    ) -> Result<AssignmentResult> {
        let segment = self.segment(id)?;
        let users = snapshot::users(self.reader.conn)?;
        if !users.iter().any(|u| u.windows_user == owner) {
            return Err(not_offered("owner", owner));
        }
        let reach = WriteReach::read(self.reader.conn)?;
        let me = self.author.user;
        let mut result = AssignmentResult {
            written: 0,
            already: 0,
            not_allowed: 0,
            linked: 0,
            waiting_for_server: !self.accepts,
        };
        for member in segments::members_of(self.reader, &segment)? {
            let Some((party, _)) = self.reader.party(&member.id)? else {
                continue;
            };
            if party.owner == owner && party.unassigned == 0 {
                result.already += 1;
            } else if link_of(&party).is_some() {
                result.linked += 1;
            } else if reach
                .as_ref()
                .is_some_and(|r| !r.writes_party_of(me, &party.owner))
            {
                result.not_allowed += 1;
            } else {
                let fields = Fields::default().value("owner", owner);
                let assigned = change(RecordEntity::Party, RecordOp::Update, &party.id, fields)?;
                let what = PendingSubject::PartyUpdated {
                    name: party.display_name(),
                };
                self.write(local, assigned, &party.id, what)?;
                result.written += 1;
            }
        }
        Ok(result)
    }
}
