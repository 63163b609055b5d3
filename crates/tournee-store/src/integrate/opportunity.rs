//! What the integrator adds for opportunities (issue 15) around the generic record write
//! of [`super::record`]:
//!
//! 1. **The pipeline's rules** ([`check_rules`], before the write): the record as it
//!    stands in the master and as the change would leave it go through
//!    `tournee_core::opportunity` with the admin's pipelines in force; a refusal is
//!    `opportunity_rule`, its detail naming the rule and the field. The laptop applies the
//!    same rules before writing, but the server never trusts it. A change to an opportunity
//!    not in the master yet (its creation has not arrived) is left to the write, which
//!    parks it; once the creation has arrived the parked change is checked then.
//! 2. **The assignment rule** ([`assigned`]): when the admin set « assign new
//!    opportunities to » (`opportunity_assignee`), a creation is written with that user as
//!    its `owner`, whatever owner the rep sent; `created_by` keeps the rep who created it.
//!    The policy's decision is taken on the creation as the rep sent it (a rep may create
//!    an opportunity they own), before the rule hands it over.
//! 3. **The stage history** ([`record_stage`], after the write): when the record's stage
//!    or status now differs from the last one recorded, a row of `opportunity_stage` says
//!    when (the change's creation time) and by which change; the first closing also sets
//!    `closed_at`. The history reads the row as written, so a late change that lost on
//!    its fields leaves no false step.

use std::borrow::Cow;

use rusqlite::{Connection, OptionalExtension};
use tournee_core::opportunity::{
    check_opportunity_create, check_opportunity_update, OpportunityRule, OpportunityState,
    OpportunityStatus,
};
use tournee_core::pipeline::Pipeline;
use tournee_sync::{
    Detail, Envelope, OpportunityFields, Patch, RecordChange, RecordFields, RecordOp, RejectReason,
};

use super::{refuse, NotApplied};

/// The opportunity's pipeline rules, for a creation, an update or a deletion; see the
/// module's documentation. Other entities pass.
pub(super) fn check_rules(
    conn: &Connection,
    pipelines: &[Pipeline],
    change: &RecordChange,
) -> Result<(), NotApplied> {
    let RecordFields::Opportunity(fields) = &change.fields else {
        return Ok(());
    };
    let verdict = match change.op {
        RecordOp::Create => match state_of_creation(fields) {
            Some(new) => check_opportunity_create(pipelines, &new),
            None => Ok(()), // the fields' own check refused it already
        },
        RecordOp::Update | RecordOp::Delete => {
            let Some(before) = stored_state(conn, &change.id)? else {
                return Ok(()); // not arrived, or deleted: the write parks or refuses it
            };
            if change.op == RecordOp::Delete {
                closed_refusal(&before)
            } else {
                check_opportunity_update(pipelines, &before, &merged(&before, fields))
            }
        }
    };
    verdict.map_err(|rule| refusal(&change.id, &rule))
}

/// The change as it is written: a creation takes the assignment rule's owner when one is
/// set; anything else is written as sent.
pub(super) fn assigned<'a>(
    change: &'a RecordChange,
    assignee: Option<&String>,
) -> Cow<'a, RecordChange> {
    let (RecordOp::Create, RecordFields::Opportunity(fields), Some(assignee)) =
        (change.op, &change.fields, assignee)
    else {
        return Cow::Borrowed(change);
    };
    let mut fields = fields.clone();
    fields.owner = Patch::Set(assignee.clone());
    Cow::Owned(RecordChange {
        id: change.id.clone(),
        op: change.op,
        fields: RecordFields::Opportunity(fields),
    })
}

/// After the write: a new step of the stage history when the stage or status moved, and
/// `closed_at` at the first closing.
pub(super) fn record_stage(
    conn: &Connection,
    envelope: &Envelope,
    change: &RecordChange,
) -> Result<(), NotApplied> {
    if !matches!(change.fields, RecordFields::Opportunity(_)) || change.op == RecordOp::Delete {
        return Ok(());
    }
    let Some(now) = stored_state(conn, &change.id)? else {
        return Ok(());
    };
    let last: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT stage, status FROM opportunity_stage WHERE opportunity_id = ?1 \
             ORDER BY entered_at DESC, change_id DESC LIMIT 1",
        )?
        .query_row([&change.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let status = now.status.code();
    if last.as_ref().map(|(s, t)| (s.as_str(), t.as_str())) == Some((&now.stage, status)) {
        return Ok(());
    }
    let at = envelope
        .created_at
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    conn.prepare_cached(
        "INSERT OR IGNORE INTO opportunity_stage \
         (opportunity_id, change_id, stage, status, entered_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((&change.id, &envelope.change_id, &now.stage, status, &at))?;
    if now.status.is_closed() {
        conn.prepare_cached(
            "UPDATE opportunity SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL",
        )?
        .execute((&change.id, &at))?;
    }
    Ok(())
}

/// A deletion is a change too: a closed opportunity keeps its record.
fn closed_refusal(before: &OpportunityState) -> Result<(), OpportunityRule> {
    if before.status.is_closed() {
        return Err(OpportunityRule::Closed(before.status.code()));
    }
    Ok(())
}

fn refusal(id: &str, rule: &OpportunityRule) -> NotApplied {
    refuse(
        RejectReason::OpportunityRule,
        Detail::OpportunityRule {
            id: id.to_string(),
            rule: rule.code().into(),
            field: rule.field().into(),
        },
    )
}

/// The state a creation asks for; `None` when a mandatory field is missing (which the
/// fields' own rules refuse before this is reached).
fn state_of_creation(fields: &OpportunityFields) -> Option<OpportunityState> {
    Some(OpportunityState {
        pipeline: fields.pipeline.value()?.clone(),
        stage: fields.stage.value()?.clone(),
        status: *fields.status.value()?,
        loss_reason: fields.loss_reason.value().cloned(),
    })
}

/// The state as the update would leave it: each field the change sets or clears over the
/// stored one.
fn merged(before: &OpportunityState, fields: &OpportunityFields) -> OpportunityState {
    let text = |patch: &Patch<String>, old: &String| match patch {
        Patch::Set(value) => value.clone(),
        Patch::Unchanged | Patch::Cleared => old.clone(),
    };
    OpportunityState {
        pipeline: text(&fields.pipeline, &before.pipeline),
        stage: text(&fields.stage, &before.stage),
        status: match &fields.status {
            Patch::Set(status) => *status,
            Patch::Unchanged | Patch::Cleared => before.status,
        },
        loss_reason: match &fields.loss_reason {
            Patch::Set(reason) => Some(reason.clone()),
            Patch::Cleared => None,
            Patch::Unchanged => before.loss_reason.clone(),
        },
    }
}

/// The opportunity as the master holds it, if it does.
fn stored_state(conn: &Connection, id: &str) -> Result<Option<OpportunityState>, NotApplied> {
    let row: Option<(String, String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT pipeline, stage, status, loss_reason FROM opportunity WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    Ok(
        row.map(|(pipeline, stage, status, loss_reason)| OpportunityState {
            pipeline,
            stage,
            // The column's CHECK holds it to the three codes.
            status: OpportunityStatus::from_code(&status).unwrap_or(OpportunityStatus::Open),
            loss_reason,
        }),
    )
}
