//! The server side of Tournée as a library, so that the `tournee-server` binary,
//! the benchmarks and the integration tests drive the same code.
//!
//! * `datadir`: the data directory layout and `config.toml`.
//! * `backup`: one file holding what a data directory cannot rebuild, and its restore.
//! * `init`: creating a data directory, with or without demo data.
//! * `pass`: one integration pass over the inbox (exactly once, batch by batch).
//! * `files`: archiving, refusing and parking files after the database decided.
//! * `jobs`: snapshot regeneration and log pruning.
//! * `mail`: the queued notifications rendered in the brief's words and delivered.
//! * `sentences`: the one catalogue of what the server says to people (the back
//!   office's error messages, the mails), by code, in French and English.
//! * `api`: the REST API (`/api/v1`) for other programs, with tokens and OpenAPI.
//! * `office`: the back office (login, the accountant's creation requests).
//! * `https`: the built-in HTTPS sync transport (enrollment, push, pull).
//! * `listen`: the listeners' accept loop (connection caps, timeouts).
//! * `erp`: the ERP bridge's jobs (outbound export, the night's inbound import).
//! * `automaton`: the long-running `run` loop (watcher, cron, signals).
//! * `throttle`: back-off per client address for logins and enrollment proofs.
//! * `samples`: realistic change files for the demo and the benchmarks.
//! * `online`: changes written by the server itself, awaited until integrated.
//! * `web`: the field app's screens in a browser, on the back office's listener.
//! * `webhooks`: the delivery worker of the admin's webhooks (signed POSTs, retries).

// Private by default, so that the compiler reports what nothing uses; what the binaries,
// the benchmarks and the tests drive is the flat list of `pub use` below.
mod api;
mod archiver;
mod automaton;
mod backup;
mod datadir;
mod erp;
mod files;
mod https;
mod init;
mod jobs;
mod listen;
mod logsink;
mod mail;
mod office;
mod online;
mod pass;
mod samples;
mod sentences;
mod snapshot_worker;
mod throttle;
pub mod update;
mod web;
mod webhooks;

pub use automaton::run;
pub use backup::{backup, restore, BackupError, BackupReport, RestoreReport};
pub use datadir::DataDir;
pub use erp::{erp_files_waiting, export_for_erp, nightly_erp_import};
pub use files::requeue_failed;
pub use https::tls::fingerprint;
pub use init::{ensure_https, init, DemoSize};
pub use jobs::{regenerate_snapshots, send_due_mail};
pub use listen::limits::raise_descriptor_limit;
pub use logsink::LogSink;
pub use office::reports::workbook_bytes as reports_workbook;
pub use pass::{integrate_pass, PassSummary};
pub use samples::{write_samples, SampleSpec};
pub use sentences::{erp_report_text, office_refusal};
