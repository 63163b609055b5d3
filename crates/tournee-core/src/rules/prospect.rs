//! Creating a prospect: only the name is mandatory; whatever else is given must be valid.

use crate::error::DomainError;
use crate::profile::{FieldProfile, FieldValues};
use crate::rules::conversion::{check_formats, into_result, value};

/// All the reasons why these values cannot create a prospect (empty = they can).
pub fn check_prospect_creation(
    profile: &FieldProfile,
    values: &FieldValues,
) -> Result<(), Vec<DomainError>> {
    let mut errors = match profile.check_values(values) {
        Ok(()) => Vec::new(),
        Err(errors) => errors,
    };
    if value(values, "nom_client").is_none() {
        errors.insert(
            0,
            DomainError::Missing {
                field: "nom_client".into(),
            },
        );
    }
    check_formats(values, &mut errors);
    into_result(errors)
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

    #[test]
    fn a_name_is_enough() {
        check_prospect_creation(
            &FieldProfile::annex2(),
            &values(&[("nom_client", "EARL du Moulin")]),
        )
        .unwrap();
    }

    #[test]
    fn no_name_or_bad_values_are_refused() {
        let profile = FieldProfile::annex2();
        let errors =
            check_prospect_creation(&profile, &values(&[("ville_fac", "Lyon")])).unwrap_err();
        assert_eq!(errors[0].code(), "missing_mandatory");
        let errors = check_prospect_creation(
            &profile,
            &values(&[
                ("nom_client", "X"),
                ("tel_1", "bientôt"),
                ("couleur", "bleu"),
            ]),
        )
        .unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|e| e.code()).collect();
        assert_eq!(codes, ["unknown_field", "invalid_phone"]);
    }
}
