//! The spec's test vectors (`sync-spec/vectors/`) through the file-level checks.
//!
//! The reasons that need no server state (section 6.1, checks 1 to 8, 3b included) must come out of
//! [`parse_change_file`] exactly as `cases.json` says; so must, for a record change (`RC`,
//! section 12), the rules of its fields (`missing_mandatory`, `invalid_field`), which its
//! payload's reader checks. Every other vector must parse, its refusal (if any) being the
//! server's business.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::PathBuf;

use tournee_sync::{parse_change_file, strip_conflict_marker, RejectReason, MAX_FILE_BYTES};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sync-spec/vectors")
}

#[test]
fn file_level_reasons_match_the_vectors() {
    let file_level = [
        RejectReason::BadName,
        RejectReason::Oversized,
        RejectReason::BadJson,
        RejectReason::DuplicateKey,
        RejectReason::UnsupportedSpec,
        RejectReason::Schema,
        RejectReason::UnknownType,
        RejectReason::NameMismatch,
    ];
    let cases_path = vectors_dir().join("cases.json");
    let cases: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&cases_path).unwrap()).unwrap();
    assert!(!cases.is_empty());
    let mut checked = 0;
    for case in &cases {
        let folder = case["folder"].as_str().unwrap();
        let file = case["file"].as_str().unwrap();
        let bytes = std::fs::read(vectors_dir().join("files").join(folder).join(file)).unwrap();
        let base = strip_conflict_marker(file).unwrap_or_else(|| file.to_string());
        let record_level = [RejectReason::MissingMandatory, RejectReason::InvalidField];
        let is_record = base.starts_with("RC_");
        let expected = case["reason"]
            .as_str()
            .and_then(RejectReason::from_code)
            .filter(|reason| {
                file_level.contains(reason) || (is_record && record_level.contains(reason))
            });
        let got = parse_change_file(&base, &bytes, MAX_FILE_BYTES).err();
        assert_eq!(
            got.as_ref().map(|r| r.reason),
            expected,
            "vector {}: {got:?}",
            case["id"]
        );
        checked += usize::from(expected.is_some());
    }
    assert!(
        checked >= file_level.len(),
        "only {checked} file-level vectors"
    );
    let records = cases
        .iter()
        .filter(|c| c["file"].as_str().unwrap().starts_with("RC_"))
        .count();
    assert!(
        records >= 30,
        "issue 13 asks for at least 30 RC vectors, {records} found"
    );
}
