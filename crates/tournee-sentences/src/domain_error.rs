//! The sentences people read: one French and one English wording per error.

use chrono::NaiveDate;
use tournee_core::{DomainError, Lang};

use crate::{field_label, Describe, Message};

/// A date as people write it in each language.
fn date(day: &NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => day.format("%d/%m/%Y").to_string(),
        Lang::En => day.to_string(),
    }
}

impl Message for DomainError {
    /// A sentence for people, naming the field by its label where known.
    fn message(&self, lang: Lang) -> String {
        let label = field_label(self.field(), lang);
        match lang {
            Lang::Fr => self.french(&label),
            Lang::En => self.english(&label),
        }
    }
}

/// The two wordings of a domain error, one exhaustive `match` each: a new variant does not
/// build until it is worded in both languages.
trait Wording {
    fn french(&self, label: &str) -> String;
    fn english(&self, label: &str) -> String;
}

impl Wording for DomainError {
    fn french(&self, label: &str) -> String {
        let lang = Lang::Fr;
        match self {
            Self::Missing { .. } => format!("Le champ « {label} » est obligatoire."),
            Self::TooLong { max, len, .. } => {
                format!("Le champ « {label} » dépasse {max} caractères ({len} saisis).")
            }
            Self::UnknownField { field } => format!("Le champ « {field} » n'existe pas."),
            Self::InvalidFormat { expected, .. } => {
                format!("Le champ « {label} » n'est pas valide : {expected} attendu.")
            }
            Self::NotAnInteger { .. } => {
                format!("Le champ « {label} » doit être un nombre entier.")
            }
            Self::NotADate { .. } => {
                format!("Le champ « {label} » doit être une date valide (AAAA-MM-JJ).")
            }
            Self::InvalidTime { .. } => {
                format!("Le champ « {label} » doit être une heure HH:MM, de 00:00 à 23:59.")
            }
            Self::InvalidIban { reason, .. } => format!(
                "Le champ « {label} » n'est pas valide : {}.",
                reason.describe(lang)
            ),
            Self::InvalidBic { .. } => format!(
                "Le champ « {label} » n'est pas un BIC valide (8 ou 11 caractères : banque, pays, localité, agence)."
            ),
            Self::InvalidSiret { reason, .. } => format!(
                "Le champ « {label} » n'est pas un SIRET valide : {}.",
                reason.describe(lang)
            ),
            Self::InvalidSiren { .. } => format!(
                "Le champ « {label} » n'est pas un SIREN valide (9 chiffres dont une clé de contrôle)."
            ),
            Self::InvalidVat { reason, .. } => format!(
                "Le champ « {label} » n'est pas un numéro de TVA valide : {}.",
                reason.describe(lang)
            ),
            Self::InvalidPhone { .. } => {
                format!("Le champ « {label} » n'est pas un numéro de téléphone.")
            }
            Self::PaymentModeNotAllowed { mode, category, .. } if category.is_empty() => format!(
                "Le mode de règlement {mode} est réservé aux agriculteurs : renseignez la catégorie client."
            ),
            Self::PaymentModeNotAllowed { mode, category, .. } => format!(
                "Le mode de règlement {mode} n'est pas possible pour la catégorie client « {category} » (réservé aux agriculteurs)."
            ),
            Self::DueDateLocked { expected_days, .. } => format!(
                "Avec le mode de règlement CH, « {label} » est fixé à {expected_days} jours date de facture."
            ),
            Self::SignatureRequired { .. } => {
                "Le mode de règlement LD exige la signature du client.".to_string()
            }
            Self::VisitDateInFuture { visit, written_on } => format!(
                "La date de visite ({}) ne peut pas être dans le futur (saisie le {}).",
                date(visit, lang),
                date(written_on, lang)
            ),
            Self::VisitDateTooOld {
                visit,
                oldest_allowed,
                bound_days,
            } => format!(
                "La date de visite ({}) est trop ancienne : au plus {bound_days} jours en arrière (le {} au plus tôt).",
                date(visit, lang),
                date(oldest_allowed, lang)
            ),
            Self::InvalidAnswer { reason, .. } => format!(
                "Formulaire de visite, question « {label} » : {}.",
                reason.describe(lang)
            ),
            Self::InvalidForm { reason, .. } => format!(
                "Formulaire de visite mal construit (« {label} ») : {}.",
                reason.describe(lang)
            ),
            Self::UnknownFleetType { code, .. } => {
                format!("Le type de parc « {code} » n'existe pas.")
            }
            Self::TooManyVehicles {
                code, count, max, ..
            } => format!(
                "Type de parc {code} : {count} véhicules, c'est plus que le maximum de {max}."
            ),
            Self::LineBreak { .. } => format!(
                "Le champ « {label} » doit tenir sur une ligne : retour à la ligne ou tabulation interdits."
            ),
            Self::ForbiddenCharacter { code_point, .. } => format!(
                "Le champ « {label} » contient un caractère invisible interdit (U+{code_point:04X}) : retirez-le."
            ),
            Self::InvalidEmail { .. } => format!(
                "Le champ « {label} » n'est pas une adresse e-mail (nom@domaine.fr)."
            ),
        }
    }

