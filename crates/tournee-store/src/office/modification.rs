//! MC field changes waiting for the accountant: she applies them in the ERP (or declines
//! them) and closes the request; « une fois effectuée la comptable pourra clore le sujet ».

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection};
use tournee_core::{check_text, TextKind, MAX_NOTE_CHARS};
use tournee_sync::FieldChange;

use super::{Missing, OfficeError};

/// An open modification request as the accountant sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenModification {
    /// Request id.
    pub id: i64,
    /// Client code.
    pub client_code: String,
    /// Client name.
    pub client_name: String,
    /// Display name of the rep who asked.
    pub requested_by: String,
    /// When the rep validated it (UTC).
    pub created_at: String,
    /// Field, value seen by the rep, value asked for.
    pub changes: Vec<FieldChange>,
}

/// How the accountant closes a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Changes made in the ERP.
    Applied,
    /// Not made (the note says why).
    Declined,
}

impl Decision {
    fn status(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Declined => "declined",
        }
    }
}

/// Open requests, oldest first.
pub fn open_modifications(conn: &Connection) -> Result<Vec<OpenModification>, OfficeError> {
    let rows = conn
        .prepare(
            "SELECT m.id, m.c_client, c.nom_client, u.display_name, m.created_at, m.changes_json \
             FROM modification_request m JOIN client c ON c.c_client = m.c_client \
             JOIN app_user u ON u.windows_user = m.requested_by WHERE m.status = 'open' ORDER BY m.id",
        )?
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String, String, String, String, String)>>>()?;
    rows.into_iter()
        .map(
            |(id, client_code, client_name, requested_by, created_at, changes)| {
                let changes =
                    serde_json::from_str(&changes).map_err(|source| crate::StoreError::Json {
                        what: format!("modification_request {id}"),
                        source,
                    })?;
                Ok(OpenModification {
                    id,
                    client_code,
                    client_name,
                    requested_by,
                    created_at,
                    changes,
                })
            },
        )
        .collect()
}

/// Closes an open request; a declined one needs a note for the rep. Returns the login of the
/// rep who asked, whose snapshot carries the outcome (and the note) to their laptop.
pub fn close_modification(
    conn: &Connection,
    id: i64,
    accountant_email: &str,
    decision: Decision,
    note: &str,
    now: DateTime<Utc>,
) -> Result<String, OfficeError> {
    if decision == Decision::Declined && note.trim().is_empty() {
        return Err(OfficeError::ReasonRequired);
    }
    check_text("note", note.trim(), TextKind::MultiLine, MAX_NOTE_CHARS)
        .map_err(|e| OfficeError::Invalid(vec![e]))?;
    let closed = conn.execute(
        "UPDATE modification_request SET status = ?2, closed_by = ?3, closed_at = ?4, note = ?5 \
         WHERE id = ?1 AND status = 'open'",
        params![
            id,
            decision.status(),
            accountant_email,
            now.to_rfc3339_opts(SecondsFormat::Millis, true),
            note.trim()
        ],
    )?;
    if closed == 1 {
        let requester = conn.query_row(
            "SELECT requested_by FROM modification_request WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        return Ok(requester);
    }
    let status: Option<String> = conn
        .query_row(
            "SELECT status FROM modification_request WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .ok();
    match status {
        Some(status) => Err(OfficeError::AlreadyDecided { id, status }),
        None => Err(OfficeError::NotFound(Missing::Modification(id))),
    }
}
