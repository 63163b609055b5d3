//! « Demande de modification » ([`crate::modification_requests`]): the fields the rep may
//! ask to change, the request sent, and where each request stands with the accountant.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a « Demande de modification » stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Written on this laptop, not yet integrated by the server.
    Pending,
    /// With the accountant.
    Open,
    /// Made in the ERP.
    Applied,
    /// Not made; the accountant's note says why.
    Declined,
    /// Closed without saying how (requests closed before the decision was recorded).
    Closed,
}

/// One field of a modification request: the value the rep saw and the one asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestedFieldLine {
    /// ERP column.
    pub field: String,
    /// Its label in the rep's language.
    pub label: String,
    /// The value the rep saw.
    pub old: String,
    /// The value asked for.
    pub new: String,
}

/// A modification request of the rep, as the card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ModificationRequestLine {
    /// Its change id.
    pub change_id: String,
    /// When the rep validated it (RFC 3339).
    pub requested_at: String,
    /// Where it stands.
    pub status: RequestStatus,
    /// When the accountant closed it (RFC 3339).
    pub closed_at: Option<String>,
    /// The accountant's note (why it was declined).
    pub note: Option<String>,
    /// The fields asked for.
    pub changes: Vec<RequestedFieldLine>,
}

/// A request the accountant declined, shown on the home screen until the rep has seen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeclinedNotice {
    /// The request's change id (what « J'ai vu » remembers).
    pub change_id: String,
    /// The client.
    pub c_client: String,
    /// Its name.
    pub nom_client: String,
    /// When it was declined (RFC 3339).
    pub closed_at: String,
    /// Why.
    pub note: String,
    /// Labels of the fields asked for.
    pub fields: Vec<String>,
}

/// A profile field the rep may ask to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EditableField {
    /// ERP column.
    pub field: String,
    /// Label.
    pub label: String,
    /// `text`, `integer`, `date`, `code`, `siret`, `vat_number`, `phone`, `iban` or `bic`.
    pub kind: String,
    /// Longest text the input takes: the ERP length, doubled for the kinds stored without
    /// their separators (IBAN, BIC, SIRET, VAT number), whose stored form the rules hold to
    /// the ERP length.
    pub max_len: u32,
}

/// One field of a « Demande de modification » (the old value is read from the snapshot).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestedChange {
    /// ERP column.
    pub field: String,
    /// The value asked for.
    pub new: String,
}

/// « Demande de modification ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ModificationInput {
    /// Client.
    pub client_code: String,
    /// One entry per field.
    pub changes: Vec<RequestedChange>,
}
