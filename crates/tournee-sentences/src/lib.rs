//! Tournée's Rust catalogue of sentences: every word the Rust side says to people, in French
//! and in English, over the codes and values the other crates carry. The domain
//! (`tournee-core`) words nothing: its errors carry a code, the field concerned and typed
//! values, and this crate turns them into sentences; the app's window words the same codes
//! from its own catalogues (`ui/src/lib/i18n/`). See `docs/sentences.md` for what lives where.
//!
//! The wording is reached through three small traits, so that a call site reads as before
//! the move (`error.message(lang)`, `status.label(lang)`) once the trait is in scope:
//!
//! * [`Message`]: a whole sentence — a broken domain rule ([`tournee_core::DomainError`]), a
//!   policy problem ([`tournee_core::PolicyError`]) or a refusal ([`tournee_core::Refusal`]).
//! * [`Label`]: the label of a code — a party's status, a role, an entity, an access, a scope.
//! * [`Describe`]: a clause completing a sentence — what is wrong inside an IBAN, a SIRET, a
//!   VAT number, a set of visit answers or a visit form.
//!
//! [`documents`] holds the words of the files the laptop writes for people (the stats PDF,
//! the calendar export). [`server`] (feature `server`, for `tournee-server` only) holds the
//! server's catalogue: the back office, the mails, the sync API's refusals, the imports.
//!
//! Each wording is one exhaustive `match` per language, so a new variant does not build
//! until it is worded in both; the tests then check that no text is empty or copied from the
//! other language.

pub mod documents;
mod domain_error;
mod field_label;
mod labels;
mod policy;
mod problem;
pub mod quote_document;
// The app's sales reports page (issue 15).
pub mod reports_document;
#[cfg(feature = "server")]
pub mod server;

pub use field_label::{data_label, field_label, worded_fields};
pub use problem::describe_format;
pub use tournee_core::Lang;

/// A value people read about in one sentence (an error, a problem, a refusal).
pub trait Message {
    /// The sentence in `lang`, naming the field or cell concerned by its label.
    fn message(&self, lang: Lang) -> String;
}

/// A code people read by its label (a status, a role, an entity, an access, a scope).
pub trait Label {
    /// The label in `lang`: French for the users, English for contributors.
    fn label(self, lang: Lang) -> &'static str;
}

/// A reason that completes a sentence (« n'est pas valide : … »).
pub trait Describe {
    /// The clause in `lang`, without capital or final stop.
    fn describe(&self, lang: Lang) -> String;
}

#[cfg(test)]
mod tests;
