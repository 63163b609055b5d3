//! The files the app writes for the rep (the stats PDF, the calendar's iCalendar export),
//! shared by the two tabs that make them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A file the app wrote for the rep (the stats PDF, the calendar export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportedFile {
    /// Absolute path.
    pub path: String,
    /// Size in bytes.
    pub bytes: u32,
}
