//! Turning a prospect into a client: every mandatory field of the profile, the payment
//! mode rules (CH for farmers only, at 20 days; LD with IBAN, BIC and a signature), and
//! the format checks (SIRET, phones).

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::profile::{FieldProfile, FieldValues};
use crate::rules::{bic::check_bic, iban::check_iban, phone::check_phone, siret::check_siret};

/// The parameters of the payment rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversionPolicy {
    /// `c_fam_client` values that are farmers (payment mode CH allowed).
    pub farmer_categories: Vec<String>,
    /// Due days imposed with CH.
    pub ch_due_days: u32,
}

impl Default for ConversionPolicy {
    fn default() -> Self {
        Self {
            farmer_categories: vec!["AGRI".into()],
            ch_due_days: 20,
        }
    }
}

/// The trimmed, non-empty value of a field.
pub(crate) fn value<'a>(values: &'a FieldValues, name: &str) -> Option<&'a str> {
    values
        .get(name)
        .and_then(|v| v.as_deref())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// `Ok` when no error was collected: the shape every rule set returns.
pub(crate) fn into_result(errors: Vec<DomainError>) -> Result<(), Vec<DomainError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Format checks shared by creation and conversion: SIRET and phones, when set.
pub(crate) fn check_formats(values: &FieldValues, errors: &mut Vec<DomainError>) {
    if let Some(siret) = value(values, "contact_divers_2") {
        if let Err(error) = check_siret("contact_divers_2", siret) {
            errors.push(error);
        }
    }
    for phone_field in ["tel_1", "tel_2", "fax"] {
        if let Some(phone) = value(values, phone_field) {
            if let Err(error) = check_phone(phone_field, phone) {
                errors.push(error);
            }
        }
    }
}

/// All the reasons why these values cannot become a client (empty = they can).
pub fn check_conversion(
    profile: &FieldProfile,
    values: &FieldValues,
    policy: &ConversionPolicy,
    has_signature: bool,
) -> Result<(), Vec<DomainError>> {
    let mut errors = match profile.check_values(values) {
        Ok(()) => Vec::new(),
        Err(errors) => errors,
    };
    let payment_mode = value(values, "c_mod_rgl_1");
    for def in profile.mandatory_for_conversion(payment_mode) {
        if value(values, &def.name).is_none() {
            errors.push(DomainError::Missing {
                field: def.name.clone(),
            });
        }
    }
    check_formats(values, &mut errors);
    match payment_mode {
        Some("LD") => {
            if let Some(iban) = value(values, "iban") {
                if let Err(error) = check_iban("iban", iban) {
                    errors.push(error);
                }
            }
            if let Some(bic) = value(values, "bic") {
                if let Err(error) = check_bic("bic", bic) {
                    errors.push(error);
                }
            }
            if !has_signature {
                errors.push(DomainError::SignatureRequired {
                    field: "signature".into(),
                });
            }
        }
        Some("CH") => {
            let category = value(values, "c_fam_client").unwrap_or_default();
            if !policy.farmer_categories.iter().any(|c| c == category) {
                errors.push(DomainError::PaymentModeNotAllowed {
                    field: "c_mod_rgl_1".into(),
                    mode: "CH".into(),
                    category: category.into(),
                });
            } else if value(values, "nb_jour_1").and_then(|d| d.parse::<u32>().ok())
                != Some(policy.ch_due_days)
            {
                errors.push(DomainError::DueDateLocked {
                    field: "nb_jour_1".into(),
                    expected_days: policy.ch_due_days,
                });
            }
        }
        _ => {}
    }
    into_result(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> FieldValues {
        [
            ("c_fam_client", "TRAN"),
            ("c_sfam_client", "PL"),
            ("nom_client", "Transports Morel"),
            ("adr1_fac", "12 rue des Acacias"),
            ("dep_fac", "69"),
            ("bur_dis_fac", "003"),
            ("ville_fac", "Lyon"),
            ("c_agence", "LYON"),
            ("c_rep", "JD01"),
            ("c_pays", "FR"),
            ("tel_1", "04 78 12 34 56"),
            ("contact_divers_2", "73282932000074"),
            ("c_per", "M"),
            ("c_catc", "TRANS"),
            ("c_mod_rgl_1", "VI"),
            ("nb_jour_1", "30"),
            ("type_edition_fac", "P"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect()
    }

    fn codes(values: &FieldValues, signature: bool) -> Vec<(String, &'static str)> {
        match check_conversion(
            &FieldProfile::annex2(),
            values,
            &ConversionPolicy::default(),
            signature,
        ) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| (e.field().to_string(), e.code()))
                .collect(),
        }
    }

    #[test]
    fn a_complete_request_passes() {
        assert!(codes(&complete(), false).is_empty());
    }

    #[test]
    fn every_missing_mandatory_field_is_reported() {
        let mut values = complete();
        values.remove("ville_fac");
        values.insert("c_catc".into(), Some("  ".into()));
        assert_eq!(
            codes(&values, false),
            [
                ("ville_fac".to_string(), "missing_mandatory"),
                ("c_catc".to_string(), "missing_mandatory")
            ]
        );
    }

    #[test]
    fn ld_needs_valid_bank_details_and_a_signature() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("LD".into()));
        let missing = codes(&values, false);
        assert!(missing.contains(&("iban".into(), "missing_mandatory")));
        assert!(missing.contains(&("bic".into(), "missing_mandatory")));
        assert!(missing.contains(&("signature".into(), "signature_required")));
        values.insert("iban".into(), Some("FR7630006000011234567890188".into()));
        values.insert("bic".into(), Some("BNPAFRPPXXX".into()));
        assert_eq!(codes(&values, true), [("iban".to_string(), "invalid_iban")]);
        values.insert(
            "iban".into(),
            Some("FR76 3000 6000 0112 3456 7890 189".into()),
        );
        assert!(codes(&values, true).is_empty());
    }

    #[test]
    fn ch_is_for_farmers_only_and_locked_to_twenty_days() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("CH".into()));
        assert_eq!(
            codes(&values, false),
            [("c_mod_rgl_1".to_string(), "payment_mode_not_allowed")]
        );
        values.insert("c_fam_client".into(), Some("AGRI".into()));
        assert_eq!(
            codes(&values, false),
            [("nb_jour_1".to_string(), "due_date_locked")]
        );
        values.insert("nb_jour_1".into(), Some("20".into()));
        assert!(codes(&values, false).is_empty());
    }

    #[test]
    fn siret_and_phones_are_checked() {
        let mut values = complete();
        values.insert("contact_divers_2".into(), Some("73282932000075".into()));
        values.insert("tel_2".into(), Some("pas de portable".into()));
        assert_eq!(
            codes(&values, false),
            [
                ("contact_divers_2".to_string(), "invalid_siret"),
                ("tel_2".to_string(), "invalid_phone")
            ]
        );
    }
}
