//! The duplicate check at scale: an import of 100,000 lines against 100,000 parties
//! cannot compare every pair. The index keeps, for each phone, e-mail, SIREN and postal
//! code, the parties that have it; a candidate is compared only with the parties sharing
//! at least one of its keys, which are the only ones that can match. Lines accepted during
//! an import are added to it, so that a file's own repeats are found too.

use std::collections::HashMap;

use super::{DuplicateMatch, PartyKeys};

/// Existing parties, indexed by their keys.
#[derive(Debug, Clone)]
pub struct DuplicateIndex<T> {
    parties: Vec<(T, PartyKeys)>,
    by_key: HashMap<IndexKey, Vec<usize>>,
}

/// One exact key a party can be found by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum IndexKey {
    Phone(String),
    Email(String),
    Siren(String),
    PostalCode(String),
}

impl<T> Default for DuplicateIndex<T> {
    fn default() -> Self {
        DuplicateIndex {
            parties: Vec::new(),
            by_key: HashMap::new(),
        }
    }
}

impl<T> DuplicateIndex<T> {
    /// An index of these parties.
    pub fn new(parties: impl IntoIterator<Item = (T, PartyKeys)>) -> Self {
        let mut index = DuplicateIndex::default();
        for (party, keys) in parties {
            index.insert(party, keys);
        }
        index
    }

    /// Adds a party.
    pub fn insert(&mut self, party: T, keys: PartyKeys) {
        let position = self.parties.len();
        for key in index_keys(&keys) {
            self.by_key.entry(key).or_default().push(position);
        }
        self.parties.push((party, keys));
    }

    /// The parties that look like `candidate`, in the order they were added, each with its
    /// reasons: the same answer as [`super::find_duplicates`] over all of them.
    pub fn matches(&self, candidate: &PartyKeys) -> Vec<DuplicateMatch<&T>> {
        let mut positions: Vec<usize> = index_keys(candidate)
            .filter_map(|key| self.by_key.get(&key))
            .flatten()
            .copied()
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
            .into_iter()
            .filter_map(|position| {
                // Positions are only ever filed by `insert`, as the index of the party it
                // pushes, and parties are never removed: always in bounds.
                let (party, keys) = &self.parties[position];
                let reasons = candidate.reasons_against(keys);
                (!reasons.is_empty()).then_some(DuplicateMatch { party, reasons })
            })
            .collect()
    }
}

/// The keys a party is filed under: every reason to match needs one of them in common.
fn index_keys(keys: &PartyKeys) -> impl Iterator<Item = IndexKey> + '_ {
    let phones = keys.phones().iter().cloned().map(IndexKey::Phone);
    let emails = keys.emails().iter().cloned().map(IndexKey::Email);
    let sirens = keys
        .company_numbers()
        .iter()
        .map(|n| IndexKey::Siren(n.siren().to_string()));
    // A name alone matches nothing: only names in the same postal code are compared.
    let postal = keys
        .postal_code()
        .filter(|_| keys.name().is_some())
        .map(|code| IndexKey::PostalCode(code.to_string()));
    phones.chain(emails).chain(sirens).chain(postal)
}
