//! IBAN check (ISO 13616): country, length for that country, mod-97 key.

use crate::error::DomainError;

/// IBAN length per country (SEPA and neighbours).
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

/// Returns the IBAN without spaces, upper case, or why it is wrong.
pub fn check_iban(field: &str, value: &str) -> Result<String, DomainError> {
    let bad = |reason: &str| DomainError::InvalidIban {
        field: field.into(),
        reason: reason.into(),
    };
    let iban: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if iban.len() < 5 || !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad("seuls des lettres et des chiffres sont permis"));
    }
    let country = &iban[..2];
    if !country.chars().all(|c| c.is_ascii_alphabetic())
        || !iban[2..4].chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad(
            "il doit commencer par le code pays et deux chiffres de clé",
        ));
    }
    let Some(&(_, expected)) = LENGTHS.iter().find(|(code, _)| *code == country) else {
        return Err(bad(&format!("pays « {country} » non pris en charge")));
    };
    if iban.len() != expected {
        return Err(bad(&format!(
            "un IBAN {country} compte {expected} caractères ({} saisis)",
            iban.len()
        )));
    }
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut remainder: u32 = 0;
    for c in rearranged {
        let digits = c.to_digit(36).unwrap_or(0);
        remainder = if digits >= 10 {
            (remainder * 100 + digits) % 97
        } else {
            (remainder * 10 + digits) % 97
        };
    }
    if remainder != 1 {
        return Err(bad("la clé de contrôle est fausse"));
    }
    Ok(iban)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ibans_are_normalised() {
        assert_eq!(
            check_iban("iban", "fr76 3000 6000 0112 3456 7890 189").unwrap(),
            "FR7630006000011234567890189"
        );
        check_iban("iban", "DE89370400440532013000").unwrap();
        check_iban("iban", "GB82WEST12345698765432").unwrap();
        check_iban("iban", "BE68539007547034").unwrap();
    }

    #[test]
    fn wrong_key_length_country_or_characters_are_refused() {
        for bad in [
            "FR7630006000011234567890188",
            "FR763000600001123456789018",
            "XX7630006000011234567890189",
            "FR76-3000-6000",
            "",
        ] {
            let error = check_iban("iban", bad).unwrap_err();
            assert_eq!(error.field(), "iban", "{bad}");
            assert_eq!(error.code(), "invalid_iban");
        }
    }
}
