//! The team figures' state kept between runs, so that a patch run recounts only the
//! clients changed since (about 2 s of scans of the master's visits and sales otherwise).
//!
//! The state file (`<build_root>/+team/state.sqlite`, attached as `ts`) holds each
//! client's part of the figures (`contributions.rs`), their totals per (rep, month,
//! series) and per (rep, period), and where it stands: the day it was counted for
//! (periods and windows move with the day) and the master's last change number it holds.
//! A run brings it up to date by taking away the old parts of the changed clients and
//! adding their new ones; it counts everything again, into a new file that then replaces
//! it, when the state is missing, unreadable, of another day or version, older than the
//! change log still holds, on a rebuild run, or when an admin's file is rebuilt (which
//! needs every recent visit, read by the full count). Counting again the same client
//! gives the same part, so a run that reads a change it will see again next time is
//! harmless.
//!
//! A patch is written under SQLite's rollback journal: a run killed while writing leaves
//! the previous state or the new one, never a mixture; a full count is written without a
//! journal into a new file renamed into place once it is whole.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use super::contributions::{self, ClientPart, FigureKey, Names, PeriodKey, Scope, Window};
use crate::error::{Result, StoreError};

/// Version of the state's tables and of the rules that fill them: a state of another
/// version is counted again.
const STATE_VERSION: i64 = 1;

/// Above this share of the clients changed, counting everything costs about the same.
const PATCH_LIMIT_PERCENT: i64 = 20;

/// A figure's total and how many clients add to it: a total no client adds to any more
/// disappears, as it would from a full count, even when its value is zero.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Total {
    /// The sum of the clients' parts.
    pub value: i64,
    /// The clients adding to it.
    pub clients: i64,
}

/// The totals every admin's file shows, from the clients' parts.
#[derive(Debug, Default)]
pub(super) struct Totals {
    /// The texts the keys below number.
    pub names: Names,
    /// Per (rep, month, series).
    pub figures: HashMap<FigureKey, Total>,
    /// Clients visited by their own rep, per (rep, period code).
    pub visited: HashMap<PeriodKey, i64>,
}

impl Totals {
    /// The figures under their texts: ((rep, month, series), total), as the state's
    /// `figure_total` and the admins' `team_month` hold them.
    pub fn figures_by_name(&self) -> impl Iterator<Item = ([&str; 3], &Total)> {
        self.figures
            .iter()
            .map(|(key, total)| (self.names.texts(*key), total))
    }

    fn add(&mut self, part: &ClientPart, sign: i64) {
        for (key, value) in &part.figures {
            let total = self.figures.entry(*key).or_default();
            total.value += sign * value;
            total.clients += sign;
            if total.clients == 0 {
                self.figures.remove(key);
            }
        }
        for key in &part.visited {
            let count = self.visited.entry(*key).or_insert(0);
            *count += sign;
            if *count == 0 {
                self.visited.remove(key);
            }
        }
    }
}

/// How the state is brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Update {
    /// Every client counted again.
    Full,
    /// Only the clients changed since the state counted again.
    Changed,
}

/// Attaches the state as `ts` and decides how this run brings it up to date: with the
/// clients changed since it and those of the run's patched files (listed in
/// `temp.team_changed`), or, when `full` asks for it or the state cannot be patched (a
/// file that does not open counts as such), by counting everything again into a new file
/// beside it, [`finish`] then renames it over the old one. Outside the run's transaction.
pub(super) fn prepare(
    worker: &Connection,
    path: &Path,
    day: &str,
    upto: i64,
    full: bool,
) -> Result<Update> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| StoreError::io(folder, e))?;
    }
    // What a killed full count left (the caller holds the build lock).
    let fresh = fresh_path(path);
    for file in [
        fresh.clone(),
        PathBuf::from(format!("{}-journal", fresh.display())),
    ] {
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(StoreError::io(&file, e));
            }
            _ => {}
        }
    }
    if !full && path.exists() {
        worker.execute("ATTACH DATABASE ?1 AS ts", [path.to_string_lossy()])?;
        // The rollback journal keeps the file whole across a kill; losing the last update
        // to a power cut only makes the next run count again what it holds as changed.
        let patchable = worker
            .execute_batch("PRAGMA ts.journal_mode = TRUNCATE; PRAGMA ts.synchronous = NORMAL;")
            .map_err(StoreError::from)
            .and_then(|()| changed_since_state(worker, day, upto));
        if matches!(patchable, Ok(true)) {
            return Ok(Update::Changed);
        }
        worker.execute_batch("DETACH DATABASE ts")?;
    }
    worker.execute("ATTACH DATABASE ?1 AS ts", [fresh.to_string_lossy()])?;
    // Private until renamed, and counted again if lost: no journal, no sync.
    worker.execute_batch("PRAGMA ts.journal_mode = OFF; PRAGMA ts.synchronous = OFF;")?;
    create_tables(worker)?;
    Ok(Update::Full)
}

