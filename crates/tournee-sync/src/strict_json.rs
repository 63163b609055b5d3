//! A strict reading of JSON that refuses the same key twice in one object.
//!
//! RFC 8259 leaves duplicate keys to each reader: serde_json keeps the last one, other
//! readers keep the first. A change file is signed over its raw bytes, so two readers of
//! one signed file could see two different changes; refusing duplicates everywhere makes
//! every reader see the same one (sync-spec section 3).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The first key found twice in one object of `text`, with where its second occurrence
/// ends (line, column), or `None` when every object has distinct keys.
///
/// `text` must already be known to be valid JSON: syntax errors are the caller's reason
/// code (`bad_json`), checked first so every reader reports the same code for a file
/// that is both malformed and duplicated.
pub fn first_duplicate_key(text: &str) -> Option<DuplicateKey> {
    let mut found = None;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let outcome = DuplicateFinder { found: &mut found }.deserialize(&mut deserializer);
    match outcome {
        Ok(()) => None,
        Err(error) => found.map(|key| DuplicateKey {
            key,
            line: error.line(),
            column: error.column(),
        }),
    }
}

/// A key met twice in one JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key.
    pub key: String,
    /// Line of its second occurrence (1-based).
    pub line: usize,
    /// Column just after its second occurrence.
    pub column: usize,
}

/// Walks one JSON value, remembering the first duplicate key and stopping there.
struct DuplicateFinder<'a> {
    found: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for DuplicateFinder<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DuplicateFinder<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(DuplicateFinder {
                found: &mut *self.found,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key.clone()) {
                *self.found = Some(key);
                return Err(de::Error::custom("duplicate key"));
            }
            map.next_value_seed(DuplicateFinder {
                found: &mut *self.found,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate(text: &str) -> Option<String> {
        first_duplicate_key(text).map(|d| d.key)
    }

    #[test]
    fn distinct_keys_pass_at_every_depth() {
        for text in [
            r#"{}"#,
            r#"{"a": 1, "b": {"a": 2, "b": [{"a": 3}, {"a": 4}]}}"#,
            r#"[{"x": null}, {"x": true}, 1.5, -3, "s"]"#,
            r#"{"a": {"a": {"a": {}}}}"#,
        ] {
            assert_eq!(duplicate(text), None, "{text}");
        }
    }

    #[test]
    fn a_key_twice_is_found_wherever_it_is() {
        assert_eq!(duplicate(r#"{"a": 1, "a": 2}"#).as_deref(), Some("a"));
        assert_eq!(
            duplicate(r#"{"p": {"fields": {"tel_1": "1", "tel_1": "2"}}}"#).as_deref(),
            Some("tel_1")
        );
        assert_eq!(
            duplicate(r#"{"l": [{"k": 1}, {"k": 1, "k": 2}]}"#).as_deref(),
            Some("k")
        );
    }

    #[test]
    fn escaped_spellings_of_one_key_are_the_same_key() {
        // "a" and "\u0061" are one key once decoded: a reader must see one value.
        assert_eq!(duplicate(r#"{"a": 1, "\u0061": 2}"#).as_deref(), Some("a"));
    }

    #[test]
    fn the_position_points_at_the_second_occurrence() {
        let found = first_duplicate_key("{\n  \"a\": 1,\n  \"a\": 2\n}").unwrap();
        assert_eq!((found.key.as_str(), found.line), ("a", 3));
    }
}
