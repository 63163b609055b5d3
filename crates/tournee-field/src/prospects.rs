//! The « Prospect » tab, read side: the rep's prospects from the snapshot with what this
//! laptop wrote and the server has not integrated yet laid over them (a new prospect, an
//! edit, a deletion, a visit, a conversion), so the rep always sees their latest word.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use tournee_core::{normalize_phone, FieldValues, Lang};
use tournee_sync::Contact;

use crate::card::{answer_lines, labelled, Viewer};
use crate::dto::{
    ContactLine, DuplicateHit, FieldLine, ProspectCard, ProspectHit, ProspectStatus, VisitRow,
};
use crate::error::{FieldError, Result};
use crate::overlay::Overlay;
use crate::parameters::ServerParameters;
use crate::party_history;
use crate::relation_kind::RelationKind;
use crate::search::fold;

/// Most hits the type-ahead returns.
pub const MAX_HITS: usize = 100;

/// One prospect as the snapshot holds it.
#[derive(Debug, Clone)]
pub struct StoredProspect {
    /// Windows login of its creator.
    pub created_by: String,
    /// Windows login of its assignee.
    pub assignee: String,
    /// Values by ERP column (name included).
    pub fields: FieldValues,
    /// People to reach.
    pub contacts: Vec<Contact>,
    /// Master status (`active`, `conversion_requested`).
    pub status: String,
    /// Latest creation request's status and reason.
    pub request: Option<(String, Option<String>)>,
    /// Client code once converted.
    pub converted_client: Option<String>,
}

fn json_error(what: &str) -> impl Fn(serde_json::Error) -> FieldError + '_ {
    move |source| FieldError::Json {
        what: what.to_string(),
        source,
    }
}

