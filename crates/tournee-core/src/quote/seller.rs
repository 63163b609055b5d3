//! The seller's identity a quote must print (French law on quotes and on commercial
//! documents): an admin parameter, carried to the laptops so that a quote's PDF is made
//! offline with the same mentions as on the server.

use serde::{Deserialize, Serialize};

use crate::{check_siren, check_siret, check_text, check_vat, DomainError, TextKind};

/// Longest one-line mention (name, legal form, capital, RCS city, VAT number).
const LINE_CHARS: u32 = 120;
/// Longest multi-line mention (address, payment terms, late-payment penalties).
const TEXT_CHARS: u32 = 600;
/// Longest validity a quote may be given by default, in days (a year).
pub const MAX_VALIDITY_DAYS: u32 = 366;

/// Who sells: every mention the quote's header and footer print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SellerIdentity {
    /// Company name (« Cuisines Dupont »).
    pub name: String,
    /// Legal form (« SARL », « SAS »…).
    pub legal_form: String,
    /// Share capital as printed (« 10 000 € »).
    pub capital: String,
    /// Postal address, one line per line.
    pub address: String,
    /// SIRET (14 digits) or SIREN (9), checked with their keys.
    pub siret: String,
    /// City of the trade register (« RCS Lyon »: `Lyon`).
    pub rcs_city: String,
    /// Intra-community VAT number.
    pub vat_number: String,
    /// Payment terms (« 30 % à la commande, solde à la livraison »).
    pub payment_terms: String,
    /// Days a new quote stays valid, by default.
    pub validity_days: u32,
    /// Late-payment penalties and the 40 € recovery indemnity, as printed.
    pub late_penalty: String,
}

impl Default for SellerIdentity {
    fn default() -> Self {
        Self {
            name: String::new(),
            legal_form: String::new(),
            capital: String::new(),
            address: String::new(),
            siret: String::new(),
            rcs_city: String::new(),
            vat_number: String::new(),
            payment_terms: "Paiement à 30 jours à réception de facture.".into(),
            validity_days: 30,
            late_penalty: "En cas de retard de paiement : pénalités au taux de 3 fois le taux \
                           d'intérêt légal, et indemnité forfaitaire pour frais de recouvrement \
                           de 40 €."
                .into(),
        }
    }
}

impl SellerIdentity {
    /// Every fault, each naming its field (`seller.siret`…). Empty values are allowed
    /// (a new installation has none); what is typed must be right.
    pub fn problems(&self) -> Vec<DomainError> {
        let mut problems = Vec::new();
        let mut text = |field: &str, value: &str, kind: TextKind, max: u32| {
            if let Err(e) = check_text(&format!("seller.{field}"), value, kind, max) {
                problems.push(e);
            }
        };
        text("name", &self.name, TextKind::SingleLine, LINE_CHARS);
        text(
            "legal_form",
            &self.legal_form,
            TextKind::SingleLine,
            LINE_CHARS,
        );
        text("capital", &self.capital, TextKind::SingleLine, LINE_CHARS);
        text("address", &self.address, TextKind::MultiLine, TEXT_CHARS);
        text("rcs_city", &self.rcs_city, TextKind::SingleLine, LINE_CHARS);
        text(
            "payment_terms",
            &self.payment_terms,
            TextKind::MultiLine,
            TEXT_CHARS,
        );
        text(
            "late_penalty",
            &self.late_penalty,
            TextKind::MultiLine,
            TEXT_CHARS,
        );
        if !self.siret.trim().is_empty() {
            let digits = self.siret.chars().filter(|c| !c.is_whitespace()).count();
            let checked = if digits == 9 {
                check_siren("seller.siret", &self.siret).map(drop)
            } else {
                check_siret("seller.siret", &self.siret).map(drop)
            };
            problems.extend(checked.err());
        }
        if !self.vat_number.trim().is_empty() {
            problems.extend(check_vat("seller.vat_number", &self.vat_number).err());
        }
        if !(1..=MAX_VALIDITY_DAYS).contains(&self.validity_days) {
            problems.push(DomainError::InvalidFormat {
                field: "seller.validity_days".into(),
                expected: format!("un nombre de jours de 1 à {MAX_VALIDITY_DAYS}"),
            });
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_valid_and_each_fault_names_its_field() {
        assert_eq!(SellerIdentity::default().problems(), vec![]);
        let seller = SellerIdentity {
            siret: "73282932000075".into(),
            vat_number: "FR00123".into(),
            validity_days: 0,
            name: "a\u{7}b".into(),
            ..SellerIdentity::default()
        };
        let fields: Vec<String> = seller
            .problems()
            .iter()
            .map(|p| p.field().to_owned())
            .collect();
        assert_eq!(
            fields,
            [
                "seller.name",
                "seller.siret",
                "seller.vat_number",
                "seller.validity_days"
            ]
        );
        let good = SellerIdentity {
            siret: "73282932000074".into(),
            vat_number: "FR44732829320".into(),
            ..SellerIdentity::default()
        };
        assert_eq!(good.problems(), vec![]);
    }
}
