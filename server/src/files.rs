//! Where a file goes once the database has decided: archive, failed, parked.
//!
//! Moving happens only after the commit that decided it, so these moves are
//! tidying, never correctness: a file left in the inbox by a crash is seen again
//! and is then a duplicate.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use tournee_sync::Rejection;

/// Moves `source` into `folder` under `file_name`, never overwriting: a name already
/// taken gets a `.dup-N` suffix before its extension. Returns the final path.
pub fn move_into(source: &Path, folder: &Path, file_name: &str) -> std::io::Result<PathBuf> {
    fs::create_dir_all(folder)?;
    let mut target = folder.join(file_name);
    let mut n = 1;
    while target.exists() {
        let (stem, ext) = match file_name.rsplit_once('.') {
            Some((stem, ext)) => (stem, format!(".{ext}")),
            None => (file_name, String::new()),
        };
        target = folder.join(format!("{stem}.dup-{n}{ext}"));
        n += 1;
    }
    fs::rename(source, &target)?;
    Ok(target)
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
    let text = format!(
        "Fichier : {file_name}\n\
         Dossier : {folder_owner}\n\
         Raison : {code}\n\
         Détail : {detail}\n\
         Refusé le : {when}\n\
         \n\
         Reason codes are described in sync-spec/README.md.\n",
        code = rejection.reason.code(),
        detail = rejection.detail,
        when = now.to_rfc3339(),
    );
    fs::write(&report, text)?;
    Ok(report)
}

/// Folders whose entries changed, to fsync once per batch.
#[derive(Debug, Default)]
pub struct TouchedFolders(BTreeSet<PathBuf>);

impl TouchedFolders {
    /// Notes the folder holding `path`.
    pub fn touch(&mut self, path: &Path) {
        if let Some(parent) = path.parent() {
            self.0.insert(parent.to_path_buf());
        }
    }

    /// Makes every rename so far durable (Unix); folders that vanished are skipped.
    pub fn sync(self) -> std::io::Result<()> {
        #[cfg(unix)]
        for folder in self.0 {
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
    fn moving_onto_an_existing_name_keeps_both_files() {
        let tmp = tempfile::tempdir().unwrap();
        let target_dir = tmp.path().join("archive");
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
