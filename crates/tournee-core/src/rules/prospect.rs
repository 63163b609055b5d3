//! Creating a prospect (« Création de prospect »): only the name is mandatory, so that a
//! rep can note a prospect met on the road; whatever else is given must still fit the ERP
//! columns and the format of its kind (SIRET, VAT number, phones, IBAN…).

use crate::error::{collected, DomainError};
use crate::profile::{FieldProfile, FieldValues};
use crate::rules::fields::{has_error, profile_errors, value};

/// Column of the prospect's name, the one mandatory field.
pub const NAME_FIELD: &str = "nom_client";

/// All the reasons why these values cannot create a prospect (`Ok` = they can); a missing
/// name comes first.
pub fn check_prospect_creation(
    profile: &FieldProfile,
    values: &FieldValues,
) -> Result<(), Vec<DomainError>> {
    let mut errors = profile_errors(profile, values);
    if value(values, NAME_FIELD).is_none() && !has_error(&errors, NAME_FIELD) {
        errors.insert(
            0,
            DomainError::Missing {
                field: NAME_FIELD.into(),
            },
        );
    }
    collected(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> FieldValues {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Some(v.to_string())))
            .collect()
    }

    fn codes(given: &FieldValues) -> Vec<(String, &'static str)> {
        match check_prospect_creation(&FieldProfile::annex2(), given) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| (e.field().to_string(), e.code()))
                .collect(),
        }
    }

    #[test]
    fn a_name_is_enough() {
        assert!(codes(&values(&[("nom_client", "EARL du Moulin")])).is_empty());
    }

    #[test]
    fn valid_optional_values_pass() {
        let given = values(&[
            ("nom_client", "EARL du Moulin"),
            ("tel_1", "06 12 34 56 78"),
            ("contact_divers_2", "732 829 320 00074"),
            ("ville_fac", "Bourg-en-Bresse"),
            ("date_creation_ste", "1998-04-01"),
        ]);
        assert!(codes(&given).is_empty());
    }

    #[test]
    fn a_missing_or_blank_name_is_refused_first() {
        assert_eq!(
            codes(&values(&[("ville_fac", "Lyon")])),
            [("nom_client".to_string(), "missing_mandatory")]
        );
        let mut blank = values(&[("nom_client", "   "), ("tel_1", "bientôt")]);
        assert_eq!(
            codes(&blank),
            [
                ("nom_client".to_string(), "missing_mandatory"),
                ("tel_1".to_string(), "invalid_phone")
            ]
        );
        blank.insert("nom_client".into(), None);
        assert_eq!(codes(&blank)[0].1, "missing_mandatory");
    }

    #[test]
    fn bad_values_are_all_reported() {
        let given = values(&[
            ("nom_client", "X"),
            ("tel_1", "bientôt"),
            ("contact_divers_2", "12345678901234"),
            ("couleur", "bleu"),
            ("ville_fac", &"v".repeat(36)),
        ]);
        assert_eq!(
            codes(&given),
            [
                ("contact_divers_2".to_string(), "invalid_siret"),
                ("couleur".to_string(), "unknown_field"),
                ("tel_1".to_string(), "invalid_phone"),
                ("ville_fac".to_string(), "too_long")
            ]
        );
    }

    #[test]
    fn a_too_long_name_is_reported_once() {
        let given = values(&[("nom_client", &"n".repeat(36))]);
        assert_eq!(codes(&given), [("nom_client".to_string(), "too_long")]);
    }
}
