//! BIC check (ISO 9362), for the LD payment mode: 4 letters for the bank, 2 for the
//! country (ISO 3166-1), 2 letters or digits for the location, and an optional 3-character
//! branch. Spaces are accepted in input and removed.

use crate::error::DomainError;

/// ISO 3166-1 alpha-2 country codes, plus `XK` (Kosovo) which SWIFT uses; sorted.
#[rustfmt::skip]
const COUNTRIES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Whether `code` is a country a BIC may name.
pub fn is_country_code(code: &str) -> bool {
    COUNTRIES.binary_search(&code).is_ok()
}

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
        && is_country_code(&bic[4..6])
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
    fn eight_and_eleven_character_bics_pass_and_are_normalised() {
        assert_eq!(check_bic("bic", "bnpafrpp").unwrap(), "BNPAFRPP");
        assert_eq!(check_bic("bic", "CCBP FRPP LYO").unwrap(), "CCBPFRPPLYO");
        for bic in [
            "BNPAFRPPXXX",
            "DEUTDEFF500",
            "AGRIFRPP882",
            "UBSWCHZH80A",
            "BCEELULL",
        ] {
            assert_eq!(check_bic("bic", bic).as_deref(), Ok(bic));
        }
    }

    #[test]
    fn the_country_list_is_sorted_and_complete_enough() {
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(COUNTRIES.len(), 250);
        for code in ["FR", "DE", "MC", "GP", "RE", "XK", "US"] {
            assert!(is_country_code(code), "{code}");
        }
        assert!(!is_country_code("ZZ") && !is_country_code("EU") && !is_country_code("fr"));
    }

    #[test]
    fn malformed_bics_are_refused() {
        for bad in [
            "",
            "BNPAFRP",
            "BNPAFRPPXX",
            "BNPAFRPPXXXX",
            "B1PAFRPP",
            "BNPAZZPP",
            "BNPA12PP",
            "BNPAFRP_",
            "BNPAFRPP-XX",
            "ÉNPAFRPP",
        ] {
            let error = check_bic("bic", bad).unwrap_err();
            assert_eq!(error.code(), "invalid_bic", "{bad}");
            assert_eq!(error.field(), "bic");
        }
    }
}
