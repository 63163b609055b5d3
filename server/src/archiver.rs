//! The archive moves of a pass, on a thread of their own.
//!
//! A file whose change is integrated (or was already) is moved into
//! `archive/<day>/<user>/` only after the commit that settled it, and that move is
//! tidying (sync-spec 6.2): the ledger already holds the change id, so a file found
//! again, because a crash came before its move, is a duplicate. The moves of one batch
//! therefore need not hold up the next batch's reading and SQL: they are handed to a
//! mover thread, which the pass waits for before syncing the folders and returning, so
//! a pass still ends with every settled file archived. One mover only: Linux serialises
//! renames from one folder into another across a whole file system (its per-file-system
//! rename mutex), so a second thread moving files beside the mover only waits, spinning
//! on that lock (measured: about 8 % of a pass's CPU, issue 12, docs/benchmarks.md).

use std::path::{Path, PathBuf};
use std::thread::{Scope, ScopedJoinHandle};

use crossbeam_channel::{unbounded, Receiver, Sender};

use crate::files::{move_into, TouchedFolders};
use crate::pass::PassError;

/// One settled file to archive.
struct ArchiveMove {
    source: PathBuf,
    folder: PathBuf,
    file_name: String,
}

/// The mover thread of one pass, and the way to hand it files.
pub(crate) struct Archiver<'scope> {
    sender: Sender<ArchiveMove>,
    mover: ScopedJoinHandle<'scope, Result<TouchedFolders, PassError>>,
}

impl<'scope> Archiver<'scope> {
    /// Starts the mover thread inside `scope` (the pass's own).
    pub(crate) fn start<'env>(scope: &'scope Scope<'scope, 'env>) -> Self {
        let (sender, receiver) = unbounded();
        let mover = scope.spawn(move || {
            yield_to_the_pass();
            archive_all(&receiver)
        });
        Self { sender, mover }
    }

    /// Queues the move of `source` into `folder` under `file_name`; call it only once
    /// the commit that settled the file's change has returned.
    pub(crate) fn archive(&self, source: &Path, folder: PathBuf, file_name: &str) {
        let queued = self.sender.send(ArchiveMove {
            source: source.to_path_buf(),
            folder,
            file_name: file_name.to_string(),
        });
        // The queue is closed only once the mover stopped on a failed move (`finish`
        // returns its error): the file stays in the inbox and is a duplicate at the next
        // pass.
        let _mover_failed_already = queued;
    }

    /// Waits for the mover to move everything queued; returns the folders the moves
    /// touched, to be synced with the pass's others, or the first move that failed.
    pub(crate) fn finish(self) -> Result<TouchedFolders, PassError> {
        drop(self.sender);
        match self.mover.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// How much nicer than the pass the mover thread runs (Linux `nice` steps).
#[cfg(target_os = "linux")]
const MOVER_NICENESS: i32 = 5;

/// Lowers the calling thread's priority (the mover's) below the pass's: the pass's thread
/// is the critical path, and on a machine with as many busy threads as cores the moves,
/// which only tidy, should wait for it rather than share a core with it half and half
/// (issue 12, eighth step). Where the priority cannot be changed the mover simply runs as
/// before.
fn yield_to_the_pass() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        // On Linux, `None` (who = 0) names the calling thread only, not the process.
        let lowered = getpriority_process(None)
            .and_then(|now| setpriority_process(None, now.saturating_add(MOVER_NICENESS)));
        if let Err(error) = lowered {
            tracing::debug!(%error, "the mover thread keeps the pass's priority");
        }
    }
}

/// A mover: moves files as they come, until the pass drops its sender and the queue is
/// empty (or a move fails).
fn archive_all(receiver: &Receiver<ArchiveMove>) -> Result<TouchedFolders, PassError> {
    let mut touched = TouchedFolders::default();
    let mut folders = OpenFolders::default();
    for job in receiver {
        if folders.archive(&mut touched, &job)? {
            continue;
        }
        touched.touch(&job.source);
        if let Some(moved) =
            move_unless_gone(&mut touched, &job.source, &job.folder, &job.file_name)?
        {
            touched.touch(&moved);
        }
    }
    Ok(touched)
}

