//! Signed updates of the field app (`tournee-server update …`, docs/guide-deploiement.md,
//! « Mises à jour des portables »).
//!
//! Whoever builds a release (the project or the company) holds the signing key; the
//! laptops carry its public key from their build, never from the server. The server only
//! stores one package with its signature and serves them to enrolled devices
//! ([`crate::https::update`]): a server that is taken over can withhold updates, never
//! make a laptop install something the key holder did not sign.
//!
//! Keys and signatures are minisign's, in the encoding Tauri's updater reads and
//! `tauri signer` writes (each file is the base64 of minisign's text form), so a key made
//! by either tool works with the other. The signature's trusted comment binds the version
//! (`version:X`), which the app requires, so an old signed package cannot be announced
//! as a newer version.

use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::datadir::DataDir;

/// Largest package published (a release `.deb` is about 10 MB; a debug one 80 MB).
pub const MAX_PACKAGE_BYTES: u64 = 512 * 1024 * 1024;
/// Largest release notes kept.
pub const MAX_NOTES_BYTES: usize = 8 * 1024;
/// Largest signature file read (a minisign signature is under 500 bytes).
const MAX_SIGNATURE_BYTES: u64 = 4 * 1024;
/// Environment variable holding the password of an encrypted secret key (`tauri signer`
/// keys are encrypted, with an empty password when none was given).
pub const KEY_PASSWORD_ENV: &str = "TOURNEE_UPDATE_KEY_PASSWORD";

/// Why an update could not be made, signed or published.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `--version` is not a semantic version (`1.2.3`).
    #[error("--version: {0:?} is not a version such as 1.2.3")]
    BadVersion(String),
    /// `--file` is larger than [`MAX_PACKAGE_BYTES`], or empty.
    #[error("--file: {size} bytes; a package holds 1 to {MAX_PACKAGE_BYTES} bytes")]
    BadSize {
        /// Its size.
        size: u64,
    },
    /// `--notes` is longer than [`MAX_NOTES_BYTES`].
    #[error("--notes: longer than {MAX_NOTES_BYTES} bytes")]
    NotesTooLong,
    /// A key or signature file is not minisign's format in base64.
    #[error("{field}: {message}")]
    BadKey {
        /// The option naming the file.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The signature was made for another version than `--version`.
    #[error("--signature: signed for version {signed:?}, not {announced}")]
    VersionMismatch {
        /// The version in the signature's trusted comment (empty when none).
        signed: String,
        /// `--version`.
        announced: String,
    },
    /// The release description could not be read back.
    #[error("{path}: not a release description: {message}")]
    BadRelease {
        /// `updates/release.json`.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
}

impl UpdateError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The published update, as `updates/release.json` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// Its version (semantic).
    pub version: String,
    /// What changed, shown to the rep.
    pub notes: Option<String>,
    /// When it was published.
    pub pub_date: DateTime<Utc>,
    /// The package's minisign signature, base64 (Tauri's updater format).
    pub signature: String,
    /// The package's size in bytes.
    pub size: u64,
    /// The package's SHA-256, hex (for the admin; the signature is what laptops check).
    pub sha256: String,
    /// The package's file name under `updates/` (from the version, never from a request).
    pub file: String,
}

/// What `tournee-server update publish` was given.
pub struct Publish<'a> {
    /// The package (`.deb`, or the NSIS installer `.exe`).
    pub file: &'a Path,
    /// Its version.
    pub version: &'a str,
    /// Release notes.
    pub notes: Option<&'a str>,
    /// How it is signed.
    pub signing: Signing<'a>,
}

/// A signature made elsewhere (`tauri signer sign`, `tournee-server update sign`), or
/// a secret key to sign with here.
pub enum Signing<'a> {
    /// The `.sig` file.
    Signature(&'a Path),
    /// The secret key file.
    Key(&'a Path),
}

/// The folder holding the published update.
pub fn updates_dir(dir: &DataDir) -> PathBuf {
    dir.root.join("updates")
}

fn release_path(dir: &DataDir) -> PathBuf {
    updates_dir(dir).join("release.json")
}

/// Makes a key pair: the secret key (unencrypted, mode 0600: keep it off the server and
/// out of the repository) and the public key the app is built with. Returns the public key.
pub fn keygen(secret: &Path, public: &Path) -> Result<String, UpdateError> {
    for path in [secret, public] {
        if path.exists() {
            return Err(UpdateError::io(
                path,
                std::io::Error::new(std::io::ErrorKind::AlreadyExists, "never overwritten"),
            ));
        }
    }
    let bad = |message: String| UpdateError::BadKey {
        field: "--secret",
        message,
    };
    let pair = minisign::KeyPair::generate_unencrypted_keypair().map_err(|e| bad(e.to_string()))?;
    let secret_text = pair
        .sk
        .to_box(Some("Tournée update signing key"))
        .map_err(|e| bad(e.to_string()))?
        .into_string();
    let public_text = pair
        .pk
        .to_box()
        .map_err(|e| bad(e.to_string()))?
        .into_string();
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(secret)
        .map_err(|e| UpdateError::io(secret, e))?;
    file.write_all(b64.encode(secret_text).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| UpdateError::io(secret, e))?;
    let public_b64 = b64.encode(public_text);
    fs::write(public, &public_b64).map_err(|e| UpdateError::io(public, e))?;
    Ok(public_b64)
}

/// A file's text, base64-decoded (how Tauri's tools store keys and signatures).
fn read_b64(path: &Path, field: &'static str, max: u64) -> Result<String, UpdateError> {
    let mut text = String::new();
    fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_string(&mut text))
        .map_err(|e| UpdateError::io(path, e))?;
    if text.len() as u64 > max {
        return Err(UpdateError::BadKey {
            field,
            message: format!("longer than {max} bytes"),
        });
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| UpdateError::BadKey {
            field,
            message: format!("not base64: {e}"),
        })?;
    String::from_utf8(bytes).map_err(|_| UpdateError::BadKey {
        field,
        message: "not minisign text".into(),
    })
}

