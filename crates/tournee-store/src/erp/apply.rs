//! Applying checked ERP files to the master, by key, inside the caller's transaction.
//!
//! What belongs to Tournée is never overwritten: a client's revisit date, fleet and
//! `created_from_prospect`; the `client_relation` rows reps created (they carry a
//! `change_id` and no `erp_num_relation`); users' roles, admin flag and active flag.
//! Rows that name what the master does not know are skipped one by one and reported.

use std::collections::{HashMap, HashSet, VecDeque};

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Transaction};
use tournee_core::normalize_phone;

use std::sync::mpsc::Receiver;

use super::bulk;
use super::source::{CheckedRow, FileFault, FileHead, Message};
use super::{FileReport, Refusal, RowRefusal, RunFault};
use crate::error::Result;

/// The reports of the files applied and the rows refused, or the fault of a file.
type Applied = std::result::Result<(Vec<FileReport>, Vec<Refusal>), RunFault>;

/// Applies every file the reader sends, in its order (users and clients first). A table
/// still empty is loaded with its indexes and snapshot triggers set aside ([`bulk`]).
pub(super) fn apply_all(tx: &Transaction<'_>, receiver: &Receiver<Message>) -> Result<Applied> {
    let mut reports = Vec::new();
    let mut refusals = Vec::new();
    let mut clients: Option<HashSet<String>> = None;
    // The reader closes the channel once every file is sent.
    while let Ok(message) = receiver.recv() {
        let head = match message {
            Message::File(head) => head,
            Message::Fault(file, fault) => {
                return Ok(Err(RunFault {
                    file: file.to_string(),
                    fault,
                }))
            }
            Message::Rows(_) | Message::End => return Ok(Err(reader_lost("(reader)"))),
        };
        let name = head.table.file;
        let mut report = FileReport {
            file: name.to_string(),
            encoding: head.encoding.to_string(),
            ..FileReport::default()
        };
        let mut rows = FileRows {
            head,
            receiver,
            batch: Vec::new().into_iter(),
            ended: false,
            fault: None,
            read: 0,
        };
        let mut out = Out {
            report: &mut report,
            refusals: &mut refusals,
            file: name,
        };
        let set_aside = bulk::set_aside(tx, name.trim_end_matches(".csv"))?;
        match name {
            "app_user.csv" => users(tx, &mut rows, &mut out)?,
            "client.csv" => {
                clients_file(tx, &mut rows, &mut out)?;
                clients = None;
            }
            _ => {
                if clients.is_none() {
                    clients = Some(client_codes(tx)?);
                }
                let empty = HashSet::new();
                let known = clients.as_ref().unwrap_or(&empty);
                match name {
                    "client_contact.csv" => contacts(tx, &mut rows, known, &mut out)?,
                    "sales_month.csv" => sales(tx, &mut rows, known, &mut out)?,
                    _ => relations(tx, &mut rows, known, &mut out)?,
                }
            }
        }
        if let Some(fault) = rows.fault {
            return Ok(Err(fault));
        }
        let full_export = matches!(name, "client.csv" | "client_contact.csv");
        if full_export && rows.read == 0 {
            // A failed export job, not a company without clients: applying it would
            // deactivate every client (the transaction is rolled back).
            return Ok(Err(RunFault {
                file: name.to_string(),
                fault: FileFault::EmptyExport,
            }));
        }
        if let Some(set_aside) = set_aside {
            set_aside.restore(tx)?;
        }
        report.read = rows.read;
        reports.push(report);
    }
    Ok(Ok((reports, refusals)))
}

/// The fault of a run whose reader stopped without saying why (it cannot, short of a
/// panic): the run is refused rather than applied from part of a file.
fn reader_lost(file: &str) -> RunFault {
    RunFault {
        file: file.to_string(),
        fault: FileFault::Unreadable {
            error: "the reader stopped before the end of the file".to_string(),
        },
    }
}

/// The rows of the file being applied, taken from the reader's batches as they come.
struct FileRows<'r> {
    head: FileHead,
    receiver: &'r Receiver<Message>,
    batch: std::vec::IntoIter<CheckedRow>,
    ended: bool,
    /// Set when the file turned out malformed: the run is refused.
    fault: Option<RunFault>,
    /// Rows handed out.
    read: u64,
}

