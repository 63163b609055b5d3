//! The demo's selling (issue 15): campaigns (a trade show whose business cards several
//! reps typed in over its three days, brief 002; a smaller event), opportunities at every
//! stage of the pipeline (open, won with their stage history, lost with a reason), quotes
//! with lines from the demo's catalogue (draft, sent, accepted with their final number,
//! refused), calls about opportunities (some logged by a colleague) and meetings planned
//! ahead (some for a colleague).
//!
//! **Through the integration.** Unlike the CRM records of [`super::records`], each of
//! these is written as the `RC` change a laptop would send, integrated by
//! [`crate::integrate_deliveries`] in the demo's transaction: the policy, the pipeline's
//! rules, the assignment rule, the stage history and `closed_at`, the quote's number
//! (`D-<year>-<seq>`, per year, no gap), the acceptance that wins its opportunity and the
//! meeting's invitation are the integrator's own, never imitated here. A change the
//! integrator refuses is a bug of this generator and fails the demo.
//!
//! **Deterministic.** The whole plan is drawn first ([`plan`]), every date counted back
//! from `today`; then the changes are integrated in the order of their times, a batch per
//! day with that day's clock, so the quote numbers follow the dates.

mod changes;
mod plan;

use rusqlite::Transaction;

use super::{DemoRng, DemoSpec, Rep};
use crate::error::Result;

/// How much selling the demo makes, as totals over the reps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SellingScale {
    /// Opportunities (open, won and lost), on the reps' prospects and clients and on some
    /// of the trade show's leads.
    pub opportunities: u32,
    /// Quotes, one per opportunity that reached the proposal (a second one on some when
    /// there are more quotes than such opportunities).
    pub quotes: u32,
    /// Business cards typed in at the trade show (brief 002: about 200).
    pub show_leads: u32,
}

impl SellingScale {
    /// The small demo's: enough for every report, the board's columns and the campaigns.
    pub const SMALL: Self = Self {
        opportunities: 90,
        quotes: 36,
        show_leads: 24,
    };

    /// The benchmark volume: 50,000 opportunities and 20,000 quotes, and brief
    /// 002's 200 business cards.
    pub const FULL: Self = Self {
        opportunities: 50_000,
        quotes: 20_000,
        show_leads: 200,
    };
}

/// Selling records written, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct SellingCounts {
    /// Campaigns.
    pub(super) campaigns: u32,
    /// Parties recorded under a campaign.
    pub(super) leads: u32,
    /// Opportunities.
    pub(super) opportunities: u32,
    /// Quotes.
    pub(super) quotes: u32,
    /// Calls about an opportunity.
    pub(super) calls: u32,
    /// Meetings.
    pub(super) meetings: u32,
}

/// Plans the selling of every rep and integrates it; see the module's documentation.
pub(super) fn insert_selling(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    spec: &DemoSpec,
    reps: &[Rep],
) -> Result<SellingCounts> {
    if reps.is_empty() {
        return Ok(SellingCounts::default());
    }
    let candidates = plan::candidates(tx, spec.today, reps)?;
    let planned = plan::plan(rng, spec, reps, &candidates)?;
    let counts = planned.counts();
    changes::integrate(tx, rng, reps, &planned)?;
    Ok(counts)
}
