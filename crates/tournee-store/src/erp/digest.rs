//! The digests an import keeps of the rows it applied, both stable across builds and
//! machines (unlike std's hasher), since the digest stored by one run compares with the
//! next run's:
//!
//! * [`cells_digest`]: a row's cells as the file wrote them, before any parsing: equal to
//!   the one stored at the last import, the row is that import's row again and needs no
//!   parsing, checking nor comparing (migration 0029, [`super::known`]);
//! * [`values_digest`]: a relation's values once parsed (`client_relation.erp_hash`,
//!   FNV-1a), to tell whether the ERP changed a row Tournée may have archived since.

use rusqlite::types::Value;

/// Bumped when the cells' digest or the rules that read cells change, so that rows
/// stored under the former reading are compared value by value once more.
const CELLS_DIGEST_VERSION: u64 = 1;

const K0: u64 = 0xa076_1d64_78bd_642f;
const K1: u64 = 0xe703_7ed1_a0b4_28db;

/// The 128-bit product of `a` and `b` folded to 64 bits: one multiplication mixes every
/// bit of a word into the state.
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Mixes `bytes` into `state`, eight bytes per step, length first (so that the cells
/// `ab`,`c` and `a`,`bc` differ).
fn eat(state: u64, bytes: &[u8]) -> u64 {
    let mut state = fold(state ^ K0, bytes.len() as u64 ^ K1);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state = fold(state ^ u64::from_le_bytes(word), K1);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        state = fold(state ^ u64::from_le_bytes(word), K0);
    }
    state
}

/// What a file's rows are read as: its name and its columns in the file's order. A file
/// whose header changed (a column added, removed or moved) gives other digests, and its
/// rows are compared value by value again.
pub(super) fn header_seed<'a>(file: &str, columns: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut state = eat(CELLS_DIGEST_VERSION, file.as_bytes());
    for column in columns {
        state = eat(state, column.as_bytes());
    }
    state
}

/// The digest of one row's cells, as decoded from the file, under its file's seed.
pub(super) fn cells_digest(seed: u64, cells: &[String]) -> i64 {
    let state = cells
        .iter()
        .fold(seed, |state, cell| eat(state, cell.as_bytes()));
    // Stored in an SQLite INTEGER: the bits as they are.
    fold(state, K1 ^ K0) as i64
}

/// FNV-1a over a row's values (`client_relation.erp_hash`): the same since issue 16's
/// first import, so that a digest stored then still compares.
pub(super) fn values_digest<'v>(values: impl IntoIterator<Item = &'v Value>) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for value in values {
        match value {
            Value::Null => eat(b"\x00"),
            Value::Integer(i) => {
                eat(b"\x01");
                eat(&i.to_le_bytes());
            }
            Value::Real(r) => {
                eat(b"\x02");
                eat(&r.to_le_bytes());
            }
            Value::Text(t) => {
                eat(b"\x03");
                eat(&(t.len() as u64).to_le_bytes());
                eat(t.as_bytes());
            }
            Value::Blob(b) => {
                eat(b"\x04");
                eat(&(b.len() as u64).to_le_bytes());
                eat(b);
            }
        }
    }
    hash as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| (*t).to_string()).collect()
    }

    #[test]
    fn the_cells_digest_is_stable_and_tells_cells_header_and_file_apart() {
        let seed = header_seed("client.csv", ["c_client", "nom_client"]);
        let row = cells_digest(seed, &cells(&["C1", "Garage Morel"]));
        // Stored in masters: it must never change between builds (bump the version). The
        // value below was computed by a separate implementation of the same steps.
        assert_eq!(row, 0x1444_4dfe_80e9_af9f);
        assert_eq!(seed, header_seed("client.csv", ["c_client", "nom_client"]));
        for other in [
            cells_digest(seed, &cells(&["C1", "Garage Morel "])),
            cells_digest(seed, &cells(&["C1G", "arage Morel"])),
            cells_digest(seed, &cells(&["C1", "Garage Morel", ""])),
            cells_digest(
                header_seed("client.csv", ["nom_client", "c_client"]),
                &cells(&["C1", "Garage Morel"]),
            ),
            cells_digest(
                header_seed("client_contact.csv", ["c_client", "nom_client"]),
                &cells(&["C1", "Garage Morel"]),
            ),
        ] {
            assert_ne!(other, row);
        }
    }

    #[test]
    fn the_values_digest_is_the_one_stored_since_the_first_import() {
        // Masters imported before this module hold these digests in `erp_hash`: the value
        // below is FNV-1a of the bytes as issue 16's first import laid them out.
        let row = [Value::Text("CRV".into()), Value::Integer(0), Value::Null];
        assert_eq!(values_digest(&row), 0x81c4_04d6_2218_cb47_u64 as i64);
        assert_ne!(
            values_digest(&row),
            values_digest(&[Value::Text("CRV".into()), Value::Integer(1), Value::Null])
        );
    }
}
