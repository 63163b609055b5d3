//! The rep's own settings on this laptop, chosen at first run and kept in
//! `<home>/config.json`: who they are, which synced folders, which language. (What the
//! admin set on the server travels in the snapshot: [`crate::parameters`].)
//!
//! `<home>` is the app's data folder (the OS's per-user app data folder, or
//! `TOURNEE_HOME` for tests and the demo). Settings are small and rarely written, so a
//! JSON file replaced atomically is enough.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tournee_core::Lang;
use tournee_sync::write_atomically;

use crate::error::{FieldError, Result};

/// File name of the settings in the app's home folder; it keeps its first name so the
/// laptops already set up keep their settings.
pub const SETTINGS_FILE: &str = "config.json";

/// What the rep chose at first run (and the language, changed any time).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppSettings {
    /// OS login of the rep, as in the server's user table and change file names.
    pub user: Option<String>,
    /// Synced folder holding the rep's `manifest.json` and snapshot databases.
    pub snapshot_dir: Option<PathBuf>,
    /// Synced folder the change files are published into.
    pub outbox_dir: Option<PathBuf>,
    /// Language of labels and messages.
    pub lang: Lang,
}

impl AppSettings {
    /// Whether the first-run set-up is complete.
    pub fn is_complete(&self) -> bool {
        self.user.is_some() && self.snapshot_dir.is_some() && self.outbox_dir.is_some()
    }

    /// Reads `<home>/config.json`; the default (first run) when it does not exist.
    pub fn load(home: &Path) -> Result<Self> {
        let path = home.join(SETTINGS_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| FieldError::Json {
                what: path.display().to_string(),
                source,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(FieldError::io(path, e)),
        }
    }

    /// Writes `<home>/config.json` atomically.
    pub fn save(&self, home: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(|source| FieldError::Json {
            what: "config".into(),
            source,
        })?;
        write_atomically(&home.join(SETTINGS_FILE), &bytes)?;
        Ok(())
    }
}

/// Points the app in `home` at a server's own folders for `user` (the server's browser
/// back end: `snapshots/<user>/` and `inbox/<user>/`), keeping the language chosen there.
pub fn settings_for_web(home: &Path, user: &str, snapshot_dir: &Path, inbox: &Path) -> Result<()> {
    let mut settings = AppSettings::load(home)?;
    settings.user = Some(user.to_string());
    settings.snapshot_dir = Some(snapshot_dir.to_path_buf());
    settings.outbox_dir = Some(inbox.to_path_buf());
    settings.save(home)
}
