//! Safe listing of an inbox: `<root>/<user>/<files>`, temp names skipped, conflict
//! copies recognised, oldest change first.

use std::fs;
use std::path::{Path, PathBuf};

use crate::name::{is_ignored_name, strip_conflict_marker, FileName};

/// One file waiting in an inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxEntry {
    /// Where it is.
    pub path: PathBuf,
    /// Name of the sub-folder it sits in (the rep who owns it); `""` at the root.
    pub folder_owner: String,
    /// The name as found.
    pub file_name: String,
    /// The name with any conflict marker removed: what the file claims to be.
    pub base_name: String,
    /// Whether a sync tool made it as a conflict copy.
    pub is_conflict_copy: bool,
}

impl InboxEntry {
    fn new(path: PathBuf, folder_owner: String, file_name: String) -> Self {
        let stripped = strip_conflict_marker(&file_name);
        Self {
            path,
            folder_owner,
            base_name: stripped.clone().unwrap_or_else(|| file_name.clone()),
            is_conflict_copy: stripped.is_some(),
            file_name,
        }
    }

    /// Sort key: the change id when the name has one, else the file name, so integration
    /// follows creation order whatever folder a file sits in.
    pub fn sort_key(&self) -> (String, String, String) {
        let id = FileName::parse(&self.base_name)
            .map(|n| n.change_id)
            .unwrap_or_else(|_| self.file_name.clone());
        (id, self.folder_owner.clone(), self.file_name.clone())
    }
}

/// Every regular, non-ignored file of the inbox, oldest change first.
///
/// Only `<root>/<owner>/<file>` and `<root>/<file>` are looked at: deeper folders,
/// symbolic links and sync tools' hidden folders (`.stfolder`, `.sync`) are skipped, so
/// nothing outside the inbox can be reached through it. A folder that vanishes while
/// being listed (a sync tool at work) is skipped too; the next pass sees the new state.
pub fn scan_inbox(inbox_root: &Path) -> std::io::Result<Vec<InboxEntry>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(inbox_root)? {
        let entry = entry?;
        let file_type = entry.file_type()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if file_type.is_dir() {
            if !name.starts_with('.') {
                scan_owner_folder(&entry.path(), &name, &mut found)?;
            }
        } else if file_type.is_file() && !is_ignored_name(&name) {
            found.push(InboxEntry::new(entry.path(), String::new(), name));
        }
    }
    found.sort_by_cached_key(InboxEntry::sort_key);
    Ok(found)
}

fn scan_owner_folder(
    folder: &Path,
    owner: &str,
    found: &mut Vec<InboxEntry>,
) -> std::io::Result<()> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for inner in entries {
        let inner = inner?;
        let inner_name = inner.file_name().to_string_lossy().into_owned();
        if inner.file_type()?.is_file() && !is_ignored_name(&inner_name) {
            found.push(InboxEntry::new(inner.path(), owner.to_string(), inner_name));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLDER: &str = "CP_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N00.json";
    const NEWER: &str = "VC_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N0Z.json";
    const CONFLICT: &str =
        "VC_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N0Z.sync-conflict-20261123-101500-ABCDEF7.json";

    fn listed(entries: &[InboxEntry]) -> Vec<(&str, &str, bool)> {
        entries
            .iter()
            .map(|e| {
                (
                    e.folder_owner.as_str(),
                    e.file_name.as_str(),
                    e.is_conflict_copy,
                )
            })
            .collect()
    }

    #[test]
    fn temp_files_are_skipped_and_changes_come_oldest_first() {
        let root = tempfile::tempdir().unwrap();
        let rep = root.path().join("jdupont");
        fs::create_dir_all(rep.join("nested")).unwrap();
        fs::create_dir_all(root.path().join(".stfolder")).unwrap();
        for name in [
            NEWER,
            OLDER,
            CONFLICT,
            ".syncthing.x.json.tmp",
            "~syncthing~x.json.tmp",
            "y.json.!sync",
            "y.json.partial",
            ".tmp-z.json",
            "notes.txt",
        ] {
            fs::write(rep.join(name), b"{}").unwrap();
        }
        fs::write(rep.join("nested").join(OLDER), b"{}").unwrap();
        fs::write(root.path().join(".stfolder").join(OLDER), b"{}").unwrap();
        fs::write(root.path().join(OLDER), b"{}").unwrap();

        let entries = scan_inbox(root.path()).unwrap();
        assert_eq!(
            listed(&entries),
            [
                ("", OLDER, false),
                ("jdupont", OLDER, false),
                ("jdupont", NEWER, false),
                ("jdupont", CONFLICT, true),
            ]
        );
        assert_eq!(entries[3].base_name, NEWER);
        assert_eq!(entries[1].path, rep.join(OLDER));
    }

    #[test]
    fn order_follows_change_ids_across_folders_then_bad_names() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("alice"), root.path().join("bob"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        let first = "VC_bob_01JDQ3W5ZK8M6T2V4X9B7C1N01.json";
        let second = "MC_alice_01JDQ3W5ZK8M6T2V4X9B7C1N02.json";
        let third = "CC_bob_01JDQ3W5ZK8M6T2V4X9B7C1N03.json";
        fs::write(b.join(first), b"{}").unwrap();
        fs::write(a.join(second), b"{}").unwrap();
        fs::write(b.join(third), b"{}").unwrap();
        fs::write(a.join("visite_alice.json"), b"{}").unwrap();
        let entries = scan_inbox(root.path()).unwrap();
        assert_eq!(
            listed(&entries),
            [
                ("bob", first, false),
                ("alice", second, false),
                ("bob", third, false),
                ("alice", "visite_alice.json", false),
            ]
        );
    }

    #[test]
    fn an_empty_or_missing_inbox() {
        let root = tempfile::tempdir().unwrap();
        assert!(scan_inbox(root.path()).unwrap().is_empty());
        assert!(scan_inbox(&root.path().join("absent")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_not_followed() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join(OLDER), b"{}").unwrap();
        let rep = root.path().join("jdupont");
        fs::create_dir_all(&rep).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("mmartin")).unwrap();
        std::os::unix::fs::symlink(outside.path().join(OLDER), rep.join(OLDER)).unwrap();
        std::os::unix::fs::symlink(outside.path().join(OLDER), root.path().join(NEWER)).unwrap();
        assert!(scan_inbox(root.path()).unwrap().is_empty());
    }
}
