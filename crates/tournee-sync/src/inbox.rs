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

    /// Sort key: the change id when the name has one, so integration follows creation order.
    pub fn sort_key(&self) -> (String, String, String) {
        let id = FileName::parse(&self.base_name)
            .map(|n| n.change_id)
            .unwrap_or_default();
        (id, self.folder_owner.clone(), self.file_name.clone())
    }
}

/// Every regular, non-ignored file of the inbox, oldest change first.
pub fn scan_inbox(inbox_root: &Path) -> std::io::Result<Vec<InboxEntry>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(inbox_root)? {
        let entry = entry?;
        let file_type = entry.file_type()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if file_type.is_dir() {
            if name.starts_with('.') {
                continue; // sync tools' own folders (.stfolder, .sync)
            }
            for inner in fs::read_dir(entry.path())? {
                let inner = inner?;
                let inner_name = inner.file_name().to_string_lossy().into_owned();
                if inner.file_type()?.is_file() && !is_ignored_name(&inner_name) {
                    found.push(InboxEntry::new(inner.path(), name.clone(), inner_name));
                }
            }
        } else if file_type.is_file() && !is_ignored_name(&name) {
            found.push(InboxEntry::new(entry.path(), String::new(), name));
        }
    }
    found.sort_by_cached_key(InboxEntry::sort_key);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files_are_skipped_and_changes_come_oldest_first() {
        let root = tempfile::tempdir().unwrap();
        let rep = root.path().join("jdupont");
        fs::create_dir_all(rep.join("nested")).unwrap();
        let newer = "VC_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N0Z.json";
        let older = "CP_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N00.json";
        let conflict =
            "VC_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N0Z.sync-conflict-20261123-101500-ABCDEF7.json";
        for name in [
            newer,
            older,
            conflict,
            ".syncthing.x.json.tmp",
            "y.json.!sync",
            ".tmp-z.json",
        ] {
            fs::write(rep.join(name), b"{}").unwrap();
        }
        fs::write(rep.join("nested").join(older), b"{}").unwrap();
        fs::write(root.path().join(older), b"{}").unwrap();

        let entries = scan_inbox(root.path()).unwrap();
        let listed: Vec<(&str, &str, bool)> = entries
            .iter()
            .map(|e| {
                (
                    e.folder_owner.as_str(),
                    e.file_name.as_str(),
                    e.is_conflict_copy,
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("", older, false),
                ("jdupont", older, false),
                ("jdupont", newer, false),
                ("jdupont", conflict, true),
            ]
        );
        assert_eq!(entries[3].base_name, newer);
    }
}
