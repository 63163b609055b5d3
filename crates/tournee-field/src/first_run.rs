//! The first start without typing a path: the rep pastes the server's address and the
//! admin's one-time code, and the app enrolls, downloads the first snapshot (its bytes
//! counted for a progress bar), installs it, and saves its settings, with folders of its
//! own under its home (`<home>/sync/snapshots`, `<home>/sync/outbox`). The credential
//! says which rep the code was made for: that rep becomes the app's user.
//!
//! Everything happens in a scratch folder (`<home>/first-run`) until the snapshot is
//! installed: a failure leaves the settings untouched, and a retry works. When the
//! enrollment went through but the download did not (the network cut), the scratch
//! credential is kept for a retry with the same address and code, which the server would
//! otherwise refuse as already used; the download then resumes where it stopped.

use std::fs;
use std::path::{Path, PathBuf};

use tournee_link::{link_dir, sign_waiting_files, sync_once_watched, Credential, DownloadProgress};

use crate::app::{device_name, FieldApp};
use crate::dto::{AppStatus, EnrollInput};
use crate::error::{FieldError, Result};

/// Folder under the home holding the transport's own snapshot and outbox folders.
pub const SYNC_DIR: &str = "sync";
/// Scratch folder of a first run under way (or cut after enrolling).
const SCRATCH_DIR: &str = "first-run";
/// File in the scratch folder naming the address and code its credential came from.
const ENROLLED_WITH: &str = "enrolled-with";

/// The snapshot folder the transport fills, under `home`.
pub fn own_snapshot_dir(home: &Path) -> PathBuf {
    home.join(SYNC_DIR).join("snapshots")
}

/// The outbox the transport pushes from, under `home`.
pub fn own_outbox_dir(home: &Path) -> PathBuf {
    home.join(SYNC_DIR).join("outbox")
}

/// What a scratch credential was obtained with: the address and the code as normalised
/// (hashed, so the code's secret is not written down).
fn enrolled_with(server_url: &str, code: &str) -> Option<String> {
    let url = tournee_link::normalise_server_url(server_url).ok()?;
    let (id, secret) = tournee_sync::split_enrollment_code(code)?;
    Some(tournee_sync::sha256_hex(
        format!("{url}\n{id}{secret}").as_bytes(),
    ))
}

/// Removes a folder that may not exist.
fn remove_dir(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(FieldError::io(path, e)),
    }
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| FieldError::io(to, e))
}

impl FieldApp {
    /// The first start over HTTPS: enroll with `input`, download the rep's snapshot
    /// (counted into `progress`), install it and save the settings. On failure nothing
    /// of the app's settings changed.
    pub fn first_run_enroll(
        &mut self,
        input: &EnrollInput,
        progress: &DownloadProgress,
    ) -> Result<AppStatus> {
        progress.begin();
        let result = self.first_run_steps(input, progress);
        progress.end();
        result
    }

    fn first_run_steps(
        &mut self,
        input: &EnrollInput,
        progress: &DownloadProgress,
    ) -> Result<AppStatus> {
        let home = self.home().to_path_buf();
        let scratch = home.join(SCRATCH_DIR);
        let credential = self.scratch_credential(&scratch, input)?;
        let outbox = own_outbox_dir(&home);
        fs::create_dir_all(&outbox).map_err(|e| FieldError::io(&outbox, e))?;
        // Files left by an earlier life of this home leave signed, as after any enrollment.
        if let Some(signer) = Credential::load_signer(&scratch)? {
            sign_waiting_files(&outbox, &signer)?;
        }
        let fetched = scratch.join("snapshots");
        sync_once_watched(&scratch, &outbox, &fetched, progress)?;

        // Installed in the scratch folder: now into place, then the settings.
        let snapshots = own_snapshot_dir(&home);
        remove_dir(&snapshots)?;
        rename(&fetched, &snapshots)?;
        let mut chosen = self.settings().clone();
        chosen.user = Some(credential.user.clone());
        chosen.snapshot_dir = Some(snapshots.clone());
        chosen.outbox_dir = Some(outbox);
        let previous = self.settings().clone();
        if let Err(error) = self.try_settings(chosen) {
            // The snapshot goes back to the scratch folder: a retry installs it again.
            let _kept_for_retry = fs::rename(&snapshots, &fetched);
            return Err(error);
        }
        let enrolled = link_dir(&home);
        let moved = remove_dir(&enrolled).and_then(|()| rename(&link_dir(&scratch), &enrolled));
        let saved = moved.and_then(|()| self.save_settings());
        if let Err(error) = saved {
            self.restore_settings(previous);
            let _undone = remove_dir(&enrolled);
            let _undone = remove_dir(&snapshots);
            let _undone = remove_dir(&scratch);
            self.reload_signer();
            return Err(error);
        }
        self.reload_signer();
        remove_dir(&scratch)?;
        tracing::info!(user = %credential.user, "first run over HTTPS done");
        self.status()
    }

    /// The credential of the scratch folder when it came from the same address and code
    /// (a retry after a cut download), else a fresh enrollment into it.
    fn scratch_credential(&self, scratch: &Path, input: &EnrollInput) -> Result<Credential> {
        let marker = scratch.join(ENROLLED_WITH);
        let wanted = enrolled_with(&input.server_url, &input.code);
        let kept = fs::read_to_string(&marker).ok();
        if let (Some(wanted), Some(kept)) = (&wanted, &kept) {
            if wanted == kept.trim() {
                if let Some((credential, _key)) = Credential::load(scratch)? {
                    tracing::info!("first run resumed with the credential already obtained");
                    return Ok(credential);
                }
            }
        }
        remove_dir(scratch)?;
        fs::create_dir_all(scratch).map_err(|e| FieldError::io(scratch, e))?;
        let enrolled =
            tournee_link::enroll(scratch, &input.server_url, &input.code, &device_name());
        let credential = match enrolled {
            Ok(credential) => credential,
            Err(error) => {
                let _tidy = remove_dir(scratch);
                return Err(error.into());
            }
        };
        if let Some(wanted) = wanted {
            fs::write(&marker, wanted).map_err(|e| FieldError::io(&marker, e))?;
        }
        Ok(credential)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_address_and_code_however_typed_are_recognised() {
        let a = enrolled_with("https://crm:8443/", "k7qm 3xpd 9rta wz4c").unwrap();
        let b = enrolled_with(" https://crm:8443", "K7QM-3XPD-9RTA-WZ4C").unwrap();
        assert_eq!(a, b);
        assert_ne!(
            a,
            enrolled_with("https://crm:8443", "K7QM-3XPD-9RTA-WZ4D").unwrap()
        );
        assert_ne!(
            a,
            enrolled_with("https://autre:8443", "K7QM-3XPD-9RTA-WZ4C").unwrap()
        );
        assert!(!a.contains("3XPD"), "the code is not written down");
        assert_eq!(enrolled_with("http://crm", "K7QM-3XPD-9RTA-WZ4C"), None);
    }
}
