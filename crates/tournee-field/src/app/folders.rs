//! [`FieldApp::change_folders`]: « Réglages », the folders changed after the first run,
//! with the same checks, and the change files still waiting moved along so that nothing
//! pending is lost.

use std::path::Path;

use super::FieldApp;
use crate::dto::{AppStatus, SetupInput};
use crate::error::{FieldError, Result};

impl FieldApp {
    /// Points the app at other snapshot and outbox folders, for the same rep: checked as
    /// at first run (the snapshot folder must be this rep's), then the change files still
    /// waiting in the old outbox are moved into the new one (copied, then removed), and
    /// the settings saved. The laptop's own database, drafts and pending marks stay.
    pub fn change_folders(&mut self, snapshot_dir: &str, outbox_dir: &str) -> Result<AppStatus> {
        let user = self
            .settings
            .user
            .clone()
            .ok_or(FieldError::NotConfigured)?;
        let old_outbox = self.settings.outbox_dir.clone();
        let status = self.setup_save(&SetupInput {
            user,
            snapshot_dir: snapshot_dir.into(),
            outbox_dir: outbox_dir.into(),
        })?;
        if let (Some(old), Some(new)) = (old_outbox, self.settings.outbox_dir.clone()) {
            let moved = move_waiting_files(&old, &new)?;
            if moved > 0 {
                tracing::info!(moved, from = %old.display(), to = %new.display(), "waiting change files moved");
            }
        }
        Ok(status)
    }
}

/// Moves the change files waiting in `old` into `new`; a file is removed from `old` only
/// once it is published whole in `new`. Returns how many moved.
fn move_waiting_files(old: &Path, new: &Path) -> Result<usize> {
    let same = match (old.canonicalize(), new.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => old == new,
    };
    if same {
        return Ok(0);
    }
    let mut moved = 0;
    for name in tournee_link::outbox_files(old)? {
        let (from, to) = (old.join(&name), new.join(&name));
        let bytes = std::fs::read(&from).map_err(|e| FieldError::io(&from, e))?;
        tournee_sync::write_atomically(&to, &bytes)?;
        std::fs::remove_file(&from).map_err(|e| FieldError::io(&from, e))?;
        moved += 1;
    }
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_files_move_whole_and_other_files_stay() {
        let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let name = "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAA.json";
        std::fs::write(old.path().join(name), b"{\"spec\":1}").unwrap();
        std::fs::write(old.path().join("notes.txt"), b"not a change").unwrap();
        assert_eq!(move_waiting_files(old.path(), new.path()).unwrap(), 1);
        assert_eq!(
            std::fs::read(new.path().join(name)).unwrap(),
            b"{\"spec\":1}"
        );
        assert!(!old.path().join(name).exists());
        assert!(
            old.path().join("notes.txt").exists(),
            "only change files move"
        );
        assert_eq!(
            move_waiting_files(new.path(), new.path()).unwrap(),
            0,
            "the same folder: nothing moves"
        );
        assert!(new.path().join(name).exists());
    }
}
