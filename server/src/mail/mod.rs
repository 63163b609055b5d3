//! Mail: the notifications that integration queued, rendered in the brief's words and
//! delivered with retries until the SMTP server accepts them.
//!
//! * [`render`]: notification → sender, recipients, subject and body, exactly as the
//!   brief words them;
//! * [`transport`]: SMTP through lettre, or `.eml` files when no SMTP is configured
//!   (the embedded default, so the demo works offline);
//! * [`outbox`]: picks what is due, sends, records every attempt, backs off on failure.
//!
//! Delivery is at least once: a notification is marked sent right after the server
//! accepted it; a crash between the two would send it again, with the same
//! `Message-ID`, so the duplicate is recognisable. Nothing is ever dropped.

pub mod invitation;
pub mod outbox;
pub mod render;
pub mod transport;
