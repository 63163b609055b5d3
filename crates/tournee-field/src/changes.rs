//! The rep's actions on a client, each checked against the rules and written as one
//! change file (VC or MC) in the outbox, with its pending mark recorded in the same step.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use tournee_core::{check_fleet, check_visit_date, DomainError, Requirement};
use tournee_sync::{
    is_valid_time, publish_signed_change, ChangeBody, ClientModification, ClientVisit, Envelope,
    FieldChange, RevisitChange, Signer, VisitReport,
};

use crate::dto::{
    FleetCount, FleetInput, ModificationInput, PendingKind, PendingSubject, RevisitInput,
    VisitInput, WrittenChange,
};
use crate::error::{AppRule, FieldError, Result, RuleError};
use crate::local::{LocalDb, NewPending};
use crate::overlay::RevisitDetail;
use crate::parameters::ServerParameters;

/// Longest comment accepted: the core's bound, which the server applies too.
pub const MAX_COMMENT_CHARS: usize = tournee_core::MAX_COMMENT_CHARS as usize;

/// Who writes, from which laptop, when (the laptop's clock with its UTC offset).
pub struct Author<'a> {
    /// OS login.
    pub user: &'a str,
    /// Laptop identifier.
    pub device: &'a str,
    /// Now, local time with offset.
    pub now: DateTime<FixedOffset>,
    /// The outbox folder.
    pub outbox: &'a Path,
    /// The enrolled device's key, which signs every file once the laptop is enrolled.
    pub signer: Option<&'a Signer>,
}

/// A visit as the rep typed it, before it is checked (client or prospect alike).
pub struct TypedVisit<'a> {
    /// Day `YYYY-MM-DD`.
    pub visit_date: &'a str,
    /// Time `HH:MM`; now when absent or blank.
    pub visit_time: Option<&'a str>,
    /// Free comment.
    pub comment: &'a str,
    /// Form answers by group id.
    pub answers: &'a BTreeMap<String, tournee_core::Answer>,
}

/// Client and prospect visits are typed in the same dialog: both read as one [`TypedVisit`].
macro_rules! typed_visit_from {
    ($($input:ty),*) => {$(
        impl<'a> From<&'a $input> for TypedVisit<'a> {
            fn from(input: &'a $input) -> Self {
                Self {
                    visit_date: &input.visit_date,
                    visit_time: input.visit_time.as_deref(),
                    comment: &input.comment,
                    answers: &input.answers,
                }
            }
        }
    )*};
}
typed_visit_from!(VisitInput, crate::dto::ProspectVisitInput);

/// Checks a typed visit (date bound, time, comment length, form answers) and builds the
/// report a VC or VP file carries; every problem is reported at once.
pub fn visit_report(
    parameters: &ServerParameters,
    author: &Author<'_>,
    typed: &TypedVisit<'_>,
) -> Result<VisitReport> {
    let today = author.now.date_naive();
    let mut errors = Vec::new();
    let visit_date = match parse_day("visit_date", typed.visit_date) {
        Ok(day) => {
            if let Err(e) = check_visit_date(day, today, parameters.visit_backdate_days) {
                errors.push(e);
            }
            Some(day)
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let visit_time = match typed.visit_time.map(str::trim).filter(|t| !t.is_empty()) {
        Some(time) if is_valid_time(time) => time.to_string(),
        Some(_) => {
            errors.push(DomainError::InvalidTime {
                field: "visit_time".into(),
            });
            String::new()
        }
        None => author.now.format("%H:%M").to_string(),
    };
    let comment_len = typed.comment.chars().count();
    if comment_len > MAX_COMMENT_CHARS {
        errors.push(DomainError::TooLong {
            field: "comment".into(),
            max: u32::try_from(MAX_COMMENT_CHARS).unwrap_or(u32::MAX),
            len: comment_len,
        });
    }
    if let Err(e) = parameters.visit_form.validate(typed.answers) {
        errors.push(e);
    }
    let Some(visit_date) = visit_date.filter(|_| errors.is_empty()) else {
        return Err(FieldError::rules(errors));
    };
    Ok(VisitReport {
        visit_date,
        visit_time,
        comment: typed.comment.trim_end().to_string(),
        answers: typed.answers.clone(),
    })
}

/// « Visite ce jour » → a VC file.
pub fn record_visit(
    local: &mut LocalDb,
    parameters: &ServerParameters,
    author: &Author<'_>,
    input: &VisitInput,
) -> Result<WrittenChange> {
    let visit = visit_report(parameters, author, &TypedVisit::from(input))?;
    let visit_date = visit.visit_date;
    let subject = PendingSubject::Visit {
        date: visit_date.to_string(),
    };
    let detail = to_json(&visit)?;
    let body = ChangeBody::VC(ClientVisit {
        client_code: input.client_code.clone(),
        visit,
    });
    publish(
        local,
        author,
        body,
        PendingKind::Visit,
        &input.client_code,
        subject,
        detail,
    )
}

/// « Date de revoir » → an MC file with `revisit`.
pub fn set_revisit(
    local: &mut LocalDb,
    author: &Author<'_>,
    input: &RevisitInput,
) -> Result<WrittenChange> {
    let date = match input
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(text) => {
            let day = parse_day("date_revoir", text).map_err(FieldError::rule)?;
            if day < author.now.date_naive() {
                return Err(FieldError::app_rule(AppRule::DateInPast {
                    field: "date_revoir".into(),
                }));
            }
            Some(day)
        }
        None => None,
    };
    let subject = PendingSubject::Revisit {
        date: date.map(|day| day.to_string()),
    };
    let detail = to_json(&RevisitDetail { date })?;
    let body = ChangeBody::MC(ClientModification {
        client_code: input.client_code.clone(),
        changes: Vec::new(),
        revisit: Some(RevisitChange { date }),
        fleet: None,
    });
    publish(
        local,
        author,
        body,
        PendingKind::Revisit,
        &input.client_code,
        subject,
        detail,
    )
}

/// « Type de parc » → an MC file with `fleet`.
pub fn set_fleet(
    local: &mut LocalDb,
    parameters: &ServerParameters,
    author: &Author<'_>,
    input: &FleetInput,
) -> Result<WrittenChange> {
    check_fleet(&parameters.fleet_types, &input.counts).map_err(FieldError::rule)?;
    let fleet: BTreeMap<String, u32> = input.counts.clone();
    let subject = PendingSubject::Fleet {
        counts: fleet
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(code, n)| FleetCount {
                code: code.clone(),
                count: *n,
            })
            .collect(),
    };
    let detail = to_json(&fleet)?;
    let body = ChangeBody::MC(ClientModification {
        client_code: input.client_code.clone(),
        changes: Vec::new(),
        revisit: None,
        fleet: Some(fleet),
    });
    publish(
        local,
        author,
        body,
        PendingKind::Fleet,
        &input.client_code,
        subject,
        detail,
    )
}

