//! Webhooks' server side (docs/webhooks.md): the worker that signs and POSTs the queued
//! deliveries, the URL rules, the signature, and the `[webhooks]` settings.
//!
//! * [`settings`]: `[webhooks]` of `config.toml` (back-off, window, timeouts, concurrency);
//! * [`url`]: which URLs a subscription may name (https, or http to loopback only);
//! * [`sign`]: the Standard Webhooks signature (`v1,` + base64 HMAC-SHA256 over
//!   `id.timestamp.body`);
//! * [`worker`]: the delivery loop the automaton runs beside the back office.
//!
//! The events and the queue are the store's (`tournee_store::Hooks`, `claim_due`).

pub mod settings;
pub mod sign;
pub mod url;
pub mod worker;

pub use settings::HookSettings;
