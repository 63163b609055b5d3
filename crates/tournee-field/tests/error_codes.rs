//! Every error the field app can show reaches the window as a code and its values: one
//! sample of each variant (the `match` below stops compiling when a variant is added
//! without one), of each domain rule and reason inside them, and of each failure of the
//! transport. Together they use every [`ErrorCode`] and [`ReasonCode`], and they are
//! written to `ui/tests/fixtures/error-samples.json` (checked current like the bindings),
//! where the UI's tests word each one in French and in English.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tournee_core::error::{
    AnswerProblem, CharClass, FormProblem, IbanProblem, SiretProblem, VatProblem,
};
use tournee_core::opportunity::OpportunityRule;
use tournee_core::DomainError;
use tournee_core::{QuoteRule, QuoteStatus};
use tournee_field::dto::{
    CommandError, DuplicateMatchView, ErrorCode, ReasonCode, Refusal, RefusalCode,
};
use tournee_field::{
    AppRule, FieldError, FolderProblem, Forbidden, LinkKind, LinkedPartyOp, RuleError, UserProblem,
};
use tournee_link::{InputProblem, LinkError, LinkFailure};
use tournee_sync::{Detail, ManifestError, RecordError, WriteError};

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
        FieldError::UnknownRecord { .. } => "UnknownRecord",
        FieldError::Duplicates(_) => "Duplicates",
        FieldError::Record(_) => "Record",
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// One error of each domain rule and of each reason inside them.
fn domain_samples() -> Vec<DomainError> {
    let f = || "nom_client".to_string();
    let vat = |reason| DomainError::InvalidVat {
        field: "contact_divers_1".into(),
        reason,
    };
    let iban = |reason| DomainError::InvalidIban {
        field: "iban".into(),
        reason,
    };
    let siret = |reason| DomainError::InvalidSiret {
        field: "contact_divers_2".into(),
        reason,
    };
    let answer = |reason| DomainError::InvalidAnswer {
        group: "type_contact".into(),
        reason,
    };
    let form = |reason| DomainError::InvalidForm {
        group: "type_contact".into(),
        reason,
    };
    let option = || "visite".to_string();
    vec![
        DomainError::Missing { field: f() },
        DomainError::Missing {
            field: "contacts[1].phone".into(),
        },
        DomainError::TooLong {
            field: f(),
            max: 35,
            len: 40,
        },
        DomainError::UnknownField {
            field: "zz_col".into(),
        },
        DomainError::InvalidFormat {
            field: f(),
            expected: "un code de 3 lettres".into(),
        },
        DomainError::NotAnInteger { field: f() },
        DomainError::NotADate { field: f() },
        DomainError::InvalidTime {
            field: "visit_time".into(),
        },
        DomainError::InvalidBic { field: f() },
        DomainError::InvalidSiren { field: f() },
        DomainError::InvalidPhone {
            field: "tel_1".into(),
        },
        DomainError::PaymentModeNotAllowed {
            field: "c_mod_rgl_1".into(),
            mode: "CH".into(),
            category: "TRAN".into(),
        },
        DomainError::PaymentModeNotAllowed {
            field: "c_mod_rgl_1".into(),
            mode: "CH".into(),
            category: String::new(),
        },
        DomainError::DueDateLocked {
            field: "nb_jour_1".into(),
            expected_days: 20,
        },
        DomainError::SignatureRequired {
            field: "signature".into(),
        },
        DomainError::VisitDateInFuture {
            visit: day(2026, 11, 21),
            written_on: day(2026, 11, 20),
        },
        DomainError::VisitDateTooOld {
            visit: day(2026, 1, 1),
            oldest_allowed: day(2026, 10, 21),
            bound_days: 30,
        },
        DomainError::UnknownFleetType {
            field: "fleet".into(),
            code: "BUS".into(),
        },
        DomainError::TooManyVehicles {
            field: "fleet".into(),
            code: "VL".into(),
            count: 100_001,
            max: 100_000,
        },
        DomainError::LineBreak { field: f() },
        DomainError::ForbiddenCharacter {
            field: f(),
            code_point: 0x202E,
        },
        DomainError::InvalidEmail {
            field: "contacts[0].email".into(),
        },
        vat(VatProblem::Characters),
        vat(VatProblem::Prefix),
        vat(VatProblem::NotEu {
            prefix: "GB".into(),
        }),
        vat(VatProblem::Format {
            country: "DE".into(),
        }),
        vat(VatProblem::Format {
            country: "BE".into(),
        }),
        vat(VatProblem::Format {
            country: "NL".into(),
        }),
        vat(VatProblem::Format {
            country: "XI".into(),
        }),
        vat(VatProblem::Format {
            country: "CY".into(),
        }),
        vat(VatProblem::FrenchKey),
        vat(VatProblem::FrenchSiren),
        vat(VatProblem::FrenchLetterKey),
        vat(VatProblem::SirenMismatch {
            vat_siren: "303265045".into(),
            siret_siren: "732829320".into(),
        }),
        iban(IbanProblem::Characters),
        iban(IbanProblem::Prefix),
        iban(IbanProblem::UnknownCountry {
            country: "US".into(),
        }),
        iban(IbanProblem::Length {
            country: "FR".into(),
            expected: 27,
            found: 26,
        }),
        iban(IbanProblem::TerritoryOf {
            country: "GP".into(),
            iban_country: "FR".into(),
        }),
        iban(IbanProblem::Structure {
            country: "FR".into(),
            position: 9,
            expected: CharClass::Digit,
        }),
        iban(IbanProblem::Structure {
            country: "NL".into(),
            position: 5,
            expected: CharClass::Letter,
        }),
        iban(IbanProblem::Structure {
            country: "FR".into(),
            position: 24,
            expected: CharClass::Alphanumeric,
        }),
        iban(IbanProblem::Checksum),
        siret(SiretProblem::Shape),
        siret(SiretProblem::SirenKey),
        siret(SiretProblem::EstablishmentKey),
        answer(AnswerProblem::UnknownGroup),
        answer(AnswerProblem::UnknownOption { option: option() }),
        answer(AnswerProblem::OneExpected),
        answer(AnswerProblem::ListExpected),
        answer(AnswerProblem::DuplicateOption { option: option() }),
        answer(AnswerProblem::ParentNotSelected { option: option() }),
        answer(AnswerProblem::Required),
        form(FormProblem::MissingGroupId),
        form(FormProblem::MissingGroupLabel),
        form(FormProblem::DuplicateGroup),
        form(FormProblem::NoOptions),
        form(FormProblem::MissingOptionId),
        form(FormProblem::MissingOptionLabel { option: option() }),
        form(FormProblem::DuplicateOption { option: option() }),
    ]
}

