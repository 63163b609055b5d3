//! Connection caps of one listener: at most so many connections at once, and at most so
//! many from one client address. A connection over a cap is closed as soon as it is
//! accepted, so the process never runs out of file descriptors and one address cannot
//! take every slot.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// The counts of one listener (cheap to clone).
#[derive(Debug, Clone)]
pub struct Gate {
    inner: Arc<Counts>,
}

#[derive(Debug)]
struct Counts {
    max_total: usize,
    max_per_address: usize,
    /// Addresses only the listener's cap applies to (a reverse proxy: every client
    /// comes through it).
    exempt: Vec<IpAddr>,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// Why a connection was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The listener is full.
    ListenerFull,
    /// This address has its share open already.
    AddressFull,
}

/// A connection's place; given back when dropped.
#[derive(Debug)]
pub struct Admission {
    gate: Gate,
    address: IpAddr,
}

/// An IPv4 client seen through an IPv6 socket counts as its IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

impl Gate {
    /// A gate with these caps (each at least 1); the per-address cap does not apply to
    /// `exempt` addresses.
    pub fn new(max_total: usize, max_per_address: usize, exempt: Vec<IpAddr>) -> Self {
        Self {
            inner: Arc::new(Counts {
                max_total: max_total.max(1),
                max_per_address: max_per_address.max(1),
                exempt: exempt.into_iter().map(canonical).collect(),
                open: Mutex::new(Open::default()),
            }),
        }
    }

    fn open(&self) -> std::sync::MutexGuard<'_, Open> {
        self.inner
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// A place for a connection from `address`, unless a cap is reached.
    pub fn admit(&self, address: IpAddr) -> Result<Admission, Refusal> {
        let address = canonical(address);
        let mut open = self.open();
        if open.total >= self.inner.max_total {
            return Err(Refusal::ListenerFull);
        }
        let exempt = self.inner.exempt.contains(&address);
        let from_here = open.by_address.entry(address).or_insert(0);
        if *from_here >= self.inner.max_per_address && !exempt {
            return Err(Refusal::AddressFull);
        }
        *from_here += 1;
        open.total += 1;
        Ok(Admission {
            gate: self.clone(),
            address,
        })
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.open().total
    }

    /// The listener's cap.
    pub fn max_total(&self) -> usize {
        self.inner.max_total
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        let mut open = self.gate.open();
        open.total = open.total.saturating_sub(1);
        if let Some(count) = open.by_address.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.by_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn one_address_cannot_take_every_place_and_places_come_back() {
        let gate = Gate::new(3, 2, Vec::new());
        let a1 = gate.admit(ip("127.0.0.2")).unwrap();
        let _a2 = gate.admit(ip("127.0.0.2")).unwrap();
        assert_eq!(
            gate.admit(ip("::ffff:127.0.0.2")).unwrap_err(),
            Refusal::AddressFull,
            "the same client through an IPv6 socket"
        );
        let _b1 = gate.admit(ip("127.0.0.3")).unwrap();
        assert_eq!(
            gate.admit(ip("127.0.0.4")).unwrap_err(),
            Refusal::ListenerFull
        );
        drop(a1);
        assert_eq!(gate.open_connections(), 2);
        let _a3 = gate.admit(ip("127.0.0.2")).unwrap();
        assert_eq!(gate.open_connections(), 3);
    }

    #[test]
    fn a_trusted_proxy_has_only_the_listeners_cap() {
        let gate = Gate::new(4, 1, vec![ip("127.0.0.1")]);
        let _held: Vec<_> = (0..4)
            .map(|_| gate.admit(ip("127.0.0.1")).unwrap())
            .collect();
        assert_eq!(
            gate.admit(ip("127.0.0.1")).unwrap_err(),
            Refusal::ListenerFull
        );
    }

    #[test]
    fn forgotten_addresses_leave_no_entry() {
        let gate = Gate::new(10, 10, Vec::new());
        for last in 2..200u8 {
            drop(gate.admit(IpAddr::from([127, 0, 0, last])).unwrap());
        }
        assert!(gate.open().by_address.is_empty());
    }
}
