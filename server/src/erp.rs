//! The ERP bridge's jobs, shared by the command line and the automaton: the outbound
//! export into `DATA/erp/out`, and the inbound import run by the night when the ERP's
//! export job has left files (docs/erp-bridge.md).

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use tournee_store::{erp_file_names, export_erp, import_erp, ExportError, ExportReport, ImportRun};

use crate::datadir::DataDir;

/// Writes the rows not sent yet into `erp/out`, in the encoding `config.toml` sets, and
/// any file an interrupted run recorded but did not write.
pub fn export_for_erp(
    dir: &DataDir,
    conn: &mut Connection,
    now: DateTime<Utc>,
) -> Result<ExportReport, ExportError> {
    export_erp(conn, &dir.erp_outbox(), dir.config.erp_out_encoding, now)
}

/// Whether the folder holds at least one of the files `erp import` reads (a link counts:
/// the import then refuses it, and says so, rather than the night ignoring it silently).
pub fn erp_files_waiting(folder: &Path) -> bool {
    erp_file_names()
        .iter()
        .any(|name| folder.join(name).symlink_metadata().is_ok())
}

/// The night's import: the ERP's files of `erp_in` applied when there are any; `None`
/// when the folder holds none (no run is recorded then).
pub fn nightly_erp_import(
    dir: &DataDir,
    conn: &mut Connection,
    now: DateTime<Utc>,
) -> tournee_store::Result<Option<ImportRun>> {
    let folder = dir.erp_inbox();
    if !erp_files_waiting(&folder) {
        return Ok(None);
    }
    import_erp(conn, &folder, now).map(Some)
}
