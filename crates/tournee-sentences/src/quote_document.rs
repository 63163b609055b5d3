//! The words of a quote's PDF (« Devis »), French and English. A quote given to a French
//! client is printed in French (the legal mentions are French law's); the English words
//! serve an English-speaking rep's proofreading copy.

use tournee_core::Lang;

/// Every fixed word the quote's page prints.
#[derive(Debug, Clone, Copy)]
pub struct QuotePdfWords {
    /// « Devis », before the final number.
    pub title: &'static str,
    /// « Devis provisoire », before the temporary reference (no number yet).
    pub provisional: &'static str,
    /// « Date ».
    pub date: &'static str,
    /// « Valable jusqu'au ».
    pub valid_until: &'static str,
    /// « Client ».
    pub client: &'static str,
    /// Column headings: label, quantity, unit, unit price, discount, VAT, line total.
    pub columns: [&'static str; 7],
    /// « Total HT ».
    pub total_excl: &'static str,
    /// « TVA » (followed by the rate).
    pub vat: &'static str,
    /// « sur », between a VAT rate and its base.
    pub base: &'static str,
    /// « Total TTC ».
    pub total_incl: &'static str,
    /// « Conditions de paiement ».
    pub payment_terms: &'static str,
    /// « Bon pour accord ».
    pub agreement: &'static str,
    /// « Signé par », before the signer's name.
    pub signed_by: &'static str,
    /// « le », before the signing day.
    pub on: &'static str,
    /// « Capital », « RCS », « SIRET », « TVA intracommunautaire ».
    pub capital: &'static str,
    /// RCS mention.
    pub rcs: &'static str,
    /// SIRET mention.
    pub siret: &'static str,
    /// VAT number mention.
    pub vat_number: &'static str,
    /// « Page ».
    pub page: &'static str,
    /// « Date et signature du client, précédées de la mention Bon pour accord ».
    pub sign_here: &'static str,
}

/// The quote PDF's words in `lang`.
pub fn quote_pdf_words(lang: Lang) -> QuotePdfWords {
    match lang {
        Lang::Fr => QuotePdfWords {
            title: "Devis",
            provisional: "Devis provisoire",
            date: "Date",
            valid_until: "Valable jusqu'au",
            client: "Client",
            columns: [
                "Désignation",
                "Qté",
                "Unité",
                "PU HT",
                "Remise",
                "TVA",
                "Total HT",
            ],
            total_excl: "Total HT",
            vat: "TVA",
            base: "sur",
            total_incl: "Total TTC",
            payment_terms: "Conditions de paiement",
            agreement: "Bon pour accord",
            signed_by: "Signé par",
            on: "le",
            capital: "au capital de",
            rcs: "RCS",
            siret: "SIRET",
            vat_number: "TVA intracommunautaire",
            page: "Page",
            sign_here: "Date et signature du client, précédées de la mention « Bon pour accord »",
        },
        Lang::En => QuotePdfWords {
            title: "Quote",
            provisional: "Provisional quote",
            date: "Date",
            valid_until: "Valid until",
            client: "Client",
            columns: [
                "Description",
                "Qty",
                "Unit",
                "Unit price",
                "Discount",
                "VAT",
                "Total excl. VAT",
            ],
            total_excl: "Total excl. VAT",
            vat: "VAT",
            base: "on",
            total_incl: "Total incl. VAT",
            payment_terms: "Payment terms",
            agreement: "Approved",
            signed_by: "Signed by",
            on: "on",
            capital: "with a share capital of",
            rcs: "Trade register",
            siret: "SIRET",
            vat_number: "VAT number",
            page: "Page",
            sign_here: "Client's date and signature, preceded by « Approved »",
        },
    }
}
