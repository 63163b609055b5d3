//! The event types and the events integration writes, in its own transaction.
//!
//! An event row (and one delivery per subscription wanting it) is written only when an
//! enabled subscription wants its type: events exist to be delivered, and a master with
//! no subscription pays two statements per batch ([`Hooks::load`]) and none per change.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection};
use serde_json::{json, Value};
use tournee_sync::{ChangeBody, Envelope, Patch, RecordEntity, RecordFields, RecordOp};

use crate::error::{Result, StoreError};

/// What happened, as a subscription names it and a receiver reads it in `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    /// A party (company or person the reps follow) was created.
    PartyCreated,
    /// A party's fields changed.
    PartyChanged,
    /// A party was deleted.
    PartyDeleted,
    /// A party's lifecycle status (prospect, client, …) changed.
    PartyStatusChanged,
    /// A person was added to a party.
    PersonCreated,
    /// A person's fields changed.
    PersonChanged,
    /// A person was deleted.
    PersonDeleted,
    /// An action (call, visit, mail …) was logged.
    ActionAdded,
    /// An action was changed.
    ActionChanged,
    /// An action was deleted.
    ActionDeleted,
    /// A reply was added to an action.
    ReplyAdded,
    /// A todo was created.
    TodoAdded,
    /// A todo was changed (done ones also raise [`EventType::TodoDone`]).
    TodoChanged,
    /// A todo was marked done.
    TodoDone,
    /// A visit report was recorded, on a client or a prospect.
    VisitRecorded,
    /// A rep created a prospect.
    ProspectCreated,
    /// A rep changed a prospect (or archived it).
    ProspectChanged,
    /// A rep asked for a change of a client's ERP fields.
    ClientChangeRequested,
    /// The accountant validated a client creation: the client now exists in the ERP's
    /// terms (its code).
    ClientValidated,
}

impl EventType {
    /// Every type, in the order the admin's page lists them.
    pub const ALL: [EventType; 19] = [
        Self::PartyCreated,
        Self::PartyChanged,
        Self::PartyDeleted,
        Self::PartyStatusChanged,
        Self::PersonCreated,
        Self::PersonChanged,
        Self::PersonDeleted,
        Self::ActionAdded,
        Self::ActionChanged,
        Self::ActionDeleted,
        Self::ReplyAdded,
        Self::TodoAdded,
        Self::TodoChanged,
        Self::TodoDone,
        Self::VisitRecorded,
        Self::ProspectCreated,
        Self::ProspectChanged,
        Self::ClientChangeRequested,
        Self::ClientValidated,
    ];

    /// The stable code (`party.created`), in subscriptions and in the payload's `type`.
    pub fn code(self) -> &'static str {
        match self {
            Self::PartyCreated => "party.created",
            Self::PartyChanged => "party.changed",
            Self::PartyDeleted => "party.deleted",
            Self::PartyStatusChanged => "party.status_changed",
            Self::PersonCreated => "person.created",
            Self::PersonChanged => "person.changed",
            Self::PersonDeleted => "person.deleted",
            Self::ActionAdded => "action.added",
            Self::ActionChanged => "action.changed",
            Self::ActionDeleted => "action.deleted",
            Self::ReplyAdded => "reply.added",
            Self::TodoAdded => "todo.added",
            Self::TodoChanged => "todo.changed",
            Self::TodoDone => "todo.done",
            Self::VisitRecorded => "visit.recorded",
            Self::ProspectCreated => "prospect.created",
            Self::ProspectChanged => "prospect.changed",
            Self::ClientChangeRequested => "client.change_requested",
            Self::ClientValidated => "client.validated",
        }
    }

    /// The type of a code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// The enabled subscriptions of one batch and the types each wants, read once per batch
/// (a batch is one transaction: they cannot change under it).
#[derive(Default)]
pub struct Hooks {
    subscriptions: Vec<(i64, Wanted)>,
    /// Whether the status watch (a temporary trigger) is installed on this connection.
    watching_status: bool,
    /// Event ids, increasing within the batch (its clock is one instant).
    ids: std::cell::RefCell<ulid::Generator>,
}

#[derive(Debug)]
enum Wanted {
    All,
    Some(Vec<EventType>),
}

impl Wanted {
    fn parse(text: &str) -> Self {
        if text.trim() == "*" {
            return Self::All;
        }
        Self::Some(
            text.split_whitespace()
                .filter_map(EventType::from_code)
                .collect(),
        )
    }

    fn wants(&self, event: EventType) -> bool {
        match self {
            Self::All => true,
            Self::Some(types) => types.contains(&event),
        }
    }
}

