//! Integrator for record changes (`RC`, sync-spec §12): parties, people, actions, replies
//! and todos, written by [`crate::records::apply_record`] after the policy's decision.
//!
//! It runs like the other non-VC types, inside the change's savepoint after the ledger
//! claim and the common checks (signer, user, dates). Then:
//!
//! 1. **The policy's write decision** ([`tournee_core::Policy::allows`], with the policy the
//!    admin stored in the master, brief 003's default until then), for the writer's role
//!    and teams and the record's ownership (below). A refusal is `not_allowed`.
//! 2. **The write**, field by field, last writer wins ([`crate::records::apply_record`]).
//!    A record it needs that has not arrived (a reply before its action, an update before
//!    its creation) parks the change like an MP before its CP; once the change is older
//!    than `parked_max_days` it fails with `unknown_parent`. A change to a deleted record
//!    is refused (`record_deleted`), its values kept in the record's history
//!    ([`keep_after_refusal`], run after the savepoint's rollback). A second creation of
//!    one id is `already_exists`.
//!
//! 3. **The action's type** ([`check_action_type`], checked before the write): an action
//!    created or given a new type must carry one of the admin's action types, active or
//!    not; else `unknown_action_type`.
//! 4. **A take of a pool lead** (issue 15, [`super::pool`]): a party update setting only
//!    `owner` to the writer, on a lead, is decided by the pool's rule instead of step 1:
//!    allowed while the lead has no owner in the master, refused `already_taken` after.
//! 5. **The party's status** (`party.status`, [`crate::records::apply_record_and_status`]):
//!    recomputed from the party's facts after a write that touches them (a party created,
//!    an action created, updated or deleted), in the same savepoint as the write.
//!
//! **Roles, teams and policy** come from [`crate::access`] (`app_user.role`, `team_member`,
//! the `policy` row).
//!
//! **Ownership** (docs/policy.md, « whose record each is »). The master stores an owner for
//! parties only (`party.owner`, optional); a record with no owner is its creator's
//! (`created_by`, as `apply_record` stored it), so a rep who creates an unassigned party may
//! keep working on it. A person, an action and a todo about a party are owned as their
//! party is, a reply as its action is: a rep writes everything hanging on the parties
//! assigned to them, and nothing on another rep's. A todo without a party is its creator's.
//! The decision covers the record as it stands (update, delete) and, for a creation or a
//! move to another parent, the record as it will stand: a rep cannot create a party
//! assigned to a colleague, nor hang a person on a colleague's party. Reassigning a party
//! one owns (`owner` updated) is a write on the record as it stands.
//!
//! **A record's team** is its owner's ([`crate::access::ownership_for`]): an owner in one
//! team files their records in it, an owner in several in each of them (the decision takes
//! the one the writer shares, if any), an owner in none leaves them teamless. So a leader
//! given `team` writes their members' parties, a rep given `team` their colleagues'.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension};
use tournee_core::{action_type, Access, Decision, Entity, Ownership, Principal};
use tournee_sync::{
    Detail, Envelope, Patch, RecordChange, RecordEntity, RecordFields, RecordOp, RejectReason,
    Rejection,
};

use super::{opportunity, refuse, IntegrationContext, NotApplied};
use crate::access::{ownership_for, policy_in_force, principal_of};
use crate::master::users::User;
use crate::records::{
    apply_record_and_status, keep_values_of_deleted, RecordNotApplied, RecordWrite,
};

