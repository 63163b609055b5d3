//! `client_relation.csv`: the ERP's history, keyed by its row number (`num_relation`).
//! Rows are never deleted. A row already imported is updated only when the ERP changed it
//! (digest of the exported values), and an archived row (`c_archive = 'O'`, set by
//! Tournée's archiving job or the ERP) never comes back to `N`. Rows Tournée created
//! (`change_id`, no ERP number) are never touched, except that the ERP's copy of a
//! Tournée visit (origin `CRV`, same client, user, day and time) is linked to it instead
//! of being inserted twice.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Transaction};

use super::{others, pick, text, FileRows, Next, Out};
use crate::erp::known::{DigestWriter, Known, RowKey, RELATIONS};
use crate::erp::numbers::Numbers;
use crate::erp::RowRefusal;
use crate::error::Result;

/// A relation of the master by its ERP number: its id, the digest of the values the ERP
/// last exported, whether Tournée owns it.
type Stored = (i64, Option<i64>, bool);

/// Applies `client_relation.csv`; `empty`: the table held no row before.
pub(super) fn apply(
    tx: &Transaction<'_>,
    file: &mut FileRows<'_, '_>,
    clients: &HashSet<String>,
    out: &mut Out<'_>,
    empty: bool,
) -> Result<()> {
    let num = file.index("erp_num_relation").unwrap_or(0);
    let index = |db: &str| file.index(db).unwrap_or(0);
    let (entity, client) = (index("type_entite"), index("c_entite"));
    let (origin, date, time, user) = (
        index("origine_relation"),
        index("date_relation"),
        index("heure_relation"),
        index("c_user"),
    );
    let (positions, names) = others(file, &["erp_num_relation"]);
    let mut lookup = tx.prepare(
        "SELECT id, erp_hash, change_id IS NOT NULL FROM client_relation WHERE erp_num_relation = ?1",
    )?;
    let mut digests = DigestWriter::new(tx, RELATIONS, empty)?;
    let unlinked_tournee_rows: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM client_relation WHERE change_id IS NOT NULL AND erp_num_relation IS NULL)",
        [],
        |r| r.get(0),
    )?;
    let mut echo = tx.prepare(
        "SELECT id FROM client_relation WHERE c_entite = ?1 AND date_relation = ?2 AND heure_relation = ?3 \
         AND c_user = ?4 AND change_id IS NOT NULL AND erp_num_relation IS NULL LIMIT 1",
    )?;
    let mut link = tx
        .prepare("UPDATE client_relation SET erp_num_relation = ?2, erp_hash = ?3 WHERE id = ?1")?;
    let mut stamp = tx.prepare("UPDATE client_relation SET erp_hash = ?2 WHERE id = ?1")?;
    // num_relation_sujet is NOT NULL DEFAULT 0: an empty or absent cell is 0.
    let value_sql = |position: usize, name: &str| {
        if name == "num_relation_sujet" {
            format!("coalesce(?{position}, 0)")
        } else {
            format!("?{position}")
        }
    };
    let insert_values: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| value_sql(i + 3, n))
        .collect();
    let mut insert = tx.prepare(&format!(
        "INSERT INTO client_relation (erp_num_relation, erp_hash, {}) VALUES (?1, ?2, {})",
        names.join(", "),
        insert_values.join(", ")
    ))?;
    let sets: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let p = i + 3;
            match *n {
                "c_archive" => {
                    format!("c_archive = CASE WHEN c_archive = 'O' THEN 'O' ELSE ?{p} END")
                }
                "num_relation_sujet" => format!("num_relation_sujet = coalesce(?{p}, 0)"),
                n => format!("{n} = ?{p}"),
            }
        })
        .collect();
    let mut update = tx.prepare(&format!(
        "UPDATE client_relation SET erp_hash = ?2, {} WHERE id = ?1",
        sets.join(", ")
    ))?;
    let mut seen = Seen::new(tx, file.remembered())?;
    while let Some(row) = file.next_row() {
        let (line, values, cells, hash) = match row {
            Next::Same { line, key, slot } => {
                let number = key.int().unwrap_or(i64::MIN);
                if seen.first_unchanged(number, slot, line, out) {
                    out.report.unchanged += 1;
                }
                continue;
            }
            Next::Checked {
                line,
                values,
                cells,
                values_digest,
            } => (line, values, cells, values_digest),
        };
        let number = match values[num] {
            Value::Integer(n) => n,
            _ => continue, // the reader refuses an empty or non-integer key
        };
        if !seen.first_checked(number, line, file.known, out)? {
            continue;
        }
        let kind = text(&values[entity]);
        if kind != "C" {
            out.refuse(
                line,
                RowRefusal::NotAClient {
                    type_entite: kind.to_string(),
                },
            );
            continue;
        }
        let code = text(&values[client]);
        if !clients.contains(code) {
            out.refuse(
                line,
                RowRefusal::UnknownClient {
                    c_client: code.to_string(),
                },
            );
            continue;
        }
        let stored: Option<Stored> = if empty {
            None
        } else {
            lookup
                .query_row([number], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?
        };
        match stored {
            Some((_, Some(old), _)) if old == hash => out.report.unchanged += 1,
            Some((id, _, true)) => {
                // Tournée's row: the ERP's copy changed, Tournée's content stays.
                stamp.execute(rusqlite::params![id, hash])?;
                out.report.unchanged += 1;
            }
            Some((id, _, false)) => {
                let (id, hash) = (Value::Integer(id), Value::Integer(hash));
                let mut bound = vec![&id, &hash];
                bound.extend(pick(&values, &positions));
                update.execute(params_from_iter(bound))?;
                out.report.updated += 1;
            }
            None => {
                let tournee_row = if unlinked_tournee_rows && text(&values[origin]) == "CRV" {
                    echo.query_row(
                        rusqlite::params![code, &values[date], &values[time], &values[user]],
                        |r| r.get::<_, i64>(0),
                    )
                    .optional()?
                } else {
                    None
                };
                if let Some(id) = tournee_row {
                    link.execute(rusqlite::params![id, number, hash])?;
                    out.report.unchanged += 1;
                } else {
                    let (number, hash) = (Value::Integer(number), Value::Integer(hash));
                    let mut bound = vec![&number, &hash];
                    bound.extend(pick(&values, &positions));
                    insert.execute(params_from_iter(bound))?;
                    out.report.inserted += 1;
                }
            }
        }
        digests.put_int(number, cells)?;
    }
    digests.finish()?;
    Ok(())
}

