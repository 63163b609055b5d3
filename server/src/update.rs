//! Signed updates of the field app (`tournee-server update …`, docs/guide-deploiement.md,
//! « Mises à jour des portables »).
//!
//! Whoever builds a release (the project or the company) holds the signing key; the
//! laptops carry its public key from their build, never from the server. The server only
//! stores one package per installed form (`updates/<platform>/`, [`UpdatePlatform`]: the
//! `.deb`, the AppImage, the NSIS installer) with its signature and serves them to
//! enrolled devices
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

use tournee_sync::UpdatePlatform;

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
    /// The package is neither a Debian package nor a Windows executable, so no laptop
    /// could install it.
    #[error("--file: neither a .deb package nor a Windows installer")]
    UnknownPackage,
    /// `--platform` names another system than the package is built for.
    #[error("--platform: {named}, but the package is for {package}")]
    PlatformMismatch {
        /// `--platform`.
        named: UpdatePlatform,
        /// What the package's first bytes say.
        package: UpdatePlatform,
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
    /// The system it is for (`--platform`); read from the package when not given.
    pub platform: Option<UpdatePlatform>,
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

/// The folder holding the published updates.
pub fn updates_dir(dir: &DataDir) -> PathBuf {
    dir.root.join("updates")
}

/// The folder holding one system's published update.
fn platform_dir(dir: &DataDir, platform: UpdatePlatform) -> PathBuf {
    updates_dir(dir).join(platform.as_str())
}

/// Where a release is described: a system's folder, or for apps that name no system
/// (built before laptops named theirs) the layout those servers wrote,
/// `updates/release.json`.
fn release_path(dir: &DataDir, platform: Option<UpdatePlatform>) -> PathBuf {
    match platform {
        Some(platform) => platform_dir(dir, platform).join("release.json"),
        None => updates_dir(dir).join("release.json"),
    }
}

/// The file naming the system whose release the apps that name none are offered, once
/// a release for that system replaced the old single one.
fn unnamed_platform_path(dir: &DataDir) -> PathBuf {
    updates_dir(dir).join("unnamed-platform")
}

/// The system a package file is for, from its first bytes.
fn package_platform(file: &Path) -> Result<Option<UpdatePlatform>, UpdateError> {
    let mut first = [0u8; 21];
    let mut read = 0;
    let mut reader = fs::File::open(file).map_err(|e| UpdateError::io(file, e))?;
    while read < first.len() {
        match reader.read(&mut first[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(UpdateError::io(file, e)),
        }
    }
    Ok(UpdatePlatform::of_package(&first[..read]))
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

/// Publishes `input` in `dir`: copies the package under `updates/<platform>/`, then
/// writes its `release.json` (atomically) naming it, then removes that system's older
/// packages. A laptop asking meanwhile sees the old release or the new one, whole.
/// Returns the system it was published for, and the release.
pub fn publish(
    dir: &DataDir,
    input: &Publish<'_>,
) -> Result<(UpdatePlatform, Release), UpdateError> {
    let version = check_version(input.version)?;
    let package = package_platform(input.file)?.ok_or(UpdateError::UnknownPackage)?;
    let platform = input.platform.unwrap_or(package);
    if platform != package {
        return Err(UpdateError::PlatformMismatch {
            named: platform,
            package,
        });
    }
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
    let folder = platform_dir(dir, platform);
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
    let path = release_path(dir, Some(platform));
    let json = serde_json::to_vec_pretty(&release).map_err(|e| UpdateError::BadRelease {
        path: path.clone(),
        message: e.to_string(),
    })?;
    write_atomically(&path, &json)?;
    // Older packages are no longer announced.
    let entries = fs::read_dir(&folder).map_err(|e| UpdateError::io(&folder, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".pkg") && name != file {
            fs::remove_file(entry.path()).map_err(|e| UpdateError::io(&entry.path(), e))?;
        }
    }
    take_over_unnamed(dir, platform)?;
    Ok((platform, release))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), UpdateError> {
    tournee_sync::write_atomically(path, bytes)
        .map_err(|e| UpdateError::io(path, std::io::Error::other(e.to_string())))
}

/// After a release for `platform`: when the single release of the old layout was a
/// package for the same system, the apps that name no system (built before they named
/// theirs, so all of that system) are offered this one from now on, and the old one goes.
fn take_over_unnamed(dir: &DataDir, platform: UpdatePlatform) -> Result<(), UpdateError> {
    let Some(old) = read_release(&release_path(dir, None))? else {
        return Ok(());
    };
    let old_package = updates_dir(dir).join(&old.file);
    if old_package.exists() && package_platform(&old_package)? != Some(platform) {
        return Ok(());
    }
    write_atomically(&unnamed_platform_path(dir), platform.as_str().as_bytes())?;
    let old_release = release_path(dir, None);
    fs::remove_file(&old_release).map_err(|e| UpdateError::io(&old_release, e))?;
    match fs::remove_file(&old_package) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(UpdateError::io(&old_package, e)),
        _ => Ok(()),
    }
}

/// Where the release offered to `platform` is: its folder, or for an app that names no
/// system the old layout's single release, else the system that took it over.
pub struct Published {
    /// The release.
    pub release: Release,
    /// Its package file.
    pub package: PathBuf,
}

/// The release published for `platform` (`None`: an app that names no system), if any.
pub fn current(
    dir: &DataDir,
    platform: Option<UpdatePlatform>,
) -> Result<Option<Published>, UpdateError> {
    let platform = match platform {
        Some(platform) => Some(platform),
        None => {
            if let Some(release) = read_release(&release_path(dir, None))? {
                let package = updates_dir(dir).join(&release.file);
                return Ok(Some(Published { release, package }));
            }
            unnamed_platform(dir)?
        }
    };
    let Some(platform) = platform else {
        return Ok(None);
    };
    Ok(
        read_release(&release_path(dir, Some(platform)))?.map(|release| Published {
            package: platform_dir(dir, platform).join(&release.file),
            release,
        }),
    )
}

/// The system whose release the apps naming none are offered, if one took it over.
fn unnamed_platform(dir: &DataDir) -> Result<Option<UpdatePlatform>, UpdateError> {
    let path = unnamed_platform_path(dir);
    match fs::read_to_string(&path) {
        Ok(name) => name
            .trim()
            .parse()
            .map(Some)
            .map_err(|e: tournee_sync::UnknownPlatform| UpdateError::BadRelease {
                path,
                message: e.to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(UpdateError::io(&path, e)),
    }
}

/// A release description, if the file exists.
fn read_release(path: &Path) -> Result<Option<Release>, UpdateError> {
    let path = path.to_path_buf();
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use base64::Engine as _;

    use super::*;

    /// A data directory with the old layout's single release of `kind` (first bytes of
    /// its package), version 0.2.0, and a fresh key pair.
    fn old_layout(kind: &[u8]) -> (tempfile::TempDir, DataDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(&tmp.path().join("data")).unwrap();
        let key = tmp.path().join("update.key");
        keygen(&key, &tmp.path().join("update.key.pub")).unwrap();
        let package = tmp.path().join("old-package");
        std::fs::write(&package, [kind, &b"old package"[..]].concat()).unwrap();
        let signature = sign(&package, "0.2.0", &key).unwrap();
        std::fs::create_dir_all(updates_dir(&dir)).unwrap();
        std::fs::copy(&package, updates_dir(&dir).join("tournee-0.2.0.pkg")).unwrap();
        let old = Release {
            version: "0.2.0".into(),
            notes: None,
            pub_date: Utc::now(),
            signature,
            size: 19,
            sha256: String::new(),
            file: "tournee-0.2.0.pkg".into(),
        };
        std::fs::write(
            updates_dir(&dir).join("release.json"),
            serde_json::to_vec(&old).unwrap(),
        )
        .unwrap();
        (tmp, dir, key)
    }

    fn publish_new(dir: &DataDir, key: &Path, kind: &[u8], version: &str) -> UpdatePlatform {
        let file = key.with_file_name(format!("package-{version}"));
        std::fs::write(&file, [kind, &b"new package"[..]].concat()).unwrap();
        let input = Publish {
            file: &file,
            platform: None,
            version,
            notes: None,
            signing: Signing::Key(key),
        };
        publish(dir, &input).unwrap().0
    }

    const DEB: &[u8] = b"!<arch>\ndebian-binary   ";
    const EXE: &[u8] = b"MZ\x90\x00";

    /// Apps built before laptops named their system ask without one: they keep the old
    /// single release until a release for the same system takes its place, then get
    /// that system's releases (they are all of that system).
    #[test]
    fn apps_naming_no_system_move_to_the_system_of_the_old_release() {
        let (_tmp, dir, key) = old_layout(DEB);
        let before = current(&dir, None).unwrap().unwrap();
        assert_eq!(before.release.version, "0.2.0");
        assert_eq!(before.package, updates_dir(&dir).join("tournee-0.2.0.pkg"));
        assert!(current(&dir, Some(UpdatePlatform::LinuxDeb))
            .unwrap()
            .is_none());

        // A Windows release does not touch what the (Linux) old apps are offered.
        assert_eq!(
            publish_new(&dir, &key, EXE, "0.3.0"),
            UpdatePlatform::WindowsNsis
        );
        assert_eq!(
            current(&dir, None).unwrap().unwrap().release.version,
            "0.2.0"
        );

        // A Linux one takes its place, and the old layout's files go.
        assert_eq!(
            publish_new(&dir, &key, DEB, "0.4.0"),
            UpdatePlatform::LinuxDeb
        );
        let after = current(&dir, None).unwrap().unwrap();
        assert_eq!(after.release.version, "0.4.0");
        assert_eq!(
            after.package,
            updates_dir(&dir).join("linux-x86_64-deb/tournee-0.4.0.pkg")
        );
        assert!(after.package.is_file());
        assert!(!updates_dir(&dir).join("release.json").exists());
        assert!(!updates_dir(&dir).join("tournee-0.2.0.pkg").exists());
        // Each system keeps its own.
        let windows = current(&dir, Some(UpdatePlatform::WindowsNsis))
            .unwrap()
            .unwrap();
        assert_eq!(windows.release.version, "0.3.0");
        assert_eq!(
            std::fs::read(&windows.package).unwrap(),
            [EXE, &b"new package"[..]].concat()
        );
    }

    /// A fresh server has no release for anyone, and a newer release of a system
    /// replaces that system's package only.
    #[test]
    fn each_system_keeps_one_package() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(&tmp.path().join("data")).unwrap();
        let key = tmp.path().join("update.key");
        keygen(&key, &tmp.path().join("update.key.pub")).unwrap();
        assert!(current(&dir, None).unwrap().is_none());
        publish_new(&dir, &key, DEB, "0.2.0");
        publish_new(&dir, &key, EXE, "0.2.0");
        publish_new(&dir, &key, DEB, "0.3.0");
        // No old release: apps naming no system are offered nothing.
        assert!(current(&dir, None).unwrap().is_none());
        let listing = |platform: &str| {
            let mut names: Vec<String> = std::fs::read_dir(updates_dir(&dir).join(platform))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(
            listing("linux-x86_64-deb"),
            ["release.json", "tournee-0.3.0.pkg"]
        );
        assert_eq!(
            listing("windows-x86_64-nsis"),
            ["release.json", "tournee-0.2.0.pkg"]
        );
    }

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
