//! A meeting's invitation mail (issue 15): every integrated creation, update or deletion
//! of a meeting queues one `meeting_invitation` notification for its attendee, in the
//! change's savepoint, so the mail exists if and only if the change was integrated, once
//! (the ledger integrates a change once; `meeting_mail.change_id` is unique besides). The
//! server's mail loop sends it with retries (`server/src/mail/`): an SMTP server down
//! loses nothing.
//!
//! The notification carries what the iCalendar invitation needs, read from the master
//! after the write (per-field last writer wins: the meeting as it now stands, not the
//! change's fields): the meeting id as `UID`, a `SEQUENCE` one higher than the last mail's
//! (0 for the first), `REQUEST` while planned and `CANCEL` once cancelled or deleted, the
//! organiser's and the attendee's addresses from the user directory.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
use tournee_sync::{Detail, Envelope, RecordChange, RecordEntity, RecordOp, RejectReason};

use super::{refuse, NotApplied};

/// The notification kind the server renders as an invitation.
pub const MEETING_INVITATION: &str = "meeting_invitation";

/// The attendee of a created meeting, or of an update naming one, must be a user of the
/// directory with an address to invite (`unknown_user`, naming the attendee).
pub(super) fn check_attendee(conn: &Connection, change: &RecordChange) -> Result<(), NotApplied> {
    let tournee_sync::RecordFields::Meeting(fields) = &change.fields else {
        return Ok(());
    };
    let Some(attendee) = fields.attendee.value() else {
        return Ok(());
    };
    if directory_entry(conn, attendee)?.is_some() {
        return Ok(());
    }
    Err(refuse(
        RejectReason::UnknownUser,
        Detail::UnknownUser {
            user: attendee.clone(),
        },
    ))
}

/// Queues the invitation of the meeting `change` just wrote; nothing for other entities.
pub(super) fn queue_invitation(
    conn: &Connection,
    envelope: &Envelope,
    change: &RecordChange,
    now: DateTime<Utc>,
) -> Result<(), NotApplied> {
    if change.entity() != RecordEntity::Meeting {
        return Ok(());
    }
    let Some(meeting) = meeting_as_it_stands(conn, change)? else {
        return Ok(());
    };
    let Some(attendee) = directory_entry(conn, text(&meeting, "attendee"))? else {
        // Only an attendee who left the directory since the meeting was planned (a new
        // one is checked by `check_attendee`): nobody to write to any more.
        return Ok(());
    };
    // The organiser without an address (an office account) signs with the system sender.
    let organiser = directory_entry(conn, text(&meeting, "created_by"))?.map_or(
        (None, text(&meeting, "created_by").to_string()),
        |(mail, name)| (Some(mail), name),
    );
    let sequence: i64 = conn
        .prepare_cached(
            "SELECT coalesce(max(sequence) + 1, 0) FROM meeting_mail WHERE meeting_id = ?1",
        )?
        .query_row([&change.id], |r| r.get(0))?;
    let cancelled = change.op == RecordOp::Delete || text(&meeting, "status") == "cancelled";
    let stamp = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let payload = json!({
        "meeting_id": change.id,
        "sequence": sequence,
        "method": if cancelled { "CANCEL" } else { "REQUEST" },
        "subject": text(&meeting, "subject"),
        "place": meeting.get("place"),
        "notes": meeting.get("notes"),
        "starts_at": text(&meeting, "starts_at"),
        "ends_at": text(&meeting, "ends_at"),
        "party_name": party_name(conn, text(&meeting, "party_id"))?,
        "organiser_email": organiser.0,
        "organiser_name": organiser.1,
        "attendee_email": attendee.0,
        "attendee_name": attendee.1,
        "stamp": stamp,
    });
    conn.execute(
        "INSERT INTO notification (kind, change_id, payload_json, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![MEETING_INVITATION, envelope.change_id, payload.to_string(), stamp],
    )?;
    conn.execute(
        "INSERT INTO meeting_mail (meeting_id, sequence, change_id, notification_id) \
         VALUES (?1, ?2, ?3, ?4)",
        params![
            change.id,
            sequence,
            envelope.change_id,
            conn.last_insert_rowid()
        ],
    )?;
    Ok(())
}

/// The meeting's row as a JSON object: from the table, or from its tombstone once deleted.
fn meeting_as_it_stands(
    conn: &Connection,
    change: &RecordChange,
) -> Result<Option<Value>, NotApplied> {
    let json: Option<String> = if change.op == RecordOp::Delete {
        conn.prepare_cached(
            "SELECT row_json FROM record_tombstone WHERE entity = 'meeting' AND id = ?1",
        )?
        .query_row([&change.id], |r| r.get(0))
        .optional()?
    } else {
        conn.prepare_cached(
            "SELECT json_object('party_id', party_id, 'attendee', attendee, 'place', place, \
               'starts_at', starts_at, 'ends_at', ends_at, 'subject', subject, 'notes', notes, \
               'status', status, 'created_by', created_by) FROM meeting WHERE id = ?1",
        )?
        .query_row([&change.id], |r| r.get(0))
        .optional()?
    };
    json.map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|source| {
            NotApplied::Store(crate::StoreError::Json {
                what: "meeting row".into(),
                source,
            })
        })
}

fn text<'a>(meeting: &'a Value, key: &str) -> &'a str {
    meeting.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A user's address and name, for an active user of the directory with an address.
fn directory_entry(conn: &Connection, login: &str) -> Result<Option<(String, String)>, NotApplied> {
    Ok(conn
        .prepare_cached(
            "SELECT email, coalesce(nullif(display_name, ''), windows_user) FROM app_user \
             WHERE windows_user = ?1 AND active AND coalesce(email, '') <> ''",
        )?
        .query_row([login], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The party's name as people read it (a private person's first name first).
/// `None` once the party itself was deleted (a meeting cancelled after its party went).
fn party_name(conn: &Connection, id: &str) -> Result<Option<String>, NotApplied> {
    let name: Option<String> = conn
        .prepare_cached(
            "SELECT trim(coalesce(first_name || ' ', '') || name) FROM party WHERE id = ?1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(name)
}
