//! What a refused change file's detail says: each kind of `tournee_sync::Detail` has its
//! sentence in the catalogue, its values fill it in; broken domain rules are worded by
//! `tournee_core` in the language asked. A refusal recorded before details had codes
//! keeps the sentence it was stored with.

use crate::Message;
use tournee_core::Lang;
use tournee_store::RecordedFailure;
use tournee_sync::Detail;

use super::{Said, Sentence, OFFICE};

/// The sentence of a detail's kind (a new kind without one does not compile).
fn sentence(detail: &Detail) -> Sentence {
    match detail {
        Detail::NameShape { .. } => Sentence::DetailNameShape,
        Detail::NameType { .. } => Sentence::DetailNameType,
        Detail::NameUser { .. } => Sentence::DetailNameUser,
        Detail::NameChangeId { .. } => Sentence::DetailNameChangeId,
        Detail::Oversized { .. } => Sentence::DetailOversized,
        Detail::SignatureKeyUnreadable => Sentence::DetailSignatureKeyUnreadable,
        Detail::SignatureUnreadable => Sentence::DetailSignatureUnreadable,
        Detail::SignatureMismatch => Sentence::DetailSignatureMismatch,
        Detail::Bom => Sentence::DetailBom,
        Detail::NotUtf8 { .. } => Sentence::DetailNotUtf8,
        Detail::JsonSyntax { .. } => Sentence::DetailJsonSyntax,
        Detail::NotAnObject => Sentence::DetailNotAnObject,
        Detail::DuplicateKey { .. } => Sentence::DetailDuplicateKey,
        Detail::UnsupportedSpec { .. } => Sentence::DetailUnsupportedSpec,
        Detail::Envelope { .. } => Sentence::DetailEnvelope,
        Detail::NotUlid { .. } => Sentence::DetailNotUlid,
        Detail::UnknownType { .. } => Sentence::DetailUnknownType,
        Detail::Payload { .. } => Sentence::DetailPayload,
        Detail::EmptyClientChange => Sentence::DetailEmptyClientChange,
        Detail::DeleteWithContent => Sentence::DetailDeleteWithContent,
        Detail::UpdateWithoutContent => Sentence::DetailUpdateWithoutContent,
        Detail::VisitTime { .. } => Sentence::DetailVisitTime,
        Detail::MismatchType { .. } => Sentence::DetailMismatchType,
        Detail::MismatchUser { .. } => Sentence::DetailMismatchUser,
        Detail::MismatchChangeId { .. } => Sentence::DetailMismatchChangeId,
        Detail::ForeignFolder { .. } => Sentence::DetailForeignFolder,
        Detail::DevicesUnreadable { .. } => Sentence::DetailDevicesUnreadable,
        Detail::Unsigned { .. } => Sentence::DetailUnsigned,
        Detail::UnknownDevice { .. } => Sentence::DetailUnknownDevice,
        Detail::ForeignDevice { .. } => Sentence::DetailForeignDevice,
        Detail::DeviceKey { .. } => Sentence::DetailDeviceKey,
        Detail::RevokedDevice { .. } => Sentence::DetailRevokedDevice,
        Detail::UnknownUser { .. } => Sentence::DetailUnknownUser,
        Detail::InactiveUser { .. } => Sentence::DetailInactiveUser,
        Detail::FileFromFuture { .. } => Sentence::DetailFileFromFuture,
        Detail::StaleFile { .. } => Sentence::DetailStaleFile,
        Detail::Rules { .. } => Sentence::DetailRules,
        Detail::Unstorable { .. } => Sentence::DetailUnstorable,
        Detail::InactiveClient { .. } => Sentence::DetailInactiveClient,
        Detail::UnknownClient { .. } => Sentence::DetailUnknownClient,
        Detail::NotPortfolioClient { .. } => Sentence::DetailNotPortfolioClient,
        Detail::NotOwner { .. } => Sentence::DetailNotOwner,
        Detail::ProspectDeleted { .. } => Sentence::DetailProspectDeleted,
        Detail::ProspectConverted { .. } => Sentence::DetailProspectConverted,
        Detail::ProspectExists { .. } => Sentence::DetailProspectExists,
        Detail::ConversionPending { .. } => Sentence::DetailConversionPending,
        Detail::ProspectNameCleared => Sentence::DetailProspectNameCleared,
        Detail::ProspectNameBlank => Sentence::DetailProspectNameBlank,
        Detail::SignatureMediaType { .. } => Sentence::DetailSignatureMediaType,
        Detail::SignatureBase64 { .. } => Sentence::DetailSignatureBase64,
        Detail::SignatureNotPng => Sentence::DetailSignatureNotPng,
        Detail::ProspectNeverArrived { .. } => Sentence::DetailProspectNeverArrived,
        Detail::SpecOfType { .. } => Sentence::DetailSpecOfType,
        Detail::UnknownEntity { .. } => Sentence::DetailUnknownEntity,
        Detail::RecordWithoutFields { .. } => Sentence::DetailRecordWithoutFields,
        Detail::RecordDeleteWithFields { .. } => Sentence::DetailRecordDeleteWithFields,
        Detail::RecordFields { .. } => Sentence::DetailRecordFields,
        Detail::RecordEmptyUpdate { .. } => Sentence::DetailRecordEmptyUpdate,
        Detail::RecordNotAllowed { .. } => Sentence::DetailRecordNotAllowed,
        Detail::RecordDeleted { .. } => Sentence::DetailRecordDeleted,
        Detail::RecordExists { .. } => Sentence::DetailRecordExists,
        Detail::ParentNeverArrived { .. } => Sentence::DetailParentNeverArrived,
        Detail::UnknownActionType { .. } => Sentence::DetailUnknownActionType,
        Detail::LinkedPartyField { .. } => Sentence::DetailLinkedPartyField,
        Detail::LinkedPartyDelete { .. } => Sentence::DetailLinkedPartyDelete,
        Detail::ReservedPartyId { .. } => Sentence::DetailReservedPartyId,
        Detail::AlreadyTaken { .. } => Sentence::DetailAlreadyTaken,
        Detail::OpportunityRule { rule, .. } => opportunity_sentence(rule),
        Detail::QuoteRule { rule, .. } => quote_sentence(rule),
    }
}

