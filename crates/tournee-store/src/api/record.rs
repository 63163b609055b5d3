//! A record as the API answers it, written once as JSON text straight from its row.
//!
//! Profiling a list of 50 parties under 200 clients (docs/benchmarks.md, « REST API, fifth
//! step ») found most of the time in building a `serde_json::Map` per record (a `String`
//! and a `Value` per field, a B-tree insert each), serialising it once for the entity tag
//! and once more for the body. Here each row is written once, as the compact JSON object
//! that map would have printed (fields by name), and the tag digests those very bytes; a
//! list or a fetch then copies the text, or the fields picked from it.

use std::ops::Range;

use base64::Engine as _;
use rusqlite::types::ValueRef;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::resources::{FieldKind, ResourceSpec};

/// A record as the API answers it: its JSON and its entity tag.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRecord {
    /// Its id.
    pub id: String,
    /// Every field of the resource as one compact JSON object, keys by name.
    json: String,
    /// Each field's name and where its `"name":value` stands in `json`, in name order.
    spans: Vec<(&'static str, Range<usize>)>,
    /// `"…"`: a digest of `json`, for `ETag` and `If-Match`.
    pub etag: String,
}

/// A text cell's characters; SQLite may hold bytes that are not UTF-8.
fn text_of(bytes: &[u8]) -> Result<&str, rusqlite::Error> {
    std::str::from_utf8(bytes).map_err(rusqlite::Error::Utf8Error)
}

/// The order the fields of `spec` take in a record's JSON: by name, as a JSON object's
/// keys sort (computed once per read: a resource has a few dozen fields).
pub(super) fn name_order(spec: &ResourceSpec) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spec.fields.len()).collect();
    order.sort_by_key(|&index| spec.fields[index].name);
    order
}

/// Writes one cell as the JSON value the API gives it: a boolean field's 1 is `true`,
/// its other numbers `false`; a blob is its base64 text.
fn write_value(out: &mut Vec<u8>, kind: FieldKind, cell: ValueRef<'_>) -> serde_json::Result<()> {
    match (kind, cell) {
        (_, ValueRef::Null) => out.extend_from_slice(b"null"),
        (FieldKind::Boolean, ValueRef::Integer(number)) => {
            out.extend_from_slice(if number == 1 { b"true" } else { b"false" })
        }
        // SQLite keeps no NaN; a real is `false`, as a number other than 1 is.
        (FieldKind::Boolean, ValueRef::Real(_)) => out.extend_from_slice(b"false"),
        (_, ValueRef::Integer(number)) => serde_json::to_writer(&mut *out, &number)?,
        (_, ValueRef::Real(number)) => serde_json::to_writer(&mut *out, &number)?,
        (_, ValueRef::Text(bytes)) => {
            let text = text_of(bytes).map_err(serde::ser::Error::custom)?;
            serde_json::to_writer(&mut *out, text)?
        }
        (_, ValueRef::Blob(bytes)) => serde_json::to_writer(
            &mut *out,
            &base64::engine::general_purpose::STANDARD.encode(bytes),
        )?,
    }
    Ok(())
}

impl ApiRecord {
    /// The record of a row whose first columns are `spec`'s fields in their order;
    /// `order` is [`name_order`] of the same spec.
    pub(super) fn from_row(
        row: &rusqlite::Row<'_>,
        spec: &ResourceSpec,
        order: &[usize],
        id: String,
    ) -> Result<Self, rusqlite::Error> {
        let mut out = Vec::with_capacity(768);
        let mut spans = Vec::with_capacity(order.len());
        out.push(b'{');
        for (place, &index) in order.iter().enumerate() {
            let field = &spec.fields[index];
            if place > 0 {
                out.push(b',');
            }
            let start = out.len();
            let cell = row.get_ref(index)?;
            serde_json::to_writer(&mut out, field.name)
                .and_then(|()| {
                    out.push(b':');
                    write_value(&mut out, field.kind, cell)
                })
                .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
            spans.push((field.name, start..out.len()));
        }
        out.push(b'}');
        // Invariant: every byte written is UTF-8 (JSON printed by serde_json, ASCII).
        let json = String::from_utf8(out)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
        let digest = Sha256::digest(json.as_bytes());
        let mut etag = String::with_capacity(34);
        etag.push('"');
        for byte in &digest[..16] {
            etag.push_str(&format!("{byte:02x}"));
        }
        etag.push('"');
        Ok(Self {
            id,
            json,
            spans,
            etag,
        })
    }

    /// Every field as one compact JSON object, keys by name (what the tag digests).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// Every field, as a JSON map (for answers that keep the record as a value). The
    /// resources' fields are text, whole numbers and booleans, which parse back exactly.
    pub fn fields(&self) -> serde_json::Result<Map<String, Value>> {
        serde_json::from_str(&self.json)
    }

