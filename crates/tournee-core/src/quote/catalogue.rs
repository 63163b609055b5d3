//! The catalogue of products and services the admin keeps (issue 15): each entry is what a
//! quote line is taken from, so it obeys the very rules of a line (one rule set: an entry
//! that passes here gives a line that passes [`super::check_lines`]).

use serde::{Deserialize, Serialize};

use super::{QuoteLine, VatRate};
use crate::DomainError;

/// Longest catalogue reference, in characters (a quote line keeps it as is).
pub const MAX_REFERENCE_CHARS: u32 = 40;

/// One product or service of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CatalogueEntry {
    /// The admin's reference, unique (« ARM-100 »).
    pub reference: String,
    /// What is sold, as a quote line prints it.
    pub label: String,
    /// Unit price excl. VAT, in euro cents.
    pub unit_price_cents: i64,
    /// VAT rate.
    #[cfg_attr(feature = "ts", ts(as = "u32"))]
    pub vat: VatRate,
    /// Unit (« pièce », « heure »…); may be empty.
    pub unit: String,
}

impl CatalogueEntry {
    /// The entry's rules, each fault naming its field (`reference`, `label`, `unit`,
    /// `unit_price_cents`): those of a quote line, and a reference is mandatory.
    pub fn check(&self) -> Result<(), DomainError> {
        if self.reference.trim().is_empty() {
            return Err(DomainError::Missing {
                field: "reference".into(),
            });
        }
        self.line(1000).check_named(str::to_owned)
    }

    /// A quote line of `quantity_milli` thousandths taken from this entry (its reference
    /// kept, no discount).
    pub fn line(&self, quantity_milli: i64) -> QuoteLine {
        QuoteLine {
            reference: Some(self.reference.clone()),
            label: self.label.clone(),
            quantity_milli,
            unit: self.unit.clone(),
            unit_price_cents: self.unit_price_cents,
            discount_bp: 0,
            vat: self.vat,
        }
    }
}

/// An amount in euros as a person types it (« 1 500,50 », « 1500.5 », « 489,90 € ») in
/// cents; `None` when it is not one (more than two decimals, a sign, letters, empty).
pub fn parse_euros(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    let (units, decimals) = match cleaned.split_once([',', '.']) {
        Some((units, decimals)) => (units, decimals),
        None => (cleaned.as_str(), ""),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if units.is_empty() || !digits(units) || !digits(decimals) || decimals.len() > 2 {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let cents: i64 = format!("{decimals:0<2}").parse().ok()?;
    units.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> CatalogueEntry {
        CatalogueEntry {
            reference: "ARM-100".into(),
            label: "Une armoire de 100cm".into(),
            unit_price_cents: 48_990,
            vat: VatRate::Standard,
            unit: "pièce".into(),
        }
    }

    #[test]
    fn an_entry_follows_the_rules_of_a_quote_line_with_plain_field_names() {
        assert_eq!(entry().check(), Ok(()));
        assert_eq!(super::super::check_lines(&[entry().line(2000)]), Ok(()));
        let field_of = |e: CatalogueEntry| e.check().unwrap_err().field().to_owned();
        assert_eq!(
            field_of(CatalogueEntry {
                reference: " ".into(),
                ..entry()
            }),
            "reference"
        );
        assert_eq!(
            field_of(CatalogueEntry {
                reference: "R".repeat(41),
                ..entry()
            }),
            "reference"
        );
        assert_eq!(
            field_of(CatalogueEntry {
                label: String::new(),
                ..entry()
            }),
            "label"
        );
        assert_eq!(
            field_of(CatalogueEntry {
                unit: "u".repeat(21),
                ..entry()
            }),
            "unit"
        );
        assert_eq!(
            field_of(CatalogueEntry {
                unit_price_cents: -1,
                ..entry()
            }),
            "unit_price_cents"
        );
    }

    #[test]
    fn amounts_are_read_the_way_people_type_them() {
        assert_eq!(parse_euros("1 500,50"), Some(150_050));
        assert_eq!(parse_euros("1500.5"), Some(150_050));
        assert_eq!(parse_euros("489,90 €"), Some(48_990));
        assert_eq!(parse_euros("12"), Some(1_200));
        assert_eq!(parse_euros("0,05"), Some(5));
        for bad in [
            "",
            "€",
            "-3",
            "1,234",
            "12a",
            "1,2,3",
            ",50",
            "9999999999999999999",
        ] {
            assert_eq!(parse_euros(bad), None, "{bad:?}");
        }
    }
}
