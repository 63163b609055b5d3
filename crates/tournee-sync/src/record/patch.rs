//! One field of a record change: left out, cleared, or set — three states, because an
//! update carries only what changed and must still be able to empty a field.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of a record change: absent from the payload ([`Patch::Unchanged`]), `null`
/// ([`Patch::Cleared`]) or a value ([`Patch::Set`]).
///
/// In the field structs it is declared with `#[serde(default, skip_serializing_if =
/// "Patch::is_unchanged")]`, so an absent field reads as unchanged and is never written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Patch<T> {
    /// Not in the payload: the field keeps its value.
    #[default]
    Unchanged,
    /// `null`: the field is emptied.
    Cleared,
    /// The field's new value.
    Set(T),
}

impl<T> Patch<T> {
    /// Whether the payload leaves this field out (serde's `skip_serializing_if`).
    pub fn is_unchanged(&self) -> bool {
        matches!(self, Self::Unchanged)
    }

    /// The value set, if any.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            Self::Unchanged | Self::Cleared => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// Called only for a field present in the payload: `null` clears it.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Self::Cleared, Self::Set))
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Set(value) => value.serialize(serializer),
            // `Unchanged` is skipped by the field's attribute; written alone it is `null`.
            Self::Unchanged | Self::Cleared => serializer.serialize_none(),
        }
    }
}

/// A calendar day, read strictly as `YYYY-MM-DD` (the one reader of typed dates,
/// `tournee_core::parse_iso_date`) and written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        tournee_core::iso_date::deserialize(deserializer).map(Day)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.format("%Y-%m-%d"))
    }
}
