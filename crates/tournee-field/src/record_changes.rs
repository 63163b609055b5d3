//! The CRM's write side on the laptop: each dialog's input checked with the rules the
//! server applies (`tournee_sync::parse_record` on the very payload written, plus what the
//! laptop knows of its snapshot: the party exists, the action type is offered, the
//! reminder is the party's), then written as one record change (`RC`, sync-spec §12) with
//! its pending mark, ids minted here as ULIDs (offline included).
//!
//! Where the change goes depends on the server: once the snapshot's `accepted_specs`
//! lists 2, into the outbox like the other change files (signed once the laptop is
//! enrolled); before that, kept in `local.sqlite` (`held_change`) and moved into the
//! outbox, in order, by the first snapshot that lists 2 ([`flush_held`]). The pending
//! mark is written in both cases, so the record shows at once, « en attente ».

use std::path::Path;

use chrono::{Duration, NaiveDate};
use serde_json::{Map, Value};
use tournee_core::{action_type, DomainError, Outcome, PartyKeys, TODO_DONE_TYPE};
use tournee_sync::{
    parse_record, publish_bytes, publish_signed_change, ChangeBody, Envelope, RecordChange,
    RecordEntity, RecordError, RecordOp, WriteError, LINKED_PARTY_FIELDS,
};

use crate::changes::{parse_day, Author};
use crate::dto::{
    ActionInput, DuplicateMatchView, PartyInput, PartyKindDto, PendingKind, PendingSubject,
    PersonInput, RecordWritten, ReminderDecision, ReplyInput, TodoInput,
};
use crate::error::{AppRule, FieldError, LinkKind, LinkedPartyOp, Result};
use crate::local::{LocalDb, NewPending};
use crate::parameters::ServerParameters;
use crate::record_views::{party_keys, person_keys, PartyRow, PersonRow, RecordReader};

/// Everything a record change is checked against and written with.
pub struct RecordWriter<'a> {
    /// The snapshot with the pending changes laid over it.
    pub reader: &'a RecordReader<'a>,
    /// The server's parameters (action types).
    pub parameters: &'a ServerParameters,
    /// Who writes, when, where.
    pub author: &'a Author<'a>,
    /// Whether the server reads record changes (spec 2) according to the snapshot.
    pub accepts: bool,
}

/// Moves the held record changes into the outbox, oldest first, and forgets each once its
/// file is there. A file already in the outbox (a crash after publishing it, before its row
/// was cleared) counts as published, its name being made of its change id; one the server
/// already integrated is not published again. Returns how many were moved.
pub fn flush_held(local: &LocalDb, outbox: &Path) -> Result<usize> {
    let held = local.held()?;
    if held.is_empty() {
        return Ok(0);
    }
    let integrated = local.integrated_ids()?;
    let mut moved = 0;
    for change in held {
        if !integrated.contains(&change.change_id) {
            match publish_bytes(outbox, &change.file_name, &change.bytes) {
                Ok(_) => moved += 1,
                Err(WriteError::AlreadyPublished { .. }) => {}
                Err(error) => return Err(error.into()),
            }
        }
        local.release_held(&change.change_id)?;
    }
    Ok(moved)
}

/// A record change refused by the contract's reading, as the rep reads it: the field
/// concerned and its rule.
fn record_error(error: RecordError) -> FieldError {
    match error {
        RecordError::Invalid(problem) => FieldError::rule(problem),
        RecordError::Missing { field, .. } | RecordError::Cleared { field, .. } => {
            FieldError::rule(DomainError::Missing {
                field: field.to_string(),
            })
        }
        RecordError::EmptyUpdate { .. } => FieldError::app_rule(AppRule::NothingChanged {
            field: "name".into(),
        }),
        other => FieldError::Record(other),
    }
}

