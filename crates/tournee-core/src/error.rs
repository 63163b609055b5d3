//! Domain errors: each names the field concerned and reads well in French (or English).

use chrono::NaiveDate;

/// Language of messages shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// French, the default: the reps and the accountant work in French.
    #[default]
    Fr,
    /// English.
    En,
}

/// A rule broken by a value; `field` is the ERP column (or form group) concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Fr))]
pub enum DomainError {
    /// A mandatory value is missing.
    Missing {
        /// Column name.
        field: String,
    },
    /// Longer than the ERP column.
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
    /// Not of the expected form (integer, date, code…).
    InvalidFormat {
        /// Column name.
        field: String,
        /// What was expected, in French.
        expected: String,
    },
    /// IBAN failing ISO 13616.
    InvalidIban {
        /// Column name.
        field: String,
        /// Which check failed, in French.
        reason: String,
    },
    /// BIC failing ISO 9362.
    InvalidBic {
        /// Column name.
        field: String,
    },
    /// SIRET failing its check.
    InvalidSiret {
        /// Column name.
        field: String,
    },
    /// Not a phone number.
    InvalidPhone {
        /// Column name.
        field: String,
    },
    /// Payment mode not allowed for the client's category.
    PaymentModeNotAllowed {
        /// Column name.
        field: String,
        /// The mode.
        mode: String,
        /// The category.
        category: String,
    },
    /// The due days are imposed by the payment mode.
    DueDateLocked {
        /// Column name.
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
    VisitDateInFuture {
        /// The visit date.
        visit: NaiveDate,
        /// The day the rep recorded it.
        written_on: NaiveDate,
    },
    /// A visit dated before the allowed bound.
    VisitDateTooOld {
        /// The visit date.
        visit: NaiveDate,
        /// The oldest date allowed.
        oldest_allowed: NaiveDate,
        /// The bound in days.
        bound_days: u32,
    },
    /// Visit form answers that do not fit the tree.
    InvalidAnswer {
        /// The form group.
        group: String,
        /// What is wrong, in French.
        reason: String,
    },
    /// A visit form tree that is not well formed (admin editor).
    InvalidForm {
        /// The group or option concerned.
        group: String,
        /// What is wrong, in French.
        reason: String,
    },
}

impl DomainError {
    /// The field (ERP column), `visit_date`, `signature`, or the form group concerned.
    pub fn field(&self) -> &str {
        match self {
            Self::Missing { field }
            | Self::TooLong { field, .. }
            | Self::UnknownField { field }
            | Self::InvalidFormat { field, .. }
            | Self::InvalidIban { field, .. }
            | Self::InvalidBic { field }
            | Self::InvalidSiret { field }
            | Self::InvalidPhone { field }
            | Self::PaymentModeNotAllowed { field, .. }
            | Self::DueDateLocked { field, .. }
            | Self::SignatureRequired { field } => field,
            Self::VisitDateInFuture { .. } | Self::VisitDateTooOld { .. } => "visit_date",
            Self::InvalidAnswer { group, .. } | Self::InvalidForm { group, .. } => group,
        }
    }

