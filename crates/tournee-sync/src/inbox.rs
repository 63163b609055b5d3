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

/// Something in an inbox the automaton will not read, and says so (the admin's monitor
/// lists them as « fichiers ignorés »): a sync tool or a person put it where no change
/// file can be, or made it something other than a plain file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredEntry {
    /// Where it is.
    pub path: PathBuf,
    /// The inbox sub-folder it sits in (`""` at the root).
    pub folder_owner: String,
    /// Its path below that folder (`nested/VC_….json` for a file in a sub-folder).
    pub name: String,
    /// Why it is not read.
    pub reason: IgnoredReason,
}

/// Why an inbox entry is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoredReason {
    /// A symbolic link: never followed, it could point outside the inbox.
    SymbolicLink,
    /// A folder inside a rep's folder: only files directly in `inbox/<user>/` are read.
    Folder,
    /// A file inside such a folder.
    InSubFolder,
    /// A FIFO, socket or device: reading it could block the automaton or read a device.
    SpecialFile,
}

impl IgnoredReason {
    /// The French sentence the monitor shows.
    pub fn describe_fr(self) -> &'static str {
        match self {
            Self::SymbolicLink => {
                "lien symbolique : jamais suivi (il pourrait mener hors de la boîte d'arrivée)"
            }
            Self::Folder => {
                "dossier : seuls les fichiers posés directement dans inbox/<utilisateur>/ sont lus"
            }
            Self::InSubFolder => {
                "fichier dans un sous-dossier : à déplacer dans inbox/<utilisateur>/ pour être lu"
            }
            Self::SpecialFile => {
                "pas un fichier ordinaire (tube, socket ou périphérique) : jamais ouvert"
            }
        }
    }

    /// The English sentence, for logs.
    pub fn describe_en(self) -> &'static str {
        match self {
            Self::SymbolicLink => "symbolic link: never followed",
            Self::Folder => "folder: only files directly in inbox/<user>/ are read",
            Self::InSubFolder => "file in a sub-folder: move it to inbox/<user>/ to have it read",
            Self::SpecialFile => "not a regular file (FIFO, socket or device): never opened",
        }
    }
}

/// What an inbox holds: the change files to read, oldest first, and what is left aside.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxScan {
    /// Regular files with a name worth reading, oldest change first.
    pub entries: Vec<InboxEntry>,
    /// Links, folders, special files and files in sub-folders, in listing order.
    pub ignored: Vec<IgnoredEntry>,
}

/// Every regular, non-ignored file of the inbox, oldest change first.
///
/// Only `<root>/<owner>/<file>` and `<root>/<file>` are looked at: deeper folders,
/// symbolic links and sync tools' hidden folders (`.stfolder`, `.sync`) are skipped, so
/// nothing outside the inbox can be reached through it. A folder that vanishes while
/// being listed (a sync tool at work) is skipped too; the next pass sees the new state.
pub fn scan_inbox(inbox_root: &Path) -> std::io::Result<Vec<InboxEntry>> {
    Ok(scan_inbox_with_ignored(inbox_root)?.entries)
}

/// As [`scan_inbox`], and also lists what it leaves aside, with the reason (hidden names
/// and temporary names of writers and sync tools are not listed: they are expected). Entry
/// types are read without following links or opening anything, so a FIFO never blocks.
pub fn scan_inbox_with_ignored(inbox_root: &Path) -> std::io::Result<InboxScan> {
    let mut scan = InboxScan::default();
    for entry in fs::read_dir(inbox_root)? {
        let entry = entry?;
        let file_type = entry.file_type()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if file_type.is_dir() {
            scan_owner_folder(&entry.path(), &name, &mut scan)?;
        } else if file_type.is_file() {
            if !is_ignored_name(&name) {
                scan.entries
                    .push(InboxEntry::new(entry.path(), String::new(), name));
            }
        } else {
            scan.ignored
                .push(ignored(entry.path(), "", name, &file_type));
        }
    }
    scan.entries.sort_by_cached_key(InboxEntry::sort_key);
    Ok(scan)
}

fn ignored(path: PathBuf, owner: &str, name: String, file_type: &fs::FileType) -> IgnoredEntry {
    let reason = if file_type.is_symlink() {
        IgnoredReason::SymbolicLink
    } else if file_type.is_dir() {
        IgnoredReason::Folder
    } else {
        IgnoredReason::SpecialFile
    };
    IgnoredEntry {
        path,
        folder_owner: owner.to_string(),
        name,
        reason,
    }
}