impl FileRows<'_> {
    /// The next checked row; `None` at the end of the file or at its fault.
    fn next_row(&mut self) -> Option<CheckedRow> {
        loop {
            if let Some(row) = self.batch.next() {
                self.read += 1;
                return Some(row);
            }
            if self.ended {
                return None;
            }
            match self.receiver.recv() {
                Ok(Message::Rows(rows)) => self.batch = rows.into_iter(),
                Ok(Message::End) => self.ended = true,
                Ok(Message::Fault(file, fault)) => {
                    self.fault = Some(RunFault {
                        file: file.to_string(),
                        fault,
                    });
                    self.ended = true;
                }
                Ok(Message::File(_)) | Err(_) => {
                    self.fault = Some(reader_lost(self.head.table.file));
                    self.ended = true;
                }
            }
        }
    }

    fn index(&self, db: &str) -> Option<usize> {
        self.head.index(db)
    }
}

/// Where a file's counts and refusals go.
struct Out<'a> {
    report: &'a mut FileReport,
    refusals: &'a mut Vec<Refusal>,
    file: &'static str,
}

impl Out<'_> {
    fn refuse(&mut self, line: usize, reason: RowRefusal) {
        self.report.refused += 1;
        self.refusals.push(Refusal {
            file: self.file.to_string(),
            line,
            reason,
        });
    }

    /// Remembers the key's first line; refuses the row when the key came before.
    fn first_time(&mut self, seen: &mut HashMap<String, usize>, key: &str, line: usize) -> bool {
        if let Some(&first_line) = seen.get(key) {
            self.refuse(
                line,
                RowRefusal::DuplicateKey {
                    key: key.to_string(),
                    first_line,
                },
            );
            return false;
        }
        seen.insert(key.to_string(), line);
        true
    }
}

fn client_codes(tx: &Transaction<'_>) -> Result<HashSet<String>> {
    let mut stmt = tx.prepare("SELECT c_client FROM client")?;
    let codes = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(codes)
}

/// The text of a key cell (keys are `not_empty` text columns, checked by the reader).
fn text(value: &Value) -> &str {
    match value {
        Value::Text(text) => text,
        _ => "",
    }
}

/// The columns of `file` other than the key `key`, their positions and names.
fn others(file: &FileRows<'_>, keys: &[&str]) -> (Vec<usize>, Vec<&'static str>) {
    file.head
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !keys.contains(&c.db))
        .map(|(i, c)| (i, c.db))
        .unzip()
}

/// The values at `positions`, borrowed: bound as they are, cloned only when kept.
fn pick<'v>(values: &'v [Value], positions: &[usize]) -> Vec<&'v Value> {
    positions.iter().map(|&i| &values[i]).collect()
}

/// Whether the values at `positions` are `old`, without building the row.
fn same_at(values: &[Value], positions: &[usize], old: &[Value]) -> bool {
    positions.len() == old.len() && positions.iter().zip(old).all(|(&i, o)| values[i] == *o)
}

fn read_row(row: &rusqlite::Row<'_>, from: usize, count: usize) -> rusqlite::Result<Vec<Value>> {
    (from..from + count)
        .map(|i| row.get::<_, Value>(i))
        .collect()
}

