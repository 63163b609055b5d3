//! Business rules, one module each, every one unit-tested. Single-value checks return the
//! normalised value or one error; the rule sets for prospect creation and conversion return
//! every error at once, so that the rep can fix the whole form in one go.

pub mod bic;
pub mod conversion;
mod fields;
pub mod iban;
pub mod kinds;
pub mod phone;
pub mod prospect;
pub mod siret;
pub mod vat;
pub mod visit_date;
