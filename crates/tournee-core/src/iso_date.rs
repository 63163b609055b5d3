//! The one reader of ISO dates typed by people or carried by change files: exactly
//! `YYYY-MM-DD`, a four-digit year, and a day that exists in the calendar.
//!
//! chrono's `%Y-%m-%d` (and `NaiveDate`'s `FromStr`, which serde uses) is lenient on
//! purpose: it reads `24-01-05` as the year 24, `2024-1-5` as 5 January and `+2024-01-05`
//! as 2024. For a company's founding date or a visit date, each of those is a typing slip
//! that must be refused rather than stored as a date nobody meant; so every place that
//! reads such a date goes through [`parse_iso_date`].

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// The date written `YYYY-MM-DD` (ten characters, no sign, no spaces), or `None` when the
/// text has another shape or names a day that does not exist (`2025-02-29`).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    // The shape check above proved that these slices are ASCII digits.
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// Serde reader of a `YYYY-MM-DD` string through [`parse_iso_date`], for the dates of
/// change files (`#[serde(deserialize_with = "…")]`).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_iso_date(&text).ok_or_else(|| invalid::<D>(&text))
}

/// Like [`deserialize`], for a date that may be `null`.
pub fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| parse_iso_date(&text).ok_or_else(|| invalid::<D>(&text)))
        .transpose()
}

fn invalid<'de, D: Deserializer<'de>>(text: &str) -> D::Error {
    serde::de::Error::invalid_value(
        serde::de::Unexpected::Str(text),
        &"a date YYYY-MM-DD with a four-digit year",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn real_dates_are_read() {
        assert_eq!(parse_iso_date("2024-01-05"), Some(day(2024, 1, 5)));
        assert_eq!(parse_iso_date("2024-02-29"), Some(day(2024, 2, 29)));
        assert_eq!(parse_iso_date("1998-12-31"), Some(day(1998, 12, 31)));
        assert_eq!(parse_iso_date("2000-02-29"), Some(day(2000, 2, 29)));
    }

    #[test]
    fn short_years_and_other_shapes_are_refused() {
        for text in [
            "24-01-05",
            "024-01-05",
            "02024-01-05",
            "+2024-01-05",
            "-2024-01-05",
            "2024-1-5",
            "2024-01-5",
            "2024/01/05",
            "05/01/2024",
            " 2024-01-05",
            "2024-01-05 ",
            "2024-01-05T00:00",
            "2024-０1-05",
            "20２4-01-05",
            "",
            "2024-01",
        ] {
            assert_eq!(parse_iso_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for text in [
            "2025-02-29",
            "1900-02-29",
            "2024-02-30",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-01-32",
        ] {
            assert_eq!(parse_iso_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn chrono_alone_would_take_a_short_year() {
        // Why this module exists: the lenient reading this parser replaces.
        assert_eq!(
            NaiveDate::parse_from_str("24-01-05", "%Y-%m-%d").ok(),
            Some(day(24, 1, 5))
        );
        assert_eq!(parse_iso_date("24-01-05"), None);
    }

    #[derive(Debug, serde::Deserialize)]
    struct Dated {
        #[serde(deserialize_with = "deserialize")]
        day: NaiveDate,
        #[serde(deserialize_with = "deserialize_option")]
        maybe: Option<NaiveDate>,
    }

    #[test]
    fn the_serde_readers_use_the_strict_parser() {
        let ok: Dated = serde_json::from_str(r#"{"day":"2026-11-20","maybe":null}"#).unwrap();
        assert_eq!((ok.day, ok.maybe), (day(2026, 11, 20), None));
        let ok: Dated =
            serde_json::from_str(r#"{"day":"2026-11-20","maybe":"2026-12-01"}"#).unwrap();
        assert_eq!(ok.maybe, Some(day(2026, 12, 1)));
        for bad in [
            r#"{"day":"26-11-20","maybe":null}"#,
            r#"{"day":"2026-11-20","maybe":"2026-1-1"}"#,
            r#"{"day":20261120,"maybe":null}"#,
        ] {
            let error = serde_json::from_str::<Dated>(bad).unwrap_err();
            assert!(error.is_data(), "{bad}: {error}");
        }
    }
}
