//! Where a file goes once the database has decided: archive, failed, parked.
//!
//! Moving happens only after the commit that decided it, so these moves are
//! tidying, never correctness: a file left in the inbox by a crash is seen again
//! and is then a duplicate.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use tournee_sync::Rejection;

use crate::sentences::{office_refusal, Sentence};

/// Moves `source` into `folder` (which must exist, see
/// [`TouchedFolders::make_sure_exists`]) under `file_name`, never overwriting: a name
/// already taken gets a `.dup-N` suffix before its extension. Returns the final path.
pub fn move_into(source: &Path, folder: &Path, file_name: &str) -> std::io::Result<PathBuf> {
    let mut target = folder.join(file_name);
    let mut n = 1;
    loop {
        match rename_no_replace(source, &target) {
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let (stem, ext) = match file_name.rsplit_once('.') {
                    Some((stem, ext)) => (stem, format!(".{ext}")),
                    None => (file_name, String::new()),
                };
                target = folder.join(format!("{stem}.dup-{n}{ext}"));
                n += 1;
            }
            Err(error) => return Err(error),
            Ok(()) => return Ok(target),
        }
    }
}

/// Renames `source` to `target` unless `target` exists (`AlreadyExists` then). On Linux
/// one `renameat2(RENAME_NOREPLACE)`: the archive moves are a rename per integrated file,
/// and a look-up of the target name before each (a miss, so a read of the folder's
/// index) cost about a third of the mover's time. A filesystem without the flag, and
/// other systems, look the name up first.
fn rename_no_replace(source: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, source, CWD, target, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(errno)
                if errno == rustix::io::Errno::INVAL || errno == rustix::io::Errno::NOSYS => {}
            Err(errno) => return Err(errno.into()),
        }
    }
    if target.exists() {
        return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
    }
    fs::rename(source, target)
}

/// Writes the readable explanation beside a refused file.
pub fn write_error_report(
    failed_file: &Path,
    folder_owner: &str,
    rejection: &Rejection,
    now: DateTime<Utc>,
) -> std::io::Result<PathBuf> {
    let mut report_name = failed_file
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    report_name.push(".error.txt");
    let report = failed_file.with_file_name(report_name);
    let file_name = failed_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = Sentence::FailedReport.office(&[
        ("file", &file_name),
        ("folder", folder_owner),
        ("reason", rejection.reason.code()),
        ("detail", &office_refusal(&rejection.detail)),
        ("when", &now.to_rfc3339()),
    ]);
    fs::write(&report, text)?;
    Ok(report)
}

/// Why a refused file could not be put back in the inbox (`Display` is for logs; the
/// back office words it from [`crate::sentences`]).
#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    /// The folder or file name is not one the automaton wrote (or tries to leave `failed/`).
    #[error("invalid file or folder name: {0}")]
    BadName(String),
    /// Nothing by that name waits in `failed/`.
    #[error("no such file in failed/: {0}")]
    NotFound(String),
    /// A symbolic link, a folder, a FIFO or anything not plainly inside `failed/`.
    #[error("not a regular file of failed/: {0}")]
    NotARegularFile(String),
    /// A file with the same name already waits in the inbox.
    #[error("a file of the same name already waits in the inbox: {0}")]
    AlreadyWaiting(String),
    /// Reading or writing failed.
    #[error(transparent)]
    Write(#[from] tournee_sync::WriteError),
    /// Reading or removing failed.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// The name a file had when it arrived: `move_into` may have added `.dup-N`.
pub(crate) fn arrival_name(stored: &str) -> String {
    if let Some((stem, ext)) = stored.rsplit_once('.') {
        if let Some((base, n)) = stem.rsplit_once(".dup-") {
            if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
                return format!("{base}.{ext}");
            }
        }
    }
    stored.to_string()
}

