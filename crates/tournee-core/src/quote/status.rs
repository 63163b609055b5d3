//! A quote's status and the moves allowed between them, checked alike by the laptop before
//! it writes a change and by the server before it integrates one.

use serde::{Deserialize, Serialize};

/// Where a quote stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum QuoteStatus {
    /// Being written; not shown to the client yet.
    Draft,
    /// Given to the client, awaiting their answer.
    Sent,
    /// Signed « Bon pour accord » by the client.
    Accepted,
    /// Declined by the client.
    Refused,
}

/// A status move the lifecycle does not allow, with both ends, for the refusal's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a quote cannot go from {from:?} to {to:?}")]
pub struct StatusMoveError {
    /// The status the quote has.
    pub from: QuoteStatus,
    /// The status asked for.
    pub to: QuoteStatus,
}

impl QuoteStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [QuoteStatus; 4] = [Self::Draft, Self::Sent, Self::Accepted, Self::Refused];

    /// The wire and database code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Accepted => "accepted",
            Self::Refused => "refused",
        }
    }

    /// The status of a code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Accepted or refused: the quote is final and is no longer edited.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Accepted | Self::Refused)
    }

    /// Whether the quote may go from `self` to `to`: staying put (an edit) while open,
    /// draft → sent, sent → accepted or refused. Nothing goes back, nothing skips « sent ».
    pub fn check_move(self, to: QuoteStatus) -> Result<(), StatusMoveError> {
        let allowed = match (self, to) {
            (from, to) if from == to => !from.is_closed(),
            (Self::Draft, Self::Sent) => true,
            (Self::Sent, Self::Accepted | Self::Refused) => true,
            _ => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(StatusMoveError { from: self, to })
        }
    }
}
