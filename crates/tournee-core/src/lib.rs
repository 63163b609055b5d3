//! Tournée's domain: the types and business rules of an offline-first CRM for travelling
//! sales reps. It exists so that the field app (which checks a form before writing a change
//! file), the server (which checks it again before touching the ERP tables) and their tests
//! share one truth — hence no I/O at all here: no files, no database, no clock. Callers pass
//! the date the rep validated on, the profile and the form they loaded.
//!
//! * [`error`]: [`DomainError`], naming the field concerned, with a stable code and a
//!   French (or English) sentence for people.
//! * [`profile`]: the data-driven field profile of clients and prospects; annex 2 of the
//!   brief by default ([`profile::FieldProfile::annex2`]).
//! * [`visit_form`]: the configurable multi-level radio/checkbox form of « Visite ce jour ».
//! * [`visit_form_outline`]: the same form as an indented text, for the admin's editor.
//! * [`period`]: the statistics periods, whole months ending with the current one.
//! * [`contact`]: a person to reach at a client or prospect.
//! * [`fleet`]: fleet types (« type de parc ») and vehicle counts.
//! * [`iso_date`]: the one strict reader of `YYYY-MM-DD` dates typed by people or carried
//!   by change files.
//! * [`choices`]: the lists the forms offer for categories, grids, periodicity, country and
//!   payment mode.
//! * [`relation`]: the `client_relation` row of annex 1, built from a visit.
//! * [`rules`]: visit date bound, IBAN, BIC, SIRET/SIREN, VAT numbers, phone numbers, e-mail
//!   addresses, what each field kind checks and stores, the text rule every typed text obeys,
//!   and the rule sets for prospect creation (contacts included) and conversion into a client.

pub mod choices;
pub mod contact;
pub mod error;
pub mod fleet;
pub mod iso_date;
pub mod period;
pub mod profile;
pub mod relation;
pub mod rules;
pub mod visit_form;
pub mod visit_form_outline;

pub use error::{DomainError, Lang};
