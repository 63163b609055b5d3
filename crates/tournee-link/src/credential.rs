//! What enrollment leaves on the laptop, in `<home>/link/`:
//!
//! * `credential.json`: server address, pinned certificate fingerprint, device id, user;
//! * `device.key`: the device's private key (base64, readable by its owner only);
//! * `state.json`: the request counter, the last round's outcome, and the files the
//!   server has settled (so they are not pushed again).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tournee_sync::ChangeStatus;
use tournee_sync::{write_atomically, DeviceKey, Signer};

use crate::error::{LinkError, LinkFailure};

/// Folder of the transport's files inside the app's home.
pub fn link_dir(home: &Path) -> PathBuf {
    home.join("link")
}

/// An enrolled device, as the laptop remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    /// `https://host:port`, no trailing slash.
    pub server_url: String,
    /// SHA-256 (hex) of the certificate seen at enrollment: the only one trusted after.
    pub cert_sha256: String,
    /// Device id the server gave.
    pub device_id: String,
    /// The rep the device belongs to.
    pub user: String,
    /// When it was enrolled.
    pub enrolled_at: DateTime<Utc>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, LinkError> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| LinkError::io(path, std::io::Error::other(e))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(LinkError::io(path, e)),
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), LinkError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| LinkError::io(parent, e))?;
    }
    // Invariant: plain structs of strings, numbers and maps keyed by strings serialise.
    let bytes = serde_json::to_vec_pretty(value).expect("plain data serialises");
    write_atomically(path, &bytes)?;
    Ok(())
}

impl Credential {
    /// The credential and key, if this laptop is enrolled.
    pub fn load(home: &Path) -> Result<Option<(Credential, DeviceKey)>, LinkError> {
        let dir = link_dir(home);
        let Some(credential) = read_json::<Credential>(&dir.join("credential.json"))? else {
            return Ok(None);
        };
        let key_path = dir.join("device.key");
        let secret = fs::read_to_string(&key_path).map_err(|e| LinkError::io(&key_path, e))?;
        Ok(Some((credential, DeviceKey::from_secret_b64(&secret)?)))
    }

    /// The signing identity of an enrolled laptop (every change file it writes is signed).
    pub fn load_signer(home: &Path) -> Result<Option<Signer>, LinkError> {
        Ok(Self::load(home)?.map(|(credential, key)| Signer {
            device_id: credential.device_id,
            key,
        }))
    }

    /// Saves the key (owner-only) then the credential, which marks the laptop enrolled.
    pub fn save(&self, home: &Path, key: &DeviceKey) -> Result<(), LinkError> {
        let dir = link_dir(home);
        fs::create_dir_all(&dir).map_err(|e| LinkError::io(&dir, e))?;
        let key_path = dir.join("device.key");
        write_private(&key_path, key.secret_b64().as_bytes())?;
        write_json(&dir.join("credential.json"), self)?;
        // A new device starts with a clean slate.
        LinkState::default().save(home)
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), LinkError> {
    use std::io::Write as _;
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| LinkError::io(path, e))?;
    file.write_all(bytes).map_err(|e| LinkError::io(path, e))?;
    file.sync_all().map_err(|e| LinkError::io(path, e))
}

/// The transport's memory between rounds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkState {
    /// Highest request counter used: the next one is above it and above the clock.
    pub counter: u64,
    /// End of the last round that reached the server.
    pub last_success: Option<DateTime<Utc>>,
    /// End of the last round, successful or not.
    pub last_attempt: Option<DateTime<Utc>>,
    /// Why the last round failed, if it did (English, for the logs).
    pub last_error: Option<String>,
    /// The same failure as a code and values, worded in the rep's language by the app.
    pub last_failure: Option<LinkFailure>,
    /// Whether the last round reached the server.
    pub online: bool,
    /// Outbox files the server has settled (integrated, parked, refused), by name.
    pub settled: BTreeMap<String, ChangeStatus>,
    /// Files the server has received but not settled yet: asked about, not pushed again.
    pub received: BTreeSet<String>,
    /// Files per batch for the next push, when a link that cuts long requests made it
    /// smaller than the full size (see `sync::batch_size_after`).
    pub batch_files: Option<usize>,
}

impl LinkState {
    /// The saved state, or a fresh one.
    pub fn load(home: &Path) -> Result<Self, LinkError> {
        Ok(read_json(&link_dir(home).join("state.json"))?.unwrap_or_default())
    }

    /// Saves it (atomically).
    pub fn save(&self, home: &Path) -> Result<(), LinkError> {
        write_json(&link_dir(home).join("state.json"), self)
    }

    /// The next request counter: above every one used, and above the clock in
    /// microseconds, so a lost state file cannot make the server see a replay.
    pub fn next_counter(&mut self) -> u64 {
        let clock = u64::try_from(Utc::now().timestamp_micros()).unwrap_or(0);
        self.counter = (self.counter + 1).max(clock);
        self.counter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enrolled_laptop_reads_back_its_credential_and_key() {
        let home = tempfile::tempdir().unwrap();
        assert!(Credential::load(home.path()).unwrap().is_none());
        let key = DeviceKey::generate().unwrap();
        let credential = Credential {
            server_url: "https://127.0.0.1:8443".into(),
            cert_sha256: "ab".repeat(32),
            device_id: "01DEVICE".into(),
            user: "jdupont".into(),
            enrolled_at: Utc::now(),
        };
        credential.save(home.path(), &key).unwrap();
        let (again, key_again) = Credential::load(home.path()).unwrap().unwrap();
        assert_eq!(again, credential);
        assert_eq!(key_again.public_b64(), key.public_b64());
        let signer = Credential::load_signer(home.path()).unwrap().unwrap();
        assert_eq!(signer.device_id, "01DEVICE");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(link_dir(home.path()).join("device.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0);
        }
    }

    #[test]
    fn counters_only_move_forward_even_with_a_clock_behind() {
        let mut state = LinkState {
            counter: u64::MAX / 2,
            ..LinkState::default()
        };
        let first = state.next_counter();
        let second = state.next_counter();
        assert_eq!(first, u64::MAX / 2 + 1);
        assert_eq!(second, first + 1);
        let mut fresh = LinkState::default();
        assert!(fresh.next_counter() > 1_700_000_000_000_000);
    }
}
