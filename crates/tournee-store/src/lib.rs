//! Tournée's SQLite layer.
//!
//! * [`master`]: the server's master database (schema, migrations, parameters, users).
//! * [`integrate`]: exactly-once integration of parsed change files, one integrator
//!   per change type, each change applied together with its ledger row.
//! * [`snapshot`]: generation of the per-user offline databases the field app reads.
//! * [`office`]: the back office's actions (creation decisions, prospect reassignment).
//! * [`devices`]: laptops enrolled for the HTTPS transport, and the signer check of files.
//! * [`demo`]: the deterministic French demo data set.
//!
//! No HTTP, no file watching, no mail here: the server binary wires those around it.

pub mod demo;
pub mod devices;
pub mod error;
pub mod integrate;
pub mod mail_queue;
pub mod master;
pub mod office;
pub mod snapshot;

pub use error::{Result, StoreError};
