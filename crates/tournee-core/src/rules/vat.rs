//! VAT number check (« n° TVA intracommunautaire », `contact_divers_1`).
//!
//! A French number is `FR`, a two-digit key and the company's SIREN; the key is
//! (12 + 3 × (SIREN mod 97)) mod 97, and the SIREN carries its own Luhn key. Monaco's
//! companies have French numbers too, with `000` and six digits in place of a SIREN (no
//! Luhn key there). The other member states' numbers are checked for their FORMAT only
//! (the pattern each publishes for VIES): their check digits follow as many algorithms as
//! there are countries, and only VIES can say whether a number is registered. Greece
//! writes `EL`, Northern Ireland `XI` (its traders keep EU VAT numbers since Brexit).
//!
//! French keys with letters (the « nouvelle clé » scheme of the tax administration's
//! specification, e.g. `FRK7399859412`) are refused with their own message: no official
//! publication we could find gives their algorithm, and numbers the administration issues
//! today all have numeric keys, so checking them by a third party's reconstruction would
//! only pretend to check them.
//!
//! People type spaces, dots and dashes (`FR 40 303 265 045`, `FR40.303.265.045`): they are
//! accepted and dropped; the normalised form (upper case, no separators) is what is stored
//! and compared.

use crate::error::{DomainError, VatProblem};
use crate::rules::siret::{is_siren, luhn};

/// One run of characters in a VAT pattern.
#[derive(Debug, Clone, Copy)]
enum Run {
    /// This many digits.
    Digits(usize),
    /// This many letters.
    Letters(usize),
    /// This many letters or digits.
    Either(usize),
    /// These exact characters.
    Literal(&'static str),
}

use Run::{Digits, Either, Letters, Literal};

/// Member-state prefixes (and `XI`) with the shapes of their numbers after the prefix;
/// sorted. `FR` is here for its shape; its key is checked apart.
#[rustfmt::skip]
const FORMATS: &[(&str, &[&[Run]])] = &[
    ("AT", &[&[Literal("U"), Digits(8)]]),
    ("BE", &[&[Literal("0"), Digits(9)], &[Literal("1"), Digits(9)]]),
    ("BG", &[&[Digits(9)], &[Digits(10)]]),
    ("CY", &[&[Digits(8), Letters(1)]]),
    ("CZ", &[&[Digits(8)], &[Digits(9)], &[Digits(10)]]),
    ("DE", &[&[Digits(9)]]),
    ("DK", &[&[Digits(8)]]),
    ("EE", &[&[Digits(9)]]),
    ("EL", &[&[Digits(9)]]),
    ("ES", &[&[Letters(1), Digits(7), Either(1)], &[Digits(8), Letters(1)]]),
    ("FI", &[&[Digits(8)]]),
    ("FR", &[&[Either(2), Digits(9)]]),
    ("HR", &[&[Digits(11)]]),
    ("HU", &[&[Digits(8)]]),
    ("IE", &[&[Digits(7), Letters(1)], &[Digits(7), Letters(2)], &[Digits(1), Letters(1), Digits(5), Letters(1)]]),
    ("IT", &[&[Digits(11)]]),
    ("LT", &[&[Digits(9)], &[Digits(12)]]),
    ("LU", &[&[Digits(8)]]),
    ("LV", &[&[Digits(11)]]),
    ("MT", &[&[Digits(8)]]),
    ("NL", &[&[Digits(9), Literal("B"), Digits(2)]]),
    ("PL", &[&[Digits(10)]]),
    ("PT", &[&[Digits(9)]]),
    ("RO", &[&[Digits(2)], &[Digits(3)], &[Digits(4)], &[Digits(5)], &[Digits(6)], &[Digits(7)], &[Digits(8)], &[Digits(9)], &[Digits(10)]]),
    ("SE", &[&[Digits(10), Literal("01")]]),
    ("SI", &[&[Digits(8)]]),
    ("SK", &[&[Digits(10)]]),
    ("XI", &[&[Digits(9)], &[Digits(12)], &[Literal("GD"), Digits(3)], &[Literal("HA"), Digits(3)]]),
];

/// What Monaco's numbers hold in place of a SIREN: `000` and six digits.
const MONACO_MARK: &str = "000";

/// Characters people put inside a VAT number.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-')
}

