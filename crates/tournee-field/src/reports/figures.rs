//! The five reports' arithmetic over the rows read ([`super::rows`]), each the Rust twin of
//! one query of `tournee_store::reports`: the same filters (texts compared as SQLite
//! compares them, byte by byte), the same groups and orders, and the core's shared
//! arithmetic for the forecast and the average time to close.

use std::collections::{BTreeMap, HashMap, HashSet};

use tournee_core::opportunity::figures::{average_hours_tenths, forecast_by_month, Weighed};
use tournee_core::opportunity::OpportunityStatus;
use tournee_core::pipeline::{pipeline, Pipeline};

use super::rows::{Deal, Lead, Rows};
use super::ReportPeriod;
use crate::dto::PartyStatus;

/// Won sales of one rep in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Sales {
    pub month: String,
    pub rep: String,
    pub won: u32,
    pub won_cents: i64,
}

/// The funnel's four counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Funnel {
    pub leads: u32,
    pub prospects: u32,
    pub opportunities: u32,
    pub won: u32,
}

/// One rep's average time to close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CloseTime {
    pub rep: String,
    pub closed: u32,
    pub hours_tenths: i64,
}

/// One campaign's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CampaignFigures {
    pub id: String,
    pub name: String,
    pub starts_on: String,
    pub cost_cents: i64,
    pub leads: u32,
    pub opportunities: u32,
    pub won_cents: i64,
}

/// `YYYY-MM` of a stored day or instant, as SQLite's `substr(x, 1, 7)` takes it.
fn month_of(text: &str) -> &str {
    text.get(..7).unwrap_or(text)
}

fn within(at: Option<&str>, from: &str, until: &str) -> bool {
    at.is_some_and(|at| at >= from && at < until)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Sales by month and rep: the opportunities won and closed in `[from, until)`, months then
/// reps in order.
pub(super) fn sales(deals: &[Deal], from: &str, until: &str) -> Vec<Sales> {
    let mut groups: BTreeMap<(&str, &str), (u32, i64)> = BTreeMap::new();
    for deal in deals {
        if deal.status != OpportunityStatus::Won || !within(deal.closed_at.as_deref(), from, until)
        {
            continue;
        }
        let month = month_of(deal.closed_at.as_deref().unwrap_or_default());
        let group = groups.entry((month, deal.owner.as_str())).or_default();
        group.0 = group.0.saturating_add(1);
        group.1 = group.1.saturating_add(deal.value_cents.unwrap_or(0));
    }
    groups
        .into_iter()
        .map(|((month, rep), (won, won_cents))| Sales {
            month: month.to_string(),
            rep: rep.to_string(),
            won,
            won_cents,
        })
        .collect()
}

/// Whose parties count: every one outside the unassigned pool, and a pool lead whose
/// creator is one of [`Rows::owners`] (the server's reports count it as its creator's).
pub(super) struct Counted<'a> {
    owners: &'a HashSet<String>,
}

impl<'a> Counted<'a> {
    /// Over the rows read.
    pub(super) fn of(rows: &'a Rows) -> Self {
        Self {
            owners: &rows.owners,
        }
    }

    fn counts(&self, lead: &Lead) -> bool {
        !lead.pooled || self.owners.contains(&lead.owner)
    }
}

/// The funnel of the parties created in the period ([`Lead::in_period`]).
pub(super) fn funnel(rows: &Rows, counted: &Counted<'_>) -> Funnel {
    // Each party with an opportunity: whether one is won.
    let mut parties: HashMap<&str, bool> = HashMap::new();
    for deal in &rows.deals {
        *parties.entry(deal.party_id.as_str()).or_default() |=
            deal.status == OpportunityStatus::Won;
    }
    let mut out = Funnel::default();
    for lead in &rows.leads {
        if !lead.in_period || !counted.counts(lead) {
            continue;
        }
        out.leads += 1;
        if matches!(
            lead.status,
            PartyStatus::Prospect | PartyStatus::DeadProspect | PartyStatus::Client
        ) {
            out.prospects += 1;
        }
        if let Some(won) = parties.get(lead.id.as_str()) {
            out.opportunities += 1;
            out.won += u32::from(*won);
        }
    }
    out
}

