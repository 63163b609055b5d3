//! Business rules, one module each, every one unit-tested. Single-value checks return the
//! normalised value or one error; the rule sets for prospect creation and conversion return
//! every error at once, so that the rep can fix the whole form in one go. [`text`] is the
//! rule every typed text obeys (no invisible controls, one line where a column needs one,
//! a maximum length).

pub mod bic;
pub mod conversion;
pub mod email;
mod fields;
pub mod iban;
pub mod kinds;
pub mod phone;
pub mod prospect;
pub mod siret;
pub mod text;
pub mod vat;
pub mod visit_date;
