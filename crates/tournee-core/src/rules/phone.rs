//! Phone numbers in one canonical form (`+33612345678`), so that the duplicate check on
//! prospect creation finds a number whatever the rep typed: `+33 6 12 34 56 78`,
//! `0033612345678`, `06.12.34.56.78`, `06-12-34-56-78`, `+33 (0)6 12 34 56 78`,
//! `(0)6 12 34 56 78`. Other countries' numbers keep their country code.

use crate::error::DomainError;

/// Characters people put between digits.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-' | '/')
}

/// The canonical form, or `None` when the text is not a phone number.
///
/// A French national number is 10 digits starting with 0 (not 00); an international one
/// starts with `+` or `00` and becomes `+` and its digits (8 to 15, as E.164 allows). A
/// `(0)` trunk prefix is dropped after a country code and read as 0 without one.
pub fn normalize_phone(value: &str) -> Option<String> {
    let trimmed = value.trim();
    let allowed = |c: char| c.is_ascii_digit() || is_separator(c) || matches!(c, '+' | '(' | ')');
    if trimmed.is_empty() || !trimmed.chars().all(allowed) {
        return None;
    }
    let plus = trimmed.starts_with('+');
    if trimmed.matches('+').count() > usize::from(plus) {
        return None;
    }
    let compact: String = trimmed.chars().filter(|&c| !is_separator(c)).collect();
    let international = plus || compact.starts_with("00");
    let trunk = if international { "" } else { "0" };
    let digits: String = compact
        .replacen("(0)", trunk, 1)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let full = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if digits.len() == 10 && digits.starts_with('0') {
        format!("33{}", &digits[1..])
    } else {
        return None;
    };
    if full.starts_with('0') {
        return None;
    }
    if let Some(national) = full.strip_prefix("33") {
        // French numbers: 9 digits after the country code, not starting with 0.
        return (national.len() == 9 && !national.starts_with('0')).then(|| format!("+{full}"));
    }
    (8..=15).contains(&full.len()).then(|| format!("+{full}"))
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
            "06/12/34/56/78",
            "0612345678",
            " 06 12 34 56 78 ",
            "06\u{a0}12\u{a0}34\u{a0}56\u{a0}78",
            "+33 6 12 34 56 78",
            "+33612345678",
            "0033612345678",
            "0033 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
            "+33(0)612345678",
            "(0)6 12 34 56 78",
        ] {
            assert_eq!(
                normalize_phone(typed).as_deref(),
                Some("+33612345678"),
                "{typed}"
            );
        }
    }

    #[test]
    fn landlines_and_other_french_numbers_work_too() {
        assert_eq!(
            normalize_phone("04 78 12 34 56").as_deref(),
            Some("+33478123456")
        );
        assert_eq!(
            normalize_phone("09.70.00.00.00").as_deref(),
            Some("+33970000000")
        );
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
        assert_eq!(
            normalize_phone("+44 (0)20 7946 0958").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            normalize_phone("+262 262 12 34 56").as_deref(),
            Some("+262262123456")
        );
    }

    #[test]
    fn what_is_not_a_phone_is_refused() {
        for typed in [
            "",
            "   ",
            "appeler le matin",
            "06 12 34",
            "06 12 34 56 78 9",
            "612345678",
            "+33 06 12 34 56 78",
            "+33 6 12 34 56",
            "06+12",
            "++33612345678",
            "+0612345678",
            "000612345678",
            "+1234567",
            "+1234567890123456",
            "06 12 34 56 78 poste 12",
        ] {
            assert_eq!(normalize_phone(typed), None, "{typed}");
        }
    }

    #[test]
    fn check_phone_names_the_field() {
        assert_eq!(
            check_phone("tel_2", "06 12 34 56 78").as_deref(),
            Ok("+33612345678")
        );
        let error = check_phone("tel_1", "abc").unwrap_err();
        assert_eq!((error.field(), error.code()), ("tel_1", "invalid_phone"));
        assert_eq!(
            error.to_string(),
            "Le champ « téléphone » n'est pas un numéro de téléphone."
        );
    }
}
