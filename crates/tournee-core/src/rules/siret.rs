//! SIRET check: 14 digits with a Luhn key, except La Poste (SIREN 356 000 000) whose
//! establishments are numbered so that the sum of the digits is a multiple of 5.

use crate::error::DomainError;

const LA_POSTE_SIREN: &str = "356000000";

/// Luhn check over a string of digits.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Returns the 14 digits without spaces, or an error on `field`.
pub fn check_siret(field: &str, value: &str) -> Result<String, DomainError> {
    let siret: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || DomainError::InvalidSiret {
        field: field.into(),
    };
    if siret.len() != 14 || !siret.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let valid = if siret.starts_with(LA_POSTE_SIREN) {
        siret
            .chars()
            .filter_map(|c| c.to_digit(10))
            .sum::<u32>()
            .is_multiple_of(5)
    } else {
        luhn(&siret)
    };
    if valid {
        Ok(siret)
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_valid_sirets_pass() {
        assert_eq!(
            check_siret("contact_divers_2", "732 829 320 00074").unwrap(),
            "73282932000074"
        );
        check_siret("contact_divers_2", "44306184100047").unwrap();
    }

    #[test]
    fn la_poste_uses_the_sum_of_digits() {
        // Digits sum to 3+5+6+4+9+8+3+7 = 45, a multiple of 5: valid for La Poste.
        check_siret("s", "35600000049837").unwrap();
        // Sum 46: refused, whatever Luhn says.
        assert!(check_siret("s", "35600000049838").is_err());
    }

    #[test]
    fn wrong_length_letters_or_key_are_refused() {
        for bad in [
            "7328293200007",
            "732829320000745",
            "7328293200007A",
            "73282932000075",
        ] {
            let error = check_siret("contact_divers_2", bad).unwrap_err();
            assert_eq!(error.field(), "contact_divers_2");
            assert_eq!(error.code(), "invalid_siret", "{bad}");
        }
    }
}
