//! The sync-spec v1 contract in code. The normative text is `sync-spec/README.md`; where
//! it and this crate disagree, the text wins and the crate has a bug.
//!
//! Change files travel up from laptops, snapshots travel down from the server, through
//! any folder-sync tool (Syncthing, Resilio Sync) or the HTTPS transport. Such tools
//! copy files whenever they like, half-written ones included, and make conflict copies;
//! this crate is what both ends agree on so that nothing is read half-written, twice
//! with two meanings, or with a different verdict on another server:
//!
//! * [`envelope`]: the JSON envelope and the six payloads (VC, MC, CP, MP, VP, CC);
//! * [`name`]: `<TYPE>_<user>_<ULID>.json`, the names to ignore, conflict copies;
//! * [`parse`]: reading a file down to a typed change or the spec's reason code, with the
//!   checks a file can answer alone (name, size, JSON, version, shape, name agreement) in
//!   the spec's order; checks that need the server's state (users, clients, prospects,
//!   dates) belong to the integrator, which reports them with the same [`Rejection`];
//! * [`content`]: the text and contact rules every change obeys, checked by the laptop
//!   before writing and by the server before integrating;
//! * [`reject`]: the stable reason codes;
//! * [`strict_json`]: the refusal of duplicate keys, so every reader sees one change;
//! * [`write`](mod@write): atomic publication (temp name, fsync, rename, folder fsync), disk-full
//!   reported as such;
//! * [`inbox`]: listing an inbox safely, oldest change first;
//! * [`manifest`]: the snapshot manifest, written last, read first;
//! * [`sign`]: device keys, signed change files, signed requests, the enrollment proof;
//! * [`api`] and [`transfer`]: the built-in HTTPS transport's wire types and snapshot
//!   downloads (zstd, or a zstd patch against the previous generation).

pub mod api;
pub mod content;
pub mod envelope;
pub mod inbox;
pub mod manifest;
pub mod name;
pub mod parse;
pub mod reject;
pub mod sign;
pub mod snapshot_schema;
pub mod strict_json;
pub mod transfer;
pub mod write;

pub use content::check_content;
pub use envelope::*;
pub use inbox::{
    read_change_file, scan_inbox, scan_inbox_with_ignored, IgnoredEntry, IgnoredReason, InboxEntry,
    InboxScan, ReadFile,
};
pub use manifest::{
    read_manifest, sha256_file, write_manifest, FailedChange, ManifestError, SnapshotManifest,
    MANIFEST_FILE, SNAPSHOT_SCHEMA_VERSION,
};
pub use name::{
    is_ignored_name, is_valid_ulid, is_valid_user, strip_conflict_marker, FileName, NameError,
};
pub use parse::{is_valid_time, parse_change_file, parse_signed_change_file, MAX_FILE_BYTES};
pub use reject::{RejectReason, Rejection};
pub use sign::{DeviceKey, FileSignature, SignError, Signer};
pub use write::{
    publish_bytes, publish_change, publish_many, publish_signed_change, remove_stale_temps,
    write_atomically, WriteError, TEMP_PREFIX,
};