/// RC: the policy's decision, then the write; see the module's documentation.
pub(crate) fn integrate_rc(
    conn: &Connection,
    ctx: &IntegrationContext,
    user: &User,
    envelope: &Envelope,
    change: &RecordChange,
) -> Result<(), NotApplied> {
    let write = record_write(envelope);
    // A take of a pool lead is decided by the pool's rule, not by the grants (`pool.rs`).
    let taken = super::pool::decide_take(conn, user, change)? == super::pool::Take::Allowed;
    let owners = owners(conn, change, &user.windows_user)?;
    if let (Some(owners), false) = (&owners, taken) {
        let decided = owners
            .iter()
            .try_for_each(|owner| check_allowed(conn, user, change, owner));
        // A call refused as an action may be allowed as a call (issue 15, `call.rs`).
        if let Err(refused) = decided {
            if !super::call::allowed_as_call(conn, user, change)? {
                return Err(refused);
            }
        }
    }
    check_action_type(ctx, change)?;
    check_linked_party(conn, change)?;
    super::call::check_meeting_party(conn, user, change)?;
    super::meeting_mail::check_attendee(conn, change)?;
    super::quote::check_quote(conn, change)?;
    opportunity::check_rules(conn, &ctx.params.pipelines, change)?;
    let written = opportunity::assigned(change, ctx.params.opportunity_assignee.as_ref());
    match apply_record_and_status(conn, &write, &written, &ctx.params.action_types) {
        // Owners unknown before the write: a record it needed was missing, so the write
        // cannot have happened; if it did all the same, the decision is taken on a record
        // nobody owns (only an admin reaches it) and a refusal rolls the write back.
        Ok(_) if owners.is_none() => check_allowed_unowned(conn, user, change),
        Ok(_) => {
            super::pool::mark_pooled(conn, change)?;
            opportunity::record_stage(conn, envelope, change)?;
            super::quote::win_opportunity(conn, &ctx.params.pipelines, &write, envelope, change)?;
            super::meeting_mail::queue_invitation(conn, envelope, change, ctx.now)
        }
        Err(not_applied) => Err(not_applied_record(ctx, envelope, change, not_applied)),
    }?;
    super::quote::assign_number(conn, ctx, change)
}

/// An action created, or updated with a new type, must carry one of the admin's action
/// types (sync-spec §12); an inactive one is accepted, since the rep may have chosen it
/// offline before the admin deactivated it.
fn check_action_type(ctx: &IntegrationContext, change: &RecordChange) -> Result<(), NotApplied> {
    let RecordFields::Action(fields) = &change.fields else {
        return Ok(());
    };
    let Some(code) = fields.action_type.value() else {
        return Ok(());
    };
    if action_type(&ctx.params.action_types, code).is_some() {
        return Ok(());
    }
    Err(refuse(
        RejectReason::UnknownActionType,
        Detail::UnknownActionType {
            id: change.id.clone(),
            action_type: code.clone(),
        },
    ))
}

/// What a party's link owns stays the link's (docs/crm-lifecycle.md, « Clients and
/// prospects as parties »): a party cannot be created in the id range of linked parties
/// (nobody takes a client's party id before the ERP brings the client), a linked party is
/// not deleted by a change (it goes with its prospect, never with an ERP client), and the
/// fields copied from the client or the prospect are corrected at their source (a
/// modification request, the prospect's own card), never on the party. The rest of a
/// linked party (its notes, people, actions, todos) is written as on any party.
fn check_linked_party(conn: &Connection, change: &RecordChange) -> Result<(), NotApplied> {
    if change.entity() != RecordEntity::Party {
        return Ok(());
    }
    let id = change.id.clone();
    if change.op == RecordOp::Create {
        if crate::parties::is_derived_party_id(&id) {
            return Err(refuse(
                RejectReason::LinkedParty,
                Detail::ReservedPartyId { id },
            ));
        }
        return Ok(());
    }
    let linked: Option<bool> = conn
        .prepare_cached(
            "SELECT client_code IS NOT NULL OR prospect_id IS NOT NULL FROM party WHERE id = ?1",
        )?
        .query_row([&id], |r| r.get(0))
        .optional()?;
    if linked != Some(true) {
        return Ok(());
    }
    if change.op == RecordOp::Delete {
        return Err(refuse(
            RejectReason::LinkedParty,
            Detail::LinkedPartyDelete { id },
        ));
    }
    let payload = change.to_payload();
    let owned = payload
        .get("fields")
        .and_then(|f| f.as_object())
        .and_then(|fields| {
            fields
                .keys()
                .find(|field| crate::parties::LINKED_COLUMNS.contains(&field.as_str()))
        });
    match owned {
        Some(field) => Err(refuse(
            RejectReason::LinkedParty,
            Detail::LinkedPartyField {
                id,
                field: field.clone(),
            },
        )),
        None => Ok(()),
    }
}

