//! Quotes (« devis », issue 15): their lines, their totals and their status, with no I/O,
//! so that the field app's editor, the PDF, the server's integration and the back office
//! compute the very same cents.
//!
//! # Amounts and rounding
//!
//! Every amount is an integer number of **euro cents**; no float is ever involved.
//!
//! * A line's quantity is in **thousandths** (`quantity_milli`: `1500` is 1.5, up to three
//!   decimals), its unit price excl. VAT in cents, its discount in **basis points of a
//!   percent** (`discount_bp`: `1000` is 10 %, `1250` is 12.5 %), its VAT rate in basis
//!   points ([`VatRate`]: 20 %, 10 %, 5.5 %, 2.1 % or 0 %, the French rates).
//! * **A line's net** (excl. VAT, after its discount) is
//!   `quantity_milli × unit_price_cents × (10000 − discount_bp) / 10 000 000`,
//!   computed exactly in 128-bit integers and **rounded half-up to the cent once**
//!   (amounts are never negative, so half-up is « half away from zero »).
//! * **Total excl. VAT** is the sum of the lines' nets (no further rounding).
//! * **VAT is computed per rate**, on the sum of that rate's lines' nets, **rounded half-up
//!   to the cent once per rate** (not per line: ten lines at 0.05 € × 20 % give 0.10 € of
//!   VAT, not ten times 0.01 €).
//! * **Total VAT** is the sum of the per-rate amounts; **total incl. VAT** = total excl. VAT
//!   plus total VAT. So the printed figures always add up: Σ lines = excl., Σ rates =
//!   VAT, excl. plus VAT = incl.
//!
//! # Status
//!
//! `draft → sent → accepted | refused` ([`QuoteStatus::check_move`]); a draft or a sent
//! quote may be edited, an accepted or refused one never again
//! ([`QuoteStatus::is_closed`]).

mod catalogue;
mod line;
mod rule;
mod seller;
mod status;
#[cfg(test)]
mod tests;
mod totals;

pub use catalogue::{parse_euros, CatalogueEntry, MAX_REFERENCE_CHARS};
pub use line::{
    check_lines, euros_fr, percent_fr, QuoteLine, VatRate, MAX_DISCOUNT_BP, MAX_LINES,
    MAX_LINE_LABEL_CHARS, MAX_QUANTITY_MILLI, MAX_UNIT_CHARS, MAX_UNIT_PRICE_CENTS,
};
pub use rule::{check_quote_create, check_quote_update, QuoteRule};
pub use seller::{SellerIdentity, MAX_VALIDITY_DAYS};
pub use status::{QuoteStatus, StatusMoveError};
pub use totals::{line_net_cents, quote_totals, round_half_up, QuoteTotals, VatAmount};