/// One error of each kind the transport raises, and each refusal the server sends.
fn link_samples() -> Vec<LinkError> {
    let mut errors = vec![
        LinkError::NotEnrolled,
        LinkError::Offline("connection refused".into()),
        LinkError::CertificateChanged {
            expected: "AB12".into(),
            seen: "CD34".into(),
        },
        LinkError::BadAnswer("eof".into()),
        LinkError::HashMismatch,
        LinkError::io("/tmp/state.json", std::io::Error::other("denied")),
        LinkError::Key(tournee_sync::SignError::BadKey("short".into())),
    ];
    for code in [
        "code_refused",
        "unknown_code",
        "too_many_attempts",
        "code_used",
        "code_expired",
        "code_burnt",
        "bad_proof",
        "key_taken",
        "unknown_user",
        "unknown_device",
        "revoked_device",
        "replay",
        "bad_signature",
        "internal",
        "too_large",
    ] {
        errors.push(LinkError::Refused {
            status: 403,
            code: code.into(),
            message: "request too large".into(),
        });
    }
    for problem in [
        InputProblem::NotHttps,
        InputProblem::NotJustHostAndPort,
        InputProblem::CodeShape,
        InputProblem::CodeForAnotherUser {
            code_user: "nbertrand".into(),
            app_user: "jdupont".into(),
        },
    ] {
        errors.push(LinkError::Input {
            field: "code",
            problem,
        });
    }
    errors
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
        // Several rules at once: the window words each, next to its field.
        FieldError::rules(vec![
            DomainError::Missing {
                field: "nom_client".into(),
            },
            DomainError::InvalidPhone {
                field: "tel_1".into(),
            },
        ]),
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
    errors.extend(domain_samples().into_iter().map(FieldError::rule));
    errors.extend(link_samples().into_iter().map(FieldError::Link));
    // The CRM's records (after the others, so that their samples keep their ids).
    errors.push(FieldError::UnknownRecord {
        entity: "party",
        id: "01JPARTY".into(),
    });
    errors.push(FieldError::Duplicates(vec![DuplicateMatchView {
        id: "01JPARTY".into(),
        name: "Garage Martin".into(),
        city: Some("Lyon".into()),
        reasons: vec!["phone".into(), "name".into()],
    }]));
    errors.push(FieldError::Record(RecordError::BadId("x".into())));
    for rule in [
        AppRule::UnknownActionType {
            field: "action_type".into(),
            code: "fax".into(),
        },
        AppRule::NotAReminder {
            field: "reminders".into(),
            todo_id: "01JTODO".into(),
        },
        AppRule::NotACompany {
            field: "party_id".into(),
        },
        AppRule::UnknownChoice {
            field: "attendee".into(),
            value: "paul".into(),
        },
        AppRule::AlreadyDone { field: "id".into() },
        AppRule::LinkedParty {
            field: "phone".into(),
            link: LinkKind::Client,
            op: LinkedPartyOp::Update,
        },
        AppRule::LinkedParty {
            field: "id".into(),
            link: LinkKind::Prospect,
            op: LinkedPartyOp::Delete,
        },
        // Every rule of the pipeline (issue 15), each worded by the window.
        AppRule::Opportunity(OpportunityRule::UnknownPipeline("salon".into())),
        AppRule::Opportunity(OpportunityRule::UnknownStage {
            pipeline: "standard".into(),
            stage: "devis".into(),
        }),
        AppRule::Opportunity(OpportunityRule::NotFirstStage {
            stage: "besoin".into(),
            first: "qualification".into(),
        }),
        AppRule::Opportunity(OpportunityRule::StageSkipped {
            from: "qualification".into(),
            to: "proposition".into(),
            next: "besoin".into(),
        }),
        AppRule::Opportunity(OpportunityRule::PipelineChanged("standard".into())),
        AppRule::Opportunity(OpportunityRule::CreatedClosed),
        AppRule::Opportunity(OpportunityRule::Closed("won")),
        AppRule::Opportunity(OpportunityRule::WonBeforeLastStage {
            stage: "proposition".into(),
            last: "negociation".into(),
        }),
        AppRule::Opportunity(OpportunityRule::LossReasonMissing),
        // Every rule of a quote's lifecycle (issue 15), each worded by the window.
        AppRule::Quote(QuoteRule::CreatedNotDraft(QuoteStatus::Sent)),
        AppRule::Quote(QuoteRule::StatusMove {
            from: QuoteStatus::Draft,
            to: QuoteStatus::Accepted,
        }),
        AppRule::Quote(QuoteRule::Closed {
            status: QuoteStatus::Accepted,
            field: "lines".into(),
        }),
        AppRule::Quote(QuoteRule::OpportunityLost),
    ] {
        errors.push(FieldError::Rules(vec![RuleError::App(rule)]));
    }
    errors
}

