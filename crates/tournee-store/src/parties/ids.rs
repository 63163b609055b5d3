//! The ids of the parties Tournée derives from ERP clients and prospects: a function of
//! the client code or the prospect id alone, so that every server, every rebuild of a
//! master and every run of the migration give a client the same party id.
//!
//! They are ULIDs (what `tournee_sync::parse_record` accepts as a record id, so laptops
//! hang people, actions and todos on them like on any party) whose 48-bit time is zero:
//! `0000000000` then 16 characters from a SHA-256 of the link. A laptop mints its ids from
//! its clock, never at 1970's first millisecond, so the range is free; the integration
//! refuses a party created in it by a change (`integrate/record.rs`), so nobody can take
//! a client's id before the client arrives.

use sha2::{Digest, Sha256};
use ulid::Ulid;

/// What a derived party stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link<'a> {
    /// An ERP client, by its code (`client.c_client`).
    Client(&'a str),
    /// A prospect, by its id (`prospect.prospect_id`).
    Prospect(&'a str),
}

impl Link<'_> {
    /// The `change_id` a derived party row carries: no change file made it.
    pub fn change_id(&self) -> String {
        match self {
            Link::Client(code) => format!("link:client:{code}"),
            Link::Prospect(id) => format!("link:prospect:{id}"),
        }
    }
}

/// The first characters of every derived id (a ULID time of zero).
const DERIVED_ID_PREFIX: &str = "0000000000";

/// The party id of `link`.
pub fn derived_party_id(link: Link<'_>) -> String {
    let mut hash = Sha256::new();
    match link {
        Link::Client(code) => hash.update(format!("tournee-party\0client\0{code}")),
        Link::Prospect(id) => hash.update(format!("tournee-party\0prospect\0{id}")),
    }
    let digest = hash.finalize();
    let mut random = 0u128;
    for byte in &digest[..10] {
        random = (random << 8) | u128::from(*byte);
    }
    Ulid::from_parts(0, random).to_string()
}

/// Whether `id` lies in the range reserved for derived parties.
pub fn is_derived_party_id(id: &str) -> bool {
    id.len() == 26 && id.starts_with(DERIVED_ID_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_derived_id_is_a_ulid_of_the_reserved_range_and_depends_on_the_link_only() {
        let id = derived_party_id(Link::Client("C000101"));
        assert_eq!(id, derived_party_id(Link::Client("C000101")));
        assert!(is_derived_party_id(&id), "{id}");
        assert!(Ulid::from_string(&id).is_ok());
        assert_ne!(id, derived_party_id(Link::Prospect("C000101")));
        assert_ne!(id, derived_party_id(Link::Client("C000102")));
        assert!(!is_derived_party_id(&Ulid::new().to_string()));
    }
}
