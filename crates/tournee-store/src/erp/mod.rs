//! The ERP bridge, inbound (issue 16): the ERP's nightly export files (users' codes,
//! clients, contacts, monthly sales, `client_relation`) applied to the master
//! incrementally by key, in one transaction, with a report per run (docs/erp-bridge.md).
//!
//! * [`source`]: reading and checking the files (plain file, size, encoding, headers,
//!   every value by its column's rule) on a thread of their own, handed over by batches.
//! * [`known`], [`digest`]: the digest of each row's cells as the last import applied
//!   them, so that a row the ERP did not change is neither parsed nor compared again.
//! * [`apply`]: inserting, updating, deactivating by key; rows naming what the master
//!   does not know are refused one by one and reported.
//! * [`bulk`]: a table still empty loaded with its indexes and snapshot triggers set
//!   aside, made again after the load.
//! * [`files_of`]: a master's ERP tables written out as those files (demo, benchmark).
//! * [`report`]: the run's report, stored in the master and read back by the back office.
//! * [`export`]: the outbound half: the rows Tournée creates written as files for the
//!   ERP, each once, with a ledger to write a lost file again.

mod apply;
mod bulk;
mod columns;
mod digest;
mod export;
mod files_of;
mod known;
mod numbers;
mod report;
mod source;
mod tables;

use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use columns::ValueRule;
pub use export::{
    client_headers, export_erp, exported_files, is_export_name, one_client_csv, record_export,
    reemit, write_pending, ExportEncoding, ExportError, ExportKind, ExportReport, ExportedFile,
    MAX_BYTES_PER_FILE, MAX_NAME_CHARS, MAX_ROWS_PER_FILE, RELATION_HEADERS,
};
pub(crate) use files_of::write_active_clients;
pub use files_of::{write_erp_files, WrittenRows};
pub use report::{latest_runs, run_refusals, StoredRun};
pub use source::{FileFault, MAX_FILE_BYTES};

use crate::error::Result;

pub(crate) use export::export_cell;

/// Names of the files the import reads, in the order it applies them.
pub fn erp_file_names() -> Vec<&'static str> {
    tables::TABLES.iter().map(|t| t.file).collect()
}

/// The columns of an ERP file as (header, master column), for tools that write or
/// insert the same rows (the benchmark's bare-insert reference); `None` for another name.
pub fn erp_columns(file: &str) -> Option<Vec<(&'static str, &'static str)>> {
    tables::TABLES
        .iter()
        .find(|t| t.file == file)
        .map(|t| t.columns.iter().map(|c| (c.header, c.db)).collect())
}

/// Why one row was skipped while the rest of its file was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RowRefusal {
    /// The row names a client the master does not have.
    UnknownClient {
        /// The code named.
        c_client: String,
    },
    /// The row's key came already earlier in the file.
    DuplicateKey {
        /// The key.
        key: String,
        /// The line of its first row (which was applied).
        first_line: usize,
    },
    /// The user's ERP code belongs to another user.
    ErpCodeTaken {
        /// The code.
        erp_code: String,
        /// Who holds it.
        windows_user: String,
    },
    /// A `client_relation` row about something else than a client (`type_entite` ≠ `C`).
    NotAClient {
        /// The type found.
        type_entite: String,
    },
}

impl std::fmt::Display for RowRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownClient { c_client } => write!(f, "unknown client {c_client}"),
            Self::DuplicateKey { key, first_line } => {
                write!(f, "key {key} already on line {first_line}")
            }
            Self::ErpCodeTaken {
                erp_code,
                windows_user,
            } => write!(f, "ERP code {erp_code} already belongs to {windows_user}"),
            Self::NotAClient { type_entite } => {
                write!(
                    f,
                    "type_entite {type_entite}: only client rows (C) are imported"
                )
            }
        }
    }
}

/// A refused row: its file, line and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// The file.
    pub file: String,
    /// The row's line.
    pub line: usize,
    /// Why.
    pub reason: RowRefusal,
}

