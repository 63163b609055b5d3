//! What the integration adds for quotes (issue 15) around the generic record write:
//!
//! * **Status moves** ([`check_quote`], before the write): a quote is created as a draft,
//!   moves draft → sent → accepted or refused, and an accepted or refused quote is neither
//!   edited nor deleted (`tournee_core::QuoteRule`). Refused as `quote_rule`, the detail
//!   naming the rule and the field (`status`, or the field an edit of a closed quote
//!   touched).
//! * **Acceptance wins the opportunity** ([`win_opportunity`], after the write): a quote
//!   accepted while its opportunity is open closes that opportunity as won at its
//!   pipeline's last stage, in the same savepoint, stamped by the quote's change (so a
//!   later change of the rep's still wins field by field, as everywhere in the record
//!   model). The client's signature is the evidence the last stages were walked: the rule
//!   « won from the last stage only » governs the rep's own moves, not this one, and the
//!   stage history records the step with the quote's change. A quote whose opportunity
//!   was lost is not accepted (`quote_rule`, `quote_opportunity_lost`): a lost opportunity
//!   never reopens. One already won stays as it is.
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
use tournee_core::opportunity::OpportunityStatus;
use tournee_core::pipeline::Pipeline;
use tournee_core::{check_quote_create, check_quote_update, QuoteRule, QuoteStatus};
use tournee_sync::{
    Detail, Envelope, OpportunityFields, Patch, RecordChange, RecordFields, RecordOp, RejectReason,
};

use super::{refuse, IntegrationContext, NotApplied};
use crate::records::{apply_record, RecordNotApplied, RecordWrite};
use crate::StoreError;

/// The status moves and the closed-quote rule; see the module's documentation. A quote not
/// in the master yet (an update before its creation) is left to `apply_record`, which parks.
pub(super) fn check_quote(conn: &Connection, change: &RecordChange) -> Result<(), NotApplied> {
    let RecordFields::Quote(fields) = &change.fields else {
        return Ok(());
    };
    let asked = fields.status.value().copied();
    let verdict = if change.op == RecordOp::Create {
        check_quote_create(asked)
    } else {
        let Some(current) = stored_status(conn, &change.id)? else {
            return Ok(());
        };
        let touched = first_field(change).unwrap_or_else(|| "status".to_owned());
        let named = fields.opportunity_id.value().map(String::as_str);
        let lost =
            asked == Some(QuoteStatus::Accepted) && opportunity_lost(conn, &change.id, named)?;
        let opportunity = if lost {
            Err(QuoteRule::OpportunityLost)
        } else {
            Ok(())
        };
        check_quote_update(current, asked, &touched).and(opportunity)
    };
    verdict.map_err(|rule| refusal(&change.id, &rule))
}

/// After the write: a quote now accepted closes its open opportunity as won; see the
/// module's documentation.
pub(super) fn win_opportunity(
    conn: &Connection,
    pipelines: &[Pipeline],
    write: &RecordWrite,
    envelope: &Envelope,
    change: &RecordChange,
) -> Result<(), NotApplied> {
    let RecordFields::Quote(fields) = &change.fields else {
        return Ok(());
    };
    if change.op == RecordOp::Delete || fields.status.value() != Some(&QuoteStatus::Accepted) {
        return Ok(());
    }
    let open: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT o.id, o.pipeline FROM quote q JOIN opportunity o ON o.id = q.opportunity_id \
             WHERE q.id = ?1 AND q.status = 'accepted' AND o.status = 'open'",
        )?
        .query_row([&change.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((opportunity, pipeline)) = open else {
        return Ok(());
    };
    let last = pipelines
        .iter()
        .find(|p| p.code == pipeline)
        .and_then(|p| p.stages.last())
        .map(|s| s.code.clone());
    let won = RecordChange {
        id: opportunity,
        op: RecordOp::Update,
        fields: RecordFields::Opportunity(OpportunityFields {
            stage: last.map_or(Patch::Unchanged, Patch::Set),
            status: Patch::Set(OpportunityStatus::Won),
            ..OpportunityFields::default()
        }),
    };
    // The opportunity was just read open in this savepoint, so only a storage failure can
    // stop the write; anything else would be a broken invariant, answered as such.
    apply_record(conn, write, &won).map_err(|e| match e {
        RecordNotApplied::Store(e) => NotApplied::Store(e),
        other => NotApplied::Store(StoreError::StoredValue {
            what: format!("opportunity {}", won.id),
            reason: format!("not won by its accepted quote: {other}"),
        }),
    })?;
    super::opportunity::record_stage(conn, envelope, &won)
}

/// Whether the quote's opportunity (the one the change names, else the stored one) was
/// lost.
fn opportunity_lost(
    conn: &Connection,
    quote: &str,
    named: Option<&str>,
) -> Result<bool, NotApplied> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM opportunity WHERE status = 'lost' AND id = \
             coalesce(?2, (SELECT opportunity_id FROM quote WHERE id = ?1))",
        )?
        .exists(params![quote, named])?)
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

fn refusal(id: &str, rule: &QuoteRule) -> NotApplied {
    refuse(
        RejectReason::QuoteRule,
        Detail::QuoteRule {
            id: id.to_string(),
            rule: rule.code().into(),
            field: rule.field().into(),
        },
    )
}
