//! The « Relances » page (issue 15, brief 002's follow-up rules): how many days a lead or an
//! opportunity may stay open before its owner gets a reminder, whether the team leaders are
//! in copy, each rule on or off; below, the reminders queued lately and whether their mail
//! left. Admins only. The automaton applies the rules at each inbox scan
//! (`tournee_store::queue_follow_ups`); the mail queue delivers the reminders.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tournee_store::{
    follow_up_rules, recent_follow_ups, save_follow_up_rule, FollowUpError, FollowUpRuleCode,
    FollowUpSettings, FOLLOW_UP_MAX_DAYS,
};

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{form_page, not_found, who, with_db, SavedQuery};
use super::error::PageError;
use super::form::ticked;
use super::html::{moment, render, Shell};
use super::OfficeState;
use crate::sentences::Sentence;

/// Reminders listed under the rules.
const LISTED: usize = 50;

/// Longest delay text echoed back: a hostile form is not shown whole.
const TYPED_MAX_CHARS: usize = 12;

/// A rule's form as posted.
#[derive(Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    days: String,
    #[serde(default, deserialize_with = "ticked")]
    enabled: bool,
    #[serde(default, deserialize_with = "ticked")]
    copy_managers: bool,
}

/// One rule's form on the page.
struct RuleRow {
    code: &'static str,
    title: String,
    explanation: String,
    days: String,
    enabled: bool,
    copy_managers: bool,
    changed: String,
    /// The delay's problem, when the last save of this rule was refused.
    days_error: Option<String>,
}

/// One reminder queued.
struct ReminderRow {
    rule: String,
    record: String,
    to: String,
    cc: String,
    queued_at: String,
    status: String,
}

#[derive(Template)]
#[template(path = "office/follow_up.html")]
struct FollowUpPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    notice: Option<String>,
    refused: bool,
    max_days: u32,
    rules: Vec<RuleRow>,
    reminders: Vec<ReminderRow>,
}

fn titles(code: FollowUpRuleCode) -> (Sentence, Sentence) {
    match code {
        FollowUpRuleCode::LeadOpen => (Sentence::FollowUpLeadTitle, Sentence::FollowUpLeadHelp),
        FollowUpRuleCode::OpportunityOpen => (
            Sentence::FollowUpOpportunityTitle,
            Sentence::FollowUpOpportunityHelp,
        ),
    }
}

fn status_label(status: &str) -> String {
    match status {
        "sent" => Sentence::FollowUpMailSent,
        "abandoned" => Sentence::FollowUpMailAbandoned,
        _ => Sentence::FollowUpMailPending,
    }
    .office(&[])
}

/// A refused save: the rule, what was typed, the problem.
struct Refusal {
    code: &'static str,
    typed: RuleForm,
    message: String,
}

async fn page(
    state: &OfficeState,
    signed: &Signed,
    notice: Option<String>,
    refusal: Option<Refusal>,
) -> Result<Response, PageError> {
    let (rules, recent) = with_db(state, |conn| {
        Ok((follow_up_rules(conn)?, recent_follow_ups(conn, LISTED)?))
    })
    .await?;
    let refused = refusal.is_some();
    let mut refusal = refusal;
    let rules = rules
        .into_iter()
        .map(|rule| {
            let (title, help) = titles(rule.code);
            let mut row = RuleRow {
                code: rule.code.code(),
                title: title.office(&[]),
                explanation: help.office(&[]),
                days: rule.days.to_string(),
                enabled: rule.enabled,
                copy_managers: rule.copy_managers,
                changed: if rule.changed_by == "migration" {
                    Sentence::FollowUpDefault.office(&[])
                } else {
                    Sentence::FollowUpChanged
                        .office(&[("by", &rule.changed_by), ("at", &moment(&rule.changed_at))])
                },
                days_error: None,
            };
            if let Some(r) = refusal.take_if(|r| r.code == rule.code.code()) {
                row.days = r.typed.days.chars().take(TYPED_MAX_CHARS).collect();
                row.enabled = r.typed.enabled;
                row.copy_managers = r.typed.copy_managers;
                row.days_error = Some(r.message);
            }
            row
        })
        .collect();
    let reminders = recent
        .into_iter()
        .map(|r| ReminderRow {
            // The column's CHECK holds the known codes; a newer program's shows as stored.
            rule: FollowUpRuleCode::from_code(&r.rule)
                .map(|code| titles(code).0.office(&[]))
                .unwrap_or_else(|| r.rule.clone()),
            record: r.record_name,
            to: if r.to.is_empty() {
                Sentence::FollowUpErrorAddresses.office(&[])
            } else {
                r.to.join(", ")
            },
            cc: r.cc.join(", "),
            queued_at: moment(&r.queued_at),
            status: status_label(&r.mail_status),
        })
        .collect();
    let html = render(&FollowUpPage {
        shell: Shell::new("Relances", who(signed)),
        csrf: &signed.csrf,
        notice,
        refused,
        max_days: FOLLOW_UP_MAX_DAYS,
        rules,
        reminders,
    })?;
    Ok(form_page(html, refused))
}

/// GET /office/admin/follow-up
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(query): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let notice = query.saved.map(|_| Sentence::FollowUpSaved.office(&[]));
    page(&state, &signed, notice, None).await
}

/// POST /office/admin/follow-up/{code}: a rule's delay, state and copy.
pub async fn save(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(code): Path<String>,
    CheckedForm(form): CheckedForm<RuleForm>,
) -> Result<Response, PageError> {
    let Some(rule) = FollowUpRuleCode::from_code(&code) else {
        return not_found(&signed, Sentence::FollowUpUnknownTitle);
    };
    let days_problem = Sentence::FollowUpDays.office(&[("max", &FOLLOW_UP_MAX_DAYS.to_string())]);
    let Ok(days) = form.days.trim().parse::<u32>() else {
        let refusal = Refusal {
            code: rule.code(),
            typed: form,
            message: days_problem,
        };
        return page(&state, &signed, None, Some(refusal)).await;
    };
    let settings = FollowUpSettings {
        days,
        enabled: form.enabled,
        copy_managers: form.copy_managers,
    };
    let by = signed.account.login.clone();
    let outcome = with_db(&state, move |conn| {
        match save_follow_up_rule(conn, rule.code(), settings, &by, Utc::now()) {
            Ok(()) => Ok(Ok(())),
            Err(FollowUpError::Store(error)) => Err(error.into()),
            Err(refused) => Ok(Err(refused)),
        }
    })
    .await?;
    match outcome {
        Ok(()) => {
            tracing::info!(by = %signed.account.login, rule = rule.code(), days, enabled = settings.enabled, "follow-up rule changed");
            Ok(Redirect::to("/office/admin/follow-up?saved=1").into_response())
        }
        Err(FollowUpError::Unknown(_)) => not_found(&signed, Sentence::FollowUpUnknownTitle),
        Err(_) => {
            let refusal = Refusal {
                code: rule.code(),
                typed: form,
                message: days_problem,
            };
            page(&state, &signed, None, Some(refusal)).await
        }
    }
}
