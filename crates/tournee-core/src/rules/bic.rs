//! BIC check (ISO 9362): bank (4 letters), country (2 letters, ISO 3166), location (2), branch (3, optional).

use crate::error::DomainError;

/// ISO 3166-1 alpha-2 codes accepted in a BIC (Europe, its neighbours and main partners).
const COUNTRIES: &[&str] = &[
    "AD", "AE", "AT", "AU", "BE", "BG", "BR", "CA", "CH", "CN", "CY", "CZ", "DE", "DK", "DZ", "EE",
    "ES", "FI", "FO", "FR", "GB", "GF", "GI", "GL", "GP", "GR", "HK", "HR", "HU", "IE", "IL", "IN",
    "IS", "IT", "JP", "LI", "LT", "LU", "LV", "MA", "MC", "MQ", "MT", "MX", "NC", "NL", "NO", "NZ",
    "PF", "PL", "PT", "RE", "RO", "RS", "RU", "SA", "SE", "SG", "SI", "SK", "SM", "TN", "TR", "UA",
    "US", "VA", "YT", "ZA",
];

/// Returns the BIC upper case without spaces, or an error on `field`.
pub fn check_bic(field: &str, value: &str) -> Result<String, DomainError> {
    let bic: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let well_formed = (bic.len() == 8 || bic.len() == 11)
        && bic.is_ascii()
        && bic[..4].chars().all(|c| c.is_ascii_alphabetic())
        && COUNTRIES.contains(&&bic[4..6])
        && bic[6..].chars().all(|c| c.is_ascii_alphanumeric());
    if well_formed {
        Ok(bic)
    } else {
        Err(DomainError::InvalidBic {
            field: field.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_and_eleven_character_bics_pass() {
        assert_eq!(check_bic("bic", "bnpafrpp").unwrap(), "BNPAFRPP");
        check_bic("bic", "BNPAFRPPXXX").unwrap();
        check_bic("bic", "CCBP FRPP LYO").unwrap();
        check_bic("bic", "DEUTDEFF500").unwrap();
    }

    #[test]
    fn malformed_bics_are_refused() {
        for bad in [
            "BNPAFRP",
            "BNPAFRPPXX",
            "B1PAFRPP",
            "BNPAZZPP",
            "BNPAFRPP-XX",
            "ÉNPAFRPP",
        ] {
            assert_eq!(
                check_bic("bic", bad).unwrap_err().code(),
                "invalid_bic",
                "{bad}"
            );
        }
    }
}
