//! What refusals say: each typed error of `tournee-store` (its variants carry the values),
//! as a [`Said`], worded when its page or answer is written. The server's own errors (a
//! refused file's retry) are mapped in the server (`crate::sentences` there).

use crate::Message;
use tournee_core::pipeline::PipelineProblem;
use tournee_core::{ActionTypeProblem, Lang, OutlineError, OutlineProblem, TODO_DONE_TYPE};
use tournee_store::{
    DeviceError, LoginError, Missing, OfficeError, ParameterReason, RightsError, Unit, UserProblem,
    Weakness, MAX_TEAM_NAME_CHARS,
};

use super::{Said, Sentence, OFFICE};

/// What an office refusal says. A failure of the database is the server's: logged in
/// full, said briefly. The domain's rule errors are worded by `tournee_core` in `lang`.
pub fn office_error(error: &OfficeError, lang: Lang) -> Said {
    match error {
        OfficeError::NotFound(missing) => match missing {
            Missing::Request(id) => {
                Said::new(Sentence::RequestNotFound, &[("id", &id.to_string())])
            }
            Missing::Modification(id) => {
                Said::new(Sentence::ModificationNotFound, &[("id", &id.to_string())])
            }
            Missing::Account(login) => Said::new(Sentence::AccountNotFound, &[("login", login)]),
            Missing::User(login) => Said::new(Sentence::UserNotFound, &[("login", login)]),
            Missing::Criterion => Sentence::CriterionNotFound.into(),
        },
        OfficeError::AlreadyDecided { id, status } => {
            let sentence = match status.as_str() {
                "pending" | "open" => Sentence::AlreadyPending,
                "validated" => Sentence::AlreadyValidated,
                "applied" => Sentence::AlreadyApplied,
                "rejected" | "declined" => Sentence::AlreadyRefused,
                _ => Sentence::AlreadyUnknown,
            };
            Said::new(sentence, &[("id", &id.to_string())])
        }
        OfficeError::ClientCode(code) => Said::new(Sentence::ClientCodeTaken, &[("code", code)]),
        OfficeError::ClientCodeFormat(code) => {
            Said::new(Sentence::ClientCodeFormat, &[("code", code)])
        }
        OfficeError::Invalid(problems) => {
            let problems: Vec<String> = problems.iter().map(|p| p.message(lang)).collect();
            Said::new(
                Sentence::InvalidValues,
                &[("problems", &problems.join(" ; "))],
            )
        }
        OfficeError::PasswordTooShort { min } => {
            Said::new(Sentence::PasswordTooShort, &[("min", &min.to_string())])
        }
        OfficeError::PasswordTooLong { max } => {
            Said::new(Sentence::PasswordTooLong, &[("max", &max.to_string())])
        }
        OfficeError::SamePassword => Sentence::SamePassword.into(),
        OfficeError::OwnAccount => Sentence::OwnAccount.into(),
        OfficeError::LoginTaken(_) => Sentence::LoginTaken.into(),
        OfficeError::WeakPassword(weak) => {
            let reasons: Vec<String> = weak
                .weaknesses
                .iter()
                .map(|weakness| weakness_said(*weakness).say(lang))
                .collect();
            let separator = match lang {
                Lang::Fr => " ; ",
                Lang::En => "; ",
            };
            Said::new(
                Sentence::WeakPassword,
                &[("reasons", &reasons.join(separator))],
            )
        }
        OfficeError::Login(LoginError::Refused(_)) => Sentence::LoginRefused.into(),
        OfficeError::Hashing(detail) => Said::new(Sentence::PasswordHashing, &[("error", detail)]),
        OfficeError::ReasonRequired => Sentence::ReasonRequired.into(),
        OfficeError::Store(store) => {
            tracing::error!("back office: {store}");
            Sentence::ServerError.into()
        }
    }
}

/// One reason a chosen password is weak.
fn weakness_said(weakness: Weakness) -> Said {
    use tournee_store::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
    match weakness {
        Weakness::TooShort => Said::new(
            Sentence::WeakTooShort,
            &[("min", &MIN_PASSWORD_CHARS.to_string())],
        ),
        Weakness::TooLong => Said::new(
            Sentence::WeakTooLong,
            &[("max", &MAX_PASSWORD_CHARS.to_string())],
        ),
        Weakness::Common => Sentence::WeakCommon.into(),
        Weakness::LikeCommon => Sentence::WeakLikeCommon.into(),
        Weakness::Repeats => Sentence::WeakRepeats.into(),
        Weakness::Sequence => Sentence::WeakSequence.into(),
        Weakness::Keyboard => Sentence::WeakKeyboard.into(),
        Weakness::Dates => Sentence::WeakDates.into(),
        Weakness::Names => Sentence::WeakNames.into(),
        Weakness::SingleWord => Sentence::WeakSingleWord.into(),
        Weakness::Personal => Sentence::WeakPersonal.into(),
        Weakness::Guessable => Sentence::WeakGuessable.into(),
    }
}

