//! The « Catalogue » page (issue 15): the products and services quote lines are taken from
//! (reference, label, unit price excl. VAT, VAT rate, unit). Admins only. Adding an entry
//! whose reference exists corrects it; an entry is retired rather than deleted (quotes keep
//! their own copy of each line). The laptops receive the active entries with their next
//! snapshot, requested after each change.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tournee_core::{
    euros_fr, parse_euros, percent_fr, CatalogueEntry, VatRate, MAX_LINE_LABEL_CHARS,
    MAX_REFERENCE_CHARS, MAX_UNIT_CHARS,
};
use tournee_store::{
    catalogue_item, catalogue_items, save_catalogue_item, set_catalogue_item_active,
    CatalogueError, MAX_CATALOGUE_ITEMS,
};

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{form_page, not_found, who, with_db};
use super::error::PageError;
use super::form::ticked;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::Sentence;

/// Longest text echoed back in the form after a refusal: a hostile form is not shown whole.
const ECHO_MAX_CHARS: usize = 240;

/// The entry form as posted (every field text: the page says what is wrong with each).
#[derive(Deserialize, Default)]
pub struct EntryForm {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    price: String,
    #[serde(default)]
    vat: String,
    #[serde(default)]
    unit: String,
}

/// Retire or offer again.
#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    reference: String,
    #[serde(default, deserialize_with = "ticked")]
    active: bool,
}

/// `?saved=1` after a change, `?edit=REF` to correct an entry.
#[derive(Deserialize)]
pub struct CatalogueQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    edit: Option<String>,
}

/// One entry in the table.
struct Row {
    reference: String,
    label: String,
    price: String,
    vat: String,
    unit: String,
    active: bool,
}

/// One VAT rate in the form's list.
struct VatChoice {
    bp: u32,
    label: String,
    selected: bool,
}

/// The entry form's values and, after a refusal, each field's problem.
#[derive(Default)]
struct FormView {
    reference: String,
    label: String,
    price: String,
    unit: String,
    errors: Vec<(&'static str, String)>,
}

impl FormView {
    /// The problem of field `name`, if it has one (the template's lookup).
    fn error(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, message)| message.as_str())
    }
}

#[derive(Template)]
#[template(path = "office/catalogue.html")]
struct CataloguePage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    notice: Option<String>,
    editing: bool,
    form: FormView,
    vat_choices: Vec<VatChoice>,
    rows: Vec<Row>,
    max_items: u64,
}

/// Euro cents as the price field shows them for editing: `48990` → « 489,90 ».
fn typed_euros(cents: i64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

async fn page(
    state: &OfficeState,
    signed: &Signed,
    notice: Option<String>,
    form: FormView,
    vat_bp: u32,
    editing: bool,
) -> Result<Response, PageError> {
    let items = with_db(state, |conn| Ok(catalogue_items(conn)?)).await?;
    let refused = !form.errors.is_empty();
    let rows = items
        .into_iter()
        .map(|item| Row {
            price: euros_fr(item.entry.unit_price_cents),
            vat: percent_fr(item.entry.vat.basis_points()),
            reference: item.entry.reference,
            label: item.entry.label,
            unit: item.entry.unit,
            active: item.active,
        })
        .collect();
    let vat_choices = VatRate::ALL
        .iter()
        .rev()
        .map(|rate| VatChoice {
            bp: rate.basis_points(),
            label: percent_fr(rate.basis_points()),
            selected: rate.basis_points() == vat_bp,
        })
        .collect();
    let html = render(&CataloguePage {
        shell: Shell::new("Catalogue", who(signed)),
        csrf: &signed.csrf,
        notice,
        editing,
        form,
        vat_choices,
        rows,
        max_items: MAX_CATALOGUE_ITEMS,
    })?;
    Ok(form_page(html, refused))
}

/// GET /office/admin/catalogue
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(query): Query<CatalogueQuery>,
) -> Result<Response, PageError> {
    let notice = query.saved.map(|_| Sentence::CatalogueSaved.office(&[]));
    let Some(reference) = query.edit else {
        let standard = VatRate::Standard.basis_points();
        return page(
            &state,
            &signed,
            notice,
            FormView::default(),
            standard,
            false,
        )
        .await;
    };
    let found = with_db(&state, move |conn| Ok(catalogue_item(conn, &reference)?)).await?;
    let Some(item) = found else {
        return not_found(&signed, Sentence::CatalogueUnknownTitle);
    };
    let form = FormView {
        reference: item.entry.reference,
        label: item.entry.label,
        price: typed_euros(item.entry.unit_price_cents),
        unit: item.entry.unit,
        errors: Vec::new(),
    };
    page(
        &state,
        &signed,
        notice,
        form,
        item.entry.vat.basis_points(),
        true,
    )
    .await
}

