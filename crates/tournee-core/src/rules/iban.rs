//! IBAN check (ISO 13616), for the LD payment mode (« RIB obligatoire avec vérif »):
//! country letters, two check digits, the BBAN structure registered for the country (its
//! length and, position by position, digits, letters or either), and the mod-97 key. Spaces
//! are accepted in input (people copy IBANs in groups of four) and dropped from the stored
//! form, whose length is what the ERP column (34) limits.
//!
//! The table is our own, not the `iban_validate` crate's: its latest release (5.0.1,
//! October 2024) lacks Pakistan (`PK`, registered since 2012) and Honduras (`HN`), so it
//! refuses valid IBANs of both; the registry is small and changes a few times a year, and
//! a table we keep is updated the day a country joins.

use crate::error::{CharClass, DomainError, IbanProblem};

/// BBAN structure per country, from the SWIFT IBAN Registry (release 100, 2025): counts
/// of `n` (digits), `a` (upper-case letters) or `c` (letters or digits), in order. The
/// IBAN length is 4 plus their sum. Sorted by country code.
#[rustfmt::skip]
const STRUCTURES: &[(&str, &str)] = &[
    ("AD", "4n4n12c"), ("AE", "3n16n"), ("AL", "8n16c"), ("AT", "5n11n"), ("AZ", "4a20c"),
    ("BA", "3n3n8n2n"), ("BE", "3n7n2n"), ("BG", "4a4n2n8c"), ("BH", "4a14c"), ("BI", "5n5n11n2n"),
    ("BR", "8n5n10n1a1c"), ("BY", "4c4n16c"), ("CH", "5n12c"), ("CR", "4n14n"), ("CY", "3n5n16c"),
    ("CZ", "4n16n"), ("DE", "8n10n"), ("DJ", "5n5n11n2n"), ("DK", "4n9n1n"), ("DO", "4c20n"),
    ("EE", "2n14n"), ("EG", "4n4n17n"), ("ES", "4n4n1n1n10n"), ("FI", "3n11n"), ("FK", "2a12n"),
    ("FO", "4n9n1n"), ("FR", "5n5n11c2n"), ("GB", "4a6n8n"), ("GE", "2a16n"), ("GI", "4a15c"),
    ("GL", "4n9n1n"), ("GR", "3n4n16c"), ("GT", "4c20c"), ("HN", "4a20n"), ("HR", "7n10n"),
    ("HU", "3n4n1n15n1n"), ("IE", "4a6n8n"), ("IL", "3n3n13n"), ("IQ", "4a3n12n"),
    ("IS", "4n2n6n10n"), ("IT", "1a5n5n12c"), ("JO", "4a4n18c"), ("KW", "4a22c"), ("KZ", "3n13c"),
    ("LB", "4n20c"), ("LC", "4a24c"), ("LI", "5n12c"), ("LT", "5n11n"), ("LU", "3n13c"),
    ("LV", "4a13c"), ("LY", "3n3n15n"), ("MC", "5n5n11c2n"), ("MD", "2c18c"), ("ME", "3n13n2n"),
    ("MK", "3n10c2n"), ("MN", "4n12n"), ("MR", "5n5n11n2n"), ("MT", "4a5n18c"),
    ("MU", "4a2n2n12n3n3a"), ("NI", "4a20n"), ("NL", "4a10n"), ("NO", "4n6n1n"), ("OM", "3n16c"),
    ("PK", "4a16c"), ("PL", "8n16n"), ("PS", "4a21c"), ("PT", "4n4n11n2n"), ("QA", "4a21c"),
    ("RO", "4a16c"), ("RS", "3n13n2n"), ("RU", "9n5n15c"), ("SA", "2n18c"), ("SC", "4a2n2n16n3a"),
    ("SD", "2n12n"), ("SE", "3n16n1n"), ("SI", "5n8n2n"), ("SK", "4n6n10n"), ("SM", "1a5n5n12c"),
    ("SO", "4n3n12n"), ("ST", "4n4n11n2n"), ("SV", "4a20n"), ("TL", "3n14n2n"),
    ("TN", "2n3n13n2n"), ("TR", "5n1n16c"), ("UA", "6n19c"), ("VA", "3n15n"), ("VG", "4a16n"),
    ("XK", "4n10n2n"), ("YE", "4a4n18c"),
];