/// What a device refusal says (the sync API and the admin's devices page alike).
pub fn device_error(error: &DeviceError) -> Said {
    match error {
        DeviceError::UnknownUser(user) => Said::new(Sentence::DeviceUnknownUser, &[("user", user)]),
        DeviceError::UnknownCode | DeviceError::BadProof => Sentence::DeviceCodeRefused.into(),
        DeviceError::CodeUsed => Sentence::DeviceCodeUsed.into(),
        DeviceError::CodeExpired => Sentence::DeviceCodeExpired.into(),
        DeviceError::CodeBurnt => Sentence::DeviceCodeBurnt.into(),
        DeviceError::KeyTaken => Sentence::DeviceKeyTaken.into(),
        DeviceError::UnknownDevice => Sentence::DeviceUnknown.into(),
        DeviceError::Revoked(at) => Said::new(Sentence::DeviceRevoked, &[("at", at)]),
        DeviceError::BadRequestSignature => Sentence::DeviceBadSignature.into(),
        DeviceError::Replay { last, got } => Said::new(
            Sentence::DeviceReplay,
            &[("got", &got.to_string()), ("last", &last.to_string())],
        ),
        DeviceError::Store(_) => Sentence::ApiInternal.into(),
    }
}

/// What a refused parameter value says, next to its field. The visit form's structure
/// is a domain rule, worded by `tournee_core` in the back office's language.
pub fn parameter_reason(reason: &ParameterReason) -> Said {
    let one =
        |sentence: Sentence, name: &'static str, value: &str| Said::new(sentence, &[(name, value)]);
    match reason {
        ParameterReason::Between(low, high, unit) => {
            let sentence = match unit {
                Unit::Hours => Sentence::BetweenHours,
                Unit::Days => Sentence::BetweenDays,
                Unit::Months => Sentence::BetweenMonths,
            };
            Said::new(
                sentence,
                &[("low", &low.to_string()), ("high", &high.to_string())],
            )
        }
        ParameterReason::AtLeastBytes(least) => {
            one(Sentence::AtLeastBytes, "least", &least.to_string())
        }
        ParameterReason::Cron { expression, error } => Said::new(
            Sentence::NotCron,
            &[("expression", expression), ("error", error)],
        ),
        ParameterReason::VisitForm(error) => {
            one(Sentence::InvalidValues, "problems", &error.message(OFFICE))
        }
        ParameterReason::CodeShape(code) => one(Sentence::CodeShape, "code", code),
        ParameterReason::CodeTooLong { code, max, column } => Said::new(
            Sentence::CodeTooLong,
            &[
                ("code", code),
                ("max", &max.to_string()),
                ("column", column),
            ],
        ),
        ParameterReason::CodeWithoutLabel(code) => one(Sentence::CodeWithoutLabel, "code", code),
        ParameterReason::FleetWithoutLabel(code) => one(Sentence::FleetWithoutLabel, "code", code),
        ParameterReason::Twice(code) => one(Sentence::CodeTwice, "code", code),
        ParameterReason::NoFleetType => Sentence::NoFleetType.into(),
        ParameterReason::ActionType(problem) => match problem {
            ActionTypeProblem::CodeShape(code) => one(Sentence::ActionTypeCodeShape, "code", code),
            ActionTypeProblem::Twice(code) => one(Sentence::CodeTwice, "code", code),
            ActionTypeProblem::Label(code) => one(Sentence::ActionTypeLabel, "code", code),
            ActionTypeProblem::NoneActive => Sentence::NoActiveActionType.into(),
            ActionTypeProblem::TodoDoneTypeMissing => {
                one(Sentence::TodoDoneTypeMissing, "code", TODO_DONE_TYPE)
            }
        },
        ParameterReason::NoValue => Sentence::NoValue.into(),
        ParameterReason::UnknownParent { code, parent } => Said::new(
            Sentence::UnknownParent,
            &[("code", code), ("parent", parent)],
        ),
        ParameterReason::UnknownFarmerCategory(farmer) => {
            one(Sentence::UnknownFarmerCategory, "category", farmer)
        }
        ParameterReason::SmtpServer => Sentence::SmtpServer.into(),
        ParameterReason::SmtpSender(sender) => one(Sentence::SmtpSender, "sender", sender),
        ParameterReason::NotHttp => Sentence::NotHttp.into(),
        ParameterReason::NoAddress => Sentence::NoAddress.into(),
        ParameterReason::NotAnEmail(typed) => one(Sentence::NotAnEmail, "typed", typed),
        ParameterReason::Pipeline(problem) => pipeline_problem(problem),
        ParameterReason::NotAUser(typed) => one(Sentence::NotAUserLogin, "typed", typed),
        ParameterReason::Seller(error) => {
            one(Sentence::InvalidValues, "problems", &error.message(OFFICE))
        }
    }
}

