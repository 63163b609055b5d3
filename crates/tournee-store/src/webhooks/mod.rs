//! Webhooks (docs/webhooks.md): the admin's subscriptions, the events integration writes
//! for them, and the durable queue of their deliveries.
//!
//! * [`events`]: the event types, and the one call the integration makes per integrated
//!   change ([`events::Hooks::on_integrated`]), in the change's transaction, so an event
//!   exists if and only if its change was integrated, once. With no enabled subscription,
//!   a batch costs one query and a change none.
//! * [`subscriptions`]: created (with a secret shown once), listed, enabled, disabled,
//!   deleted by the admin.
//! * [`queue`]: one delivery per (event, subscription), claimed by the server's worker,
//!   each attempt logged, retried until delivered or its window closes, replayed by the
//!   admin.
//!
//! No HTTP here: the server's `webhooks` module signs and sends.

pub mod events;
pub mod queue;
pub mod subscriptions;
