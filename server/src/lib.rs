//! The server side of Tournée as a library, so that the `tournee-server` binary,
//! the benchmarks and the integration tests drive the same code.
//!
//! * [`datadir`]: the data directory layout and `config.toml`.
//! * [`init`]: creating a data directory, with or without demo data.
//! * [`pass`]: one integration pass over the inbox (exactly once, batch by batch).
//! * [`files`]: archiving, refusing and parking files after the database decided.
//! * [`jobs`]: snapshot regeneration and log pruning.
//! * [`mail`]: the queued notifications rendered in the brief's words and delivered.
//! * [`sentences`]: the one catalogue of what the server says to people (the back
//!   office's error messages, the mails), by code, in French and English.
//! * [`office`]: the back office (login, the accountant's creation requests).
//! * [`https`]: the built-in HTTPS sync transport (enrollment, push, pull).
//! * [`listen`]: the listeners' accept loop (connection caps, timeouts).
//! * [`automaton`]: the long-running `run` loop (watcher, cron, signals).
//! * [`throttle`]: back-off per client address for logins and enrollment proofs.
//! * [`samples`]: realistic change files for the demo and the benchmarks.

mod archiver;
pub mod automaton;
pub mod datadir;
pub mod files;
pub mod https;
pub mod init;
pub mod jobs;
pub mod listen;
pub mod logsink;
pub mod mail;
pub mod office;
pub mod pass;
pub mod samples;
pub mod sentences;
pub mod throttle;