/// The problem of each field the form gets wrong, before anything is written.
fn form_problems(form: &EntryForm) -> (Option<CatalogueEntry>, Vec<(&'static str, String)>) {
    let mut errors = Vec::new();
    let price = parse_euros(&form.price);
    if price.is_none() {
        errors.push(("price", Sentence::CataloguePrice.office(&[])));
    }
    let vat = form
        .vat
        .trim()
        .parse()
        .ok()
        .and_then(VatRate::from_basis_points);
    if vat.is_none() {
        errors.push(("vat", Sentence::CatalogueVat.office(&[])));
    }
    let (Some(unit_price_cents), Some(vat)) = (price, vat) else {
        return (None, errors);
    };
    let entry = CatalogueEntry {
        reference: form.reference.trim().to_owned(),
        label: form.label.trim().to_owned(),
        unit_price_cents,
        vat,
        unit: form.unit.trim().to_owned(),
    };
    (Some(entry), errors)
}

/// The sentence of a refused entry's field (the rule's field names, `CatalogueEntry::check`).
fn field_problem(field: &str) -> (&'static str, String) {
    match field {
        "reference" => (
            "reference",
            Sentence::CatalogueReference.office(&[("max", &MAX_REFERENCE_CHARS.to_string())]),
        ),
        "label" => (
            "label",
            Sentence::CatalogueLabel.office(&[("max", &MAX_LINE_LABEL_CHARS.to_string())]),
        ),
        "unit" => (
            "unit",
            Sentence::CatalogueUnit.office(&[("max", &MAX_UNIT_CHARS.to_string())]),
        ),
        _ => ("price", Sentence::CataloguePrice.office(&[])),
    }
}

/// POST /office/admin/catalogue: adds an entry, or corrects the one of the same reference.
pub async fn save(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<EntryForm>,
) -> Result<Response, PageError> {
    let (entry, mut errors) = form_problems(&form);
    let outcome = match entry {
        Some(entry) if errors.is_empty() => {
            let by = signed.account.login.clone();
            let saved = with_db(&state, move |conn| {
                match save_catalogue_item(conn, &entry, &by, Utc::now()) {
                    Ok(()) => Ok(Ok(entry.reference)),
                    Err(CatalogueError::Store(error)) => Err(error.into()),
                    Err(refused) => Ok(Err(refused)),
                }
            })
            .await?;
            Some(saved)
        }
        Some(entry) => {
            // The price or the rate is wrong: the text fields are checked too, so every
            // problem shows at once.
            if let Err(problem) = entry.check() {
                errors.push(field_problem(problem.field()));
            }
            None
        }
        None => None,
    };
    match outcome {
        Some(Ok(reference)) => {
            tracing::info!(by = %signed.account.login, reference, "catalogue entry saved");
            state.request_snapshots(None);
            return Ok(Redirect::to("/office/admin/catalogue?saved=1").into_response());
        }
        Some(Err(CatalogueError::Invalid(problem))) => errors.push(field_problem(problem.field())),
        Some(Err(CatalogueError::Full)) => errors.push((
            "reference",
            Sentence::CatalogueFull.office(&[("max", &MAX_CATALOGUE_ITEMS.to_string())]),
        )),
        Some(Err(_)) | None => {}
    }
    let echo = |text: &str| text.chars().take(ECHO_MAX_CHARS).collect::<String>();
    let vat_bp = form
        .vat
        .trim()
        .parse()
        .unwrap_or(VatRate::Standard.basis_points());
    let view = FormView {
        reference: echo(&form.reference),
        label: echo(&form.label),
        price: echo(&form.price),
        unit: echo(&form.unit),
        errors,
    };
    page(&state, &signed, None, view, vat_bp, false).await
}

/// POST /office/admin/catalogue/active: retires an entry, or offers it again.
pub async fn set_active(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<ActiveForm>,
) -> Result<Response, PageError> {
    let by = signed.account.login.clone();
    let reference = form.reference.clone();
    let outcome = with_db(&state, move |conn| {
        match set_catalogue_item_active(conn, &reference, form.active, &by, Utc::now()) {
            Ok(()) => Ok(true),
            Err(CatalogueError::Store(error)) => Err(error.into()),
            Err(_) => Ok(false),
        }
    })
    .await?;
    if !outcome {
        return not_found(&signed, Sentence::CatalogueUnknownTitle);
    }
    tracing::info!(by = %signed.account.login, reference = form.reference, active = form.active, "catalogue entry state changed");
    state.request_snapshots(None);
    Ok(Redirect::to("/office/admin/catalogue?saved=1").into_response())
}
