//! The rate limit per token: a token bucket in memory, refilled continuously. A busy
//! integration gets its burst, then its steady rate; past that, `429` with `Retry-After`.
//! Both come from `[limits]` in `config.toml` (`api_burst`, `api_requests_per_second`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets by token id.
#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<i64, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter with this burst and steady rate.
    pub fn new(burst: f64, per_second: f64) -> Self {
        Self {
            burst,
            per_second,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `token`'s bucket: `Ok`, or the whole seconds to wait.
    pub fn take(&self, token: i64, now: Instant) -> Result<(), u64> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (level, since) = buckets.entry(token).or_insert((self.burst, now));
        let earned = now.saturating_duration_since(*since).as_secs_f64() * self.per_second;
        *level = (*level + earned).min(self.burst);
        *since = now;
        if *level >= 1.0 {
            *level -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *level) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_the_steady_rate_then_a_wait() {
        let limiter = RateLimiter::new(3.0, 1.0);
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.take(7, start), Ok(()));
        }
        assert_eq!(limiter.take(7, start), Err(1));
        // Another token has its own bucket.
        assert_eq!(limiter.take(8, start), Ok(()));
        assert_eq!(limiter.take(7, start + Duration::from_millis(1100)), Ok(()));
        assert!(limiter
            .take(7, start + Duration::from_millis(1200))
            .is_err());
    }
}
