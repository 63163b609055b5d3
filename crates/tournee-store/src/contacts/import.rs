//! The import itself: the confirmed dry run's lines written as record changes, all in one
//! transaction, with the run recorded (`import_run`, `import_run_record`).
//!
//! **One write path.** Each line becomes a party creation and, when the line names a
//! person, a person creation: `RC` payloads read by `tournee_sync::parse_record` (the
//! rules every record change obeys) and written by the records module as the integration
//! writes a creation (`crate::records::create_minted_record`: the same rows, without the
//! look-ups a freshly minted id cannot need). Each record gets its own ULID and its own
//! change id; the write is stamped with the import's time and authored
//! `import:<back-office login>` (`created_by`), while the party's `owner` is the app user
//! chosen on the page, so the policy's ownership rules apply to it like to any party.
//! There is no exactly-once ledger row: the changes exist only here, and the run's rows
//! say which records each run created.
//!
//! **All or nothing.** The dry run is computed again inside the transaction; if its digest
//! is not the one the admin confirmed (the master or the choices changed meanwhile), nothing
//! is written and the new dry run is returned. Any failure rolls everything back.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, TransactionBehavior};
use serde_json::{json, Map, Value};
use tournee_sync::parse_record;
use ulid::Ulid;

use super::dry_run::{dry_run, DryRun};
use super::mapping::ColumnMapping;
use super::upload::{drop_upload, Upload};
use super::ImportError;
use crate::records::{create_minted_record, RecordWrite};

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
/// [`ImportError::Changed`] with the dry run as it now stands.
pub fn import_contacts(
    conn: &mut Connection,
    upload: &Upload,
    choice: &ImportChoice<'_>,
    confirmed: &str,
    now: DateTime<Utc>,
) -> Result<ImportDone, ImportError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let run = dry_run(&tx, upload, choice.mapping, choice.owner)?;
    if run.digest != confirmed {
        return Err(ImportError::Changed(Box::new(run)));
    }
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
            create(&tx, &author, now, "party", &party_id, line.party.clone())?;
            recorded.execute(params![run_id, line.line, "party", party_id])?;
            parties += 1;
            if let Some(person) = &line.person {
                let mut fields = person.clone();
                fields.insert("party_id".into(), Value::from(party_id.as_str()));
                let person_id = Ulid::new().to_string();
                create(&tx, &author, now, "person", &person_id, fields)?;
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

/// One record creation, read and applied as a record change.
fn create(
    conn: &Connection,
    author: &str,
    now: DateTime<Utc>,
    entity: &str,
    id: &str,
    fields: Map<String, Value>,
) -> Result<(), ImportError> {
    let payload = json!({"entity": entity, "op": "create", "id": id, "fields": fields});
    // The dry run checked these very fields with the same reader.
    let change = parse_record(&payload).map_err(ImportError::Record)?;
    let write = RecordWrite {
        change_id: Ulid::new().to_string(),
        user: author.to_string(),
        written_at: now,
    };
    // A fresh ULID, and a person's party created just before in this transaction.
    create_minted_record(conn, &write, &change).map_err(ImportError::NotApplied)?;
    Ok(())
}
