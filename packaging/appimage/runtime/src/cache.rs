//! The per-user cache of unpacked AppDirs: extract once, run many times, without FUSE.
//!
//! An image unpacks into `<cache>/<sha256 of the whole AppImage file>/`, so a second start
//! of the same file reuses it and a new version (another digest) gets its own folder. The
//! unpack goes into a `.tmp-…` sibling that is renamed into place only once complete: a
//! start that was killed half-way leaves a temporary folder nobody uses (removed by a later
//! start after an hour), never a half-filled AppDir. Two starts racing on a new image each
//! unpack, the first rename wins and the other drops its copy. After a new version is
//! unpacked, the other versions' folders are removed (an update leaves no stale copies).

use std::fs::{self, DirBuilder, File};
use std::io::{self, Read as _};
use std::os::unix::fs::DirBuilderExt as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest as _, Sha256};
use thiserror::Error;

use crate::image::{Image, ImageError, Limits, APP_RUN};

/// The cache's folder under the user's cache home (`$XDG_CACHE_HOME`, else `~/.cache`).
pub const CACHE_SUBDIR: &str = "tournee/appimage";
/// Age after which a temporary unpack folder is taken as abandoned.
const ABANDONED_AFTER: Duration = Duration::from_secs(3600);
/// Prefix of the folders an unpack is in progress in.
const TMP_PREFIX: &str = ".tmp-";

/// Why the cache could not provide an AppDir.
#[derive(Debug, Error)]
pub enum CacheError {
    /// Neither `XDG_CACHE_HOME` nor `HOME` names an absolute folder.
    #[error("no cache folder: set HOME or XDG_CACHE_HOME to an absolute path")]
    NoCacheHome,
    /// Reading the AppImage to digest it failed.
    #[error("cannot read {path} to digest it: {source}")]
    Digest {
        /// The AppImage.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// A cache folder could not be made, renamed or listed.
    #[error("cache folder {path}: {source}")]
    Folder {
        /// The folder concerned.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// The image itself was refused or could not be unpacked.
    #[error(transparent)]
    Image(#[from] ImageError),
}

/// The cache's root for this user: `$XDG_CACHE_HOME/<CACHE_SUBDIR>` when that variable is
/// an absolute path (the XDG rule), else `$HOME/.cache/<CACHE_SUBDIR>`.
pub fn cache_root(
    xdg_cache_home: Option<&Path>,
    home: Option<&Path>,
) -> Result<PathBuf, CacheError> {
    xdg_cache_home
        .filter(|p| p.is_absolute())
        .map(Path::to_path_buf)
        .or_else(|| home.filter(|p| p.is_absolute()).map(|h| h.join(".cache")))
        .map(|base| base.join(CACHE_SUBDIR))
        .ok_or(CacheError::NoCacheHome)
}

/// The SHA-256 of the whole file, in lower-case hex: the cache key of an image.
pub fn digest(path: &Path) -> Result<String, CacheError> {
    let fail = |source| CacheError::Digest {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(fail)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// What [`ensure_unpacked`] did, for the caller's diagnostics and the tests.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The AppDir was already in the cache.
    Reused,
    /// The image was unpacked now.
    Unpacked,
}

/// The unpacked AppDir of `appimage` (its squashfs at `offset`), from the cache under
/// `root` or unpacked there now.
pub fn ensure_unpacked(
    root: &Path,
    appimage: &Path,
    offset: u64,
    limits: Limits,
) -> Result<(PathBuf, Outcome), CacheError> {
    make_private_dir(root)?;
    let key = digest(appimage)?;
    let appdir = root.join(&key);
    if appdir.join(APP_RUN).symlink_metadata().is_ok() {
        return Ok((appdir, Outcome::Reused));
    }
    if appdir.exists() {
        // Not made by this runtime's rename (which only moves complete AppDirs): someone
        // emptied it by hand. Start again.
        fs::remove_dir_all(&appdir).map_err(|source| CacheError::Folder {
            path: appdir.clone(),
            source,
        })?;
    }
    remove_abandoned(root)?;
    let tmp = unpack_to_temp(root, appimage, offset, limits)?;
    match fs::rename(&tmp, &appdir) {
        Ok(()) => {}
        // Another start of the same image won the race: use its copy.
        Err(_) if appdir.join(APP_RUN).symlink_metadata().is_ok() => {
            remove_quietly(&tmp);
            return Ok((appdir, Outcome::Reused));
        }
        Err(source) => {
            remove_quietly(&tmp);
            return Err(CacheError::Folder {
                path: appdir,
                source,
            });
        }
    }
    sync_dir(root);
    remove_other_versions(root, &key)?;
    Ok((appdir, Outcome::Unpacked))
}

/// Unpacks into a fresh `.tmp-<pid>-<nanos>` folder of `parent`; removes it on failure.
pub fn unpack_to_temp(
    parent: &Path,
    appimage: &Path,
    offset: u64,
    limits: Limits,
) -> Result<PathBuf, CacheError> {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let tmp = parent.join(format!("{TMP_PREFIX}{}-{nanos}", std::process::id()));
    DirBuilder::new()
        .mode(0o755)
        .create(&tmp)
        .map_err(|source| CacheError::Folder {
            path: tmp.clone(),
            source,
        })?;
    let unpacked = Image::open(appimage, offset).and_then(|image| image.unpack(&tmp, limits));
    if let Err(error) = unpacked {
        remove_quietly(&tmp);
        return Err(error.into());
    }
    Ok(tmp)
}

/// Creates `dir` (and its parents) readable by this user only, if missing.
fn make_private_dir(dir: &Path) -> Result<(), CacheError> {
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|source| CacheError::Folder {
            path: dir.to_path_buf(),
            source,
        })
}

/// Removes temporary unpack folders older than [`ABANDONED_AFTER`] (a start killed
/// half-way); younger ones may belong to a start in progress.
fn remove_abandoned(root: &Path) -> Result<(), CacheError> {
    for (path, name) in entries(root)? {
        if !name.starts_with(TMP_PREFIX) {
            continue;
        }
        let old = path
            .symlink_metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED_AFTER);
        if old {
            remove_quietly(&path);
        }
    }
    Ok(())
}

/// Removes the AppDirs of other versions than `keep` (folders named by a digest).
fn remove_other_versions(root: &Path, keep: &str) -> Result<(), CacheError> {
    for (path, name) in entries(root)? {
        let is_version = name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit());
        if is_version && name != keep {
            remove_quietly(&path);
        }
    }
    Ok(())
}

/// The entries of `dir` with their names (names that are not UTF-8 are not ours).
fn entries(dir: &Path) -> Result<Vec<(PathBuf, String)>, CacheError> {
    let listing = fs::read_dir(dir).map_err(|source| CacheError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(listing
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            Some((e.path(), name))
        })
        .collect())
}

