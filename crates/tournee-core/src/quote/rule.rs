//! Why a quote's creation or change is refused by its lifecycle, checked alike by the
//! laptop before it writes a change and by the server before it integrates one; each rule
//! names the field concerned and has a stable code both catalogues word (`quote_rule`,
//! sync-spec §12.1).

use super::QuoteStatus;

/// A quote's lifecycle rule broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteRule {
    /// A creation with another status than draft.
    #[error("a quote is created as a draft, not {0:?}")]
    CreatedNotDraft(QuoteStatus),
    /// A status move the lifecycle does not allow (back, or skipping « sent »).
    #[error("a quote cannot go from {from:?} to {to:?}")]
    StatusMove {
        /// The status the quote has.
        from: QuoteStatus,
        /// The status asked for.
        to: QuoteStatus,
    },
    /// Any change to an accepted or refused quote; `field` is the first one it touched.
    #[error("the quote is {status:?} and no longer changes (field {field})")]
    Closed {
        /// Accepted or refused.
        status: QuoteStatus,
        /// The field the change touched.
        field: String,
    },
    /// Accepting a quote whose opportunity was lost: acceptance closes the opportunity as
    /// won, and a lost opportunity never reopens.
    #[error("the quote's opportunity is lost; accepting the quote would win it")]
    OpportunityLost,
}

impl QuoteRule {
    /// The stable code (`quote_status_move`…).
    pub fn code(&self) -> &'static str {
        match self {
            Self::CreatedNotDraft(_) => "quote_created_not_draft",
            Self::StatusMove { .. } => "quote_status_move",
            Self::Closed { .. } => "quote_closed",
            Self::OpportunityLost => "quote_opportunity_lost",
        }
    }

    /// The field the refusal is about.
    pub fn field(&self) -> &str {
        match self {
            Self::CreatedNotDraft(_) | Self::StatusMove { .. } | Self::OpportunityLost => "status",
            Self::Closed { field, .. } => field,
        }
    }
}

/// The status a creation may carry: draft (or none, which means draft).
pub fn check_quote_create(status: Option<QuoteStatus>) -> Result<(), QuoteRule> {
    match status {
        Some(QuoteStatus::Draft) | None => Ok(()),
        Some(other) => Err(QuoteRule::CreatedNotDraft(other)),
    }
}

/// A change to a stored quote: nothing once it is closed (`touched` names the first field
/// the change carries), else only the moves of [`QuoteStatus::check_move`].
pub fn check_quote_update(
    current: QuoteStatus,
    asked: Option<QuoteStatus>,
    touched: &str,
) -> Result<(), QuoteRule> {
    if current.is_closed() {
        return Err(QuoteRule::Closed {
            status: current,
            field: touched.to_owned(),
        });
    }
    match asked {
        Some(to) => current.check_move(to).map_err(|e| QuoteRule::StatusMove {
            from: e.from,
            to: e.to,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuoteStatus::*;

    #[test]
    fn a_quote_is_created_as_a_draft_only() {
        assert_eq!(check_quote_create(None), Ok(()));
        assert_eq!(check_quote_create(Some(Draft)), Ok(()));
        let refused = check_quote_create(Some(Sent)).unwrap_err();
        assert_eq!(
            (refused.code(), refused.field()),
            ("quote_created_not_draft", "status")
        );
    }

    #[test]
    fn the_status_moves_forward_only_and_a_closed_quote_never_changes() {
        assert_eq!(check_quote_update(Draft, Some(Sent), "status"), Ok(()));
        assert_eq!(check_quote_update(Sent, Some(Accepted), "status"), Ok(()));
        assert_eq!(check_quote_update(Sent, None, "valid_until"), Ok(()));
        let back = check_quote_update(Sent, Some(Draft), "status").unwrap_err();
        assert_eq!(
            back,
            QuoteRule::StatusMove {
                from: Sent,
                to: Draft
            }
        );
        assert_eq!(back.code(), "quote_status_move");
        let skipped = check_quote_update(Draft, Some(Accepted), "status").unwrap_err();
        assert_eq!(skipped.code(), "quote_status_move");
        let edited = check_quote_update(Accepted, None, "valid_until").unwrap_err();
        assert_eq!(
            (edited.code(), edited.field()),
            ("quote_closed", "valid_until")
        );
        let reopened = check_quote_update(Refused, Some(Sent), "status").unwrap_err();
        assert_eq!(
            (reopened.code(), reopened.field()),
            ("quote_closed", "status")
        );
    }

    #[test]
    fn every_rule_has_a_distinct_code() {
        let rules = [
            QuoteRule::CreatedNotDraft(Sent),
            QuoteRule::StatusMove {
                from: Sent,
                to: Draft,
            },
            QuoteRule::Closed {
                status: Accepted,
                field: "lines".into(),
            },
            QuoteRule::OpportunityLost,
        ];
        let codes: std::collections::BTreeSet<_> = rules.iter().map(QuoteRule::code).collect();
        assert_eq!(codes.len(), rules.len());
    }
}