    fn english(&self, label: &str) -> String {
        let lang = Lang::En;
        match self {
            Self::Missing { .. } => format!("The field “{label}” is mandatory."),
            Self::TooLong { max, len, .. } => {
                format!("The field “{label}” exceeds {max} characters ({len} typed).")
            }
            Self::UnknownField { field } => format!("There is no field “{field}”."),
            Self::InvalidFormat { expected, .. } => {
                format!("The field “{label}” is not valid: expected {expected}.")
            }
            Self::NotAnInteger { .. } => format!("The field “{label}” must be a whole number."),
            Self::NotADate { .. } => {
                format!("The field “{label}” must be a valid date (YYYY-MM-DD).")
            }
            Self::InvalidTime { .. } => {
                format!("The field “{label}” must be a time HH:MM, from 00:00 to 23:59.")
            }
            Self::InvalidIban { reason, .. } => format!(
                "The field “{label}” is not a valid IBAN: {}.",
                reason.describe(lang)
            ),
            Self::InvalidBic { .. } => format!(
                "The field “{label}” is not a valid BIC (8 or 11 characters: bank, country, location, branch)."
            ),
            Self::InvalidSiret { reason, .. } => format!(
                "The field “{label}” is not a valid SIRET: {}.",
                reason.describe(lang)
            ),
            Self::InvalidSiren { .. } => format!(
                "The field “{label}” is not a valid SIREN (9 digits including a check digit)."
            ),
            Self::InvalidVat { reason, .. } => format!(
                "The field “{label}” is not a valid VAT number: {}.",
                reason.describe(lang)
            ),
            Self::InvalidPhone { .. } => format!("The field “{label}” is not a phone number."),
            Self::PaymentModeNotAllowed { mode, category, .. } if category.is_empty() => format!(
                "Payment mode {mode} is for farmers only: fill in the client category."
            ),
            Self::PaymentModeNotAllowed { mode, category, .. } => format!(
                "Payment mode {mode} is not allowed for client category “{category}” (farmers only)."
            ),
            Self::DueDateLocked { expected_days, .. } => format!(
                "With payment mode CH, “{label}” is locked to {expected_days} days from invoice."
            ),
            Self::SignatureRequired { .. } => {
                "Payment mode LD requires the client's signature.".to_string()
            }
            Self::VisitDateInFuture { visit, written_on } => format!(
                "The visit date ({}) cannot be in the future (recorded on {}).",
                date(visit, lang),
                date(written_on, lang)
            ),
            Self::VisitDateTooOld {
                visit,
                oldest_allowed,
                bound_days,
            } => format!(
                "The visit date ({}) is too old: at most {bound_days} days back ({} at the earliest).",
                date(visit, lang),
                date(oldest_allowed, lang)
            ),
            Self::InvalidAnswer { reason, .. } => format!(
                "Visit form, question “{label}”: {}.",
                reason.describe(lang)
            ),
            Self::InvalidForm { reason, .. } => format!(
                "Ill-formed visit form (“{label}”): {}.",
                reason.describe(lang)
            ),
            Self::UnknownFleetType { code, .. } => format!("There is no fleet type “{code}”."),
            Self::TooManyVehicles {
                code, count, max, ..
            } => format!("Fleet type {code}: {count} vehicles is more than the maximum of {max}."),
            Self::LineBreak { .. } => format!(
                "The field “{label}” must fit on one line: no line break or tab."
            ),
            Self::ForbiddenCharacter { code_point, .. } => format!(
                "The field “{label}” holds a forbidden invisible character (U+{code_point:04X}): remove it."
            ),
            Self::InvalidEmail { .. } => {
                format!("The field “{label}” is not an e-mail address (name@domain.com).")
            }
        }
    }
}