/// The temporary trigger that notes status changes while a subscription wants them; the
/// rows it writes are read and cleared after each integrated change, and rolled back with
/// a refused change's savepoint like any write.
const STATUS_WATCH: &str = "\
    CREATE TEMP TABLE IF NOT EXISTS webhook_status_seen (party_id TEXT NOT NULL, before TEXT, after TEXT NOT NULL);\
    CREATE TEMP TRIGGER IF NOT EXISTS webhook_status_watch AFTER UPDATE OF status ON main.party \
    WHEN old.status IS NOT new.status BEGIN \
    INSERT INTO webhook_status_seen (party_id, before, after) VALUES (new.id, old.status, new.status); END;";

impl Hooks {
    /// The enabled subscriptions (one query). When one wants status changes, the status
    /// watch is installed for this batch; otherwise it is removed if a former batch left it.
    pub fn load(conn: &Connection) -> Result<Self> {
        let subscriptions: Vec<(i64, Wanted)> = conn
            .prepare_cached("SELECT id, event_types FROM webhook_subscription WHERE enabled = 1")?
            .query_map([], |r| {
                Ok((r.get(0)?, Wanted::parse(&r.get::<_, String>(1)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut hooks = Self {
            subscriptions,
            watching_status: false,
            ids: std::cell::RefCell::new(ulid::Generator::new()),
        };
        if hooks.wants(EventType::PartyStatusChanged) {
            conn.execute_batch(STATUS_WATCH)?;
            conn.prepare_cached("DELETE FROM temp.webhook_status_seen")?
                .execute([])?;
            hooks.watching_status = true;
        } else {
            // A watch left on this connection by an earlier batch would note rows nobody
            // reads (a no-op when there is none).
            conn.prepare_cached("DROP TRIGGER IF EXISTS temp.webhook_status_watch")?
                .execute([])?;
        }
        Ok(hooks)
    }

    /// Whether no enabled subscription exists (the integration then skips every call).
    pub fn is_empty(&self) -> bool {
        self.subscriptions.is_empty()
    }

    fn wants(&self, event: EventType) -> bool {
        self.subscriptions.iter().any(|(_, w)| w.wants(event))
    }

    /// The events of a change just integrated (and committed with it by the caller's
    /// transaction): the one call the integration makes, after a change applied.
    pub fn on_integrated(
        &self,
        conn: &Connection,
        now: DateTime<Utc>,
        envelope: &Envelope,
    ) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        for (event, entity, record_id) in events_of(envelope) {
            if self.wants(event) {
                let payload = change_payload(envelope, entity, &record_id);
                let source = Source {
                    entity,
                    record_id: &record_id,
                    change_id: Some(&envelope.change_id),
                };
                self.record(conn, now, event, &source, &payload)?;
            }
        }
        if self.watching_status {
            self.status_events(conn, now, Some(&envelope.change_id))?;
        }
        Ok(())
    }

    /// Writes the status changes the watch noted since the last call, then clears them.
    pub fn status_events(
        &self,
        conn: &Connection,
        now: DateTime<Utc>,
        change_id: Option<&str>,
    ) -> Result<()> {
        if !self.watching_status {
            return Ok(());
        }
        let seen: Vec<(String, Option<String>, String)> = conn
            .prepare_cached(
                "SELECT party_id, before, after FROM temp.webhook_status_seen ORDER BY rowid",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if seen.is_empty() {
            return Ok(());
        }
        conn.prepare_cached("DELETE FROM temp.webhook_status_seen")?
            .execute([])?;
        for (party_id, before, after) in seen {
            let payload = json!({ "party_id": party_id, "before": before, "after": after });
            let source = Source {
                entity: "party",
                record_id: &party_id,
                change_id,
            };
            self.record(conn, now, EventType::PartyStatusChanged, &source, &payload)?;
        }
        Ok(())
    }

    /// Writes one event and a pending delivery for each subscription that wants it.
    pub fn record(
        &self,
        conn: &Connection,
        now: DateTime<Utc>,
        event: EventType,
        source: &Source<'_>,
        payload: &Value,
    ) -> Result<()> {
        let targets: Vec<i64> = self
            .subscriptions
            .iter()
            .filter(|(_, wanted)| wanted.wants(event))
            .map(|(id, _)| *id)
            .collect();
        if targets.is_empty() {
            return Ok(());
        }
        // A generator overflows only after 2^80 ids in one millisecond; the fallback is
        // a fresh random id all the same.
        let id = self
            .ids
            .borrow_mut()
            .generate_from_datetime(now.into())
            .unwrap_or_else(|_| ulid::Ulid::from_datetime(now.into()))
            .to_string();
        let at = now.to_rfc3339_opts(SecondsFormat::Millis, true);
        let payload_json = serde_json::to_string(payload).map_err(|source| StoreError::Json {
            what: "webhook payload".into(),
            source,
        })?;
        conn.prepare_cached(
            "INSERT INTO event (id, type, occurred_at, entity, record_id, change_id, payload_json) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id,
            event.code(),
            at,
            source.entity,
            source.record_id,
            source.change_id,
            payload_json
        ])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO webhook_delivery (event_id, subscription_id, next_attempt_at, retry_from) \
             VALUES (?1, ?2, ?3, ?3)",
        )?;
        for subscription in targets {
            insert.execute(params![id, subscription, at])?;
        }
        Ok(())
    }
}

/// What an event is about: the record, and the change that caused it if any.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// `party`, `person`, `action`, `action_reply`, `todo`, `client`, `prospect`.
    pub entity: &'a str,
    /// The record's id (a client's code for a client).
    pub record_id: &'a str,
    /// The integrated change's id, when a change caused the event.
    pub change_id: Option<&'a str>,
}

/// The events a change raises (before looking at who wants them): its type, entity and id.
fn events_of(envelope: &Envelope) -> Vec<(EventType, &'static str, String)> {
    match &envelope.body {
        ChangeBody::RC(change) => {
            let entity = change.entity();
            let (created, changed, deleted) = match entity {
                RecordEntity::Party => (
                    EventType::PartyCreated,
                    EventType::PartyChanged,
                    EventType::PartyDeleted,
                ),
                RecordEntity::Person => (
                    EventType::PersonCreated,
                    EventType::PersonChanged,
                    EventType::PersonDeleted,
                ),
                RecordEntity::Action => (
                    EventType::ActionAdded,
                    EventType::ActionChanged,
                    EventType::ActionDeleted,
                ),
                // A reply's edit or removal is rare and not asked for: only its addition.
                RecordEntity::ActionReply => {
                    if change.op != RecordOp::Create {
                        return Vec::new();
                    }
                    (
                        EventType::ReplyAdded,
                        EventType::ReplyAdded,
                        EventType::ReplyAdded,
                    )
                }
                RecordEntity::Todo => (
                    EventType::TodoAdded,
                    EventType::TodoChanged,
                    EventType::TodoChanged,
                ),
                // No event types were asked for campaigns and meetings (issue 15).
                RecordEntity::Campaign | RecordEntity::Meeting => return Vec::new(),
                // Opportunities raise no webhook event yet (issue 15 offers none).
                RecordEntity::Opportunity => return Vec::new(),
                // Quote events are not in the webhook contract yet (docs/webhooks.md).
                RecordEntity::Quote | RecordEntity::Segment => return Vec::new(),
            };
            let event = match change.op {
                RecordOp::Create => created,
                RecordOp::Update => changed,
                RecordOp::Delete => deleted,
            };
            if entity == RecordEntity::Todo && change.op == RecordOp::Delete {
                return Vec::new();
            }
            let mut events = vec![(event, entity.code(), change.id.clone())];
            if let RecordFields::Todo(fields) = &change.fields {
                if matches!(fields.done_on, Patch::Set(_)) {
                    events.push((EventType::TodoDone, entity.code(), change.id.clone()));
                }
            }
            events
        }
        ChangeBody::VC(visit) => vec![(
            EventType::VisitRecorded,
            "client",
            visit.client_code.clone(),
        )],
        ChangeBody::VP(visit) => vec![(
            EventType::VisitRecorded,
            "prospect",
            visit.prospect_id.clone(),
        )],
        ChangeBody::CP(creation) => vec![(
            EventType::ProspectCreated,
            "prospect",
            creation.prospect_id.clone(),
        )],
        ChangeBody::MP(change) => vec![(
            EventType::ProspectChanged,
            "prospect",
            change.prospect_id.clone(),
        )],
        ChangeBody::MC(change) => vec![(
            EventType::ClientChangeRequested,
            "client",
            change.client_code.clone(),
        )],
        // A creation request carries the customer's signature image: its event is the
        // accountant's decision (`client.validated`), written by the office.
        ChangeBody::CC(_) => Vec::new(),
    }
}

/// The payload of an event raised by a change: who, when, and the change's own payload
/// (the fields it wrote). Webhooks belong to the admin, who may see every record; a
/// change file carries no secret.
fn change_payload(envelope: &Envelope, entity: &str, record_id: &str) -> Value {
    let raw = envelope.to_raw();
    json!({
        "entity": entity,
        "id": record_id,
        "change_id": envelope.change_id,
        "change_type": raw.change_type,
        "user": envelope.user,
        "written_at": envelope.created_at,
        "change": raw.payload,
    })
}
