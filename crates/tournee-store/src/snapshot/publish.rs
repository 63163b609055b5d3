//! Publishing a finished snapshot file and pruning old generations.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::error::{Result, StoreError};

/// File name of a generation's database.
pub(crate) fn database_file_name(generation: &str) -> String {
    format!("snapshot-{generation}.sqlite")
}

/// Flushes a finished file to disk and renames it into place, then syncs the folder.
pub(crate) fn fsync_and_rename(temp: &Path, target: &Path) -> Result<()> {
    let file = fs::File::open(temp).map_err(|e| StoreError::io(temp, e))?;
    file.sync_all().map_err(|e| StoreError::io(temp, e))?;
    drop(file);
    fs::rename(temp, target).map_err(|e| StoreError::io(target, e))?;
    if let Some(dir) = target.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Makes a rename durable (Unix); a no-op where folders cannot be opened.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let handle = fs::File::open(dir).map_err(|e| StoreError::io(dir, e))?;
        handle.sync_all().map_err(|e| StoreError::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Deletes every snapshot database in `dir` except the generations in `keep`,
/// and leftovers of interrupted builds. Returns how many files were removed.
///
/// The previous generation is kept on purpose: a laptop may still be reading it
/// while the new one travels.
pub fn prune_generations(dir: &Path, keep: &[&str]) -> Result<usize> {
    let keep: BTreeSet<String> = keep.iter().map(|g| database_file_name(g)).collect();
    let mut removed = 0;
    let entries = fs::read_dir(dir).map_err(|e| StoreError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_database = name.starts_with("snapshot-") && name.ends_with(".sqlite");
        let is_leftover = name.starts_with(".tmp-snapshot-");
        if (is_database && !keep.contains(&name)) || is_leftover {
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
    fn pruning_keeps_the_named_generations_and_removes_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "snapshot-A.sqlite",
            "snapshot-B.sqlite",
            "snapshot-C.sqlite",
            ".tmp-snapshot-D.sqlite",
            "manifest.json",
        ] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(prune_generations(dir.path(), &["B", "C"]).unwrap(), 2);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["manifest.json", "snapshot-B.sqlite", "snapshot-C.sqlite"]
        );
    }
}
