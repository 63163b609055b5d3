//! SIRET and SIREN checks (the French company and establishment numbers asked at client
//! creation and carried by French VAT numbers). A SIREN is 9 digits whose last is a Luhn
//! key; a SIRET is that SIREN followed by a 5-digit establishment number, and the 14 digits
//! carry a Luhn key of their own — both keys are checked, as INSEE numbers them (a SIRET
//! whose SIREN is wrong names no company, whatever its last digit). La Poste
//! (SIREN 356 000 000) is the one exception: its many post offices are numbered so that
//! the sum of the 14 digits is a multiple of 5 instead; its head office,
//! 356 000 000 00048, keeps an ordinary Luhn key.

use crate::error::{DomainError, SiretProblem};

/// La Poste's SIREN, the one exception to the Luhn rule on the 14 digits.
const LA_POSTE_SIREN: &str = "356000000";

/// La Poste's head office, numbered with a Luhn key like everyone else.
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

/// Luhn check over a string of ASCII digits.
pub(crate) fn luhn(digits: &str) -> bool {
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
    sum.is_multiple_of(10)
}

/// La Poste's rule: the sum of the digits is a multiple of 5.
fn digit_sum_multiple_of_5(digits: &str) -> bool {
    digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .sum::<u32>()
        .is_multiple_of(5)
}

/// The text without its spaces (people write `732 829 320 00074`).
fn without_spaces(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `digits` is `len` ASCII digits.
fn all_digits(digits: &str, len: usize) -> bool {
    digits.len() == len && digits.chars().all(|c| c.is_ascii_digit())
}

/// Whether 9 ASCII digits form a SIREN (Luhn key right).
pub(crate) fn is_siren(digits: &str) -> bool {
    all_digits(digits, 9) && luhn(digits)
}

/// Returns the 9 digits without spaces, or an error on `field`.
pub fn check_siren(field: &str, value: &str) -> Result<String, DomainError> {
    let siren = without_spaces(value);
    if is_siren(&siren) {
        Ok(siren)
    } else {
        Err(DomainError::InvalidSiren {
            field: field.into(),
        })
    }
}

/// Returns the 14 digits without spaces, or an error on `field` saying which check failed.
pub fn check_siret(field: &str, value: &str) -> Result<String, DomainError> {
    let bad = |reason| DomainError::InvalidSiret {
        field: field.into(),
        reason,
    };
    let siret = without_spaces(value);
    if !all_digits(&siret, 14) {
        return Err(bad(SiretProblem::Shape));
    }
    if !is_siren(&siret[..9]) {
        return Err(bad(SiretProblem::SirenKey));
    }
    let valid = if siret.starts_with(LA_POSTE_SIREN) && siret != LA_POSTE_HEAD_OFFICE {
        digit_sum_multiple_of_5(&siret)
    } else {
        luhn(&siret)
    };
    if valid {
        Ok(siret)
    } else {
        Err(bad(SiretProblem::EstablishmentKey))
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
        assert_eq!(reason("35600000049838"), SiretProblem::EstablishmentKey);
    }

    #[test]
    fn a_luhn_valid_number_of_la_poste_with_a_bad_sum_is_refused() {
        // Luhn-valid but digit sum 14: only the head office may do that.
        assert!(luhn("35600000001004"));
        assert_eq!(reason("35600000001004"), SiretProblem::EstablishmentKey);
    }

    fn reason(value: &str) -> SiretProblem {
        match check_siret("contact_divers_2", value) {
            Err(DomainError::InvalidSiret { reason, .. }) => reason,
            other => panic!("{value}: expected an invalid SIRET, got {other:?}"),
        }
    }

    #[test]
    fn the_siren_part_carries_its_own_key() {
        // Luhn-valid over 14 digits, but its SIREN 732 829 321 is not a SIREN.
        assert!(luhn("73282932100072"));
        assert!(!luhn("732829321"));
        assert_eq!(reason("73282932100072"), SiretProblem::SirenKey);
        assert_eq!(reason("732 829 321 00072"), SiretProblem::SirenKey);
        let error = check_siret("contact_divers_2", "73282932100072").unwrap_err();
        assert_eq!(error.code(), "invalid_siret");
        assert_eq!(
            error,
            DomainError::InvalidSiret {
                field: "contact_divers_2".into(),
                reason: SiretProblem::SirenKey
            }
        );
    }

    #[test]
    fn real_sirets_pass() {
        for siret in [
            "73282932000074", // Renault, Boulogne-Billancourt
            "44306184100047", // Google France
            "55208131766522", // EDF, head office
            "35600000000048", // La Poste, head office
            "54205118000066", // TotalEnergies
        ] {
            assert_eq!(check_siret("s", siret).as_deref(), Ok(siret));
        }
    }

    #[test]
    fn sirens_are_checked_alone_too() {
        assert_eq!(
            check_siren("siren", "732 829 320").as_deref(),
            Ok("732829320")
        );
        check_siren("siren", "356000000").unwrap();
        check_siren("siren", "443061841").unwrap();
        for bad in [
            "732829321",
            "73282932",
            "7328293200",
            "73282932A",
            "",
            "732-829-320",
        ] {
            let error = check_siren("siren", bad).unwrap_err();
            assert_eq!(
                (error.field(), error.code()),
                ("siren", "invalid_siren"),
                "{bad}"
            );
        }
    }

    #[test]
    fn wrong_length_letters_or_key_are_refused() {
        for bad in [
            "",
            "7328293200007",
            "732829320000745",
            "7328293200007A",
            "732-829-320-00074",
        ] {
            let error = check_siret("contact_divers_2", bad).unwrap_err();
            assert_eq!(error.field(), "contact_divers_2");
            assert_eq!(error.code(), "invalid_siret", "{bad}");
            assert_eq!(reason(bad), SiretProblem::Shape, "{bad}");
        }
        assert_eq!(reason("73282932000075"), SiretProblem::EstablishmentKey);
    }

    #[test]
    fn the_error_names_the_siret_field() {
        let error = check_siret("contact_divers_2", "123").unwrap_err();
        assert_eq!(error.field(), "contact_divers_2");
    }
}