/// `client.csv`: a full export. Present: inserted, updated, or reactivated; absent:
/// deactivated (`actif = 0`), never deleted, so its visits, sales and requests stay.
fn clients_file(tx: &Transaction<'_>, file: &mut FileRows<'_>, out: &mut Out<'_>) -> Result<()> {
    let key = file.index("c_client").unwrap_or(0);
    let (positions, names) = others(file, &["c_client"]);
    let tel = file.index("tel_1");
    let listed = names.join(", ");
    let select = if names.is_empty() {
        "SELECT c_client, actif, (created_from_prospect IS NOT NULL AND erp_listed = 0) FROM client"
            .to_string()
    } else {
        format!(
            "SELECT c_client, actif, (created_from_prospect IS NOT NULL AND erp_listed = 0), {listed} FROM client"
        )
    };
    // code → (values, active, validated in Tournée and not yet listed by the ERP)
    let mut existing: HashMap<String, (Vec<Value>, bool, bool)> = HashMap::new();
    {
        let mut stmt = tx.prepare(&select)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            existing.insert(
                row.get(0)?,
                (read_row(row, 3, names.len())?, row.get(1)?, row.get(2)?),
            );
        }
    }
    let mut insert_columns = vec!["c_client"];
    insert_columns.extend(&names);
    if tel.is_some() {
        insert_columns.push("tel_norm");
    }
    let placeholders: Vec<String> = (1..=insert_columns.len())
        .map(|i| format!("?{i}"))
        .collect();
    let insert_sql = format!(
        "INSERT INTO client ({}, actif, erp_listed) VALUES ({}, 1, 1)",
        insert_columns.join(", "),
        placeholders.join(", ")
    );
    let mut sets: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{n} = ?{}", i + 2))
        .collect();
    sets.push("actif = 1, erp_listed = 1".to_string());
    if tel.is_some() {
        sets.push(format!("tel_norm = ?{}", names.len() + 2));
    }
    let update_sql = format!("UPDATE client SET {} WHERE c_client = ?1", sets.join(", "));
    let mut insert = tx.prepare(&insert_sql)?;
    let mut update = tx.prepare(&update_sql)?;
    let mut seen = HashMap::with_capacity(existing.len());
    while let Some((line, values)) = file.next_row() {
        let code = text(&values[key]);
        if !out.first_time(&mut seen, code, line) {
            continue;
        }
        let known = existing.get(code);
        let same = known.is_some_and(|(old, _, _)| same_at(&values, &positions, old));
        if let Some((_, true, false)) = known {
            if same {
                out.report.unchanged += 1;
                continue;
            }
        }
        let tel_norm = tel.map(|tel| match &values[tel] {
            Value::Text(t) => normalize_phone(t).map_or(Value::Null, Value::Text),
            _ => Value::Null,
        });
        let mut bound = Vec::with_capacity(positions.len() + 2);
        bound.push(&values[key]);
        bound.extend(pick(&values, &positions));
        bound.extend(tel_norm.as_ref());
        match known {
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
    let mut deactivate = tx.prepare("UPDATE client SET actif = 0 WHERE c_client = ?1")?;
    for (code, (_, active, pending)) in &existing {
        if *active && !*pending && !seen.contains_key(code) {
            deactivate.execute([code])?;
            out.report.deactivated += 1;
        }
    }
    Ok(())
}

/// A contact already in the master: its id and the values of the file's columns.
type KnownContact = (i64, Vec<Value>);

/// `client_contact.csv`: a full export keyed by client and name (and rank among the
/// client's contacts of that name). A contact the export no
/// longer lists is removed (contacts carry no history; the ERP owns them).
fn contacts(
    tx: &Transaction<'_>,
    file: &mut FileRows<'_>,
    clients: &HashSet<String>,
    out: &mut Out<'_>,
) -> Result<()> {
    let (client, name) = (
        file.index("c_client").unwrap_or(0),
        file.index("name").unwrap_or(1),
    );
    let (positions, names) = others(file, &["c_client", "name"]);
    let listed: String = names.iter().map(|n| format!(", {n}")).collect();
    // (client, name) → the rows already there, oldest first.
    let mut existing: HashMap<(String, String), VecDeque<KnownContact>> = HashMap::new();
    {
        let mut stmt = tx.prepare(&format!(
            "SELECT id, c_client, name{listed} FROM client_contact ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            existing
                .entry((row.get(1)?, row.get(2)?))
                .or_default()
                .push_back((row.get(0)?, read_row(row, 3, names.len())?));
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
    // Two contacts of a client with the same name are matched in file order: the n-th
    // row of that name with the n-th contact of that name already there.
    while let Some((line, values)) = file.next_row() {
        let (code, person) = (text(&values[client]), text(&values[name]));
        if !clients.contains(code) {
            out.refuse(
                line,
                RowRefusal::UnknownClient {
                    c_client: code.to_string(),
                },
            );
            continue;
        }
        let known = existing
            .get_mut(&(code.to_string(), person.to_string()))
            .and_then(VecDeque::pop_front);
        match (known, update.as_mut()) {
            (None, _) => {
                let mut bound = vec![&values[client], &values[name]];
                bound.extend(pick(&values, &positions));
                insert.execute(params_from_iter(bound))?;
                out.report.inserted += 1;
            }
            (Some((_, old)), _) if same_at(&values, &positions, &old) => out.report.unchanged += 1,
            (Some((id, _)), Some(update)) => {
                let id = Value::Integer(id);
                let mut bound = vec![&id];
                bound.extend(pick(&values, &positions));
                update.execute(params_from_iter(bound))?;
                out.report.updated += 1;
            }
            // No column besides the key: nothing to differ.
            (Some(_), None) => out.report.unchanged += 1,
        }
    }
    let mut delete = tx.prepare("DELETE FROM client_contact WHERE id = ?1")?;
    for (id, _) in existing.into_values().flatten() {
        delete.execute([id])?;
        out.report.deleted += 1;
    }
    Ok(())
}

/// `sales_month.csv`: keyed by client and month. Months absent from the file are kept
/// (an ERP often exports only the recent months).
fn sales(
    tx: &Transaction<'_>,
    file: &mut FileRows<'_>,
    clients: &HashSet<String>,
    out: &mut Out<'_>,
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
    let mut existing: HashMap<(u32, u32), i64> = HashMap::new();
    {
        let mut stmt = tx.prepare("SELECT c_client, month, amount_cents FROM sales_month")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let code = stored_text(row.get_ref(0)?);
            let month = month_number(stored_text(row.get_ref(1)?));
            // A row of a client the master no longer has, or of an odd month, matches
            // no row of the file (those are refused, or normalised): nothing to compare.
            if let (Some(&client), Some(month)) = (numbers.get(code), month) {
                existing.insert((client, month), row.get(2)?);
            }
        }
    }
    let mut upsert = tx.prepare(
        "INSERT INTO sales_month (c_client, month, amount_cents) VALUES (?1, ?2, ?3) \
         ON CONFLICT (c_client, month) DO UPDATE SET amount_cents = excluded.amount_cents",
    )?;
    let mut first_lines: HashMap<(u32, u32), usize> = HashMap::with_capacity(existing.len());
    while let Some((line, values)) = file.next_row() {
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
        if let Some(&first_line) = first_lines.get(&key) {
            out.refuse(
                line,
                RowRefusal::DuplicateKey {
                    key: format!("{code} {month_text}"),
                    first_line,
                },
            );
            continue;
        }
        first_lines.insert(key, line);
        match existing.get(&key) {
            Some(&old) if old == cents => out.report.unchanged += 1,
            known => {
                upsert.execute(rusqlite::params![&values[client], &values[month], cents])?;
                if known.is_some() {
                    out.report.updated += 1;
                } else {
                    out.report.inserted += 1;
                }
            }
        }
    }
    Ok(())
}

/// A stored text borrowed as it is; `""` for anything else (a NULL, bytes that are not
/// UTF-8), which no checked row of a file matches.
fn stored_text(value: rusqlite::types::ValueRef<'_>) -> &str {
    match value {
        rusqlite::types::ValueRef::Text(bytes) => std::str::from_utf8(bytes).unwrap_or(""),
        _ => "",
    }
}

/// `YYYY-MM` as a number of months, `None` for anything else.
fn month_number(month: &str) -> Option<u32> {
    let (year, month) = month.split_once('-')?;
    Some(year.parse::<u32>().ok()? * 12 + month.parse::<u32>().ok()?)
}

/// `app_user.csv`: the users' ERP codes, mails and names, keyed by Windows login. Roles,
/// the admin flag and the active flag are the back office's; users the file does not
/// list are left as they are.
fn users(tx: &Transaction<'_>, file: &mut FileRows<'_>, out: &mut Out<'_>) -> Result<()> {
    let login = file.index("windows_user").unwrap_or(0);
    let code = file.index("erp_code").unwrap_or(1);
    let email = file.index("email");
    let display = file.index("display_name");
    let mut owners: HashMap<String, String> = HashMap::new();
    // A user of the directory without ERP code (an accountant, an admin) has none to own;
    // the file may give them one. The sign-in columns are never read nor written here.
    let mut existing: HashMap<String, (Option<String>, String, String)> = HashMap::new();
    {
        let mut stmt =
            tx.prepare("SELECT windows_user, erp_code, email, display_name FROM app_user")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let user: String = row.get(0)?;
            let erp: Option<String> = row.get(1)?;
            if let Some(erp) = &erp {
                owners.insert(erp.clone(), user.clone());
            }
            existing.insert(user, (erp, row.get(2)?, row.get(3)?));
        }
    }
    let mut seen = HashMap::new();
    while let Some((line, values)) = file.next_row() {
        let user = text(&values[login]).to_string();
        let erp = text(&values[code]).to_string();
        if !out.first_time(&mut seen, &user, line) {
            continue;
        }
        if let Some(holder) = owners.get(&erp).filter(|holder| **holder != user) {
            out.refuse(
                line,
                RowRefusal::ErpCodeTaken {
                    erp_code: erp,
                    windows_user: holder.clone(),
                },
            );
            continue;
        }
        let old = existing.get(&user).cloned();
        let new_email = email.map(|i| text(&values[i]).to_string());
        let new_display = display
            .map(|i| text(&values[i]).to_string())
            .filter(|d| !d.is_empty());
        match old {
            None => {
                tx.execute(
                    "INSERT INTO app_user (windows_user, erp_code, email, display_name) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![user, erp, new_email.unwrap_or_default(), new_display.unwrap_or_else(|| user.clone())],
                )?;
                out.report.inserted += 1;
            }
            Some((old_erp, old_email, old_display)) => {
                let email_now = new_email.unwrap_or(old_email.clone());
                let display_now = new_display.unwrap_or(old_display.clone());
                if (old_erp.as_deref(), &old_email, &old_display)
                    == (Some(erp.as_str()), &email_now, &display_now)
                {
                    out.report.unchanged += 1;
                    continue;
                }
                tx.execute(
                    "UPDATE app_user SET erp_code = ?2, email = ?3, display_name = ?4 WHERE windows_user = ?1",
                    rusqlite::params![user, erp, email_now, display_now],
                )?;
                if let Some(old_erp) = &old_erp {
                    owners.remove(old_erp);
                }
                out.report.updated += 1;
            }
        }
        owners.insert(erp, user);
    }
    Ok(())
}

/// Hashes the ERP's row numbers for the maps of a run: one multiplication instead of
/// std's SipHash (a twentieth of a re-import's time went to it), the key mixed with a
/// seed drawn per run so that numbers crafted in a file cannot aim at one bucket.
#[derive(Clone)]
struct Numbers(u64);

impl Numbers {
    fn new() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut random = std::collections::hash_map::RandomState::new().build_hasher();
        random.write_u8(0);
        Self(random.finish())
    }
}

impl std::hash::BuildHasher for Numbers {
    type Hasher = NumberHasher;

    fn build_hasher(&self) -> NumberHasher {
        NumberHasher {
            seed: self.0,
            hash: self.0,
        }
    }
}

/// The hasher [`Numbers`] builds: integers mixed in one step, other bytes FNV-style.
struct NumberHasher {
    seed: u64,
    hash: u64,
}

impl std::hash::Hasher for NumberHasher {
    fn finish(&self) -> u64 {
        self.hash
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.hash = (self.hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_i64(&mut self, n: i64) {
        let mixed = ((n as u64) ^ self.seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.hash = mixed ^ (mixed >> 29);
    }
}

/// FNV-1a over a row's values: stable across builds and machines (unlike std's hasher),
/// so that the digest stored at one import compares with the next one's.
fn digest<'v>(values: impl IntoIterator<Item = &'v Value>) -> i64 {
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

/// `client_relation.csv`: the ERP's history, keyed by its row number (`num_relation`).
/// Rows are never deleted. A row already imported is updated only when the ERP changed it
/// (digest of the exported values), and an archived row (`c_archive = 'O'`, set by
/// Tournée's archiving job or the ERP) never comes back to `N`. Rows Tournée created
/// (`change_id`, no ERP number) are never touched, except that the ERP's copy of a
/// Tournée visit (origin `CRV`, same client, user, day and time) is linked to it instead
/// of being inserted twice.
fn relations(
    tx: &Transaction<'_>,
    file: &mut FileRows<'_>,
    clients: &HashSet<String>,
    out: &mut Out<'_>,
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
    // ERP number → (row id, digest at the last import, whether Tournée owns the row)
    let numbers = Numbers::new();
    let mut existing: HashMap<i64, (i64, Option<i64>, bool), Numbers> =
        HashMap::with_hasher(numbers.clone());
    {
        let mut stmt = tx.prepare(
            "SELECT erp_num_relation, id, erp_hash, change_id IS NOT NULL FROM client_relation \
             WHERE erp_num_relation IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            existing.insert(row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?));
        }
    }
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
    let mut seen: HashMap<i64, usize, Numbers> =
        HashMap::with_capacity_and_hasher(existing.len(), numbers);
    while let Some((line, values)) = file.next_row() {
        let number = match values[num] {
            Value::Integer(n) => n,
            _ => continue, // the reader refuses an empty or non-integer key
        };
        if let Some(&first_line) = seen.get(&number) {
            out.refuse(
                line,
                RowRefusal::DuplicateKey {
                    key: number.to_string(),
                    first_line,
                },
            );
            continue;
        }
        seen.insert(number, line);
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
        let row = pick(&values, &positions);
        let hash = digest(row.iter().copied());
        match existing.get(&number) {
            Some((_, Some(old), _)) if *old == hash => out.report.unchanged += 1,
            Some((id, _, true)) => {
                // Tournée's row: the ERP's copy changed, Tournée's content stays.
                stamp.execute(rusqlite::params![id, hash])?;
                out.report.unchanged += 1;
            }
            Some((id, _, false)) => {
                let (id, hash) = (Value::Integer(*id), Value::Integer(hash));
                let mut bound = vec![&id, &hash];
                bound.extend(row);
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
                    continue;
                }
                let (number, hash) = (Value::Integer(number), Value::Integer(hash));
                let mut bound = vec![&number, &hash];
                bound.extend(row);
                insert.execute(params_from_iter(bound))?;
                out.report.inserted += 1;
            }
        }
    }
    Ok(())
}