/// Where a full count is written before it replaces the state.
fn fresh_path(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.new", path.display()))
}

/// Detaches the state once the run's transaction is committed; a full count's new file
/// then replaces the old state.
pub(super) fn finish(worker: &Connection, path: &Path, update: Update) -> Result<()> {
    worker.execute_batch("DETACH DATABASE ts")?;
    if update == Update::Full {
        let fresh = fresh_path(path);
        std::fs::rename(&fresh, path).map_err(|e| StoreError::io(&fresh, e))?;
    }
    Ok(())
}

/// Brings the state attached as `ts` up to date with the master up to change `upto`, on
/// `day`, as [`prepare`] decided, and returns the totals. Runs inside the caller's
/// transaction.
pub(super) fn bring_up_to_date(
    worker: &Connection,
    window: &Window,
    day: &str,
    upto: i64,
    update: Update,
) -> Result<Totals> {
    let patched = match update {
        Update::Changed => patch(worker, window)?,
        Update::Full => None,
    };
    let totals = match patched {
        Some(totals) => totals,
        // A part that does not read back: everything again, in the same file.
        None => count_all(worker, window)?,
    };
    write_totals(worker, &totals)?;
    worker.execute(
        "INSERT OR REPLACE INTO ts.meta (key, value) VALUES ('version', ?1), ('day', ?2), ('upto', ?3)",
        params![STATE_VERSION, day, upto],
    )?;
    Ok(totals)
}

fn create_tables(worker: &Connection) -> Result<()> {
    worker.execute_batch(
        "CREATE TABLE IF NOT EXISTS ts.meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS ts.client_part (c_client TEXT PRIMARY KEY, part TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS ts.figure_total (c_user TEXT, month TEXT, series TEXT, value INTEGER, clients INTEGER, \
           PRIMARY KEY (c_user, month, series)) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS ts.visited_total (c_user TEXT, period TEXT, clients INTEGER, \
           PRIMARY KEY (c_user, period)) WITHOUT ROWID;",
    )?;
    Ok(())
}

