//! What the rep changed on this laptop and the server has not yet integrated, laid over
//! the snapshot so that every screen shows the rep's latest word, marked « en attente ».

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tournee_sync::VisitReport;

use crate::dto::PendingKind;
use crate::error::{FieldError, Result};
use crate::local::PendingRecord;

/// The detail kept with a pending revisit date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisitDetail {
    /// The new date; `None` clears it.
    pub date: Option<NaiveDate>,
}

/// Pending changes indexed by client.
#[derive(Debug, Default)]
pub struct Overlay {
    /// Latest pending revisit date per client (the later change wins).
    pub revisit: HashMap<String, Option<NaiveDate>>,
    /// Latest pending fleet per client.
    pub fleet: HashMap<String, BTreeMap<String, u32>>,
    /// Pending visits per client, oldest change first, with their change ids.
    pub visits: HashMap<String, Vec<(String, VisitReport)>>,
}

impl Overlay {
    /// Builds the overlay from the pending records (ordered by change id, i.e. by time).
    pub fn from_pending(records: &[PendingRecord]) -> Result<Self> {
        let mut overlay = Self::default();
        for record in records {
            let client = record.change.client_code.clone();
            let what = |source| FieldError::Json {
                what: format!("pending change {}", record.change.change_id),
                source,
            };
            match record.change.kind {
                PendingKind::Revisit => {
                    let detail: RevisitDetail =
                        serde_json::from_str(&record.detail_json).map_err(what)?;
                    overlay.revisit.insert(client, detail.date);
                }
                PendingKind::Fleet => {
                    let fleet: BTreeMap<String, u32> =
                        serde_json::from_str(&record.detail_json).map_err(what)?;
                    overlay.fleet.insert(client, fleet);
                }
                PendingKind::Visit => {
                    let visit: VisitReport =
                        serde_json::from_str(&record.detail_json).map_err(what)?;
                    overlay
                        .visits
                        .entry(client)
                        .or_default()
                        .push((record.change.change_id.clone(), visit));
                }
                // Prospect changes have their own overlay (`prospects::ProspectOverlay`).
                PendingKind::Modification
                | PendingKind::ProspectCreation
                | PendingKind::ProspectUpdate
                | PendingKind::ProspectDeletion
                | PendingKind::ProspectVisit
                | PendingKind::Conversion => {}
            }
        }
        Ok(overlay)
    }

    /// The most recent pending visit day of a client.
    pub fn last_visit(&self, client: &str) -> Option<NaiveDate> {
        self.visits
            .get(client)?
            .iter()
            .map(|(_, v)| v.visit_date)
            .max()
    }
}

/// The later of two optional ISO days.
pub fn later_day(snapshot: Option<String>, pending: Option<NaiveDate>) -> Option<String> {
    let pending = pending.map(|d| d.to_string());
    match (snapshot, pending) {
        (Some(a), Some(b)) => Some(if b > a { b } else { a }),
        (a, b) => a.or(b),
    }
}
