//! The dry run: every line of an upload checked and compared with the master's parties
//! and with the file's earlier lines, nothing written. The import runs the same function
//! inside its transaction and proceeds only if the result is the one the admin confirmed
//! (its [`DryRun::digest`]).

use std::collections::HashMap;

use rusqlite::Connection;
use sha2::{Digest, Sha256};
use tournee_core::{DuplicateIndex, MatchReason, PartyKeys};

use super::line::{party_keys, read_line, CheckedLine, LineProblem};
use super::mapping::ColumnMapping;
use super::upload::{hex, Upload};
use super::ImportError;

/// Who a line looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuplicateOf {
    /// A party already in the master.
    Party {
        /// Its id.
        id: String,
        /// Its name (« Prénom Nom » for a private person).
        name: String,
    },
    /// An earlier line of the same file (which will be imported).
    Line(usize),
}

/// One match of a line, with its reasons, strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDuplicate {
    /// The party or line it looks like.
    pub of: DuplicateOf,
    /// Why: the same SIRET, SIREN, phone, e-mail, or a near-identical name in the postal code.
    pub reasons: Vec<MatchReason>,
}

/// A line with something to say: its problems and its duplicates. It is not imported.
#[derive(Debug, Clone, PartialEq)]
pub struct LineReport {
    /// The line in the file (1 is the header).
    pub line: usize,
    /// What is wrong with it.
    pub problems: Vec<LineProblem>,
    /// Whom it duplicates.
    pub duplicates: Vec<LineDuplicate>,
}

/// The result of a dry run.
#[derive(Debug, Clone)]
pub struct DryRun {
    /// Data lines in the file.
    pub lines: usize,
    /// The lines that will not be imported, in file order, each with why.
    pub reports: Vec<LineReport>,
    /// Lines with a problem.
    pub invalid: usize,
    /// Lines that duplicate a party or an earlier line (and have no problem).
    pub duplicates: usize,
    /// What the import confirms: the file, the mapping, the owner and the lines to import.
    pub digest: String,
    /// A fingerprint of everything the run read from the master (each party's and
    /// person's duplicate keys): the import carries out this very run, without computing
    /// it again, when the master still reads the same ([`master_state`]).
    pub(crate) master: String,
    /// The lines to import.
    pub(crate) importable: Vec<CheckedLine>,
}

impl DryRun {
    /// How many lines the import would write.
    pub fn importable(&self) -> usize {
        self.importable.len()
    }
}

/// Checks every line of `upload` for parties owned by `owner`, nothing written.
pub fn dry_run(
    conn: &Connection,
    upload: &Upload,
    mapping: &ColumnMapping,
    owner: &str,
) -> Result<DryRun, ImportError> {
    check_owner(conn, owner)?;
    let mut index = DuplicateIndex::default();
    let master = read_master(conn, Some(&mut index))?;
    let mut reports = Vec::new();
    let mut importable = Vec::new();
    let (mut invalid, mut duplicates) = (0, 0);
    for row in &upload.table.rows {
        let read = read_line(row, mapping, owner);
        let matches: Vec<LineDuplicate> = index
            .matches(&read.keys)
            .into_iter()
            .map(|m| LineDuplicate {
                of: m.party.clone(),
                reasons: m.reasons,
            })
            .collect();
        match read.checked {
            Ok(line) if matches.is_empty() => {
                index.insert(DuplicateOf::Line(line.line), read.keys);
                importable.push(line);
            }
            Ok(_) => {
                duplicates += 1;
                reports.push(LineReport {
                    line: row.line,
                    problems: Vec::new(),
                    duplicates: matches,
                });
            }
            Err(problems) => {
                invalid += 1;
                reports.push(LineReport {
                    line: row.line,
                    problems,
                    duplicates: matches,
                });
            }
        }
    }
    let digest = digest(upload, mapping, owner, &importable);
    Ok(DryRun {
        lines: upload.table.rows.len(),
        reports,
        invalid,
        duplicates,
        digest,
        master,
        importable,
    })
}

/// The fingerprint of what a dry run reads from the master now ([`DryRun::master`]).
pub(crate) fn master_state(conn: &Connection) -> Result<String, ImportError> {
    read_master(conn, None)
}

