//! The runtime of the field app's AppImage (issue 16; packaging/README.md says why it is
//! ours): an ELF whose end is followed by the squashfs of the AppDir. It finds that
//! squashfs ([`elf`]), checks and unpacks it once into a per-user cache ([`image`],
//! [`cache`]) and runs its `AppRun` ([`launch`]). No FUSE is needed, so it runs in
//! containers and on laptops without `fusermount`.

pub mod cache;
pub mod elf;
pub mod image;
pub mod launch;

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The folder `--appimage-extract` unpacks into, in the current folder (as the official
/// runtime does).
pub const EXTRACT_DIR: &str = "squashfs-root";

/// Why the AppImage could not be started or extracted.
#[derive(Debug, Error)]
pub enum RuntimeError {
    /// The runtime could not read its own file.
    #[error("cannot read the AppImage {path}: {source}")]
    SelfRead {
        /// `/proc/self/exe`, resolved.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// The file is not an AppImage of type 2.
    #[error(transparent)]
    Elf(#[from] elf::ElfError),
    /// The cache or the image failed.
    #[error(transparent)]
    Cache(#[from] cache::CacheError),
    /// `--appimage-extract` would overwrite an existing folder.
    #[error("{0} already exists: remove it or extract elsewhere")]
    ExtractTargetExists(PathBuf),
    /// The AppRun could not be started.
    #[error("cannot start {path}: {source}")]
    Exec {
        /// The AppRun.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// The folder the runtime was started from is gone or unreadable.
    #[error("cannot read the current folder: {0}")]
    CurrentDir(io::Error),
    /// `--appimage-extract` was given a pattern: this runtime extracts everything.
    #[error("--appimage-extract takes no argument: it unpacks the whole image")]
    ExtractPattern,
    /// An `--appimage-…` option this runtime does not know.
    #[error("unknown option {0:?}; known: --appimage-extract, --appimage-extract-and-run, --appimage-offset, --appimage-version, --appimage-help")]
    UnknownOption(OsString),
}

/// Where the squashfs starts in the AppImage at `path`.
pub fn payload_offset_of(path: &Path) -> Result<u64, RuntimeError> {
    let fail = |source| RuntimeError::SelfRead {
        path: path.to_path_buf(),
        source,
    };
    let mut header = Vec::with_capacity(elf::HEADER_LEN);
    File::open(path)
        .map_err(fail)?
        .take(elf::HEADER_LEN as u64)
        .read_to_end(&mut header)
        .map_err(fail)?;
    Ok(elf::payload_offset(&header)?)
}

/// `--appimage-extract`: unpacks the whole AppDir into `<dir>/squashfs-root`, which must
/// not exist yet (a temporary folder renamed at the end, like the cache).
pub fn extract_into(dir: &Path, appimage: &Path, offset: u64) -> Result<PathBuf, RuntimeError> {
    let dest = dir.join(EXTRACT_DIR);
    if dest.symlink_metadata().is_ok() {
        return Err(RuntimeError::ExtractTargetExists(dest));
    }
    let tmp = cache::unpack_to_temp(dir, appimage, offset, image::Limits::default())?;
    fs::rename(&tmp, &dest).map_err(|source| cache::CacheError::Folder {
        path: dest.clone(),
        source,
    })?;
    Ok(dest)
}