/// After the savepoint of a refused change was rolled back: the values of a change to a
/// deleted record go to its history all the same (sync-spec §12), nothing else.
pub(crate) fn keep_after_refusal(
    conn: &Connection,
    envelope: &Envelope,
    rejection: &Rejection,
) -> crate::Result<()> {
    let tournee_sync::ChangeBody::RC(change) = &envelope.body else {
        return Ok(());
    };
    let Detail::RecordDeleted { id, .. } = &rejection.detail else {
        return Ok(());
    };
    if *id != change.id {
        return Ok(()); // a record it names was deleted, not the record itself
    }
    keep_values_of_deleted(conn, &record_write(envelope), change).map(drop)
}

/// Who writes, when and with which change, as `apply_record` stamps it.
fn record_write(envelope: &Envelope) -> RecordWrite {
    RecordWrite {
        change_id: envelope.change_id.clone(),
        user: envelope.user.clone(),
        written_at: envelope.created_at.with_timezone(&Utc),
    }
}

/// The policy's entity of a record entity (the codes are the same by design).
pub(crate) fn policy_entity(entity: RecordEntity) -> Entity {
    match entity {
        RecordEntity::Party => Entity::Party,
        RecordEntity::Person => Entity::Person,
        RecordEntity::Action => Entity::Action,
        RecordEntity::ActionReply => Entity::ActionReply,
        RecordEntity::Todo => Entity::Todo,
        RecordEntity::Campaign => Entity::Campaign,
        RecordEntity::Meeting => Entity::Meeting,
        RecordEntity::Opportunity => Entity::Opportunity,
        RecordEntity::Quote => Entity::Quote,
        RecordEntity::Segment => Entity::Segment,
    }
}

/// Whether `user` may write `change`'s record owned by `owner`, filed in the owner's team
/// ([`ownership_for`]).
fn check_allowed(
    conn: &Connection,
    user: &User,
    change: &RecordChange,
    owner: &str,
) -> Result<(), NotApplied> {
    let principal = principal_of(conn, user)?;
    let ownership = ownership_for(conn, owner, &principal)?;
    decide(conn, &principal, change, &ownership)
}

fn check_allowed_unowned(
    conn: &Connection,
    user: &User,
    change: &RecordChange,
) -> Result<(), NotApplied> {
    let principal = principal_of(conn, user)?;
    decide(conn, &principal, change, &Ownership::unowned())
}

fn decide(
    conn: &Connection,
    principal: &Principal,
    change: &RecordChange,
    ownership: &Ownership,
) -> Result<(), NotApplied> {
    let entity = policy_entity(change.entity());
    match policy_in_force(conn)?.allows(principal, entity, Access::Write, ownership) {
        Decision::Allowed => Ok(()),
        Decision::Refused(refusal) => Err(refuse(
            RejectReason::NotAllowed,
            Detail::RecordNotAllowed {
                entity: change.entity().code().into(),
                id: change.id.clone(),
                user: principal.user.0.clone(),
                refusal: refusal.code().into(),
            },
        )),
    }
}

