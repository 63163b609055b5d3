//! The import itself: the confirmed dry run's lines written as record changes, all in one
//! transaction, with the run recorded (`import_run`, `import_run_record`).
//!
//! **One write path.** Each line becomes a party creation and, when the line names a
//! person, a person creation: fields read and typed by `tournee_sync::parse_record` (the
//! rules every record change obeys) in the dry run, and written by the records module as
//! the integration writes a creation (`crate::records::create_minted`: the same rows,
//! without the look-ups a freshly minted id cannot need, and without reading the fields
//! again). Each record gets its own ULID and its own
//! change id; the write is stamped with the import's time and authored
//! `import:<back-office login>` (`created_by`), while the party's `owner` is the app user
//! chosen on the page, so the policy's ownership rules apply to it like to any party.
//! There is no exactly-once ledger row: the changes exist only here, and the run's rows
//! say which records each run created.
//!
//! **All or nothing.** The dry run is computed again inside the transaction — unless the
//! caller kept the run the admin confirmed and the master still reads as that run read it
//! ([`import_dry_run`]); if its digest is not the one the admin confirmed (the master or
//! the choices changed meanwhile), nothing is written and the new dry run is returned. Any
//! failure rolls everything back.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, TransactionBehavior};
use serde_json::json;
use tournee_sync::{Patch, RecordFields};
use ulid::Ulid;

use super::dry_run::{check_owner, dry_run, is_run_of, master_state, DryRun};
use super::mapping::ColumnMapping;
use super::upload::{drop_upload, Upload};
use super::ImportError;
use crate::records::{create_minted, RecordWrite};

/// What `created_by` says of an imported record, before the back-office login.
pub const IMPORT_AUTHOR_PREFIX: &str = "import:";

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportDone {
    /// The run's id in `import_run`.
    pub run_id: i64,
    /// Parties created.
    pub parties: usize,
    /// People created.
    pub people: usize,
    /// The dry run it carried out (its reports are the lines left out).
    pub dry_run: DryRun,
}

/// The choices of an import: the mapping, the parties' owner, who imports.
#[derive(Debug, Clone)]
pub struct ImportChoice<'a> {
    /// Which field each column fills.
    pub mapping: &'a ColumnMapping,
    /// The app user the parties are assigned to.
    pub owner: &'a str,
    /// The back-office login importing.
    pub by: &'a str,
}

/// Imports the valid, non-duplicate lines of `upload` if the dry run is still the one
/// confirmed (`confirmed` is its digest); otherwise writes nothing and answers
/// [`ImportError::Changed`] with the dry run as it now stands. The dry run is computed
/// again inside the transaction; [`import_dry_run`] spares that when the caller kept it.
pub fn import_contacts(
    conn: &mut Connection,
    upload: &Upload,
    choice: &ImportChoice<'_>,
    confirmed: &str,
    now: DateTime<Utc>,
) -> Result<ImportDone, ImportError> {
    import(conn, upload, choice, Confirmed::Digest(confirmed), now)
}

/// [`import_contacts`] of a dry run the caller kept since the admin saw it (the back
/// office keeps the last one per upload): carried out as it is, without computing it
/// again, when it is a run of this file, mapping and owner, the owner is still an active
/// user, and the master still reads as the run read it (the same duplicate keys, checked
/// by [`DryRun::master`]'s fingerprint inside the transaction). Otherwise the dry run is
/// computed again, and the import goes on only if it gives the same lines.
pub fn import_dry_run(
    conn: &mut Connection,
    upload: &Upload,
    choice: &ImportChoice<'_>,
    confirmed: DryRun,
    now: DateTime<Utc>,
) -> Result<ImportDone, ImportError> {
    import(conn, upload, choice, Confirmed::Run(confirmed), now)
}

/// What the admin confirmed.
enum Confirmed<'d> {
    /// A dry run's digest: the run is computed again.
    Digest(&'d str),
    /// The dry run itself.
    Run(DryRun),
}

/// The page cache of the import's connection while it writes, in KiB: a 100,000-line
/// import dirties about 100 MB of pages (the parties, a field stamp per field, their
/// indexes), which SQLite's default 2 MB cache spills to the WAL mid-transaction. The
/// connection's own size is put back afterwards (the pool's connections keep theirs).
const IMPORT_CACHE_KIB: i64 = 256 * 1024;

