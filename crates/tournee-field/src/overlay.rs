//! What the rep changed on this laptop and the server has not yet integrated, laid over
//! the snapshot so that every screen shows the rep's latest word, marked « en attente ».
//!
//! One overlay for clients and prospects alike, read once per command from the pending
//! marks of `local.sqlite`. Which changes are pending is decided in one place: a mark
//! stops being pending when a snapshot's manifest lists its change as integrated or
//! failed ([`LocalDb::reconcile`], run whenever a snapshot is put in use).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tournee_core::FieldValues;
use tournee_sync::VisitReport;

use crate::dto::PendingKind;
use crate::error::{FieldError, Result};
use crate::local::{LocalDb, PendingRecord};

/// The detail kept with a pending revisit date (written by `changes`, read here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisitDetail {
    /// The new date; `None` clears it.
    pub date: Option<NaiveDate>,
}

/// What a pending prospect change keeps for the overlay (CP, MP update, CC: the fields;
/// written by `prospect_changes`, read here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProspectFieldsDetail {
    /// Values by ERP column.
    pub fields: FieldValues,
}

/// Visits not yet integrated, by client code or prospect id, oldest change first, each
/// with its change id (the key the screens show it under until the snapshot's row comes).
pub type PendingVisits = HashMap<String, Vec<(String, VisitReport)>>;

/// This laptop's pending changes, indexed for the screens that lay them over the snapshot.
#[derive(Debug, Default)]
pub struct Overlay {
    /// Every pending change, oldest first, as recorded (the « en attente » lists and the
    /// modification requests read them whole).
    records: Vec<PendingRecord>,
    /// Latest pending revisit date per client (the later change wins).
    pub revisit: HashMap<String, Option<NaiveDate>>,
    /// Latest pending fleet per client (the later change replaces the whole fleet).
    pub fleet: HashMap<String, BTreeMap<String, u32>>,
    /// Pending visits to clients.
    pub client_visits: PendingVisits,
    /// Prospects created on this laptop, with their fields (by id, so listed in id order).
    pub created_prospects: BTreeMap<String, FieldValues>,
    /// Prospect field edits, merged in order (the later edit wins per field).
    pub prospect_updates: HashMap<String, FieldValues>,
    /// Prospects deleted on this laptop.
    pub deleted_prospects: HashSet<String>,
    /// Prospects converted on this laptop (a CC waits for the accountant).
    pub converting_prospects: HashSet<String>,
    /// Pending visits to prospects.
    pub prospect_visits: PendingVisits,
}

impl Overlay {
    /// Reads the pending changes of `local` once and indexes them.
    pub fn read(local: &LocalDb) -> Result<Self> {
        Self::from_pending(local.pending(None)?)
    }

    /// Indexes pending records ordered by change id, i.e. by time (a later change wins).
    pub fn from_pending(records: Vec<PendingRecord>) -> Result<Self> {
        let mut overlay = Self::default();
        for record in &records {
            overlay.add(record)?;
        }
        overlay.records = records;
        Ok(overlay)
    }

    fn add(&mut self, record: &PendingRecord) -> Result<()> {
        let subject = record.change.client_code.clone();
        match record.change.kind {
            PendingKind::Revisit => {
                let revisit: RevisitDetail = detail(record)?;
                self.revisit.insert(subject, revisit.date);
            }
            PendingKind::Fleet => {
                self.fleet.insert(subject, detail(record)?);
            }
            PendingKind::Visit => {
                let visit = pending_visit(record)?;
                self.client_visits.entry(subject).or_default().push(visit);
            }
            // Read by `modification_requests` from the records themselves.
            PendingKind::Modification => {}
            PendingKind::ProspectCreation => {
                let created: ProspectFieldsDetail = detail(record)?;
                self.created_prospects.insert(subject, created.fields);
            }
            PendingKind::ProspectUpdate => {
                let update: ProspectFieldsDetail = detail(record)?;
                self.prospect_updates
                    .entry(subject)
                    .or_default()
                    .extend(update.fields);
            }
            PendingKind::ProspectDeletion => {
                self.deleted_prospects.insert(subject);
            }
            PendingKind::Conversion => {
                self.converting_prospects.insert(subject);
            }
            PendingKind::ProspectVisit => {
                let visit = pending_visit(record)?;
                self.prospect_visits.entry(subject).or_default().push(visit);
            }
            // Read by `record_overlay` from the records themselves.
            PendingKind::Record => {}
        }
        Ok(())
    }