/// « Demande de modification » → an MC file with `changes`; `old` is what the snapshot
/// shows, read by the caller through `current`.
pub fn request_modification(
    local: &mut LocalDb,
    parameters: &ServerParameters,
    author: &Author<'_>,
    input: &ModificationInput,
    current: impl Fn(&str) -> Result<String>,
) -> Result<WrittenChange> {
    if input.changes.is_empty() {
        return Err(FieldError::rule(DomainError::Missing {
            field: "changes".into(),
        }));
    }
    let profile = &parameters.field_profile;
    let mut errors: Vec<RuleError> = Vec::new();
    let mut changes = Vec::new();
    for requested in &input.changes {
        let field = requested.field.as_str();
        let new = requested.new.trim().to_string();
        let Some(def) = profile.field(field).filter(|d| d.visible) else {
            errors.push(
                DomainError::UnknownField {
                    field: field.into(),
                }
                .into(),
            );
            continue;
        };
        let old = current(field)?;
        if new == old.trim() {
            errors.push(
                AppRule::Unchanged {
                    field: field.into(),
                }
                .into(),
            );
            continue;
        }
        if new.is_empty() {
            if def.requirement == Requirement::Mandatory {
                errors.push(
                    DomainError::Missing {
                        field: field.into(),
                    }
                    .into(),
                );
                continue;
            }
        } else if let Err(e) = profile.check_value(field, &new) {
            errors.push(e.into());
            continue;
        }
        changes.push(FieldChange {
            field: field.into(),
            old,
            new: profile.stored_value(field, &new),
        });
    }
    if !errors.is_empty() {
        return Err(FieldError::Rules(errors));
    }
    let subject = PendingSubject::Modification {
        fields: changes.iter().map(|c| c.field.clone()).collect(),
    };
    let detail = to_json(&changes)?;
    let body = ChangeBody::MC(ClientModification {
        client_code: input.client_code.clone(),
        changes,
        revisit: None,
        fleet: None,
    });
    publish(
        local,
        author,
        body,
        PendingKind::Modification,
        &input.client_code,
        subject,
        detail,
    )
}

pub(crate) fn publish(
    local: &mut LocalDb,
    author: &Author<'_>,
    body: ChangeBody,
    kind: PendingKind,
    client_code: &str,
    subject: PendingSubject,
    detail_json: String,
) -> Result<WrittenChange> {
    let envelope = Envelope::new(author.user, author.device, author.now, body);
    // The server checks the same rule again; refusing here keeps what the rep typed.
    tournee_sync::check_content(&envelope).map_err(FieldError::rules)?;
    let file_name = envelope.file_name().to_string();
    let pending = NewPending {
        change_id: envelope.change_id.clone(),
        kind,
        client_code: client_code.to_string(),
        subject,
        detail_json,
        file_name: file_name.clone(),
        written_at: author.now.to_rfc3339(),
    };
    local.record_then_publish(&pending, || {
        publish_signed_change(author.outbox, &envelope, author.signer)?;
        Ok(WrittenChange {
            change_id: envelope.change_id.clone(),
            file_name: file_name.clone(),
        })
    })
}

pub(crate) fn parse_day(field: &str, text: &str) -> Result<NaiveDate, DomainError> {
    tournee_core::parse_iso_date(text.trim()).ok_or_else(|| DomainError::NotADate {
        field: field.into(),
    })
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|source| FieldError::Json {
        what: "pending detail".into(),
        source,
    })
}
