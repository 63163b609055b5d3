//! Phone numbers in one canonical form (`+33612345678`) so that duplicates are found
//! whatever the rep typed: `+33 6 12 34 56 78`, `0033612345678`, `06.12.34.56.78`,
//! `06-12-34-56-78`, `+33 (0)6 12 34 56 78`.

use crate::error::DomainError;

/// The canonical form, or `None` when the text is not a phone number.
pub fn normalize_phone(value: &str) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.is_empty()
        || !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')' | '/'))
    {
        return None;
    }
    // "+33 (0)6…": the national 0 in brackets is dropped.
    let without_trunk = trimmed.replace("(0)", "");
    let plus = without_trunk.trim_start().starts_with('+');
    if without_trunk.matches('+').count() > usize::from(plus) {
        return None;
    }
    let digits: String = without_trunk.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if digits.len() == 10 && digits.starts_with('0') {
        format!("33{}", &digits[1..])
    } else {
        return None;
    };
    if let Some(national) = international.strip_prefix("33") {
        // French numbers: 9 digits after the country code, not starting with 0.
        return (national.len() == 9 && !national.starts_with('0'))
            .then(|| format!("+{international}"));
    }
    (8..=15)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

/// The canonical form, or an error on `field`.
pub fn check_phone(field: &str, value: &str) -> Result<String, DomainError> {
    normalize_phone(value).ok_or_else(|| DomainError::InvalidPhone {
        field: field.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_formats_meet_in_one_form() {
        for typed in [
            "06 12 34 56 78",
            "06.12.34.56.78",
            "06-12-34-56-78",
            "0612345678",
            "+33 6 12 34 56 78",
            "+33612345678",
            "0033 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
        ] {
            assert_eq!(
                normalize_phone(typed).as_deref(),
                Some("+33612345678"),
                "{typed}"
            );
        }
    }

    #[test]
    fn foreign_numbers_keep_their_country() {
        assert_eq!(
            normalize_phone("+41 22 123 45 67").as_deref(),
            Some("+41221234567")
        );
        assert_eq!(
            normalize_phone("0041 22 123 45 67").as_deref(),
            Some("+41221234567")
        );
    }

    #[test]
    fn what_is_not_a_phone_is_refused() {
        for typed in [
            "",
            "appeler le matin",
            "06 12 34",
            "612345678",
            "+33 06 12 34 56 78",
            "06+12",
        ] {
            assert_eq!(normalize_phone(typed), None, "{typed}");
        }
        assert_eq!(check_phone("tel_1", "abc").unwrap_err().field(), "tel_1");
    }
}
