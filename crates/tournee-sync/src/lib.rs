//! The sync-spec contract in code (version 1, and the record changes of version 2). The normative text is `sync-spec/README.md`; where
//! it and this crate disagree, the text wins and the crate has a bug.
//!
//! Change files travel up from laptops, snapshots travel down from the server, through
//! any folder-sync tool (Syncthing, Resilio Sync) or the HTTPS transport. Such tools
//! copy files whenever they like, half-written ones included, and make conflict copies;
//! this crate is what both ends agree on so that nothing is read half-written, twice
//! with two meanings, or with a different verdict on another server:
//!
//! * `envelope` ([`Envelope`]): the JSON envelope and the payloads (VC, MC, CP, MP, VP,
//!   CC of spec 1; RC, the record change, of spec 2);
//! * `name` ([`FileName`]): `<TYPE>_<user>_<ULID>.json`, the names to ignore, conflict
//!   copies;
//! * `parse` ([`parse_change_file`]): reading a file down to a typed change or the spec's reason code, with the
//!   checks a file can answer alone (name, size, JSON, version, shape, name agreement) in
//!   the spec's order; checks that need the server's state (users, clients, prospects,
//!   dates) belong to the integrator, which reports them with the same [`Rejection`];
//! * `content` ([`check_content`]): the text and contact rules every change obeys, checked by the laptop
//!   before writing and by the server before integrating;
//! * `reject` ([`RejectReason`]): the stable reason codes; `detail` ([`Detail`]): what
//!   exactly was wrong, as a code with values that each side words;
//! * `record` ([`parse_record`]): the generic record change of sync-spec v2 (parties,
//!   people, actions, replies, todos), checked alone; the payload of an `RC` file;
//! * `strict_json`: the refusal of duplicate keys, so every reader sees one change;
//! * `write` ([`publish_change`], [`write_atomically`]): atomic publication (temp name, fsync, rename, folder fsync), disk-full
//!   reported as such;
//! * `inbox` ([`scan_inbox`]): listing an inbox safely, oldest change first;
//! * `manifest` ([`SnapshotManifest`]): the snapshot manifest, written last, read first;
//! * `sign` ([`Signer`], [`DeviceKey`]): device keys, signed change files, signed requests, the enrollment proof;
//! * `snapshot_schema`: the tables of the snapshot database both ends create;
//! * `api` ([`PushBatch`]) and `transfer` ([`compress_patch`]): the built-in HTTPS transport's wire types and snapshot
//!   downloads (zstd, or a zstd patch against the previous generation).

// Private by default, so that the compiler reports what nothing uses; the crate's API is
// the flat list of `pub use` below.
mod api;
mod change_id;
mod content;
mod detail;
mod envelope;
mod inbox;
mod manifest;
mod name;
mod parse;
mod record;
mod reject;
mod sign;
mod snapshot_schema;
mod strict_json;
mod transfer;
mod update_platform;
mod write;

pub use api::{
    ApiProblem, ChangeState, ChangeStatus, EnrollAnswer, EnrollRequest, Hello, PushBatch,
    PushedFile, StatusRequest, API_PREFIX, BATCH_BODY_LIMIT, ENCODING_FULL, ENCODING_PATCH,
    HEADER_COUNTER, HEADER_DEVICE, HEADER_ENCODING, HEADER_PATCH_FROM, HEADER_SIGNATURE,
    MAX_BATCH_FILES, MAX_STATUS_NAMES,
};
pub use change_id::new_change_id;
pub use content::check_content;
pub use detail::Detail;
pub use envelope::{
    Answer, ChangeBody, ChangeType, ClientCreationRequest, ClientModification, ClientVisit,
    Contact, Envelope, FieldChange, FormAnswers, ProspectCreation, ProspectModification,
    ProspectOperation, ProspectVisit, RawEnvelope, RevisitChange, Signature, VisitReport,
    SPEC_VERSION,
};
pub use inbox::{
    read_change_file, scan_inbox, scan_inbox_with_ignored, IgnoredEntry, IgnoredReason, InboxEntry,
    InboxScan, ReadFile,
};
pub use manifest::{
    read_manifest, sha256_file, write_manifest, FailedChange, ManifestError, SnapshotManifest,
    MANIFEST_FILE,
};
pub use name::{
    is_ignored_name, is_valid_ulid, is_valid_user, strip_conflict_marker, FileName, NameError,
    MAX_USER_LEN,
};
pub use parse::{is_valid_time, parse_change_file, parse_signed_change_file, MAX_FILE_BYTES};
pub use record::SegmentFields;
pub use record::{
    parse_record, ActionFields, PartyFields, PartyKind, Patch, PersonFields, RecordChange,
    RecordEntity, RecordError, RecordFields, RecordOp, ReplyFields, TodoFields,
    LINKED_PARTY_FIELDS, RECORD_SPEC_VERSION,
};
pub use record::{CampaignFields, MeetingFields, MeetingStatus, MAX_CAMPAIGN_COST_CENTS};
pub use record::{OpportunityFields, MAX_OPPORTUNITY_CENTS};
pub use record::{QuoteFields, MAX_QUOTE_SIGNATURE_BYTES};
pub use reject::{RejectReason, Rejection};
pub use sign::{
    check_enrollment_proof, enrollment_proof, is_valid_public_key, random_bytes, request_message,
    sha256_hex, split_enrollment_code, split_signature, verify_file, verify_request, DeviceKey,
    FileSignature, SignError, Signer, SplitFile, CODE_ALPHABET, CODE_CHARS,
};
pub use snapshot_schema::{
    ACCEPTED_SPECS, ACCEPTED_SPECS_KEY, GRANTS_KEY, REFUSAL_DETAILS_KEY, SNAPSHOT_CATALOGUE_TABLES,
    SNAPSHOT_INDEXES_SQL, SNAPSHOT_MEET_TABLES, SNAPSHOT_OPPORTUNITY_TABLES, SNAPSHOT_QUOTE_TABLES,
    SNAPSHOT_RECORD_TABLES, SNAPSHOT_SCHEMA_VERSION, SNAPSHOT_SEGMENT_TABLES, SNAPSHOT_TABLES_SQL,
};
pub use transfer::{apply_patch, compress_full, compress_patch, decompress_full};
pub use update_platform::{UnknownPlatform, UpdatePlatform, UPDATE_PLATFORMS};
pub use write::{
    publish_bytes, publish_change, publish_many, publish_signed_change, remove_stale_temps,
    write_atomically, WriteError, TEMP_PREFIX,
};