/// Σ value × probability of the open opportunities by expected close month.
pub(super) fn forecast(deals: &[Deal], pipelines: &[Pipeline]) -> Vec<(String, i64)> {
    forecast_by_month(
        deals
            .iter()
            .filter(|d| d.status == OpportunityStatus::Open)
            .map(|d| Weighed {
                month: d.expected_close.as_deref().map(|e| month_of(e).to_string()),
                value_cents: d.value_cents.unwrap_or(0),
                probability: pipeline(pipelines, &d.pipeline)
                    .and_then(|p| p.stage(&d.stage))
                    .map_or(0, |(_, s)| s.probability),
            }),
    )
}

/// Seconds between two stored instants, each truncated to its second as the server reads
/// them (`timestamp()`); `None` when one is not RFC 3339.
fn seconds_between(created: &str, closed: &str) -> Option<i64> {
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.timestamp())
    };
    Some(at(closed)? - at(created)?)
}

/// The average time to close per rep of the opportunities closed (won or lost) in
/// `[from, until)`, by rep. A time the server did not write as RFC 3339 is left out (the
/// server's report stops on it).
pub(super) fn close_times(deals: &[Deal], from: &str, until: &str) -> Vec<CloseTime> {
    let mut per_rep: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for deal in deals {
        if !deal.status.is_closed() || !within(deal.closed_at.as_deref(), from, until) {
            continue;
        }
        let closed = deal.closed_at.as_deref().unwrap_or_default();
        if let Some(seconds) = seconds_between(&deal.created_at, closed) {
            per_rep.entry(&deal.owner).or_default().push(seconds);
        }
    }
    per_rep
        .into_iter()
        .filter_map(|(rep, durations)| {
            let closed = count(durations.len());
            average_hours_tenths(durations).map(|hours_tenths| CloseTime {
                rep: rep.to_string(),
                closed,
                hours_tenths,
            })
        })
        .collect()
}

/// The campaigns started in `period` (days compared as texts, both ends included), by
/// first day then name: their parties, the opportunities on any party recorded under them,
/// the value won.
pub(super) fn campaigns(
    rows: &Rows,
    counted: &Counted<'_>,
    period: ReportPeriod,
) -> Vec<CampaignFigures> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let mut campaigns: Vec<CampaignFigures> = rows
        .campaigns
        .iter()
        .filter(|c| c.starts_on >= from && c.starts_on <= to)
        .map(|c| CampaignFigures {
            id: c.id.clone(),
            name: c.name.clone(),
            starts_on: c.starts_on.clone(),
            cost_cents: c.cost_cents,
            leads: 0,
            opportunities: 0,
            won_cents: 0,
        })
        .collect();
    campaigns.sort_by(|a, b| (&a.starts_on, &a.name, &a.id).cmp(&(&b.starts_on, &b.name, &b.id)));
    let at: HashMap<String, usize> = campaigns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    // Every party under one of them (the opportunities count whoever's party it is).
    let mut party_campaign: HashMap<&str, usize> = HashMap::new();
    for lead in &rows.leads {
        let Some(&i) = lead.campaign.as_deref().and_then(|c| at.get(c)) else {
            continue;
        };
        party_campaign.insert(lead.id.as_str(), i);
        if counted.counts(lead) {
            campaigns[i].leads += 1;
        }
    }
    for deal in &rows.deals {
        let Some(&i) = party_campaign.get(deal.party_id.as_str()) else {
            continue;
        };
        campaigns[i].opportunities += 1;
        if deal.status == OpportunityStatus::Won {
            campaigns[i].won_cents = campaigns[i]
                .won_cents
                .saturating_add(deal.value_cents.unwrap_or(0));
        }
    }
    campaigns
}
