//! What the integration adds for quotes (issue 15) around the generic record write:
//!
//! * **Status moves** ([`check_quote`], before the write): a quote is created as a draft,
//!   moves draft → sent → accepted or refused (`tournee_core::QuoteStatus::check_move`),
//!   and an accepted or refused quote is neither edited nor deleted. Refused as
//!   `invalid_field` naming `status` (or the field an edit of a closed quote touched).
//! * **The final number** ([`assign_number`], after the write of a creation):
//!   `D-<year>-<seq>`, sequential per year of integration, read and raised in
//!   `quote_number` inside the change's savepoint. A change refused after its number was
//!   taken rolls the number back with everything else, so the sequence has no gap; the
//!   batch's one writer (SQLite's write lock) keeps two creations from taking one number.
//!
//! The laptop checks the same moves before writing a change (`tournee_core`), but the
//! server never trusts it: a change file can be written by hand.

use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension};
use tournee_core::{DomainError, QuoteStatus};
use tournee_sync::{Detail, RecordChange, RecordFields, RecordOp, RejectReason};

use super::{refuse, IntegrationContext, NotApplied};

/// The status moves and the closed-quote rule; see the module's documentation. A quote not
/// in the master yet (an update before its creation) is left to `apply_record`, which parks.
pub(super) fn check_quote(conn: &Connection, change: &RecordChange) -> Result<(), NotApplied> {
    let RecordFields::Quote(fields) = &change.fields else {
        return Ok(());
    };
    let asked = fields.status.value().copied();
    if change.op == RecordOp::Create {
        return match asked {
            Some(QuoteStatus::Draft) | None => Ok(()),
            Some(_) => Err(status_refusal("un devis créé en brouillon")),
        };
    }
    let Some(current) = stored_status(conn, &change.id)? else {
        return Ok(());
    };
    if current.is_closed() {
        let field = first_field(change).unwrap_or_else(|| "status".to_owned());
        return Err(refuse(
            RejectReason::InvalidField,
            Detail::from(DomainError::InvalidFormat {
                field,
                expected: "un devis ouvert (un devis accepté ou refusé ne change plus)".into(),
            }),
        ));
    }
    match asked {
        Some(to) => current.check_move(to).map_err(|_| {
            status_refusal("le statut suivant : brouillon → envoyé → accepté ou refusé")
        }),
        None => Ok(()),
    }
}

/// Gives a newly created quote its number, inside the change's savepoint.
pub(super) fn assign_number(
    conn: &Connection,
    ctx: &IntegrationContext,
    change: &RecordChange,
) -> Result<(), NotApplied> {
    if change.op != RecordOp::Create || !matches!(change.fields, RecordFields::Quote(_)) {
        return Ok(());
    }
    let year = ctx.now.year();
    let seq: i64 = conn
        .prepare_cached(
            "INSERT INTO quote_number (year, last_seq) VALUES (?1, 1) \
             ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
        )?
        .query_row([year], |r| r.get(0))?;
    conn.prepare_cached(
        "UPDATE quote SET number = ?2, number_year = ?3, number_seq = ?4 WHERE id = ?1",
    )?
    .execute(params![change.id, quote_number(year, seq), year, seq])?;
    Ok(())
}

/// The printed number: `D-2026-1`, `D-2026-2`… (no padding: the sequence has no bound).
pub fn quote_number(year: i32, seq: i64) -> String {
    format!("D-{year}-{seq}")
}

fn stored_status(conn: &Connection, id: &str) -> Result<Option<QuoteStatus>, NotApplied> {
    let code: Option<String> = conn
        .prepare_cached("SELECT status FROM quote WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(code.and_then(|c| QuoteStatus::from_code(&c)))
}

/// The first field an update carries, to name it in a refusal.
fn first_field(change: &RecordChange) -> Option<String> {
    change
        .to_payload()
        .get("fields")
        .and_then(|f| f.as_object())
        .and_then(|f| f.keys().next().cloned())
}

fn status_refusal(expected: &str) -> NotApplied {
    refuse(
        RejectReason::InvalidField,
        Detail::from(DomainError::InvalidFormat {
            field: "status".into(),
            expected: expected.into(),
        }),
    )
}
