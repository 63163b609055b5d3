//! Domain errors. Every error names the field (ERP column), the form group or the pseudo
//! field (`visit_date`, `visit_time`, `signature`, `fleet`) it concerns and carries a stable
//! code and its values. No sentence here: the reps and the accountant read these errors as
//! `tournee-sentences` (Rust) or the app's catalogues (`ui/src/lib/i18n/`) word them; the
//! `Display` is a technical line for the logs (code and field).

mod problem;
#[cfg(any(test, feature = "samples"))]
pub mod samples;

use chrono::NaiveDate;

pub use problem::{AnswerProblem, CharClass, FormProblem, IbanProblem, SiretProblem, VatProblem};

/// Language of the sentences shown to people (the catalogues word in it; the core only
/// carries it); French by default because the users are French.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Lang {
    /// French, the default: the reps and the accountant work in French.
    #[default]
    Fr,
    /// English, for contributors and logs read outside France.
    En,
}

/// A rule broken by a value; each variant names what it concerns so the UI can point at it.
/// Serialized as its code (under `rule`, since some variants carry a `code` value) and its
/// values (`{"rule": "too_long", "field": …}`), as a refused change file's detail carries it
/// (`tournee_sync::Detail`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[error("{} ({})", self.code(), self.field())]
pub enum DomainError {
    /// A mandatory value is missing or blank.
    #[serde(rename = "missing_mandatory")]
    Missing {
        /// Column name.
        field: String,
    },
    /// Longer than the ERP column allows.
    TooLong {
        /// Column name.
        field: String,
        /// Maximum characters.
        max: u32,
        /// Characters given.
        len: usize,
    },
    /// Not a field of the profile.
    UnknownField {
        /// The name given.
        field: String,
    },
    /// Not of the expected form; `expected` is a French phrase (kept for callers outside
    /// the core that describe their own formats).
    InvalidFormat {
        /// Column name.
        field: String,
        /// What was expected, in French (« un nombre entier »).
        expected: String,
    },
    /// An integer column given something else (or beyond the ERP's `int`).
    #[serde(rename = "invalid_integer")]
    NotAnInteger {
        /// Column name.
        field: String,
    },
    /// A date column given something other than an ISO date `yyyy-mm-dd`.
    #[serde(rename = "invalid_date")]
    NotADate {
        /// Column name.
        field: String,
    },
    /// A time that is not `HH:MM` between 00:00 and 23:59.
    InvalidTime {
        /// Usually `visit_time`.
        field: String,
    },
    /// IBAN failing ISO 13616.
    InvalidIban {
        /// Column name.
        field: String,
        /// Which check failed.
        reason: IbanProblem,
    },
    /// BIC failing ISO 9362.
    InvalidBic {
        /// Column name.
        field: String,
    },
    /// SIRET of the wrong length or with a wrong key (its SIREN's or its own).
    InvalidSiret {
        /// Column name.
        field: String,
        /// Which check failed.
        reason: SiretProblem,
    },
    /// SIREN (9 digits) of the wrong length or with a wrong key.
    InvalidSiren {
        /// Column name.
        field: String,
    },
    /// A VAT number that is ill-formed, has a wrong French key, or names another company
    /// than the SIRET.
    InvalidVat {
        /// Column name.
        field: String,
        /// What is wrong.
        reason: VatProblem,
    },
    /// Not a phone number.
    InvalidPhone {
        /// Column name.
        field: String,
    },
    /// Payment mode not allowed for the client's category (CH is for farmers).
    #[serde(rename = "payment_mode_not_allowed")]
    PaymentModeNotAllowed {
        /// Column name (`c_mod_rgl_1`).
        field: String,
        /// The mode.
        mode: String,
        /// The category (`c_fam_client`), empty when not given.
        category: String,
    },
    /// The due days are imposed by the payment mode (CH: 20 days from invoice).
    DueDateLocked {
        /// Column name (`nb_jour_1`).
        field: String,
        /// The imposed days.
        expected_days: u32,
    },
    /// Payment mode LD needs the client's signature.
    SignatureRequired {
        /// Always `signature`.
        field: String,
    },
    /// A visit dated after the day it was recorded.
    #[serde(rename = "future_date")]
    VisitDateInFuture {
        /// The visit date.
        visit: NaiveDate,
        /// The rep's local date when validating.
        written_on: NaiveDate,
    },
    /// A visit dated before the allowed bound.
    #[serde(rename = "date_out_of_bound")]
    VisitDateTooOld {
        /// The visit date.
        visit: NaiveDate,
        /// The oldest date allowed.
        oldest_allowed: NaiveDate,
        /// The bound in days.
        bound_days: u32,
    },
    /// Visit form answers that do not fit the tree.
    #[serde(rename = "invalid_answers")]
    InvalidAnswer {
        /// The form group concerned.
        group: String,
        /// What is wrong.
        reason: AnswerProblem,
    },
    /// A visit form tree that is not well formed (the admin's editor).
    InvalidForm {
        /// The group concerned (may be empty when its id is missing).
        group: String,
        /// What is wrong.
        reason: FormProblem,
    },
    /// A fleet type that is not among the configured ones.
    UnknownFleetType {
        /// Always `fleet`.
        field: String,
        /// The code given.
        code: String,
    },
    /// A line break or tab in a text that must stay on one line (an ERP column, a name).
    LineBreak {
        /// Column name or path (`contacts[0].name`).
        field: String,
    },
    /// An invisible control or bidirectional formatting character (NUL, U+202E…), which
    /// could truncate, hide or disguise what the text says.
    ForbiddenCharacter {
        /// Column name or path.
        field: String,
        /// The character's code point (shown as U+XXXX).
        code_point: u32,
    },
    /// Not an e-mail address (`nom@domaine.fr`).
    InvalidEmail {
        /// Column name or path.
        field: String,
    },
    /// A vehicle count too large to be anything but a typing slip.
    TooManyVehicles {
        /// Always `fleet`.
        field: String,
        /// The fleet type.
        code: String,
        /// The count given.
        count: u32,
        /// The largest count accepted.
        max: u32,
    },
}