/// The samples as the window receives them, each with a stable id (its place and code),
/// and a failure kept by a newer build, which only a stored state can hold.
fn sample_errors() -> Vec<(String, CommandError)> {
    let mut shown: Vec<(String, CommandError)> = samples()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let shown = e.to_command_error();
            (format!("{i:03}:{}", shown.code), shown)
        })
        .collect();
    let kept = CommandError::from_link_failure(&LinkFailure {
        code: "from_a_newer_build".into(),
        values: Default::default(),
    });
    shown.push(("kept:link_failed".into(), kept));
    // What the server's browser back end answers (`server/src/web/`): no field error of
    // the app's own, so built as the server builds them.
    // (The detail is the server's sentence in the user's language: a neutral one here.)
    let detail = "RC_ovoir_01M91WFHFTVH2Q23NZ5N3E6MK9.json: no_access";
    for (code, values) in [
        (ErrorCode::ChangeRefused, vec![("detail", detail)]),
        (ErrorCode::SignedOut, vec![]),
        (ErrorCode::NotOnline, vec![]),
    ] {
        let error = CommandError {
            code,
            field: None,
            values: values
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            problems: Vec::new(),
        };
        shown.push((format!("web:{}", code.as_str()), error));
    }
    shown
}

#[test]
fn every_variant_has_a_sample_and_every_code_is_used() {
    let samples = samples();
    let variants: BTreeSet<&str> = samples.iter().map(variant_name).collect();
    assert_eq!(
        variants.len(),
        20,
        "one sample of every variant: {variants:?}"
    );
    let shown = sample_errors();
    let mut codes = BTreeSet::new();
    let mut reasons = BTreeSet::new();
    for (_, error) in &shown {
        codes.insert(error.code.as_str());
        for problem in &error.problems {
            assert!(!problem.field.is_empty(), "{}", error.code);
            codes.insert(problem.code.as_str());
            if let Some(reason) = problem.values.get("reason") {
                reasons.insert(reason.clone());
            }
        }
    }
    let all: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, all, "every error code has a sample");
    let all: BTreeSet<String> = ReasonCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    assert_eq!(reasons, all, "every reason code has a sample");
}

