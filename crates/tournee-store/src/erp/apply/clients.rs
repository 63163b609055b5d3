//! `client.csv`: a full export. Present: inserted, updated, or reactivated; absent:
//! deactivated (`actif = 0`), never deleted, so its visits, sales and requests stay.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Transaction};
use tournee_core::normalize_phone;

use super::{others, pick, read_row, same_at, text, FileRows, Next, Out};
use crate::erp::known::{DigestWriter, CLIENTS};
use crate::error::Result;

/// A client of the master: the file's columns' values, whether it is active, and whether
/// the accountant validated it in Tournée and no ERP export listed it yet.
type Stored = (Vec<Value>, bool, bool);

/// Applies `client.csv`; `empty`: the table held no client before (nothing to look up).
pub(super) fn apply(
    tx: &Transaction<'_>,
    file: &mut FileRows<'_, '_>,
    out: &mut Out<'_>,
    empty: bool,
) -> Result<()> {
    let key = file.index("c_client").unwrap_or(0);
    let (positions, names) = others(file, &["c_client"]);
    let tel = file.index("tel_1");
    let listed: String = names.iter().map(|n| format!(", {n}")).collect();
    let mut lookup = tx.prepare(&format!(
        "SELECT actif, (created_from_prospect IS NOT NULL AND erp_listed = 0){listed} \
         FROM client WHERE c_client = ?1"
    ))?;
    let mut insert_columns = vec!["c_client"];
    insert_columns.extend(&names);
    if tel.is_some() {
        insert_columns.push("tel_norm");
    }
    let placeholders: Vec<String> = (1..=insert_columns.len())
        .map(|i| format!("?{i}"))
        .collect();
    let mut insert = tx.prepare(&format!(
        "INSERT INTO client ({}, actif, erp_listed) VALUES ({}, 1, 1)",
        insert_columns.join(", "),
        placeholders.join(", ")
    ))?;
    let mut sets: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{n} = ?{}", i + 2))
        .collect();
    sets.push("actif = 1, erp_listed = 1".to_string());
    if tel.is_some() {
        sets.push(format!("tel_norm = ?{}", names.len() + 2));
    }
    let mut update = tx.prepare(&format!(
        "UPDATE client SET {} WHERE c_client = ?1",
        sets.join(", ")
    ))?;
    let mut digests = DigestWriter::new(tx, CLIENTS, empty)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    while let Some(row) = file.next_row() {
        let (line, values, cells) = match row {
            Next::Same { line, key, .. } => {
                // Active, listed, and as the last import left it (migration 0029).
                if out.first_time(&mut seen, key.text(), line) {
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
        let code = text(&values[key]);
        if !out.first_time(&mut seen, code, line) {
            continue;
        }
        let known: Option<Stored> = if empty {
            None
        } else {
            lookup
                .query_row([code], |r| {
                    Ok((read_row(r, 2, names.len())?, r.get(0)?, r.get(1)?))
                })
                .optional()?
        };
        let same = known
            .as_ref()
            .is_some_and(|(old, _, _)| same_at(&values, &positions, old));
        let written = match &known {
            Some((_, true, false)) if same => {
                out.report.unchanged += 1;
                false
            }
            _ => true,
        };
        if written {
            let tel_norm = tel.map(|tel| match &values[tel] {
                Value::Text(t) => normalize_phone(t).map_or(Value::Null, Value::Text),
                _ => Value::Null,
            });
            let mut bound = Vec::with_capacity(positions.len() + 2);
            bound.push(&values[key]);
            bound.extend(pick(&values, &positions));
            bound.extend(tel_norm.as_ref());
            match &known {
                None => {
                    insert.execute(params_from_iter(bound))?;
                    out.report.inserted += 1;
                }
                Some((_, active, _)) => {
                    update.execute(params_from_iter(bound))?;
                    if same && *active {
                        out.report.unchanged += 1; // only marked as listed by the ERP
                    } else {
                        out.report.updated += 1;
                    }
                }
            }
        }
        digests.put_text(code, cells)?;
    }
    digests.finish()?;
    deactivate_absent(tx, &seen, out)
}

/// Marks inactive every active client the export did not list, except one the
/// accountant validated in Tournée that no export has listed yet.
fn deactivate_absent(
    tx: &Transaction<'_>,
    seen: &HashMap<String, usize>,
    out: &mut Out<'_>,
) -> Result<()> {
    let absent: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT c_client FROM client \
             WHERE actif = 1 AND NOT (created_from_prospect IS NOT NULL AND erp_listed = 0)",
        )?;
        let codes = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut absent = Vec::new();
        for code in codes {
            let code = code?;
            if !seen.contains_key(&code) {
                absent.push(code);
            }
        }
        absent
    };
    let mut deactivate = tx.prepare("UPDATE client SET actif = 0 WHERE c_client = ?1")?;
    for code in &absent {
        deactivate.execute([code])?;
        out.report.deactivated += 1;
    }
    Ok(())
}
