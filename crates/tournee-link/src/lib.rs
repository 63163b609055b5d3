//! The laptop's side of the built-in HTTPS transport (sync-spec section 11).
//!
//! The transport moves the same folders a sync tool would: it pushes the files of the
//! outbox and materialises the snapshot folder (database then `manifest.json`, last),
//! so the field app reads what it always reads, whichever way the files came.
//!
//! * [`credential`]: what enrollment leaves on the laptop (server, pinned certificate,
//!   device id, private key) and the request counter;
//! * [`pinning`]: TLS that trusts exactly the certificate seen at enrollment;
//! * [`client`]: signed requests, one method per route;
//! * [`enroll`]: exchanging the admin's one-time code for a device credential;
//! * [`sync`]: one round: push what waits, pull a newer snapshot, report.

pub mod client;
pub mod credential;
pub mod enroll;
pub mod error;
pub mod pinning;
pub mod sync;

pub use client::LinkClient;
pub use credential::{Credential, LinkState};
pub use enroll::enroll;
pub use error::{InputProblem, LinkError, LinkFailure};
pub use sync::{sync_once, SyncReport};
