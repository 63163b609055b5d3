//! `quote` fields (issue 15): a quote to a party, its lines as one JSON array field, its
//! status, its temporary reference minted offline and the client's signature.
//!
//! **The lines travel as one field.** Per-field last writer wins therefore treats the list
//! of lines as one value: two reps editing the lines of one quote offline do not merge line
//! by line; the later change (UTC `created_at`, then change id) wins the whole list and the
//! earlier list is kept in the record's field history. A quote is one person's document, a
//! line-level merge could produce a list neither of them wrote, and the totals are computed
//! from the list that won (`tournee_core::quote_totals`), so they always match their lines.
//!
//! The final number (`D-<year>-<seq>`) is not a field: only the server assigns it, at
//! integration, and a change cannot set it.

use base64::Engine;
use serde::{Deserialize, Serialize};
use tournee_core::{check_lines, DomainError, QuoteLine, QuoteStatus};

use super::fields::{Need, Rules};
use super::patch::{Day, Patch};
use crate::envelope::Signature;

/// Longest temporary reference (`P-<user>-<ULID tail>`…).
const TEMP_REF_CHARS: u32 = 60;
/// Longest signer name.
const SIGNER_CHARS: u32 = 80;
/// Largest signature image, in bytes once decoded (as the conversion's pad allows).
pub const MAX_QUOTE_SIGNATURE_BYTES: usize = 256 * 1024;
/// The first bytes of every PNG file.
const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// `quote` fields: what is offered to a party, at what price, until when, and its answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteFields {
    /// The client party (mandatory); the quote's policy follows it.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub party_id: Patch<String>,
    /// The opportunity the quote answers, if any (a record id; its check is the server's).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub opportunity_id: Patch<String>,
    /// The person of the company the quote is addressed to, if any.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub person_id: Patch<String>,
    /// The lines, as one value (mandatory; see the module doc for how they merge).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub lines: Patch<Vec<QuoteLine>>,
    /// Last day the offer holds (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub valid_until: Patch<Day>,
    /// Draft, sent, accepted or refused (mandatory; moves checked by the integrator).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub status: Patch<QuoteStatus>,
    /// The reference minted offline, shown until the server's number comes back (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub temp_ref: Patch<String>,
    /// The client's « Bon pour accord » signature, a PNG from the signature pad.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub signature: Patch<Signature>,
    /// When the client signed (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub signed_at: Patch<chrono::DateTime<chrono::Utc>>,
    /// Who signed, as they wrote their name.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub signer_name: Patch<String>,
}

impl QuoteFields {
    pub(super) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.id("party_id", &self.party_id, Need::Mandatory);
        rules.id("opportunity_id", &self.opportunity_id, Need::Optional);
        rules.id("person_id", &self.person_id, Need::Optional);
        rules.checked_value_need(
            "lines",
            &self.lines,
            Need::Mandatory,
            |_, lines: &Vec<QuoteLine>| check_lines(lines),
        );
        rules.plain("valid_until", &self.valid_until, Need::Mandatory);
        rules.plain("status", &self.status, Need::Mandatory);
        rules.line("temp_ref", &self.temp_ref, Need::Mandatory, TEMP_REF_CHARS);
        rules.checked_value_need("signature", &self.signature, Need::Optional, check_png);
        rules.plain("signed_at", &self.signed_at, Need::Optional);
        rules.line(
            "signer_name",
            &self.signer_name,
            Need::Optional,
            SIGNER_CHARS,
        );
        rules
    }
}

/// A signature is a PNG image of bounded size, by its media type and its bytes.
fn check_png(field: &str, signature: &Signature) -> Result<(), DomainError> {
    let invalid = || DomainError::InvalidFormat {
        field: field.into(),
        expected: "une image PNG".into(),
    };
    if signature.media_type != "image/png" {
        return Err(invalid());
    }
    // Base64 is 4 characters per 3 bytes: refuse an oversize text before decoding it.
    if signature.data_base64.len() > MAX_QUOTE_SIGNATURE_BYTES / 3 * 4 + 4 {
        return Err(DomainError::TooLong {
            field: field.into(),
            max: u32::try_from(MAX_QUOTE_SIGNATURE_BYTES).unwrap_or(u32::MAX),
            len: signature.data_base64.len() / 4 * 3,
        });
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&signature.data_base64)
        .map_err(|_| invalid())?;
    if bytes.starts_with(&PNG_MAGIC) {
        Ok(())
    } else {
        Err(invalid())
    }
}
