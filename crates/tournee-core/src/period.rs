//! Statistics periods (« Mois en cours », « 12 derniers mois », « Année N-1 »…): whole
//! months ending with the current one, computed the same way on the laptop (the rep's
//! own figures) and on the server (the figures an admin's snapshot carries for every rep).

use chrono::{Datelike, Months, NaiveDate};

use crate::error::DomainError;

/// A period of whole months, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Its code (`12m`…).
    pub code: String,
    /// First day of the first month.
    pub from: NaiveDate,
    /// Last day of the last month.
    pub to: NaiveDate,
    /// Months `YYYY-MM`.
    pub months: Vec<String>,
}

/// The periods offered, by code.
pub const PERIODS: &[&str] = &["month", "3m", "6m", "12m", "year", "last_year"];

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The period `code` as seen on `today`.
pub fn period(code: &str, today: NaiveDate) -> Result<Period, DomainError> {
    let this_month = first_of_month(today);
    let back = |months: u32| this_month.checked_sub_months(Months::new(months));
    let (from, last_month) = match code {
        "month" => (Some(this_month), this_month),
        "3m" => (back(2), this_month),
        "6m" => (back(5), this_month),
        "12m" => (back(11), this_month),
        "year" => (NaiveDate::from_ymd_opt(today.year(), 1, 1), this_month),
        "last_year" => (
            NaiveDate::from_ymd_opt(today.year() - 1, 1, 1),
            NaiveDate::from_ymd_opt(today.year() - 1, 12, 1).unwrap_or(this_month),
        ),
        _ => (None, this_month),
    };
    let from = from.ok_or_else(|| DomainError::InvalidFormat {
        field: "period".into(),
        expected: PERIODS.join(", "),
    })?;
    let to = last_month
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(today);
    let mut months = Vec::new();
    let mut month = from;
    while month <= last_month {
        months.push(month.format("%Y-%m").to_string());
        month = match month.checked_add_months(Months::new(1)) {
            Some(next) => next,
            None => break,
        };
    }
    Ok(Period {
        code: code.to_string(),
        from,
        to,
        months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        crate::iso_date::parse_iso_date(text).unwrap()
    }

    #[test]
    fn periods_are_whole_months_ending_with_the_current_one() {
        let today = day("2026-11-23");
        let twelve = period("12m", today).unwrap();
        assert_eq!(twelve.from, day("2025-12-01"));
        assert_eq!(twelve.to, day("2026-11-30"));
        assert_eq!(twelve.months.len(), 12);
        assert_eq!(twelve.months.first().unwrap(), "2025-12");
        let last = period("last_year", today).unwrap();
        assert_eq!((last.from, last.to), (day("2025-01-01"), day("2025-12-31")));
        assert_eq!(period("month", today).unwrap().months, ["2026-11"]);
        assert_eq!(
            period("year", day("2026-02-10")).unwrap().months,
            ["2026-01", "2026-02"]
        );
        assert!(period("forever", today).is_err());
    }
}
