//! Phone numbers in one canonical form (E.164: `+33612345678`), so that the duplicate
//! check on prospect creation finds a number whatever the rep typed: `+33 6 12 34 56 78`,
//! `0033612345678`, `06.12.34.56.78`, `(+33) 6 12 34 56 78`, `+33 (0)6 12 34 56 78`,
//! `+33 06 12 34 56 78`.
//!
//! * A French national number (10 digits, `0` then 9) belongs to the country code its range
//!   is assigned to in the national numbering plan (ARCEP): the overseas departments and
//!   collectivities share the plan but not +33, so `0590 27 12 34` is `+590590271234`,
//!   the same line as `+590 590 27 12 34`. The ranges are those of libphonenumber's
//!   regional metadata (9.0.43) for GP/BL/MF, GF, MQ, RE, YT and PM, block by block
//!   (the `OVERSEAS` table); a number typed with +33 and an overseas range is read the same way.
//! * After a country code, the national trunk prefix `0` is dropped (`+44 020 7946 0958`
//!   is `+442079460958`), except in the countries whose numbers start with 0 (Italy…).
//!   `(0)` right after the country code is that trunk prefix written as such. Anywhere
//!   else parentheses only group digits: `(0)` is the digit 0, and a number it makes too
//!   long is refused.
//! * The country code must exist and the national number have one of its lengths.
//!
//! Why our own tables and not the `phonenumber` crate (a port of libphonenumber, 0.3.10):
//! it reads `0590 27 12 34` as `+33590271234` (and calls it invalid), so the duplicate
//! check would still miss the overseas numbers; it adds about 4 MB to a binary and four
//! minutes to a release build on two cores, for the two facts used here per country.

use crate::error::DomainError;

