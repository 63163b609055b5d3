//! Quotes as the laptop (and the browser) reads them (issue 15): the snapshot's `quote`
//! and `quote_line` tables with this laptop's pending record changes laid over them (the
//! same overlay as opportunities, [`crate::record_overlay`]), an opportunity's quotes, one
//! quote's page with its totals (`tournee_core::quote_totals`, the one computation in
//! integer cents), the catalogue a line is taken from, and the document its PDF is made of
//! ([`crate::quote_pdf`]).
//!
//! An older snapshot has no quote tables (or no catalogue): it reads as having none, and
//! only the quotes drafted on this laptop show.

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Map, Value};
use tournee_core::{check_lines, quote_totals, DomainError, QuoteLine, QuoteStatus, VatRate};
use tournee_sync::RecordEntity;

use crate::dto::{CatalogueChoice, QuoteLineDto, QuoteTotalsView, QuoteView, VatLine};
use crate::error::{FieldError, Result};
use crate::quote_pdf::{QuoteDocument, SignedBy};
use crate::record_overlay::{merged, snapshot_row};
use crate::record_views::{PartyRow, RecordReader};

/// Whether the snapshot has every table of `tables` (a server that writes them).
fn has_tables(conn: &Connection, tables: &[&str]) -> Result<bool> {
    let mut exists =
        conn.prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1")?;
    for table in tables {
        if !exists.exists([table])? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether the snapshot has the quote tables.
pub fn has_quote_tables(conn: &Connection) -> Result<bool> {
    has_tables(conn, &tournee_sync::SNAPSHOT_QUOTE_TABLES)
}

/// The catalogue's active entries, by reference (none from an older snapshot).
pub fn catalogue(conn: &Connection) -> Result<Vec<CatalogueChoice>> {
    if !has_tables(conn, &tournee_sync::SNAPSHOT_CATALOGUE_TABLES)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare_cached(
        "SELECT reference, label, unit, unit_price_cents, vat_bp FROM catalogue_item \
         ORDER BY reference",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(CatalogueChoice {
            reference: r.get(0)?,
            label: r.get(1)?,
            unit: r.get(2)?,
            unit_price_cents: r.get(3)?,
            vat_bp: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One quote as its snapshot rows and the pending fields leave it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct QuoteRow {
    pub id: String,
    pub party_id: String,
    pub opportunity_id: Option<String>,
    pub person_id: Option<String>,
    pub number: Option<String>,
    pub temp_ref: String,
    pub status: String,
    pub valid_until: String,
    /// `1` when the snapshot says a signature is stored.
    pub signed: i64,
    /// The signature a pending change carries (`{media_type, data_base64}`).
    pub signature: Option<Value>,
    pub signed_at: Option<String>,
    pub signer_name: Option<String>,
    pub owner: String,
    pub created_by: String,
    pub created_at: String,
    pub lines: Vec<QuoteLine>,
}

impl QuoteRow {
    /// Its status (an unknown code, which no server writes, reads as a draft).
    pub fn status(&self) -> QuoteStatus {
        QuoteStatus::from_code(&self.status).unwrap_or(QuoteStatus::Draft)
    }

    /// Whether the client signed (the snapshot says so, or a pending change carries it).
    pub fn is_signed(&self) -> bool {
        self.signed != 0 || self.signature.is_some()
    }

    /// The signature's PNG as base 64, when a pending change still carries it.
    fn signature_png(&self) -> Option<&str> {
        self.signature
            .as_ref()
            .and_then(|s| s.get("data_base64"))
            .and_then(Value::as_str)
    }

    /// The number, else the temporary reference: what names the quote to the rep.
    pub fn reference(&self) -> &str {
        self.number.as_deref().unwrap_or(&self.temp_ref)
    }
}

/// A quote with its party and whether pending changes touched it.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The record.
    pub row: QuoteRow,
    /// Its party.
    pub party: PartyRow,
    /// Changed on this laptop and not yet back from the server.
    pub pending: bool,
}

/// The snapshot's lines of quote `id`, in order, as the `lines` field carries them.
fn snapshot_lines(conn: &Connection, id: &str) -> Result<Value> {
    let mut statement = conn.prepare_cached(
        "SELECT reference, label, quantity_milli, unit, unit_price_cents, discount_bp, vat_bp \
         FROM quote_line WHERE quote_id = ?1 ORDER BY position",
    )?;
    let rows = statement.query_map([id], |r| {
        let mut line = Map::new();
        if let Some(reference) = r.get::<_, Option<String>>(0)? {
            line.insert("reference".into(), Value::from(reference));
        }
        line.insert("label".into(), Value::from(r.get::<_, String>(1)?));
        line.insert("quantity_milli".into(), Value::from(r.get::<_, i64>(2)?));
        line.insert("unit".into(), Value::from(r.get::<_, String>(3)?));
        line.insert("unit_price_cents".into(), Value::from(r.get::<_, i64>(4)?));
        line.insert("discount_bp".into(), Value::from(r.get::<_, i64>(5)?));
        line.insert("vat".into(), Value::from(r.get::<_, i64>(6)?));
        Ok(Value::Object(line))
    })?;
    Ok(Value::Array(rows.collect::<rusqlite::Result<_>>()?))
}

/// One quote, merged, with its party; `None` when unknown, deleted, or its party is not
/// readable here.
pub fn one(reader: &RecordReader<'_>, id: &str) -> Result<Option<Merged>> {
    let row = if has_quote_tables(reader.conn)? {
        match snapshot_row(reader.conn, "quote", id)? {
            Some(mut row) => {
                row.insert("lines".into(), snapshot_lines(reader.conn, id)?);
                Some(row)
            }
            None => None,
        }
    } else {
        None
    };
    let pending = reader.overlay.get(RecordEntity::Quote, id);
    let Some((row, touched)) = merged::<QuoteRow>(row, pending)? else {
        return Ok(None);
    };
    let Some((party, _)) = reader.party(&row.party_id)? else {
        return Ok(None);
    };
    Ok(Some(Merged {
        row,
        party,
        pending: touched,
    }))
}

/// The quotes of opportunity `opportunity_id`: the snapshot's, merged, and those drafted
/// here; newest first (by creation, those drafted here last of all, being the newest).
pub fn of_opportunity(reader: &RecordReader<'_>, opportunity_id: &str) -> Result<Vec<Merged>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    if has_quote_tables(reader.conn)? {
        let ids: Vec<String> = reader
            .conn
            .prepare_cached(
                "SELECT id FROM quote WHERE opportunity_id = ?1 ORDER BY created_at DESC, id DESC",
            )?
            .query_map([opportunity_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            seen.insert(id.clone());
            out.extend(one(reader, &id)?);
        }
    }
    let mut drafted = Vec::new();
    for state in reader.overlay.of(RecordEntity::Quote) {
        if seen.contains(&state.id) || !state.created || state.deleted {
            continue;
        }
        if state.fields.get("opportunity_id").and_then(Value::as_str) == Some(opportunity_id) {
            drafted.extend(one(reader, &state.id)?);
        }
    }
    drafted.reverse();
    drafted.extend(out);
    // A quote whose opportunity a pending change moved elsewhere is not this one's.
    drafted.retain(|m| m.row.opportunity_id.as_deref() == Some(opportunity_id));
    Ok(drafted)
}

/// A line as the editor shows it.
pub fn line_dto(line: &QuoteLine) -> QuoteLineDto {
    QuoteLineDto {
        reference: line.reference.clone(),
        label: line.label.clone(),
        quantity_milli: line.quantity_milli,
        unit: line.unit.clone(),
        unit_price_cents: line.unit_price_cents,
        discount_bp: line.discount_bp,
        vat_bp: line.vat.basis_points(),
    }
}

/// The editor's lines as the core's, trimmed; a VAT rate outside the French ones is
/// refused under `lines[i].vat`, as the contract names it.
pub fn core_lines(lines: &[QuoteLineDto]) -> Result<Vec<QuoteLine>> {
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let vat = VatRate::from_basis_points(line.vat_bp).ok_or_else(|| {
                FieldError::rule(DomainError::InvalidFormat {
                    field: format!("lines[{i}].vat"),
                    expected: "un taux de TVA français (0, 2,1, 5,5, 10 ou 20 %)".into(),
                })
            })?;
            let reference = line
                .reference
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string);
            Ok(QuoteLine {
                reference,
                label: line.label.trim().to_string(),
                quantity_milli: line.quantity_milli,
                unit: line.unit.trim().to_string(),
                unit_price_cents: line.unit_price_cents,
                discount_bp: line.discount_bp,
                vat,
            })
        })
        .collect()
}

/// The totals of the editor's lines once the lines' rules pass (bounds that keep every sum
/// within its integers, each fault under `lines[i].x`): what the editor shows live, and what
/// a browser may ask for with any numbers.
pub fn checked_totals(lines: &[QuoteLineDto]) -> Result<QuoteTotalsView> {
    let lines = core_lines(lines)?;
    check_lines(&lines).map_err(FieldError::rule)?;
    Ok(totals_view(&lines))
}

/// The totals of `lines`, by the core's one computation.
pub fn totals_view(lines: &[QuoteLine]) -> QuoteTotalsView {
    let totals = quote_totals(lines);
    QuoteTotalsView {
        line_nets_cents: totals.line_nets_cents,
        excl_vat_cents: totals.excl_vat_cents,
        vat: totals
            .vat
            .iter()
            .map(|v| VatLine {
                vat_bp: v.rate.basis_points(),
                base_cents: v.base_cents,
                vat_cents: v.vat_cents,
            })
            .collect(),
        vat_cents: totals.vat_cents,
        incl_vat_cents: totals.incl_vat_cents,
    }
}

/// One quote's page.
pub fn view(m: &Merged) -> QuoteView {
    QuoteView {
        id: m.row.id.clone(),
        party_id: m.row.party_id.clone(),
        party_name: m.party.display_name(),
        opportunity_id: m.row.opportunity_id.clone(),
        number: m.row.number.clone(),
        temp_ref: m.row.temp_ref.clone(),
        status: m.row.status(),
        valid_until: m.row.valid_until.clone(),
        created_at: m.row.created_at.clone(),
        signed: m.row.is_signed(),
        signer_name: m.row.signer_name.clone(),
        signed_at: m.row.signed_at.clone(),
        lines: m.row.lines.iter().map(line_dto).collect(),
        totals: totals_view(&m.row.lines),
        pending: m.pending,
    }
}

/// What the quote's PDF prints: dated its creation day (`today` for one drafted here and
/// not back yet), the client's name and address from its party, and the signature when
/// signed (its image when a pending change still carries it).
pub fn document(m: &Merged, today: NaiveDate) -> QuoteDocument {
    let date = DateTime::parse_from_rfc3339(&m.row.created_at)
        .map(|at| at.date_naive())
        .unwrap_or(today);
    let valid_until = NaiveDate::parse_from_str(&m.row.valid_until, "%Y-%m-%d").unwrap_or(date);
    let party = &m.party;
    let town = [party.postal_code.as_deref(), party.city.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let client_address = [
        party.address1.clone(),
        party.address2.clone(),
        Some(town),
        party.country.clone(),
    ]
    .into_iter()
    .flatten()
    .filter(|line| !line.trim().is_empty())
    .collect();
    let signature = m.row.is_signed().then(|| SignedBy {
        name: m.row.signer_name.clone().unwrap_or_default(),
        on: m
            .row
            .signed_at
            .as_deref()
            .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
            .map_or(today, |at| at.date_naive()),
        png_base64: m.row.signature_png().unwrap_or_default().to_string(),
    });
    QuoteDocument {
        number: m.row.number.clone(),
        temp_ref: m.row.temp_ref.clone(),
        date,
        valid_until,
        client_name: party.display_name(),
        client_address,
        lines: m.row.lines.clone(),
        signature,
    }
}
