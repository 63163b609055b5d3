//! The server's signing key per user, for the changes it writes on that user's behalf
//! (the browser's screens and the REST API).
//!
//! A user who enrolled a laptop for the HTTPS transport must sign every change file (the
//! integration refuses an unsigned one, `unsigned`); the server's own writes for them are
//! signed too, with a key of its own registered as a device of that user whose id starts
//! with [`ONLINE_DEVICE_PREFIX`] (so it never makes a user « enrolled » either). The
//! private key stays in `DATA/keys/online/`, owner-only; the admin sees the device on
//! « Appareils » and may revoke it, which refuses that user's online writes.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use tournee_store::{find_device, register_online_device, DeviceError, ONLINE_DEVICE_PREFIX};
use tournee_sync::{sha256_hex, DeviceKey, SignError, Signer};

use crate::datadir::DataDir;

/// Why the server's key for a user could not be read or made.
#[derive(Debug, thiserror::Error)]
pub enum SignerError {
    /// The key file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The key could not be made.
    #[error("signing key: {0}")]
    Key(#[from] SignError),
    /// The device could not be read or registered.
    #[error("online device: {0}")]
    Device(#[from] DeviceError),
    /// The key file's content could not be written out.
    #[error("online key file: {0}")]
    Json(#[from] serde_json::Error),
    /// The master could not be opened.
    #[error("reading the master: {0}")]
    Store(#[from] tournee_store::StoreError),
}

/// What the key file holds.
#[derive(Serialize, Deserialize)]
struct StoredKey {
    device_id: String,
    secret: String,
}

/// `user`'s online signer: the stored one while its device is on record for that user
/// with that key (revoked or not: a revoked device's files are refused, visibly), else a
/// new key registered as a new device and stored.
pub fn online_signer(dir: &DataDir, conn: &Connection, user: &str) -> Result<Signer, SignerError> {
    let path = key_path(dir, user);
    if let Some(signer) = stored_signer(&path, conn, user)? {
        return Ok(signer);
    }
    let key = DeviceKey::generate()?;
    let device_id = register_online_device(conn, user, &key.public_b64(), Utc::now())?;
    let stored = StoredKey {
        device_id: device_id.clone(),
        secret: key.secret_b64(),
    };
    write_private(&path, &serde_json::to_vec(&stored)?)?;
    tracing::info!(%user, device = %device_id, "online signing key made");
    Ok(Signer { device_id, key })
}

/// The key file of `user` (named by a digest: a login never becomes a path).
fn key_path(dir: &DataDir, user: &str) -> PathBuf {
    dir.root
        .join("keys")
        .join("online")
        .join(format!("{}.json", sha256_hex(user.as_bytes())))
}

/// The stored signer if its device is still `user`'s with the same key; `None` when there
/// is no file or it no longer matches the master (a restored or replaced database).
fn stored_signer(
    path: &Path,
    conn: &Connection,
    user: &str,
) -> Result<Option<Signer>, SignerError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SignerError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let Ok(stored) = serde_json::from_slice::<StoredKey>(&bytes) else {
        tracing::warn!(path = %path.display(), "online key file unreadable: a new key is made");
        return Ok(None);
    };
    let Ok(key) = DeviceKey::from_secret_b64(&stored.secret) else {
        tracing::warn!(path = %path.display(), "online key unreadable: a new key is made");
        return Ok(None);
    };
    let on_record = find_device(conn, &stored.device_id)?.is_some_and(|device| {
        device.user == user
            && device.public_key == key.public_b64()
            && device.device_id.starts_with(ONLINE_DEVICE_PREFIX)
    });
    Ok(on_record.then(|| Signer {
        device_id: stored.device_id,
        key,
    }))
}

/// Writes `bytes` readable by the owner only, through a temporary file and a rename.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), SignerError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SignerError::Io { path, source }
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(folder).map_err(io(folder))?;
    let temporary = path.with_extension("tmp");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(&temporary).map_err(io(&temporary))?;
    file.write_all(bytes).map_err(io(&temporary))?;
    file.sync_all().map_err(io(&temporary))?;
    fs::rename(&temporary, path).map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> (tempfile::TempDir, DataDir, Connection) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let conn = tournee_store::open_master(&dir.database()).unwrap();
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name)
             VALUES ('jdupont', 'JD', 'jd@example.fr', 'Jean Dupont')",
            [],
        )
        .unwrap();
        (tmp, dir, conn)
    }

    #[test]
    fn the_key_is_made_once_kept_private_and_made_again_when_the_master_forgot_it() {
        let (_tmp, dir, conn) = world();
        let first = online_signer(&dir, &conn, "jdupont").unwrap();
        assert!(first.device_id.starts_with(ONLINE_DEVICE_PREFIX));
        let again = online_signer(&dir, &conn, "jdupont").unwrap();
        assert_eq!(again.device_id, first.device_id);
        assert_eq!(again.key.public_b64(), first.key.public_b64());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(key_path(&dir, "jdupont"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "owner-only");
        }
        // A master restored without that device: a new one, not a refused write.
        conn.execute("DELETE FROM device", []).unwrap();
        let new = online_signer(&dir, &conn, "jdupont").unwrap();
        assert_ne!(new.device_id, first.device_id);
        assert!(find_device(&conn, &new.device_id).unwrap().is_some());
    }
}
