//! « Import de contacts » and the contacts' export (issue 13 « CSV »).
//!
//! The import walks the admin through three steps, each a page: the **upload** (the file
//! is read and kept server-side under a random token tied to the account, for an hour:
//! `tournee_store::store_upload`), the **preview** (the first lines, a field per column
//! guessed from the header, the owner of the parties), the **dry run** (every line checked
//! and compared with the master, nothing written) and the **import**, only once that dry
//! run is confirmed (its digest sent back and recomputed inside the import's transaction).
//! Admins only: the office's accounts are not app users, so the policy has no row for them,
//! and an import writes parties for any owner in bulk; the admin reads and writes
//! everything by rule.
//!
//! The export (`/office/contacts.csv`) is for every back-office account: an admin reads
//! as the policy's admin (everything), an accountant as its accountant (by default every
//! party; less if the admin's policy says so).

use std::collections::HashMap;

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tournee_core::{Lang, Principal};
use tournee_sentences::Label;
use tournee_store::{
    all_users, dry_run, export_contacts, import_contacts, import_dry_run, load_upload,
    store_upload, ColumnMapping, DryRun, ImportChoice, ImportError, ImportTarget, LineReport,
    Upload, MAX_IMPORT_BYTES,
};

use super::auth::{Accountant, Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{who, with_db};
use super::cookies::same_secret;
use super::error::PageError;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{
    import_error, line_duplicate, line_problem, target_label, Sentence, OFFICE,
};

/// The request body accepted on the upload route: the file and the form's envelope.
pub const UPLOAD_BODY_LIMIT: usize = MAX_IMPORT_BYTES + 64 * 1024;
/// Lines shown in the preview.
const PREVIEW_LINES: usize = 10;
/// Lines of a report shown on its page (the counts cover them all).
const REPORT_LINES: usize = 1000;

#[derive(Template)]
#[template(path = "office/import_upload.html")]
struct UploadPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    max_mb: usize,
    error: Option<String>,
}

/// A column of the preview: its header and the field chosen for it.
struct Column {
    index: usize,
    header: String,
    chosen: &'static str,
}

#[derive(Template)]
#[template(path = "office/import_preview.html")]
struct PreviewPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    token: &'a str,
    file_name: &'a str,
    lines: usize,
    columns: Vec<Column>,
    rows: Vec<(usize, Vec<String>)>,
    targets: Vec<(&'static str, &'static str)>,
    users: Vec<(String, String)>,
    owner: String,
    error: Option<String>,
}

/// A line of a report as the page shows it.
struct ReportLine {
    line: usize,
    problems: Vec<String>,
    duplicates: Vec<String>,
}

#[derive(Template)]
#[template(path = "office/import_report.html")]
struct ReportPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    token: &'a str,
    file_name: &'a str,
    /// Whether the import was carried out (else this is the dry run).
    done: bool,
    notice: Option<String>,
    error: Option<String>,
    lines: usize,
    importable: usize,
    invalid: usize,
    duplicates: usize,
    report: Vec<ReportLine>,
    hidden_more: usize,
    choices: Vec<(String, String)>,
    digest: &'a str,
}

/// GET /office/admin/import: the upload form.
pub async fn show(Admin(signed): Admin) -> Result<Response, PageError> {
    upload_page(&signed, StatusCode::OK, None)
}

