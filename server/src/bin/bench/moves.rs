//! The integration benchmark's third reference: the disk's part of taking files out of
//! the inbox. The archive layout (sync-spec 6.2) asks one rename per integrated file into
//! `archive/<day>/<user>/`; this child does those renames alone, on one thread, relative
//! to folders it keeps open (as the pass's mover does on Linux), so that the integration
//! can be compared with « the bare loop, then the moves »: what any integrator keeping
//! that layout pays at least.
//!
//! Timed one way; the files are then put back, untimed, for the integration that follows.

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

/// One inbox folder (a user's) and the names of its files.
struct Folder {
    inbox: PathBuf,
    aside: PathBuf,
    names: Vec<OsString>,
}

/// Renames every file of `inbox`'s user folders into `aside/<user>/`, timed, then back.
/// Returns the files moved and the seconds the timed moves took.
pub fn time_moves(inbox: &Path, aside: &Path) -> anyhow::Result<(u64, f64)> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(inbox)? {
        let entry = entry?;
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let target = aside.join(entry.file_name());
        std::fs::create_dir_all(&target)?;
        let mut names = Vec::new();
        for file in std::fs::read_dir(entry.path())? {
            names.push(file?.file_name());
        }
        folders.push(Folder {
            inbox: entry.path(),
            aside: target,
            names,
        });
    }
    let started = Instant::now();
    let mut moved = 0;
    for folder in &folders {
        moved += move_all(&folder.inbox, &folder.aside, &folder.names)?;
    }
    let seconds = started.elapsed().as_secs_f64();
    for folder in &folders {
        move_all(&folder.aside, &folder.inbox, &folder.names)?;
    }
    // Durable like the archive's folders after a pass.
    for folder in &folders {
        File::open(&folder.inbox)?.sync_all()?;
    }
    Ok((moved, seconds))
}

/// Renames each of `names` from `from` into `to`, relative to the two open folders.
#[cfg(target_os = "linux")]
fn move_all(from: &Path, to: &Path, names: &[OsString]) -> anyhow::Result<u64> {
    use rustix::fs::{open, renameat_with, Mode, OFlags, RenameFlags};
    let folder = |path: &Path| {
        open(
            path,
            OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .with_context(|| format!("opening {}", path.display()))
    };
    let (source, target) = (folder(from)?, folder(to)?);
    for name in names {
        renameat_with(&source, name, &target, name, RenameFlags::NOREPLACE)
            .with_context(|| format!("moving {name:?} out of {}", from.display()))?;
    }
    Ok(names.len() as u64)
}

/// Renames each of `names` from `from` into `to`, by path where `renameat2` is not there.
#[cfg(not(target_os = "linux"))]
fn move_all(from: &Path, to: &Path, names: &[OsString]) -> anyhow::Result<u64> {
    for name in names {
        std::fs::rename(from.join(name), to.join(name))
            .with_context(|| format!("moving {name:?} out of {}", from.display()))?;
    }
    Ok(names.len() as u64)
}