/// Trimmed, blanks as `None`.
fn clean(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The fields of a record change as its payload carries them (`null`: cleared).
#[derive(Default)]
struct Fields(Map<String, Value>);

impl Fields {
    /// A create's field: set when typed.
    fn set(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = clean(value) {
            self.0.insert(name.into(), Value::from(value));
        }
        self
    }

    /// A value set as is (ids, codes, days, numbers).
    fn value(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.0.insert(name.into(), value.into());
        self
    }

    /// An update's field: only when it differs from the current value (cleared when
    /// emptied).
    fn diff(mut self, name: &str, current: Option<&str>, typed: Option<&str>) -> Self {
        let typed = clean(typed);
        if typed.as_deref() != current.filter(|c| !c.is_empty()) {
            self.0
                .insert(name.into(), typed.map_or(Value::Null, Value::from));
        }
        self
    }
}

/// The record change of these fields, read back by the contract's reader: what the server
/// will read, refused here with the same rule and field.
fn change(entity: RecordEntity, op: RecordOp, id: &str, fields: Fields) -> Result<RecordChange> {
    let mut payload = Map::new();
    payload.insert("entity".into(), Value::from(entity.code()));
    payload.insert(
        "op".into(),
        Value::from(match op {
            RecordOp::Create => "create",
            RecordOp::Update => "update",
            RecordOp::Delete => "delete",
        }),
    );
    payload.insert("id".into(), Value::from(id));
    if op != RecordOp::Delete {
        payload.insert("fields".into(), Value::Object(fields.0));
    }
    parse_record(&Value::Object(payload)).map_err(record_error)
}

fn kind_code(kind: PartyKindDto) -> &'static str {
    match kind {
        PartyKindDto::Company => "company",
        PartyKindDto::Person => "person",
    }
}

fn day(value: NaiveDate) -> Value {
    Value::from(value.format("%Y-%m-%d").to_string())
}

fn unknown(entity: &'static str, id: &str) -> FieldError {
    FieldError::UnknownRecord {
        entity,
        id: id.to_string(),
    }
}

fn new_id() -> String {
    ulid::Ulid::new().to_string()
}

fn display(name: &str, first_name: Option<&str>) -> String {
    match clean(first_name) {
        Some(first) => format!("{} {first}", name.trim()),
        None => name.trim().to_string(),
    }
}

/// What party `row` is linked to, from its snapshot row (a party created on this laptop
/// has no link; a snapshot of schema 2 carries none).
fn link_of(row: &PartyRow) -> Option<LinkKind> {
    if row.client_code.is_some() {
        Some(LinkKind::Client)
    } else if row.prospect_id.is_some() {
        Some(LinkKind::Prospect)
    } else {
        None
    }
}

/// The server's rule on linked parties (docs/crm-lifecycle.md, « Clients and prospects as
/// parties »), checked before writing so the rep is told now rather than after a sync: an
/// edit of a linked party may not touch a field its client or prospect owns
/// ([`LINKED_PARTY_FIELDS`], the list the server reads), and a linked party is not
/// deleted (`fields`: `None`).
fn check_linked(current: &PartyRow, fields: Option<&Fields>) -> Result<()> {
    let Some(link) = link_of(current) else {
        return Ok(());
    };
    let refused = |field: &str, op| {
        Err(FieldError::app_rule(AppRule::LinkedParty {
            field: field.to_string(),
            link,
            op,
        }))
    };
    match fields {
        None => refused("id", LinkedPartyOp::Delete),
        Some(fields) => match LINKED_PARTY_FIELDS
            .iter()
            .find(|name| fields.0.contains_key(**name))
        {
            Some(name) => refused(name, LinkedPartyOp::Update),
            None => Ok(()),
        },
    }
}

/// The duplicate keys of a party as typed.
pub fn input_keys(input: &PartyInput) -> PartyKeys {
    let row = PartyRow {
        kind: kind_code(input.kind).into(),
        name: input.name.trim().to_string(),
        first_name: clean(input.first_name.as_deref()),
        siret: clean(input.siret.as_deref()),
        phone: clean(input.phone.as_deref()),
        mobile: clean(input.mobile.as_deref()),
        email: clean(input.email.as_deref()),
        postal_code: clean(input.postal_code.as_deref()),
        ..PartyRow::default()
    };
    party_keys(&row)
}