/// Puts a refused file back into `inbox_root/<folder>/` under its arrival name (written
/// whole, then renamed, so the automaton never reads half of it) and removes it and its
/// `.error.txt` from `failed_root/<folder>/`. The admin does this after fixing the cause
/// (a user row, a parameter); the file is then integrated like any arrival, exactly once.
pub fn requeue_failed(
    failed_root: &Path,
    inbox_root: &Path,
    folder: &str,
    file_name: &str,
) -> Result<PathBuf, RetryError> {
    let bad_name = |name: &str| {
        name.is_empty()
            || name.starts_with('.')
            || name.contains(['/', '\\', '\0'])
            || name.ends_with(".error.txt")
    };
    if bad_name(folder) || bad_name(file_name) {
        return Err(RetryError::BadName(format!("{folder}/{file_name}")));
    }
    let source = failed_root.join(folder).join(file_name);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RetryError::Io { path, source }
    };
    let shown = format!("{folder}/{file_name}");
    check_inside_failed(failed_root, folder, &source, &shown)?;
    let bytes = match tournee_sync::read_change_file(&source, u64::MAX) {
        Ok(tournee_sync::ReadFile::Bytes(bytes)) => bytes,
        Ok(_) => return Err(RetryError::NotARegularFile(shown)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(RetryError::NotFound(shown))
        }
        Err(error) => return Err(io(&source)(error)),
    };
    let inbox = inbox_root.join(folder);
    fs::create_dir_all(&inbox).map_err(io(&inbox))?;
    let target = inbox.join(arrival_name(file_name));
    if target.exists() {
        return Err(RetryError::AlreadyWaiting(arrival_name(file_name)));
    }
    tournee_sync::write_atomically(&target, &bytes)?;
    fs::remove_file(&source).map_err(io(&source))?;
    let mut report = source.into_os_string();
    report.push(".error.txt");
    match fs::remove_file(&report) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(io(Path::new(&report))(error))
        }
        _ => {}
    }
    Ok(target)
}

/// Only a plain file directly inside `failed/<folder>/` goes back: never a symbolic link
/// (a linked folder or file would move something from outside the data directory into the
/// inbox), never a FIFO or a folder, never a path that resolves outside `failed/`.
fn check_inside_failed(
    failed_root: &Path,
    folder: &str,
    source: &Path,
    shown: &str,
) -> Result<(), RetryError> {
    let not_found = || RetryError::NotFound(shown.to_string());
    let folder_meta = fs::symlink_metadata(failed_root.join(folder)).map_err(|_| not_found())?;
    if !folder_meta.is_dir() {
        return Err(RetryError::NotARegularFile(shown.to_string()));
    }
    let file_meta = fs::symlink_metadata(source).map_err(|_| not_found())?;
    if !file_meta.is_file() {
        return Err(RetryError::NotARegularFile(shown.to_string()));
    }
    let (Ok(root), Ok(real)) = (failed_root.canonicalize(), source.canonicalize()) else {
        return Err(not_found());
    };
    if real.parent() != Some(root.join(folder).as_path()) {
        return Err(RetryError::NotARegularFile(shown.to_string()));
    }
    Ok(())
}

/// Folders whose entries changed, to fsync once per pass, and the folders a pass made
/// sure exist (once each, not once per file moved into them).
#[derive(Debug, Default)]
pub struct TouchedFolders {
    touched: HashSet<PathBuf>,
    present: HashSet<PathBuf>,
}

impl TouchedFolders {
    /// Notes the folder holding `path`.
    pub fn touch(&mut self, path: &Path) {
        if let Some(parent) = path.parent() {
            self.touch_folder(parent);
        }
    }

    /// Notes `folder` itself.
    pub fn touch_folder(&mut self, folder: &Path) {
        if !self.touched.contains(folder) {
            self.touched.insert(folder.to_path_buf());
        }
    }

    /// Creates `folder` (and its parents) unless this pass already did.
    pub fn make_sure_exists(&mut self, folder: &Path) -> std::io::Result<()> {
        if !self.present.contains(folder) {
            fs::create_dir_all(folder)?;
            self.present.insert(folder.to_path_buf());
        }
        Ok(())
    }

    /// Takes in the folders another mover touched or made sure exist.
    pub fn merge(&mut self, other: TouchedFolders) {
        self.touched.extend(other.touched);
        self.present.extend(other.present);
    }