impl DomainError {
    /// The field (ERP column), pseudo field or form group concerned, for the UI to point at.
    pub fn field(&self) -> &str {
        match self {
            Self::Missing { field }
            | Self::TooLong { field, .. }
            | Self::UnknownField { field }
            | Self::InvalidFormat { field, .. }
            | Self::NotAnInteger { field }
            | Self::NotADate { field }
            | Self::InvalidTime { field }
            | Self::InvalidIban { field, .. }
            | Self::InvalidBic { field }
            | Self::InvalidSiret { field, .. }
            | Self::InvalidSiren { field }
            | Self::InvalidVat { field, .. }
            | Self::InvalidPhone { field }
            | Self::PaymentModeNotAllowed { field, .. }
            | Self::DueDateLocked { field, .. }
            | Self::SignatureRequired { field }
            | Self::UnknownFleetType { field, .. }
            | Self::LineBreak { field }
            | Self::ForbiddenCharacter { field, .. }
            | Self::InvalidEmail { field }
            | Self::TooManyVehicles { field, .. } => field,
            Self::VisitDateInFuture { .. } | Self::VisitDateTooOld { .. } => "visit_date",
            Self::InvalidAnswer { group, .. } | Self::InvalidForm { group, .. } => group,
        }
    }

    /// Stable snake_case code: the server writes it in error reports and maps it to the
    /// sync-spec reason codes, so existing codes never change.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing { .. } => "missing_mandatory",
            Self::TooLong { .. } => "too_long",
            Self::UnknownField { .. } => "unknown_field",
            Self::InvalidFormat { .. } => "invalid_format",
            Self::NotAnInteger { .. } => "invalid_integer",
            Self::NotADate { .. } => "invalid_date",
            Self::InvalidTime { .. } => "invalid_time",
            Self::InvalidIban { .. } => "invalid_iban",
            Self::InvalidBic { .. } => "invalid_bic",
            Self::InvalidSiret { .. } => "invalid_siret",
            Self::InvalidSiren { .. } => "invalid_siren",
            Self::InvalidVat { .. } => "invalid_vat",
            Self::InvalidPhone { .. } => "invalid_phone",
            Self::PaymentModeNotAllowed { .. } => "payment_mode_not_allowed",
            Self::DueDateLocked { .. } => "due_date_locked",
            Self::SignatureRequired { .. } => "signature_required",
            Self::VisitDateInFuture { .. } => "future_date",
            Self::VisitDateTooOld { .. } => "date_out_of_bound",
            Self::InvalidAnswer { .. } => "invalid_answers",
            Self::InvalidForm { .. } => "invalid_form",
            Self::UnknownFleetType { .. } => "unknown_fleet_type",
            Self::TooManyVehicles { .. } => "too_many_vehicles",
            Self::LineBreak { .. } => "line_break",
            Self::ForbiddenCharacter { .. } => "forbidden_character",
            Self::InvalidEmail { .. } => "invalid_email",
        }
    }
}

/// `Ok` when no error was collected: the shape every rule set returns.
pub(crate) fn collected(errors: Vec<DomainError>) -> Result<(), Vec<DomainError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