/// Reads one prospect of the snapshot.
pub fn stored(conn: &Connection, id: &str) -> Result<Option<StoredProspect>> {
    let row = conn
        .prepare_cached(
            "SELECT created_by, assignee, nom_client, fields_json, contacts_json, status, \
             request_status, request_reason, converted_client FROM prospect WHERE prospect_id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })
        .optional()?;
    let Some((created_by, assignee, name, fields, contacts, status, request, reason, converted)) =
        row
    else {
        return Ok(None);
    };
    let mut fields: FieldValues =
        serde_json::from_str(&fields).map_err(json_error("prospect fields"))?;
    fields.insert("nom_client".into(), Some(name));
    Ok(Some(StoredProspect {
        created_by,
        assignee,
        fields,
        contacts: serde_json::from_str(&contacts).map_err(json_error("prospect contacts"))?,
        status,
        request: request.map(|status| (status, reason)),
        converted_client: converted,
    }))
}

/// A prospect as the rep sees it now: the snapshot's, or this laptop's new one, with the
/// pending edits applied.
#[derive(Debug, Clone)]
pub struct CurrentProspect {
    /// The stored state (a pending creation gets the rep as creator and assignee).
    pub base: StoredProspect,
    /// Values with pending edits applied.
    pub fields: FieldValues,
    /// Not in any snapshot yet.
    pub created_pending: bool,
    /// Deleted on this laptop.
    pub deleted_pending: bool,
    /// Converted on this laptop.
    pub converting: bool,
}

impl CurrentProspect {
    /// Where it stands, pending conversion first.
    pub fn status(&self) -> ProspectStatus {
        if self.base.converted_client.is_some() {
            return ProspectStatus::Converted;
        }
        if self.converting {
            return ProspectStatus::AwaitingValidation;
        }
        match self
            .base
            .request
            .as_ref()
            .map(|(status, _)| status.as_str())
        {
            Some("pending") => ProspectStatus::AwaitingValidation,
            Some("rejected") if self.base.status == "active" => ProspectStatus::Rejected,
            _ if self.base.status == "conversion_requested" => ProspectStatus::AwaitingValidation,
            _ => ProspectStatus::Active,
        }
    }

    /// The name shown.
    pub fn name(&self) -> String {
        value(&self.fields, "nom_client").unwrap_or_default()
    }

    /// Whether `user` may delete it: only its creator or its assignee (the server checks again).
    pub fn deletable_by(&self, user: &str) -> bool {
        self.base.created_by == user || self.base.assignee == user
    }
}

fn value(fields: &FieldValues, name: &str) -> Option<String> {
    fields
        .get(name)
        .cloned()
        .flatten()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The prospect `id` as the rep sees it, or `UnknownProspect`.
pub fn current(
    conn: &Connection,
    overlay: &Overlay,
    me: &str,
    id: &str,
) -> Result<CurrentProspect> {
    let (base, created_pending) = match stored(conn, id)? {
        Some(base) => (base, false),
        None => match overlay.created_prospects.get(id) {
            Some(fields) => (
                StoredProspect {
                    created_by: me.to_string(),
                    assignee: me.to_string(),
                    fields: fields.clone(),
                    contacts: Vec::new(),
                    status: "active".into(),
                    request: None,
                    converted_client: None,
                },
                true,
            ),
            None => return Err(FieldError::UnknownProspect(id.to_string())),
        },
    };
    let mut fields = base.fields.clone();
    if let Some(update) = overlay.prospect_updates.get(id) {
        fields.extend(update.clone());
    }
    Ok(CurrentProspect {
        fields,
        created_pending,
        deleted_pending: overlay.deleted_prospects.contains(id),
        converting: overlay.converting_prospects.contains(id),
        base,
    })
}

/// Every prospect id the rep sees: the snapshot's and this laptop's new ones.
fn all_ids(conn: &Connection, overlay: &Overlay) -> Result<Vec<String>> {
    let mut ids: Vec<String> = conn
        .prepare_cached("SELECT prospect_id FROM prospect ORDER BY nom_client")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let known: HashSet<String> = ids.iter().cloned().collect();
    ids.extend(
        overlay
            .created_prospects
            .keys()
            .filter(|id| !known.contains(*id))
            .cloned(),
    );
    Ok(ids)
}

/// The type-ahead: prospects whose name contains the query (case and accents ignored),
/// by name; all of them (up to [`MAX_HITS`]) for an empty query. Deleted ones are left out.
pub fn search(
    conn: &Connection,
    overlay: &Overlay,
    me: &str,
    query: &str,
) -> Result<Vec<ProspectHit>> {
    crate::search::check_query(query)?;
    let wanted = fold(query.trim());
    let mut hits = Vec::new();
    for id in all_ids(conn, overlay)? {
        let prospect = current(conn, overlay, me, &id)?;
        if prospect.deleted_pending || !fold(&prospect.name()).contains(&wanted) {
            continue;
        }
        hits.push(ProspectHit {
            pending: prospect.created_pending
                || overlay.prospect_updates.contains_key(&id)
                || prospect.converting
                || overlay.prospect_visits.contains_key(&id),
            status: prospect.status(),
            ville: value(&prospect.fields, "ville_fac"),
            nom_client: prospect.name(),
            prospect_id: id,
        });
    }
    hits.sort_by_key(|hit| fold(&hit.nom_client));
    hits.truncate(MAX_HITS);
    Ok(hits)
}

/// The prospect card.
pub fn card(
    conn: &Connection,
    parameters: &ServerParameters,
    overlay: &Overlay,
    viewer: &Viewer<'_>,
    me: &str,
    id: &str,
) -> Result<ProspectCard> {
    let prospect = current(conn, overlay, me, id)?;
    let profile = &parameters.field_profile;
    let fields = profile
        .fields
        .iter()
        .filter(|f| f.visible)
        .filter_map(|f| {
            value(&prospect.fields, &f.name).map(|v| FieldLine {
                field: f.name.clone(),
                label: profile.label(&f.name, viewer.lang),
                value: v,
            })
        })
        .collect();
    let mut recent_visits = history(conn, parameters, overlay, id, viewer.lang)?;
    recent_visits.truncate(5);
    Ok(ProspectCard {
        prospect_id: id.to_string(),
        nom_client: prospect.name(),
        created_by: prospect.base.created_by.clone(),
        assignee: prospect.base.assignee.clone(),
        fields,
        values: prospect.fields.clone(),
        contacts: prospect
            .base
            .contacts
            .iter()
            .map(|c| ContactLine {
                name: c.name.clone(),
                role: c.role.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
            })
            .collect(),
        status: prospect.status(),
        rejection_reason: prospect
            .base
            .request
            .as_ref()
            .filter(|(status, _)| status == "rejected")
            .and_then(|(_, reason)| reason.clone()),
        converted_client: prospect.base.converted_client.clone(),
        // Not while the accountant holds a conversion request: the server would refuse it.
        can_delete: prospect.deletable_by(me)
            && !prospect.deleted_pending
            && matches!(
                prospect.status(),
                ProspectStatus::Active | ProspectStatus::Rejected
            ),
        deleted_pending: prospect.deleted_pending,
        recent_visits,
        pending: overlay.about(id).map(|r| r.change.clone()).collect(),
        party_id: party_history::party_of_prospect(conn, id)?,
    })
}

/// « Historique visites » of a prospect: pending visits first, then the snapshot's, most
/// recent first.
pub fn history(
    conn: &Connection,
    parameters: &ServerParameters,
    overlay: &Overlay,
    id: &str,
    lang: Lang,
) -> Result<Vec<VisitRow>> {
    let mut rows: Vec<VisitRow> = overlay
        .prospect_visits
        .get(id)
        .into_iter()
        .flatten()
        .map(|(change_id, visit)| VisitRow {
            key: change_id.clone(),
            date: visit.visit_date.to_string(),
            time: visit.visit_time.clone(),
            origine: "CRV".into(),
            objet: format!("Visite du {}", visit.visit_date.format("%d/%m/%Y")),
            commentaire: visit.comment.clone(),
            c_user: String::new(),
            pending: true,
            answers: labelled(&parameters.visit_form, &visit.answers, lang),
            kind: RelationKind::Visit,
        })
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT id, date_relation, heure_relation, origine_relation, objet, commentaire, c_user, answers_json \
         FROM prospect_visit WHERE prospect_id = ?1 ORDER BY date_relation DESC, heure_relation DESC, id DESC",
    )?;
    let stored = stmt.query_map(params![id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    for row in stored {
        let (rowid, date, time, origine, objet, commentaire, c_user, answers) = row?;
        rows.push(VisitRow {
            key: format!("p{rowid}"),
            date,
            time,
            origine,
            objet,
            commentaire,
            c_user,
            pending: false,
            answers: answer_lines(&parameters.visit_form, answers.as_deref(), lang),
            kind: RelationKind::Visit,
        });
    }
    rows.sort_by(|a, b| (&b.date, &b.time).cmp(&(&a.date, &a.time)));
    Ok(rows)
}

/// Clients and prospects with the same phone number (normalised), and prospects created
/// on this laptop and not yet integrated. A number that cannot be normalised matches nothing.
pub fn duplicates(
    conn: &Connection,
    overlay: &Overlay,
    me: &str,
    phone: &str,
) -> Result<Vec<DuplicateHit>> {
    let Some(wanted) = normalize_phone(phone) else {
        return Ok(Vec::new());
    };
    let mut hits = Vec::new();
    let mut clients = conn.prepare_cached(
        "SELECT c_client, nom_client, tel_1, tel_2, fax FROM client \
         WHERE tel_1 IS NOT NULL OR tel_2 IS NOT NULL OR fax IS NOT NULL",
    )?;
    let rows = clients.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            [
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ],
        ))
    })?;
    for row in rows {
        let (code, name, phones) = row?;
        if let Some(number) = phones
            .into_iter()
            .flatten()
            .find(|p| normalize_phone(p).as_deref() == Some(wanted.as_str()))
        {
            hits.push(DuplicateHit {
                kind: "client".into(),
                code,
                name,
                phone: number,
            });
        }
    }
    for id in all_ids(conn, overlay)? {
        let prospect = current(conn, overlay, me, &id)?;
        if prospect.deleted_pending {
            continue;
        }
        let number = ["tel_1", "tel_2", "fax"]
            .iter()
            .filter_map(|f| value(&prospect.fields, f))
            .find(|p| normalize_phone(p).as_deref() == Some(wanted.as_str()));
        if let Some(number) = number {
            hits.push(DuplicateHit {
                kind: if prospect.created_pending {
                    "pending_prospect".into()
                } else {
                    "prospect".into()
                },
                name: prospect.name(),
                code: id,
                phone: number,
            });
        }
    }
    Ok(hits)
}
