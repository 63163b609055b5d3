//! Writing into `DATA/erp/out`, where the ERP's import job takes files: a file appears
//! there whole or not at all (temporary name, fsync, rename, folder fsync), nothing is
//! ever written through a symbolic link, and only names `erp export` makes are accepted.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::ExportError;
use crate::error::StoreError;

/// Longest file name accepted (the ledger's names are about 50 characters).
pub const MAX_NAME_CHARS: usize = 100;

/// Whether `name` is a file name `erp export` could have made: ASCII letters, digits,
/// `-`, `_` and `.`, not starting with a dot, ending in `.csv`, at most
/// [`MAX_NAME_CHARS`]. No separator, so no path: `..` or `a/b` is refused here, before
/// any look-up.
pub fn is_export_name(name: &str) -> bool {
    (5..=MAX_NAME_CHARS).contains(&name.len())
        && !name.starts_with('.')
        && name.ends_with(".csv")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Creates `out` if needed, then checks that it and its parent are real folders: a link
/// would send the files elsewhere than the admin and the ERP expect.
pub(super) fn ready(out: &Path) -> Result<(), ExportError> {
    fs::create_dir_all(out).map_err(|e| StoreError::io(out, e))?;
    for folder in [Some(out), out.parent()].into_iter().flatten() {
        let meta = fs::symlink_metadata(folder).map_err(|e| StoreError::io(folder, e))?;
        if !meta.file_type().is_dir() {
            return Err(ExportError::OutFolder(folder.to_path_buf()));
        }
    }
    Ok(())
}

/// Writes `bytes` as `out/name`, replacing what is there (a link at that name is replaced,
/// not followed), durably: the file is whole on disk before its name appears.
pub(super) fn write_file(out: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ExportError> {
    if !is_export_name(name) {
        return Err(ExportError::BadName(name.to_string()));
    }
    ready(out)?;
    let target = out.join(name);
    // A dot name the ERP's job ignores; the process id keeps two writers apart.
    let temporary = out.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = write_temporary(&temporary, bytes).and_then(|()| {
        fs::rename(&temporary, &target).map_err(|e| StoreError::io(&target, e))?;
        // The rename itself durable: fsync the folder.
        fs::File::open(out)
            .and_then(|folder| folder.sync_all())
            .map_err(|e| StoreError::io(out, e))
    });
    if let Err(error) = written {
        // The temporary file may not exist (the failure was creating it): nothing to add.
        let _already_gone = fs::remove_file(&temporary);
        return Err(error.into());
    }
    Ok(target)
}

fn write_temporary(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let io = |e| StoreError::io(path, e);
    // A leftover of a crashed run of this same process id: ours to replace.
    match fs::symlink_metadata(path) {
        Ok(_) => fs::remove_file(path).map_err(io)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    // create_new (O_EXCL): never opens through a link planted at that name.
    let mut file = fs::File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Removes temporary files a crash left in `out` more than a day ago (younger ones may
/// belong to a run still going on in another process); returns how many.
pub(super) fn sweep_leftovers(out: &Path) -> Result<usize, StoreError> {
    let day = std::time::Duration::from_secs(86_400);
    let mut removed = 0;
    for entry in fs::read_dir(out).map_err(|e| StoreError::io(out, e))? {
        let entry = entry.map_err(|e| StoreError::io(out, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with('.') && name.ends_with(".tmp")) {
            continue;
        }
        let meta = entry
            .metadata()
            .map_err(|e| StoreError::io(entry.path(), e))?;
        let old = meta
            .modified()
            .ok()
            .and_then(|at| at.elapsed().ok())
            .is_some_and(|age| age > day);
        if meta.file_type().is_file() && old {
            fs::remove_file(entry.path()).map_err(|e| StoreError::io(entry.path(), e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_export_names_are_accepted() {
        for good in [
            "tournee-client_relation-20261204-182501-000042.csv",
            "a.csv",
        ] {
            assert!(is_export_name(good), "{good}");
        }
        for bad in [
            "../tournee.sqlite",
            "..",
            "a/b.csv",
            "..\\b.csv",
            ".hidden.csv",
            "x.txt",
            "",
            "é.csv",
            "a b.csv",
            &format!("{}.csv", "a".repeat(MAX_NAME_CHARS)),
        ] {
            assert!(!is_export_name(bad), "{bad}");
        }
    }
}