#[test]
fn codes_are_distinct() {
    let codes: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes.len(), ErrorCode::ALL.len());
    let reasons: BTreeSet<&str> = ReasonCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(reasons.len(), ReasonCode::ALL.len());
    // The domain's codes are the core's own, unchanged.
    for error in domain_samples() {
        assert_eq!(
            FieldError::rule(error.clone()).code().as_str(),
            error.code()
        );
    }
}

#[test]
fn errors_carry_the_values_their_sentences_name() {
    let refused_elsewhere = FieldError::NotAllowed(Forbidden::NotPortfolioClient {
        client: "C0000042".into(),
    })
    .to_command_error();
    assert_eq!(refused_elsewhere.code, ErrorCode::NotPortfolioClient);
    assert_eq!(refused_elsewhere.values["client"], "C0000042");
    let other_folder = FieldError::User {
        user: "jdupont".into(),
        problem: UserProblem::OtherRepsFolder {
            owner: "nbertrand".into(),
        },
    }
    .to_command_error();
    assert_eq!(other_folder.field.as_deref(), Some("user"));
    assert_eq!(other_folder.code, ErrorCode::UserOtherRepsFolder);
    assert_eq!(other_folder.problems[0].values["owner"], "nbertrand");
    assert_eq!(other_folder.problems[0].values["user"], "jdupont");
    let offline =
        FieldError::Link(LinkError::Offline("connection refused".into())).to_command_error();
    assert_eq!(offline.code, ErrorCode::LinkOffline);
    assert_eq!(offline.values["detail"], "connection refused");
    // While enrolling, a server nobody answers is the address's problem.
    assert_eq!(offline.field.as_deref(), Some("server_url"));
    // A rule names a profile column in both languages, by the label people know: data
    // the window has no copy of.
    let missing = FieldError::rule(DomainError::Missing {
        field: "c_pays".into(),
    })
    .to_command_error();
    assert_eq!(missing.problems[0].values["field"], "c_pays");
    assert_eq!(missing.problems[0].values["label_fr"], "pays");
    assert_eq!(missing.problems[0].values["label_en"], "country");
    // A pseudo field travels by name only: the window words it (`field.contacts.phone`).
    let missing = FieldError::rule(DomainError::Missing {
        field: "contacts[1].phone".into(),
    })
    .to_command_error();
    assert_eq!(missing.field.as_deref(), Some("contacts[1].phone"));
    assert_eq!(missing.problems[0].values["field"], "contacts[1].phone");
    assert!(
        !missing.problems[0].values.contains_key("label_fr")
            && !missing.problems[0].values.contains_key("label_en"),
        "{missing:?}"
    );
    // A refused enrollment code points at the code field.
    let refused = FieldError::Link(LinkError::Refused {
        status: 403,
        code: "unknown_code".into(),
        message: "unknown".into(),
    })
    .to_command_error();
    assert_eq!(refused.code, ErrorCode::LinkCodeRefused);
    assert_eq!(refused.field.as_deref(), Some("code"));
}