/// Whether `run` was computed for this file, mapping and owner (its digest says so).
pub(crate) fn is_run_of(
    run: &DryRun,
    upload: &Upload,
    mapping: &ColumnMapping,
    owner: &str,
) -> bool {
    run.digest == digest(upload, mapping, owner, &run.importable)
}

/// The owner must be an active app user.
pub(super) fn check_owner(conn: &Connection, owner: &str) -> Result<(), ImportError> {
    match crate::master::users::find_user(conn, owner)? {
        Some(user) if user.active => Ok(()),
        _ => Err(ImportError::UnknownOwner(owner.to_string())),
    }
}

/// Reads every party of the master with its keys (its people's phones and e-mails
/// included) into `index` when one is given, and answers the fingerprint of every value
/// read. The values are hashed in the order read, each with its length, NULL apart from
/// the empty text; a table read in another order (after a `VACUUM`, say) gives another
/// fingerprint, which only costs the import a dry run computed again.
fn read_master(
    conn: &Connection,
    mut index: Option<&mut DuplicateIndex<DuplicateOf>>,
) -> Result<String, ImportError> {
    let mut hash = Sha256::new();
    let mut people: HashMap<String, Vec<[Option<String>; 3]>> = HashMap::new();
    let mut statement = conn.prepare("SELECT party_id, phone, mobile, email FROM person")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let party: String = row.get(0)?;
        let keys: [Option<String>; 3] = [row.get(1)?, row.get(2)?, row.get(3)?];
        feed(&mut hash, Some(&party));
        keys.iter().for_each(|k| feed(&mut hash, k.as_deref()));
        if index.is_some() {
            people.entry(party).or_default().push(keys);
        }
    }
    let mut statement = conn.prepare(
        "SELECT id, name, first_name, postal_code, phone, mobile, email, siret FROM party",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let name: String = row.get(1)?;
        let first: Option<String> = row.get(2)?;
        let [postal, phone, mobile, email, siret]: [Option<String>; 5] = [
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
            row.get(6)?,
            row.get(7)?,
        ];
        feed(&mut hash, Some(&id));
        feed(&mut hash, Some(&name));
        for value in [&first, &postal, &phone, &mobile, &email, &siret] {
            feed(&mut hash, value.as_deref());
        }
        let Some(index) = index.as_deref_mut() else {
            continue;
        };
        let name = match first.filter(|f| !f.is_empty()) {
            Some(first) => format!("{first} {name}"),
            None => name,
        };
        let theirs = people.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let keys: PartyKeys = party_keys(
            &name,
            postal.as_deref().unwrap_or(""),
            [phone.as_deref(), mobile.as_deref()]
                .into_iter()
                .chain(
                    theirs
                        .iter()
                        .flat_map(|p| [p[0].as_deref(), p[1].as_deref()]),
                )
                .flatten(),
            [email.as_deref()]
                .into_iter()
                .chain(theirs.iter().map(|p| p[2].as_deref()))
                .flatten(),
            siret.as_deref().unwrap_or(""),
        );
        index.insert(DuplicateOf::Party { id, name }, keys);
    }
    Ok(hex(&hash.finalize()))
}

/// One value into a fingerprint: a tag (NULL or text), the length, the bytes.
fn feed(hash: &mut Sha256, value: Option<&str>) {
    match value {
        None => hash.update([0u8]),
        Some(text) => {
            hash.update([1u8]);
            hash.update((text.len() as u64).to_le_bytes());
            hash.update(text.as_bytes());
        }
    }
}

fn digest(upload: &Upload, mapping: &ColumnMapping, owner: &str, lines: &[CheckedLine]) -> String {
    let mut hash = Sha256::new();
    hash.update(upload.sha256.as_bytes());
    hash.update(b"\n");
    hash.update(mapping.codes().join(";").as_bytes());
    hash.update(b"\n");
    hash.update(owner.as_bytes());
    for line in lines {
        hash.update(b"\n");
        hash.update(line.line.to_string().as_bytes());
    }
    hex(&hash.finalize())
}
