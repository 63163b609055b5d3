//! Quotes on the laptop and in the browser (issue 15), read by [`crate::quotes`] and
//! written by `record_changes` (one `RC` change each). Money is integer euro cents,
//! quantities thousandths, discounts and VAT rates basis points; days `YYYY-MM-DD`;
//! instants RFC 3339 in UTC.

use serde::{Deserialize, Serialize};
use tournee_core::QuoteStatus;
use ts_rs::TS;

/// One product or service of the catalogue a line can be taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CatalogueChoice {
    /// Its reference (`ARM-100`).
    pub reference: String,
    /// What it is.
    pub label: String,
    /// Its unit (« pièce », « heure »…), may be empty.
    pub unit: String,
    /// Unit price excl. VAT, in cents.
    #[ts(type = "number")]
    pub unit_price_cents: i64,
    /// VAT rate in basis points (`2000` = 20 %).
    pub vat_bp: u32,
}

/// One line of a quote, as the editor shows and sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteLineDto {
    /// The catalogue reference it was taken from; `None` for a free line.
    pub reference: Option<String>,
    /// What is sold.
    pub label: String,
    /// Quantity in thousandths (`1500` = 1.5).
    #[ts(type = "number")]
    pub quantity_milli: i64,
    /// Unit, may be empty.
    pub unit: String,
    /// Unit price excl. VAT, in cents.
    #[ts(type = "number")]
    pub unit_price_cents: i64,
    /// Discount in basis points (`1000` = 10 %).
    pub discount_bp: u32,
    /// VAT rate in basis points (`0`, `210`, `550`, `1000` or `2000`).
    pub vat_bp: u32,
}

/// The VAT of one rate: its base and its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VatLine {
    /// The rate in basis points.
    pub vat_bp: u32,
    /// Σ of the nets of the lines at this rate, in cents.
    #[ts(type = "number")]
    pub base_cents: i64,
    /// The VAT on that base, rounded half-up once, in cents.
    #[ts(type = "number")]
    pub vat_cents: i64,
}

/// A quote's totals as `tournee_core::quote_totals` computes them (the one computation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteTotalsView {
    /// Each line's net excl. VAT after its discount, in line order, in cents.
    #[ts(type = "Array<number>")]
    pub line_nets_cents: Vec<i64>,
    /// Total excl. VAT, in cents.
    #[ts(type = "number")]
    pub excl_vat_cents: i64,
    /// The VAT per rate, lowest rate first.
    pub vat: Vec<VatLine>,
    /// Total VAT, in cents.
    #[ts(type = "number")]
    pub vat_cents: i64,
    /// Total incl. VAT, in cents.
    #[ts(type = "number")]
    pub incl_vat_cents: i64,
}

/// One quote as its page and the opportunity's list show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteView {
    /// Record id (ULID).
    pub id: String,
    /// The client party.
    pub party_id: String,
    /// That party's name.
    pub party_name: String,
    /// The opportunity it answers, if any.
    pub opportunity_id: Option<String>,
    /// The server's number (`D-2026-12`), `None` until it comes back.
    pub number: Option<String>,
    /// The reference minted on the laptop, shown until then.
    pub temp_ref: String,
    /// Draft, sent, accepted or refused.
    pub status: QuoteStatus,
    /// Last day the offer holds.
    pub valid_until: String,
    /// When it was created (RFC 3339; the server's stamp once integrated).
    pub created_at: String,
    /// Whether the client's signature is stored.
    pub signed: bool,
    /// Who signed, as they wrote their name.
    pub signer_name: Option<String>,
    /// When they signed.
    pub signed_at: Option<String>,
    /// The lines, in order.
    pub lines: Vec<QuoteLineDto>,
    /// The totals of those lines.
    pub totals: QuoteTotalsView,
    /// Changed on this laptop and not yet back from the server.
    pub pending: bool,
}

/// A new quote, drafted from an opportunity (its party is the opportunity's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteInput {
    /// The opportunity it answers.
    pub opportunity_id: String,
    /// The lines.
    pub lines: Vec<QuoteLineDto>,
    /// Last day the offer holds; `None`: today plus the seller's validity period.
    pub valid_until: Option<String>,
}

/// A draft's (or a sent quote's) edit: its lines and validity as they now stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteEdit {
    /// The lines.
    pub lines: Vec<QuoteLineDto>,
    /// Last day the offer holds.
    pub valid_until: String,
}

/// The client's « Bon pour accord », collected on the signature pad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteSignatureInput {
    /// Who signs, as they write their name.
    pub signer_name: String,
    /// The pad's drawing: base 64 of a PNG (as the conversion's pad sends it).
    pub signature_png_base64: String,
}