/// A party's typed fields, for a create (`current`: `None`) or an update (only what differs).
fn party_fields(input: &PartyInput, current: Option<&PartyRow>) -> Fields {
    let pairs: [(&str, Option<&str>, Option<&str>); 13] = [
        ("name", Some(&input.name), current.map(|c| c.name.as_str())),
        (
            "first_name",
            input.first_name.as_deref(),
            current.and_then(|c| c.first_name.as_deref()),
        ),
        (
            "siret",
            input.siret.as_deref(),
            current.and_then(|c| c.siret.as_deref()),
        ),
        (
            "vat",
            input.vat.as_deref(),
            current.and_then(|c| c.vat.as_deref()),
        ),
        (
            "phone",
            input.phone.as_deref(),
            current.and_then(|c| c.phone.as_deref()),
        ),
        (
            "mobile",
            input.mobile.as_deref(),
            current.and_then(|c| c.mobile.as_deref()),
        ),
        (
            "email",
            input.email.as_deref(),
            current.and_then(|c| c.email.as_deref()),
        ),
        (
            "address1",
            input.address1.as_deref(),
            current.and_then(|c| c.address1.as_deref()),
        ),
        (
            "address2",
            input.address2.as_deref(),
            current.and_then(|c| c.address2.as_deref()),
        ),
        (
            "postal_code",
            input.postal_code.as_deref(),
            current.and_then(|c| c.postal_code.as_deref()),
        ),
        (
            "city",
            input.city.as_deref(),
            current.and_then(|c| c.city.as_deref()),
        ),
        (
            "country",
            input.country.as_deref(),
            current.and_then(|c| c.country.as_deref()),
        ),
        (
            "notes",
            input.notes.as_deref(),
            current.and_then(|c| c.notes.as_deref()),
        ),
    ];
    let mut fields = Fields::default();
    match current {
        None => {
            fields = fields.value("kind", kind_code(input.kind));
            for (name, typed, _) in pairs {
                fields = fields.set(name, typed);
            }
        }
        Some(current) => {
            if current.kind != kind_code(input.kind) {
                fields = fields.value("kind", kind_code(input.kind));
            }
            for (name, typed, now) in pairs {
                fields = fields.diff(name, now, typed);
            }
        }
    }
    fields
}

/// A person's typed fields, for a create or an update (only what differs).
fn person_fields(input: &PersonInput, current: Option<&PersonRow>) -> Fields {
    let pairs: [(&str, Option<&str>, Option<&str>); 7] = [
        (
            "first_name",
            input.first_name.as_deref(),
            current.and_then(|c| c.first_name.as_deref()),
        ),
        (
            "last_name",
            Some(&input.last_name),
            current.map(|c| c.last_name.as_str()),
        ),
        (
            "position",
            input.position.as_deref(),
            current.and_then(|c| c.position.as_deref()),
        ),
        (
            "phone",
            input.phone.as_deref(),
            current.and_then(|c| c.phone.as_deref()),
        ),
        (
            "mobile",
            input.mobile.as_deref(),
            current.and_then(|c| c.mobile.as_deref()),
        ),
        (
            "email",
            input.email.as_deref(),
            current.and_then(|c| c.email.as_deref()),
        ),
        (
            "notes",
            input.notes.as_deref(),
            current.and_then(|c| c.notes.as_deref()),
        ),
    ];
    let mut fields = Fields::default();
    match current {
        None => {
            fields = fields.value("party_id", input.party_id.as_str());
            for (name, typed, _) in pairs {
                fields = fields.set(name, typed);
            }
        }
        Some(current) => {
            if current.party_id != input.party_id {
                fields = fields.value("party_id", input.party_id.as_str());
            }
            for (name, typed, now) in pairs {
                fields = fields.diff(name, now, typed);
            }
        }
    }
    fields
}

