//! Every error the field app can show has a French and an English sentence: one sample of
//! each variant (the `match` below stops compiling when a variant is added without one),
//! of each reason inside them, and of each failure of the transport, worded in both
//! languages by the catalogue. The English sentence must not be the French one nor carry
//! French punctuation or words, and every sentence names the values it is about.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::PathBuf;

use tournee_core::{DomainError, Lang};
use tournee_field::error::catalogue;
use tournee_field::error::{AppRule, FieldError, FolderProblem, Forbidden, RuleError, UserProblem};
use tournee_sync::{ManifestError, WriteError};

/// Forces a sample per variant: adding a variant breaks this match until it has one.
fn variant_name(error: &FieldError) -> &'static str {
    match error {
        FieldError::NotConfigured => "NotConfigured",
        FieldError::Rules(_) => "Rules",
        FieldError::Folder { .. } => "Folder",
        FieldError::User { .. } => "User",
        FieldError::NoSnapshot { .. } => "NoSnapshot",
        FieldError::Manifest(_) => "Manifest",
        FieldError::SnapshotMismatch { .. } => "SnapshotMismatch",
        FieldError::SnapshotTooNew { .. } => "SnapshotTooNew",
        FieldError::UnknownClient(_) => "UnknownClient",
        FieldError::UnknownProspect(_) => "UnknownProspect",
        FieldError::NotAllowed(_) => "NotAllowed",
        FieldError::Write(_) => "Write",
        FieldError::Sql(_) => "Sql",
        FieldError::Io { .. } => "Io",
        FieldError::Link(_) => "Link",
        FieldError::Json { .. } => "Json",
        FieldError::NotOpened { .. } => "NotOpened",
    }
}

fn samples() -> Vec<FieldError> {
    let path = || PathBuf::from("/home/rep/Tournee/bases");
    let mut errors = vec![
        FieldError::NotConfigured,
        FieldError::NoSnapshot { folder: path() },
        FieldError::Manifest(ManifestError::Io {
            path: path(),
            source: std::io::Error::other("gone"),
        }),
        FieldError::SnapshotMismatch {
            path: path(),
            what: "sha256",
        },
        FieldError::SnapshotTooNew { found: 3, known: 2 },
        FieldError::UnknownClient("C0000042".into()),
        FieldError::UnknownProspect("01JPROSPECT".into()),
        FieldError::Write(WriteError::DiskFull { path: path() }),
        FieldError::Write(WriteError::AlreadyPublished { path: path() }),
        FieldError::Write(WriteError::Io {
            path: path(),
            source: std::io::Error::other("denied"),
        }),
        FieldError::Sql(rusqlite::Error::QueryReturnedNoRows),
        FieldError::io(path(), std::io::Error::other("denied")),
        FieldError::Json {
            what: "fleet_json".into(),
            source: serde_json::from_str::<u8>("x").unwrap_err(),
        },
        FieldError::NotOpened {
            path: path(),
            detail: "exit status 3".into(),
        },
        FieldError::rule(DomainError::Missing {
            field: "nom_client".into(),
        }),
    ];
    for problem in [
        FolderProblem::Empty,
        FolderProblem::Missing,
        FolderProblem::NotWritable,
        FolderProblem::NoManifest,
        FolderProblem::DatabaseMissing,
    ] {
        errors.push(FieldError::Folder {
            field: "snapshot_dir",
            path: path(),
            problem,
        });
    }
    for problem in [
        UserProblem::NotInSnapshot,
        UserProblem::Unknown,
        UserProblem::OtherRepsFolder {
            owner: "nbertrand".into(),
        },
    ] {
        errors.push(FieldError::User {
            user: "jdupont".into(),
            problem,
        });
    }
    for why in [
        Forbidden::OtherRepsFigures,
        Forbidden::NotPortfolioClient {
            client: "C0000042".into(),
        },
        Forbidden::ProspectBeingDeleted,
        Forbidden::ProspectAwaitingValidation,
        Forbidden::ProspectNotYours,
        Forbidden::NotAnExport {
            path: "/etc/passwd".into(),
        },
    ] {
        errors.push(FieldError::NotAllowed(why));
    }
    for rule in [
        AppRule::Unchanged {
            field: "tel_1".into(),
        },
        AppRule::NothingChanged {
            field: "nom_client".into(),
        },
        AppRule::DateInPast {
            field: "date_revoir".into(),
        },
        AppRule::BadSignature {
            field: "signature".into(),
        },
        AppRule::BadRange {
            field: "to".into(),
            max_days: 372,
        },
    ] {
        errors.push(FieldError::Rules(vec![RuleError::App(rule)]));
    }
    errors.extend(catalogue::link_errors().into_iter().map(FieldError::Link));
    errors
}

/// Marks of French text an English sentence must not have.
const FRENCH_MARKS: &[&str] = &[
    "é", "è", "à", "ç", "ê", "«", "»", " le ", " la ", " les ", " des ", " est ", " pas ", " un ",
];

#[test]
fn every_error_reads_in_french_and_in_english() {
    let samples = samples();
    let mut variants: Vec<&str> = samples.iter().map(variant_name).collect();
    variants.sort_unstable();
    variants.dedup();
    assert_eq!(
        variants.len(),
        17,
        "one sample of every variant: {variants:?}"
    );
    for error in &samples {
        let fr = error.to_command_error(Lang::Fr);
        let en = error.to_command_error(Lang::En);
        assert_eq!(fr.code, en.code, "{error:?}");
        assert!(!fr.message.trim().is_empty() && !en.message.trim().is_empty());
        assert_ne!(fr.message, en.message, "{} is not translated", fr.code);
        for mark in FRENCH_MARKS {
            assert!(
                !en.message.contains(mark),
                "English sentence of {} carries {mark:?}: {}",
                en.code,
                en.message
            );
        }
        for problem in &en.problems {
            assert!(!problem.field.is_empty(), "{}", en.code);
        }
    }
}

#[test]
fn sentences_name_the_values_they_are_about() {
    let refused_elsewhere = FieldError::NotAllowed(Forbidden::NotPortfolioClient {
        client: "C0000042".into(),
    });
    for lang in [Lang::Fr, Lang::En] {
        let shown = refused_elsewhere.to_command_error(lang);
        assert_eq!(shown.code, "not_portfolio_client");
        assert!(shown.message.contains("C0000042"), "{}", shown.message);
    }
    let other_folder = FieldError::User {
        user: "jdupont".into(),
        problem: UserProblem::OtherRepsFolder {
            owner: "nbertrand".into(),
        },
    }
    .to_command_error(Lang::En);
    assert_eq!(other_folder.field.as_deref(), Some("user"));
    assert!(other_folder.message.contains("nbertrand") && other_folder.message.contains("jdupont"));
    let offline = FieldError::Link(tournee_link::LinkError::Offline(
        "connection refused".into(),
    ));
    assert!(offline
        .to_command_error(Lang::Fr)
        .message
        .starts_with("Serveur injoignable"));
    assert!(offline
        .to_command_error(Lang::En)
        .message
        .contains("connection refused"));
}
