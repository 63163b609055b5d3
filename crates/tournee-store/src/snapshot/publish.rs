//! Publishing a finished snapshot file and its manifest, pruning old generations, and
//! keeping build leftovers out of the synced folders.
//!
//! Files are built in a private build folder and renamed into `snapshots/<user>/` when
//! whole: a sync tool watching that folder only ever sees finished databases and
//! manifests. Before this, a killed run left `.tmp-snapshot-*.sqlite` (tens of MB), its
//! journal and `.tmp-manifest.json` there, and the sync tool carried them to the laptop.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use tournee_sync::{SnapshotManifest, MANIFEST_FILE, TEMP_PREFIX};

use crate::error::{Result, StoreError};

/// Name of the lock file in the build root.
const LOCK_FILE: &str = ".generation.lock";

/// Held while one run generates; released on drop (or when the process dies).
#[derive(Debug)]
pub(crate) struct BuildLock {
    _file: fs::File,
}

/// Waits until no other run generates into `build_root`, then holds it.
pub(crate) fn lock_build_root(build_root: &Path) -> Result<BuildLock> {
    fs::create_dir_all(build_root).map_err(|e| StoreError::io(build_root, e))?;
    let path = build_root.join(LOCK_FILE);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| StoreError::io(&path, e))?;
    file.lock().map_err(|e| StoreError::io(&path, e))?;
    Ok(BuildLock { _file: file })
}

/// Empties (creating it if needed) one user's build folder: whatever is there was left
/// by a run that died, since the caller holds the build lock.
pub(crate) fn clear_build_folder(folder: &Path) -> Result<()> {
    fs::create_dir_all(folder).map_err(|e| StoreError::io(folder, e))?;
    for entry in fs::read_dir(folder).map_err(|e| StoreError::io(folder, e))? {
        let entry = entry.map_err(|e| StoreError::io(folder, e))?;
        let path = entry.path();
        let removed = if entry
            .file_type()
            .map_err(|e| StoreError::io(&path, e))?
            .is_dir()
        {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        removed.map_err(|e| StoreError::io(&path, e))?;
    }
    Ok(())
}

/// Removes from a rep's published folder what older versions of the generator built
/// there under temporary names (`.tmp-snapshot-*` and their journals, `.tmp-manifest.json`).
pub(crate) fn remove_published_leftovers(dir: &Path) -> Result<usize> {
    let mut removed = 0;
    let manifest_temp = format!("{TEMP_PREFIX}{MANIFEST_FILE}");
    for entry in fs::read_dir(dir).map_err(|e| StoreError::io(dir, e))? {
        let entry = entry.map_err(|e| StoreError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".tmp-snapshot-") || name.starts_with(&manifest_temp) {
            fs::remove_file(entry.path()).map_err(|e| StoreError::io(entry.path(), e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Writes the manifest in the build folder, fsyncs it and renames it into `dir`, last:
/// the laptop reads the manifest first, so it must never name a database not yet there.
pub(crate) fn publish_manifest(
    build: &Path,
    dir: &Path,
    manifest: &SnapshotManifest,
) -> Result<()> {
    let temp: PathBuf = build.join(MANIFEST_FILE);
    let bytes = serde_json::to_vec_pretty(manifest).map_err(|source| StoreError::Json {
        what: "manifest".into(),
        source,
    })?;
    fs::write(&temp, bytes).map_err(|e| StoreError::io(&temp, e))?;
    fsync_and_rename(&temp, &dir.join(MANIFEST_FILE))
}

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
    fn leftovers_of_older_generators_leave_the_published_folder() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".tmp-snapshot-A.sqlite",
            ".tmp-snapshot-A.sqlite-journal",
            ".tmp-manifest.json",
            "snapshot-B.sqlite",
            "manifest.json",
        ] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(remove_published_leftovers(dir.path()).unwrap(), 3);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["manifest.json", "snapshot-B.sqlite"]);
    }

    #[test]
    fn a_build_folder_is_emptied_whatever_it_holds() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("jdupont");
        fs::create_dir_all(folder.join("sub")).unwrap();
        fs::write(folder.join("snapshot-X.sqlite"), b"x").unwrap();
        fs::write(folder.join("sub/y"), b"y").unwrap();
        clear_build_folder(&folder).unwrap();
        assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);
        clear_build_folder(&root.path().join("new")).unwrap();
        assert!(root.path().join("new").is_dir());
    }

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
