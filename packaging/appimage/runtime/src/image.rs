//! The AppDir inside an AppImage: the squashfs read with backhand, checked as untrusted
//! input, then written out.
//!
//! Everything is checked before anything is written: every path is a plain path below
//! the AppDir's root (backhand itself refuses names holding `/`, `.` or `..`), every
//! symlink is relative and, followed through the image's own symlinks, stays inside the
//! AppDir, there are no devices, pipes or sockets, and the entry count and unpacked size
//! are bounded. Files get 0755 or 0644 (never setuid), directories 0755, and symlinks are
//! made last, so no write ever goes through a link.

use std::collections::{HashMap, VecDeque};
use std::ffi::OsString;
use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{self, BufReader, Read as _};
use std::os::unix::fs::{symlink, DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Component, Path, PathBuf};

use backhand::{BackhandError, FilesystemReader, InnerNode, SquashfsFileReader};
use thiserror::Error;

/// The AppDir's entry point, at its root.
pub const APP_RUN: &str = "AppRun";
/// How many symlinks one resolution may follow (Linux's own limit).
const MAX_LINK_HOPS: usize = 40;

/// Bounds on what an image may unpack to: a crafted image cannot fill the disk.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most entries (files, folders, links) in the image.
    pub max_entries: usize,
    /// Most bytes of file content once unpacked.
    pub max_bytes: u64,
}

impl Default for Limits {
    /// The field app's AppDir holds a handful of files and about 70 MB (release): these
    /// bounds leave room for growth while refusing a decompression bomb.
    fn default() -> Self {
        Self {
            max_entries: 100_000,
            max_bytes: 4 << 30,
        }
    }
}

/// Why an image is refused or could not be unpacked.
#[derive(Debug, Error)]
pub enum ImageError {
    /// The AppImage file could not be opened.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The AppImage.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// No readable squashfs where the ELF ends (corrupt, truncated or crafted image).
    #[error("no readable squashfs image at offset {offset}: {source}")]
    Squashfs {
        /// Where the runtime looked.
        offset: u64,
        /// backhand's reason.
        source: BackhandError,
    },
    /// An entry whose path is not a plain path below the AppDir's root.
    #[error("entry {path:?} is not a plain path inside the AppDir")]
    UnsafePath {
        /// The path as the image gives it.
        path: PathBuf,
    },
    /// A symlink that is absolute or leads out of the AppDir.
    #[error("symlink {path:?} -> {target:?} leads out of the AppDir")]
    SymlinkEscapes {
        /// The link, relative to the AppDir.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// Symlinks pointing at each other further than Linux follows.
    #[error("symlink {path:?} starts a loop of links")]
    SymlinkLoop {
        /// The link, relative to the AppDir.
        path: PathBuf,
    },
    /// A device, named pipe or socket: an AppDir has no use for them.
    #[error("entry {path:?} is a device, pipe or socket")]
    SpecialFile {
        /// The entry, relative to the AppDir.
        path: PathBuf,
    },
    /// More entries than [`Limits::max_entries`].
    #[error("the image holds {count} entries, more than the {max} allowed")]
    TooManyEntries {
        /// Entries counted.
        count: usize,
        /// The bound.
        max: usize,
    },
    /// More content than [`Limits::max_bytes`].
    #[error("the image unpacks to more than {max} bytes")]
    TooBig {
        /// The bound.
        max: u64,
    },
    /// No `AppRun` at the AppDir's root.
    #[error("the image has no AppRun at its root")]
    NoAppRun,
    /// Writing an entry failed (disk full, permissions…).
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// A file's content ended before its recorded length (corrupt image).
    #[error("entry {path:?} is shorter than its recorded length")]
    Truncated {
        /// The entry, relative to the AppDir.
        path: PathBuf,
    },
}

/// What one checked entry becomes on disk.
enum Kind<'a> {
    Dir,
    File {
        file: &'a SquashfsFileReader,
        len: u64,
        executable: bool,
    },
    Symlink(PathBuf),
}

/// One checked entry, by its path relative to the AppDir.
struct Entry<'a> {
    path: PathBuf,
    kind: Kind<'a>,
}

/// An opened AppImage payload: the squashfs found at the end of the runtime's ELF.
pub struct Image {
    fs: FilesystemReader<'static>,
}