impl RecordWriter<'_> {
    /// Writes a checked change (outbox or held) with its pending mark about `subject` (a
    /// party id, or a todo's own id without a party).
    fn write(
        &self,
        local: &mut LocalDb,
        change: RecordChange,
        subject: &str,
        what: PendingSubject,
    ) -> Result<()> {
        let payload = change.to_payload();
        let author = self.author;
        let envelope = Envelope::new(
            author.user,
            author.device,
            author.now,
            ChangeBody::RC(Box::new(change)),
        );
        let file_name = envelope.file_name().to_string();
        let pending = NewPending {
            change_id: envelope.change_id.clone(),
            kind: PendingKind::Record,
            client_code: subject.to_string(),
            subject: what,
            detail_json: payload.to_string(),
            file_name,
            written_at: author.now.to_rfc3339(),
        };
        if self.accepts {
            // Changes held before the server read them go first: the order is the rep's.
            flush_held(local, author.outbox)?;
            local.record_then_publish(&pending, || {
                publish_signed_change(author.outbox, &envelope, author.signer)?;
                Ok(())
            })
        } else {
            let unsigned = envelope.to_json_pretty();
            let bytes = match author.signer {
                // Invariant: `to_json_pretty` always writes one JSON object (the only
                // thing `sign_file` refuses is a text that is not one).
                Some(signer) => signer
                    .sign_file(&unsigned)
                    .expect("a serialised envelope is a JSON object"),
                None => unsigned,
            };
            local.record_and_hold(&pending, &bytes)
        }
    }

    fn written(&self, id: String) -> RecordWritten {
        RecordWritten {
            id,
            waiting_for_server: !self.accepts,
        }
    }

    fn party(&self, id: &str) -> Result<PartyRow> {
        Ok(self
            .reader
            .party(id)?
            .ok_or_else(|| unknown("party", id))?
            .0)
    }

    /// The parties and people that look like a party being typed (`except`: itself).
    pub fn check_party(
        &self,
        input: &PartyInput,
        except: Option<&str>,
    ) -> Result<Vec<DuplicateMatchView>> {
        self.reader.duplicates(&input_keys(input), except)
    }

    /// A new party; refused with its look-alikes unless `allow_duplicates`.
    pub fn create_party(
        &self,
        local: &mut LocalDb,
        input: &PartyInput,
        allow_duplicates: bool,
    ) -> Result<RecordWritten> {
        let id = new_id();
        // What the rep typed is checked before the look-alikes are searched.
        let created = change(
            RecordEntity::Party,
            RecordOp::Create,
            &id,
            party_fields(input, None),
        )?;
        if !allow_duplicates {
            let matches = self.check_party(input, None)?;
            if !matches.is_empty() {
                return Err(FieldError::Duplicates(matches));
            }
        }
        let what = PendingSubject::PartyCreated {
            name: display(&input.name, input.first_name.as_deref()),
        };
        self.write(local, created, &id, what)?;
        Ok(self.written(id))
    }

    /// A party's edit: only the fields that changed.
    pub fn update_party(
        &self,
        local: &mut LocalDb,
        id: &str,
        input: &PartyInput,
    ) -> Result<RecordWritten> {
        let current = self.party(id)?;
        let fields = party_fields(input, Some(&current));
        check_linked(&current, Some(&fields))?;
        let updated = change(RecordEntity::Party, RecordOp::Update, id, fields)?;
        let what = PendingSubject::PartyUpdated {
            name: display(&input.name, input.first_name.as_deref()),
        };
        self.write(local, updated, id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// Takes a lead from the unassigned pool (issue 15): a party update whose only change
    /// is `owner` set to the rep. The server decides who was first (docs/policy.md, « the
    /// pool »); until it answers, the lead is laid over as the rep's.
    pub fn take_lead(&self, local: &mut LocalDb, id: &str) -> Result<RecordWritten> {
        let current = self.party(id)?;
        let user = self.author.user;
        if current.owner == user && current.unassigned == 0 {
            return Err(FieldError::app_rule(AppRule::Unchanged {
                field: "owner".into(),
            }));
        }
        let fields = Fields::default().value("owner", user);
        let taken = change(RecordEntity::Party, RecordOp::Update, id, fields)?;
        let what = PendingSubject::PartyUpdated {
            name: current.display_name(),
        };
        self.write(local, taken, id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// Releases one's lead back to the unassigned pool (issue 15): `owner` cleared. The
    /// server lets its owner or their manager do it.
    pub fn release_lead(&self, local: &mut LocalDb, id: &str) -> Result<RecordWritten> {
        let current = self.party(id)?;
        if current.unassigned == 1 && current.owner != self.author.user {
            return Err(FieldError::app_rule(AppRule::Unchanged {
                field: "owner".into(),
            }));
        }
        let fields = Fields::default().value("owner", Value::Null);
        let released = change(RecordEntity::Party, RecordOp::Update, id, fields)?;
        let what = PendingSubject::PartyUpdated {
            name: current.display_name(),
        };
        self.write(local, released, id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// A party deleted.
    pub fn delete_party(&self, local: &mut LocalDb, id: &str) -> Result<RecordWritten> {
        let current = self.party(id)?;
        check_linked(&current, None)?;
        let deleted = change(RecordEntity::Party, RecordOp::Delete, id, Fields::default())?;
        let what = PendingSubject::PartyDeleted {
            name: current.display_name(),
        };
        self.write(local, deleted, id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// The company a person is added to or moved to.
    fn company(&self, party_id: &str) -> Result<PartyRow> {
        let party = self.party(party_id)?;
        if party.kind == "person" {
            return Err(FieldError::app_rule(AppRule::NotACompany {
                field: "party_id".into(),
            }));
        }
        Ok(party)
    }

    /// A new person in a company; refused with its look-alikes unless `allow_duplicates`.
    pub fn add_person(
        &self,
        local: &mut LocalDb,
        input: &PersonInput,
        allow_duplicates: bool,
    ) -> Result<RecordWritten> {
        let company = self.company(&input.party_id)?;
        let id = new_id();
        let created = change(
            RecordEntity::Person,
            RecordOp::Create,
            &id,
            person_fields(input, None),
        )?;
        if !allow_duplicates {
            let typed = PersonRow {
                party_id: input.party_id.clone(),
                first_name: clean(input.first_name.as_deref()),
                last_name: input.last_name.trim().to_string(),
                phone: clean(input.phone.as_deref()),
                mobile: clean(input.mobile.as_deref()),
                email: clean(input.email.as_deref()),
                ..PersonRow::default()
            };
            let keys = person_keys(&typed, company.postal_code.as_deref());
            let matches = self.reader.duplicates(&keys, None)?;
            if !matches.is_empty() {
                return Err(FieldError::Duplicates(matches));
            }
        }
        let what = PendingSubject::PersonCreated {
            company: company.display_name(),
            name: display(&input.last_name, input.first_name.as_deref()),
        };
        self.write(local, created, &input.party_id, what)?;
        Ok(self.written(id))
    }

    /// A person's edit: only the fields that changed (another `party_id` moves them).
    pub fn update_person(
        &self,
        local: &mut LocalDb,
        id: &str,
        input: &PersonInput,
    ) -> Result<RecordWritten> {
        let (current, _) = self
            .reader
            .person(id)?
            .ok_or_else(|| unknown("person", id))?;
        if input.party_id != current.party_id {
            self.company(&input.party_id)?;
        }
        let updated = change(
            RecordEntity::Person,
            RecordOp::Update,
            id,
            person_fields(input, Some(&current)),
        )
        // The form points at the last name, the one field always shown.
        .map_err(|error| nothing_changed_on(error, "last_name"))?;
        let what = PendingSubject::PersonUpdated {
            name: display(&input.last_name, input.first_name.as_deref()),
        };
        self.write(local, updated, &input.party_id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// A person deleted.
    pub fn delete_person(&self, local: &mut LocalDb, id: &str) -> Result<RecordWritten> {
        let (current, _) = self
            .reader
            .person(id)?
            .ok_or_else(|| unknown("person", id))?;
        let deleted = change(
            RecordEntity::Person,
            RecordOp::Delete,
            id,
            Fields::default(),
        )?;
        let what = PendingSubject::PersonDeleted {
            name: display(&current.last_name, current.first_name.as_deref()),
        };
        self.write(local, deleted, &current.party_id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// The decisions must be about open reminders of `party_id`: the todos to delete, with
    /// their texts.
    fn reminders_to_delete(
        &self,
        party_id: &str,
        decisions: &[ReminderDecision],
    ) -> Result<Vec<(String, String)>> {
        let open = self.reader.open_todos(Some(party_id))?;
        let mut delete: Vec<(String, String)> = Vec::new();
        for decision in decisions {
            let Some(todo) = open.iter().find(|t| t.id == decision.todo_id) else {
                return Err(FieldError::app_rule(AppRule::NotAReminder {
                    field: "reminders".into(),
                    todo_id: decision.todo_id.clone(),
                }));
            };
            if !decision.keep && !delete.iter().any(|(id, _)| id == &todo.id) {
                delete.push((todo.id.clone(), todo.text.clone()));
            }
        }
        Ok(delete)
    }

    fn delete_reminders(
        &self,
        local: &mut LocalDb,
        party_id: &str,
        todos: Vec<(String, String)>,
    ) -> Result<()> {
        for (id, text) in todos {
            let deleted = change(RecordEntity::Todo, RecordOp::Delete, &id, Fields::default())?;
            self.write(
                local,
                deleted,
                party_id,
                PendingSubject::ReminderDeleted { text },
            )?;
        }
        Ok(())
    }

    /// An action logged on a party, then the reminders the rep chose to delete.
    pub fn log_action(&self, local: &mut LocalDb, input: &ActionInput) -> Result<RecordWritten> {
        let party = self.party(&input.party_id)?;
        let kind = action_type(&self.parameters.action_types, input.action_type.trim())
            .filter(|t| t.active)
            .ok_or_else(|| {
                FieldError::app_rule(AppRule::UnknownActionType {
                    field: "action_type".into(),
                    code: input.action_type.clone(),
                })
            })?;
        if kind.needs_outcome && input.outcome.is_none() {
            return Err(FieldError::rule(DomainError::Missing {
                field: "outcome".into(),
            }));
        }
        if let Some(person_id) = clean(input.person_id.as_deref()) {
            let in_party = self
                .reader
                .person(&person_id)?
                .is_some_and(|(p, _)| p.party_id == input.party_id);
            if !in_party {
                return Err(unknown("person", &person_id));
            }
        }
        let date = parse_day("date", &input.date).map_err(FieldError::rule)?;
        let delete = self.reminders_to_delete(&input.party_id, &input.reminders)?;
        let mut fields = Fields::default()
            .value("party_id", input.party_id.as_str())
            .set("person_id", input.person_id.as_deref())
            .value("action_type", kind.code.as_str())
            .value("date", day(date))
            .set("time", input.time.as_deref())
            .set("comment", input.comment.as_deref());
        if let Some(outcome) = input.outcome {
            let outcome: Outcome = outcome.into();
            fields = fields.value(
                "outcome",
                serde_json::to_value(outcome).unwrap_or(Value::Null),
            );
        }
        let id = new_id();
        let created = change(RecordEntity::Action, RecordOp::Create, &id, fields)?;
        let what = PendingSubject::ActionLogged {
            action_type: kind.label.clone(),
            party: party.display_name(),
        };
        self.write(local, created, &input.party_id, what)?;
        self.delete_reminders(local, &input.party_id, delete)?;
        Ok(self.written(id))
    }

    /// A reply under an action, then the reminders the rep chose to delete.
    pub fn add_reply(&self, local: &mut LocalDb, input: &ReplyInput) -> Result<RecordWritten> {
        let (action, _) = self
            .reader
            .action(&input.action_id)?
            .ok_or_else(|| unknown("action", &input.action_id))?;
        let party = self.party(&action.party_id)?;
        let date = parse_day("date", &input.date).map_err(FieldError::rule)?;
        let delete = self.reminders_to_delete(&party.id, &input.reminders)?;
        let fields = Fields::default()
            .value("action_id", input.action_id.as_str())
            .value("author", self.author.user)
            .value("date", day(date))
            .set("text", Some(&input.text));
        let id = new_id();
        let created = change(RecordEntity::ActionReply, RecordOp::Create, &id, fields)?;
        let what = PendingSubject::ReplyAdded {
            party: party.display_name(),
        };
        self.write(local, created, &party.id, what)?;
        self.delete_reminders(local, &party.id, delete)?;
        Ok(self.written(id))
    }

    /// A new todo (a reminder when it is about a party).
    pub fn create_todo(&self, local: &mut LocalDb, input: &TodoInput) -> Result<RecordWritten> {
        let party_id = clean(input.party_id.as_deref());
        if let Some(party_id) = &party_id {
            self.party(party_id)?;
        }
        let due = parse_day("due", &input.due).map_err(FieldError::rule)?;
        let id = new_id();
        let created = todo_creation(
            &id,
            &input.text,
            due,
            party_id.as_deref(),
            input.repeat_days,
        )?;
        let what = PendingSubject::TodoCreated {
            text: input.text.trim().to_string(),
        };
        self.write(local, created, party_id.as_deref().unwrap_or(&id), what)?;
        Ok(self.written(id))
    }

    /// A todo done on `date`: marked done; on a party it becomes an action of type
    /// `tache` with its text; a repeating one comes back `repeat_days` after `date`.
    pub fn complete_todo(
        &self,
        local: &mut LocalDb,
        id: &str,
        date: &str,
    ) -> Result<RecordWritten> {
        let (todo, _) = self.reader.todo(id)?.ok_or_else(|| unknown("todo", id))?;
        if todo.done_on.is_some() {
            return Err(FieldError::app_rule(AppRule::AlreadyDone {
                field: "id".into(),
            }));
        }
        let done_on = parse_day("date", date).map_err(FieldError::rule)?;
        let subject = todo.party_id.clone().unwrap_or_else(|| id.to_string());
        let done = change(
            RecordEntity::Todo,
            RecordOp::Update,
            id,
            Fields::default().value("done_on", day(done_on)),
        )?;
        let action = match todo.party_id.as_deref() {
            Some(party_id) if self.reader.party(party_id)?.is_some() => Some(change(
                RecordEntity::Action,
                RecordOp::Create,
                &new_id(),
                Fields::default()
                    .value("party_id", party_id)
                    .value("action_type", TODO_DONE_TYPE)
                    .value("date", day(done_on))
                    .set("comment", Some(&todo.text)),
            )?),
            _ => None,
        };
        let next = match todo.repeat_days {
            Some(days) => Some(todo_creation(
                &new_id(),
                &todo.text,
                done_on + Duration::days(i64::from(days)),
                todo.party_id.as_deref(),
                Some(days),
            )?),
            None => None,
        };
        let done_subject = PendingSubject::TodoDone {
            text: todo.text.clone(),
        };
        self.write(local, done, &subject, done_subject.clone())?;
        if let Some(action) = action {
            self.write(local, action, &subject, done_subject)?;
        }
        if let Some(next) = next {
            let what = PendingSubject::TodoRenewed {
                text: todo.text.clone(),
            };
            self.write(local, next, &subject, what)?;
        }
        Ok(self.written(id.to_string()))
    }

    /// A todo's edit (text, due day, party, repetition): only the fields that changed. A
    /// done todo is history and is not edited.
    pub fn update_todo(
        &self,
        local: &mut LocalDb,
        id: &str,
        input: &TodoInput,
    ) -> Result<RecordWritten> {
        let (current, _) = self.reader.todo(id)?.ok_or_else(|| unknown("todo", id))?;
        if current.done_on.is_some() {
            return Err(FieldError::app_rule(AppRule::AlreadyDone {
                field: "id".into(),
            }));
        }
        let party_id = clean(input.party_id.as_deref());
        if party_id != current.party_id {
            if let Some(party_id) = &party_id {
                self.party(party_id)?;
            }
        }
        let due = parse_day("due", &input.due).map_err(FieldError::rule)?;
        let mut fields = Fields::default()
            .diff("text", Some(&current.text), Some(&input.text))
            .diff("party_id", current.party_id.as_deref(), party_id.as_deref());
        if day(due).as_str() != Some(current.due.as_str()) {
            fields = fields.value("due", day(due));
        }
        if input.repeat_days != current.repeat_days {
            fields = fields.value(
                "repeat_days",
                input.repeat_days.map_or(Value::Null, Value::from),
            );
        }
        // The form points at the text, the one field always typed.
        let updated = change(RecordEntity::Todo, RecordOp::Update, id, fields)
            .map_err(|error| nothing_changed_on(error, "text"))?;
        // The mark goes with the party the todo is about after the edit (its own id
        // without one), so the party's page shows it.
        let subject = party_id.unwrap_or_else(|| id.to_string());
        let what = PendingSubject::TodoUpdated {
            text: input.text.trim().to_string(),
        };
        self.write(local, updated, &subject, what)?;
        Ok(self.written(id.to_string()))
    }

    /// A todo deleted.
    pub fn delete_todo(&self, local: &mut LocalDb, id: &str) -> Result<RecordWritten> {
        let (todo, _) = self.reader.todo(id)?.ok_or_else(|| unknown("todo", id))?;
        let deleted = change(RecordEntity::Todo, RecordOp::Delete, id, Fields::default())?;
        let subject = todo.party_id.clone().unwrap_or_else(|| id.to_string());
        self.write(
            local,
            deleted,
            &subject,
            PendingSubject::TodoDeleted {
                text: todo.text.clone(),
            },
        )?;
        Ok(self.written(id.to_string()))
    }
}

/// « Nothing changed » pointed at `field`, the form's field the rep sees (the contract's
/// reader names no field for an empty update).
fn nothing_changed_on(error: FieldError, field: &str) -> FieldError {
    match error {
        FieldError::Rules(mut rules)
            if rules.len() == 1 && rules[0].code() == "nothing_changed" =>
        {
            rules[0] = AppRule::NothingChanged {
                field: field.into(),
            }
            .into();
            FieldError::Rules(rules)
        }
        other => other,
    }
}

fn todo_creation(
    id: &str,
    text: &str,
    due: NaiveDate,
    party_id: Option<&str>,
    repeat_days: Option<u32>,
) -> Result<RecordChange> {
    let mut fields = Fields::default()
        .set("text", Some(text))
        .value("due", day(due))
        .set("party_id", party_id);
    if let Some(days) = repeat_days {
        fields = fields.value("repeat_days", days);
    }
    change(RecordEntity::Todo, RecordOp::Create, id, fields)
}

// Opportunities: create, move, close, edit (issue 15).
mod opportunities;
// Quotes (issue 15).
mod quotes;
// Campaigns, business cards, calls and meetings (issue 15).
mod meetings;
// Segments: create, edit, members, assignment (issue 15).
mod segments;
#[cfg(test)]
mod tests;
