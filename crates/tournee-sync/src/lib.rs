//! The sync-spec v1 contract in code (the normative text is `sync-spec/README.md`).
//!
//! Change files travel up from laptops, snapshots travel down from the server, through
//! any folder-sync tool or the built-in transport. This crate is what both ends agree on:
//!
//! * [`envelope`]: the JSON envelope and the six payloads (VC, MC, CP, MP, VP, CC);
//! * [`name`]: `<TYPE>_<user>_<ULID>.json`, the names to ignore, conflict copies;
//! * [`parse`]: reading a file down to a typed change or the spec's reason code;
//! * [`write`]: atomic publication (temp name, fsync, rename), disk-full reported as such;
//! * [`inbox`]: listing an inbox safely, oldest change first;
//! * [`manifest`]: the snapshot manifest, written last, read first.

pub mod envelope;
pub mod inbox;
pub mod manifest;
pub mod name;
pub mod parse;
pub mod reject;
pub mod write;

pub use envelope::*;
pub use inbox::{scan_inbox, InboxEntry};
pub use manifest::{
    read_manifest, sha256_file, write_manifest, FailedChange, ManifestError, SnapshotManifest,
    MANIFEST_FILE,
};
pub use name::{is_ignored_name, strip_conflict_marker, FileName, NameError};
pub use parse::{parse_change_file, MAX_FILE_BYTES};
pub use reject::{RejectReason, Rejection};
pub use write::{publish_change, write_atomically, WriteError};