    /// Every pending change, oldest first.
    pub fn records(&self) -> &[PendingRecord] {
        &self.records
    }

    /// The pending changes about one client or prospect, oldest first.
    pub fn about<'a>(&'a self, subject: &'a str) -> impl Iterator<Item = &'a PendingRecord> {
        self.records
            .iter()
            .filter(move |r| r.change.client_code == subject)
    }

    /// The most recent pending visit day of a client.
    pub fn last_visit(&self, client: &str) -> Option<NaiveDate> {
        self.client_visits
            .get(client)?
            .iter()
            .map(|(_, v)| v.visit_date)
            .max()
    }
}

/// A pending visit with its change id.
fn pending_visit(record: &PendingRecord) -> Result<(String, VisitReport)> {
    Ok((record.change.change_id.clone(), detail(record)?))
}

/// The detail JSON of `record`, as the overlay needs it.
fn detail<T: DeserializeOwned>(record: &PendingRecord) -> Result<T> {
    serde_json::from_str(&record.detail_json).map_err(|source| FieldError::Json {
        what: format!("pending change {}", record.change.change_id),
        source,
    })
}

/// The later of two optional ISO days.
pub fn later_day(snapshot: Option<String>, pending: Option<NaiveDate>) -> Option<String> {
    let pending = pending.map(|d| d.to_string());
    match (snapshot, pending) {
        (Some(a), Some(b)) => Some(if b > a { b } else { a }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use super::*;
    use crate::local::NewPending;

    fn record(local: &mut LocalDb, id: &str, kind: PendingKind, subject: &str, detail: String) {
        let pending = NewPending {
            change_id: id.into(),
            kind,
            client_code: subject.into(),
            summary: String::new(),
            detail_json: detail,
            file_name: format!("{id}.json"),
            written_at: "2026-11-23T10:30:00+01:00".into(),
        };
        local.record_then_publish(&pending, || Ok(())).unwrap();
    }

    #[test]
    fn clients_and_prospects_come_from_one_read_and_leave_it_once_integrated_or_failed() {
        let dir = tempfile::tempdir().unwrap();
        let mut local = LocalDb::open(&dir.path().join("local.sqlite")).unwrap();
        let fields = ProspectFieldsDetail {
            fields: FieldValues::from([("nom_client".into(), Some("Garage".into()))]),
        };
        let visit = VisitReport {
            visit_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            visit_time: "10:30".into(),
            comment: "Vu".into(),
            answers: Default::default(),
        };
        let (created, visited, revisit) = ("01A", "01B", "01C");
        record(
            &mut local,
            created,
            PendingKind::ProspectCreation,
            "P1",
            serde_json::to_string(&fields).unwrap(),
        );
        record(
            &mut local,
            visited,
            PendingKind::Visit,
            "C1",
            serde_json::to_string(&visit).unwrap(),
        );
        record(
            &mut local,
            revisit,
            PendingKind::Revisit,
            "C1",
            serde_json::to_string(&RevisitDetail { date: None }).unwrap(),
        );

        let overlay = Overlay::read(&local).unwrap();
        assert_eq!(overlay.created_prospects["P1"], fields.fields);
        assert_eq!(overlay.client_visits["C1"], vec![(visited.into(), visit)]);
        assert_eq!(
            overlay.last_visit("C1"),
            NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        assert_eq!(overlay.revisit["C1"], None);
        let about_c1: Vec<&str> = overlay
            .about("C1")
            .map(|r| r.change.change_id.as_str())
            .collect();
        assert_eq!(about_c1, [visited, revisit]);
        assert_eq!(overlay.records().len(), 3);

        // What `FieldApp` does with a new snapshot's manifest.
        local
            .reconcile(
                &[created.to_string(), visited.to_string()],
                &[(revisit.to_string(), "refused".to_string())],
            )
            .unwrap();
        let overlay = Overlay::read(&local).unwrap();
        assert!(overlay.records().is_empty());
        assert!(overlay.created_prospects.is_empty());
        assert!(overlay.client_visits.is_empty());
        assert!(overlay.revisit.is_empty());
        assert_eq!(overlay.last_visit("C1"), None);
    }
}
