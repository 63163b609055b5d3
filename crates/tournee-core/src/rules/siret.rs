//! SIRET check (the French establishment number asked at client creation): 14 digits
//! whose last is a Luhn key — except La Poste (SIREN 356 000 000), whose many post offices
//! are numbered so that the sum of the 14 digits is a multiple of 5 instead. Its head
//! office, 356 000 000 00048, keeps an ordinary Luhn key.

use crate::error::DomainError;

/// La Poste's SIREN, the one exception to the Luhn rule.
const LA_POSTE_SIREN: &str = "356000000";

/// La Poste's head office, numbered with a Luhn key like everyone else.
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

/// Luhn check over a string of ASCII digits.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| match (i % 2, d * 2) {
            (0, _) => d,
            (_, doubled) if doubled > 9 => doubled - 9,
            (_, doubled) => doubled,
        })
        .sum();
    sum % 10 == 0
}

/// La Poste's rule: the sum of the digits is a multiple of 5.
fn digit_sum_multiple_of_5(digits: &str) -> bool {
    digits.chars().filter_map(|c| c.to_digit(10)).sum::<u32>() % 5 == 0
}

/// Returns the 14 digits without spaces, or an error on `field`.
pub fn check_siret(field: &str, value: &str) -> Result<String, DomainError> {
    let siret: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if siret.len() != 14 || !siret.chars().all(|c| c.is_ascii_digit()) {
        return Err(DomainError::InvalidSiret {
            field: field.into(),
        });
    }
    let valid = if siret.starts_with(LA_POSTE_SIREN) && siret != LA_POSTE_HEAD_OFFICE {
        digit_sum_multiple_of_5(&siret)
    } else {
        luhn(&siret)
    };
    if valid {
        Ok(siret)
    } else {
        Err(DomainError::InvalidSiret {
            field: field.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_valid_sirets_pass_and_lose_their_spaces() {
        assert_eq!(
            check_siret("contact_divers_2", "732 829 320 00074").unwrap(),
            "73282932000074"
        );
        check_siret("contact_divers_2", "44306184100047").unwrap();
    }

    #[test]
    fn la_poste_head_office_passes() {
        assert_eq!(
            check_siret("contact_divers_2", "356 000 000 00048").unwrap(),
            "35600000000048"
        );
    }

    #[test]
    fn la_poste_offices_use_the_sum_of_digits_not_luhn() {
        // 3+5+6+4+9+8+3+7 = 45, a multiple of 5, though the Luhn key is wrong.
        assert!(!luhn("35600000049837"));
        check_siret("s", "35600000049837").unwrap();
        // Sum 46: refused.
        assert!(check_siret("s", "35600000049838").is_err());
    }

    #[test]
    fn a_luhn_valid_number_of_la_poste_with_a_bad_sum_is_refused() {
        // Luhn-valid but digit sum 14: only the head office may do that.
        assert!(luhn("35600000001004"));
        assert!(check_siret("s", "35600000001004").is_err());
    }

    #[test]
    fn wrong_length_letters_or_key_are_refused() {
        for bad in [
            "",
            "7328293200007",
            "732829320000745",
            "7328293200007A",
            "73282932000075",
            "732-829-320-00074",
        ] {
            let error = check_siret("contact_divers_2", bad).unwrap_err();
            assert_eq!(error.field(), "contact_divers_2");
            assert_eq!(error.code(), "invalid_siret", "{bad}");
        }
    }

    #[test]
    fn the_message_names_the_siret_field() {
        let error = check_siret("contact_divers_2", "123").unwrap_err();
        assert!(error.to_string().starts_with("Le champ « SIRET »"));
    }
}
