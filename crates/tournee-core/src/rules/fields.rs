//! What prospect creation and conversion share: reading a set value, one error per field,
//! and the profile's checks (length and the format of each field's kind: SIRET, VAT number,
//! phones, IBAN, BIC, integers, dates).

use crate::error::DomainError;
use crate::profile::{FieldKind, FieldProfile, FieldValues};

/// The trimmed value of a field, `None` when absent, cleared or blank.
pub(crate) fn value<'a>(values: &'a FieldValues, name: &str) -> Option<&'a str> {
    values
        .get(name)
        .and_then(|v| v.as_deref())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Whether an error was already reported on this field (one error per field is enough).
pub(crate) fn has_error(errors: &[DomainError], field: &str) -> bool {
    errors.iter().any(|e| e.field() == field)
}

/// The profile's own checks (known field, length, format of the field's kind), errors
/// listed in column-name order.
pub(crate) fn profile_errors(profile: &FieldProfile, values: &FieldValues) -> Vec<DomainError> {
    profile.check_values(values).err().unwrap_or_default()
}

/// Pushes the result of `check` on a set field that has no error yet.
pub(crate) fn check_set<T>(
    values: &FieldValues,
    field: &str,
    errors: &mut Vec<DomainError>,
    check: impl Fn(&str, &str) -> Result<T, DomainError>,
) {
    if has_error(errors, field) {
        return;
    }
    if let Some(text) = value(values, field) {
        if let Err(error) = check(field, text) {
            errors.push(error);
        }
    }
}

/// The first field of this kind in the profile, if any (`contact_divers_2` for the SIRET
/// in annex 2).
pub(crate) fn field_of_kind(profile: &FieldProfile, kind: FieldKind) -> Option<&str> {
    profile
        .fields
        .iter()
        .find(|f| f.kind == kind)
        .map(|f| f.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_cleared_values_are_not_set() {
        let values = FieldValues::from([
            ("a".to_string(), Some("  x ".to_string())),
            ("b".to_string(), Some("   ".to_string())),
            ("c".to_string(), None),
        ]);
        assert_eq!(value(&values, "a"), Some("x"));
        assert_eq!(value(&values, "b"), None);
        assert_eq!(value(&values, "c"), None);
        assert_eq!(value(&values, "d"), None);
    }

    #[test]
    fn a_field_already_in_error_is_not_checked_again() {
        let values = FieldValues::from([("tel_1".to_string(), Some("x".repeat(21)))]);
        let errors = profile_errors(&FieldProfile::annex2(), &values);
        let codes: Vec<&str> = errors.iter().map(|e| e.code()).collect();
        assert_eq!(codes, ["too_long"]);
    }

    #[test]
    fn formats_hang_on_the_kinds_of_the_profile() {
        let profile = FieldProfile::annex2();
        assert_eq!(
            field_of_kind(&profile, FieldKind::Siret),
            Some("contact_divers_2")
        );
        assert_eq!(
            field_of_kind(&profile, FieldKind::VatNumber),
            Some("contact_divers_1")
        );
        let values = FieldValues::from([
            (
                "contact_divers_1".to_string(),
                Some("FR41303265045".to_string()),
            ),
            (
                "contact_divers_2".to_string(),
                Some("73282932100072".to_string()),
            ),
            ("tel_2".to_string(), Some("pas de portable".to_string())),
            (
                "iban".to_string(),
                Some("GP7630006000011234567890189".to_string()),
            ),
            ("bic".to_string(), Some("BNPAZZPP".to_string())),
        ]);
        let codes: Vec<(String, &str)> = profile_errors(&profile, &values)
            .iter()
            .map(|e| (e.field().to_string(), e.code()))
            .collect();
        assert_eq!(
            codes,
            [
                ("bic".to_string(), "invalid_bic"),
                ("contact_divers_1".to_string(), "invalid_vat"),
                ("contact_divers_2".to_string(), "invalid_siret"),
                ("iban".to_string(), "invalid_iban"),
                ("tel_2".to_string(), "invalid_phone"),
            ]
        );
    }
}
