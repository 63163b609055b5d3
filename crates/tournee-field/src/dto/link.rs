//! The built-in HTTPS transport as the status bar and the « Synchronisation » panel show
//! it ([`crate::link`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CommandError, Refusal};

/// The transport's state for the status bar and the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LinkStatus {
    /// Whether this laptop is enrolled (else: folder mode only).
    pub enrolled: bool,
    /// `https://host:port` of the server.
    pub server_url: Option<String>,
    /// The rep the device is enrolled for.
    pub user: Option<String>,
    /// SHA-256 of the pinned certificate, upper case in groups of 4 (as the back office shows it).
    pub certificate: Option<String>,
    /// Whether the last round reached the server.
    pub online: bool,
    /// End of the last successful round, local time `YYYY-MM-DD HH:MM`.
    pub last_sync: Option<String>,
    /// Why the last round failed: a code and its values, worded by the UI in the language
    /// the rep reads now (a failure kept between rounds follows a language switch).
    pub last_error: Option<CommandError>,
    /// Change files not yet settled by the server.
    pub waiting: u32,
    /// Files the server refused, with its reason.
    pub refused: Vec<RefusedFile>,
}

/// A change file the server refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RefusedFile {
    /// The file name.
    pub file_name: String,
    /// Reason code (sync-spec).
    pub reason: String,
    /// The server's sentence, in its language: shown when it sent no detail of a code
    /// this build knows (an older server, or a refusal recorded before details had codes).
    pub detail: String,
    /// What exactly was wrong, as codes and values the UI words in the language shown.
    pub refusal: Option<Refusal>,
}

/// What the rep types to enroll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EnrollInput {
    /// `https://host:port`, as the admin gave it.
    pub server_url: String,
    /// The one-time code, `XXXX-XXXX-XXXX-XXXX`.
    pub code: String,
}

/// How far the first run's snapshot download has got (the first-run screen's progress bar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FirstRunProgress {
    /// Whether a first run is under way.
    pub running: bool,
    /// Snapshot bytes received so far.
    #[ts(type = "number")]
    pub received: u64,
    /// Bytes the server announced, once its answer began (`null` before).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}
