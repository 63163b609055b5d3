//! Loading a table that is still empty (the first import into a new master, `init
//! --demo`): its secondary indexes and snapshot triggers are set aside while the rows go
//! in, then made again, which sorts each index once instead of inserting a million keys
//! into it one by one, and notes each client once in `snapshot_change` instead of once per
//! row. All inside the run's transaction: a refused file rolls the drops back too.

use rusqlite::Transaction;

use crate::error::Result;

/// What was set aside for one table: the statements that make it again.
pub(super) struct SetAside {
    table: &'static str,
    /// The column naming the client of a row, as the snapshot triggers note it.
    client: &'static str,
    creates: Vec<String>,
}

/// The ERP tables loaded this way, with the column their snapshot triggers note.
const TABLES: &[(&str, &str)] = &[
    ("client", "c_client"),
    ("client_contact", "c_client"),
    ("sales_month", "c_client"),
    ("client_relation", "c_entite"),
];

/// Sets aside the indexes and snapshot triggers of `table` when it holds no row; `None`
/// for a table that holds rows (or is not one of the ERP tables), loaded the usual way.
pub(super) fn set_aside(tx: &Transaction<'_>, table: &str) -> Result<Option<SetAside>> {
    let Some(&(table, client)) = TABLES.iter().find(|(name, _)| *name == table) else {
        return Ok(None);
    };
    let empty: bool = tx.query_row(
        &format!("SELECT NOT EXISTS (SELECT 1 FROM {table})"),
        [],
        |r| r.get(0),
    )?;
    if !empty {
        return Ok(None);
    }
    // Only what this module knows how to stand in for: the indexes (SQLite's own, with no
    // SQL, stay) and the triggers that note changed clients for the snapshots. Any other
    // trigger keeps firing row by row.
    let mut stmt = tx.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ?1 AND sql IS NOT NULL \
         AND (type = 'index' OR (type = 'trigger' AND name LIKE 'snapshot\\_change\\_%' ESCAPE '\\'))",
    )?;
    let found = stmt
        .query_map([table], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut creates = Vec::with_capacity(found.len());
    for (kind, name, sql) in found {
        let drop = if kind == "index" { "INDEX" } else { "TRIGGER" };
        tx.execute_batch(&format!("DROP {drop} \"{}\"", name.replace('"', "\"\"")))?;
        creates.push(sql);
    }
    Ok(Some(SetAside {
        table,
        client,
        creates,
    }))
}

impl SetAside {
    /// Makes the indexes and triggers again, and notes every client the load touched in
    /// `snapshot_change`, as the triggers would have (once per client rather than per
    /// row: the snapshots read the distinct clients). A unique index that the rows break
    /// fails here, and the run with it.
    pub(super) fn restore(self, tx: &Transaction<'_>) -> Result<()> {
        for sql in &self.creates {
            tx.execute_batch(sql)?;
        }
        tx.execute(
            &format!(
                "INSERT INTO snapshot_change (c_client) SELECT DISTINCT {} FROM {}",
                self.client, self.table
            ),
            [],
        )?;
        Ok(())
    }
}
