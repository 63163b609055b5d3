//! A quote's totals in integer cents, with the rounding the module documentation states:
//! each line's net rounded half-up once, VAT per rate on the sum of that rate's nets
//! rounded half-up once per rate.

use serde::{Deserialize, Serialize};

use super::line::{QuoteLine, VatRate};

/// The VAT of one rate: the base (sum of that rate's lines' nets) and the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VatAmount {
    /// The rate.
    #[cfg_attr(feature = "ts", ts(as = "u32"))]
    pub rate: VatRate,
    /// Sum of the nets excl. VAT of the lines at this rate, in cents.
    pub base_cents: i64,
    /// VAT at this rate, in cents, rounded half-up once.
    pub vat_cents: i64,
}

/// Everything a quote prints below its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuoteTotals {
    /// Each line's net excl. VAT after discount, in the lines' order, in cents.
    pub line_nets_cents: Vec<i64>,
    /// Total excl. VAT: the sum of the nets.
    pub excl_vat_cents: i64,
    /// VAT per rate present in the quote, lowest rate first.
    pub vat: Vec<VatAmount>,
    /// Total VAT: the sum of the per-rate amounts.
    pub vat_cents: i64,
    /// Total incl. VAT: excl. VAT + VAT.
    pub incl_vat_cents: i64,
}

/// `numerator / denominator` rounded half-up (halves go up); both non-negative,
/// `denominator` positive.
pub fn round_half_up(numerator: i128, denominator: i128) -> i128 {
    (2 * numerator + denominator) / (2 * denominator)
}

/// A line's net excl. VAT after its discount, in cents, rounded half-up once.
pub fn line_net_cents(line: &QuoteLine) -> i64 {
    let gross = i128::from(line.quantity_milli) * i128::from(line.unit_price_cents);
    let kept = i128::from(10_000u32.saturating_sub(line.discount_bp));
    clamp(round_half_up(gross * kept, 10_000_000))
}

/// The totals of a quote's lines. Lines are expected to have passed
/// [`super::check_lines`]; out-of-bound values still give a result (clamped), never a panic.
pub fn quote_totals(lines: &[QuoteLine]) -> QuoteTotals {
    let line_nets_cents: Vec<i64> = lines.iter().map(line_net_cents).collect();
    let vat: Vec<VatAmount> = VatRate::ALL
        .into_iter()
        .filter_map(|rate| {
            let nets: Vec<i128> = lines
                .iter()
                .zip(&line_nets_cents)
                .filter(|(line, _)| line.vat == rate)
                .map(|(_, net)| i128::from(*net))
                .collect();
            let base: i128 = nets.iter().sum();
            (!nets.is_empty()).then(|| VatAmount {
                rate,
                base_cents: clamp(base),
                vat_cents: clamp(round_half_up(
                    base * i128::from(rate.basis_points()),
                    10_000,
                )),
            })
        })
        .collect();
    let excl: i128 = line_nets_cents.iter().map(|n| i128::from(*n)).sum();
    let tax: i128 = vat.iter().map(|v| i128::from(v.vat_cents)).sum();
    QuoteTotals {
        line_nets_cents,
        excl_vat_cents: clamp(excl),
        vat,
        vat_cents: clamp(tax),
        incl_vat_cents: clamp(excl + tax),
    }
}

/// An amount brought back to `i64`; within the lines' bounds it always fits (200 lines of
/// at most 10^6 units × 10^9 cents is 2 × 10^17 < 9.2 × 10^18).
fn clamp(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}
