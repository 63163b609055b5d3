//! « Webhooks » (admins, docs/webhooks.md): the subscriptions (URL, event types, a secret
//! shown once, enabled or not, deleted), the latest deliveries with their attempts, and
//! the replay of one. Every route takes [`Admin`]; every form is a [`CheckedForm`].

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use rusqlite::Connection;
use tournee_store::{
    create_subscription, delete_subscription, delivery_attempts, list_subscriptions,
    recent_deliveries, replay_delivery, set_subscription_enabled, AttemptLine, CreatedSubscription,
    DeliveryLine, EventType, Subscription, SubscriptionError,
};

use super::auth::{Admin, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::common::{not_found, refused, who, with_db};
use super::error::PageError;
use super::form::{add_error, add_problem, error_summary, Field, FieldErrors, Input, Problem};
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{webhook_error, Sentence, OFFICE};
use crate::webhooks::url::{check_url, UrlProblem};

/// Deliveries listed on the page, newest first.
const LISTED_DELIVERIES: usize = 100;

/// More pairs than the form has (a URL, the CSRF token, every type and « all »): refused.
const MAX_FORM_PAIRS: usize = 4 + EventType::ALL.len();

/// What the page shows, read on the blocking pool.
struct Overview {
    subscriptions: Vec<Subscription>,
    deliveries: Vec<DeliveryLine>,
}

fn overview(conn: &Connection) -> anyhow::Result<Overview> {
    Ok(Overview {
        subscriptions: list_subscriptions(conn)?,
        deliveries: recent_deliveries(conn, None, LISTED_DELIVERIES)?,
    })
}

/// One event type's tick box.
struct TypeBox {
    code: &'static str,
    ticked: bool,
}

/// The page: subscriptions, the new one's form, the latest deliveries.
#[derive(Template)]
#[template(path = "office/webhooks.html")]
struct WebhooksPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    overview: &'a Overview,
    /// The subscription just created and its URL, its secret shown once.
    created: Option<(&'a CreatedSubscription, String)>,
    url_field: super::form::FieldView<'a>,
    types: Vec<TypeBox>,
    all_ticked: bool,
    type_errors: &'a [String],
    summary: Option<Vec<Problem<'a>>>,
}

impl WebhooksPage<'_> {
    /// The notice above the secret just created.
    fn created_notice(&self, url: &str) -> String {
        Sentence::WebhookCreated.office(&[("url", url)])
    }
}

/// The new subscription's form as sent.
#[derive(Default)]
struct NewHook {
    url: String,
    types: Vec<String>,
}

impl super::form::FormValues for NewHook {
    fn value(&self, name: &str) -> &str {
        match name {
            "url" => &self.url,
            _ => "",
        }
    }
}

/// The form's pairs (tick boxes repeat `type`) as a [`NewHook`]; unknown names refused.
fn new_hook(pairs: Vec<(String, String)>) -> Result<NewHook, PageError> {
    if pairs.len() > MAX_FORM_PAIRS {
        return Err(PageError::BadForm(format!("{} fields", pairs.len())));
    }
    let mut form = NewHook::default();
    for (name, value) in pairs {
        match name.as_str() {
            "csrf" => {}
            "url" => form.url = value.trim().to_string(),
            "type" => form.types.push(value),
            other => return Err(PageError::BadForm(format!("unknown field {other:?}"))),
        }
    }
    Ok(form)
}

const URL_FIELD: Field<'static> = Field {
    name: "url",
    label: "Adresse (URL)",
    input: Input::Text,
    hint: "https://… ; http:// seulement vers cette machine (localhost, 127.0.0.1).",
};

/// The label of the types' fieldset, in the error summary.
const TYPES_FIELD: Field<'static> = Field {
    name: "types",
    label: "Événements",
    input: Input::Text,
    hint: "",
};

fn page(
    signed: &Signed,
    overview: &Overview,
    form: &NewHook,
    errors: &FieldErrors,
    created: Option<(&CreatedSubscription, String)>,
) -> Result<Html<String>, PageError> {
    let fields = [URL_FIELD];
    let mut views = super::form::field_views(&fields, form, errors);
    let all = [&URL_FIELD, &TYPES_FIELD];
    let page = WebhooksPage {
        shell: Shell::new("Webhooks", who(signed)),
        csrf: &signed.csrf,
        overview,
        created,
        url_field: views.remove(0),
        types: EventType::ALL
            .iter()
            .map(|t| TypeBox {
                code: t.code(),
                ticked: form.types.iter().any(|sent| sent == t.code()),
            })
            .collect(),
        all_ticked: form.types.iter().any(|sent| sent == "*"),
        type_errors: errors.get("types").map(Vec::as_slice).unwrap_or(&[]),
        summary: error_summary(&all, errors),
    };
    render(&page)
}

/// GET /office/admin/webhooks
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
) -> Result<Response, PageError> {
    let overview = with_db(&state, |conn| overview(conn)).await?;
    Ok(page(
        &signed,
        &overview,
        &NewHook::default(),
        &FieldErrors::new(),
        None,
    )?
    .into_response())
}

