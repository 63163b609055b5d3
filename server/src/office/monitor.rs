//! The integration monitor (admins): what the automaton did lately, the files it parked
//! or refused with their reasons, a button that puts a refused file back in the inbox
//! once its cause is fixed, and the inbox entries it leaves aside (« fichiers ignorés »:
//! links, FIFOs, folders, files in sub-folders) with the reason.

use std::fs;
use std::path::Path;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_store::{latest_runs, recent_integrations, run_refusals, LedgerLine, StoredRun};
use tournee_sync::{scan_inbox_with_ignored, IgnoredEntry};

use super::auth::Admin;
use super::checked_form::CheckedForm;
use super::common::{refused, who, with_db};
use super::error::PageError;
use super::html::{render, Shell};
use super::OfficeState;
use crate::files::requeue_failed;
use crate::sentences::{erp_fault, erp_refusal, retry_error, Sentence, OFFICE};

/// Ledger rows shown.
const RECENT: usize = 100;
/// Files listed per folder kind.
const LISTED: usize = 500;
/// ERP import runs shown.
const ERP_RUNS: usize = 10;
/// Refused rows shown for each run.
const ERP_REFUSALS: usize = 100;

/// One ERP import run as the monitor shows it: its counts, its fault or refused rows,
/// worded in French.
struct ErpRunLine {
    run: StoredRun,
    outcome: &'static str,
    fault: Option<String>,
    refusals: Vec<String>,
}

fn erp_runs(conn: &rusqlite::Connection) -> tournee_store::Result<Vec<ErpRunLine>> {
    latest_runs(conn, ERP_RUNS)?
        .into_iter()
        .map(|run| {
            let refused = run.files.iter().any(|f| f.refused > 0);
            let refusals = if refused {
                run_refusals(conn, run.id, ERP_REFUSALS)?
                    .iter()
                    .map(|r| erp_refusal(OFFICE, r))
                    .collect()
            } else {
                Vec::new()
            };
            Ok(ErpRunLine {
                outcome: match run.outcome.as_str() {
                    "applied" => "appliqué",
                    "unchanged" => "rien de nouveau",
                    "refused" => "refusé, rien n'a été modifié",
                    _ => "aucun fichier",
                },
                fault: run.fault.as_ref().map(|f| erp_fault(OFFICE, f)),
                refusals,
                run,
            })
        })
        .collect()
}

/// One file waiting in `parked/` or `failed/`.
struct WaitingFile {
    folder: String,
    name: String,
    modified: String,
    reason: String,
}

/// Files (not their reports) in `root/<folder>/`, newest first, with the reason read
/// from `<file>.error.txt` when there is one.
fn waiting_files(root: &Path) -> std::io::Result<Vec<WaitingFile>> {
    let mut files = Vec::new();
    let Ok(folders) = fs::read_dir(root) else {
        return Ok(files);
    };
    for folder in folders {
        let folder = folder?;
        if !folder.file_type()?.is_dir() {
            continue;
        }
        for entry in fs::read_dir(folder.path())? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".error.txt") || name.starts_with('.') {
                continue;
            }
            let modified = entry
                .metadata()?
                .modified()
                .map(|t| {
                    // Stored sortable; shown as people read it.
                    chrono::DateTime::<chrono::Utc>::from(t)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                })
                .unwrap_or_default();
            // Parked files have no report; a report that cannot be read says so.
            let report = match fs::read_to_string(
                entry.path().with_file_name(format!("{name}.error.txt")),
            ) {
                Ok(text) => text,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
                Err(error) => {
                    Sentence::FailedReportUnreadable.office(&[("error", &error.to_string())])
                }
            };
            let reason = report
                .lines()
                .filter(|l| l.starts_with("Raison") || l.starts_with("Détail"))
                .collect::<Vec<_>>()
                .join(" — ");
            files.push(WaitingFile {
                folder: folder.file_name().to_string_lossy().into_owned(),
                name,
                modified,
                reason,
            });
        }
    }
    files.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.name.cmp(&b.name)));
    files.truncate(LISTED);
    Ok(files)
}

/// What the automaton leaves aside in the inbox (links, FIFOs, folders, files in
/// sub-folders), so that a file someone meant to deliver does not wait unseen.
fn ignored_files(inbox: &Path) -> std::io::Result<Vec<IgnoredEntry>> {
    match scan_inbox_with_ignored(inbox) {
        Ok(mut scan) => {
            scan.ignored.truncate(LISTED);
            Ok(scan.ignored)
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => Err(error),
    }
}

/// « 1 changement intégré », « 3 changements intégrés », with the French agreement.
fn integrated_count(total: i64) -> String {
    match total {
        0 => "Aucun changement intégré".to_string(),
        1 => "1 changement intégré".to_string(),
        n => format!("{n} changements intégrés"),
    }
}

/// The monitor: counts, refused and parked files, ignored inbox entries, the ledger.
#[derive(Template)]
#[template(path = "office/monitor.html")]
struct MonitorPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    /// « 3 changements intégrés ».
    integrated: String,
    failed: Vec<WaitingFile>,
    parked: Vec<WaitingFile>,
    ignored: Vec<IgnoredEntry>,
    recent: Vec<LedgerLine>,
    erp: Vec<ErpRunLine>,
}

/// GET /office/admin/integrations
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
) -> Result<Response, PageError> {
    let dir = state.dir.reloaded();
    let (recent, total, parked, failed, ignored, erp) = with_db(&state, move |conn| {
        let (recent, total) = recent_integrations(conn, RECENT)?;
        Ok((
            recent,
            total,
            waiting_files(&dir.parked())?,
            waiting_files(&dir.failed())?,
            ignored_files(&dir.inbox())?,
            erp_runs(conn)?,
        ))
    })
    .await?;
    Ok(render(&MonitorPage {
        shell: Shell::new("Suivi des intégrations", who(&signed)),
        csrf: &signed.csrf,
        integrated: integrated_count(total),
        failed,
        parked,
        ignored,
        recent,
        erp,
    })?
    .into_response())
}

/// The retry button's fields.
#[derive(Deserialize)]
pub struct RetryForm {
    folder: String,
    file: String,
}

/// POST /office/admin/integrations/retry
pub async fn retry(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<RetryForm>,
) -> Result<Response, PageError> {
    let dir = state.dir.reloaded();
    let (folder, file) = (form.folder.clone(), form.file.clone());
    let login = signed.account.login.clone();
    let outcome =
        with_db(&state, move |_conn| {
            Ok(requeue_failed(&dir.failed(), &dir.inbox(), &folder, &file)
                .map_err(|e| retry_error(&e)))
        })
        .await?;
    Ok(match outcome {
        Ok(path) => {
            tracing::info!(admin = %login, file = %path.display(), "refused file put back in the inbox");
            Redirect::to("/office/admin/integrations").into_response()
        }
        Err(message) => refused(&signed, Sentence::RetryRefusedTitle, &message)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_of_integrated_changes_agrees_in_number() {
        assert_eq!(integrated_count(0), "Aucun changement intégré");
        assert_eq!(integrated_count(1), "1 changement intégré");
        assert_eq!(integrated_count(42), "42 changements intégrés");
    }
}
