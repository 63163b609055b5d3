//! The laptop's side of the built-in HTTPS transport (sync-spec section 11).
//!
//! The transport moves the same folders a sync tool would: it pushes the files of the
//! outbox and materialises the snapshot folder (database then `manifest.json`, last),
//! so the field app reads what it always reads, whichever way the files came.
//!
//! * `credential` ([`Credential`]): what enrollment leaves on the laptop (server, pinned
//!   certificate, device id, private key) and the request counter;
//! * [`pinning`]: TLS that trusts exactly the certificate seen at enrollment;
//! * `client`: signed requests, one method per route;
//! * `enroll` ([`enroll()`]): exchanging the admin's one-time code for a device credential;
//! * `sync` ([`sync_once`]): one round: push what waits, pull a newer snapshot, report;
//! * `progress` ([`DownloadProgress`]): how far a download has got, for a progress bar;
//! * `update` ([`check_update`], [`download_update`]): the field app's published update.

// Private by default, so that the compiler reports what nothing uses; the API is the flat
// list below. `pinning` stays public: the HTTPS tests name `pinning::PinnedVerifier`.
mod client;
mod credential;
mod enroll;
mod error;
pub mod pinning;
mod progress;
mod sync;
mod update;

pub use credential::{link_dir, Credential, LinkState};
pub use enroll::{enroll, normalise_server_url, sign_waiting_files};
pub use error::{InputProblem, LinkError, LinkFailure};
pub use pinning::PinnedVerifier;
pub use progress::DownloadProgress;
pub use sync::{outbox_files, sync_once, sync_once_watched, SyncReport};
/// The installed forms an update is published for, named by the app when it asks.
pub use tournee_sync::UpdatePlatform;
pub use update::{check_update, download_update, update_part};
