//! A visit is never dated in the future, nor further back than the configured bound.

use chrono::{Duration, NaiveDate};

use crate::error::DomainError;

/// `written_on` is the rep's local date when validating (not the server's: files may
/// arrive days later after a stretch offline).
pub fn check_visit_date(
    visit: NaiveDate,
    written_on: NaiveDate,
    bound_days: u32,
) -> Result<(), DomainError> {
    if visit > written_on {
        return Err(DomainError::VisitDateInFuture { visit, written_on });
    }
    let oldest_allowed = written_on - Duration::days(i64::from(bound_days));
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
}
