//! IBAN check (ISO 13616), for the LD payment mode (« RIB obligatoire avec vérif »):
//! country letters, two check digits, the length registered for the country, and the
//! mod-97 key. Spaces are accepted in input (people copy IBANs in groups of four).

use crate::error::{DomainError, IbanProblem};

/// IBAN length per country, from the SWIFT IBAN registry: every SEPA country and the other
/// registered ones. The French overseas departments and territories, whose accounts use the
/// French format, are accepted under their own codes too.
#[rustfmt::skip]
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16),
    ("BG", 22), ("BH", 22), ("BI", 27), ("BL", 27), ("BR", 29), ("BY", 28), ("CH", 21),
    ("CR", 22), ("CY", 28), ("CZ", 24), ("DE", 22), ("DJ", 27), ("DK", 18), ("DO", 28),
    ("EE", 20), ("EG", 29), ("ES", 24), ("FI", 18), ("FK", 18), ("FO", 18), ("FR", 27),
    ("GB", 22), ("GE", 22), ("GF", 27), ("GI", 23), ("GL", 18), ("GP", 27), ("GR", 27),
    ("GT", 28), ("HR", 21), ("HU", 28), ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26),
    ("IT", 27), ("JO", 30), ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21),
    ("LT", 20), ("LU", 20), ("LV", 21), ("LY", 25), ("MC", 27), ("MD", 24), ("ME", 22),
    ("MF", 27), ("MK", 19), ("MN", 20), ("MQ", 27), ("MR", 27), ("MT", 31), ("MU", 30),
    ("NC", 27), ("NI", 28), ("NL", 18), ("NO", 15), ("OM", 23), ("PF", 27), ("PK", 24),
    ("PL", 28), ("PM", 27), ("PS", 29), ("PT", 25), ("QA", 29), ("RE", 27), ("RO", 24),
    ("RS", 22), ("RU", 33), ("SA", 24), ("SC", 31), ("SD", 18), ("SE", 24), ("SI", 19),
    ("SK", 24), ("SM", 27), ("SO", 23), ("ST", 25), ("SV", 28), ("TF", 27), ("TL", 23),
    ("TN", 24), ("TR", 26), ("UA", 29), ("VA", 22), ("VG", 24), ("WF", 27), ("XK", 20),
    ("YT", 27),
];

/// The registered IBAN length of a country, if it has IBANs.
pub fn iban_length(country: &str) -> Option<usize> {
    LENGTHS
        .iter()
        .find(|(code, _)| *code == country)
        .map(|&(_, len)| len)
}

/// ISO 7064 mod 97-10 over the IBAN moved so that its first four characters come last,
/// letters counting as two digits (A = 10 … Z = 35). The input is ASCII alphanumeric.
fn mod97(iban: &str) -> u32 {
    iban[4..]
        .chars()
        .chain(iban[..4].chars())
        .filter_map(|c| c.to_digit(36))
        .fold(0, |remainder, value| {
            let shift = if value >= 10 { 100 } else { 10 };
            (remainder * shift + value) % 97
        })
}

/// Returns the IBAN upper case without spaces, or an error on `field` saying which check
/// failed.
pub fn check_iban(field: &str, value: &str) -> Result<String, DomainError> {
    let bad = |reason: IbanProblem| DomainError::InvalidIban {
        field: field.into(),
        reason,
    };
    let iban: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if iban.len() < 5 || !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad(IbanProblem::Characters));
    }
    let country = &iban[..2];
    if !country.chars().all(|c| c.is_ascii_uppercase())
        || !iban[2..4].chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad(IbanProblem::Prefix));
    }
    let Some(expected) = iban_length(country) else {
        return Err(bad(IbanProblem::UnknownCountry {
            country: country.into(),
        }));
    };
    if iban.len() != expected {
        return Err(bad(IbanProblem::Length {
            country: country.into(),
            expected,
            found: iban.len(),
        }));
    }
    if mod97(&iban) != 1 {
        return Err(bad(IbanProblem::Checksum));
    }
    Ok(iban)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(value: &str) -> IbanProblem {
        match check_iban("iban", value) {
            Err(DomainError::InvalidIban { field, reason }) => {
                assert_eq!(field, "iban");
                reason
            }
            other => panic!("expected an invalid IBAN for {value:?}, got {other:?}"),
        }
    }

    #[test]
    fn valid_ibans_are_normalised() {
        assert_eq!(
            check_iban("iban", "fr76 3000 6000 0112 3456 7890 189").unwrap(),
            "FR7630006000011234567890189"
        );
        assert_eq!(
            check_iban("iban", " GB82 WEST 1234 5698 7654 32 ").unwrap(),
            "GB82WEST12345698765432"
        );
    }

    #[test]
    fn ibans_of_several_sepa_countries_pass() {
        for iban in [
            "DE89370400440532013000",
            "BE68539007547034",
            "ES9121000418450200051332",
            "IT60X0542811101000000123456",
            "LU280019400644750000",
            "CH9300762011623852957",
            "NL91ABNA0417164300",
            "PT50000201231234567890154",
            "AT611904300234573201",
            "IE29AIBK93115212345678",
            "MC5811222000010123456789030",
            "NO9386011117947",
            "MT84MALT011000012345MTLCAST001S",
        ] {
            assert_eq!(check_iban("iban", iban).as_deref(), Ok(iban));
        }
    }

    #[test]
    fn the_sepa_lengths_of_the_brief_are_registered() {
        for (country, len) in [
            ("FR", 27),
            ("DE", 22),
            ("BE", 16),
            ("ES", 24),
            ("IT", 27),
            ("LU", 20),
            ("MC", 27),
            ("CH", 21),
            ("GB", 22),
            ("NL", 18),
            ("PT", 25),
            ("AT", 20),
            ("IE", 22),
        ] {
            assert_eq!(iban_length(country), Some(len), "{country}");
        }
        assert!(
            LENGTHS.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no duplicates"
        );
    }

    #[test]
    fn a_wrong_key_is_refused_with_a_clear_message() {
        assert_eq!(
            problem("FR7630006000011234567890188"),
            IbanProblem::Checksum
        );
        assert_eq!(
            problem("FR7730006000011234567890189"),
            IbanProblem::Checksum
        );
        let error = check_iban("iban", "FR7630006000011234567890188").unwrap_err();
        assert_eq!(error.code(), "invalid_iban");
        assert_eq!(
            error.to_string(),
            "Le champ « IBAN » n'est pas valide : la clé de contrôle est fausse."
        );
    }

    #[test]
    fn a_wrong_length_names_the_country() {
        assert_eq!(
            problem("FR763000600001123456789018"),
            IbanProblem::Length {
                country: "FR".into(),
                expected: 27,
                found: 26
            }
        );
    }

    #[test]
    fn unknown_countries_and_bad_prefixes_are_refused() {
        assert_eq!(
            problem("XX7630006000011234567890189"),
            IbanProblem::UnknownCountry {
                country: "XX".into()
            }
        );
        assert_eq!(problem("1276300060000112345678901"), IbanProblem::Prefix);
        assert_eq!(problem("FRA630006000011234567890189"), IbanProblem::Prefix);
    }

    #[test]
    fn stray_characters_are_refused() {
        for bad in [
            "FR76-3000-6000",
            "",
            "FR7",
            "FR76 3000 6000 0112 3456 7890 18É",
        ] {
            assert_eq!(problem(bad), IbanProblem::Characters, "{bad}");
        }
    }
}
