//! The field app's work, without the window: everything the rep's laptop does, as a
//! library the Tauri commands call and the tests drive directly.
//!
//! * `app` ([`FieldApp`]): one method per command;
//! * `snapshot`: taking a verified copy of the synced snapshot, opening it read-only;
//! * `parameters` ([`ServerParameters`]): the server's parameters the snapshot carries
//!   (visit form, profile, lists, bounds); `settings`: the rep's own choices on this
//!   laptop (`config.json`);
//! * `local`: `local.sqlite` ([`LOCAL_DB_FILE`]), the pending marks and the drafts;
//! * `search` ([`fold`], [`Pattern`]), `home`, `card`: what the screens read;
//! * `prospects`, `prospect_changes`: the « Prospect » tab's reads and writes;
//! * `stats` ([`team_stats`]), `stats_pdf`, `calendar` ([`team_events`]): the figures,
//!   their printed page, the visits between two days;
//! * `modification_requests`: the rep's requests and the accountant's decisions;
//! * `changes`: the rep's actions, checked and written as change files (signed once
//!   the laptop is enrolled);
//! * `first_run`: the first start over HTTPS, with folders of the app's own (no path typed);
//! * `link`: the built-in HTTPS transport as the rep sees it (enrollment, status);
//!   `link_rounds` ([`run_rounds`], [`SyncSchedule`]): when its rounds run, and the loop
//!   that runs them;
//! * `overlay`: the pending changes, clients' and prospects', read once and laid over
//!   the snapshot;
//! * `contacts_csv`: the contacts the snapshot holds as CSV (`FieldApp::export_contacts`).
//! * `records` ([`contact`], [`timeline`], [`open_todos`], [`server_accepts_records`]): the
//!   CRM's records the snapshot carries, and whether the server reads record changes;
//! * `record_index` (each party's status and list line, read once per snapshot),
//!   `record_overlay` (this laptop's pending record changes), `record_views` (the contact
//!   list and page, the timeline, the dashboard, the duplicate check) and `record_changes`
//!   (the CRM's writes as `RC` changes, kept on the laptop until the server reads them);
//! * `segments`: saved lists and criteria of parties, evaluated over the snapshot with the
//!   pending changes laid over (issue 15); written by `record_changes`;
//! * `reports`: the back office's sales reports counted over the snapshot (« Rapports »);
//! * `relation_kind` ([`RelationKind`]): which relation rows are visits (a modification
//!   request's note is not);
//! * [`dto`]: the shapes crossing the window boundary (TypeScript generated from them);
//! * `error` ([`FieldError`]): typed errors, reduced to codes and values for the window.

// A type in the API (a method's argument or result, a public field) must be re-exported
// too: a caller may have to name it.
#![warn(unnameable_types)]

// Private by default, so that the compiler reports what nothing uses; the crate's API is
// the flat list of `pub use` below. `dto` stays public: it is the window's boundary, one
// path per type (`dto::ClientCard`) as each TypeScript twin has one file.
mod app;
mod calendar;
mod card;
mod changes;
mod contacts_csv;
pub mod dto;
mod error;
mod first_run;
// What the policy lets the user write (issue 15).
mod grants;
mod home;
mod link;
mod link_rounds;
mod local;
// Campaigns, meetings and recent activity (issue 15).
mod meet_views;
mod meetings;
mod modification_requests;
// Opportunities: the board, the page, the figures (issue 15).
mod opportunities;
mod overlay;
mod parameters;
mod party_history;
pub mod pdf_canvas;
mod prospect_changes;
mod prospects;
mod quote_pdf;
// Quotes on the laptop (issue 15).
mod quotes;
mod record_changes;
mod record_index;
mod record_overlay;
mod record_rows;
mod record_views;
mod records;
mod relation_kind;
// The sales reports over the snapshot (issue 15), and their printed page.
mod reports;
mod reports_pdf;
mod search;
// Segments: saved lists and criteria, evaluated over the snapshot (issue 15).
mod segments;
mod settings;
mod snapshot;
mod stats;
mod stats_pdf;
// Refused takes of pool leads on the home screen (issue 15).
mod take_notices;
#[cfg(test)]
mod test_laptop;

pub use app::documents::Document;
pub use app::{FieldApp, LOCAL_DB_FILE};
pub use calendar::team_events;
pub use error::{
    AppRule, FieldError, FolderProblem, Forbidden, LinkKind, LinkedPartyOp, Result, RuleError,
    UserProblem,
};
pub use first_run::{own_outbox_dir, own_snapshot_dir, SYNC_DIR};
pub use link::LinkPaths;
pub use link_rounds::{run_rounds, SyncSchedule};
pub use parameters::{FormChoices, ServerParameters};
pub use quote_pdf::{quote_pdf, QuoteDocument, SignedBy};
pub use records::{
    contact, has_records, open_todos, parties, server_accepts_records, server_accepts_spec,
    timeline, Contact, Party, PartyKind, Person, Reply, TimelineItem, Todo,
};
pub use relation_kind::RelationKind;
pub use search::{fold, Pattern, MAX_HITS};
pub use segments::MAX_SEGMENT_LINES;
pub use settings::settings_for_web;
pub use stats::team_stats;