fn import(
    conn: &mut Connection,
    upload: &Upload,
    choice: &ImportChoice<'_>,
    confirmed: Confirmed<'_>,
    now: DateTime<Utc>,
) -> Result<ImportDone, ImportError> {
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
    let done = import_in_transaction(conn, upload, choice, confirmed, now);
    // Setting the cache size does no I/O; should it fail all the same, the error is
    // reported (the import itself is committed or rolled back by then).
    conn.pragma_update(None, "cache_size", cache)?;
    done
}

fn import_in_transaction(
    conn: &mut Connection,
    upload: &Upload,
    choice: &ImportChoice<'_>,
    confirmed: Confirmed<'_>,
    now: DateTime<Utc>,
) -> Result<ImportDone, ImportError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let run = match confirmed {
        Confirmed::Run(run) if still_valid(&tx, &run, upload, choice)? => run,
        Confirmed::Run(run) => again(&tx, upload, choice, &run.digest)?,
        Confirmed::Digest(digest) => again(&tx, upload, choice, digest)?,
    };
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    tx.execute(
        "INSERT INTO import_run (office_login, owner, file_name, sha256, mapping_json, lines, \
         imported, invalid, duplicates, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            choice.by,
            choice.owner,
            upload.file_name,
            upload.sha256,
            json!(choice.mapping.codes()).to_string(),
            run.lines,
            run.importable(),
            run.invalid,
            run.duplicates,
            at
        ],
    )?;
    let run_id = tx.last_insert_rowid();
    let author = format!("{IMPORT_AUTHOR_PREFIX}{}", choice.by);
    let (mut parties, mut people) = (0, 0);
    {
        let mut recorded = tx.prepare_cached(
            "INSERT INTO import_run_record (run_id, line, entity, record_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for line in &run.importable {
            let party_id = Ulid::new().to_string();
            create(&tx, &author, now, &party_id, &line.party)?;
            recorded.execute(params![run_id, line.line, "party", party_id])?;
            parties += 1;
            if let Some(person) = &line.person {
                let mut fields = person.clone();
                fields.party_id = Patch::Set(party_id.clone());
                let person_id = Ulid::new().to_string();
                create(&tx, &author, now, &person_id, &RecordFields::Person(fields))?;
                recorded.execute(params![run_id, line.line, "person", person_id])?;
                people += 1;
            }
        }
    }
    drop_upload(&tx, &upload.token)?;
    tx.commit()?;
    Ok(ImportDone {
        run_id,
        parties,
        people,
        dry_run: run,
    })
}

/// Whether a kept dry run can be carried out as it is: a run of this file, mapping and
/// owner, the owner still active, the master read as the run read it.
fn still_valid(
    tx: &Connection,
    run: &DryRun,
    upload: &Upload,
    choice: &ImportChoice<'_>,
) -> Result<bool, ImportError> {
    if !is_run_of(run, upload, choice.mapping, choice.owner) {
        return Ok(false);
    }
    check_owner(tx, choice.owner)?;
    Ok(master_state(tx)? == run.master)
}

/// The dry run computed again, if it still gives the lines confirmed by `digest`.
fn again(
    tx: &Connection,
    upload: &Upload,
    choice: &ImportChoice<'_>,
    digest: &str,
) -> Result<DryRun, ImportError> {
    let run = dry_run(tx, upload, choice.mapping, choice.owner)?;
    if run.digest != digest {
        return Err(ImportError::Changed(Box::new(run)));
    }
    Ok(run)
}

/// One record creation, from the fields the dry run checked with the record reader
/// (`tournee_sync::parse_record`, the rules of every record change), under a fresh ULID,
/// and with a person's party created just before in this transaction.
fn create(
    conn: &Connection,
    author: &str,
    now: DateTime<Utc>,
    id: &str,
    fields: &RecordFields,
) -> Result<(), ImportError> {
    let write = RecordWrite {
        change_id: tournee_sync::new_change_id(),
        user: author.to_string(),
        written_at: now,
    };
    create_minted(conn, &write, id, fields).map_err(ImportError::NotApplied)
}