/// The owners the decision covers: the record's as it stands (update, delete) and as it
/// will stand (creation, move to another parent). `None` when one cannot be told because
/// a record it depends on is not in the master (not arrived, or deleted): `apply_record`
/// then parks or refuses the change.
fn owners(
    conn: &Connection,
    change: &RecordChange,
    writer: &str,
) -> Result<Option<Vec<String>>, NotApplied> {
    let mut owners = Vec::new();
    if change.op != RecordOp::Create {
        match record_owner(conn, change.entity(), &change.id)? {
            Some(owner) => owners.push(owner),
            None => return Ok(None),
        }
    }
    if change.op == RecordOp::Delete {
        return Ok(Some(owners));
    }
    let created = change.op == RecordOp::Create;
    let new_parent = match &change.fields {
        RecordFields::Party(fields) => {
            if created {
                owners.push(match &fields.owner {
                    Patch::Set(owner) => owner.clone(),
                    Patch::Unchanged | Patch::Cleared => writer.to_string(),
                });
            }
            None
        }
        RecordFields::Person(fields) => fields.party_id.value().map(|id| (RecordEntity::Party, id)),
        RecordFields::Action(fields) => fields.party_id.value().map(|id| (RecordEntity::Party, id)),
        RecordFields::ActionReply(fields) => fields
            .action_id
            .value()
            .map(|id| (RecordEntity::Action, id)),
        RecordFields::Todo(fields) => {
            let parent = fields.party_id.value().map(|id| (RecordEntity::Party, id));
            if created && parent.is_none() {
                owners.push(writer.to_string());
            }
            parent
        }
        // A campaign is its creator's, a meeting its organiser's (its creator): the writer
        // of a creation. A meeting's party must be readable (`call::check_meeting_party`).
        RecordFields::Campaign(_) | RecordFields::Meeting(_) => {
            if created {
                owners.push(writer.to_string());
            }
            None
        }
        // An opportunity is its owner's (else its creator's), not its party's: created,
        // it is the owner it names; reassigned, the new owner must be within the writer's
        // reach too (a rep does not hand a deal to a colleague; a manager does in the team).
        // A segment is its owner's, else its creator's, like an opportunity: created, it
        // is the owner it names; handed to someone else, they must be within the writer's
        // reach too (a rep keeps their own segments, a manager hands them in the team).
        RecordFields::Segment(fields) => {
            match (&fields.owner, created) {
                (Patch::Set(owner), _) => owners.push(owner.clone()),
                (Patch::Unchanged | Patch::Cleared, true) => owners.push(writer.to_string()),
                (Patch::Unchanged | Patch::Cleared, false) => {}
            }
            None
        }
        RecordFields::Opportunity(fields) => {
            match (&fields.owner, created) {
                (Patch::Set(owner), _) => owners.push(owner.clone()),
                (Patch::Unchanged | Patch::Cleared, true) => owners.push(writer.to_string()),
                (Patch::Unchanged | Patch::Cleared, false) => {}
            }
            None
        }
        // A quote is its opportunity's owner's when it names one (as the snapshots reach
        // it), else its party's: who sees it is who may change it.
        RecordFields::Quote(fields) => fields
            .opportunity_id
            .value()
            .map(|id| (RecordEntity::Opportunity, id))
            .or_else(|| fields.party_id.value().map(|id| (RecordEntity::Party, id))),
    };
    if let Some((entity, id)) = new_parent {
        match record_owner(conn, entity, id)? {
            Some(owner) => owners.push(owner),
            None => return Ok(None),
        }
    }
    Ok(Some(owners))
}