/// What a problem of the pipelines says, naming the pipeline or the stage.
pub fn pipeline_problem(problem: &PipelineProblem) -> Said {
    let one =
        |sentence: Sentence, name: &'static str, value: &str| Said::new(sentence, &[(name, value)]);
    let pair = |sentence, pipeline: &str, stage: &str| {
        Said::new(sentence, &[("pipeline", pipeline), ("stage", stage)])
    };
    match problem {
        PipelineProblem::CodeShape(code) => one(Sentence::PipelineCodeShape, "code", code),
        PipelineProblem::Twice(code) => one(Sentence::PipelineCodeTwice, "code", code),
        PipelineProblem::Label(code) => one(Sentence::PipelineLabel, "code", code),
        PipelineProblem::StageCount(code) => one(Sentence::PipelineStageCount, "code", code),
        PipelineProblem::Probability { pipeline, stage } => {
            pair(Sentence::PipelineProbability, pipeline, stage)
        }
        PipelineProblem::NotRising { pipeline, stage } => {
            pair(Sentence::PipelineNotRising, pipeline, stage)
        }
        PipelineProblem::TeamTwice(team) => one(Sentence::PipelineTeamTwice, "team", team),
        PipelineProblem::NoDefault => Sentence::PipelineNoDefault.into(),
        PipelineProblem::TooMany => Sentence::PipelineTooMany.into(),
    }
}

/// What a problem of a user row says, next to its field.
pub fn user_problem(problem: &UserProblem) -> Said {
    match problem {
        UserProblem::WindowsUser => Sentence::WindowsUserRule.into(),
        UserProblem::ErpCode => Sentence::ErpCodeRule.into(),
        UserProblem::Email(typed) => Said::new(Sentence::NotAnEmail, &[("typed", typed)]),
        UserProblem::Required => Sentence::Required.into(),
        UserProblem::ControlCharacters => Sentence::NoControlCharacters.into(),
        UserProblem::TooLong { max, typed } => Said::new(
            Sentence::TooLong,
            &[("max", &max.to_string()), ("typed", &typed.to_string())],
        ),
    }
}

/// What a refused change to the rights says, next to the field it names. A store failure
/// is not worded here: the handler answers it as a server error.
pub fn rights_error(error: &RightsError) -> Option<Said> {
    Some(match error {
        RightsError::UnknownRole { .. } => Sentence::UnknownRole.into(),
        RightsError::UnknownUser { user, .. } => {
            Said::new(Sentence::UnknownUser, &[("login", user)])
        }
        RightsError::TeamName { .. } => Said::new(
            Sentence::TeamNameRule,
            &[("max", &MAX_TEAM_NAME_CHARS.to_string())],
        ),
        RightsError::TeamNameTaken { name, .. } => {
            Said::new(Sentence::TeamNameTaken, &[("name", name)])
        }
        RightsError::NotMember { user, .. } => Said::new(Sentence::NotMember, &[("login", user)]),
        RightsError::InvalidPolicy { .. }
        | RightsError::UnknownTeam { .. }
        | RightsError::Store(_) => return None,
    })
}