    /// Stable code (the server writes it in error reports; sync-spec reason codes derive from it).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing { .. } => "missing_mandatory",
            Self::TooLong { .. } => "too_long",
            Self::UnknownField { .. } => "unknown_field",
            Self::InvalidFormat { .. } => "invalid_format",
            Self::InvalidIban { .. } => "invalid_iban",
            Self::InvalidBic { .. } => "invalid_bic",
            Self::InvalidSiret { .. } => "invalid_siret",
            Self::InvalidPhone { .. } => "invalid_phone",
            Self::PaymentModeNotAllowed { .. } => "payment_mode_not_allowed",
            Self::DueDateLocked { .. } => "due_date_locked",
            Self::SignatureRequired { .. } => "signature_required",
            Self::VisitDateInFuture { .. } => "future_date",
            Self::VisitDateTooOld { .. } => "date_out_of_bound",
            Self::InvalidAnswer { .. } => "invalid_answers",
            Self::InvalidForm { .. } => "invalid_form",
        }
    }

    /// A sentence for people, naming the field by its label when the annex-2 profile knows it.
    pub fn message(&self, lang: Lang) -> String {
        let label = crate::profile::default_label(self.field(), lang);
        let fr = lang == Lang::Fr;
        let date = |d: &NaiveDate| {
            if fr {
                d.format("%d/%m/%Y").to_string()
            } else {
                d.to_string()
            }
        };
        match self {
            Self::Missing { .. } if fr => format!("Le champ « {label} » est obligatoire."),
            Self::Missing { .. } => format!("The field “{label}” is mandatory."),
            Self::TooLong { max, len, .. } if fr => {
                format!("Le champ « {label} » dépasse {max} caractères ({len} saisis).")
            }
            Self::TooLong { max, len, .. } => {
                format!("The field “{label}” exceeds {max} characters ({len} typed).")
            }
            Self::UnknownField { field } if fr => format!("Le champ « {field} » n'existe pas."),
            Self::UnknownField { field } => format!("There is no field “{field}”."),
            Self::InvalidFormat { expected, .. } if fr => {
                format!("Le champ « {label} » n'est pas valide : {expected} attendu.")
            }
            Self::InvalidFormat { expected, .. } => {
                format!("The field “{label}” is not valid: {expected} expected.")
            }
            Self::InvalidIban { reason, .. } if fr => {
                format!("Le champ « {label} » n'est pas valide : {reason}.")
            }
            Self::InvalidIban { reason, .. } => {
                format!("The field “{label}” is not a valid IBAN ({reason}).")
            }
            Self::InvalidBic { .. } if fr => format!(
                "Le champ « {label} » n'est pas un BIC valide (8 ou 11 caractères : banque, pays, localité, agence)."
            ),
            Self::InvalidBic { .. } => format!("The field “{label}” is not a valid BIC."),
            Self::InvalidSiret { .. } if fr => format!(
                "Le champ « {label} » n'est pas un SIRET valide (14 chiffres et clé de contrôle)."
            ),
            Self::InvalidSiret { .. } => format!("The field “{label}” is not a valid SIRET."),
            Self::InvalidPhone { .. } if fr => {
                format!("Le champ « {label} » n'est pas un numéro de téléphone.")
            }
            Self::InvalidPhone { .. } => format!("The field “{label}” is not a phone number."),
            Self::PaymentModeNotAllowed { mode, category, .. } if fr => format!(
                "Le mode de règlement {mode} n'est pas possible pour la catégorie client « {category} » (réservé aux agriculteurs)."
            ),
            Self::PaymentModeNotAllowed { mode, category, .. } => format!(
                "Payment mode {mode} is not allowed for client category “{category}” (farmers only)."
            ),
            Self::DueDateLocked { expected_days, .. } if fr => format!(
                "Avec le mode de règlement CH, « {label} » est fixé à {expected_days} jours date de facture."
            ),
            Self::DueDateLocked { expected_days, .. } => format!(
                "With payment mode CH, “{label}” is locked to {expected_days} days from invoice."
            ),
            Self::SignatureRequired { .. } if fr => {
                "Le mode de règlement LD exige la signature du client.".to_string()
            }
            Self::SignatureRequired { .. } => {
                "Payment mode LD requires the client's signature.".to_string()
            }
            Self::VisitDateInFuture { visit, written_on } if fr => format!(
                "La date de visite ({}) ne peut pas être dans le futur (saisie le {}).",
                date(visit),
                date(written_on)
            ),
            Self::VisitDateInFuture { visit, written_on } => format!(
                "The visit date ({}) cannot be in the future (recorded on {}).",
                date(visit),
                date(written_on)
            ),
            Self::VisitDateTooOld {
                visit,
                oldest_allowed,
                bound_days,
            } if fr => format!(
                "La date de visite ({}) est trop ancienne : au plus {bound_days} jours en arrière (le {} au plus tôt).",
                date(visit),
                date(oldest_allowed)
            ),
            Self::VisitDateTooOld {
                visit,
                oldest_allowed,
                bound_days,
            } => format!(
                "The visit date ({}) is too old: at most {bound_days} days back ({} at the earliest).",
                date(visit),
                date(oldest_allowed)
            ),
            Self::InvalidAnswer { group, reason } if fr => {
                format!("Formulaire de visite, question « {group} » : {reason}.")
            }
            Self::InvalidAnswer { group, reason } => {
                format!("Visit form, question “{group}”: {reason}.")
            }
            Self::InvalidForm { group, reason } if fr => {
                format!("Formulaire de visite mal construit (« {group} ») : {reason}.")
            }
            Self::InvalidForm { group, reason } => {
                format!("Ill-formed visit form (“{group}”): {reason}.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_by_its_label_in_both_languages() {
        let error = DomainError::Missing {
            field: "nom_client".into(),
        };
        assert_eq!(error.field(), "nom_client");
        assert_eq!(error.code(), "missing_mandatory");
        assert_eq!(error.message(Lang::Fr), "Le champ « nom » est obligatoire.");
        assert_eq!(error.message(Lang::En), "The field “name” is mandatory.");
        assert_eq!(error.to_string(), error.message(Lang::Fr));
    }

    #[test]
    fn visit_date_errors_concern_the_visit_date() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let error = DomainError::VisitDateInFuture {
            visit: day,
            written_on: day.pred_opt().unwrap(),
        };
        assert_eq!(error.field(), "visit_date");
        assert_eq!(error.code(), "future_date");
        assert!(error.message(Lang::Fr).contains("24/11/2026"));
    }
}