/// The sentence of an opportunity rule's code (`tournee_core::OpportunityRule::code`).
fn opportunity_sentence(rule: &str) -> Sentence {
    match rule {
        "opportunity_unknown_pipeline" => Sentence::DetailOpportunityUnknownPipeline,
        "opportunity_unknown_stage" => Sentence::DetailOpportunityUnknownStage,
        "opportunity_not_first_stage" => Sentence::DetailOpportunityNotFirstStage,
        "opportunity_stage_skipped" => Sentence::DetailOpportunityStageSkipped,
        "opportunity_pipeline_changed" => Sentence::DetailOpportunityPipelineChanged,
        "opportunity_created_closed" => Sentence::DetailOpportunityCreatedClosed,
        "opportunity_closed" => Sentence::DetailOpportunityClosed,
        "opportunity_won_before_last_stage" => Sentence::DetailOpportunityWonBeforeLastStage,
        "opportunity_loss_reason_missing" => Sentence::DetailOpportunityLossReasonMissing,
        _ => Sentence::DetailOpportunityRule,
    }
}

/// What a refused file's detail says, in `lang` for the domain's rules.
pub fn refusal_detail(detail: &Detail, lang: Lang) -> Said {
    let values = match detail {
        Detail::Rules { problems } => {
            let separator = match lang {
                Lang::Fr => " ; ",
                Lang::En => "; ",
            };
            let words: Vec<String> = problems.iter().map(|p| p.message(lang)).collect();
            vec![("problems", words.join(separator))]
        }
        _ => detail.values(),
    };
    Said {
        sentence: sentence(detail),
        values,
    }
}

/// A refused file's detail as the admin reads it (the `failed/` report, the `integrate`
/// command's output).
pub fn office_refusal(detail: &Detail) -> String {
    refusal_detail(detail, OFFICE).say(OFFICE)
}

/// A recorded refusal's detail in `lang`: from its code and values, or, for a row
/// written before details had codes (or of a code this build does not know), the
/// sentence it was stored with.
pub fn recorded_detail(failure: &RecordedFailure, lang: Lang) -> String {
    match &failure.detail {
        Some(detail) => refusal_detail(detail, lang).say(lang),
        None => failure.text.clone(),
    }
}

/// The sentence of a quote rule's code (`tournee_core::QuoteRule::code`).
fn quote_sentence(rule: &str) -> Sentence {
    match rule {
        "quote_created_not_draft" => Sentence::DetailQuoteCreatedNotDraft,
        "quote_status_move" => Sentence::DetailQuoteStatusMove,
        "quote_closed" => Sentence::DetailQuoteClosed,
        "quote_opportunity_lost" => Sentence::DetailQuoteOpportunityLost,
        _ => Sentence::DetailQuoteRule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tournee_core::DomainError;

    #[test]
    fn every_detail_is_said_in_french_and_in_english_with_its_values() {
        let details = Detail::one_of_each();
        let codes: Vec<&str> = details.iter().map(Detail::code).collect();
        assert_eq!(codes, Detail::CODES.to_vec(), "one sample of each kind");
        for detail in &details {
            let fr = refusal_detail(detail, Lang::Fr).say(Lang::Fr);
            let en = refusal_detail(detail, Lang::En).say(Lang::En);
            assert_ne!(fr, en, "{detail}: the English is the French");
            for text in [&fr, &en] {
                assert!(!text.trim().is_empty(), "{detail}");
                assert!(!text.contains('{'), "{detail}: {text}");
                for (name, value) in detail.values() {
                    assert!(text.contains(&value), "{detail}: {name} missing in {text}");
                }
            }
            assert!(!en.contains('«') && !en.contains('é'), "{detail}: {en}");
        }
    }

    #[test]
    fn broken_rules_are_worded_by_the_domain_in_the_language_asked() {
        let detail = Detail::from(vec![
            DomainError::Missing {
                field: "nom_client".into(),
            },
            DomainError::InvalidPhone {
                field: "tel_1".into(),
            },
        ]);
        let fr = refusal_detail(&detail, Lang::Fr).say(Lang::Fr);
        let en = refusal_detail(&detail, Lang::En).say(Lang::En);
        assert!(fr.contains(" ; "), "{fr}");
        assert!(fr.starts_with("Le champ "), "{fr}");
        assert!(en.starts_with("rules broken: The field "), "{en}");
    }

    #[test]
    fn an_older_refusal_keeps_its_sentence() {
        let older = RecordedFailure {
            reason: "bad_json".into(),
            detail: None,
            text: "JSON illisible : EOF".into(),
        };
        assert_eq!(recorded_detail(&older, Lang::En), "JSON illisible : EOF");
        let newer = RecordedFailure {
            detail: Some(Detail::Oversized { size: 3, max: 2 }),
            ..older
        };
        assert_eq!(recorded_detail(&newer, Lang::Fr), "3 octets, maximum 2");
        assert_eq!(recorded_detail(&newer, Lang::En), "3 bytes, at most 2");
    }
}