/// What one file did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file's name.
    pub file: String,
    /// How it was decoded.
    pub encoding: String,
    /// Data rows read.
    pub read: u64,
    /// Rows new to the master.
    pub inserted: u64,
    /// Rows that changed.
    pub updated: u64,
    /// Rows already as the file says.
    pub unchanged: u64,
    /// Clients absent from the export, marked inactive (`actif = 0`), history kept.
    pub deactivated: u64,
    /// Contacts absent from the export, removed.
    pub deleted: u64,
    /// Rows skipped with a reason.
    pub refused: u64,
}

impl FileReport {
    fn changed(&self) -> bool {
        self.inserted + self.updated + self.deactivated + self.deleted > 0
    }
}

/// The file that refused the run, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunFault {
    /// The file.
    pub file: String,
    /// Why.
    pub fault: FileFault,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    /// Something changed in the master.
    Applied,
    /// The files said nothing new.
    Unchanged,
    /// A file was malformed: nothing was applied.
    Refused,
    /// No ERP file in the folder.
    Empty,
}

impl RunOutcome {
    /// The code stored in `erp_import_run.outcome`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Unchanged => "unchanged",
            Self::Refused => "refused",
            Self::Empty => "empty",
        }
    }
}

/// The report of one run, as the command prints it and the master keeps it.
#[derive(Debug, Clone)]
pub struct ImportRun {
    /// `erp_import_run.id`.
    pub id: i64,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
    /// When it ended.
    pub finished_at: String,
    /// The folder read.
    pub folder: String,
    /// How it ended.
    pub outcome: RunOutcome,
    /// The malformed file, when refused.
    pub fault: Option<RunFault>,
    /// Per file read (none when refused: nothing was applied).
    pub files: Vec<FileReport>,
    /// Every refused row.
    pub refusals: Vec<Refusal>,
    /// Whether a mail to the error addresses was queued.
    pub mail_queued: bool,
}

/// Reads the ERP files of `folder` and applies them to the master in one transaction,
/// then stores the run's report (and queues a mail to the error addresses when a file or a
/// row was refused). A malformed file refuses the whole run: the master stays as it was.
pub fn import_erp(conn: &mut Connection, folder: &Path, now: DateTime<Utc>) -> Result<ImportRun> {
    // A page cache large enough for the tables and indexes a night's import walks
    // (SQLite's default is 2 MiB): this connection's only, given back after the run.
    // Temporary data in memory too: the statement journals SQLite keeps for a write that
    // fires a trigger (a profile of the first import spent 38 % of its time writing them
    // to a temporary file), and the sorts that build an index again (`bulk`).
    let cache_before: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    let temp_before: i64 = conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let run = run_import(conn, folder, now);
    conn.pragma_update(None, "cache_size", cache_before)?;
    conn.pragma_update(None, "temp_store", temp_before)?;
    run
}

fn run_import(conn: &mut Connection, folder: &Path, now: DateTime<Utc>) -> Result<ImportRun> {
    let clock = Instant::now();
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut run = ImportRun {
        id: 0,
        started_at: stamp(now),
        finished_at: String::new(),
        folder: folder.display().to_string(),
        outcome: RunOutcome::Empty,
        fault: None,
        files: Vec::new(),
        refusals: Vec::new(),
        mail_queued: false,
    };
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // What the last imports applied, by the digest of each row's cells: the reader skips
    // parsing the rows found there, the applier learns which master row each stands for.
    // Read up front here, or file by file by the reader (known::KnownSource).
    let known = known::KnownSource::for_run(&tx)?;
    // The files are read and checked on a thread of their own while this one applies
    // the rows already checked; the channel's bound keeps the reader only a little
    // ahead, so that a large file is never held whole.
    let applied = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(READ_AHEAD_BATCHES);
        let known = &known;
        scope.spawn(move || source::produce(folder, tables::TABLES, known, &sender));
        apply::apply_all(&tx, &receiver)
        // `receiver` is dropped here, before the scope waits for the reader: a reader
        // still sending after an error or a fault then stops at once.
    });
    match applied? {
        Ok((files, refusals)) if !files.is_empty() => {
            // Each new client gets its party, each party its client's data and rep, in
            // this run's transaction; a client gone from the export keeps its party.
            let types = crate::master::params::Parameters::load(&tx)?.action_types;
            crate::parties::link_all(&tx, &types, now)?;
            run.outcome = if files.iter().any(FileReport::changed) {
                RunOutcome::Applied
            } else {
                RunOutcome::Unchanged
            };
            run.files = files;
            run.refusals = refusals;
        }
        Ok(_) => {} // no file in the folder: an empty run
        Err(fault) => run.fault = Some(fault),
    }
    if run.fault.is_some() {
        // Nothing of this run lands: only its report does.
        tx.rollback()?;
        run.outcome = RunOutcome::Refused;
        run.files.clear();
        run.refusals.clear();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        finish(&tx, &mut run, now, clock)?;
        tx.commit()?;
    } else {
        finish(&tx, &mut run, now, clock)?;
        tx.commit()?;
    }
    Ok(run)
}

