//! Business rules, one module each, every one unit-tested. Single-value checks return the
//! normalised value or one error; the rule sets for prospect creation and conversion return
//! every error at once, so that the rep can fix the whole form in one go. [`text`] is the
//! rule every typed text obeys (no invisible controls, one line where a column needs one,
//! a maximum length).

// `siret` and `vat` stay public: the demo data generator names them by path.
pub(crate) mod bic;
pub(crate) mod conversion;
pub(crate) mod email;
mod fields;
pub(crate) mod iban;
pub(crate) mod kinds;
pub(crate) mod phone;
pub(crate) mod prospect;
pub mod siret;
pub(crate) mod text;
pub mod vat;
pub(crate) mod visit_date;
