//! The rules no policy can change, and the check every grant passes before it enters a
//! [`super::Policy`]:
//!
//! * the admin reads and writes everything (so that nobody can lock the company out of
//!   its users, teams and policy);
//! * an observer never writes (brief 003's « lecture seule », whatever the data says);
//! * writing never reaches further than reading (one cannot change what one cannot see,
//!   and the laptop could not even show the record it would write).

use super::{Access, Entity, Grant, PolicyError, Role, Scope};

/// The scope `role` always has for `access`, whatever the policy says; `None` when the
/// policy decides.
pub fn fixed_scope(role: Role, access: Access) -> Option<Scope> {
    match (role, access) {
        (Role::Admin, _) => Some(Scope::All),
        (Role::Observer, Access::Write) => Some(Scope::None),
        _ => None,
    }
}

/// Whether `grant` may be `role`'s on `entity`; the first rule it breaks otherwise.
pub(super) fn check(role: Role, entity: Entity, grant: Grant) -> Result<(), PolicyError> {
    for access in Access::ALL {
        let scope = grant.get(access);
        match (role, fixed_scope(role, access)) {
            (_, None) => {}
            (_, Some(fixed)) if fixed == scope => {}
            (Role::Admin, Some(_)) => {
                return Err(PolicyError::AdminRestricted {
                    entity,
                    access,
                    scope,
                })
            }
            (_, Some(_)) => return Err(PolicyError::ObserverWrites { entity, scope }),
        }
    }
    if grant.write > grant.read {
        return Err(PolicyError::WriteBroaderThanRead {
            role,
            entity,
            read: grant.read,
            write: grant.write,
        });
    }
    Ok(())
}