/// The import's page cache, in KiB (SQLite reads a negative `cache_size` as KiB): the
/// full demo's master is about 600 MB; a quarter of it covers the indexes being written.
const IMPORT_CACHE_KIB: i64 = -262_144;

/// Batches of checked rows the reader may have ready ahead of the applier.
const READ_AHEAD_BATCHES: usize = 16;

fn finish(
    tx: &rusqlite::Transaction<'_>,
    run: &mut ImportRun,
    now: DateTime<Utc>,
    clock: Instant,
) -> Result<()> {
    // Milliseconds of one run fit an i64 whatever happens.
    let elapsed = chrono::Duration::milliseconds(clock.elapsed().as_millis() as i64);
    run.finished_at = (now + elapsed).to_rfc3339_opts(SecondsFormat::Millis, true);
    report::store(tx, run)?;
    if run.fault.is_some() || !run.refusals.is_empty() {
        report::queue_mail(tx, run)?;
        run.mail_queued = true;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{fill_demo, DemoSpec};

    fn master() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        conn
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn the_demo_written_as_erp_files_imports_whole_and_a_second_run_changes_nothing() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut source = master();
        let summary = fill_demo(&mut source, &DemoSpec::small(today)).unwrap();
        let folder = tempfile::tempdir().unwrap();
        let written = write_erp_files(&source, folder.path()).unwrap();
        assert_eq!(written[1], ("client.csv", u64::from(summary.clients)));

        let mut target = master();
        let now = Utc::now();
        let first = import_erp(&mut target, folder.path(), now).unwrap();
        assert_eq!(first.outcome, RunOutcome::Applied);
        assert!(
            first.refusals.is_empty(),
            "{:?}",
            &first.refusals[..3.min(first.refusals.len())]
        );
        for (table, sql) in [
            ("client", "SELECT count(*) FROM client"),
            ("client_contact", "SELECT count(*) FROM client_contact"),
            ("sales_month", "SELECT count(*) FROM sales_month"),
            ("client_relation", "SELECT count(*) FROM client_relation"),
            ("sum of sales", "SELECT sum(amount_cents) FROM sales_month"),
        ] {
            assert_eq!(count(&target, sql), count(&source, sql), "{table}");
        }
        let second = import_erp(&mut target, folder.path(), now).unwrap();
        assert_eq!(second.outcome, RunOutcome::Unchanged);
        assert!(second
            .files
            .iter()
            .all(|f| f.unchanged == f.read && f.refused == 0));
        assert_eq!(count(&target, "SELECT count(*) FROM erp_import_run"), 2);
        assert_eq!(latest_runs(&target, 5).unwrap()[0].outcome, "unchanged");
    }

    #[test]
    fn a_client_validated_in_tournee_is_not_deactivated_before_the_erp_lists_it() {
        let mut conn = master();
        conn.execute_batch(
            "INSERT INTO client (c_client, nom_client, created_from_prospect) VALUES ('C9', 'Nouveau', '01P');",
        )
        .unwrap();
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(
            folder.path().join("client.csv"),
            "c_client;nom_client\nC1;Garage\n",
        )
        .unwrap();
        let run = import_erp(&mut conn, folder.path(), Utc::now()).unwrap();
        assert_eq!(run.files[0].deactivated, 0);
        assert_eq!(
            count(&conn, "SELECT actif FROM client WHERE c_client = 'C9'"),
            1
        );
        std::fs::write(
            folder.path().join("client.csv"),
            "c_client;nom_client\nC1;Garage\nC9;Nouveau\n",
        )
        .unwrap();
        import_erp(&mut conn, folder.path(), Utc::now()).unwrap();
        std::fs::write(
            folder.path().join("client.csv"),
            "c_client;nom_client\nC1;Garage\n",
        )
        .unwrap();
        let run = import_erp(&mut conn, folder.path(), Utc::now()).unwrap();
        assert_eq!(
            run.files[0].deactivated, 1,
            "listed once, then gone: deactivated"
        );
        assert_eq!(
            count(&conn, "SELECT actif FROM client WHERE c_client = 'C9'"),
            0
        );
    }

    /// The schema objects of the ERP tables, to check that a refused bulk load left them.
    fn schema(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE tbl_name IN \
                 ('client', 'client_contact', 'sales_month', 'client_relation') ORDER BY name",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_fault_on_the_last_line_of_a_large_file_refuses_the_run_and_leaves_an_empty_master_empty() {
        let mut conn = master();
        let schema_before = schema(&conn);
        assert!(schema_before
            .iter()
            .any(|n| n == "client_relation_by_entite"));
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(
            folder.path().join("client.csv"),
            "c_client;nom_client\nC1;Garage\n",
        )
        .unwrap();
        // Several batches of rows, applied before the reader reaches the bad last line.
        let mut relations = String::from(
            "num_relation;origine_relation;date_relation;heure_relation;type_entite;c_entite;\
             c_user;type_relation;objet;commentaire;c_archive\n",
        );
        for n in 1..=10_000 {
            relations.push_str(&format!("{n};LIT;2026-01-02;08:00;C;C1;JD01;S;Litige;;N\n"));
        }
        relations.push_str("10001;LIT;2026-13-02;08:00;C;C1;JD01;S;Litige;;N\n");
        std::fs::write(folder.path().join("client_relation.csv"), relations).unwrap();

        let run = import_erp(&mut conn, folder.path(), Utc::now()).unwrap();
        assert_eq!(run.outcome, RunOutcome::Refused);
        let fault = run.fault.expect("the fault");
        assert_eq!(fault.file, "client_relation.csv");
        assert!(
            matches!(
                fault.fault,
                FileFault::BadValue {
                    line: 10_002,
                    column: 3,
                    ..
                }
            ),
            "{:?}",
            fault.fault
        );
        for table in ["client", "client_relation", "snapshot_change"] {
            assert_eq!(
                count(&conn, &format!("SELECT count(*) FROM {table}")),
                0,
                "{table}"
            );
        }
        assert_eq!(
            schema(&conn),
            schema_before,
            "indexes and triggers are back"
        );

        // The same files without the bad line: applied, with the indexes made again and
        // one snapshot note per client.
        let text = std::fs::read_to_string(folder.path().join("client_relation.csv")).unwrap();
        let good: String = text
            .lines()
            .take(10_001)
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(folder.path().join("client_relation.csv"), good).unwrap();
        let run = import_erp(&mut conn, folder.path(), Utc::now()).unwrap();
        assert_eq!(run.outcome, RunOutcome::Applied, "{:?}", run.fault);
        assert_eq!(count(&conn, "SELECT count(*) FROM client_relation"), 10_000);
        assert_eq!(schema(&conn), schema_before);
        assert_eq!(
            count(
                &conn,
                "SELECT count(DISTINCT c_client) FROM snapshot_change"
            ),
            1
        );
        let cache: i64 = conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cache, -2000, "the page cache given back");
    }
}
