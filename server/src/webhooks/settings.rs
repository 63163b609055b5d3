//! `[webhooks]` of `config.toml`: how the delivery worker retries and how long it waits.
//! The defaults suit production; the tests shorten the back-off (docs/webhooks.md).

use serde::{Deserialize, Serialize};

/// The `[webhooks]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HookSettings {
    /// Wait after the first failed attempt, in milliseconds; it doubles at each failure.
    pub first_retry_millis: u64,
    /// Longest wait between two attempts, in milliseconds.
    pub max_retry_millis: u64,
    /// How long a delivery is retried, in seconds, from its event (or its replay); the
    /// last attempt is made at the end of this window, then it is marked failed.
    pub retry_window_secs: u64,
    /// How often the queue is read when nothing woke the worker, in milliseconds.
    pub poll_millis: u64,
    /// Longest a receiver may take to answer, in milliseconds (connection included).
    pub timeout_millis: u64,
    /// Deliveries in flight at once, across all subscriptions.
    pub concurrency: usize,
    /// Deliveries in flight at once to one subscription, so a receiver that hangs holds
    /// this many slots at most and the others go on.
    pub per_subscription: usize,
}

impl Default for HookSettings {
    fn default() -> Self {
        Self {
            first_retry_millis: 30_000,
            max_retry_millis: 6 * 3_600_000,
            // Three days, as Standard Webhooks' receivers expect at least.
            retry_window_secs: 3 * 86_400,
            poll_millis: 1_000,
            timeout_millis: 10_000,
            concurrency: 8,
            per_subscription: 2,
        }
    }
}

impl HookSettings {
    /// Whether every setting is the default (then `config.toml` need not spell them out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// The settings with zeros raised to what can work (a zero concurrency would never
    /// deliver, a zero timeout never wait for an answer).
    pub fn sane(&self) -> Self {
        Self {
            first_retry_millis: self.first_retry_millis.max(1),
            max_retry_millis: self.max_retry_millis.max(self.first_retry_millis.max(1)),
            retry_window_secs: self.retry_window_secs,
            poll_millis: self.poll_millis.clamp(10, 60_000),
            timeout_millis: self.timeout_millis.max(100),
            concurrency: self.concurrency.clamp(1, 256),
            per_subscription: self.per_subscription.clamp(1, 256),
        }
    }
}
