//! The field app's work, without the window: everything the rep's laptop does, as a
//! library the Tauri commands call and the tests drive directly.
//!
//! * [`app`]: [`FieldApp`], one method per command;
//! * [`snapshot`]: taking a verified copy of the synced snapshot, opening it read-only;
//! * [`parameters`]: the server's parameters the snapshot carries (visit form, profile,
//!   lists, bounds); [`settings`]: the rep's own choices on this laptop (`config.json`);
//! * [`local`]: `local.sqlite`, the pending marks and the drafts;
//! * [`search`], [`home`], [`card`]: what the screens read;
//! * [`modification_requests`]: the rep's requests and the accountant's decisions;
//! * [`changes`]: the rep's actions, checked and written as change files (signed once
//!   the laptop is enrolled);
//! * [`link`]: the built-in HTTPS transport as the rep sees it (enrollment, status);
//!   [`link_rounds`]: when its rounds run, and the loop that runs them;
//! * [`overlay`]: the pending changes, clients' and prospects', read once and laid over
//!   the snapshot;
//! * [`relation_kind`]: which relation rows are visits (a modification request's note is not);
//! * [`dto`]: the shapes crossing the window boundary (TypeScript generated from them);
//! * [`error`]: typed errors and their French/English sentences.

pub mod app;
pub mod calendar;
pub mod card;
pub mod changes;
pub mod dto;
pub mod error;
pub mod home;
pub mod link;
pub mod link_rounds;
pub mod local;
pub mod modification_requests;
pub mod overlay;
pub mod parameters;
pub mod prospect_changes;
pub mod prospects;
pub mod relation_kind;
pub mod search;
pub mod settings;
pub mod snapshot;
pub mod stats;
pub mod stats_pdf;

pub use app::FieldApp;
pub use error::{FieldError, Result};
