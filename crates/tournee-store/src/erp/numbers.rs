//! The hasher of the maps an import keeps by number (the ERP's row numbers, the digests of
//! rows): one multiplication per key instead of std's SipHash, seeded per run.

/// Hashes the ERP's row numbers for the maps of a run: one multiplication instead of
/// std's SipHash (a twentieth of a re-import's time went to it), the key mixed with a
/// seed drawn per run so that numbers crafted in a file cannot aim at one bucket.
#[derive(Clone)]
pub(crate) struct Numbers(u64);

impl Numbers {
    /// A hasher with a seed of its own.
    pub(crate) fn new() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut random = std::collections::hash_map::RandomState::new().build_hasher();
        random.write_u8(0);
        Self(random.finish())
    }
}

impl Default for Numbers {
    fn default() -> Self {
        Self::new()
    }
}

impl std::hash::BuildHasher for Numbers {
    type Hasher = NumberHasher;

    fn build_hasher(&self) -> NumberHasher {
        NumberHasher {
            seed: self.0,
            hash: self.0,
        }
    }
}

/// The hasher [`Numbers`] builds: integers mixed in one step, other bytes FNV-style.
pub(crate) struct NumberHasher {
    seed: u64,
    hash: u64,
}

impl std::hash::Hasher for NumberHasher {
    fn finish(&self) -> u64 {
        self.hash
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.hash = (self.hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u32(&mut self, n: u32) {
        // Mixed with what came before: a (client, month) key is two of these.
        let mixed = (self.hash ^ u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.hash = mixed ^ (mixed >> 29);
    }

    fn write_i64(&mut self, n: i64) {
        let mixed = ((n as u64) ^ self.seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.hash = mixed ^ (mixed >> 29);
    }
}