/// What a URL problem says, on the URL's field.
fn url_problem(problem: UrlProblem) -> (Sentence, String) {
    match problem {
        UrlProblem::Length => (
            Sentence::WebhookUrlLength,
            tournee_store::MAX_WEBHOOK_URL_CHARS.to_string(),
        ),
        UrlProblem::Unreadable => (Sentence::WebhookUrlUnreadable, String::new()),
        UrlProblem::Scheme => (Sentence::WebhookUrlScheme, String::new()),
        UrlProblem::PlainHttpNotLoopback => (Sentence::WebhookUrlPlainHttp, String::new()),
        UrlProblem::Credentials => (Sentence::WebhookUrlCredentials, String::new()),
    }
}

/// POST /office/admin/webhooks: a new subscription, its secret shown once.
pub async fn create(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(pairs): CheckedForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = new_hook(pairs)?;
    let mut errors = FieldErrors::new();
    let url = match check_url(&form.url) {
        Ok(url) => Some(url.to_string()),
        Err(problem) => {
            let (sentence, max) = url_problem(problem);
            add_problem(&mut errors, "url", sentence, &[("max", &max)]);
            None
        }
    };
    let admin = signed.account.login.clone();
    let types = form.types.clone();
    let outcome = with_db(&state, move |conn| {
        let created = match url {
            Some(url) if errors.is_empty() => {
                match create_subscription(conn, &url, &types, &admin, Utc::now()) {
                    Ok(created) => {
                        // The secret itself is not logged.
                        tracing::info!(%admin, subscription = created.id, %url, "webhook created");
                        Some((created, url))
                    }
                    Err(error @ (SubscriptionError::Store(_) | SubscriptionError::Random(_))) => {
                        return Err(error.into())
                    }
                    Err(error) => {
                        let field = match error {
                            SubscriptionError::UrlLength => "url",
                            _ => "types",
                        };
                        add_error(&mut errors, field, webhook_error(&error).say(OFFICE));
                        None
                    }
                }
            }
            _ => {
                // The URL is refused: the types are checked all the same, so both problems
                // show at once.
                if types.is_empty() {
                    add_problem(&mut errors, "types", Sentence::WebhookNoEventType, &[]);
                }
                None
            }
        };
        Ok((overview(conn)?, created, errors))
    })
    .await?;
    Ok(match outcome {
        (overview, Some((created, url)), _) => page(
            &signed,
            &overview,
            &NewHook::default(),
            &FieldErrors::new(),
            Some((&created, url)),
        )?
        .into_response(),
        (overview, None, errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&signed, &overview, &form, &errors, None)?,
        )
            .into_response(),
    })
}

/// Runs a change on subscription `id`, then back to the list (or the refusal's page).
async fn on_subscription(
    state: &OfficeState,
    signed: &Signed,
    id: i64,
    what: &'static str,
    change: impl FnOnce(&mut Connection) -> Result<(), SubscriptionError> + Send + 'static,
) -> Result<Response, PageError> {
    let admin = signed.account.login.clone();
    let outcome = with_db(state, move |conn| {
        Ok(match change(conn) {
            Ok(()) => {
                tracing::info!(%admin, subscription = id, what, "webhook changed");
                Ok(())
            }
            Err(error @ (SubscriptionError::Store(_) | SubscriptionError::Random(_))) => {
                return Err(error.into())
            }
            Err(error) => Err(webhook_error(&error)),
        })
    })
    .await?;
    Ok(match outcome {
        Ok(()) => Redirect::to("/office/admin/webhooks").into_response(),
        Err(message) => refused(signed, Sentence::WebhookRefusedTitle, &message)?,
    })
}

/// POST /office/admin/webhooks/{id}/enable
pub async fn enable(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    on_subscription(&state, &signed, id, "enabled", move |conn| {
        set_subscription_enabled(conn, id, true)
    })
    .await
}

/// POST /office/admin/webhooks/{id}/disable: no new event; queued deliveries wait.
pub async fn disable(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    on_subscription(&state, &signed, id, "disabled", move |conn| {
        set_subscription_enabled(conn, id, false)
    })
    .await
}

/// POST /office/admin/webhooks/{id}/delete: with its deliveries and their log.
pub async fn delete(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    on_subscription(&state, &signed, id, "deleted", move |conn| {
        delete_subscription(conn, id)
    })
    .await
}

/// One delivery's attempts.
#[derive(Template)]
#[template(path = "office/webhook_delivery.html")]
struct DeliveryPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    id: i64,
    attempts: &'a [AttemptLine],
}

/// GET /office/admin/webhooks/deliveries/{id}: every attempt (time, answer, duration).
pub async fn delivery(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let attempts = with_db(&state, move |conn| Ok(delivery_attempts(conn, id)?)).await?;
    let Some(attempts) = attempts else {
        return not_found(&signed, Sentence::WebhookDeliveryUnknownTitle);
    };
    let page = DeliveryPage {
        shell: Shell::new(format!("Envoi n° {id}"), who(&signed)),
        csrf: &signed.csrf,
        id,
        attempts: &attempts,
    };
    Ok(render(&page)?.into_response())
}

/// POST /office/admin/webhooks/deliveries/{id}/replay: sent again now, same event id.
pub async fn replay(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let admin = signed.account.login.clone();
    let found = with_db(&state, move |conn| {
        Ok(replay_delivery(conn, id, Utc::now())?)
    })
    .await?;
    if !found {
        return not_found(&signed, Sentence::WebhookDeliveryUnknownTitle);
    }
    tracing::info!(%admin, delivery = id, "webhook delivery replayed");
    Ok(Redirect::to("/office/admin/webhooks").into_response())
}