/// The inbox folder and the archive folder of the mover's last move, kept open: a pass
/// moves thousands of files between a few folders, and a rename relative to open folders
/// resolves two names instead of two whole paths (on ext4, the kernel's path walks were
/// a large share of the mover's time). Linux only; elsewhere every move goes by path.
#[derive(Default)]
struct OpenFolders {
    #[cfg(target_os = "linux")]
    source: Option<(PathBuf, rustix::fd::OwnedFd)>,
    #[cfg(target_os = "linux")]
    target: Option<(PathBuf, rustix::fd::OwnedFd)>,
}

impl OpenFolders {
    /// Archives `job` relative to open folders; `false` when it must go by path (a
    /// folder to create, a name taken, a file or folder gone: the path-based move
    /// knows what to do in each case).
    #[cfg(target_os = "linux")]
    fn archive(
        &mut self,
        touched: &mut TouchedFolders,
        job: &ArchiveMove,
    ) -> Result<bool, PassError> {
        use rustix::fs::{renameat_with, RenameFlags};
        let (Some(source_folder), Some(source_name)) =
            (job.source.parent(), job.source.file_name())
        else {
            return Ok(false);
        };
        let (Some(source), Some(target)) = (
            Self::open(&mut self.source, source_folder, touched),
            Self::open(&mut self.target, &job.folder, touched),
        ) else {
            return Ok(false);
        };
        match renameat_with(
            source,
            source_name,
            target,
            job.file_name.as_str(),
            RenameFlags::NOREPLACE,
        ) {
            Ok(()) => Ok(true),
            Err(errno) if errno == rustix::io::Errno::NOENT => {
                // The file is gone, or a folder was removed by hand during the pass: the
                // path-based move tells which; folders are opened again afterwards.
                self.source = None;
                self.target = None;
                Ok(false)
            }
            Err(errno)
                if errno == rustix::io::Errno::EXIST
                    || errno == rustix::io::Errno::INVAL
                    || errno == rustix::io::Errno::NOSYS =>
            {
                Ok(false)
            }
            Err(errno) => Err(PassError::Io {
                path: job.source.clone(),
                source: errno.into(),
            }),
        }
    }

    /// The open folder `path`, opening it in place of the previous one if needed (and
    /// noting it among the folders to sync at the end of the pass); `None` if it cannot
    /// be opened (absent: the path-based move creates it).
    #[cfg(target_os = "linux")]
    fn open<'a>(
        slot: &'a mut Option<(PathBuf, rustix::fd::OwnedFd)>,
        path: &Path,
        touched: &mut TouchedFolders,
    ) -> Option<rustix::fd::BorrowedFd<'a>> {
        use rustix::fd::AsFd;
        use rustix::fs::{open, Mode, OFlags};
        if slot.as_ref().is_none_or(|(open_path, _)| open_path != path) {
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = open(path, flags, Mode::empty()).ok()?;
            touched.touch_folder(path);
            *slot = Some((path.to_path_buf(), fd));
        }
        slot.as_ref().map(|(_, fd)| fd.as_fd())
    }

    /// Other systems: every move goes by path.
    #[cfg(not(target_os = "linux"))]
    fn archive(
        &mut self,
        _touched: &mut TouchedFolders,
        _job: &ArchiveMove,
    ) -> Result<bool, PassError> {
        Ok(false)
    }
}

/// Moves a file after the database decided; a file that vanished meanwhile (a sync
/// tool propagating the laptop's clean-up) is not an error: its fate is already
/// recorded, so there is nothing left to tidy.
pub(crate) fn move_unless_gone(
    touched: &mut TouchedFolders,
    source: &Path,
    folder: &Path,
    file_name: &str,
) -> Result<Option<PathBuf>, PassError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PassError::Io { path, source }
    };
    touched.make_sure_exists(folder).map_err(io_error(folder))?;
    let moved = match move_into(source, folder, file_name) {
        // The folder was removed during the pass (by hand): made again, once.
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && source.exists() => {
            std::fs::create_dir_all(folder).map_err(io_error(folder))?;
            move_into(source, folder, file_name)
        }
        other => other,
    };
    match moved {
        Ok(moved) => Ok(Some(moved)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !source.exists() => {
            tracing::info!(file = file_name, "file gone before it could be moved");
            Ok(None)
        }
        Err(error) => Err(io_error(source)(error)),
    }
}
