//! The paths a backup may hold: the one grammar both directions obey, so that a restore
//! refuses anything a backup never writes (a `..`, an absolute path, a hidden file, a
//! folder it does not know) before a byte reaches the disk.

use std::path::{Component, Path};

/// The manifest's name, the archive's last entry.
pub const MANIFEST: &str = "backup.json";
/// The master database's copy.
pub const DATABASE: &str = "tournee.sqlite";
/// The deployment settings.
pub const CONFIG: &str = "config.toml";
/// The HTTPS certificate, whatever path `config.toml` gives it.
pub const TLS_CERT: &str = "tls/cert.pem";
/// The HTTPS key.
pub const TLS_KEY: &str = "tls/key.pem";

/// Folders of files kept whole, and how deep their files sit: `inbox/<user>/<file>` and
/// the like, `mail/<file>`.
pub const FOLDERS: [(&str, usize); 4] = [("inbox", 2), ("parked", 2), ("failed", 2), ("mail", 1)];

/// Whether a file name found in a folder goes into a backup: hidden names are the sync
/// tools' and the server's temporary files (`.syncthing.*`, `.tmp-*`), never data.
pub fn is_kept_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.')
}

/// Checks an entry's path as the archive names it; `Err` says why it is refused.
pub fn check_entry_path(path: &str) -> Result<(), &'static str> {
    if path.contains('\\') || path.contains('\0') {
        return Err("a backslash or a NUL in the path");
    }
    let mut names = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(name) => match name.to_str() {
                Some(name) if is_kept_name(name) => names.push(name),
                _ => return Err("a hidden or unreadable name"),
            },
            Component::ParentDir => return Err("a `..` in the path"),
            Component::RootDir | Component::Prefix(_) => return Err("an absolute path"),
            Component::CurDir => return Err("a `.` in the path"),
        }
    }
    match names.as_slice() {
        [single] if [MANIFEST, DATABASE, CONFIG].contains(single) => Ok(()),
        ["tls", "cert.pem" | "key.pem"] => Ok(()),
        [folder, rest @ ..] => match FOLDERS.iter().find(|(name, _)| name == folder) {
            Some((_, depth)) if rest.len() == *depth => Ok(()),
            Some(_) => Err("a file at the wrong depth of its folder"),
            None => Err("a folder a backup never holds"),
        },
        [] => Err("an empty path"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_paths_a_backup_writes_are_accepted() {
        for good in [
            "backup.json",
            "tournee.sqlite",
            "config.toml",
            "tls/cert.pem",
            "inbox/jdupont/VC_jdupont_01J.json",
            "failed/jdupont/VC_jdupont_01J.json.error.txt",
            "mail/000012.eml",
        ] {
            assert_eq!(check_entry_path(good), Ok(()), "{good}");
        }
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "inbox/../../x",
            "inbox/jdupont/../../../x",
            "inbox/x",
            "inbox/a/b/c",
            "snapshots/jdupont/offline.sqlite",
            "inbox/jdupont/.syncthing.tmp",
            "./config.toml",
            "tls/other.pem",
            "",
            "inbox\\jdupont\\x",
        ] {
            assert!(check_entry_path(bad).is_err(), "{bad:?} must be refused");
        }
    }
}
