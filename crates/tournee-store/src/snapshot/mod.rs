//! Per-user offline databases ("snapshots") and their manifests.
//!
//! A run first decides, user by user, whether the previous file can be patched with
//! what changed in the master since (`changes.rs`) or must be rebuilt. For the files it
//! rebuilds it builds, in one read transaction of the master, the part every snapshot
//! shares (all active clients with their aggregates, the parameters, users and agencies:
//! `base.rs`) and a scratch file with what several users' files need (fleet per client,
//! the team tables of admins, from a state kept between runs: `team/`). Each user's file then starts as a copy of the
//! base, and the user's own rows are added with `INSERT … SELECT` from the master in one
//! transaction, so that the rows and the list of integrated change ids in its manifest
//! describe the same moment. Users are spread over one thread per core (`build.rs`).
//! Files are built in a private build folder (never in the rep's synced folder), fsynced,
//! renamed into place, and only then the manifest is published the same way (see
//! sync-spec « Snapshots »). Leftovers of a killed run are removed at the next start.
//! The CRM's records each user may read are copied whole into every file (`records.rs`).
//! After an integration, every user whose read scopes reach what it wrote is owed a patch
//! (`owed.rs`), not only its writer.

mod base;
mod build;
mod changes;
mod publish;
pub(crate) mod records;
// Campaigns and meetings (issue 15).
mod meet_records;
// Whose snapshots an integration owes (every reader, not only the writer).
mod owed;
// Opportunities (issue 15).
mod opportunity_records;
mod quote_records;
// Segments and the user's write reach (issue 15).
mod segment_records;
mod team;
// The user's own `config` rows: grants and refusal details (issue 15).
mod user_config;
mod visits;
mod worker;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::master::params::Parameters;

pub use owed::{snapshots_owed, Before, Written};
pub use team::TEAM_VISIT_DAYS;

/// Whether a run may patch the previous files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Regeneration {
    /// Patch each user's previous file with what changed since it, where that is safe
    /// (after integrations and back-office decisions: seconds instead of a rebuild).
    #[default]
    Patch,
    /// Rebuild every file from the master (the nightly run: packed files, fresh statistics
    /// for the planner, and a check that nothing drifted).
    Rebuild,
}

/// Where and for whom to generate.
#[derive(Debug, Clone)]
pub struct SnapshotRequest {
    /// The master database file.
    pub master_path: PathBuf,
    /// Root of the snapshot folders (`<root>/<user>/manifest.json`).
    pub snapshots_root: PathBuf,
    /// Where files are built before publication (`<build_root>/<user>/`): outside every
    /// synced folder, so a killed run never leaves a half-built database for a sync tool
    /// to carry, and on the same file system as `snapshots_root`, so publication is an
    /// atomic rename.
    pub build_root: PathBuf,
    /// Only these users (Windows logins); `None` = every active user.
    pub users: Option<Vec<String>>,
    /// The server clock for this run.
    pub now: DateTime<Utc>,
    /// Parameters in force.
    pub params: Parameters,
    /// Patch where possible, or rebuild everything.
    pub regeneration: Regeneration,
}

/// What was published for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotReport {
    /// Windows login.
    pub user: String,
    /// Generation id (ULID).
    pub generation: String,
    /// The database file published.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Active clients the file holds.
    pub clients: u64,
    /// Visit rows the file holds.
    pub relations: u64,
    /// Prospects the file holds.
    pub prospects: u64,
    /// Whether the file was patched from the previous one (else rebuilt).
    pub patched: bool,
}

/// Regenerates the snapshots asked for and returns one report per user.
pub fn generate(request: &SnapshotRequest) -> Result<Vec<SnapshotReport>> {
    build::generate_all(request)
}

/// The folder holding one user's snapshots.
pub fn user_dir(snapshots_root: &Path, user: &str) -> PathBuf {
    snapshots_root.join(user)
}
