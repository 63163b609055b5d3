//! The « Prospect » tab ([`crate::prospects`], [`crate::prospect_changes`]): the list and
//! the card, the CP/MP/VP files, and « Transformation en client ».

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tournee_core::{Answer, Choice};
use ts_rs::TS;

use super::{ContactLine, FieldLine, PendingChange, VisitRow, WrittenChange};

/// Where a prospect stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProspectStatus {
    /// A prospect being worked.
    Active,
    /// Converted by the rep; the accountant has not validated it yet.
    AwaitingValidation,
    /// The accountant refused the conversion (see the reason); it is a prospect again.
    Rejected,
    /// Validated: it is a client now (see `converted_client`).
    Converted,
}

/// A prospect in the type-ahead list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProspectHit {
    /// Prospect id (ULID, made on the laptop that created it).
    pub prospect_id: String,
    /// Name.
    pub nom_client: String,
    /// Town, when known.
    pub ville: Option<String>,
    /// Where it stands.
    pub status: ProspectStatus,
    /// Created or changed on this laptop and not yet integrated.
    pub pending: bool,
}

/// The prospect card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProspectCard {
    /// Prospect id.
    pub prospect_id: String,
    /// Name.
    pub nom_client: String,
    /// Windows login of its creator.
    pub created_by: String,
    /// Windows login of the rep it is assigned to.
    pub assignee: String,
    /// Every filled field, labelled (pending edits applied).
    pub fields: Vec<FieldLine>,
    /// Raw values by ERP column, to prefill the edit and conversion forms.
    pub values: BTreeMap<String, Option<String>>,
    /// People to reach.
    pub contacts: Vec<ContactLine>,
    /// Where it stands.
    pub status: ProspectStatus,
    /// The accountant's reason when the conversion was refused.
    pub rejection_reason: Option<String>,
    /// The client code once validated.
    pub converted_client: Option<String>,
    /// The rep created it or is its assignee: « Supprimer » is offered.
    pub can_delete: bool,
    /// Deleted on this laptop, not yet integrated.
    pub deleted_pending: bool,
    /// The five most recent visits.
    pub recent_visits: Vec<VisitRow>,
    /// Every pending change about this prospect.
    pub pending: Vec<PendingChange>,
    /// The prospect's contact page (its party: timeline, people, todos), once the server
    /// integrated the prospect.
    pub party_id: Option<String>,
}

/// « Nouveau » prospect: only `nom_client` is mandatory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProspectInput {
    /// Values by ERP column.
    pub fields: BTreeMap<String, Option<String>>,
}

/// A record with the same phone number as the prospect being created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DuplicateHit {
    /// `client`, `prospect`, or `pending_prospect` (created on this laptop, not yet integrated).
    pub kind: String,
    /// Client code or prospect id, to open it.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The matching number as stored.
    pub phone: String,
}

/// The prospect just created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProspectCreated {
    /// Its id, to open its card.
    pub prospect_id: String,
    /// The CP file.
    pub change: WrittenChange,
}

/// An edit of a prospect's fields (MP update); only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProspectUpdateInput {
    /// Prospect id.
    pub prospect_id: String,
    /// New values by ERP column; `None` or empty clears a field.
    pub fields: BTreeMap<String, Option<String>>,
}

/// « Visite ce jour » on a prospect (a VP file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProspectVisitInput {
    /// Prospect visited.
    pub prospect_id: String,
    /// Day of the visit `YYYY-MM-DD`.
    pub visit_date: String,
    /// Time `HH:MM`; the current time when absent.
    pub visit_time: Option<String>,
    /// Free comment.
    pub comment: String,
    /// Answers by group id.
    pub answers: BTreeMap<String, Answer>,
}

/// One field of the conversion form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversionField {
    /// ERP column.
    pub field: String,
    /// Label in the rep's language.
    pub label: String,
    /// `text`, `integer`, `date`, `code`, `siret`, `vat_number`, `phone`, `iban` or `bic`.
    pub kind: String,
    /// Longest text the input takes: the ERP length, doubled for the kinds stored without
    /// their separators (IBAN, BIC, SIRET, VAT number), whose stored form the rules hold to
    /// the ERP length.
    pub max_len: u32,
    /// `mandatory`, `mandatory_if_ld` or `optional`.
    pub requirement: String,
}

/// What the « Transformation en client » form is built from (server parameters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversionConfig {
    /// The visible fields of the profile, in order.
    pub fields: Vec<ConversionField>,
    /// Client categories (`c_fam_client`) for which payment mode `CH` is offered.
    pub farmer_categories: Vec<String>,
    /// Due days imposed with `CH`.
    pub ch_due_days: u32,
    /// Payment modes offered (`c_mod_rgl_1`), code and label (admin parameter).
    pub payment_modes: Vec<(String, String)>,
    /// The other columns offered as lists instead of free text (admin parameters).
    pub choices: Vec<FieldChoices>,
    /// Values a new prospect and a conversion start with when empty: the rep's own code
    /// (`c_rep`) and agency (`c_agence`).
    pub prefill: BTreeMap<String, String>,
}

/// The values offered for one column instead of free text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChoices {
    /// ERP column.
    pub field: String,
    /// The column whose value filters the options by their `parent` (`c_fam_client` for
    /// the sub-categories).
    pub depends_on: Option<String>,
    /// The values offered.
    pub options: Vec<Choice>,
}

/// « Transformation en client »: a CC file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversionInput {
    /// The prospect converted.
    pub prospect_id: String,
    /// Every value of the form by ERP column.
    pub fields: BTreeMap<String, Option<String>>,
    /// The client's signature drawn in the pad, PNG in base 64 (required with `LD`).
    pub signature_png_base64: Option<String>,
}
