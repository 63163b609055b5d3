//! What can be wrong with a policy the admin wrote: each error names the role, entity,
//! access or code concerned and has a stable code, so the policy editor can point at the
//! cell and say it in French from its own catalogue.

use super::{Access, Entity, Role, Scope};

/// A policy document or grant that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Not JSON, or not the document's shape.
    #[error("the policy is not a valid document: {message}")]
    InvalidJson {
        /// The parser's explanation.
        message: String,
    },
    /// A document format this program does not know (written by a newer version).
    #[error("policy format version {version} is not supported")]
    UnsupportedVersion {
        /// The version the document declares.
        version: u32,
    },
    /// A role code that is not one of [`Role::ALL`].
    #[error("unknown role {code:?}")]
    UnknownRole {
        /// The code found.
        code: String,
    },
    /// An entity code that is not one of [`Entity::ALL`].
    #[error("unknown entity {code:?} for role {}", role.code())]
    UnknownEntity {
        /// The role it was under.
        role: Role,
        /// The code found.
        code: String,
    },
    /// Neither `read` nor `write`.
    #[error("unknown access {code:?} for role {}, entity {}", role.code(), entity.code())]
    UnknownAccess {
        /// The role it was under.
        role: Role,
        /// The entity it was under.
        entity: Entity,
        /// The code found.
        code: String,
    },
    /// A scope code that is not one of [`Scope::ALL`].
    #[error("unknown scope {code:?} for role {}, entity {}, {}", role.code(), entity.code(), access.code())]
    UnknownScope {
        /// The role it was under.
        role: Role,
        /// The entity it was under.
        entity: Entity,
        /// The access it was for.
        access: Access,
        /// The code found.
        code: String,
    },
    /// Writing reaches further than reading: one could change what one cannot see.
    #[error(
        "role {} would write {} {} but read only {}",
        role.code(), entity.code(), write.code(), read.code()
    )]
    WriteBroaderThanRead {
        /// The role concerned.
        role: Role,
        /// The entity concerned.
        entity: Entity,
        /// Its read scope.
        read: Scope,
        /// Its write scope, broader.
        write: Scope,
    },
    /// The admin reads and writes everything; a policy cannot take that away (or the
    /// company could lock itself out of its own configuration).
    #[error("the admin's {} on {} cannot be {}", access.code(), entity.code(), scope.code())]
    AdminRestricted {
        /// The entity concerned.
        entity: Entity,
        /// The access concerned.
        access: Access,
        /// The scope asked for, narrower than all.
        scope: Scope,
    },
    /// An observer never writes (brief 003: « en lecture seule »).
    #[error("an observer cannot write {} ({})", entity.code(), scope.code())]
    ObserverWrites {
        /// The entity concerned.
        entity: Entity,
        /// The write scope asked for.
        scope: Scope,
    },
}

impl PolicyError {
    /// The stable code the API and the editor use (`write_broader_than_read`).
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::InvalidJson { .. } => "invalid_json",
            PolicyError::UnsupportedVersion { .. } => "unsupported_version",
            PolicyError::UnknownRole { .. } => "unknown_role",
            PolicyError::UnknownEntity { .. } => "unknown_entity",
            PolicyError::UnknownAccess { .. } => "unknown_access",
            PolicyError::UnknownScope { .. } => "unknown_scope",
            PolicyError::WriteBroaderThanRead { .. } => "write_broader_than_read",
            PolicyError::AdminRestricted { .. } => "admin_restricted",
            PolicyError::ObserverWrites { .. } => "observer_writes",
        }
    }
}