#[test]
fn a_kept_failure_without_a_value_its_sentence_names_is_not_worded_with_a_hole() {
    let kept = |code: &str, pairs: &[(&str, &str)]| {
        CommandError::from_link_failure(&LinkFailure {
            code: code.into(),
            values: pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        })
    };
    // Whole, a kept failure reads as the live one does.
    let whole = kept(
        "certificate_changed",
        &[("expected", "AB12"), ("seen", "CD34")],
    );
    assert_eq!(whole.code, ErrorCode::LinkCertificateChanged);
    assert_eq!(whole.values["seen"], "CD34");
    // Without a value its sentence names, it is the generic failure naming what is
    // missing, never the sentence with an empty value.
    for (code, pairs, named) in [
        ("offline", &[][..], "offline, without detail"),
        (
            "certificate_changed",
            &[("expected", "AB12")][..],
            "certificate_changed, without seen",
        ),
        (
            "refused",
            &[("server_code", "code_used")][..],
            "refused, without server_message",
        ),
        ("invalid_input", &[][..], "invalid_input, without problem"),
        (
            "invalid_input",
            &[("problem", "code_for_another_user"), ("code_user", "nb")][..],
            "invalid_input, without app_user",
        ),
    ] {
        let shown = kept(code, pairs);
        assert_eq!(shown.code, ErrorCode::LinkFailed, "{code} {pairs:?}");
        assert_eq!(shown.values.len(), 1, "{code} {pairs:?}");
        assert_eq!(shown.values["code"], named);
    }
    // Every failure the transport raises carries its values: none is the generic one
    // unless it is a refusal or a problem this build does not know.
    for error in link_samples() {
        let failure = error.failure();
        let shown = CommandError::from_link_failure(&failure);
        assert_ne!(shown.code, ErrorCode::LinkFailed, "{failure:?}");
        assert!(
            shown.values.values().all(|v| !v.is_empty()),
            "{failure:?}: {shown:?}"
        );
    }
}

/// The samples file the UI's tests word: regenerated with `UPDATE_BINDINGS=1`.
#[test]
fn error_samples_are_current() {
    let samples: Vec<serde_json::Value> = sample_errors()
        .into_iter()
        .map(|(id, error)| serde_json::json!({ "id": id, "error": error }))
        .collect();
    fixture_is_current("error-samples.json", &samples);
}

/// The UI's fixture `ui/tests/fixtures/<name>` holds `value` as pretty JSON: written with
/// `UPDATE_BINDINGS=1`, compared otherwise.
fn fixture_is_current(name: &str, value: &impl serde::Serialize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/tests/fixtures")
        .join(name);
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is out of date: run UPDATE_BINDINGS=1 cargo test -p tournee-field --test error_codes",
        path.display()
    );
}

/// One refused file's detail of each kind, as the window receives it: every
/// [`RefusalCode`] once, written to `ui/tests/fixtures/refusal-samples.json` (regenerated
/// with `UPDATE_BINDINGS=1`), where the UI's tests word each one in French and in English.
#[test]
fn every_refusal_detail_reaches_the_window_as_a_code_and_its_samples_are_current() {
    let refusals: Vec<Refusal> = Detail::one_of_each()
        .iter()
        .map(|detail| Refusal::from_detail(detail).unwrap())
        .collect();
    let codes: Vec<&str> = refusals.iter().map(|r| r.code.as_str()).collect();
    let all: Vec<&str> = RefusalCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, all, "one sample of each code, in order");
    assert_eq!(codes, Detail::CODES.to_vec(), "the app knows every detail");
    let rules = refusals.iter().find(|r| r.code == RefusalCode::Rules);
    assert_eq!(
        rules.unwrap().problems[0].code,
        ErrorCode::MissingMandatory,
        "broken rules travel as the app's own problems"
    );
    fixture_is_current("refusal-samples.json", &refusals);
}

/// The fields the window words itself (pseudo fields, contacts' parts) with the Rust
/// catalogue's labels, written to `ui/tests/fixtures/field-labels.json` (regenerated with
/// `UPDATE_BINDINGS=1`): the UI's test checks that its `field.<name>` keys word each one
/// the same, in French and in English, and that none of them travels with a label.
#[test]
fn the_fields_the_window_words_are_current() {
    let worded = tournee_sentences::worded_fields();
    let mut labels = serde_json::Map::new();
    for (name, fr, en) in &worded {
        let error = FieldError::rule(DomainError::Missing {
            field: name.clone(),
        })
        .to_command_error();
        let values = &error.problems[0].values;
        // A name annex 2 also knows is data: its label travels and the window's is unused.
        if tournee_core::annex2_label(name, tournee_core::Lang::Fr).is_some() {
            assert!(values.contains_key("label_fr"), "{name}: {values:?}");
            continue;
        }
        assert_eq!(values.get("field"), Some(name), "{name}");
        assert!(!values.contains_key("label_fr"), "{name}: {values:?}");
        labels.insert(name.clone(), serde_json::json!({ "fr": fr, "en": en }));
    }
    assert!(labels.len() > 10, "{labels:?}");
    fixture_is_current("field-labels.json", &labels);
}