    /// Appends the record's JSON object to `out`: every field or those `picked`, with its
    /// tag first as `_etag` when `with_etag` (a list's records carry it in the body).
    pub fn write_json(&self, out: &mut Vec<u8>, picked: Option<&[&str]>, with_etag: bool) {
        if picked.is_none() && !with_etag {
            out.extend_from_slice(self.json.as_bytes());
            return;
        }
        out.push(b'{');
        let mut first = true;
        if with_etag {
            out.extend_from_slice(b"\"_etag\":\"\\\"");
            // The tag is `"`, hexadecimal digits and `"`: in a JSON string, its quotes
            // escaped, as `ETag` writes it.
            out.extend_from_slice(self.etag.trim_matches('"').as_bytes());
            out.extend_from_slice(b"\\\"\"");
            first = false;
        }
        for (name, span) in &self.spans {
            if picked.is_some_and(|names| !names.contains(name)) {
                continue;
            }
            if !first {
                out.push(b',');
            }
            out.extend_from_slice(&self.json.as_bytes()[span.clone()]);
            first = false;
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::resources::{ApiResource, RESOURCES};
    use rusqlite::Connection;

    /// The former way: a map of values, printed by serde_json.
    fn as_map(spec: &ResourceSpec, row: &rusqlite::Row<'_>) -> Map<String, Value> {
        let mut fields = Map::new();
        for (index, field) in spec.fields.iter().enumerate() {
            let value = match row.get_ref(index).unwrap() {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::from(i),
                ValueRef::Real(r) => Value::from(r),
                ValueRef::Text(t) => Value::from(std::str::from_utf8(t).unwrap()),
                ValueRef::Blob(b) => {
                    Value::from(base64::engine::general_purpose::STANDARD.encode(b))
                }
            };
            let value = match (field.kind, value) {
                (FieldKind::Boolean, Value::Number(n)) => Value::Bool(n.as_i64() == Some(1)),
                (_, value) => value,
            };
            fields.insert(field.name.to_string(), value);
        }
        fields
    }

    /// Rows of every resource's shape with awkward cells: quotes, accents, control
    /// characters, a NUL, emoji, big and negative numbers, reals, blobs, nulls.
    fn awkward_cells(row: usize, columns: usize) -> Vec<rusqlite::types::Value> {
        use rusqlite::types::Value as Cell;
        let texts = [
            "Transports « Banc » d'essai",
            "a \"quoted\" \\ back\nslash\t\u{1}",
            "Zoé 🚚 \u{0}",
            "",
        ];
        (0..columns)
            .map(|column| match (row + column) % 7 {
                0 => Cell::Null,
                1 => Cell::Integer(if column % 2 == 0 {
                    1
                } else {
                    -9_007_199_254_740_993
                }),
                // Reals with a short decimal form, so that parsing them back is exact too.
                2 => Cell::Real([1234.5, -0.25, 3.0e-3][column % 3]),
                3 => Cell::Blob(vec![0, 255, 7, column as u8]),
                4 => Cell::Integer(0),
                _ => Cell::Text(texts[(row * 3 + column) % texts.len()].to_string()),
            })
            .collect()
    }

    #[test]
    fn a_record_prints_what_its_map_printed_and_its_tag_digests_the_same_bytes() {
        let conn = Connection::open_in_memory().unwrap();
        for spec in RESOURCES {
            assert!(ApiResource::from_path(spec.path).is_some());
            let order = name_order(spec);
            let columns = spec.fields.len();
            let placeholders = vec!["?"; columns].join(", ");
            let mut statement = conn.prepare(&format!("SELECT {placeholders}")).unwrap();
            for row_number in 0..12 {
                let cells = awkward_cells(row_number, columns);
                let mut rows = statement
                    .query(rusqlite::params_from_iter(cells.iter()))
                    .unwrap();
                let row = rows.next().unwrap().unwrap();
                let record = ApiRecord::from_row(row, spec, &order, "ID".into()).unwrap();
                let map = as_map(spec, row);
                assert_eq!(
                    record.json(),
                    serde_json::to_string(&map).unwrap(),
                    "{}",
                    spec.path
                );
                assert_eq!(record.fields().unwrap(), map);
                let digest = format!("{:x}", Sha256::digest(record.json().as_bytes()));
                assert_eq!(record.etag, format!("\"{}\"", &digest[..32]));

                let mut listed = Vec::new();
                record.write_json(&mut listed, None, true);
                let mut with_tag = map.clone();
                with_tag.insert("_etag".into(), Value::from(record.etag.clone()));
                let printed = format!(
                    "{{\"_etag\":{},{}",
                    serde_json::to_string(&record.etag).unwrap(),
                    &record.json()[1..]
                );
                assert_eq!(String::from_utf8(listed.clone()).unwrap(), printed);
                let listed: Value = serde_json::from_slice(&listed).unwrap();
                assert_eq!(listed, Value::Object(with_tag), "as the map with its tag");

                let picked = [spec.fields[0].name, spec.fields[columns - 1].name];
                let mut some = Vec::new();
                record.write_json(&mut some, Some(&picked), false);
                let some: Map<String, Value> = serde_json::from_slice(&some).unwrap();
                let expected: Map<String, Value> = map
                    .iter()
                    .filter(|(name, _)| picked.contains(&name.as_str()))
                    .map(|(name, value)| (name.clone(), value.clone()))
                    .collect();
                assert_eq!(some, expected);
            }
        }
    }

    #[test]
    fn a_cell_that_is_not_utf8_is_an_error_not_a_guess() {
        let conn = Connection::open_in_memory().unwrap();
        let spec = ApiResource::Parties.spec();
        let order = name_order(spec);
        let columns = spec.fields.len();
        let cells: Vec<String> = (0..columns)
            .map(|i| {
                if i == 1 {
                    "CAST(x'ff' AS TEXT)".into()
                } else {
                    "NULL".into()
                }
            })
            .collect();
        let mut statement = conn
            .prepare(&format!("SELECT {}", cells.join(", ")))
            .unwrap();
        let mut rows = statement.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        assert!(ApiRecord::from_row(row, spec, &order, "ID".into()).is_err());
    }
}
