//! Tournée's domain: the types and rules of an offline CRM for travelling sales reps,
//! with no I/O at all, so that the field app, the server and their tests share one truth.
//!
//! * [`profile`]: the data-driven field profile (annex 2 of the brief by default).
//! * [`visit_form`]: the configurable multi-level radio/checkbox visit form.
//! * [`fleet`]: fleet types (« type de parc »).
//! * [`relation`]: the `client_relation` row of annex 1.
//! * [`rules`]: visit dates, IBAN, BIC, SIRET, phones, prospect creation and conversion.
//! * [`error`]: errors naming their field, in French or English.

pub mod error;
pub mod fleet;
pub mod profile;
pub mod relation;
pub mod rules;
pub mod visit_form;

pub use error::{DomainError, Lang};