fn upload_page(
    signed: &Signed,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, PageError> {
    let html = render(&UploadPage {
        shell: Shell::new("Import de contacts", who(signed)),
        csrf: &signed.csrf,
        max_mb: MAX_IMPORT_BYTES / (1024 * 1024),
        error,
    })?;
    Ok((status, html).into_response())
}

/// The page of an import step refused: the upload form with the reason, or a server error.
fn refused(signed: &Signed, error: &ImportError) -> Result<Response, PageError> {
    let Some(said) = import_error(error, OFFICE) else {
        return Err(PageError::server(error));
    };
    let status = match error {
        ImportError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        ImportError::UploadGone => StatusCode::NOT_FOUND,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    tracing::info!(sentence = said.sentence.code(), "import step refused");
    upload_page(signed, status, Some(said.say(OFFICE)))
}

/// The multipart form's token and file.
struct Sent {
    csrf: String,
    file_name: String,
    bytes: Vec<u8>,
}

/// Reads the upload form, the file at most one byte over the limit (so that an oversize
/// file is told, not cut).
async fn read_sent(mut multipart: Multipart) -> Result<Sent, MultipartError> {
    let mut sent = Sent {
        csrf: String::new(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    while let Some(mut field) = multipart.next_field().await? {
        match field.name() {
            Some("csrf") => sent.csrf = field.text().await?.chars().take(256).collect(),
            Some("file") => {
                sent.file_name = field.file_name().unwrap_or("").to_string();
                while let Some(chunk) = field.chunk().await? {
                    sent.bytes.extend_from_slice(&chunk);
                    if sent.bytes.len() > MAX_IMPORT_BYTES {
                        return Ok(sent);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(sent)
}

/// POST /office/admin/import: the file, read and kept; answers its preview.
pub async fn upload(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let multipart = multipart.map_err(|rejection| PageError::BadForm(rejection.body_text()))?;
    let sent = match read_sent(multipart).await {
        Ok(sent) => sent,
        Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refused(
                &signed,
                &ImportError::TooLarge {
                    bytes: UPLOAD_BODY_LIMIT,
                    max: MAX_IMPORT_BYTES,
                },
            )
        }
        Err(error) => return Err(PageError::BadForm(error.body_text())),
    };
    if !same_secret(&signed.csrf, &sent.csrf) {
        return Err(PageError::CsrfRefused);
    }
    if sent.bytes.is_empty() {
        return upload_page(
            &signed,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(Sentence::ImportNoFile.office(&[])),
        );
    }
    let login = signed.account.login.clone();
    let stored = with_db(&state, move |conn| {
        user_facing(store_upload(
            conn,
            &login,
            &sent.file_name,
            &sent.bytes,
            Utc::now(),
        ))
    })
    .await?;
    match stored {
        Ok(upload) => {
            tracing::info!(by = %signed.account.login, lines = upload.table.rows.len(), "contacts file uploaded");
            let mapping = ColumnMapping::guess(&upload.table.headers);
            preview_page(
                &state,
                &signed,
                &upload,
                &mapping.codes(),
                String::new(),
                None,
            )
            .await
        }
        Err(error) => refused(&signed, &error),
    }
}

/// An import step's outcome: what the page says (`Ok(Err)`), or a server failure.
fn user_facing<T>(result: Result<T, ImportError>) -> anyhow::Result<Result<T, ImportError>> {
    match result {
        Err(ImportError::Store(error)) => Err(error.into()),
        Err(ImportError::Record(error)) => Err(anyhow::anyhow!("import: {error}")),
        Err(ImportError::NotApplied(error)) => Err(anyhow::anyhow!("import: {error}")),
        other => Ok(other),
    }
}

async fn preview_page(
    state: &OfficeState,
    signed: &Signed,
    upload: &Upload,
    chosen: &[&'static str],
    owner: String,
    error: Option<String>,
) -> Result<Response, PageError> {
    let users = with_db(state, |conn| Ok(all_users(conn)?)).await?;
    let users = users
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.windows_user, u.display_name))
        .collect();
    let columns = upload
        .table
        .headers
        .iter()
        .enumerate()
        .map(|(index, header)| Column {
            index,
            header: header.clone(),
            chosen: chosen.get(index).copied().unwrap_or("ignore"),
        })
        .collect();
    let rows = upload
        .table
        .rows
        .iter()
        .take(PREVIEW_LINES)
        .map(|row| (row.line, row.cells.clone()))
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = render(&PreviewPage {
        shell: Shell::new("Import de contacts : aperçu", who(signed)),
        csrf: &signed.csrf,
        token: &upload.token,
        file_name: &upload.file_name,
        lines: upload.table.rows.len(),
        columns,
        rows,
        targets: ImportTarget::ALL
            .into_iter()
            .map(|t| (t.code(), target_label(t, OFFICE)))
            .collect(),
        users,
        owner,
        error,
    })?;
    Ok((status, html).into_response())
}

/// The choices a step's form carries: a target code per column (`col0`, `col1`…) and the
/// owner; `confirm` and `digest` on the import's.
type ChoiceForm = HashMap<String, String>;

fn chosen_codes(form: &ChoiceForm, columns: usize) -> Vec<String> {
    (0..columns)
        .map(|i| form.get(&format!("col{i}")).cloned().unwrap_or_default())
        .collect()
}

/// The codes as the preview selects them: unknown ones (a forged form) read as « ignore ».
fn known_codes(codes: &[String]) -> Vec<&'static str> {
    codes
        .iter()
        .map(|c| ImportTarget::from_code(c).map_or("ignore", ImportTarget::code))
        .collect()
}

fn owner_of(form: &ChoiceForm) -> String {
    form.get("owner")
        .map(|o| o.trim().to_string())
        .unwrap_or_default()
}

/// Loads the upload of `token` for the signed-in account.
async fn upload_of(
    state: &OfficeState,
    signed: &Signed,
    token: String,
) -> Result<Result<Upload, ImportError>, PageError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Err(ImportError::UploadGone));
    }
    let login = signed.account.login.clone();
    with_db(state, move |conn| {
        user_facing(load_upload(conn, &login, &token, Utc::now()))
    })
    .await
}

/// POST /office/admin/import/{token}/preview: back to the preview with the choices made.
pub async fn preview(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(token): Path<String>,
    CheckedForm(form): CheckedForm<ChoiceForm>,
) -> Result<Response, PageError> {
    let upload = match upload_of(&state, &signed, token).await? {
        Ok(upload) => upload,
        Err(error) => return refused(&signed, &error),
    };
    let codes = chosen_codes(&form, upload.table.headers.len());
    preview_page(
        &state,
        &signed,
        &upload,
        &known_codes(&codes),
        owner_of(&form),
        None,
    )
    .await
}

/// POST /office/admin/import/{token}/dry-run: every line checked, nothing written.
pub async fn check(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(token): Path<String>,
    CheckedForm(form): CheckedForm<ChoiceForm>,
) -> Result<Response, PageError> {
    let upload = match upload_of(&state, &signed, token).await? {
        Ok(upload) => upload,
        Err(error) => return refused(&signed, &error),
    };
    let codes = chosen_codes(&form, upload.table.headers.len());
    let owner = owner_of(&form);
    let mapping = match ColumnMapping::from_codes(&codes, upload.table.headers.len()) {
        Ok(mapping) => mapping,
        Err(error) => {
            let said = import_error(&error.into(), OFFICE).map(|s| s.say(OFFICE));
            return preview_page(&state, &signed, &upload, &known_codes(&codes), owner, said).await;
        }
    };
    let (kept, run_owner, run_mapping) = (upload.clone(), owner.clone(), mapping.clone());
    let run = with_db(&state, move |conn| {
        user_facing(dry_run(conn, &kept, &run_mapping, &run_owner))
    })
    .await?;
    match run {
        Ok(run) => {
            let page = report_page(&signed, &upload, &mapping, &owner, &run, ReportKind::DryRun);
            state.dry_runs.keep(&upload.token, run);
            page
        }
        Err(error) => {
            let said = import_error(&error, OFFICE).map(|s| s.say(OFFICE));
            preview_page(&state, &signed, &upload, &known_codes(&codes), owner, said).await
        }
    }
}

/// Which report a page shows.
enum ReportKind {
    DryRun,
    /// The dry run again, with why the import did not run and the answer's status.
    Refused(String, StatusCode),
    Done {
        parties: usize,
        people: usize,
    },
}

fn report_page(
    signed: &Signed,
    upload: &Upload,
    mapping: &ColumnMapping,
    owner: &str,
    run: &DryRun,
    kind: ReportKind,
) -> Result<Response, PageError> {
    let report: Vec<ReportLine> = run
        .reports
        .iter()
        .take(REPORT_LINES)
        .map(|line: &LineReport| ReportLine {
            line: line.line,
            problems: line
                .problems
                .iter()
                .map(|p| line_problem(p, Lang::Fr))
                .collect(),
            duplicates: line
                .duplicates
                .iter()
                .map(|d| line_duplicate(d, Lang::Fr))
                .collect(),
        })
        .collect();
    let mut choices: Vec<(String, String)> = mapping
        .codes()
        .into_iter()
        .enumerate()
        .map(|(i, code)| (format!("col{i}"), code.to_string()))
        .collect();
    choices.push(("owner".into(), owner.to_string()));
    let (status, title, done, notice, error) = match kind {
        ReportKind::DryRun => (
            StatusCode::OK,
            "Import de contacts : essai",
            false,
            None,
            None,
        ),
        ReportKind::Refused(why, status) => {
            (status, "Import de contacts : essai", false, None, Some(why))
        }
        ReportKind::Done { parties, people } => (
            StatusCode::OK,
            "Import de contacts : terminé",
            true,
            Some(Sentence::ImportDone.office(&[
                ("parties", &parties.to_string()),
                ("people", &people.to_string()),
                ("skipped", &run.reports.len().to_string()),
            ])),
            None,
        ),
    };
    let html = render(&ReportPage {
        shell: Shell::new(title, who(signed)),
        csrf: &signed.csrf,
        token: &upload.token,
        file_name: &upload.file_name,
        done,
        notice,
        error,
        lines: run.lines,
        importable: run.importable(),
        invalid: run.invalid,
        duplicates: run.duplicates,
        hidden_more: run.reports.len().saturating_sub(REPORT_LINES),
        report,
        choices,
        digest: &run.digest,
    })?;
    Ok((status, html).into_response())
}

/// POST /office/admin/import/{token}/import: the confirmed dry run's lines written.
pub async fn import(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(token): Path<String>,
    CheckedForm(form): CheckedForm<ChoiceForm>,
) -> Result<Response, PageError> {
    let upload = match upload_of(&state, &signed, token).await? {
        Ok(upload) => upload,
        Err(error) => return refused(&signed, &error),
    };
    let codes = chosen_codes(&form, upload.table.headers.len());
    let owner = owner_of(&form);
    let mapping = match ColumnMapping::from_codes(&codes, upload.table.headers.len()) {
        Ok(mapping) => mapping,
        Err(error) => return refused(&signed, &error.into()),
    };
    let digest = form.get("digest").cloned().unwrap_or_default();
    let confirmed = form.get("confirm").is_some_and(|v| v == "on");
    let by = signed.account.login.clone();
    let (kept, run_owner, run_mapping) = (upload.clone(), owner.clone(), mapping.clone());
    // The run this page showed, when this server still holds it: carried out as it is if
    // the master did not change since (`import_dry_run` checks it).
    let shown = confirmed
        .then(|| state.dry_runs.take(&upload.token, &digest))
        .flatten();
    let outcome = with_db(&state, move |conn| {
        if !confirmed {
            // Not confirmed: the dry run again, nothing written.
            return user_facing(dry_run(conn, &kept, &run_mapping, &run_owner).map(Err));
        }
        let choice = ImportChoice {
            mapping: &run_mapping,
            owner: &run_owner,
            by: &by,
        };
        let done = match shown {
            Some(run) => import_dry_run(conn, &kept, &choice, run, Utc::now()),
            None => import_contacts(conn, &kept, &choice, &digest, Utc::now()),
        };
        user_facing(done.map(Ok))
    })
    .await?;
    match outcome {
        Ok(Ok(done)) => {
            tracing::info!(by = %signed.account.login, run = done.run_id, parties = done.parties, "contacts imported");
            state.request_snapshots(None);
            let kind = ReportKind::Done {
                parties: done.parties,
                people: done.people,
            };
            report_page(&signed, &upload, &mapping, &owner, &done.dry_run, kind)
        }
        Ok(Err(run)) => {
            let why = ReportKind::Refused(
                Sentence::ImportNotConfirmed.office(&[]),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
            let page = report_page(&signed, &upload, &mapping, &owner, &run, why);
            state.dry_runs.keep(&upload.token, run);
            page
        }
        Err(ImportError::Changed(run)) => {
            let why =
                ReportKind::Refused(Sentence::ImportChanged.office(&[]), StatusCode::CONFLICT);
            let page = report_page(&signed, &upload, &mapping, &owner, &run, why);
            state.dry_runs.keep(&upload.token, *run);
            page
        }
        Err(error) => refused(&signed, &error),
    }
}

/// GET /office/contacts.csv: every party the signed-in account may read.
pub async fn export(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
) -> Result<Response, PageError> {
    let principal = Principal::new(signed.account.login.as_str(), signed.account.role);
    let export = with_db(&state, move |conn| {
        Ok(export_contacts(conn, &principal, |s| s.label(OFFICE))?)
    })
    .await?;
    tracing::info!(by = %signed.account.login, parties = export.parties, "contacts exported");
    let name = format!(
        "attachment; filename=\"contacts-{}.csv\"",
        Utc::now().format("%Y-%m-%d")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        export.bytes,
    )
        .into_response())
}