/// The number as stored and compared: upper case, without spaces, dots or dashes.
pub fn normalize_vat(value: &str) -> String {
    value
        .chars()
        .filter(|&c| !is_separator(c))
        .collect::<String>()
        .to_uppercase()
}

/// Whether `text` is exactly the runs of `shape`.
fn fits(text: &str, shape: &[Run]) -> bool {
    let mut rest = text;
    for run in shape {
        let (len, ok): (usize, fn(char) -> bool) = match *run {
            Digits(n) => (n, |c| c.is_ascii_digit()),
            Letters(n) => (n, |c| c.is_ascii_uppercase()),
            Either(n) => (n, |c| c.is_ascii_uppercase() || c.is_ascii_digit()),
            Literal(word) => match rest.strip_prefix(word) {
                Some(after) => {
                    rest = after;
                    continue;
                }
                None => return false,
            },
        };
        if rest.len() < len || !rest[..len].chars().all(ok) {
            return false;
        }
        rest = &rest[len..];
    }
    rest.is_empty()
}

/// The shapes of a member state's numbers, if `prefix` is one.
fn shapes(prefix: &str) -> Option<&'static [&'static [Run]]> {
    FORMATS
        .binary_search_by(|(code, _)| (*code).cmp(prefix))
        .ok()
        .map(|i| FORMATS[i].1)
}

/// The shapes of a member state's numbers as tokens, for a UI to word: runs separated by
/// spaces (`d9` digits, `l2` letters, `e5` letters or digits, `=U` these characters),
/// shapes by `|`; empty when `prefix` is no member state's.
pub fn format_tokens(prefix: &str) -> String {
    let run = |run: &Run| match *run {
        Digits(n) => format!("d{n}"),
        Letters(n) => format!("l{n}"),
        Either(n) => format!("e{n}"),
        Literal(word) => format!("={word}"),
    };
    shapes(prefix)
        .unwrap_or_default()
        .iter()
        .map(|shape| shape.iter().map(run).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("|")
}

/// The key of a French number for these nine digits (SIREN, or Monaco's `000…`).
pub fn french_vat_key(nine_digits: u64) -> u64 {
    (12 + 3 * (nine_digits % 97)) % 97
}

/// The SIREN a French VAT number carries (normalised form), `None` for other countries
/// and for Monaco's numbers, which carry none.
pub fn siren_of_vat(normalised: &str) -> Option<&str> {
    let siren = normalised.strip_prefix("FR")?.get(2..)?;
    (siren.len() == 9 && !siren.starts_with(MONACO_MARK)).then_some(siren)
}

/// The French checks, on what follows `FR` (2 characters + 9 digits, already shaped).
fn check_french(rest: &str) -> Result<(), VatProblem> {
    let (key, digits) = rest.split_at(2);
    if !key.chars().all(|c| c.is_ascii_digit()) {
        return Err(VatProblem::FrenchLetterKey);
    }
    let monaco = digits.starts_with(MONACO_MARK);
    if !monaco && !is_siren(digits) {
        return Err(VatProblem::FrenchSiren);
    }
    // Both parts were checked to be ASCII digits, which always parse.
    let (Ok(key), Ok(number)) = (key.parse::<u64>(), digits.parse::<u64>()) else {
        return Err(VatProblem::FrenchKey);
    };
    if key == french_vat_key(number) {
        Ok(())
    } else {
        Err(VatProblem::FrenchKey)
    }
}

/// Returns the normalised number, or an error on `field` saying what is wrong.
pub fn check_vat(field: &str, value: &str) -> Result<String, DomainError> {
    let bad = |reason| DomainError::InvalidVat {
        field: field.into(),
        reason,
    };
    let vat = normalize_vat(value);
    if vat.is_empty() || !vat.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad(VatProblem::Characters));
    }
    let Some(prefix) = vat
        .get(..2)
        .filter(|p| p.chars().all(|c| c.is_ascii_uppercase()))
    else {
        return Err(bad(VatProblem::Prefix));
    };
    let Some(shapes) = shapes(prefix) else {
        return Err(bad(VatProblem::NotEu {
            prefix: prefix.into(),
        }));
    };
    let rest = &vat[2..];
    if !shapes.iter().any(|shape| fits(rest, shape)) {
        return Err(bad(VatProblem::Format {
            country: prefix.into(),
        }));
    }
    if prefix == "FR" {
        check_french(rest).map_err(bad)?;
    }
    Ok(vat)
}

