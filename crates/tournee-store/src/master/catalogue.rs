//! The catalogue of products and services (issue 15, table `catalogue_item` of migration
//! 0023): the admin adds and corrects entries on the back office's « Catalogue » page, and
//! retires those no longer sold. An entry is never deleted: quotes keep the lines taken from
//! it (each line carries its own copy of the reference, label and prices), and a retired
//! entry only stops being offered. The active entries travel to every laptop in the
//! snapshot (table `catalogue_item`), so a quote is drafted offline from the catalogue.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection};
use tournee_core::{CatalogueEntry, DomainError, VatRate};

use crate::error::StoreError;

/// Most entries a catalogue holds: a bound on what every snapshot carries and on the page.
pub const MAX_CATALOGUE_ITEMS: u64 = 10_000;

/// One entry as stored, with its state and last change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueItem {
    /// The reference, label, price, VAT rate and unit.
    pub entry: CatalogueEntry,
    /// Offered on new quotes (retired entries stay for the record).
    pub active: bool,
    /// Who last changed it.
    pub updated_by: String,
    /// When (RFC 3339).
    pub updated_at: String,
}

/// Why a change to the catalogue was not made.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// A value breaks the entry's rules; the error names the field.
    #[error("catalogue entry refused: {0}")]
    Invalid(DomainError),
    /// The catalogue already holds [`MAX_CATALOGUE_ITEMS`] entries.
    #[error("the catalogue is full ({MAX_CATALOGUE_ITEMS} entries)")]
    Full,
    /// No entry has this reference.
    #[error("no catalogue entry {0:?}")]
    Unknown(String),
    /// The master could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for CatalogueError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

/// Every entry, active and retired, by reference.
pub fn catalogue_items(conn: &Connection) -> Result<Vec<CatalogueItem>, StoreError> {
    read_items(conn, "true", None)
}

/// The entry of a reference, if there is one.
pub fn catalogue_item(
    conn: &Connection,
    reference: &str,
) -> Result<Option<CatalogueItem>, StoreError> {
    Ok(read_items(conn, "reference = ?1", Some(reference))?.pop())
}

/// The entries `condition` keeps (`?1` is `reference` when given), by reference.
fn read_items(
    conn: &Connection,
    condition: &str,
    reference: Option<&str>,
) -> Result<Vec<CatalogueItem>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT reference, label, unit_price_cents, vat_bp, unit, active, updated_by, updated_at \
         FROM catalogue_item WHERE {condition} ORDER BY reference"
    ))?;
    let mut rows = match reference {
        Some(reference) => statement.query([reference])?,
        None => statement.query([])?,
    };
    let mut items = Vec::new();
    while let Some(r) = rows.next()? {
        let reference: String = r.get(0)?;
        let vat_bp: u32 = r.get(3)?;
        let vat = VatRate::from_basis_points(vat_bp).ok_or_else(|| StoreError::StoredValue {
            what: format!("catalogue_item.vat_bp of {reference}"),
            reason: format!("{vat_bp} is not a French VAT rate"),
        })?;
        items.push(CatalogueItem {
            entry: CatalogueEntry {
                reference,
                label: r.get(1)?,
                unit_price_cents: r.get(2)?,
                vat,
                unit: r.get(4)?,
            },
            active: r.get(5)?,
            updated_by: r.get(6)?,
            updated_at: r.get(7)?,
        });
    }
    Ok(items)
}

/// Adds an entry, or corrects the one with the same reference (kept active or retired as
/// it was); the entry is checked first ([`CatalogueEntry::check`]).
pub fn save_catalogue_item(
    conn: &Connection,
    entry: &CatalogueEntry,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), CatalogueError> {
    entry.check().map_err(CatalogueError::Invalid)?;
    let reference = entry.reference.trim();
    let exists = conn
        .prepare_cached("SELECT 1 FROM catalogue_item WHERE reference = ?1")?
        .exists([reference])?;
    if !exists {
        let count: u64 = conn.query_row("SELECT count(*) FROM catalogue_item", [], |r| r.get(0))?;
        if count >= MAX_CATALOGUE_ITEMS {
            return Err(CatalogueError::Full);
        }
    }
    conn.prepare_cached(
        "INSERT INTO catalogue_item \
           (reference, label, unit_price_cents, vat_bp, unit, active, updated_by, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7) \
         ON CONFLICT (reference) DO UPDATE SET label = excluded.label, \
           unit_price_cents = excluded.unit_price_cents, vat_bp = excluded.vat_bp, \
           unit = excluded.unit, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )?
    .execute(params![
        reference,
        entry.label.trim(),
        entry.unit_price_cents,
        entry.vat.basis_points(),
        entry.unit.trim(),
        by,
        now.to_rfc3339_opts(SecondsFormat::Secs, true),
    ])?;
    Ok(())
}

/// Offers an entry again, or retires it.
pub fn set_catalogue_item_active(
    conn: &Connection,
    reference: &str,
    active: bool,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), CatalogueError> {
    let changed = conn
        .prepare_cached(
            "UPDATE catalogue_item SET active = ?2, updated_by = ?3, updated_at = ?4 \
             WHERE reference = ?1",
        )?
        .execute(params![
            reference,
            active,
            by,
            now.to_rfc3339_opts(SecondsFormat::Secs, true)
        ])?;
    if changed == 0 {
        return Err(CatalogueError::Unknown(reference.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::open_master;

    fn entry(reference: &str, cents: i64) -> CatalogueEntry {
        CatalogueEntry {
            reference: reference.into(),
            label: "Une armoire de 100cm".into(),
            unit_price_cents: cents,
            vat: VatRate::Standard,
            unit: "pièce".into(),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-12-05T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn entries_are_added_corrected_retired_and_never_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_master(&dir.path().join("master.db")).unwrap();
        save_catalogue_item(&conn, &entry("ARM-100", 48_990), "admin", now()).unwrap();
        save_catalogue_item(&conn, &entry("DESIGN", 150_000), "admin", now()).unwrap();
        // The same reference corrects the entry.
        save_catalogue_item(&conn, &entry(" ARM-100 ", 45_000), "sophie", now()).unwrap();
        let items = catalogue_items(&conn).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].entry.unit_price_cents, 45_000);
        assert_eq!(items[0].updated_by, "sophie");
        set_catalogue_item_active(&conn, "DESIGN", false, "admin", now()).unwrap();
        let design = catalogue_item(&conn, "DESIGN").unwrap().unwrap();
        assert!(!design.active);
        // Correcting a retired entry keeps it retired.
        save_catalogue_item(&conn, &entry("DESIGN", 160_000), "admin", now()).unwrap();
        assert!(!catalogue_item(&conn, "DESIGN").unwrap().unwrap().active);
        assert!(matches!(
            set_catalogue_item_active(&conn, "NOPE", true, "admin", now()),
            Err(CatalogueError::Unknown(r)) if r == "NOPE"
        ));
    }

    #[test]
    fn a_faulty_entry_is_refused_naming_its_field_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_master(&dir.path().join("master.db")).unwrap();
        let refused = save_catalogue_item(&conn, &entry("ARM-100", -5), "admin", now());
        assert!(matches!(
            refused,
            Err(CatalogueError::Invalid(ref e)) if e.field() == "unit_price_cents"
        ));
        let hostile = CatalogueEntry {
            label: "ligne\u{0}cachée".into(),
            ..entry("X", 1)
        };
        assert!(matches!(
            save_catalogue_item(&conn, &hostile, "admin", now()),
            Err(CatalogueError::Invalid(ref e)) if e.field() == "label"
        ));
        assert!(catalogue_items(&conn).unwrap().is_empty());
    }
}
