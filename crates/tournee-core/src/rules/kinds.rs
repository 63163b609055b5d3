//! What a field's kind means beyond its length: the format checked (SIRET, VAT number,
//! phone, IBAN, BIC, integer, ISO date) and the text stored. Kinds whose ERP column holds
//! a compact code (IBAN, BIC, SIRET, VAT number) store it without the spaces people type,
//! and their ERP length applies to that compact form: `MT84 MALT 0110 0001 2345 MTLC AST0
//! 01S` is 38 characters typed and 31 stored. Phones are stored as typed (the rep's
//! spacing is what the ERP shows); duplicates compare their canonical form instead.

use crate::error::DomainError;
use crate::iso_date::parse_iso_date;
use crate::profile::FieldKind;
use crate::rules::{
    bic::check_bic,
    iban::{check_iban, compact_iban},
    phone::check_phone,
    siret::check_siret,
    vat::{check_vat, normalize_vat},
};

/// The text stored for a (trimmed) value of this kind.
pub fn stored_form(kind: FieldKind, trimmed: &str) -> String {
    let without_spaces = || trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    match kind {
        FieldKind::Iban | FieldKind::Bic => compact_iban(trimmed),
        FieldKind::Siret => without_spaces(),
        FieldKind::VatNumber => normalize_vat(trimmed),
        FieldKind::Text
        | FieldKind::Integer
        | FieldKind::Date
        | FieldKind::Code
        | FieldKind::Phone => trimmed.to_string(),
    }
}

/// Whether the kind stores a compact form, so that its input may be longer than its column.
pub fn drops_separators(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Iban | FieldKind::Bic | FieldKind::Siret | FieldKind::VatNumber
    )
}

/// The format check of a kind on a non-blank trimmed value.
pub fn check_format(kind: FieldKind, field: &str, trimmed: &str) -> Result<(), DomainError> {
    match kind {
        FieldKind::Text | FieldKind::Code => Ok(()),
        FieldKind::Integer => {
            trimmed
                .parse::<i32>()
                .map(drop)
                .map_err(|_| DomainError::NotAnInteger {
                    field: field.to_string(),
                })
        }
        FieldKind::Date => parse_iso_date(trimmed)
            .map(drop)
            .ok_or_else(|| DomainError::NotADate {
                field: field.to_string(),
            }),
        FieldKind::Siret => check_siret(field, trimmed).map(drop),
        FieldKind::VatNumber => check_vat(field, trimmed).map(drop),
        FieldKind::Phone => check_phone(field, trimmed).map(drop),
        FieldKind::Iban => check_iban(field, trimmed).map(drop),
        FieldKind::Bic => check_bic(field, trimmed).map(drop),
    }
}