/// Best-effort removal of a folder this runtime made: a leftover costs disk space, never
/// correctness (nothing reads a temporary folder or another version's folder), so a
/// failure is reported on stderr and the start goes on.
fn remove_quietly(path: &Path) {
    if let Err(error) = fs::remove_dir_all(path) {
        eprintln!("appimage: could not remove {}: {error}", path.display());
    }
}

/// Makes a rename in `dir` durable; a failure only weakens crash safety, so it is
/// reported and the start goes on.
fn sync_dir(dir: &Path) {
    if let Err(error) = File::open(dir).and_then(|d| d.sync_all()) {
        eprintln!("appimage: could not sync {}: {error}", dir.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_follows_xdg_then_home() {
        let root = cache_root(Some(Path::new("/x/cache")), Some(Path::new("/home/rep")));
        assert_eq!(root.unwrap(), Path::new("/x/cache/tournee/appimage"));
        // A relative XDG_CACHE_HOME is ignored, as the XDG specification says.
        let root = cache_root(Some(Path::new("cache")), Some(Path::new("/home/rep")));
        assert_eq!(
            root.unwrap(),
            Path::new("/home/rep/.cache/tournee/appimage")
        );
        assert!(matches!(
            cache_root(None, None),
            Err(CacheError::NoCacheHome)
        ));
        assert!(matches!(
            cache_root(None, Some(Path::new("rep"))),
            Err(CacheError::NoCacheHome)
        ));
    }

    #[test]
    fn the_digest_is_the_file_s_sha256() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, b"abc").unwrap();
        assert_eq!(
            digest(&file).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn other_versions_go_and_abandoned_temporaries_go_after_an_hour() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let keep = "a".repeat(64);
        let other = "b".repeat(64);
        for name in [keep.as_str(), other.as_str(), "notes", ".tmp-1-2"] {
            fs::create_dir(root.join(name)).unwrap();
        }
        remove_other_versions(root, &keep).unwrap();
        remove_abandoned(root).unwrap();
        let mut left: Vec<_> = entries(root).unwrap().into_iter().map(|(_, n)| n).collect();
        left.sort();
        // A fresh temporary folder may be a start in progress: it stays.
        assert_eq!(
            left,
            vec![".tmp-1-2".to_string(), keep, "notes".to_string()]
        );
    }
}