/// The owner of a record in the master, `None` when it is not there: a party's `owner`,
/// else its creator; a person's, action's or todo's party's owner, else its creator; a
/// reply's action's owner, else its creator; a quote's opportunity's owner, else its
/// party's, else its creator; a segment's owner, else its creator.
pub(crate) fn record_owner(
    conn: &Connection,
    entity: RecordEntity,
    id: &str,
) -> crate::error::Result<Option<String>> {
    let (sql, parent) = match entity {
        RecordEntity::Party => {
            let owner = conn
                .prepare_cached("SELECT coalesce(owner, created_by) FROM party WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            return Ok(owner);
        }
        RecordEntity::Campaign | RecordEntity::Meeting => {
            let table = if entity == RecordEntity::Campaign {
                "SELECT created_by FROM campaign WHERE id = ?1"
            } else {
                "SELECT created_by FROM meeting WHERE id = ?1"
            };
            let owner = conn
                .prepare_cached(table)?
                .query_row([id], |r| r.get(0))
                .optional()?;
            return Ok(owner);
        }
        RecordEntity::Person => (
            "SELECT party_id, created_by FROM person WHERE id = ?1",
            RecordEntity::Party,
        ),
        RecordEntity::Action => (
            "SELECT party_id, created_by FROM action WHERE id = ?1",
            RecordEntity::Party,
        ),
        RecordEntity::Todo => (
            "SELECT party_id, created_by FROM todo WHERE id = ?1",
            RecordEntity::Party,
        ),
        RecordEntity::ActionReply => (
            "SELECT action_id, created_by FROM action_reply WHERE id = ?1",
            RecordEntity::Action,
        ),
        RecordEntity::Segment => {
            let owner = conn
                .prepare_cached("SELECT coalesce(owner, created_by) FROM segment WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            return Ok(owner);
        }
        RecordEntity::Opportunity => {
            let owner = conn
                .prepare_cached(
                    "SELECT coalesce(owner, created_by) FROM opportunity WHERE id = ?1",
                )?
                .query_row([id], |r| r.get(0))
                .optional()?;
            return Ok(owner);
        }
        RecordEntity::Quote => {
            // Its opportunity's owner, else its party's, else its creator.
            let row: Option<(Option<String>, Option<String>, String)> = conn
                .prepare_cached(
                    "SELECT opportunity_id, party_id, created_by FROM quote WHERE id = ?1",
                )?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let Some((opportunity, party, created_by)) = row else {
                return Ok(None);
            };
            let mut owner = None;
            if let Some(opportunity) = opportunity {
                owner = record_owner(conn, RecordEntity::Opportunity, &opportunity)?;
            }
            if owner.is_none() {
                if let Some(party) = party {
                    owner = record_owner(conn, RecordEntity::Party, &party)?;
                }
            }
            return Ok(Some(owner.unwrap_or(created_by)));
        }
    };
    let row: Option<(Option<String>, String)> = conn
        .prepare_cached(sql)?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((parent_id, created_by)) = row else {
        return Ok(None);
    };
    let parent_owner = match parent_id {
        Some(parent_id) => record_owner(conn, parent, &parent_id)?,
        None => None,
    };
    Ok(Some(parent_owner.unwrap_or(created_by)))
}

/// Why `apply_record` did not write, as the integrator answers it.
fn not_applied_record(
    ctx: &IntegrationContext,
    envelope: &Envelope,
    change: &RecordChange,
    not_applied: RecordNotApplied,
) -> NotApplied {
    match not_applied {
        RecordNotApplied::WaitingFor { entity, id } => {
            let waited = ctx.now - envelope.created_at.with_timezone(&Utc);
            let days = ctx.params.parked_max_days;
            if waited > chrono::Duration::days(i64::from(days)) {
                refuse(
                    RejectReason::UnknownParent,
                    Detail::ParentNeverArrived {
                        entity: entity.code().into(),
                        id,
                        days,
                    },
                )
            } else {
                NotApplied::WaitingFor(id)
            }
        }
        RecordNotApplied::Deleted { entity, id } => refuse(
            RejectReason::RecordDeleted,
            Detail::RecordDeleted {
                entity: entity.code().into(),
                id,
            },
        ),
        RecordNotApplied::AlreadyExists { entity, id } => refuse(
            RejectReason::AlreadyExists,
            Detail::RecordExists {
                entity: entity.code().into(),
                id,
            },
        ),
        // A bug between the wire's fields and the tables (a test walks them all): this
        // file is refused, the others go on.
        RecordNotApplied::Store(unmapped @ crate::StoreError::RecordUnmapped { .. }) => refuse(
            RejectReason::Schema,
            Detail::RecordFields {
                entity: change.entity().code().into(),
                error: unmapped.to_string(),
            },
        ),
        RecordNotApplied::Store(error) => NotApplied::Store(error),
    }
}