    /// Makes every rename so far durable (Unix); folders that vanished are skipped.
    pub fn sync(self) -> std::io::Result<()> {
        #[cfg(unix)]
        for folder in self.touched {
            match fs::File::open(&folder) {
                Ok(handle) => handle.sync_all()?,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_file_goes_back_under_its_arrival_name_and_leaves_failed() {
        let tmp = tempfile::tempdir().unwrap();
        let (failed, inbox) = (tmp.path().join("failed"), tmp.path().join("inbox"));
        fs::create_dir_all(failed.join("jdupont")).unwrap();
        let stored = failed.join("jdupont/VC_jdupont_X.dup-1.json");
        fs::write(&stored, "{}").unwrap();
        fs::write(
            failed.join("jdupont/VC_jdupont_X.dup-1.json.error.txt"),
            "why",
        )
        .unwrap();
        let back = requeue_failed(&failed, &inbox, "jdupont", "VC_jdupont_X.dup-1.json").unwrap();
        assert_eq!(back, inbox.join("jdupont/VC_jdupont_X.json"));
        assert_eq!(fs::read_to_string(&back).unwrap(), "{}");
        assert_eq!(fs::read_dir(failed.join("jdupont")).unwrap().count(), 0);
        assert!(matches!(
            requeue_failed(&failed, &inbox, "jdupont", "VC_jdupont_X.dup-1.json"),
            Err(RetryError::NotFound(_))
        ));
    }

    #[test]
    fn names_that_leave_the_failed_folder_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        for (folder, file) in [
            ("..", "x.json"),
            ("jdupont", "../../config.toml"),
            ("jdupont", ".hidden"),
            ("a/b", "x.json"),
            ("jdupont", "x.json.error.txt"),
        ] {
            assert!(
                matches!(
                    requeue_failed(tmp.path(), tmp.path(), folder, file),
                    Err(RetryError::BadName(_))
                ),
                "{folder}/{file}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_and_special_files_in_failed_are_never_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("VC_jdupont_S.json");
        fs::write(&secret, "outside").unwrap();
        let (failed, inbox) = (tmp.path().join("failed"), tmp.path().join("inbox"));
        fs::create_dir_all(failed.join("jdupont")).unwrap();
        // A linked file, and a linked folder standing for a rep's failed folder.
        std::os::unix::fs::symlink(&secret, failed.join("jdupont/VC_jdupont_L.json")).unwrap();
        std::os::unix::fs::symlink(outside.path(), failed.join("mmartin")).unwrap();
        fs::create_dir_all(failed.join("jdupont/VC_jdupont_D.json")).unwrap();
        let fifo = failed.join("jdupont/VC_jdupont_F.json");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        for (folder, file) in [
            ("jdupont", "VC_jdupont_L.json"),
            ("mmartin", "VC_jdupont_S.json"),
            ("jdupont", "VC_jdupont_D.json"),
            ("jdupont", "VC_jdupont_F.json"),
        ] {
            let outcome = requeue_failed(&failed, &inbox, folder, file);
            assert!(
                matches!(outcome, Err(RetryError::NotARegularFile(_))),
                "{folder}/{file}: {outcome:?}"
            );
        }
        assert_eq!(fs::read_to_string(&secret).unwrap(), "outside");
        assert!(!inbox.exists() || fs::read_dir(&inbox).unwrap().count() == 0);
    }

    #[test]
    fn moving_onto_an_existing_name_keeps_both_files() {
        let tmp = tempfile::tempdir().unwrap();
        let target_dir = tmp.path().join("archive");
        fs::create_dir(&target_dir).unwrap();
        for content in ["first", "second"] {
            let source = tmp.path().join("VC_a_X.json");
            fs::write(&source, content).unwrap();
            move_into(&source, &target_dir, "VC_a_X.json").unwrap();
        }
        assert_eq!(
            fs::read_to_string(target_dir.join("VC_a_X.json")).unwrap(),
            "first"
        );
        assert_eq!(
            fs::read_to_string(target_dir.join("VC_a_X.dup-1.json")).unwrap(),
            "second"
        );
    }
}
