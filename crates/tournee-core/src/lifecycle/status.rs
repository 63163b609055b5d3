//! The five statuses a party can show, with their stable codes (worded by
//! `tournee-sentences`, so that lists, filters, the timeline and the CSV export name them
//! the same way everywhere).

use serde::{Deserialize, Serialize};

/// Where a party stands in the lead-to-client lifecycle. Never typed by hand: computed by
/// [`super::lifecycle`] from the party's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Status {
    /// « Piste »: contact details known, nobody reached yet.
    Lead,
    /// « Piste morte »: the details were wrong, or the lead refused at first contact.
    DeadLead,
    /// « Prospect »: a conversation has started.
    Prospect,
    /// « Prospect mort »: a prospect formally refused.
    DeadProspect,
    /// « Client »: a sale happened (an ERP client, or a conversion the accountant validated).
    Client,
}

impl Status {
    /// Every status, in lifecycle order (for filters and per-status counts).
    pub const ALL: [Status; 5] = [
        Status::Lead,
        Status::DeadLead,
        Status::Prospect,
        Status::DeadProspect,
        Status::Client,
    ];

    /// The stable code stored and exchanged (`dead_lead`), the same as its serde form.
    pub fn code(self) -> &'static str {
        match self {
            Status::Lead => "lead",
            Status::DeadLead => "dead_lead",
            Status::Prospect => "prospect",
            Status::DeadProspect => "dead_prospect",
            Status::Client => "client",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_the_serde_form() {
        for status in Status::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.code()));
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), status);
        }
    }
}
