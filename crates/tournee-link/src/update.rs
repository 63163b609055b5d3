//! The field app's updates through the transport (sync-spec section 11, « Updates »):
//! asking whether the server publishes a newer version, and downloading its package over
//! the pinned TLS and signed requests every other route uses. Whether the package may be
//! installed is not decided here: the app checks its signature against the public key
//! it was built with (Tauri's updater), never one from the server.

use std::path::{Path, PathBuf};

use crate::client::LinkClient;
use crate::credential::{link_dir, Credential, LinkState};
use crate::error::LinkError;
use tournee_sync::{UpdatePlatform, API_PREFIX};

/// Attempts of a download cut short before giving up until the next check.
const DOWNLOAD_ATTEMPTS: usize = 5;

/// Runs `call` with a client and the saved state; asks once more when the server saw the
/// counter as a replay (a sync round signing at the same time from another thread).
fn with_client<T>(
    home: &Path,
    call: impl Fn(&LinkClient, &mut LinkState) -> Result<T, LinkError>,
) -> Result<T, LinkError> {
    let (credential, key) = Credential::load(home)?.ok_or(LinkError::NotEnrolled)?;
    let client = LinkClient::new(home, &credential, key)?;
    let mut state = LinkState::load(home)?;
    match call(&client, &mut state) {
        Err(LinkError::Refused { code, .. }) if code == "replay" => {
            let mut state = LinkState::load(home)?;
            call(&client, &mut state)
        }
        other => other,
    }
}

/// The newer release the server publishes for `platform` (this laptop's installed
/// form), in Tauri's updater dynamic format with the package's `url` on this laptop's
/// server; `None` when there is none.
pub fn check_update(
    home: &Path,
    current: &str,
    platform: UpdatePlatform,
) -> Result<Option<serde_json::Value>, LinkError> {
    with_client(home, |client, state| {
        let announced = client.update_announcement(state, current, platform)?;
        Ok(announced.map(|mut release| {
            if let Some(fields) = release.as_object_mut() {
                fields.insert(
                    "url".into(),
                    format!(
                        "{}{API_PREFIX}/update/package?platform={platform}",
                        client.base()
                    )
                    .into(),
                );
            }
            release
        }))
    })
}

/// Where a package being downloaded is kept (in the app's home, outside the install
/// directory), so a cut download resumes.
pub fn update_part(home: &Path) -> PathBuf {
    link_dir(home).join("update.part")
}

/// Downloads the package published for `platform` (resuming a cut one) and returns its
/// bytes, checked against the announced `size`; the file is removed once read.
pub fn download_update(
    home: &Path,
    size: u64,
    platform: UpdatePlatform,
) -> Result<Vec<u8>, LinkError> {
    let part = update_part(home);
    let mut last = None;
    for _ in 0..DOWNLOAD_ATTEMPTS {
        match with_client(home, |client, state| {
            client.download_update(state, &part, platform)
        }) {
            Ok(have) if have == size => {
                let bytes = std::fs::read(&part).map_err(|e| LinkError::io(&part, e))?;
                std::fs::remove_file(&part).map_err(|e| LinkError::io(&part, e))?;
                return Ok(bytes);
            }
            Ok(have) if have > size => {
                std::fs::remove_file(&part).map_err(|e| LinkError::io(&part, e))?;
                return Err(LinkError::BadAnswer(format!(
                    "update package of {have} bytes, {size} announced"
                )));
            }
            Ok(_) => {}
            Err(error) if error.is_offline() => last = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or_else(|| LinkError::Offline("update download cut".into())))
}
