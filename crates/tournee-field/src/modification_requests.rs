//! The rep's « Demandes de modification » and what became of them. The snapshot carries the
//! rep's own requests with the accountant's decision and note (open ones, and those of the
//! last 90 days); the ones written on this laptop and not yet integrated come from the
//! pending marks, until the snapshot's row takes over (same change id). A declined request
//! is also shown on the home screen until the rep says it was seen.

use std::collections::HashSet;

use rusqlite::{params, Connection};
use tournee_core::{FieldProfile, Lang};
use tournee_sync::FieldChange;

use crate::dto::{
    DeclinedNotice, ModificationRequestLine, PendingKind, RequestStatus, RequestedFieldLine,
};
use crate::error::{FieldError, Result};
use crate::local::PendingRecord;

/// Days a declined request stays on the home screen when the rep does not dismiss it.
pub const NOTICE_DAYS: i64 = 30;

/// Whether the snapshot has the table (schema 2); an older one simply has no requests.
fn has_requests(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'modification_request'",
        )?
        .exists([])?)
}

fn status_of(text: &str) -> RequestStatus {
    match text {
        "open" => RequestStatus::Open,
        "applied" => RequestStatus::Applied,
        "declined" => RequestStatus::Declined,
        _ => RequestStatus::Closed,
    }
}

fn parse_changes(what: &str, json: &str) -> Result<Vec<FieldChange>> {
    serde_json::from_str(json).map_err(|source| FieldError::Json {
        what: what.to_string(),
        source,
    })
}

fn lines(profile: &FieldProfile, changes: Vec<FieldChange>, lang: Lang) -> Vec<RequestedFieldLine> {
    changes
        .into_iter()
        .map(|c| RequestedFieldLine {
            label: profile.label(&c.field, lang),
            field: c.field,
            old: c.old,
            new: c.new,
        })
        .collect()
}

/// The rep's requests about `code`, most recent first; `pending` are this laptop's pending
/// records for the client (only the modification requests among them are used).
pub fn for_client(
    conn: &Connection,
    profile: &FieldProfile,
    pending: &[PendingRecord],
    code: &str,
    lang: Lang,
) -> Result<Vec<ModificationRequestLine>> {
    let mut out = Vec::new();
    if has_requests(conn)? {
        let mut stmt = conn.prepare_cached(
            "SELECT change_id, created_at, status, closed_at, note, changes_json \
             FROM modification_request WHERE c_client = ?1",
        )?;
        let rows = stmt.query_map([code], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (change_id, requested_at, status, closed_at, note, json) = row?;
            let changes = parse_changes(&format!("modification_request {change_id}"), &json)?;
            out.push(ModificationRequestLine {
                change_id,
                requested_at,
                status: status_of(&status),
                closed_at,
                note: note.filter(|n| !n.trim().is_empty()),
                changes: lines(profile, changes, lang),
            });
        }
    }
    // Written here, not yet integrated: until the snapshot's row (same change id) takes over.
    let known: HashSet<String> = out.iter().map(|l| l.change_id.clone()).collect();
    for record in pending {
        let change = &record.change;
        if change.kind != PendingKind::Modification
            || change.client_code != code
            || known.contains(&change.change_id)
        {
            continue;
        }
        let changes = parse_changes(
            &format!("pending change {}", change.change_id),
            &record.detail_json,
        )?;
        out.push(ModificationRequestLine {
            change_id: change.change_id.clone(),
            requested_at: change.written_at.clone(),
            status: RequestStatus::Pending,
            closed_at: None,
            note: None,
            changes: lines(profile, changes, lang),
        });
    }
    // Change ids are ULIDs: their order is the order the rep validated them in.
    out.sort_by(|a, b| b.change_id.cmp(&a.change_id));
    Ok(out)
}

/// Requests declined since `since` (RFC 3339) that the rep has not dismissed, most recent
/// first.
pub fn declined_notices(
    conn: &Connection,
    profile: &FieldProfile,
    since: &str,
    seen: &HashSet<String>,
    lang: Lang,
) -> Result<Vec<DeclinedNotice>> {
    if !has_requests(conn)? {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT m.change_id, m.c_client, coalesce(c.nom_client, m.c_client), m.closed_at, \
                coalesce(m.note, ''), m.changes_json \
         FROM modification_request m LEFT JOIN client c ON c.c_client = m.c_client \
         WHERE m.status = 'declined' AND m.closed_at >= ?1 ORDER BY m.closed_at DESC",
    )?;
    let rows = stmt.query_map(params![since], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (change_id, c_client, nom_client, closed_at, note, json) = row?;
        if seen.contains(&change_id) {
            continue;
        }
        let changes = parse_changes(&format!("modification_request {change_id}"), &json)?;
        out.push(DeclinedNotice {
            change_id,
            c_client,
            nom_client,
            closed_at,
            note,
            fields: changes
                .iter()
                .map(|c| profile.label(&c.field, lang))
                .collect(),
        });
    }
    Ok(out)
}
