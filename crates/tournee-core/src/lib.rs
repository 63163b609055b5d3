//! Tournée's domain: the types and business rules of an offline-first CRM for travelling
//! sales reps. It exists so that the field app (which checks a form before writing a change
//! file), the server (which checks it again before touching the ERP tables) and their tests
//! share one truth — hence no I/O at all here: no files, no database, no clock. Callers pass
//! the date the rep validated on, the profile and the form they loaded.
//!
//! * [`action_types`]: the action types the admin administers (label, icon, whether one
//!   counts as a contact, whether it needs an outcome), with their defaults and checks.
//! * [`duplicates`]: the duplicate check before a party or person is saved (same phone,
//!   e-mail or SIRET/SIREN, near-identical name in the same postal code), for one form or
//!   a whole import.
//! * [`error`]: [`DomainError`], naming the field concerned, with a stable code and its
//!   values. The domain words nothing: `tournee-sentences` (Rust) and the app's catalogues
//!   (`ui/src/lib/i18n/`) turn codes and values into French and English sentences.
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
//! * [`lifecycle`]: a party's status (lead, dead lead, prospect, dead prospect, client),
//!   computed from its facts in an order of their own, so that it never depends on the order
//!   change files arrive in; with its history for the timeline.
//! * [`policy`]: who may read and write what — one policy (role × entity × read/write →
//!   scope none/own/team/all), data the admin edits, and the one decision the snapshots,
//!   the integration, the API and the back office ask; brief 003's default and brief
//!   004's « tout lire, écrire le sien » as a document.
//! * [`quote`]: a quote's lines, its totals in integer cents (the rounding written down
//!   there) and its status moves (draft → sent → accepted or refused).
//! * [`relation`]: the `client_relation` row of annex 1, built from a visit.
//! * [`scoring`]: a lead's or prospect's score from transparent rules, each with its points.
//! * [`segment`]: saved lists of parties and saved criteria, their checks and evaluation.
//! * [`rules`]: visit date bound, IBAN, BIC, SIRET/SIREN, VAT numbers, phone numbers, e-mail
//!   addresses, what each field kind checks and stores, the text rule every typed text obeys,
//!   and the rule sets for prospect creation (contacts included) and conversion into a client.

// Private by default, so that the compiler reports what nothing uses; the crate's API is
// the flat list of `pub use` below. A few modules stay public because other crates name
// items through their path (`choices::default_*`, `iso_date::deserialize` in serde
// attributes, `period::period`, `rules::siret`, `rules::vat`, `visit_form::Answer::One`,
// `error::Lang`).
mod action_types;
pub mod choices;
mod contact;
mod duplicates;
pub mod error;
mod fleet;
pub mod iso_date;
mod lifecycle;
pub mod opportunity;
pub mod period;
pub mod pipeline;
mod policy;
mod profile;
mod quote;
mod relation;
pub mod rules;
mod scoring;
// Segments: saved lists and criteria (issue 15).
mod segment;
pub mod visit_form;
mod visit_form_outline;

pub use action_types::{
    action_type, check_action_types, default_action_types, ActionIcon, ActionType,
    ActionTypeProblem, ACTION_ICONS, ACTION_TYPE_CODE_MAX, ACTION_TYPE_LABEL_MAX, CALL_TYPE,
    TODO_DONE_TYPE,
};
pub use choices::{Choice, SUBCATEGORY_FIELD};
pub use contact::Contact;
pub use duplicates::{
    email_key, find_duplicates, near_identical, phone_key, postal_code_key, CompanyNumber,
    DuplicateIndex, DuplicateMatch, MatchReason, NameKey, PartyKeys, LETTERS_PER_EDIT, MAX_EDITS,
};
pub use error::{DomainError, Lang};
pub use fleet::{check_fleet, default_fleet_types, FleetType};
pub use iso_date::parse_iso_date;
pub use lifecycle::{
    lifecycle, status, summarize_actions, ActionsSummary, Effect, Fact, FactKind, Lifecycle,
    Outcome, Status, StatusChange, StoredAction, StoredActionError,
};
pub use period::{period, Period, PERIODS};
pub use policy::{
    fixed_scope, Access, Decision, Entity, Grant, Ownership, Policy, PolicyDocument, PolicyError,
    Principal, Reach, Refusal, Role, Scope, TakeRefusal, TeamId, UserId, POLICY_VERSION,
};
pub use profile::{annex2_label, FieldDef, FieldKind, FieldProfile, FieldValues, Requirement};
pub use quote::{
    check_lines, line_net_cents, percent_fr, quote_totals, round_half_up, QuoteLine, QuoteStatus,
    QuoteTotals, StatusMoveError, VatAmount, VatRate, MAX_DISCOUNT_BP, MAX_LINES,
    MAX_LINE_LABEL_CHARS, MAX_QUANTITY_MILLI, MAX_UNIT_CHARS, MAX_UNIT_PRICE_CENTS,
};
pub use quote::{check_quote_create, check_quote_update, QuoteRule};
pub use quote::{euros_fr, parse_euros, CatalogueEntry, MAX_REFERENCE_CHARS};
pub use quote::{SellerIdentity, MAX_VALIDITY_DAYS};
pub use relation::{prospect_objet, ClientRelation, C_ENTITE_MAX};
pub use rules::bic::check_bic;
pub use rules::conversion::{check_conversion, ConversionPolicy, CATEGORY_FIELD, SIGNATURE_FIELD};
pub use rules::email::check_email;
pub use rules::iban::check_iban;
pub use rules::phone::{check_phone, normalize_phone};
pub use rules::prospect::{check_contacts, check_prospect_creation};
pub use rules::siret::{check_siren, check_siret};
pub use rules::text::{check_text, TextKind, MAX_COMMENT_CHARS, MAX_LINE_CHARS, MAX_NOTE_CHARS};
pub use rules::vat::{check_vat, french_vat_key, normalize_vat};
pub use rules::visit_date::check_visit_date;
pub use scoring::{score, Score, ScorePart, ScoreProfile, ScoreRule};
pub use segment::{
    check_segment_members, check_segment_name, SegmentCriteria, SegmentKind, SegmentProblem,
    SegmentSubject, IDLE_DAYS_MAX, MIN_SCORE_MAX, POSTAL_PREFIX_MAX, SEGMENT_CITY_MAX,
    SEGMENT_MEMBERS_MAX, SEGMENT_NAME_MAX,
};
pub use visit_form::{Answer, FormAnswers, FormGroup, FormOption, GroupKind, VisitForm};
pub use visit_form_outline::{
    format as format_outline, parse as parse_outline, OutlineError, OutlineProblem,
};