/// What a refused visit form outline says, naming its line.
pub fn outline_error(error: &OutlineError, lang: Lang) -> Said {
    let problem = match &error.problem {
        OutlineProblem::Tab => Sentence::OutlineTab.into(),
        OutlineProblem::Indent => Sentence::OutlineIndent.into(),
        OutlineProblem::QuestionPlace => Sentence::OutlineQuestionPlace.into(),
        OutlineProblem::ChoicePlace => Sentence::OutlineChoicePlace.into(),
        OutlineProblem::NoQuestion => Sentence::OutlineNoQuestion.into(),
        OutlineProblem::QuestionShape => Sentence::OutlineQuestionShape.into(),
        OutlineProblem::UnknownKind(kind) => {
            Said::new(Sentence::OutlineUnknownKind, &[("kind", kind)])
        }
        OutlineProblem::Unexpected(text) => {
            Said::new(Sentence::OutlineUnexpected, &[("text", text)])
        }
        OutlineProblem::ChoiceShape => Sentence::OutlineChoiceShape.into(),
        OutlineProblem::LineStart => Sentence::OutlineLineStart.into(),
        OutlineProblem::MissingId => Sentence::OutlineMissingId.into(),
        OutlineProblem::IdShape(id) => Said::new(Sentence::OutlineIdShape, &[("id", id)]),
    };
    Said::new(
        Sentence::OutlineLine,
        &[
            ("line", &error.line.to_string()),
            ("problem", &problem.say(lang)),
        ],
    )
}

/// A request's stored status (`pending`, `validated`, `applied`…) in words, so that no
/// English status word reaches a French sentence.
pub fn status(status: &str) -> Sentence {
    match status {
        "pending" | "open" => Sentence::StatusPending,
        "validated" => Sentence::StatusValidated,
        "applied" => Sentence::StatusApplied,
        "rejected" | "declined" => Sentence::StatusRefused,
        _ => Sentence::StatusUnknown,
    }
}

/// What a webhook subscription's refusal says (the admin's « Webhooks » page). A failure
/// of the database or of the random source is the server's.
pub fn webhook_error(error: &tournee_store::SubscriptionError) -> Said {
    use tournee_store::SubscriptionError as E;
    match error {
        E::UrlLength => Said::new(
            Sentence::WebhookUrlLength,
            &[("max", &tournee_store::MAX_WEBHOOK_URL_CHARS.to_string())],
        ),
        E::NoEventType => Sentence::WebhookNoEventType.into(),
        E::UnknownEventType(code) => {
            Said::new(Sentence::WebhookUnknownEventType, &[("type", code)])
        }
        E::Unknown(id) => Said::new(Sentence::WebhookUnknown, &[("id", &id.to_string())]),
        E::Random(_) | E::Store(_) => Sentence::ServerError.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tournee_store::WeakPassword;

    #[test]
    fn an_already_decided_request_is_told_in_french_words() {
        for (status, words) in [
            ("validated", "la demande 3 est déjà validée"),
            ("rejected", "la demande 3 est déjà refusée"),
            ("applied", "la demande 3 est déjà appliquée"),
            ("declined", "la demande 3 est déjà refusée"),
        ] {
            let error = OfficeError::AlreadyDecided {
                id: 3,
                status: status.into(),
            };
            assert_eq!(office_error(&error, Lang::Fr).say(Lang::Fr), words);
        }
    }

    #[test]
    fn the_weak_password_refusal_says_why_in_french_and_in_english() {
        let weak = OfficeError::WeakPassword(WeakPassword {
            weaknesses: vec![Weakness::Repeats],
        });
        assert_eq!(
            office_error(&weak, Lang::Fr).say(Lang::Fr),
            "Mot de passe trop faible : les répétitions (« aaaa », « abcabc ») se devinent vite. \
             Choisissez plutôt une phrase de quatre ou cinq mots peu courants."
        );
        assert!(office_error(&weak, Lang::En)
            .say(Lang::En)
            .starts_with("Password too weak: repeats"));
    }

    #[test]
    fn a_client_code_out_of_the_erp_format_is_told_with_its_rule() {
        let refused = OfficeError::ClientCodeFormat("C09 0001".into());
        let said = office_error(&refused, Lang::Fr).say(Lang::Fr);
        assert!(said.contains("sans espace"), "{said}");
    }

    #[test]
    fn a_refused_outline_names_its_line_in_either_language() {
        let error = tournee_core::parse_outline("? a | A | A | liste\n").unwrap_err();
        assert_eq!(
            outline_error(&error, Lang::Fr).say(Lang::Fr),
            "ligne 1 : type « liste » inconnu : radio ou cases"
        );
        assert_eq!(
            outline_error(&error, Lang::En).say(Lang::En),
            "line 1: unknown kind “liste”: radio or cases"
        );
    }

    #[test]
    fn unknown_code_and_wrong_proof_read_the_same() {
        assert_eq!(
            device_error(&DeviceError::UnknownCode),
            device_error(&DeviceError::BadProof)
        );
    }
}
