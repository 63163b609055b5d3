//! « Visite ce jour » may record an earlier visit, but never one in the future, nor one
//! further back than the bound the admin sets (« borne de jour la saisie de visite »).

use chrono::{Days, NaiveDate};

use crate::error::DomainError;

/// Checks a visit date against `written_on`, the rep's local date when validating (not the
/// server's: files may arrive days later after a stretch offline). `written_on` itself and
/// `written_on - bound_days` are both allowed.
pub fn check_visit_date(
    visit: NaiveDate,
    written_on: NaiveDate,
    bound_days: u32,
) -> Result<(), DomainError> {
    if visit > written_on {
        return Err(DomainError::VisitDateInFuture { visit, written_on });
    }
    // A bound reaching before the calendar's start allows any past date.
    let oldest_allowed = written_on
        .checked_sub_days(Days::new(u64::from(bound_days)))
        .unwrap_or(NaiveDate::MIN);
    if visit < oldest_allowed {
        return Err(DomainError::VisitDateTooOld {
            visit,
            oldest_allowed,
            bound_days,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn today_and_the_bound_itself_are_allowed() {
        check_visit_date(day(20), day(20), 7).unwrap();
        check_visit_date(day(13), day(20), 7).unwrap();
    }

    #[test]
    fn tomorrow_and_beyond_the_bound_are_refused() {
        assert_eq!(
            check_visit_date(day(21), day(20), 7).unwrap_err().code(),
            "future_date"
        );
        assert_eq!(
            check_visit_date(day(12), day(20), 7).unwrap_err().code(),
            "date_out_of_bound"
        );
        assert_eq!(
            check_visit_date(day(19), day(20), 0).unwrap_err().code(),
            "date_out_of_bound"
        );
    }

    #[test]
    fn the_bound_crosses_months_and_years() {
        let written = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
        let oldest = NaiveDate::from_ymd_opt(2025, 12, 11).unwrap();
        check_visit_date(oldest, written, 30).unwrap();
        let error = check_visit_date(oldest.pred_opt().unwrap(), written, 30).unwrap_err();
        assert_eq!(
            error,
            DomainError::VisitDateTooOld {
                visit: NaiveDate::from_ymd_opt(2025, 12, 10).unwrap(),
                oldest_allowed: oldest,
                bound_days: 30
            }
        );
        assert_eq!(error.field(), "visit_date");
    }

    #[test]
    fn a_zero_bound_allows_only_the_day_itself() {
        check_visit_date(day(20), day(20), 0).unwrap();
        assert_eq!(
            check_visit_date(day(21), day(20), 0),
            Err(DomainError::VisitDateInFuture {
                visit: day(21),
                written_on: day(20)
            })
        );
    }

    #[test]
    fn a_huge_bound_does_not_overflow() {
        check_visit_date(day(1), day(20), u32::MAX).unwrap();
    }
}