/// Country codes (ITU-T E.164) with whether `0` is their national trunk prefix and the
/// lengths of their national numbers, from libphonenumber's metadata (9.0.43); sorted.
#[rustfmt::skip]
const COUNTRY_CODES: &[(&str, bool, &[u8])] = &[
    ("1", false, &[7, 10]), ("20", true, &[8, 9, 10]), ("211", true, &[9]), ("212", true, &[9]),
    ("213", true, &[8, 9]), ("216", false, &[8]), ("218", true, &[9]), ("220", false, &[7, 9]),
    ("221", false, &[9]), ("222", false, &[8]), ("223", false, &[8]), ("224", false, &[8, 9]),
    ("225", false, &[10]), ("226", false, &[8]), ("227", false, &[8]), ("228", false, &[8]),
    ("229", false, &[10]), ("230", false, &[7, 8, 10]), ("231", true, &[7, 8, 9]),
    ("232", true, &[8]), ("233", true, &[8, 9]), ("234", true, &[10, 11, 12, 13, 14]),
    ("235", false, &[8]), ("236", false, &[8]), ("237", false, &[8, 9]), ("238", false, &[7]),
    ("239", false, &[7]), ("240", false, &[9]), ("241", false, &[7, 8]), ("242", false, &[9]),
    ("243", true, &[7, 8, 9, 10]), ("244", false, &[9]), ("245", false, &[7, 9]),
    ("246", false, &[7]), ("247", false, &[5, 6]), ("248", false, &[7]), ("249", true, &[9]),
    ("250", true, &[8, 9]), ("251", true, &[9]), ("252", true, &[6, 7, 8, 9]),
    ("253", false, &[8]), ("254", true, &[7, 8, 9, 10]), ("255", true, &[9]), ("256", true, &[9]),
    ("257", false, &[8]), ("258", false, &[8, 9]), ("260", true, &[9]), ("261", true, &[9]),
    ("262", true, &[9]), ("263", true, &[7, 9, 10]), ("264", true, &[8, 9]),
    ("265", true, &[7, 9]), ("266", false, &[8]), ("267", false, &[7, 8, 10]),
    ("268", false, &[8, 9]), ("269", false, &[7]), ("27", true, &[5, 6, 7, 8, 9, 10]),
    ("290", false, &[4, 5]), ("291", true, &[7]), ("297", false, &[7]), ("298", false, &[6]),
    ("299", false, &[6]), ("30", false, &[10, 11, 12]), ("31", true, &[5, 6, 7, 8, 9, 10, 11]),
    ("32", true, &[8, 9]), ("33", true, &[9]), ("34", false, &[9]), ("350", false, &[8]),
    ("351", false, &[9]), ("352", false, &[4, 5, 6, 7, 8, 9, 10, 11]),
    ("353", true, &[7, 8, 9, 10]), ("354", false, &[7, 9]), ("355", true, &[6, 7, 8, 9]),
    ("356", false, &[8]), ("357", false, &[8]), ("358", true, &[5, 6, 7, 8, 9, 10, 11, 12]),
    ("359", true, &[6, 7, 8, 9, 12]), ("36", false, &[8, 9]), ("370", true, &[8]),
    ("371", false, &[8]), ("372", false, &[7, 8, 10]), ("373", true, &[8]), ("374", true, &[8]),
    ("375", false, &[6, 7, 8, 9, 10, 11]), ("376", false, &[6, 8, 9]), ("377", true, &[8, 9]),
    ("378", false, &[8, 10]), ("380", true, &[9, 10]), ("381", true, &[6, 7, 8, 9, 10, 11, 12]),
    ("382", true, &[8, 9]), ("383", true, &[8, 9, 10, 11, 12]), ("385", true, &[7, 8, 9]),
    ("386", true, &[5, 6, 7, 8]), ("387", true, &[8, 9]), ("389", true, &[8]),
    ("39", false, &[6, 7, 8, 9, 10, 11, 12]), ("40", true, &[6, 9]), ("41", true, &[9, 12]),
    ("420", false, &[9, 10, 11, 12]), ("421", true, &[6, 7, 9]), ("423", true, &[7, 9]),
    ("43", true, &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), ("44", true, &[7, 9, 10]),
    ("45", false, &[8]), ("46", true, &[6, 7, 8, 9, 10, 12]), ("47", false, &[5, 8]),
    ("48", false, &[6, 7, 8, 9, 10]), ("49", true, &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
    ("500", false, &[5]), ("501", false, &[7, 11]), ("502", false, &[8, 11]),
    ("503", false, &[7, 8, 11]), ("504", false, &[8, 11]), ("505", false, &[8]),
    ("506", false, &[8, 10]), ("507", false, &[7, 8, 10, 11]), ("508", true, &[6, 9]),
    ("509", false, &[8]), ("51", true, &[8, 9]), ("52", false, &[10]),
    ("53", true, &[6, 7, 8, 10]), ("54", true, &[10, 11]), ("55", true, &[8, 9, 10, 11]),
    ("56", false, &[9, 10, 11]), ("57", true, &[8, 10, 11]), ("58", true, &[10]),
    ("590", true, &[9]), ("591", true, &[8, 9]), ("592", false, &[7]),
    ("593", true, &[8, 9, 10, 11]), ("594", true, &[9]), ("595", true, &[6, 7, 8, 9, 10, 11]),
    ("596", true, &[9]), ("597", false, &[6, 7]),
    ("598", true, &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), ("599", false, &[7, 8]),
    ("60", true, &[8, 9, 10]), ("61", true, &[5, 6, 7, 8, 9, 10, 12]),
    ("62", true, &[7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
    ("63", true, &[6, 8, 9, 10, 11, 12, 13]), ("64", true, &[5, 6, 7, 8, 9, 10]),
    ("65", false, &[8, 10, 11]), ("66", true, &[8, 9, 10, 13]), ("670", false, &[7, 8]),
    ("672", false, &[6]), ("673", false, &[7]), ("674", false, &[7]), ("675", false, &[7, 8]),
    ("676", false, &[5, 7]), ("677", false, &[5, 7]), ("678", false, &[5, 7]),
    ("679", false, &[7, 11]), ("680", false, &[7]), ("681", false, &[6, 9]), ("682", false, &[5]),
    ("683", false, &[4, 7]), ("685", false, &[5, 6, 7, 10]), ("686", true, &[5, 8]),
    ("687", false, &[6]), ("688", false, &[5, 6, 7]), ("689", false, &[6, 8, 9]),
    ("690", false, &[4, 5, 6, 7]), ("691", false, &[7]), ("692", false, &[7]),
    ("7", false, &[10, 14]), ("800", false, &[8]), ("808", false, &[8]),
    ("81", true, &[8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
    ("82", true, &[5, 6, 8, 9, 10, 11, 12, 13, 14]), ("84", true, &[7, 8, 9, 10]),
    ("850", true, &[8, 10]), ("852", false, &[5, 6, 7, 8, 9, 11]), ("853", false, &[7, 8]),
    ("855", true, &[8, 9, 10]), ("856", true, &[8, 9, 10]), ("86", true, &[7, 8, 9, 10, 11, 12]),
    ("870", false, &[9, 12]), ("878", false, &[12]), ("880", true, &[6, 7, 8, 9, 10]),
    ("881", false, &[9, 10]), ("882", false, &[7, 8, 9, 10, 11, 12]),
    ("883", false, &[8, 9, 10, 11, 12]), ("886", true, &[7, 8, 9, 10, 11]), ("888", false, &[11]),
    ("90", true, &[7, 10, 12, 13]), ("91", true, &[8, 9, 10, 11, 12, 13]),
    ("92", true, &[8, 9, 10, 11, 12]), ("93", true, &[9]), ("94", true, &[9]),
    ("95", true, &[6, 7, 8, 9, 10]), ("960", false, &[7, 10]), ("961", true, &[7, 8]),
    ("962", true, &[8, 9]), ("963", true, &[8, 9]), ("964", true, &[8, 9, 10]),
    ("965", false, &[7, 8]), ("966", true, &[9, 10]), ("967", true, &[7, 8, 9]),
    ("968", false, &[7, 8, 9]), ("970", true, &[8, 9, 10]),
    ("971", true, &[5, 6, 7, 8, 9, 10, 11, 12]), ("972", true, &[7, 8, 9, 10, 11, 12]),
    ("973", false, &[8]), ("974", false, &[7, 8, 9, 11]), ("975", false, &[7, 8]),
    ("976", true, &[8, 9, 10]), ("977", true, &[8, 10, 11]), ("979", false, &[9]),
    ("98", true, &[4, 5, 6, 7, 10]), ("992", false, &[9]), ("993", false, &[8]),
    ("994", true, &[9]), ("995", true, &[9]), ("996", true, &[9, 10]), ("998", false, &[9]),
];

/// Ranges of the French plan (national number without its `0`) assigned to the overseas
/// departments and collectivities: prefix, country code, and how many leading digits the
/// country's own numbering leaves out (Saint-Pierre-et-Miquelon's `0508 41 23 45` is
/// `+508 41 23 45`). The longest matching prefix wins.
#[rustfmt::skip]
pub(crate) const OVERSEAS: &[(&str, &str, usize)] = &[
    // Guadeloupe, Saint-Barthélemy, Saint-Martin.
    ("590", "590", 0), ("5987", "590", 0), ("690", "590", 0), ("691", "590", 0),
    ("7090", "590", 0), ("9395", "590", 0), ("9475", "590", 0), ("9760", "590", 0),
    ("9761", "590", 0), ("9768", "590", 0),
    // Guyane.
    ("594", "594", 0), ("5988", "594", 0), ("694", "594", 0), ("70930", "594", 0),
    ("70931", "594", 0), ("70932", "594", 0), ("70933", "594", 0), ("9396", "594", 0),
    ("9476", "594", 0), ("9764", "594", 0), ("9765", "594", 0),
    // Martinique.
    ("596", "596", 0), ("5989", "596", 0), ("696", "596", 0), ("697", "596", 0),
    ("7091", "596", 0), ("9397", "596", 0), ("9477", "596", 0), ("9766", "596", 0),
    ("9767", "596", 0),
    // La Réunion.
    ("262", "262", 0), ("2630", "262", 0), ("2631", "262", 0), ("2688", "262", 0),
    ("692", "262", 0), ("693", "262", 0), ("7092", "262", 0), ("9399", "262", 0),
    ("9479", "262", 0), ("9762", "262", 0), ("9763", "262", 0),
    // Mayotte.
    ("269", "262", 0), ("2689", "262", 0), ("639", "262", 0), ("70935", "262", 0),
    ("70936", "262", 0), ("70937", "262", 0), ("9398", "262", 0), ("9478", "262", 0),
    ("9769", "262", 0),
    // Saint-Pierre-et-Miquelon.
    ("508", "508", 3), ("7084", "508", 0), ("7085", "508", 0),
];

/// Characters people put between digits.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-' | '/')
}

/// A country code's trunk rule and national lengths.
fn country(code: &str) -> Option<(bool, &'static [u8])> {
    COUNTRY_CODES
        .binary_search_by(|(c, _, _)| (*c).cmp(code))
        .ok()
        .map(|i| (COUNTRY_CODES[i].1, COUNTRY_CODES[i].2))
}

/// A French national number (without its `0`) under the country code its range is
/// assigned to: `("590", "590271234")` for `590271234`, `("33", …)` outside the overseas
/// ranges.
pub(crate) fn french_range(national: &str) -> (&'static str, &str) {
    OVERSEAS
        .iter()
        .filter(|(prefix, _, _)| national.starts_with(prefix))
        .max_by_key(|(prefix, _, _)| prefix.len())
        .map_or(("33", national), |&(_, code, skip)| {
            (code, national.get(skip..).unwrap_or_default())
        })
}

/// `+` and the digits, when the national number has one of the country's lengths and the
/// whole fits E.164's 15 digits.
fn e164(code: &str, national: &str) -> Option<String> {
    let (trunk_zero, lengths) = country(code)?;
    // Where 0 is the trunk prefix no national number starts with it: such a form would
    // read back as another number (`0508 08 43 71` names no line of Saint-Pierre).
    if trunk_zero && national.starts_with('0') {
        return None;
    }
    let len = u8::try_from(national.len()).ok()?;
    // E.164 caps the whole number at 15 digits, whatever a country's longest numbers.
    (lengths.contains(&len) && code.len() + national.len() <= 15)
        .then(|| format!("+{code}{national}"))
}

/// The digits of the text without separators; `None` when something else than digits,
/// `+` and parentheses is left, when parentheses are unbalanced, nested or empty, or when a
/// `+` is anywhere but first (or right after a first `(`). Parentheses only group digits:
/// `(0)` is the digit 0.
fn digits_of(compact: &str) -> Option<String> {
    let mut digits = String::new();
    let mut open: Option<usize> = None;
    for (i, c) in compact.char_indices() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 || (i == 1 && open == Some(0)) => {}
            '(' if open.is_none() => open = Some(i),
            ')' => {
                let start = open.take()?;
                let inside = &compact[start + 1..i];
                if !inside.chars().any(|c| c.is_ascii_digit()) {
                    return None;
                }
            }
            _ => return None,
        }
    }
    open.is_none().then_some(digits)
}

/// The canonical form, or `None` when the text is not a phone number.
///
/// A French national number is 10 digits starting with 0 (not 00); an international one
/// starts with `+` or `00` (possibly inside a first parenthesis: `(+33)`) and becomes `+`,
/// its country code and its national number without trunk prefix.
pub fn normalize_phone(value: &str) -> Option<String> {
    let compact: String = value.chars().filter(|&c| !is_separator(c)).collect();
    let unbracketed = compact.strip_prefix('(').unwrap_or(&compact);
    let plus = unbracketed.starts_with('+');
    let international = plus || unbracketed.starts_with("00");
    let digits = digits_of(&compact)?;
    if !international {
        let national = digits.strip_prefix('0')?;
        if digits.len() != 10 || national.starts_with('0') {
            return None;
        }
        let (code, national) = french_range(national);
        return e164(code, national);
    }
    let full = if plus { &digits[..] } else { &digits[2..] };
    let (code, rest) = (1..=3)
        .filter_map(|len| full.get(..len).zip(full.get(len..)))
        .find(|(code, _)| country(code).is_some())?;
    let (trunk_zero, _) = country(code)?;
    // `+44 020…`, `+44 (0)20…`: the trunk prefix has no place after the country code; in
    // Italy (no trunk prefix) the 0 is the number's own first digit.
    let national = match rest.strip_prefix('0') {
        Some(without) if trunk_zero => without,
        _ => rest,
    };
    // Where 0 is the trunk prefix, no national number starts with it (a second 0 is a slip).
    if trunk_zero && national.starts_with('0') {
        return None;
    }
    if code == "33" {
        let (code, national) = french_range(national);
        return e164(code, national);
    }
    e164(code, national)
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
    fn a_range_that_would_read_back_as_another_number_is_refused() {
        // Found by fuzzing (fuzz target `field_values`): 0508 is Saint-Pierre-et-Miquelon's
        // block, whose numbers never start with 0; this one used to give `+508084371`, which
        // reads back as nothing.
        assert_eq!(normalize_phone("0508 08 43 71"), None);
        assert_eq!(
            normalize_phone("0508 41 23 45").as_deref(),
            Some("+508412345")
        );
        assert_eq!(normalize_phone("+508412345").as_deref(), Some("+508412345"));
    }

    fn canonical(typed: &str) -> Option<String> {
        normalize_phone(typed)
    }

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
            "(+33) 6 12 34 56 78",
            "(+33)612345678",
            "(0033) 6 12 34 56 78",
            "+33 06 12 34 56 78",
            "+33 (6) 12 34 56 78",
        ] {
            assert_eq!(canonical(typed).as_deref(), Some("+33612345678"), "{typed}");
        }
    }

    #[test]
    fn landlines_and_other_french_numbers_work_too() {
        assert_eq!(canonical("04 78 12 34 56").as_deref(), Some("+33478123456"));
        assert_eq!(canonical("09.70.00.00.00").as_deref(), Some("+33970000000"));
        assert_eq!(canonical("05 56 12 34 56").as_deref(), Some("+33556123456"));
        assert_eq!(canonical("0800 123 456").as_deref(), Some("+33800123456"));
        assert_eq!(canonical("07 56 12 34 56").as_deref(), Some("+33756123456"));
    }

    #[test]
    fn overseas_numbers_take_their_own_country_code() {
        for (typed, expected) in [
            // Guadeloupe, Saint-Barthélemy, Saint-Martin: +590.
            ("0590 27 12 34", "+590590271234"),
            ("+590 590 27 12 34", "+590590271234"),
            ("00590 590 27 12 34", "+590590271234"),
            ("+33 590 27 12 34", "+590590271234"),
            ("+590 0590 27 12 34", "+590590271234"),
            ("0690 12 34 56", "+590690123456"),
            ("0691 23 45 67", "+590691234567"),
            ("0590 87 12 34", "+590590871234"),
            ("09 76 01 23 45", "+590976012345"),
            // Guyane: +594.
            ("0594 29 12 34", "+594594291234"),
            ("0694 20 12 34", "+594694201234"),
            ("+594 694 20 12 34", "+594694201234"),
            // Martinique: +596.
            ("0596 30 12 34", "+596596301234"),
            ("0696 12 34 56", "+596696123456"),
            ("0697 12 34 56", "+596697123456"),
            ("09 76 61 23 45", "+596976612345"),
            // La Réunion: +262.
            ("0262 12 34 56", "+262262123456"),
            ("+262 262 12 34 56", "+262262123456"),
            ("0692 12 34 56", "+262692123456"),
            ("0693 12 34 56", "+262693123456"),
            ("09 76 27 12 34", "+262976271234"),
            // Mayotte: +262 too.
            ("0269 61 23 45", "+262269612345"),
            ("0639 12 34 56", "+262639123456"),
            ("+262 639 12 34 56", "+262639123456"),
            // Saint-Pierre-et-Miquelon: +508 and six digits.
            ("0508 41 23 45", "+508412345"),
            ("+508 41 23 45", "+508412345"),
        ] {
            assert_eq!(canonical(typed).as_deref(), Some(expected), "{typed}");
        }
    }

    #[test]
    fn the_trunk_prefix_after_a_country_code_is_dropped() {
        for (typed, expected) in [
            ("+44 020 7946 0958", "+442079460958"),
            ("+44 (0)20 7946 0958", "+442079460958"),
            ("+44 20 7946 0958", "+442079460958"),
            ("0044 (0)20 7946 0958", "+442079460958"),
            ("+49 (0)30 123456", "+4930123456"),
            ("+32 (0)2 123 45 67", "+3221234567"),
            ("+41 (0)22 123 45 67", "+41221234567"),
            // Italy has no trunk prefix: the 0 is the number's own.
            ("+39 06 1234 5678", "+390612345678"),
            ("+39 (0)6 1234 5678", "+390612345678"),
            ("+1 (212) 555-0100", "+12125550100"),
        ] {
            assert_eq!(canonical(typed).as_deref(), Some(expected), "{typed}");
        }
    }

    #[test]
    fn a_zero_in_brackets_elsewhere_is_a_digit() {
        // Read as the digit 0, it makes these numbers one digit too long: refused, not
        // silently shortened.
        for typed in [
            "+33 6 12 (0)34 56 78",
            "06 12 34 (0)56 78",
            "+44 20 (0)7946 0958 1",
        ] {
            assert_eq!(canonical(typed), None, "{typed}");
        }
        assert_eq!(
            canonical("06 12 (0)4 56 78").as_deref(),
            Some("+33612045678"),
            "ten digits with it"
        );
    }

    #[test]
    fn foreign_numbers_keep_their_country() {
        assert_eq!(
            canonical("+41 22 123 45 67").as_deref(),
            Some("+41221234567")
        );
        assert_eq!(
            canonical("0041 22 123 45 67").as_deref(),
            Some("+41221234567")
        );
        assert_eq!(canonical("+32 2 123 45 67").as_deref(), Some("+3221234567"));
        assert_eq!(
            canonical("+352 26 12 34 56").as_deref(),
            Some("+35226123456")
        );
        assert_eq!(
            canonical("+377 93 15 12 34").as_deref(),
            Some("+37793151234")
        );
        assert_eq!(
            canonical("+34 912 34 56 78").as_deref(),
            Some("+34912345678")
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
            "+33 6 12 34 56",
            "+33 6 12 34 56 78 9",
            "06+12",
            "++33612345678",
            "+0612345678",
            "000612345678",
            "+1234567",
            "+1234567890123456",
            "06 12 34 56 78 poste 12",
            "+999 123 456 789",
            "+590 27 12 34",
            "(06 12 34 56 78",
            "06) 12 34 56 78",
            "06 ((12)) 34 56 78",
            "() 06 12 34 56 78",
            "(+) 33 6 12 34 56 78",
            "+44 00 20 7946 0958",
            "+90 0020 4999",
            "+49 2338 9563 9417 00",
            "6 (+33) 12 34 56 78",
            "+33 6 12 34 56 7+8",
        ] {
            assert_eq!(canonical(typed), None, "{typed}");
        }
    }

    #[test]
    fn normalising_the_canonical_form_changes_nothing() {
        for typed in [
            "06 12 34 56 78",
            "0590 27 12 34",
            "0508 41 23 45",
            "+44 (0)20 7946 0958",
            "+39 06 1234 5678",
            "0269 61 23 45",
            "+1 (212) 555-0100",
        ] {
            let once = canonical(typed).unwrap();
            assert_eq!(canonical(&once).as_deref(), Some(once.as_str()), "{typed}");
        }
    }

    /// Texts made of what people type in phone fields, from a fixed-seed generator (no
    /// crate needed for a property this simple).
    fn typed_texts(count: usize) -> Vec<String> {
        const ALPHABET: &[char] = &[
            '0', '0', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '9', ' ', '.', '-', '/',
            '+', '(', ')',
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = 6 + (next() % 16) as usize;
                (0..len)
                    .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn every_canonical_form_is_e164_and_stable() {
        let mut accepted = 0;
        for typed in typed_texts(200_000) {
            if let Some(once) = canonical(&typed) {
                accepted += 1;
                assert!(
                    once.starts_with('+') && once.len() <= 16,
                    "{typed:?} → {once}"
                );
                assert!(once[1..].chars().all(|c| c.is_ascii_digit()), "{once}");
                assert_eq!(
                    canonical(&once).as_deref(),
                    Some(once.as_str()),
                    "{typed:?}"
                );
            }
        }
        assert!(
            accepted > 100,
            "the generator reaches real numbers ({accepted})"
        );
    }

    #[test]
    fn the_tables_are_sorted_and_prefix_free() {
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0].0 < w[1].0));
        for (code, _, lengths) in COUNTRY_CODES {
            assert!(!lengths.is_empty() && code.len() <= 3, "{code}");
            for (other, _, _) in COUNTRY_CODES {
                assert!(code == other || !other.starts_with(code), "{code} {other}");
            }
        }
        for (prefix, code, skip) in OVERSEAS {
            assert!(country(code).is_some(), "{code}");
            assert!(*skip < 9 && !prefix.is_empty());
        }
        assert_eq!(country("33"), Some((true, &[9u8][..])));
        assert_eq!(country("39").map(|c| c.0), Some(false));
    }

    #[test]
    fn check_phone_names_the_field() {
        assert_eq!(
            check_phone("tel_2", "06 12 34 56 78").as_deref(),
            Ok("+33612345678")
        );
        let error = check_phone("tel_1", "abc").unwrap_err();
        assert_eq!((error.field(), error.code()), ("tel_1", "invalid_phone"));
    }
}