/// Fills `temp.team_changed` with the clients changed since the state; false when the
/// state cannot be brought up to date by them.
fn changed_since_state(worker: &Connection, day: &str, upto: i64) -> Result<bool> {
    let meta = |key: &str| -> Result<Option<rusqlite::types::Value>> {
        Ok(worker
            .query_row("SELECT value FROM ts.meta WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    };
    use rusqlite::types::Value;
    let (Some(Value::Integer(version)), Some(Value::Text(state_day)), Some(Value::Integer(since))) =
        (meta("version")?, meta("day")?, meta("upto")?)
    else {
        return Ok(false);
    };
    if version != STATE_VERSION || state_day != day || since > upto {
        return Ok(false);
    }
    // The log is trimmed up to the oldest snapshot's watermark: every change after `since`
    // is still there when its first row comes at most right after `since`.
    let first: Option<i64> =
        worker.query_row("SELECT min(seq) FROM m.snapshot_change", [], |r| r.get(0))?;
    if first.is_some_and(|first| first > since + 1) {
        return Ok(false);
    }
    worker.execute_batch(
        "DROP TABLE IF EXISTS temp.team_changed;
         CREATE TEMP TABLE team_changed (c_client TEXT PRIMARY KEY) WITHOUT ROWID;",
    )?;
    let mut changed = worker.execute(
        "INSERT OR IGNORE INTO temp.team_changed SELECT c_client FROM m.snapshot_change \
         WHERE seq > ?1 AND seq <= ?2",
        params![since, upto],
    )?;
    // The admins' patched files need the recent visits of every client changed since them.
    changed += worker.execute(
        "INSERT OR IGNORE INTO temp.team_changed SELECT c_client FROM r.changed_client",
        [],
    )?;
    let clients: i64 = worker.query_row("SELECT count(*) FROM m.client", [], |r| r.get(0))?;
    Ok(changed as i64 * 100 <= clients.max(1) * PATCH_LIMIT_PERCENT)
}

/// Counts every client again into an emptied state (already empty but after a part that
/// did not read back).
fn count_all(worker: &Connection, window: &Window) -> Result<Totals> {
    worker.execute_batch(
        "DELETE FROM ts.client_part; DELETE FROM ts.figure_total; DELETE FROM ts.visited_total;",
    )?;
    let mut totals = Totals::default();
    let parts = contributions::compute(worker, Scope::All, window, &mut totals.names)?;
    // In key order, the client index's pages fill up (a rowid table: parts of 1 KB and
    // more would overflow the pages of a WITHOUT ROWID one).
    let mut parts: Vec<_> = parts.into_iter().collect();
    parts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut insert =
        worker.prepare("INSERT INTO ts.client_part (c_client, part) VALUES (?1, ?2)")?;
    for (client, part) in &parts {
        totals.add(part, 1);
        insert.execute(params![client, encode(part, &totals.names)])?;
    }
    Ok(totals)
}

/// Takes the changed clients' old parts out of the totals and adds their new ones; `None`
/// (nothing written) when a stored part does not read back, so that all is counted again.
fn patch(worker: &Connection, window: &Window) -> Result<Option<Totals>> {
    let mut totals = read_totals(worker)?;
    {
        let mut old = worker.prepare(
            "SELECT c_client, part FROM ts.client_part \
             WHERE c_client IN (SELECT c_client FROM temp.team_changed)",
        )?;
        let mut rows = old.query([])?;
        while let Some(row) = rows.next()? {
            let Some(part) = decode(contributions::text(row, 1)?, &mut totals.names) else {
                return Ok(None);
            };
            totals.add(&part, -1);
        }
    }
    worker.execute_batch(
        "DELETE FROM ts.client_part WHERE c_client IN (SELECT c_client FROM temp.team_changed);",
    )?;
    let parts = contributions::compute(worker, Scope::Changed, window, &mut totals.names)?;
    let mut insert =
        worker.prepare("INSERT INTO ts.client_part (c_client, part) VALUES (?1, ?2)")?;
    for (client, part) in &parts {
        totals.add(part, 1);
        insert.execute(params![client, encode(part, &totals.names)])?;
    }
    Ok(Some(totals))
}

fn read_totals(worker: &Connection) -> Result<Totals> {
    let mut totals = Totals::default();
    let mut figures =
        worker.prepare("SELECT c_user, month, series, value, clients FROM ts.figure_total")?;
    let mut rows = figures.query([])?;
    while let Some(row) = rows.next()? {
        let key = [
            totals.names.id(contributions::text(row, 0)?),
            totals.names.id(contributions::text(row, 1)?),
            totals.names.id(contributions::text(row, 2)?),
        ];
        totals.figures.insert(
            key,
            Total {
                value: row.get(3)?,
                clients: row.get(4)?,
            },
        );
    }
    let mut visited = worker.prepare("SELECT c_user, period, clients FROM ts.visited_total")?;
    let mut rows = visited.query([])?;
    while let Some(row) = rows.next()? {
        let key = [
            totals.names.id(contributions::text(row, 0)?),
            totals.names.id(contributions::text(row, 1)?),
        ];
        totals.visited.insert(key, row.get(2)?);
    }
    Ok(totals)
}

fn write_totals(worker: &Connection, totals: &Totals) -> Result<()> {
    worker.execute_batch("DELETE FROM ts.figure_total; DELETE FROM ts.visited_total;")?;
    let mut figure = worker.prepare("INSERT INTO ts.figure_total VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for ([user, month, series], total) in totals.figures_by_name() {
        figure.execute(params![user, month, series, total.value, total.clients])?;
    }
    let mut visited = worker.prepare("INSERT INTO ts.visited_total VALUES (?1, ?2, ?3)")?;
    for (key, clients) in &totals.visited {
        let [user, period] = totals.names.texts(*key);
        visited.execute(params![user, period, clients])?;
    }
    Ok(())
}

/// A client's part as text: one line per figure (`f`, rep, month, series, value) and per
/// period visited (`v`, rep, period), fields separated by tabs; tabs, line feeds and
/// backslashes inside a field are escaped.
fn encode(part: &ClientPart, names: &Names) -> String {
    let mut text = String::new();
    for (key, value) in &part.figures {
        text.push('f');
        let [user, month, series] = names.texts(*key);
        let value = value.to_string();
        for field in [user, month, series, &value] {
            text.push('\t');
            escape_into(&mut text, field);
        }
        text.push('\n');
    }
    for key in &part.visited {
        text.push('v');
        for field in names.texts(*key) {
            text.push('\t');
            escape_into(&mut text, field);
        }
        text.push('\n');
    }
    text
}

fn escape_into(text: &mut String, field: &str) {
    for c in field.chars() {
        match c {
            '\\' => text.push_str("\\\\"),
            '\t' => text.push_str("\\t"),
            '\n' => text.push_str("\\n"),
            _ => text.push(c),
        }
    }
}

fn unescape(field: &str) -> Option<String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(match chars.next()? {
                '\\' => '\\',
                't' => '\t',
                'n' => '\n',
                _ => return None,
            });
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The part [`encode`] wrote, or `None` if the text is not one.
fn decode(text: &str, names: &mut Names) -> Option<ClientPart> {
    let mut part = ClientPart::default();
    let mut seen = HashSet::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        let kind = fields.next()?;
        let fields: Vec<String> = fields.map(unescape).collect::<Option<_>>()?;
        match (kind, fields.as_slice()) {
            ("f", [user, month, series, value]) => {
                let key = [names.id(user), names.id(month), names.id(series)];
                if !seen.insert(key) {
                    return None;
                }
                part.figures.insert(key, value.parse().ok()?);
            }
            ("v", [user, period]) => {
                part.visited.insert([names.id(user), names.id(period)]);
            }
            _ => return None,
        }
    }
    Some(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_reads_back_as_written_whatever_its_fields_hold() {
        let mut names = Names::default();
        let mut part = ClientPart::default();
        let [r1, nov, oct] = [names.id("R1"), names.id("2026-11"), names.id("2026-10")];
        part.figures
            .insert([r1, nov, names.id("grid:A\tB\\C\nD")], -3);
        part.figures.insert([r1, oct, names.id("ca")], 0);
        part.visited.insert([r1, names.id("12m")]);
        let mut other_names = Names::default();
        let read = decode(&encode(&part, &names), &mut other_names).unwrap();
        assert_eq!(encode(&read, &other_names), encode(&part, &names));
        assert_eq!(read.figures.len(), 2);
        assert_eq!(decode("", &mut names), Some(ClientPart::default()));
    }

    #[test]
    fn text_that_is_not_a_part_is_refused() {
        let mut names = Names::default();
        for bad in [
            "x\ta",
            "f\tR1\t2026-11\tca",
            "f\tR1\t2026-11\tca\tmany",
            "v\tR1\t12\\m",
            "f\tR1\t2026-11\tca\t1\nf\tR1\t2026-11\tca\t2",
        ] {
            assert_eq!(decode(bad, &mut names), None, "{bad:?}");
        }
    }

    #[test]
    fn a_total_no_client_adds_to_disappears_even_at_zero() {
        let mut totals = Totals::default();
        let mut part = ClientPart::default();
        let key = [
            totals.names.id("R1"),
            totals.names.id("2026-11"),
            totals.names.id("ca"),
        ];
        part.figures.insert(key, 0);
        part.visited.insert([key[0], totals.names.id("12m")]);
        totals.add(&part, 1);
        assert_eq!(
            totals.figures.get(&key),
            Some(&Total {
                value: 0,
                clients: 1
            })
        );
        totals.add(&part, -1);
        assert!(totals.figures.is_empty() && totals.visited.is_empty());
    }
}
