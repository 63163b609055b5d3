//! One line of a quote and the bounds its values obey, so that a total can never overflow
//! and a typing slip (a quantity of a billion) is refused with the field named.

use serde::{Deserialize, Serialize};

use super::catalogue::MAX_REFERENCE_CHARS;
use crate::{check_text, DomainError, TextKind};

/// Most lines in one quote (a quote, not a price list).
pub const MAX_LINES: usize = 200;
/// Longest line label (the catalogue's label or a free line's text).
pub const MAX_LINE_LABEL_CHARS: u32 = 200;
/// Longest unit (« pièce », « heure », « m² »…).
pub const MAX_UNIT_CHARS: u32 = 20;
/// Largest quantity, in thousandths: one million units.
pub const MAX_QUANTITY_MILLI: i64 = 1_000_000_000;
/// Largest unit price excl. VAT: ten million euros, in cents.
pub const MAX_UNIT_PRICE_CENTS: i64 = 1_000_000_000;
/// Largest discount: 100 %, in basis points.
pub const MAX_DISCOUNT_BP: u32 = 10_000;

/// The French VAT rates a quote line may carry, by their basis points on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum VatRate {
    /// 0 % (exempt, exports, intra-community deliveries).
    Zero,
    /// 2.1 % (press, some medicines).
    SuperReduced,
    /// 5.5 % (food, energy-saving works).
    Reduced,
    /// 10 % (renovation works, restaurants).
    Intermediate,
    /// 20 %, the standard rate.
    Standard,
}

impl VatRate {
    /// Every rate, lowest first (the order the totals list them in).
    pub const ALL: [VatRate; 5] = [
        Self::Zero,
        Self::SuperReduced,
        Self::Reduced,
        Self::Intermediate,
        Self::Standard,
    ];

    /// The rate in basis points (`2000` for 20 %).
    pub fn basis_points(self) -> u32 {
        match self {
            Self::Zero => 0,
            Self::SuperReduced => 210,
            Self::Reduced => 550,
            Self::Intermediate => 1000,
            Self::Standard => 2000,
        }
    }

    /// The rate of some basis points; `None` outside the French rates.
    pub fn from_basis_points(bp: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.basis_points() == bp)
    }

    /// The rate as a percentage written the French way (« 5,5 % »), for documents.
    pub fn label_fr(self) -> String {
        percent_fr(self.basis_points())
    }
}

/// Basis points of a percent written the French way: `550` → « 5,5 % », `2000` → « 20 % ».
pub fn percent_fr(bp: u32) -> String {
    let whole = bp / 100;
    let hundredths = bp % 100;
    if hundredths == 0 {
        format!("{whole} %")
    } else if hundredths.is_multiple_of(10) {
        format!("{whole},{} %", hundredths / 10)
    } else {
        format!("{whole},{hundredths:02} %")
    }
}

/// An amount in cents written the French way, for documents and pages: `123456` →
/// « 1 234,56 € » (thousands grouped by a space, the sign kept).
pub fn euros_fr(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{:02} €", cents % 100)
}

impl TryFrom<u32> for VatRate {
    type Error = String;

    fn try_from(bp: u32) -> Result<Self, Self::Error> {
        Self::from_basis_points(bp).ok_or_else(|| {
            format!("{bp} is not a French VAT rate in basis points (0, 210, 550, 1000, 2000)")
        })
    }
}

impl From<VatRate> for u32 {
    fn from(rate: VatRate) -> u32 {
        rate.basis_points()
    }
}

/// One line of a quote: from the catalogue (its `reference` kept) or free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuoteLine {
    /// The catalogue reference the line was taken from; `None` for a free line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// What is sold.
    pub label: String,
    /// Quantity in thousandths (`1500` = 1.5); more than zero.
    pub quantity_milli: i64,
    /// Unit (« pièce », « heure »…); may be empty.
    #[serde(default)]
    pub unit: String,
    /// Unit price excl. VAT, in cents.
    pub unit_price_cents: i64,
    /// Discount in basis points of a percent (`1000` = 10 %).
    #[serde(default)]
    pub discount_bp: u32,
    /// VAT rate.
    #[cfg_attr(feature = "ts", ts(as = "u32"))]
    pub vat: VatRate,
}

/// Checks every line's values, naming the field as `lines[i].name` (0-based `i`); the
/// first fault found, in line order. An empty list is refused: a quote sells something.
pub fn check_lines(lines: &[QuoteLine]) -> Result<(), DomainError> {
    if lines.is_empty() {
        return Err(DomainError::Missing {
            field: "lines".into(),
        });
    }
    if lines.len() > MAX_LINES {
        return Err(DomainError::InvalidFormat {
            field: "lines".into(),
            expected: format!("au plus {MAX_LINES} lignes"),
        });
    }
    lines
        .iter()
        .enumerate()
        .try_for_each(|(i, line)| line.check(i))
}

impl QuoteLine {
    /// The line's own rules; `index` names it in the error's field.
    fn check(&self, index: usize) -> Result<(), DomainError> {
        self.check_named(|name| format!("lines[{index}].{name}"))
    }

    /// The line's own rules, each field named by `field` (a quote's `lines[i].label`, a
    /// catalogue entry's plain `label`), so the catalogue and the quote share one rule set.
    pub(super) fn check_named(&self, field: impl Fn(&str) -> String) -> Result<(), DomainError> {
        if let Some(reference) = &self.reference {
            check_text(
                &field("reference"),
                reference,
                TextKind::SingleLine,
                MAX_REFERENCE_CHARS,
            )?;
        }
        if self.label.trim().is_empty() {
            return Err(DomainError::Missing {
                field: field("label"),
            });
        }
        check_text(
            &field("label"),
            &self.label,
            TextKind::SingleLine,
            MAX_LINE_LABEL_CHARS,
        )?;
        check_text(
            &field("unit"),
            &self.unit,
            TextKind::SingleLine,
            MAX_UNIT_CHARS,
        )?;
        if !(1..=MAX_QUANTITY_MILLI).contains(&self.quantity_milli) {
            return Err(DomainError::InvalidFormat {
                field: field("quantity_milli"),
                expected: "une quantité de 0,001 à 1 000 000".into(),
            });
        }
        if !(0..=MAX_UNIT_PRICE_CENTS).contains(&self.unit_price_cents) {
            return Err(DomainError::InvalidFormat {
                field: field("unit_price_cents"),
                expected: "un prix unitaire de 0 à 10 000 000 €".into(),
            });
        }
        if self.discount_bp > MAX_DISCOUNT_BP {
            return Err(DomainError::InvalidFormat {
                field: field("discount_bp"),
                expected: "une remise de 0 à 100 %".into(),
            });
        }
        Ok(())
    }
}
