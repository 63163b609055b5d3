//! Taking a lead from the unassigned pool (issue 15; docs/policy.md, « the pool »).
//!
//! A **take** is a party update whose only change is `owner` set to the writer. On a party
//! at lifecycle stage lead, it is decided here instead of by the grants
//! ([`tournee_core::Policy::may_take_lead`]): allowed to every user whose role writes
//! parties at all while the lead has no owner **in the master at integration**, so that of
//! two reps who took the same lead offline the first file integrated wins and the second
//! is refused (`not_allowed`, detail `already_taken` naming the taker). Integration runs
//! one change at a time inside the batch's immediate transaction, so « no owner yet » and
//! the write cannot interleave with another take.
//!
//! A lead **enters the pool** when created with `owner` explicitly empty (`"owner": null`)
//! or released (owner cleared, an ordinary write: its owner or their manager); a party
//! created without `owner` at all stays its creator's, as before the pool ([`mark_pooled`]).
//!
//! Any other change (a take that also changes another field, a change to a prospect or a
//! client, a party not yet in the master) goes through the ordinary decision: a pool lead
//! is then its creator's, as every unowned party is.

use rusqlite::{Connection, OptionalExtension};
use tournee_core::{TakeRefusal, UserId};
use tournee_sync::{
    Detail, PartyFields, Patch, RecordChange, RecordFields, RecordOp, RejectReason,
};

use super::{refuse, NotApplied};
use crate::access::{policy_in_force, principal_of};
use crate::master::users::User;

/// The SQL condition, on a master `party` row aliased `p`, of one of the CRM's own leads:
/// at stage lead, not linked to an ERP client or a prospect (those are their link's).
const CRM_LEAD_SQL: &str =
    "(p.status = 'lead' AND p.client_code IS NULL AND p.prospect_id IS NULL)";

/// The SQL condition, on a master `party` row aliased `p`, of a lead in the pool: one of
/// the CRM's leads with no owner. The snapshots select the pool with it.
pub(crate) const POOL_LEAD_SQL: &str = "(p.pooled = 1 AND p.owner IS NULL AND p.status = 'lead' \
     AND p.client_code IS NULL AND p.prospect_id IS NULL)";

/// What the pool's rule says about a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Take {
    /// Not a take of a lead: the ordinary decision applies.
    NotATake,
    /// A take the rule allows: the write goes ahead without the ordinary decision.
    Allowed,
}

/// Decides `change` by the pool's rule when it is a take of a lead; a refusal names why.
pub(super) fn decide_take(
    conn: &Connection,
    user: &User,
    change: &RecordChange,
) -> Result<Take, NotApplied> {
    if change.op != RecordOp::Update || !is_take_by(&change.fields, &user.windows_user) {
        return Ok(Take::NotATake);
    }
    // The pool holds the CRM's own leads: a party linked to an ERP client or a prospect is
    // the link's, whatever its status.
    let row: Option<(Option<String>, bool)> = conn
        .prepare_cached(&format!(
            "SELECT p.owner, {CRM_LEAD_SQL} AND (p.pooled = 1 OR p.owner IS NOT NULL) \
             FROM party p WHERE p.id = ?1"
        ))?
        .query_row([&change.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((owner, lead)) = row else {
        return Ok(Take::NotATake); // not arrived yet: the write parks it
    };
    if !lead {
        return Ok(Take::NotATake);
    }
    let principal = principal_of(conn, user)?;
    let owner = owner.map(UserId);
    match policy_in_force(conn)?.may_take_lead(&principal, owner.as_ref()) {
        Ok(()) => Ok(Take::Allowed),
        Err(TakeRefusal::AlreadyTaken { taker }) => Err(refuse(
            RejectReason::NotAllowed,
            Detail::AlreadyTaken {
                id: change.id.clone(),
                owner: taker.0,
            },
        )),
        Err(refused @ TakeRefusal::Policy(_)) => Err(refuse(
            RejectReason::NotAllowed,
            Detail::RecordNotAllowed {
                entity: change.entity().code().into(),
                id: change.id.clone(),
                user: principal.user.0,
                refusal: refused.code().into(),
            },
        )),
    }
}

/// Whether `fields` change a party's `owner` to `writer` and nothing else.
pub(crate) fn is_take_by(fields: &RecordFields, writer: &str) -> bool {
    let RecordFields::Party(fields) = fields else {
        return false;
    };
    *fields
        == PartyFields {
            owner: Patch::Set(writer.to_string()),
            ..PartyFields::default()
        }
}

/// After a party's write: a party created or updated with its `owner` cleared enters the
/// pool, one given an owner leaves it (`party.pooled`, migration 0031). A party created
/// without `owner` at all stays its creator's, as before the pool.
pub(super) fn mark_pooled(conn: &Connection, change: &RecordChange) -> Result<(), NotApplied> {
    let RecordFields::Party(fields) = &change.fields else {
        return Ok(());
    };
    let pooled = match fields.owner {
        Patch::Cleared => 1,
        Patch::Set(_) => 0,
        Patch::Unchanged => return Ok(()),
    };
    conn.prepare_cached("UPDATE party SET pooled = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![change.id, pooled])?;
    Ok(())
}