/// Territories the registry lists under another country's IBAN: their accounts have IBANs
/// of that country (a bank in Guadeloupe gives an `FR…` IBAN), never of their own code.
#[rustfmt::skip]
const TERRITORIES: &[(&str, &str)] = &[
    ("AX", "FI"), ("BL", "FR"), ("GF", "FR"), ("GG", "GB"), ("GP", "FR"), ("IM", "GB"),
    ("JE", "GB"), ("MF", "FR"), ("MQ", "FR"), ("NC", "FR"), ("PF", "FR"), ("PM", "FR"),
    ("RE", "FR"), ("TF", "FR"), ("WF", "FR"), ("YT", "FR"),
];

/// The registered BBAN structure of a country, if it has IBANs of its own.
fn structure(country: &str) -> Option<&'static str> {
    STRUCTURES
        .binary_search_by(|(code, _)| (*code).cmp(country))
        .ok()
        .map(|i| STRUCTURES[i].1)
}

/// The character classes of a structure, one per BBAN position (`4a6n` → 4 letters, 6
/// digits).
fn positions(structure: &str) -> Vec<CharClass> {
    let mut classes = Vec::new();
    let mut count = 0usize;
    for c in structure.chars() {
        match c.to_digit(10) {
            Some(digit) => count = count * 10 + digit as usize,
            None => {
                let class = match c {
                    'n' => CharClass::Digit,
                    'a' => CharClass::Letter,
                    _ => CharClass::Alphanumeric,
                };
                classes.extend(std::iter::repeat_n(class, count));
                count = 0;
            }
        }
    }
    classes
}