/// Signs `file` for `version` with the secret key at `key` (its password, if encrypted,
/// from [`KEY_PASSWORD_ENV`], empty by default as `tauri signer` does); the signature in
/// the updater's format.
pub fn sign(file: &Path, version: &str, key: &Path) -> Result<String, UpdateError> {
    check_version(version)?;
    let bad = |message: String| UpdateError::BadKey {
        field: "--key",
        message,
    };
    let text = read_b64(key, "--key", 4096)?;
    let secret = match minisign::SecretKey::from_unencrypted_box(
        minisign::SecretKeyBox::from_string(&text).map_err(|e| bad(e.to_string()))?,
    ) {
        Ok(secret) => secret,
        Err(_) => {
            // An encrypted key: a wrong or missing password is said on the variable that
            // carries it, not on `--key` (the file is fine).
            let on_password = |message: String| UpdateError::BadKey {
                field: KEY_PASSWORD_ENV,
                message,
            };
            let password = match std::env::var(KEY_PASSWORD_ENV) {
                Ok(password) => password,
                Err(std::env::VarError::NotPresent) => String::new(),
                Err(std::env::VarError::NotUnicode(_)) => {
                    return Err(on_password("not UTF-8".into()))
                }
            };
            minisign::SecretKey::from_box(
                minisign::SecretKeyBox::from_string(&text).map_err(|e| bad(e.to_string()))?,
                Some(password),
            )
            .map_err(|e| on_password(format!("does not open the encrypted key ({e})")))?
        }
    };
    let reader = fs::File::open(file).map_err(|e| UpdateError::io(file, e))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The fields Tauri's signer writes; `version:` is what the app checks.
    let trusted = format!(
        "timestamp:{}\tfile:{name}\tversion:{version}",
        Utc::now().timestamp()
    );
    let signature = minisign::sign(None, &secret, reader, Some(&trusted), None)
        .map_err(|e| bad(e.to_string()))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(signature.into_string()))
}

fn check_version(version: &str) -> Result<semver::Version, UpdateError> {
    semver::Version::parse(version).map_err(|_| UpdateError::BadVersion(version.to_string()))
}

/// The version a signature (updater format) binds, from its trusted comment.
fn signed_version(signature_b64: &str) -> Result<Option<String>, UpdateError> {
    let bad = |message: String| UpdateError::BadKey {
        field: "--signature",
        message,
    };
    let text = base64::engine::general_purpose::STANDARD
        .decode(signature_b64.trim())
        .map_err(|e| bad(format!("not base64: {e}")))
        .and_then(|b| String::from_utf8(b).map_err(|_| bad("not minisign text".into())))?;
    let boxed = minisign::SignatureBox::from_string(&text).map_err(|e| bad(e.to_string()))?;
    let trusted = boxed.trusted_comment().map_err(|e| bad(e.to_string()))?;
    Ok(trusted
        .split('\t')
        .find_map(|field| field.strip_prefix("version:"))
        .map(str::to_string))
}

