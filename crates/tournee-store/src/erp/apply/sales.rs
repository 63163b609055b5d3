//! `sales_month.csv`: keyed by client and month. Months absent from the file are kept (an
//! ERP often exports only the recent months).

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction};

use super::{text, FileRows, Next, Out};
use crate::erp::known::{DigestWriter, KEY_SEPARATOR, SALES};
use crate::erp::numbers::Numbers;
use crate::erp::RowRefusal;
use crate::error::Result;

/// Applies `sales_month.csv`; `empty`: the table held no row before.
pub(super) fn apply(
    tx: &Transaction<'_>,
    file: &mut FileRows<'_, '_>,
    clients: &HashSet<String>,
    out: &mut Out<'_>,
    empty: bool,
) -> Result<()> {
    let client = file.index("c_client").unwrap_or(0);
    let month = file.index("month").unwrap_or(1);
    let amount = file.index("amount_cents").unwrap_or(2);
    // Keys without a string per row: the client's number among the known codes, the month
    // as a number (the reader stores `YYYY-MM`).
    let numbers: HashMap<&str, u32> = clients
        .iter()
        .enumerate()
        .map(|(n, code)| (code.as_str(), n as u32))
        .collect();
    let mut lookup =
        tx.prepare("SELECT amount_cents FROM sales_month WHERE c_client = ?1 AND month = ?2")?;
    let mut upsert = tx.prepare(
        "INSERT INTO sales_month (c_client, month, amount_cents) VALUES (?1, ?2, ?3) \
         ON CONFLICT (c_client, month) DO UPDATE SET amount_cents = excluded.amount_cents",
    )?;
    let mut digests = DigestWriter::new(tx, SALES, empty)?;
    let mut first_lines: HashMap<(u32, u32), usize, Numbers> = HashMap::with_hasher(Numbers::new());
    while let Some(row) = file.next_row() {
        let (line, values, cells) = match row {
            Next::Same { line, key, .. } => {
                // Stored by an earlier run as `c_client` U+001F `YYYY-MM`, of a known client.
                let (code, month_text) = key.text().split_once(KEY_SEPARATOR).unwrap_or(("", ""));
                let number = numbers.get(code).copied().unwrap_or(u32::MAX);
                let key = (number, month_number(month_text).unwrap_or(0));
                if first(&mut first_lines, key, line, out, code, month_text) {
                    out.report.unchanged += 1;
                }
                continue;
            }
            Next::Checked {
                line,
                values,
                cells,
                ..
            } => (line, values, cells),
        };
        let code = text(&values[client]);
        let Some(&number) = numbers.get(code) else {
            out.refuse(
                line,
                RowRefusal::UnknownClient {
                    c_client: code.to_string(),
                },
            );
            continue;
        };
        let month_text = text(&values[month]);
        // The reader stores every month as `YYYY-MM`: a number always comes out.
        let key = (number, month_number(month_text).unwrap_or(0));
        let cents = match values[amount] {
            Value::Integer(cents) => cents,
            _ => 0, // the reader refuses an empty amount (not_empty)
        };
        if !first(&mut first_lines, key, line, out, code, month_text) {
            continue;
        }
        let old: Option<i64> = if empty {
            None
        } else {
            lookup
                .query_row([code, month_text], |r| r.get(0))
                .optional()?
        };
        match old {
            Some(old) if old == cents => out.report.unchanged += 1,
            old => {
                upsert.execute(rusqlite::params![&values[client], &values[month], cents])?;
                if old.is_some() {
                    out.report.updated += 1;
                } else {
                    out.report.inserted += 1;
                }
            }
        }
        digests.put_text(&format!("{code}{KEY_SEPARATOR}{month_text}"), cells)?;
    }
    digests.finish()?;
    Ok(())
}

/// Remembers the first line of a (client, month); refuses a row that gives it again.
fn first(
    first_lines: &mut HashMap<(u32, u32), usize, Numbers>,
    key: (u32, u32),
    line: usize,
    out: &mut Out<'_>,
    code: &str,
    month: &str,
) -> bool {
    if let Some(&first_line) = first_lines.get(&key) {
        out.refuse(
            line,
            RowRefusal::DuplicateKey {
                key: format!("{code} {month}"),
                first_line,
            },
        );
        return false;
    }
    first_lines.insert(key, line);
    true
}

/// `YYYY-MM` as a number of months, `None` for anything else.
fn month_number(month: &str) -> Option<u32> {
    let (year, month) = month.split_once('-')?;
    Some(year.parse::<u32>().ok()? * 12 + month.parse::<u32>().ok()?)
}
