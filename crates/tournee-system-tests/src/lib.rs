//! Helpers for Tournée's tests that span crates (the tests are in `tests/`).
//!
//! The field app's code (`tournee-field`, `tournee-link`) meets the server's here: a real
//! data directory, the server's integration pass and snapshot generation, the real
//! `tournee-server` binary (see [`server`] for how it is found), two real Syncthing
//! instances, proxies that cut or slow the network. Each test then reads in a few lines:
//! a [`bench::Bench`] for the laptop over folders, a [`syncthing::World`] for Syncthing,
//! a [`conversion`] fixture for a complete prospect conversion.
//!
//! No product code lives here; the crate is not published.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

pub mod bench;
pub mod conversion;
pub mod cutting_proxy;
pub mod laptop;
pub mod latency_proxy;
pub mod process;
pub mod server;
pub mod syncthing;
