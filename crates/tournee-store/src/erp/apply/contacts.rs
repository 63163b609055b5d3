//! `client_contact.csv`: a full export keyed by client and name (and rank among the
//! client's contacts of that name). A contact the export no longer lists is removed
//! (contacts carry no history; the ERP owns them).

use std::collections::{HashMap, HashSet, VecDeque};

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Transaction};

use super::{others, pick, read_row, same_at, text, FileRows, Next, Out};
use crate::erp::known::{DigestWriter, CONTACTS};
use crate::erp::RowRefusal;
use crate::error::Result;

/// A contact already in the master: its id and the values of the file's columns.
type KnownContact = (i64, Vec<Value>);

/// A row of the file to compare with the master: its values and the digest of its cells.
type ToCompare = (Vec<Value>, i64);

/// Applies `client_contact.csv`; `empty`: the table held no contact before.
pub(super) fn apply(
    tx: &Transaction<'_>,
    file: &mut FileRows<'_, '_>,
    clients: &HashSet<String>,
    out: &mut Out<'_>,
    empty: bool,
) -> Result<()> {
    let (client, name) = (
        file.index("c_client").unwrap_or(0),
        file.index("name").unwrap_or(1),
    );
    let (positions, names) = others(file, &["c_client", "name"]);
    // The rows unchanged since the last import name their contact; the others are matched
    // with the contacts left once the whole file is read, so that a changed row never
    // takes a contact an unchanged row further down stands for.
    let mut claimed: HashSet<i64> = HashSet::new();
    let mut to_compare: Vec<ToCompare> = Vec::new();
    while let Some(row) = file.next_row() {
        match row {
            Next::Same { key, .. } => {
                claimed.extend(key.int());
                out.report.unchanged += 1;
            }
            Next::Checked {
                line,
                values,
                cells,
                ..
            } => {
                let code = text(&values[client]);
                if clients.contains(code) {
                    to_compare.push((values, cells));
                } else {
                    out.refuse(
                        line,
                        RowRefusal::UnknownClient {
                            c_client: code.to_string(),
                        },
                    );
                }
            }
        }
    }
    let listed: String = names.iter().map(|n| format!(", {n}")).collect();
    // (client, name) → the rows already there and not claimed, oldest first.
    let mut existing: HashMap<(String, String), VecDeque<KnownContact>> = HashMap::new();
    if !empty {
        let mut stmt = tx.prepare(&format!(
            "SELECT id, c_client, name{listed} FROM client_contact ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if !claimed.contains(&id) {
                existing
                    .entry((row.get(1)?, row.get(2)?))
                    .or_default()
                    .push_back((id, read_row(row, 3, names.len())?));
            }
        }
    }
    let placeholders: String = (3..names.len() + 3).map(|i| format!(", ?{i}")).collect();
    let mut insert = tx.prepare(&format!(
        "INSERT INTO client_contact (c_client, name{listed}) VALUES (?1, ?2{placeholders})"
    ))?;
    let sets: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{n} = ?{}", i + 2))
        .collect();
    let mut update = (!sets.is_empty())
        .then(|| {
            tx.prepare(&format!(
                "UPDATE client_contact SET {} WHERE id = ?1",
                sets.join(", ")
            ))
        })
        .transpose()?;
    let mut digests = DigestWriter::new(tx, CONTACTS, empty)?;
    // Two contacts of a client with the same name are matched in file order: the n-th
    // row of that name with the n-th contact of that name already there.
    for (values, cells) in to_compare {
        let (code, person) = (text(&values[client]), text(&values[name]));
        let known = existing
            .get_mut(&(code.to_string(), person.to_string()))
            .and_then(VecDeque::pop_front);
        let id = match (known, update.as_mut()) {
            (None, _) => {
                let mut bound = vec![&values[client], &values[name]];
                bound.extend(pick(&values, &positions));
                insert.execute(params_from_iter(bound))?;
                out.report.inserted += 1;
                tx.last_insert_rowid()
            }
            (Some((id, old)), _) if same_at(&values, &positions, &old) => {
                out.report.unchanged += 1;
                id
            }
            (Some((id, _)), Some(update)) => {
                let id_value = Value::Integer(id);
                let mut bound = vec![&id_value];
                bound.extend(pick(&values, &positions));
                update.execute(params_from_iter(bound))?;
                out.report.updated += 1;
                id
            }
            // No column besides the key: nothing to differ.
            (Some((id, _)), None) => {
                out.report.unchanged += 1;
                id
            }
        };
        digests.put_int(id, cells)?;
    }
    digests.finish()?;
    let mut delete = tx.prepare("DELETE FROM client_contact WHERE id = ?1")?;
    for (id, _) in existing.into_values().flatten() {
        delete.execute([id])?;
        out.report.deleted += 1;
    }
    Ok(())
}
