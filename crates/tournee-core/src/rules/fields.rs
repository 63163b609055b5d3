//! What prospect creation and conversion share: reading a set value, and the format checks
//! (SIRET, phones) that apply whenever those fields are filled.

use crate::error::DomainError;
use crate::profile::{FieldProfile, FieldValues};
use crate::rules::{phone::check_phone, siret::check_siret};

/// Annex-2 column of the SIRET.
pub(crate) const SIRET_FIELD: &str = "contact_divers_2";

/// Annex-2 columns holding phone numbers.
pub(crate) const PHONE_FIELDS: [&str; 3] = ["tel_1", "tel_2", "fax"];

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

/// The profile's own checks (known field, length, integer, date), errors listed in column
/// order.
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

/// SIRET and phones, when set and not already in error.
pub(crate) fn check_formats(values: &FieldValues, errors: &mut Vec<DomainError>) {
    check_set(values, SIRET_FIELD, errors, check_siret);
    for field in PHONE_FIELDS {
        check_set(values, field, errors, check_phone);
    }
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
        let mut errors = profile_errors(&FieldProfile::annex2(), &values);
        check_formats(&values, &mut errors);
        let codes: Vec<&str> = errors.iter().map(|e| e.code()).collect();
        assert_eq!(codes, ["too_long"]);
    }
}