/// Publishes `input` in `dir`: copies the package under `updates/`, then writes
/// `updates/release.json` (atomically) naming it, then removes older packages. A laptop
/// asking meanwhile sees the old release or the new one, whole.
pub fn publish(dir: &DataDir, input: &Publish<'_>) -> Result<Release, UpdateError> {
    let version = check_version(input.version)?;
    if input.notes.is_some_and(|n| n.len() > MAX_NOTES_BYTES) {
        return Err(UpdateError::NotesTooLong);
    }
    let size = fs::metadata(input.file)
        .map_err(|e| UpdateError::io(input.file, e))?
        .len();
    if size == 0 || size > MAX_PACKAGE_BYTES {
        return Err(UpdateError::BadSize { size });
    }
    let signature = match input.signing {
        Signing::Key(key) => sign(input.file, input.version, key)?,
        Signing::Signature(path) => read_b64(path, "--signature", MAX_SIGNATURE_BYTES)
            .map(|text| base64::engine::general_purpose::STANDARD.encode(text))?,
    };
    let signed = signed_version(&signature)?.unwrap_or_default();
    if semver::Version::parse(signed.trim_start_matches('v')).ok() != Some(version.clone()) {
        return Err(UpdateError::VersionMismatch {
            signed,
            announced: input.version.to_string(),
        });
    }
    let folder = updates_dir(dir);
    fs::create_dir_all(&folder).map_err(|e| UpdateError::io(&folder, e))?;
    let file = format!("tournee-{version}.pkg");
    let target = folder.join(&file);
    let part = folder.join(format!("{file}.part"));
    let mut hasher = Sha256::new();
    {
        let mut from = fs::File::open(input.file).map_err(|e| UpdateError::io(input.file, e))?;
        let mut to = fs::File::create(&part).map_err(|e| UpdateError::io(&part, e))?;
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            let n = from
                .read(&mut buffer)
                .map_err(|e| UpdateError::io(input.file, e))?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            to.write_all(&buffer[..n])
                .map_err(|e| UpdateError::io(&part, e))?;
        }
        to.sync_all().map_err(|e| UpdateError::io(&part, e))?;
    }
    fs::rename(&part, &target).map_err(|e| UpdateError::io(&target, e))?;
    let release = Release {
        version: version.to_string(),
        notes: input.notes.map(str::to_string),
        pub_date: Utc::now(),
        signature,
        size,
        sha256: hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        file: file.clone(),
    };
    let json = serde_json::to_vec_pretty(&release).map_err(|e| UpdateError::BadRelease {
        path: release_path(dir),
        message: e.to_string(),
    })?;
    tournee_sync::write_atomically(&release_path(dir), &json)
        .map_err(|e| UpdateError::io(&release_path(dir), std::io::Error::other(e.to_string())))?;
    // Older packages are no longer announced.
    let entries = fs::read_dir(&folder).map_err(|e| UpdateError::io(&folder, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".pkg") && name != file {
            fs::remove_file(entry.path()).map_err(|e| UpdateError::io(&entry.path(), e))?;
        }
    }
    Ok(release)
}

/// The published release, if any.
pub fn current(dir: &DataDir) -> Result<Option<Release>, UpdateError> {
    let path = release_path(dir);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(UpdateError::io(&path, e)),
    };
    let release: Release = serde_json::from_slice(&bytes).map_err(|e| UpdateError::BadRelease {
        path: path.clone(),
        message: e.to_string(),
    })?;
    // The file name was made by `publish`; one edited by hand must still name a file
    // in `updates/` and nothing else.
    if release.file.contains(['/', '\\']) || release.file.starts_with('.') {
        return Err(UpdateError::BadRelease {
            path,
            message: format!("file {:?} is not a plain name", release.file),
        });
    }
    Ok(Some(release))
}

/// Whether `release` is newer than the laptop's `current` version (a version that does
/// not parse is treated as older than any).
pub fn is_newer(release: &Release, current: &str) -> bool {
    match (
        semver::Version::parse(&release.version),
        semver::Version::parse(current.trim_start_matches('v')),
    ) {
        (Ok(offered), Ok(have)) => offered > have,
        (Ok(_), Err(_)) => true,
        _ => false,
    }
}

/// The release in the updater's dynamic format, minus the `url` the app adds (its own
/// server address, never one the server would build from a request's `Host`).
pub fn announce(release: &Release) -> serde_json::Value {
    serde_json::json!({
        "version": release.version,
        "notes": release.notes,
        "pub_date": release.pub_date.to_rfc3339_opts(SecondsFormat::Secs, true),
        "signature": release.signature,
        "size": release.size,
    })
}

/// Where the published package is.
pub fn package_path(dir: &DataDir, release: &Release) -> PathBuf {
    updates_dir(dir).join(&release.file)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use base64::Engine as _;

    use super::*;

    /// An encrypted key whose password is not in the environment: the error names the
    /// variable to set, not `--key`.
    #[test]
    fn a_wrong_key_password_names_its_variable() {
        assert!(
            std::env::var_os(KEY_PASSWORD_ENV).is_none(),
            "set outside the test"
        );
        let dir = tempfile::tempdir().unwrap();
        let pair =
            minisign::KeyPair::generate_encrypted_keypair(Some("phrase secrète".into())).unwrap();
        let text = pair.sk.to_box(None).unwrap().to_string();
        let key = dir.path().join("update.key");
        std::fs::write(&key, base64::engine::general_purpose::STANDARD.encode(text)).unwrap();
        let file = dir.path().join("package.deb");
        std::fs::write(&file, b"package").unwrap();
        let refused = sign(&file, "0.2.0", &key).unwrap_err();
        assert!(
            refused
                .to_string()
                .starts_with("TOURNEE_UPDATE_KEY_PASSWORD: "),
            "{refused}"
        );
    }
}
