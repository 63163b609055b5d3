//! A strict reading of JSON that refuses the same key twice in one object.
//!
//! RFC 8259 leaves duplicate keys to each reader: serde_json keeps the last one, other
//! readers keep the first. A change file is signed over its raw bytes, so two readers of
//! one signed file could see two different changes; refusing duplicates everywhere makes
//! every reader see the same one (sync-spec section 3). The check is part of the one
//! parse every file goes through, so it costs no second reading.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Why a text is not one strict JSON value.
#[derive(Debug)]
pub enum StrictJsonError {
    /// Not JSON at all (syntax, encoding, trailing characters): the spec's `bad_json`.
    Syntax(serde_json::Error),
    /// Valid JSON whose objects repeat a key: the spec's `duplicate_key`.
    Duplicate(DuplicateKey),
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

/// Parses `text` as serde_json would, refusing any object that holds a key twice.
///
/// A text that is both malformed and duplicated is reported as malformed, whatever comes
/// first in it, so every reader gives one file the same reason code.
pub fn parse_strict(text: &str) -> Result<Value, StrictJsonError> {
    let mut found = None;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = ValueBuilder { found: &mut found }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    match (parsed, found) {
        (Ok(value), _) => Ok(value),
        (Err(error), None) => Err(StrictJsonError::Syntax(error)),
        (Err(error), Some(key)) => {
            // Stopped at a duplicate: the rest may still be broken, which comes first.
            if let Err(syntax) = serde_json::from_str::<IgnoredAny>(text) {
                return Err(StrictJsonError::Syntax(syntax));
            }
            Err(StrictJsonError::Duplicate(DuplicateKey {
                key,
                line: error.line(),
                column: error.column(),
            }))
        }
    }
}

/// Builds a [`Value`] like serde_json's own, remembering the first duplicate key and
/// stopping there.
struct ValueBuilder<'a> {
    found: &'a mut Option<String>,
}

impl ValueBuilder<'_> {
    fn nested(&mut self) -> ValueBuilder<'_> {
        ValueBuilder {
            found: &mut *self.found,
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueBuilder<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueBuilder<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // JSON text has no NaN or infinity, so every parsed float is a number.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.nested())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                *self.found = Some(key);
                return Err(de::Error::custom("duplicate key"));
            }
            let value = map.next_value_seed(self.nested())?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate(text: &str) -> Option<String> {
        match parse_strict(text) {
            Err(StrictJsonError::Duplicate(found)) => Some(found.key),
            Err(StrictJsonError::Syntax(error)) => panic!("{text}: {error}"),
            Ok(_) => None,
        }
    }

    #[test]
    fn the_value_is_serde_jsons_own() {
        for text in [
            r#"{}"#,
            r#"{"a": 1, "b": {"a": 2, "b": [{"a": 3}, {"a": 4}]}}"#,
            r#"[{"x": null}, {"x": true}, 1.5, -3, 18446744073709551615, 1e300, 2.5e-3, "s\u00e9"]"#,
            r#"{"a": {"a": {"a": {}}}}"#,
        ] {
            let expected: Value = serde_json::from_str(text).unwrap();
            assert_eq!(parse_strict(text).unwrap(), expected, "{text}");
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
    fn broken_json_is_broken_first_even_after_a_duplicate() {
        for text in [
            r#"{"a": 1, "a": 2"#,
            r#"{"a": 1, "a": 2} x"#,
            r#"{"a": 1, "a": 2, }"#,
        ] {
            assert!(
                matches!(parse_strict(text), Err(StrictJsonError::Syntax(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn the_position_points_at_the_second_occurrence() {
        let Err(StrictJsonError::Duplicate(found)) = parse_strict("{\n  \"a\": 1,\n  \"a\": 2\n}")
        else {
            panic!("no duplicate found");
        };
        assert_eq!((found.key.as_str(), found.line), ("a", 3));
    }
}
