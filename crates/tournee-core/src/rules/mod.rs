//! Business rules, one module each, every one unit-tested.

pub mod bic;
pub mod conversion;
pub mod iban;
pub mod phone;
pub mod prospect;
pub mod siret;
pub mod visit_date;