/// The ERP numbers a file gave so far, to refuse a row that gives one again.
///
/// Without a map insert per unchanged row (a million of them in a night's file): two
/// unchanged rows never share a number (each remembered row is matched once, and the
/// master keeps one digest per number), so an unchanged row only notes its line at its
/// slot, and needs to look at the changed rows' numbers only when there are some. A
/// changed row looks for an unchanged row of its number that came before through the
/// digest the master keeps for that number, as the last import left it: only a changed
/// row of that very number writes it during the run, and that row is in the map first.
struct Seen<'c> {
    /// Numbers of the changed (checked) rows, and their lines.
    checked: HashMap<i64, usize, Numbers>,
    /// By slot: the line of the unchanged row matched there, 0 while none was.
    same_lines: Vec<u32>,
    /// The digest the master keeps for a number.
    digest_of: rusqlite::Statement<'c>,
}

impl<'c> Seen<'c> {
    fn new(tx: &'c Transaction<'_>, remembered: usize) -> Result<Self> {
        Ok(Self {
            checked: HashMap::with_hasher(Numbers::new()),
            same_lines: vec![0; remembered],
            digest_of: tx.prepare(&format!(
                "SELECT digest FROM erp_row_digest WHERE file = {RELATIONS} AND row_key = ?1"
            ))?,
        })
    }

    /// Notes the unchanged row at `slot`; refuses it when a changed row gave its number.
    fn first_unchanged(&mut self, number: i64, slot: u32, line: usize, out: &mut Out<'_>) -> bool {
        if let Some(&first_line) = self.checked.get(&number) {
            refuse_twice(number, line, first_line, out);
            return false;
        }
        if let Some(noted) = self.same_lines.get_mut(slot as usize) {
            // Lines of a file of at most 1 GiB: far fewer than 2^32.
            *noted = u32::try_from(line).unwrap_or(u32::MAX);
        }
        true
    }

    /// Notes a changed row's number; refuses it when a row, changed or not, gave it before.
    fn first_checked(
        &mut self,
        number: i64,
        line: usize,
        known: Option<&Known>,
        out: &mut Out<'_>,
    ) -> Result<bool> {
        if let Some(&first_line) = self.checked.get(&number) {
            refuse_twice(number, line, first_line, out);
            return Ok(false);
        }
        if let Some(known) = known.filter(|k| k.len() > 0) {
            let digest: Option<i64> = self
                .digest_of
                .query_row([number], |r| r.get(0))
                .optional()?;
            let (first, count) = digest.and_then(|d| known.find(d)).unwrap_or((0, 0));
            for slot in first..first + count {
                let noted = self.same_lines.get(slot as usize).copied().unwrap_or(0);
                if noted != 0 && known.key_at(slot).and_then(RowKey::int) == Some(number) {
                    refuse_twice(number, line, noted as usize, out);
                    return Ok(false);
                }
            }
        }
        self.checked.insert(number, line);
        Ok(true)
    }
}

/// Refuses the row of `line`, which gives ERP number `number` again.
fn refuse_twice(number: i64, line: usize, first_line: usize, out: &mut Out<'_>) {
    out.refuse(
        line,
        RowRefusal::DuplicateKey {
            key: number.to_string(),
            first_line,
        },
    );
}
