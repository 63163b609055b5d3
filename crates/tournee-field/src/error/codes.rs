//! Every error of the field app reduced to a code and the values its sentence names: the
//! one place where a [`FieldError`], a domain rule or a transport failure becomes what the
//! window receives. No sentence here: the UI's catalogues word the codes (in the language
//! the rep reads now, so a failure kept between sync rounds follows a language switch).

use tournee_core::error::{
    AnswerProblem, CharClass, FormProblem, IbanProblem, SiretProblem, VatProblem,
};
use tournee_core::{DomainError, Lang, QuoteRule};
use tournee_link::LinkFailure;
use tournee_sentences::data_label;
use tournee_sync::{Detail, WriteError};

use super::{AppRule, FieldError, FolderProblem, Forbidden, RuleError, UserProblem};
use crate::dto::{ErrorCode, Problem, ReasonCode, Refusal, RefusalCode, Values};

/// Values from `(name, value)` pairs.
fn values<const N: usize>(pairs: [(&str, String); N]) -> Values {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The field's name, with its label in both languages where that label is data: the
/// profile's (annex 2) or the visit form's vocabulary, which the UI has no copy of, so it
/// travels as values and the UI picks the one of the language shown. The pseudo fields
/// (`visit_date`, `signature`, `contacts[i].phone`…) travel by name only: the UI words them
/// from its own catalogue (`field.<name>`), and shows a name nobody knows as it is.
fn labelled(field: &str) -> Values {
    let mut out = values([("field", field.to_string())]);
    if let (Some(fr), Some(en)) = (data_label(field, Lang::Fr), data_label(field, Lang::En)) {
        out.insert("label_fr".into(), fr);
        out.insert("label_en".into(), en);
    }
    out
}

/// A refused change file's detail as the UI words it: broken rules one by one, as the
/// app's own checks say them; any other kind by its code and values.
pub fn refused_file(detail: &Detail) -> Option<Refusal> {
    let code = RefusalCode::ALL
        .iter()
        .copied()
        .find(|code| code.as_str() == detail.code())?;
    let problems = match detail {
        Detail::Rules { problems } => problems
            .iter()
            .map(|problem| {
                let (code, values) = domain(problem);
                Problem {
                    field: problem.field().to_string(),
                    code,
                    values,
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(Refusal {
        code,
        values: detail
            .values()
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect(),
        problems,
    })
}

/// A domain rule's code and values.
pub fn domain(error: &DomainError) -> (ErrorCode, Values) {
    use DomainError as D;
    let mut out = labelled(error.field());
    let mut add = |pairs: &[(&str, String)]| {
        for (k, v) in pairs {
            out.insert((*k).to_string(), v.clone());
        }
    };
    let code = match error {
        D::Missing { .. } => ErrorCode::MissingMandatory,
        D::TooLong { max, len, .. } => {
            add(&[("max", max.to_string()), ("len", len.to_string())]);
            ErrorCode::TooLong
        }
        D::UnknownField { .. } => ErrorCode::UnknownField,
        D::InvalidFormat { expected, .. } => {
            add(&[("expected", expected.clone())]);
            ErrorCode::InvalidFormat
        }
        D::NotAnInteger { .. } => ErrorCode::InvalidInteger,
        D::NotADate { .. } => ErrorCode::InvalidDate,
        D::InvalidTime { .. } => ErrorCode::InvalidTime,
        D::InvalidIban { reason, .. } => {
            add(&iban(reason));
            ErrorCode::InvalidIban
        }
        D::InvalidBic { .. } => ErrorCode::InvalidBic,
        D::InvalidSiret { reason, .. } => {
            add(&[("reason", siret(*reason).to_string())]);
            ErrorCode::InvalidSiret
        }
        D::InvalidSiren { .. } => ErrorCode::InvalidSiren,
        D::InvalidVat { reason, .. } => {
            add(&vat(reason));
            ErrorCode::InvalidVat
        }
        D::InvalidPhone { .. } => ErrorCode::InvalidPhone,
        D::PaymentModeNotAllowed { mode, category, .. } => {
            add(&[("mode", mode.clone()), ("category", category.clone())]);
            ErrorCode::PaymentModeNotAllowed
        }
        D::DueDateLocked { expected_days, .. } => {
            add(&[("expected_days", expected_days.to_string())]);
            ErrorCode::DueDateLocked
        }
        D::SignatureRequired { .. } => ErrorCode::SignatureRequired,
        D::VisitDateInFuture { visit, written_on } => {
            add(&[
                ("visit", visit.to_string()),
                ("written_on", written_on.to_string()),
            ]);
            ErrorCode::FutureDate
        }
        D::VisitDateTooOld {
            visit,
            oldest_allowed,
            bound_days,
        } => {
            add(&[
                ("visit", visit.to_string()),
                ("oldest_allowed", oldest_allowed.to_string()),
                ("bound_days", bound_days.to_string()),
            ]);
            ErrorCode::DateOutOfBound
        }
        D::InvalidAnswer { reason, .. } => {
            add(&answer(reason));
            ErrorCode::InvalidAnswers
        }
        D::InvalidForm { reason, .. } => {
            add(&form(reason));
            ErrorCode::InvalidForm
        }
        D::UnknownFleetType { code, .. } => {
            add(&[("code", code.clone())]);
            ErrorCode::UnknownFleetType
        }
        D::TooManyVehicles {
            code, count, max, ..
        } => {
            add(&[
                ("code", code.clone()),
                ("count", count.to_string()),
                ("max", max.to_string()),
            ]);
            ErrorCode::TooManyVehicles
        }
        D::LineBreak { .. } => ErrorCode::LineBreak,
        D::ForbiddenCharacter { code_point, .. } => {
            add(&[("code_point", format!("{code_point:04X}"))]);
            ErrorCode::ForbiddenCharacter
        }
        D::InvalidEmail { .. } => ErrorCode::InvalidEmail,
    };
    (code, out)
}

/// The reason pair every clause starts with.
fn reason(code: ReasonCode) -> (&'static str, String) {
    ("reason", code.as_str().to_string())
}

fn iban(problem: &IbanProblem) -> Vec<(&'static str, String)> {
    match problem {
        IbanProblem::Characters => vec![reason(ReasonCode::IbanCharacters)],
        IbanProblem::Prefix => vec![reason(ReasonCode::IbanPrefix)],
        IbanProblem::UnknownCountry { country } => vec![
            reason(ReasonCode::IbanUnknownCountry),
            ("country", country.clone()),
        ],
        IbanProblem::Length {
            country,
            expected,
            found,
        } => vec![
            reason(ReasonCode::IbanLength),
            ("country", country.clone()),
            ("expected", expected.to_string()),
            ("found", found.to_string()),
        ],
        IbanProblem::TerritoryOf {
            country,
            iban_country,
        } => vec![
            reason(ReasonCode::IbanTerritoryOf),
            ("country", country.clone()),
            ("iban_country", iban_country.clone()),
        ],
        IbanProblem::Structure {
            country,
            position,
            expected,
        } => vec![
            reason(ReasonCode::IbanStructure),
            ("country", country.clone()),
            ("position", position.to_string()),
            (
                "class",
                match expected {
                    CharClass::Digit => "digit",
                    CharClass::Letter => "letter",
                    CharClass::Alphanumeric => "alphanumeric",
                }
                .to_string(),
            ),
        ],
        IbanProblem::Checksum => vec![reason(ReasonCode::IbanChecksum)],
    }
}

fn siret(problem: SiretProblem) -> &'static str {
    match problem {
        SiretProblem::Shape => ReasonCode::SiretShape,
        SiretProblem::SirenKey => ReasonCode::SiretSirenKey,
        SiretProblem::EstablishmentKey => ReasonCode::SiretEstablishmentKey,
    }
    .as_str()
}

fn vat(problem: &VatProblem) -> Vec<(&'static str, String)> {
    match problem {
        VatProblem::Characters => vec![reason(ReasonCode::VatCharacters)],
        VatProblem::Prefix => vec![reason(ReasonCode::VatPrefix)],
        VatProblem::NotEu { prefix } => {
            vec![reason(ReasonCode::VatNotEu), ("prefix", prefix.clone())]
        }
        VatProblem::Format { country } => vec![
            reason(ReasonCode::VatFormat),
            ("country", country.clone()),
            ("shapes", tournee_core::rules::vat::format_tokens(country)),
        ],
        VatProblem::FrenchKey => vec![reason(ReasonCode::VatFrenchKey)],
        VatProblem::FrenchSiren => vec![reason(ReasonCode::VatFrenchSiren)],
        VatProblem::FrenchLetterKey => vec![reason(ReasonCode::VatFrenchLetterKey)],
        VatProblem::SirenMismatch {
            vat_siren,
            siret_siren,
        } => vec![
            reason(ReasonCode::VatSirenMismatch),
            ("vat_siren", vat_siren.clone()),
            ("siret_siren", siret_siren.clone()),
        ],
    }
}

fn answer(problem: &AnswerProblem) -> Vec<(&'static str, String)> {
    match problem {
        AnswerProblem::UnknownGroup => vec![reason(ReasonCode::AnswerUnknownGroup)],
        AnswerProblem::UnknownOption { option } => vec![
            reason(ReasonCode::AnswerUnknownOption),
            ("option", option.clone()),
        ],
        AnswerProblem::OneExpected => vec![reason(ReasonCode::AnswerOneExpected)],
        AnswerProblem::ListExpected => vec![reason(ReasonCode::AnswerListExpected)],
        AnswerProblem::DuplicateOption { option } => vec![
            reason(ReasonCode::AnswerDuplicateOption),
            ("option", option.clone()),
        ],
        AnswerProblem::ParentNotSelected { option } => vec![
            reason(ReasonCode::AnswerParentNotSelected),
            ("option", option.clone()),
        ],
        AnswerProblem::Required => vec![reason(ReasonCode::AnswerRequired)],
    }
}

fn form(problem: &FormProblem) -> Vec<(&'static str, String)> {
    match problem {
        FormProblem::MissingGroupId => vec![reason(ReasonCode::FormMissingGroupId)],
        FormProblem::MissingGroupLabel => vec![reason(ReasonCode::FormMissingGroupLabel)],
        FormProblem::DuplicateGroup => vec![reason(ReasonCode::FormDuplicateGroup)],
        FormProblem::NoOptions => vec![reason(ReasonCode::FormNoOptions)],
        FormProblem::MissingOptionId => vec![reason(ReasonCode::FormMissingOptionId)],
        FormProblem::MissingOptionLabel { option } => vec![
            reason(ReasonCode::FormMissingOptionLabel),
            ("option", option.clone()),
        ],
        FormProblem::DuplicateOption { option } => vec![
            reason(ReasonCode::FormDuplicateOption),
            ("option", option.clone()),
        ],
    }
}

/// A rule of the app's forms: its code and values.
pub fn app_rule(rule: &AppRule) -> (ErrorCode, Values) {
    let mut out = labelled(rule.field());
    let code = match rule {
        AppRule::Unchanged { .. } => ErrorCode::ValueUnchanged,
        AppRule::NothingChanged { .. } => ErrorCode::NothingChanged,
        AppRule::DateInPast { .. } => ErrorCode::DateInPast,
        AppRule::BadSignature { .. } => ErrorCode::BadSignatureImage,
        AppRule::UnknownActionType { code, .. } => {
            out.insert("code".into(), code.clone());
            ErrorCode::UnknownActionType
        }
        AppRule::NotAReminder { todo_id, .. } => {
            out.insert("todo_id".into(), todo_id.clone());
            ErrorCode::NotAReminder
        }
        AppRule::NotACompany { .. } => ErrorCode::NotACompany,
        AppRule::AlreadyDone { .. } => ErrorCode::TodoAlreadyDone,
        AppRule::LinkedParty { link, op, .. } => {
            out.insert("link".into(), link.code().to_string());
            out.insert("op".into(), op.code().to_string());
            ErrorCode::LinkedParty
        }
        AppRule::BadRange { max_days, .. } => {
            out.insert("max_days".into(), max_days.to_string());
            ErrorCode::InvalidRange
        }
        AppRule::Opportunity(rule) => {
            out.insert("rule".into(), rule.code().to_string());
            for (name, value) in rule.values() {
                out.insert(name.into(), value);
            }
            ErrorCode::OpportunityMove
        }
        AppRule::Quote(rule) => {
            out.insert("rule".into(), rule.code().to_string());
            match rule {
                QuoteRule::CreatedNotDraft(status) => {
                    out.insert("status".into(), status.code().to_string());
                }
                QuoteRule::StatusMove { from, to } => {
                    out.insert("from".into(), from.code().to_string());
                    out.insert("to".into(), to.code().to_string());
                }
                QuoteRule::Closed { status, .. } => {
                    out.insert("status".into(), status.code().to_string());
                }
                QuoteRule::OpportunityLost => {}
            }
            ErrorCode::QuoteLifecycle
        }
        AppRule::UnknownChoice { value, .. } => {
            out.insert("value".into(), value.clone());
            ErrorCode::UnknownChoice
        }
    };
    (code, out)
}

/// One broken rule: its code and values.
pub fn rule(error: &RuleError) -> (ErrorCode, Values) {
    match error {
        RuleError::Domain(e) => domain(e),
        RuleError::App(r) => app_rule(r),
    }
}

/// A transport failure the window words by its own code, with every value its sentence
/// names. The transport hands failures over as a code and a map of values (kept between
/// rounds in a state file an older or a newer build may have written), so they are read
/// into this type first: a value that is not there makes the failure unreadable instead
/// of an empty hole in a sentence.
#[derive(Debug)]
enum LinkShown {
    NotEnrolled,
    Offline {
        detail: String,
    },
    CertificateChanged {
        expected: String,
        seen: String,
    },
    BadAnswer {
        detail: String,
    },
    HashMismatch,
    Io {
        path: String,
        detail: String,
    },
    Key {
        detail: String,
    },
    Refused {
        server_code: String,
        server_message: String,
    },
    NotHttps,
    NotJustHostAndPort,
    CodeShape,
    CodeForAnotherUser {
        code_user: String,
        app_user: String,
    },
}

/// A failure this build cannot word by its own code (unknown here, or without a value its
/// sentence names): what the generic sentence names instead.
#[derive(Debug)]
struct Unreadable(String);

impl LinkShown {
    /// The failure by its code, each value its sentence names taken from the map.
    fn read(failure: &LinkFailure) -> Result<Self, Unreadable> {
        let code = failure.code.as_str();
        let take = |key: &str| {
            failure
                .values
                .get(key)
                .cloned()
                .ok_or_else(|| Unreadable(format!("{code}, without {key}")))
        };
        Ok(match code {
            "not_enrolled" => Self::NotEnrolled,
            "offline" => Self::Offline {
                detail: take("detail")?,
            },
            "certificate_changed" => Self::CertificateChanged {
                expected: take("expected")?,
                seen: take("seen")?,
            },
            "bad_answer" => Self::BadAnswer {
                detail: take("detail")?,
            },
            "hash_mismatch" => Self::HashMismatch,
            "io" => Self::Io {
                path: take("path")?,
                detail: take("detail")?,
            },
            "key" => Self::Key {
                detail: take("detail")?,
            },
            "refused" => Self::Refused {
                server_code: take("server_code")?,
                server_message: take("server_message")?,
            },
            "invalid_input" => match take("problem")?.as_str() {
                "not_https" => Self::NotHttps,
                "not_just_host_and_port" => Self::NotJustHostAndPort,
                "code_shape" => Self::CodeShape,
                "code_for_another_user" => Self::CodeForAnotherUser {
                    code_user: take("code_user")?,
                    app_user: take("app_user")?,
                },
                other => return Err(Unreadable(format!("invalid_input: {other}"))),
            },
            other => return Err(Unreadable(other.to_string())),
        })
    }

    /// Its code and values. Known refusals of the server (sync-spec §11) get their own
    /// codes; any other keeps the server's own sentence as a value.
    fn shown(self) -> (ErrorCode, Values) {
        let none = Values::new;
        match self {
            Self::NotEnrolled => (ErrorCode::LinkNotEnrolled, none()),
            Self::Offline { detail } => (ErrorCode::LinkOffline, values([("detail", detail)])),
            Self::CertificateChanged { expected, seen } => (
                ErrorCode::LinkCertificateChanged,
                values([("expected", expected), ("seen", seen)]),
            ),
            Self::BadAnswer { detail } => (ErrorCode::LinkBadAnswer, values([("detail", detail)])),
            Self::HashMismatch => (ErrorCode::LinkHashMismatch, none()),
            Self::Io { path, detail } => (
                ErrorCode::LinkIo,
                values([("path", path), ("detail", detail)]),
            ),
            Self::Key { detail } => (ErrorCode::LinkKey, values([("detail", detail)])),
            Self::Refused {
                server_code,
                server_message,
            } => (
                refusal(&server_code),
                values([
                    ("server_code", server_code),
                    ("server_message", server_message),
                ]),
            ),
            Self::NotHttps => (ErrorCode::LinkNotHttps, none()),
            Self::NotJustHostAndPort => (ErrorCode::LinkNotJustHostAndPort, none()),
            Self::CodeShape => (ErrorCode::LinkCodeShape, none()),
            Self::CodeForAnotherUser {
                code_user,
                app_user,
            } => (
                ErrorCode::LinkCodeForAnotherUser,
                values([("code_user", code_user), ("app_user", app_user)]),
            ),
        }
    }
}

/// A transport failure (live, or kept from the last round): its code and values. One this
/// build cannot word by its own code is `link_failed`, naming the failure's code.
pub fn link_failure(failure: &LinkFailure) -> (ErrorCode, Values) {
    match LinkShown::read(failure) {
        Ok(shown) => shown.shown(),
        Err(Unreadable(code)) => (ErrorCode::LinkFailed, values([("code", code)])),
    }
}

/// The code of a server's refusal.
fn refusal(server_code: &str) -> ErrorCode {
    match server_code {
        // One answer for an unknown code and a wrong proof (spec §11), which may also mean
        // that the certificate seen is not the server's.
        "code_refused" | "unknown_code" | "bad_proof" => ErrorCode::LinkCodeRefused,
        "too_many_attempts" => ErrorCode::LinkTooManyAttempts,
        "code_used" => ErrorCode::LinkCodeUsed,
        "code_expired" => ErrorCode::LinkCodeExpired,
        "code_burnt" => ErrorCode::LinkCodeBurnt,
        "key_taken" => ErrorCode::LinkKeyTaken,
        "unknown_user" => ErrorCode::LinkUnknownUser,
        "unknown_device" | "revoked_device" => ErrorCode::LinkDeviceRevoked,
        "replay" | "bad_signature" => ErrorCode::LinkSignatureRefused,
        "internal" => ErrorCode::LinkServerInternal,
        _ => ErrorCode::LinkRefused,
    }
}

/// The write failure's detail (paths and the system's error), for the log and the rep.
fn write_detail(error: &WriteError) -> String {
    match error {
        WriteError::Io { path, source } => format!("{}: {source}", path.display()),
        WriteError::AlreadyPublished { path } => format!("{} exists", path.display()),
        WriteError::DiskFull { path } => path.display().to_string(),
    }
}

/// The code of a forbidden action, with its values.
fn forbidden(why: &Forbidden) -> (ErrorCode, Values) {
    match why {
        Forbidden::OtherRepsFigures => (ErrorCode::OtherRepsFigures, Values::new()),
        Forbidden::NotPortfolioClient { client } => (
            ErrorCode::NotPortfolioClient,
            values([("client", client.clone())]),
        ),
        Forbidden::ProspectBeingDeleted => (ErrorCode::ProspectBeingDeleted, Values::new()),
        Forbidden::ProspectAwaitingValidation => {
            (ErrorCode::ProspectAwaitingValidation, Values::new())
        }
        Forbidden::ProspectNotYours => (ErrorCode::ProspectNotYours, Values::new()),
        Forbidden::NotAnExport { path } => {
            (ErrorCode::NotAnExport, values([("path", path.clone())]))
        }
    }
}

fn folder(problem: FolderProblem) -> ErrorCode {
    match problem {
        FolderProblem::Empty => ErrorCode::FolderEmpty,
        FolderProblem::Missing => ErrorCode::FolderMissing,
        FolderProblem::NotWritable => ErrorCode::FolderNotWritable,
        FolderProblem::NoManifest => ErrorCode::FolderNoManifest,
        FolderProblem::DatabaseMissing => ErrorCode::FolderDatabaseMissing,
    }
}

fn user(problem: &UserProblem, login: &str) -> (ErrorCode, Values) {
    let mut out = values([("user", login.to_string())]);
    let code = match problem {
        UserProblem::NotInSnapshot => ErrorCode::UserNotInSnapshot,
        UserProblem::Unknown => ErrorCode::UserUnknown,
        UserProblem::OtherRepsFolder { owner } => {
            out.insert("owner".into(), owner.clone());
            ErrorCode::UserOtherRepsFolder
        }
    };
    (code, out)
}

/// The whole error's code and values (for several broken rules, the first one's: the
/// window words each rule from the problems).
pub fn error(error: &FieldError) -> (ErrorCode, Values) {
    let none = Values::new;
    match error {
        FieldError::NotConfigured => (ErrorCode::NotConfigured, none()),
        FieldError::Rules(errors) => errors.first().map_or(
            (ErrorCode::Internal, values([("detail", error.to_string())])),
            rule,
        ),
        FieldError::Folder { path, problem, .. } => (
            folder(*problem),
            values([("path", path.display().to_string())]),
        ),
        FieldError::User {
            user: login,
            problem,
        } => user(problem, login),
        FieldError::NoSnapshot { folder } => (
            ErrorCode::NoSnapshot,
            values([("folder", folder.display().to_string())]),
        ),
        FieldError::Manifest(e) => (ErrorCode::Manifest, values([("detail", e.to_string())])),
        FieldError::SnapshotMismatch { .. } => (ErrorCode::SnapshotMismatch, none()),
        FieldError::SnapshotTooNew { found, known } => (
            ErrorCode::SnapshotTooNew,
            values([("found", found.to_string()), ("known", known.to_string())]),
        ),
        FieldError::UnknownClient(code) => {
            (ErrorCode::UnknownClient, values([("code", code.clone())]))
        }
        FieldError::UnknownProspect(id) => {
            (ErrorCode::UnknownProspect, values([("id", id.clone())]))
        }
        FieldError::UnknownRecord { entity, id } => (
            ErrorCode::UnknownRecord,
            values([("entity", (*entity).to_string()), ("id", id.clone())]),
        ),
        FieldError::Duplicates(matches) => (
            ErrorCode::Duplicates,
            values([
                ("count", matches.len().to_string()),
                (
                    "names",
                    matches
                        .iter()
                        .map(|m| m.name.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                // The window lists them with their reasons (a JSON array of
                // `DuplicateMatchView`); serialising plain strings cannot fail.
                (
                    "matches",
                    serde_json::to_string(matches).unwrap_or_else(|_| "[]".into()),
                ),
            ]),
        ),
        FieldError::Record(e) => (ErrorCode::Internal, values([("detail", e.to_string())])),
        FieldError::NotAllowed(why) => forbidden(why),
        FieldError::Write(WriteError::DiskFull { .. }) => (ErrorCode::DiskFull, none()),
        FieldError::Write(e) => (
            ErrorCode::WriteFailed,
            values([("detail", write_detail(e))]),
        ),
        FieldError::Link(e) => link_failure(&e.failure()),
        FieldError::NotOpened { path, .. } => (
            ErrorCode::NotOpened,
            values([("path", path.display().to_string())]),
        ),
        FieldError::Sql(_) | FieldError::Io { .. } | FieldError::Json { .. } => {
            (ErrorCode::Internal, values([("detail", error.to_string())]))
        }
    }
}
