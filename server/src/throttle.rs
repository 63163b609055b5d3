//! Back-off per client address, for what an attacker would try again and again: back-
//! office logins and enrollment proofs. A few failures are free; then each further one
//! makes the address wait twice as long (1 s, 2 s, 4 s … up to a cap) before it is heard
//! again. A success clears the address.
//!
//! Kept in memory: the state of an attacking address matters for minutes, a restart
//! forgets it, and nothing an attacker sends is written to disk for it. The map is pruned
//! so that a flood of addresses cannot grow it without end.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Addresses followed before the idle ones are forgotten.
const PRUNE_ABOVE: usize = 10_000;

/// One address's failures.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
    heard_again_at: Option<Instant>,
}

/// The back-off of one kind of attempt (cheap to share behind an `Arc`).
#[derive(Debug)]
pub struct Throttle {
    free: u32,
    cap: Duration,
    addresses: Mutex<HashMap<IpAddr, Failures>>,
}

impl Throttle {
    /// `free` failures go unpunished; the wait never exceeds `cap`.
    pub fn new(free: u32, cap: Duration) -> Self {
        Self {
            free,
            cap,
            addresses: Mutex::new(HashMap::new()),
        }
    }

    fn addresses(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Failures>> {
        self.addresses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// How long `address` must still wait, if it must (the attempt is then refused
    /// unheard, and does not lengthen the wait).
    pub fn waiting(&self, address: IpAddr, now: Instant) -> Option<Duration> {
        let addresses = self.addresses();
        let until = addresses.get(&address)?.heard_again_at?;
        until.checked_duration_since(now).filter(|d| !d.is_zero())
    }

    /// The wait after `count` failures in a row.
    pub fn back_off(&self, count: u32) -> Option<Duration> {
        let over = count.checked_sub(self.free)?.checked_sub(1)?;
        let wait = Duration::from_secs(1)
            .checked_mul(1u32.checked_shl(over.min(31)).unwrap_or(u32::MAX))
            .unwrap_or(self.cap);
        Some(wait.min(self.cap))
    }

    /// Notes a failure from `address`.
    pub fn failed(&self, address: IpAddr, now: Instant) {
        let mut addresses = self.addresses();
        if addresses.len() >= PRUNE_ABOVE {
            // Forget addresses quiet for longer than the longest wait.
            let cap = self.cap;
            addresses.retain(|_, f| now.saturating_duration_since(f.last) <= cap * 2);
        }
        let entry = addresses.entry(address).or_insert(Failures {
            count: 0,
            last: now,
            heard_again_at: None,
        });
        // A long quiet spell starts the count afresh.
        if now.saturating_duration_since(entry.last) > self.cap * 2 {
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
        entry.heard_again_at = self.back_off(entry.count).map(|wait| now + wait);
    }

    /// Clears `address` after a success.
    pub fn succeeded(&self, address: IpAddr) {
        self.addresses().remove(&address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, last])
    }

    #[test]
    fn free_failures_then_a_doubling_wait_per_address() {
        let throttle = Throttle::new(5, Duration::from_secs(300));
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(throttle.waiting(ip(2), t0), None);
            throttle.failed(ip(2), t0);
        }
        assert_eq!(throttle.waiting(ip(2), t0), None, "five are free");
        throttle.failed(ip(2), t0);
        assert_eq!(throttle.waiting(ip(2), t0), Some(Duration::from_secs(1)));
        assert_eq!(
            throttle.waiting(ip(3), t0),
            None,
            "another address is heard"
        );
        let t1 = t0 + Duration::from_secs(1);
        assert_eq!(throttle.waiting(ip(2), t1), None);
        throttle.failed(ip(2), t1);
        assert_eq!(throttle.waiting(ip(2), t1), Some(Duration::from_secs(2)));
        throttle.succeeded(ip(2));
        assert_eq!(throttle.waiting(ip(2), t1), None);
        assert_eq!(
            throttle.back_off(40),
            Some(Duration::from_secs(300)),
            "capped"
        );
    }

    #[test]
    fn a_flood_of_addresses_is_pruned() {
        let throttle = Throttle::new(5, Duration::from_secs(1));
        let t0 = Instant::now();
        for i in 0..PRUNE_ABOVE as u32 {
            throttle.failed(IpAddr::from(i.to_be_bytes()), t0);
        }
        throttle.failed(ip(2), t0 + Duration::from_secs(10));
        assert_eq!(throttle.addresses().len(), 1);
    }
}