/// Lists a folder, treating one that vanished meanwhile as empty.
fn list(folder: &Path) -> std::io::Result<Option<fs::ReadDir>> {
    match fs::read_dir(folder) {
        Ok(entries) => Ok(Some(entries)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn scan_owner_folder(folder: &Path, owner: &str, scan: &mut InboxScan) -> std::io::Result<()> {
    let Some(entries) = list(folder)? else {
        return Ok(());
    };
    for inner in entries {
        let inner = inner?;
        let inner_name = inner.file_name().to_string_lossy().into_owned();
        if inner_name.starts_with('.') {
            continue;
        }
        let file_type = inner.file_type()?;
        if file_type.is_file() {
            if !is_ignored_name(&inner_name) {
                scan.entries
                    .push(InboxEntry::new(inner.path(), owner.to_string(), inner_name));
            }
            continue;
        }
        scan.ignored
            .push(ignored(inner.path(), owner, inner_name.clone(), &file_type));
        if file_type.is_dir() {
            list_sub_folder(&inner.path(), owner, &inner_name, scan)?;
        }
    }
    Ok(())
}

/// What a sub-folder of a rep's folder holds, one level down (never followed further):
/// the files someone meant to deliver, so the admin sees them.
fn list_sub_folder(
    folder: &Path,
    owner: &str,
    folder_name: &str,
    scan: &mut InboxScan,
) -> std::io::Result<()> {
    let Some(entries) = list(folder)? else {
        return Ok(());
    };
    for inner in entries {
        let inner = inner?;
        let name = inner.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let file_type = inner.file_type()?;
        let shown = format!("{folder_name}/{name}");
        if file_type.is_file() {
            scan.ignored.push(IgnoredEntry {
                path: inner.path(),
                folder_owner: owner.to_string(),
                name: shown,
                reason: IgnoredReason::InSubFolder,
            });
        } else {
            scan.ignored
                .push(ignored(inner.path(), owner, shown, &file_type));
        }
    }
    Ok(())
}

/// What reading a change file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadFile {
    /// The whole content.
    Bytes(Vec<u8>),
    /// Larger than the limit: not read (its size).
    TooLarge(u64),
    /// Not a regular file any more (replaced by a link, a FIFO…): not read.
    NotRegular,
}

/// Reads a file found by [`scan_inbox`] without trusting that it is still a plain file:
/// on Unix it is opened with `O_NOFOLLOW` (a link put in its place is not followed) and
/// `O_NONBLOCK` (a FIFO put in its place does not block), then checked on the open
/// handle. At most `max_bytes` are read.
pub fn read_change_file(path: &Path, max_bytes: u64) -> std::io::Result<ReadFile> {
    use std::io::Read as _;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if !fs::symlink_metadata(path)?.is_file() {
        return Ok(ReadFile::NotRegular);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        // O_NOFOLLOW on a link: ELOOP.
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(ReadFile::NotRegular),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(ReadFile::NotRegular);
    }
    if meta.len() > max_bytes {
        return Ok(ReadFile::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        // It grew while being read (a writer ignoring the temp-name rule).
        return Ok(ReadFile::TooLarge(bytes.len() as u64));
    }
    Ok(ReadFile::Bytes(bytes))
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
    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    #[cfg(unix)]
    #[test]
    fn links_fifos_and_sub_folders_are_reported_not_read() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join(OLDER), b"{}").unwrap();
        let rep = root.path().join("jdupont");
        fs::create_dir_all(rep.join(NEWER)).unwrap(); // a folder named like a change file
        fs::create_dir_all(rep.join("envoi")).unwrap();
        fs::create_dir_all(rep.join(".stversions")).unwrap();
        fs::write(rep.join("envoi").join(OLDER), b"{}").unwrap();
        mkfifo(&rep.join("VC_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N0A.json"));
        std::os::unix::fs::symlink(outside.path().join(OLDER), rep.join(OLDER)).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("mmartin")).unwrap();

        let scan = scan_inbox_with_ignored(root.path()).unwrap();
        assert!(scan.entries.is_empty());
        let mut seen: Vec<(&str, &str, IgnoredReason)> = scan
            .ignored
            .iter()
            .map(|i| (i.folder_owner.as_str(), i.name.as_str(), i.reason))
            .collect();
        seen.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let in_envoi = format!("envoi/{OLDER}");
        assert_eq!(
            seen,
            [
                ("", "mmartin", IgnoredReason::SymbolicLink),
                ("jdupont", OLDER, IgnoredReason::SymbolicLink),
                (
                    "jdupont",
                    "VC_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N0A.json",
                    IgnoredReason::SpecialFile
                ),
                ("jdupont", NEWER, IgnoredReason::Folder),
                ("jdupont", "envoi", IgnoredReason::Folder),
                ("jdupont", in_envoi.as_str(), IgnoredReason::InSubFolder),
            ]
        );
        assert!(IgnoredReason::SpecialFile
            .describe_fr()
            .contains("jamais ouvert"));
    }

    #[cfg(unix)]
    #[test]
    fn reading_never_follows_a_link_nor_blocks_on_a_fifo() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join(OLDER);
        fs::write(&file, b"{\"a\": 1}").unwrap();
        assert_eq!(
            read_change_file(&file, 100).unwrap(),
            ReadFile::Bytes(b"{\"a\": 1}".to_vec())
        );
        assert_eq!(read_change_file(&file, 3).unwrap(), ReadFile::TooLarge(8));
        let link = root.path().join(NEWER);
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(read_change_file(&link, 100).unwrap(), ReadFile::NotRegular);
        let fifo = root.path().join("fifo.json");
        mkfifo(&fifo);
        // Without O_NONBLOCK this open would wait for a writer forever.
        assert_eq!(read_change_file(&fifo, 100).unwrap(), ReadFile::NotRegular);
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
