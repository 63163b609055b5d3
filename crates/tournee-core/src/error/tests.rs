use chrono::NaiveDate;

use super::samples::{every_reason, every_variant};
use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn codes_are_distinct_snake_case() {
    let errors = every_variant();
    let codes: std::collections::BTreeSet<&str> = errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), errors.len());
    assert!(codes
        .iter()
        .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')));
}

#[test]
fn the_codes_the_server_relies_on_are_exact() {
    let code_of = |field: &str| {
        every_variant()
            .into_iter()
            .find(|e| format!("{e:?}").starts_with(field))
            .map(|e| e.code())
    };
    assert_eq!(code_of("VisitDateInFuture"), Some("future_date"));
    assert_eq!(code_of("VisitDateTooOld"), Some("date_out_of_bound"));
    assert_eq!(code_of("InvalidAnswer"), Some("invalid_answers"));
    assert_eq!(code_of("Missing"), Some("missing_mandatory"));
    assert_eq!(code_of("UnknownField"), Some("unknown_field"));
    assert_eq!(code_of("SignatureRequired"), Some("signature_required"));
    assert_eq!(
        code_of("PaymentModeNotAllowed"),
        Some("payment_mode_not_allowed")
    );
    assert_eq!(code_of("DueDateLocked"), Some("due_date_locked"));
}

#[test]
fn the_display_is_a_technical_line_with_the_code_and_the_field() {
    for error in every_reason() {
        assert_eq!(
            error.to_string(),
            format!("{} ({})", error.code(), error.field())
        );
    }
}

#[test]
fn errors_concern_their_field_or_group() {
    let error = DomainError::VisitDateInFuture {
        visit: day(2026, 11, 24),
        written_on: day(2026, 11, 23),
    };
    assert_eq!(error.field(), "visit_date");
    assert_eq!(error.code(), "future_date");
    let error = DomainError::InvalidAnswer {
        group: "remise_proposition_type".into(),
        reason: AnswerProblem::UnknownOption {
            option: "velo".into(),
        },
    };
    assert_eq!(error.field(), "remise_proposition_type");
    let error = DomainError::Missing {
        field: "nom_client".into(),
    };
    assert_eq!(error.field(), "nom_client");
}

#[test]
fn lang_defaults_to_french_and_reads_lowercase() {
    assert_eq!(Lang::default(), Lang::Fr);
    assert_eq!(serde_json::from_str::<Lang>(r#""en""#).unwrap(), Lang::En);
}

#[test]
fn every_error_travels_as_json_under_its_code_and_comes_back_whole() {
    for error in every_reason() {
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["rule"], error.code(), "{json}");
        let back: DomainError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
    }
}
