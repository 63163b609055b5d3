//! What goes out, kind by kind: the rows Tournée created that the ERP neither has nor
//! was sent yet, read from the master and written as CSV cells under the annexes' headers.

use rusqlite::types::{Value, ValueRef};
use rusqlite::Transaction;
use tournee_csv::CsvWriter;

use super::ExportKind;
use crate::error::Result;
use crate::office::creation::CLIENT_COLUMNS;

/// Annex 1's columns, in its order: the header of a `client_relation` file.
pub const RELATION_HEADERS: [&str; 11] = [
    "origine_relation",
    "date_relation",
    "heure_relation",
    "type_entite",
    "c_entite",
    "c_user",
    "type_relation",
    "objet",
    "commentaire",
    "num_relation_sujet",
    "c_archive",
];

/// The header of a `client` file: the client code, then annex 2's columns in its order.
pub fn client_headers() -> Vec<&'static str> {
    std::iter::once("c_client").chain(CLIENT_COLUMNS).collect()
}

/// The header of a file of `kind`.
pub(super) fn headers(kind: ExportKind) -> Vec<&'static str> {
    match kind {
        ExportKind::ClientRelation => RELATION_HEADERS.to_vec(),
        ExportKind::Client => client_headers(),
    }
}

/// The next rows of `kind` to send, at most `limit`, oldest first: each as its ledger key
/// and its cells in header order.
///
/// * `client_relation`: rows with a change id (visits, modification-request notes,
///   a prospect's visits carried over to its client) that the ERP does not list yet (no
///   `erp_num_relation`), about a client (`type_entite = 'C'`).
/// * `client`: clients the accountant validated (`created_from_prospect`) that no ERP
///   export has listed yet (`erp_listed = 0`).
pub(super) fn next_rows(
    tx: &Transaction<'_>,
    kind: ExportKind,
    limit: usize,
) -> Result<Vec<(String, Vec<String>)>> {
    let sql = match kind {
        ExportKind::ClientRelation => format!(
            "SELECT r.change_id, {} FROM client_relation r \
             WHERE r.change_id IS NOT NULL AND r.erp_num_relation IS NULL AND r.type_entite = 'C' \
             AND NOT EXISTS (SELECT 1 FROM erp_export_row e WHERE e.kind = 'client_relation' AND e.row_key = r.change_id) \
             ORDER BY r.id LIMIT ?1",
            prefixed("r", &RELATION_HEADERS)
        ),
        ExportKind::Client => format!(
            "SELECT c.c_client, {} FROM client c INDEXED BY client_to_export \
             WHERE c.created_from_prospect IS NOT NULL AND c.erp_listed = 0 \
             AND NOT EXISTS (SELECT 1 FROM erp_export_row e WHERE e.kind = 'client' AND e.row_key = c.c_client) \
             ORDER BY c.rowid LIMIT ?1",
            prefixed("c", &client_headers())
        ),
    };
    let width = headers(kind).len();
    let mut stmt = tx.prepare(&sql)?;
    let mut rows = stmt.query([limit as i64])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        let cells = (1..=width)
            .map(|i| row.get_ref(i).map(cell))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        found.push((key, cells));
    }
    Ok(found)
}

fn prefixed(table: &str, columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("{table}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A master value as the ERP reads it: text as stored (dates are `YYYY-MM-DD`), whole
/// numbers in digits, NULL as an empty cell.
pub(crate) fn cell(value: ValueRef<'_>) -> String {
    match Value::from(value) {
        Value::Null | Value::Blob(_) => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t,
    }
}

/// A CSV file of one client: the header of a `client` file and one row, as the
/// accountant downloads it from the request page.
pub fn one_client_csv(values: &[(&str, String)]) -> Vec<u8> {
    let headers: Vec<&str> = values.iter().map(|(h, _)| *h).collect();
    let mut csv = CsvWriter::new(&headers);
    csv.row(values.iter().map(|(_, v)| v.as_str()));
    csv.finish()
}
