//! Calls and meetings in the policy (issue 15, docs/policy.md « Calls »): a call is an
//! action of the call type ([`tournee_core::CALL_TYPE`]) that anyone who may read the
//! party may log, and a meeting is its organiser's, planned on a party they may read.
//!
//! One policy still decides: an action is first judged as any action (the party's
//! owner's, `record.rs`); when that refuses and the action is a call, it is judged again
//! as a `call` record owned by its author (the writer for a creation, the creator for an
//! update or a deletion), **and** the party it hangs on must be readable by the writer
//! (`party`, read). So a rep given `call: own` logs calls on every party they read, edits
//! and deletes only the calls they logged, and writes nothing else on a colleague's party.

use rusqlite::{Connection, OptionalExtension};
use tournee_core::{Access, Decision, Entity, Principal, CALL_TYPE};
use tournee_sync::{Detail, RecordChange, RecordEntity, RecordFields, RecordOp, RejectReason};

use super::{refuse, NotApplied};
use crate::access::{ownership_for, policy_in_force, principal_of};
use crate::master::users::User;

/// Whether `change`, refused as an action, is allowed as a call: see the module's
/// documentation. `false` for anything that is not a call.
pub(super) fn allowed_as_call(
    conn: &Connection,
    user: &User,
    change: &RecordChange,
) -> Result<bool, NotApplied> {
    let RecordFields::Action(fields) = &change.fields else {
        return Ok(false);
    };
    let stored = stored_action(conn, &change.id)?;
    let new_type_is_call = fields.action_type.value().map(|t| t == CALL_TYPE);
    let is_call = match (&stored, change.op) {
        (None, RecordOp::Create) => new_type_is_call == Some(true),
        (Some(row), RecordOp::Update) => row.is_call && new_type_is_call != Some(false),
        (Some(row), RecordOp::Delete) => row.is_call,
        _ => false,
    };
    if !is_call {
        return Ok(false);
    }
    let author = stored
        .as_ref()
        .map_or(user.windows_user.as_str(), |row| row.created_by.as_str());
    let principal = principal_of(conn, user)?;
    let policy = policy_in_force(conn)?;
    let ownership = ownership_for(conn, author, &principal)?;
    if policy.allows(&principal, Entity::Call, Access::Write, &ownership) != Decision::Allowed {
        return Ok(false);
    }
    let mut parties: Vec<&str> = stored.iter().map(|row| row.party_id.as_str()).collect();
    parties.extend(fields.party_id.value().map(String::as_str));
    for party in parties {
        if !party_readable(conn, &principal, party)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A meeting is planned on a party its writer may read: a creation, or an update moving
/// it to another party, on a party they cannot read is `not_allowed` (the meeting's own
/// write decision, as its organiser's, is `record.rs`'s).
pub(super) fn check_meeting_party(
    conn: &Connection,
    user: &User,
    change: &RecordChange,
) -> Result<(), NotApplied> {
    let RecordFields::Meeting(fields) = &change.fields else {
        return Ok(());
    };
    let Some(party) = fields.party_id.value() else {
        return Ok(());
    };
    let principal = principal_of(conn, user)?;
    if party_readable(conn, &principal, party)? {
        return Ok(());
    }
    Err(refuse(
        RejectReason::NotAllowed,
        Detail::RecordNotAllowed {
            entity: RecordEntity::Party.code().into(),
            id: party.clone(),
            user: principal.user.0.clone(),
            refusal: tournee_core::Refusal::NoAccess.code().into(),
        },
    ))
}

/// Whether `principal` may read party `id`; a party not in the master is left to the
/// write (it parks or refuses the change), so it reads as allowed here.
fn party_readable(conn: &Connection, principal: &Principal, id: &str) -> Result<bool, NotApplied> {
    let owner: Option<String> = conn
        .prepare_cached("SELECT coalesce(owner, created_by) FROM party WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(owner) = owner else {
        return Ok(true);
    };
    let ownership = ownership_for(conn, &owner, principal)?;
    Ok(
        policy_in_force(conn)?.allows(principal, Entity::Party, Access::Read, &ownership)
            == Decision::Allowed,
    )
}

/// The stored action a change names, as far as the call rule needs it.
struct StoredAction {
    party_id: String,
    created_by: String,
    is_call: bool,
}

fn stored_action(conn: &Connection, id: &str) -> Result<Option<StoredAction>, NotApplied> {
    Ok(conn
        .prepare_cached("SELECT party_id, created_by, action_type FROM action WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(StoredAction {
                party_id: r.get(0)?,
                created_by: r.get(1)?,
                is_call: r.get::<_, String>(2)? == CALL_TYPE,
            })
        })
        .optional()?)
}