impl Image {
    /// Opens the squashfs appended at `offset` of the file at `path`.
    pub fn open(path: &Path, offset: u64) -> Result<Self, ImageError> {
        let file = File::open(path).map_err(|source| ImageError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let fs = FilesystemReader::from_reader_with_offset(BufReader::new(file), offset)
            .map_err(|source| ImageError::Squashfs { offset, source })?;
        Ok(Self { fs })
    }

    /// Checks every entry (see the module's doc), then writes them under `dest`, an
    /// existing empty folder.
    pub fn unpack(&self, dest: &Path, limits: Limits) -> Result<(), ImageError> {
        let entries = self.checked_entries(limits)?;
        let mut dirs = DirBuilder::new();
        dirs.mode(0o755);
        for entry in entries
            .iter()
            .filter(|e| !matches!(e.kind, Kind::Symlink(_)))
        {
            let out = dest.join(&entry.path);
            let written = match &entry.kind {
                Kind::Dir => dirs.create(&out),
                Kind::File {
                    file,
                    len,
                    executable,
                } => self.write_file(file, *len, *executable, &out, &entry.path)?,
                Kind::Symlink(_) => Ok(()),
            };
            written.map_err(|source| ImageError::Write { path: out, source })?;
        }
        for entry in &entries {
            if let Kind::Symlink(target) = &entry.kind {
                let out = dest.join(&entry.path);
                symlink(target, &out).map_err(|source| ImageError::Write { path: out, source })?;
            }
        }
        Ok(())
    }

    /// Copies one file's content (exactly its recorded length) into a new file.
    /// The outer error is the image's fault; the inner one the disk's.
    fn write_file(
        &self,
        file: &SquashfsFileReader,
        len: u64,
        executable: bool,
        out: &Path,
        rel: &Path,
    ) -> Result<io::Result<()>, ImageError> {
        let mode = if executable { 0o755 } else { 0o644 };
        let mut target = match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(out)
        {
            Ok(target) => target,
            Err(error) => return Ok(Err(error)),
        };
        let mut content = self.fs.file(file).reader().take(len);
        let copied = match io::copy(&mut content, &mut target) {
            Ok(copied) => copied,
            Err(error) => return Ok(Err(error)),
        };
        if copied != len {
            return Err(ImageError::Truncated {
                path: rel.to_path_buf(),
            });
        }
        // On disk before the caller renames the finished folder into place.
        Ok(target.sync_data())
    }

    /// Every entry of the image, checked, parents before children.
    fn checked_entries(&self, limits: Limits) -> Result<Vec<Entry<'_>>, ImageError> {
        let mut entries = Vec::new();
        let mut links = HashMap::new();
        let mut bytes: u64 = 0;
        for node in self.fs.files() {
            let path = relative(&node.fullpath)?;
            if path.as_os_str().is_empty() {
                continue; // the root: the AppDir itself
            }
            if entries.len() >= limits.max_entries {
                return Err(ImageError::TooManyEntries {
                    count: self.fs.files().count(),
                    max: limits.max_entries,
                });
            }
            let kind = match &node.inner {
                InnerNode::Dir(_) => Kind::Dir,
                InnerNode::File(file) => {
                    let len = file.file_len() as u64;
                    bytes = bytes.saturating_add(len);
                    if bytes > limits.max_bytes {
                        return Err(ImageError::TooBig {
                            max: limits.max_bytes,
                        });
                    }
                    Kind::File {
                        file,
                        len,
                        executable: node.header.permissions & 0o111 != 0,
                    }
                }
                InnerNode::Symlink(link) => {
                    links.insert(path.clone(), link.link.clone());
                    Kind::Symlink(link.link.clone())
                }
                InnerNode::CharacterDevice(_)
                | InnerNode::BlockDevice(_)
                | InnerNode::NamedPipe
                | InnerNode::Socket => return Err(ImageError::SpecialFile { path }),
            };
            entries.push(Entry { path, kind });
        }
        for (path, target) in &links {
            stays_inside(&links, path, target)?;
        }
        if !entries.iter().any(|e| {
            e.path == Path::new(APP_RUN) && matches!(e.kind, Kind::File { .. } | Kind::Symlink(_))
        }) {
            return Err(ImageError::NoAppRun);
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }
}

/// The image's absolute path (`/usr/bin/x`) as a path relative to the AppDir, refused
/// unless every part is a plain name.
fn relative(full: &Path) -> Result<PathBuf, ImageError> {
    let mut parts = full.components();
    let unsafe_path = || ImageError::UnsafePath {
        path: full.to_path_buf(),
    };
    if parts.next() != Some(Component::RootDir) {
        return Err(unsafe_path());
    }
    let mut rel = PathBuf::new();
    for part in parts {
        match part {
            Component::Normal(name) => rel.push(name),
            _ => return Err(unsafe_path()),
        }
    }
    Ok(rel)
}

/// Follows `target` from the folder holding the link at `path`, through the image's own
/// symlinks (`links`), and refuses it if it is absolute or ever climbs above the AppDir's
/// root. A target missing from the image is allowed as long as it stays inside.
fn stays_inside(
    links: &HashMap<PathBuf, PathBuf>,
    path: &Path,
    target: &Path,
) -> Result<(), ImageError> {
    let escapes = || ImageError::SymlinkEscapes {
        path: path.to_path_buf(),
        target: target.to_path_buf(),
    };
    let mut here: Vec<OsString> = path
        .parent()
        .map(|parent| {
            parent
                .components()
                .map(|c| c.as_os_str().to_os_string())
                .collect()
        })
        .unwrap_or_default();
    let mut todo = steps(target).ok_or_else(escapes)?;
    let mut hops = 0;
    while let Some(step) = todo.pop_front() {
        match step {
            Step::Up => {
                if here.pop().is_none() {
                    return Err(escapes());
                }
            }
            Step::Down(name) => {
                here.push(name);
                let so_far: PathBuf = here.iter().collect();
                if let Some(next) = links.get(&so_far) {
                    hops += 1;
                    if hops > MAX_LINK_HOPS {
                        return Err(ImageError::SymlinkLoop {
                            path: path.to_path_buf(),
                        });
                    }
                    here.pop();
                    for step in steps(next).ok_or_else(escapes)?.into_iter().rev() {
                        todo.push_front(step);
                    }
                }
            }
        }
    }
    Ok(())
}

/// One move of a symlink resolution.
enum Step {
    Up,
    Down(OsString),
}

/// A relative link target as moves; `None` for an absolute one.
fn steps(target: &Path) -> Option<VecDeque<Step>> {
    let mut steps = VecDeque::new();
    for part in target.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => steps.push_back(Step::Up),
            Component::Normal(name) => steps.push_back(Step::Down(name.to_os_string())),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(pairs: &[(&str, &str)]) -> HashMap<PathBuf, PathBuf> {
        pairs
            .iter()
            .map(|(p, t)| (PathBuf::from(p), PathBuf::from(t)))
            .collect()
    }

    #[test]
    fn ordinary_appdir_links_stay_inside() {
        let map = links(&[
            ("usr/lib/libx.so", "libx.so.1"),
            ("AppRun", "usr/bin/tournee"),
        ]);
        for (path, target) in [
            ("AppRun", "usr/bin/tournee"),
            ("usr/lib/libx.so", "libx.so.1"),
            ("usr/bin/link", "../lib/libx.so"),
            ("usr/bin/dangling", "./missing"),
            ("top", "usr/lib/../bin/./tournee"),
        ] {
            assert!(
                stays_inside(&map, Path::new(path), Path::new(target)).is_ok(),
                "{path} -> {target}"
            );
        }
    }

    #[test]
    fn links_climbing_above_the_root_or_absolute_are_refused() {
        let map = links(&[("usr/up", "../.."), ("here", ".")]);
        for (path, target) in [
            ("a", "/etc/passwd"),
            ("a", ".."),
            ("usr/bin/a", "../../../x"),
            ("b", "usr/up/x"),
            ("c", "here/../x"),
        ] {
            assert!(
                matches!(
                    stays_inside(&map, Path::new(path), Path::new(target)),
                    Err(ImageError::SymlinkEscapes { .. })
                ),
                "{path} -> {target}"
            );
        }
    }

    #[test]
    fn only_plain_names_below_the_root_are_paths() {
        assert_eq!(
            relative(Path::new("/usr/bin/x")).unwrap(),
            Path::new("usr/bin/x")
        );
        assert_eq!(relative(Path::new("/")).unwrap(), Path::new(""));
        for bad in ["usr/x", "/usr/../x", "/./x"] {
            let refused = relative(Path::new(bad));
            // `Path` drops inner `.` components: "/./x" is "/x", which is plain.
            if bad == "/./x" {
                assert_eq!(refused.unwrap(), Path::new("x"));
            } else {
                assert!(
                    matches!(refused, Err(ImageError::UnsafePath { .. })),
                    "{bad}"
                );
            }
        }
    }
}