/// The registered IBAN length of a country, if it has IBANs of its own. Only the tests
/// read it (to check the registry and to build IBANs of the right length).
#[cfg(test)]
fn iban_length(country: &str) -> Option<usize> {
    structure(country).map(|s| 4 + positions(s).len())
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

/// The IBAN as stored: upper case, without spaces (nor the tabs or no-break spaces of a
/// copy).
pub fn compact_iban(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Returns the IBAN upper case without spaces, or an error on `field` saying which check
/// failed.
pub fn check_iban(field: &str, value: &str) -> Result<String, DomainError> {
    let bad = |reason: IbanProblem| DomainError::InvalidIban {
        field: field.into(),
        reason,
    };
    let iban = compact_iban(value);
    if iban.len() < 5 || !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad(IbanProblem::Characters));
    }
    let country = &iban[..2];
    if !country.chars().all(|c| c.is_ascii_uppercase())
        || !iban[2..4].chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad(IbanProblem::Prefix));
    }
    if let Some((_, iban_country)) = TERRITORIES.iter().find(|(code, _)| *code == country) {
        return Err(bad(IbanProblem::TerritoryOf {
            country: country.into(),
            iban_country: (*iban_country).into(),
        }));
    }
    let Some(structure) = structure(country) else {
        return Err(bad(IbanProblem::UnknownCountry {
            country: country.into(),
        }));
    };
    let classes = positions(structure);
    let expected = 4 + classes.len();
    if iban.len() != expected {
        return Err(bad(IbanProblem::Length {
            country: country.into(),
            expected,
            found: iban.len(),
        }));
    }
    let misplaced = iban[4..]
        .chars()
        .zip(&classes)
        .position(|(c, class)| !class.admits(c));
    if let Some(index) = misplaced {
        return Err(bad(IbanProblem::Structure {
            country: country.into(),
            position: 5 + index,
            expected: classes[index],
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

    /// `country` + the check digits that make `bban` pass mod 97 + `bban`.
    fn with_check_digits(country: &str, bban: &str) -> String {
        let key = 98 - mod97(&format!("{country}00{bban}"));
        format!("{country}{key:02}{bban}")
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
        assert_eq!(
            check_iban("iban", "MT84 MALT 0110 0001 2345 MTLC AST0 01S").unwrap(),
            "MT84MALT011000012345MTLCAST001S"
        );
    }

    #[test]
    fn real_ibans_of_many_countries_pass() {
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
            "FR1420041010050500013M02606",
            "GR1601101250000000012300695",
            "PL61109010140000071219812874",
            "SE4550000000058398257466",
            "BR1800360305000010009795493C1",
            "SA0380000000608010167519",
            "LC55HEMM000100010012001200023015",
            "RU0304452522540817810538091310419",
            "HN88CABF00000000000250005469",
            "PK36SCBL0000001123456702",
            "YE15CBYE0001018861234567891234",
        ] {
            assert_eq!(check_iban("iban", iban).as_deref(), Ok(iban));
        }
    }

    #[test]
    fn every_registered_country_takes_an_iban_of_its_structure() {
        for (country, structure) in STRUCTURES {
            let bban: String = positions(structure)
                .iter()
                .enumerate()
                .map(|(i, class)| match class {
                    CharClass::Digit => char::from(b'0' + (i % 10) as u8),
                    CharClass::Letter => char::from(b'A' + (i % 26) as u8),
                    CharClass::Alphanumeric => 'X',
                })
                .collect();
            let iban = with_check_digits(country, &bban);
            assert!(iban.len() <= 34, "{iban}");
            assert_eq!(check_iban("iban", &iban).as_deref(), Ok(iban.as_str()));
        }
    }

    #[test]
    fn the_registry_table_is_sorted_and_has_the_known_lengths() {
        assert!(
            STRUCTURES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no duplicates"
        );
        assert_eq!(STRUCTURES.len(), 89);
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
            ("NO", 15),
            ("LC", 32),
            ("RU", 33),
            ("HN", 28),
            ("YE", 30),
            ("PK", 24),
        ] {
            assert_eq!(iban_length(country), Some(len), "{country}");
        }
        assert!(TERRITORIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(TERRITORIES
            .iter()
            .all(|(code, of)| structure(code).is_none() && structure(of).is_some()));
    }

    #[test]
    fn territories_use_their_countrys_iban_not_their_own_code() {
        for (territory, country) in [("GP", "FR"), ("RE", "FR"), ("YT", "FR"), ("JE", "GB")] {
            let bban =
                &with_check_digits(country, &"1".repeat(iban_length(country).unwrap() - 4))[4..];
            assert_eq!(
                problem(&with_check_digits(territory, bban)),
                IbanProblem::TerritoryOf {
                    country: territory.into(),
                    iban_country: country.into()
                }
            );
        }
    }

    #[test]
    fn a_letter_where_the_registry_wants_a_digit_is_refused() {
        // The mod-97 key is right, but FR's bank code (5 digits) holds a letter.
        let iban = with_check_digits("FR", "3000A000011234567890189");
        assert_eq!(
            problem(&iban),
            IbanProblem::Structure {
                country: "FR".into(),
                position: 9,
                expected: CharClass::Digit
            }
        );
        // GB: the bank code is 4 letters.
        let iban = with_check_digits("GB", "WES112345698765432");
        assert_eq!(
            problem(&iban),
            IbanProblem::Structure {
                country: "GB".into(),
                position: 8,
                expected: CharClass::Letter
            }
        );
        let error = check_iban("iban", &with_check_digits("DE", "3704004405320130O0")).unwrap_err();
        assert_eq!(
            error,
            DomainError::InvalidIban {
                field: "iban".into(),
                reason: IbanProblem::Structure {
                    country: "DE".into(),
                    position: 21,
                    expected: CharClass::Digit
                }
            }
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
            error,
            DomainError::InvalidIban {
                field: "iban".into(),
                reason: IbanProblem::Checksum
            }
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
        for country in ["XX", "US", "ZZ"] {
            assert_eq!(
                problem(&with_check_digits(country, "30006000011234567890189")),
                IbanProblem::UnknownCountry {
                    country: country.into()
                }
            );
        }
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

    #[test]
    fn compact_iban_is_idempotent() {
        for typed in ["fr76 3000 6000", " MT84\u{a0}MALT\t0110 ", "", "x y"] {
            let once = compact_iban(typed);
            assert_eq!(compact_iban(&once), once, "{typed:?}");
        }
    }
}