/// When a French VAT number and a SIRET are both given, the VAT number must carry the
/// SIRET's SIREN: a mismatch is reported on the VAT field (the SIRET is the checked
/// identity of the establishment). Either value invalid, foreign or Monaco's: no opinion.
pub fn check_vat_matches_siret(vat_field: &str, vat: &str, siret: &str) -> Result<(), DomainError> {
    let vat = normalize_vat(vat);
    let siret: String = siret.chars().filter(|c| !c.is_whitespace()).collect();
    let (Some(vat_siren), Some(siret_siren)) = (siren_of_vat(&vat), siret.get(..9)) else {
        return Ok(());
    };
    if vat_siren == siret_siren || !luhn(siret_siren) {
        return Ok(());
    }
    Err(DomainError::InvalidVat {
        field: vat_field.into(),
        reason: VatProblem::SirenMismatch {
            vat_siren: vat_siren.into(),
            siret_siren: siret_siren.into(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(value: &str) -> VatProblem {
        match check_vat("contact_divers_1", value) {
            Err(DomainError::InvalidVat { field, reason }) => {
                assert_eq!(field, "contact_divers_1");
                reason
            }
            other => panic!("expected an invalid VAT number for {value:?}, got {other:?}"),
        }
    }

    #[test]
    fn french_numbers_with_their_key_pass_whatever_the_separators() {
        for (typed, stored) in [
            ("FR40303265045", "FR40303265045"),
            ("FR 40 303 265 045", "FR40303265045"),
            ("fr40.303.265.045", "FR40303265045"),
            ("FR-40-303-265-045", "FR40303265045"),
            ("FR23334175221", "FR23334175221"),
            // Renault (SIREN 780 129 987), EDF (552 081 317), La Poste (356 000 000).
            ("FR 66 780 129 987", "FR66780129987"),
            ("FR03552081317", "FR03552081317"),
            ("FR39356000000", "FR39356000000"),
        ] {
            assert_eq!(check_vat("v", typed).as_deref(), Ok(stored), "{typed}");
        }
    }

    #[test]
    fn the_french_key_follows_the_siren() {
        assert_eq!(french_vat_key(303_265_045), 40);
        assert_eq!(french_vat_key(552_081_317), 3);
        assert_eq!(problem("FR41303265045"), VatProblem::FrenchKey);
        // 323 140 391 is no SIREN (its Luhn key is wrong).
        assert_eq!(problem("FR84323140391"), VatProblem::FrenchSiren);
        // Right key for 303265046, which is no SIREN.
        let key = french_vat_key(303_265_046);
        assert_eq!(
            problem(&format!("FR{key:02}303265046")),
            VatProblem::FrenchSiren
        );
    }

    #[test]
    fn monaco_numbers_carry_no_siren_but_a_key() {
        let key = french_vat_key(123_456);
        let vat = format!("FR{key:02}000123456");
        assert_eq!(check_vat("v", &vat).as_deref(), Ok(vat.as_str()));
        assert_eq!(siren_of_vat(&vat), None);
        let wrong = format!("FR{:02}000123456", (key + 1) % 97);
        assert_eq!(problem(&wrong), VatProblem::FrenchKey);
    }

    #[test]
    fn french_keys_with_letters_are_refused_with_their_own_message() {
        assert_eq!(problem("FRK7399859412"), VatProblem::FrenchLetterKey);
        assert_eq!(problem("FR4Z123456782"), VatProblem::FrenchLetterKey);
    }

    #[test]
    fn other_member_states_are_checked_for_their_format() {
        for vat in [
            "ATU13585627",
            "BE0411905847",
            "BG175074752",
            "BG1750747521",
            "CY10259033P",
            "CZ25123891",
            "CZ7103192745",
            "DE136695976",
            "DK13585628",
            "EE100931558",
            "EL094259216",
            "ESA28017895",
            "ESB12345674",
            "ES12345678Z",
            "FI20774740",
            "HR33392005961",
            "HU12892312",
            "IE6388047V",
            "IE1234567WA",
            "IE8Z49289F",
            "IT00743110157",
            "LT119511515",
            "LT100001919017",
            "LU15027442",
            "LV40003521600",
            "MT11679112",
            "NL004495445B01",
            "PL5260250274",
            "PT501964843",
            "RO18547290",
            "RO12",
            "SE556036079301",
            "SI50223054",
            "SK2022749619",
            "XI123456789",
            "XI123456789012",
            "XIGD123",
            "XIHA456",
        ] {
            assert_eq!(check_vat("v", vat).as_deref(), Ok(vat), "{vat}");
        }
        assert_eq!(
            check_vat("v", "de 136.695.976").as_deref(),
            Ok("DE136695976")
        );
    }

    #[test]
    fn shapes_that_do_not_fit_name_the_country() {
        for (vat, country) in [
            ("AT13585627", "AT"),
            ("BE2411905847", "BE"),
            ("DE13669597", "DE"),
            ("DE1366959761", "DE"),
            ("EL09425921A", "EL"),
            ("ES123456789", "ES"),
            ("NL004495445A01", "NL"),
            ("SE556036079302", "SE"),
            ("FR403032650", "FR"),
            ("FR4030326504X", "FR"),
            ("RO1", "RO"),
            ("XIGD12", "XI"),
        ] {
            assert_eq!(
                problem(vat),
                VatProblem::Format {
                    country: country.into()
                },
                "{vat}"
            );
        }
        let error = check_vat("contact_divers_1", "DE13669597").unwrap_err();
        assert_eq!(error.code(), "invalid_vat");
        assert_eq!(
            error,
            DomainError::InvalidVat {
                field: "contact_divers_1".into(),
                reason: VatProblem::Format {
                    country: "DE".into()
                }
            }
        );
    }

    #[test]
    fn prefixes_outside_the_union_are_refused_with_a_hint() {
        for (vat, prefix) in [
            ("GR094259216", "GR"),
            ("GB123456789", "GB"),
            ("CH123456789", "CH"),
        ] {
            assert_eq!(
                problem(vat),
                VatProblem::NotEu {
                    prefix: prefix.into()
                }
            );
        }
    }

    #[test]
    fn stray_characters_and_missing_prefixes_are_refused() {
        for bad in ["", "   ", "FR 40_303", "FR40303265045é", "FR/40303265045"] {
            assert_eq!(problem(bad), VatProblem::Characters, "{bad:?}");
        }
        for bad in ["40303265045", "F4", "1FR40303265045"] {
            assert_eq!(problem(bad), VatProblem::Prefix, "{bad:?}");
        }
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for typed in ["fr 40.303-265 045", "FR40303265045", "", " x. -y", "éa.b"] {
            let once = normalize_vat(typed);
            assert_eq!(normalize_vat(&once), once, "{typed:?}");
        }
    }

    #[test]
    fn the_vat_number_must_carry_the_sirets_siren() {
        assert_eq!(
            check_vat_matches_siret("contact_divers_1", "FR 66 780 129 987", "78012998700035"),
            Ok(())
        );
        let error = check_vat_matches_siret("contact_divers_1", "FR40303265045", "73282932000074")
            .unwrap_err();
        assert_eq!(error.field(), "contact_divers_1");
        assert_eq!(
            error,
            DomainError::InvalidVat {
                field: "contact_divers_1".into(),
                reason: VatProblem::SirenMismatch {
                    vat_siren: "303265045".into(),
                    siret_siren: "732829320".into()
                }
            }
        );
        // Foreign numbers, Monaco's and invalid SIRETs give no opinion.
        for (vat, siret) in [
            ("DE136695976", "73282932000074"),
            ("FR11000123456", "73282932000074"),
            ("FR40303265045", "7328"),
            ("FR40303265045", "73282932100072"),
        ] {
            assert_eq!(
                check_vat_matches_siret("v", vat, siret),
                Ok(()),
                "{vat} {siret}"
            );
        }
    }

    #[test]
    fn formats_are_given_as_tokens() {
        assert_eq!(format_tokens("AT"), "=U d8");
        assert_eq!(format_tokens("CZ"), "d8|d9|d10");
        assert_eq!(format_tokens("ZZ"), "");
    }

    #[test]
    fn the_table_is_sorted_and_has_every_member_state() {
        assert!(FORMATS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(FORMATS.len(), 28, "27 member states and XI");
    }
}
