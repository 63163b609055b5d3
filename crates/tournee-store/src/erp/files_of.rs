//! A master's ERP-owned tables written out as the ERP files `erp import` reads: the demo
//! and the benchmark feed the bridge the way a real ERP's export job would.

use std::path::Path;

use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use tournee_csv::CsvWriter;

use super::columns::Column;
use super::tables::{Table, CLIENT_FILE, TABLES};
use crate::error::{Result, StoreError};

/// Rows written per file, in the order of [`super::erp_file_names`].
pub type WrittenRows = Vec<(&'static str, u64)>;

/// Writes the five ERP files of `conn`'s master into `folder` (created if missing).
/// `client_relation.csv` holds the rows that did not come from Tournée (no `change_id`),
/// numbered by their ERP number, or by their id when they have none.
pub fn write_erp_files(conn: &Connection, folder: &Path) -> Result<WrittenRows> {
    std::fs::create_dir_all(folder).map_err(|e| StoreError::io(folder, e))?;
    let mut written = Vec::new();
    for table in TABLES {
        let filter = match table.file {
            "client_relation.csv" => " WHERE change_id IS NULL",
            _ => "",
        };
        written.push((table.file, write_file(conn, folder, table, filter)?));
    }
    Ok(written)
}

/// Writes `client.csv` again with the active clients only: the export of an ERP that no
/// longer lists the others (the demo's last export, which a re-import finds unchanged).
pub(crate) fn write_active_clients(conn: &Connection, folder: &Path) -> Result<u64> {
    write_file(conn, folder, &CLIENT_FILE, " WHERE actif = 1")
}

fn write_file(conn: &Connection, folder: &Path, table: &Table, filter: &str) -> Result<u64> {
    let from = table.file.trim_end_matches(".csv");
    let select: Vec<String> = table.columns.iter().map(select_of).collect();
    let order = match from {
        "client_relation" | "client_contact" => "id",
        "sales_month" => "c_client, month",
        _ => "rowid",
    };
    let sql = format!(
        "SELECT {} FROM {from}{filter} ORDER BY {order}",
        select.join(", ")
    );
    let headers: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
    let mut csv = CsvWriter::new(&headers);
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut count = 0;
    let mut cells: Vec<String> = Vec::with_capacity(headers.len());
    while let Some(row) = rows.next()? {
        cells.clear();
        for (i, column) in table.columns.iter().enumerate() {
            cells.push(cell(column, row.get_ref(i)?));
        }
        csv.row(cells.iter().map(String::as_str));
        count += 1;
    }
    let path = folder.join(table.file);
    std::fs::write(&path, csv.finish()).map_err(|e| StoreError::io(&path, e))?;
    Ok(count)
}

fn select_of(column: &Column) -> String {
    match column.db {
        "erp_num_relation" => "coalesce(erp_num_relation, id)".to_string(),
        db => db.to_string(),
    }
}

fn cell(column: &Column, value: ValueRef<'_>) -> String {
    match (column.db, Value::from(value)) {
        (_, Value::Null) => String::new(),
        ("amount_cents", Value::Integer(cents)) => {
            let sign = if cents < 0 { "-" } else { "" };
            format!("{sign}{},{:02}", cents.abs() / 100, cents.abs() % 100)
        }
        (_, Value::Integer(i)) => i.to_string(),
        (_, Value::Real(r)) => r.to_string(),
        (_, Value::Text(t)) => t,
        (_, Value::Blob(_)) => String::new(),
    }
}
