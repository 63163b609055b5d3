//! Why a record change's payload was refused, with the field concerned.

use tournee_core::DomainError;

use super::RecordEntity;
use crate::detail::Detail;
use crate::reject::{RejectReason, Rejection};

/// A record change that cannot be integrated as it stands. Each variant names the field
/// or part concerned; [`RecordError::reason`] gives the spec's reason code.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RecordError {
    /// The payload is not `{"entity", "op", "id", "fields"?}` with known operation.
    #[error("record change: {message}")]
    Envelope {
        /// What serde found wrong.
        message: String,
    },
    /// `entity` is not one of the record entities.
    #[error("unknown record entity {0:?}")]
    UnknownEntity(String),
    /// `id` is not an upper-case ULID.
    #[error("record id {0:?} is not a ULID")]
    BadId(String),
    /// A create or an update without `fields`.
    #[error("{} record change without fields", .entity.code())]
    NoFields {
        /// The entity.
        entity: RecordEntity,
    },
    /// A delete that carries fields.
    #[error("{} deletion with fields", .entity.code())]
    FieldsOnDelete {
        /// The entity.
        entity: RecordEntity,
    },
    /// The fields do not match the entity's (unknown field, wrong type).
    #[error("{} fields: {message}", .entity.code())]
    Shape {
        /// The entity.
        entity: RecordEntity,
        /// What serde found wrong (it names the field).
        message: String,
    },
    /// A create without one of the entity's mandatory fields.
    #[error("{} creation without {field}", .entity.code())]
    Missing {
        /// The entity.
        entity: RecordEntity,
        /// The mandatory field.
        field: &'static str,
    },
    /// An update that empties a mandatory field.
    #[error("{} update clears the mandatory {field}", .entity.code())]
    Cleared {
        /// The entity.
        entity: RecordEntity,
        /// The mandatory field.
        field: &'static str,
    },
    /// An update that changes nothing.
    #[error("{} update without any field", .entity.code())]
    EmptyUpdate {
        /// The entity.
        entity: RecordEntity,
    },
    /// A value that breaks its rule (the domain error names the field).
    #[error("{field} field: {error}", field = .0.field(), error = .0)]
    Invalid(DomainError),
}

impl RecordError {
    /// The spec's reason code for this refusal.
    pub fn reason(&self) -> RejectReason {
        match self {
            Self::Missing { .. } | Self::Cleared { .. } => RejectReason::MissingMandatory,
            Self::Invalid(_) => RejectReason::InvalidField,
            Self::Envelope { .. }
            | Self::UnknownEntity(_)
            | Self::BadId(_)
            | Self::NoFields { .. }
            | Self::FieldsOnDelete { .. }
            | Self::Shape { .. }
            | Self::EmptyUpdate { .. } => RejectReason::Schema,
        }
    }

    /// The refusal of an `RC` file whose payload this is: the reason code and a typed
    /// detail that each side words (a missing or invalid value as the domain's rule, so
    /// it reads like the same problem in a v1 file).
    pub fn rejection(&self) -> Rejection {
        let entity = |entity: &RecordEntity| entity.code().to_string();
        let detail = match self {
            Self::Envelope { message } => Detail::Payload {
                type_code: "RC".into(),
                error: message.clone(),
            },
            Self::UnknownEntity(code) => Detail::UnknownEntity {
                entity: code.clone(),
            },
            Self::BadId(value) => Detail::NotUlid {
                field: "id".into(),
                value: value.clone(),
            },
            Self::NoFields { entity: e } => Detail::RecordWithoutFields { entity: entity(e) },
            Self::FieldsOnDelete { entity: e } => {
                Detail::RecordDeleteWithFields { entity: entity(e) }
            }
            Self::Shape { entity: e, message } => Detail::RecordFields {
                entity: entity(e),
                error: message.clone(),
            },
            Self::Missing { field, .. } | Self::Cleared { field, .. } => {
                Detail::from(DomainError::Missing {
                    field: (*field).to_string(),
                })
            }
            Self::EmptyUpdate { entity: e } => Detail::RecordEmptyUpdate { entity: entity(e) },
            Self::Invalid(problem) => Detail::from(problem.clone()),
        };
        Rejection::new(self.reason(), detail)
    }

    /// The field concerned, when one is.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Missing { field, .. } | Self::Cleared { field, .. } => Some(field),
            Self::Invalid(error) => Some(error.field()),
            Self::BadId(_) => Some("id"),
            _ => None,
        }
    }
}
