//! The client card and the visit history, read from the snapshot with the rep's pending
//! changes laid over them.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use tournee_core::{FormAnswers, Lang, VisitForm};
use tournee_sync::VisitReport;

use crate::dto::{AnswerLine, ClientCard, ContactLine, FieldLine, FleetLine, VisitRow};
use crate::error::{FieldError, Result};
use crate::modification_requests;
use crate::overlay::{later_day, Overlay};
use crate::parameters::ServerParameters;
use crate::party_history;
use crate::relation_kind::RelationKind;

/// Visits shown on the card itself.
const RECENT_VISITS: usize = 5;

/// Who is looking, in which language, on which day.
pub struct Viewer<'a> {
    /// ERP code of the rep (author of pending visits).
    pub erp_code: &'a str,
    /// Language of labels.
    pub lang: Lang,
    /// Local date.
    pub today: NaiveDate,
}

/// The whole card of `code`.
pub fn client_card(
    conn: &Connection,
    parameters: &ServerParameters,
    overlay: &Overlay,
    code: &str,
    viewer: &Viewer<'_>,
) -> Result<ClientCard> {
    let client = row_map(conn, "SELECT * FROM client WHERE c_client = ?1", code)?
        .ok_or_else(|| FieldError::UnknownClient(code.to_string()))?;
    let detail = row_map(
        conn,
        "SELECT * FROM client_detail WHERE c_client = ?1",
        code,
    )?
    .unwrap_or_default();
    let get = |name: &str| {
        client
            .get(name)
            .or_else(|| detail.get(name))
            .filter(|v| !v.trim().is_empty())
            .cloned()
    };
    let base = parameters
        .field_profile
        .fields
        .iter()
        .filter(|f| f.visible)
        .filter_map(|f| {
            get(&f.name).map(|value| FieldLine {
                field: f.name.clone(),
                label: parameters.field_profile.label(&f.name, viewer.lang),
                value,
            })
        })
        .collect();
    let town = [get("dep_fac"), get("bur_dis_fac")]
        .into_iter()
        .flatten()
        .collect::<String>();
    let town_line = [Some(town), get("ville_fac")]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let address = [
        get("adr1_fac"),
        get("adr2_fac"),
        get("adr3_fac"),
        Some(town_line),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    let agency = get("c_agence");
    let agence_nom = match &agency {
        Some(a) => conn
            .query_row("SELECT nom FROM agence WHERE c_agence = ?1", [a], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    let (date_revoir, revisit_pending) = match overlay.revisit.get(code) {
        Some(date) => (date.map(|d| d.to_string()), true),
        None => (get("date_revoir"), false),
    };
    let (fleet_counts, fleet_pending) = match overlay.fleet.get(code) {
        Some(fleet) => (fleet.clone(), true),
        None => (snapshot_fleet(get("fleet_json"))?, false),
    };
    let fleet = fleet_counts
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(code, count)| FleetLine {
            label: parameters
                .fleet_types
                .iter()
                .find(|t| t.code == code)
                .map_or_else(|| code.clone(), |t| t.label.clone()),
            code,
            count,
        })
        .collect();
    let mut recent_visits = history(conn, parameters, overlay, code, false, viewer)?;
    // A request's note is listed in the history, never among the visits.
    recent_visits.retain(|v| v.kind == RelationKind::Visit);
    recent_visits.truncate(RECENT_VISITS);
    Ok(ClientCard {
        c_client: code.to_string(),
        nom_client: get("nom_client").unwrap_or_default(),
        agence_nom,
        in_portfolio: get("in_portfolio").as_deref() == Some("1"),
        address,
        phones: [get("tel_1"), get("tel_2")].into_iter().flatten().collect(),
        email: get("contact_divers_4"),
        base,
        contacts: contacts(conn, code)?,
        year: viewer.today.year(),
        ca_n_cents: get("ca_n_cents").and_then(|v| v.parse().ok()).unwrap_or(0),
        ca_n1_cents: get("ca_n1_cents").and_then(|v| v.parse().ok()).unwrap_or(0),
        fleet,
        fleet_pending,
        date_revoir,
        revisit_pending,
        last_visit: later_day(get("last_visit"), overlay.last_visit(code)),
        recent_visits,
        modification_requests: modification_requests::for_client(
            conn,
            &parameters.field_profile,
            overlay.records(),
            code,
            viewer.lang,
        )?,
        pending: overlay.about(code).map(|r| r.change.clone()).collect(),
        c_agence: agency,
        party_id: party_history::party_of_client(conn, code)?,
    })
}

/// Every relation of `code`, most recent first, pending visits included; `LIT` rows only
/// when asked for. A modification request's note is there with its kind, for what it is.
pub fn history(
    conn: &Connection,
    parameters: &ServerParameters,
    overlay: &Overlay,
    code: &str,
    include_lit: bool,
    viewer: &Viewer<'_>,
) -> Result<Vec<VisitRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, date_relation, heure_relation, origine_relation, objet, commentaire, c_user, \
                answers_json, change_id, relation_kind \
         FROM relation WHERE c_entite = ?1 AND (?2 OR origine_relation <> 'LIT')",
    )?;
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    let mut query = stmt.query(params![code, include_lit])?;
    while let Some(r) = query.next()? {
        let answers: Option<String> = r.get(7)?;
        if let Some(id) = r.get::<_, Option<String>>(8)? {
            seen.insert(id);
        }
        rows.push(VisitRow {
            key: format!("r{}", r.get::<_, i64>(0)?),
            date: r.get(1)?,
            time: r.get(2)?,
            origine: r.get(3)?,
            objet: r.get(4)?,
            commentaire: r.get(5)?,
            c_user: r.get(6)?,
            pending: false,
            answers: answer_lines(&parameters.visit_form, answers.as_deref(), viewer.lang),
            kind: RelationKind::from_stored(&r.get::<_, String>(9)?),
        });
    }
    for (change_id, visit) in overlay.client_visits.get(code).into_iter().flatten() {
        if !seen.contains(change_id) {
            rows.push(pending_row(
                &parameters.visit_form,
                change_id,
                visit,
                viewer,
            ));
        }
    }
    rows.sort_by(|a, b| (&b.date, &b.time, &b.key).cmp(&(&a.date, &a.time, &a.key)));
    Ok(rows)
}

fn pending_row(
    form: &VisitForm,
    change_id: &str,
    visit: &VisitReport,
    viewer: &Viewer<'_>,
) -> VisitRow {
    VisitRow {
        key: change_id.to_string(),
        date: visit.visit_date.to_string(),
        time: visit.visit_time.clone(),
        origine: "CRV".into(),
        objet: format!("Visite du {}", visit.visit_date.format("%d/%m/%Y")),
        commentaire: visit.comment.clone(),
        c_user: viewer.erp_code.to_string(),
        pending: true,
        answers: labelled(form, &visit.answers, viewer.lang),
        kind: RelationKind::Visit,
    }
}

/// Labelled answers from stored JSON (none when the tree changed since).
pub(crate) fn answer_lines(form: &VisitForm, json: Option<&str>, lang: Lang) -> Vec<AnswerLine> {
    // Answers recorded under an older form tree may no longer parse or match: the
    // visit is still shown, without them.
    json.and_then(|j| serde_json::from_str::<FormAnswers>(j).ok())
        .map(|answers| labelled(form, &answers, lang))
        .unwrap_or_default()
}

/// Labelled answers of a visit report.
pub(crate) fn labelled(form: &VisitForm, answers: &FormAnswers, lang: Lang) -> Vec<AnswerLine> {
    form.selected_labels(answers, lang)
        .into_iter()
        .map(|(question, choices)| AnswerLine { question, choices })
        .collect()
}

fn contacts(conn: &Connection, code: &str) -> Result<Vec<ContactLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, role, phone, email FROM client_contact WHERE c_client = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([code], |r| {
        Ok(ContactLine {
            name: r.get(0)?,
            role: r.get(1)?,
            phone: r.get(2)?,
            email: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn snapshot_fleet(json: Option<String>) -> Result<BTreeMap<String, u32>> {
    json.map(|j| {
        serde_json::from_str(&j).map_err(|source| FieldError::Json {
            what: "fleet_json".into(),
            source,
        })
    })
    .transpose()
    .map(Option::unwrap_or_default)
}

/// One row as column → text (numbers written out, NULL left out).
fn row_map(conn: &Connection, sql: &str, code: &str) -> Result<Option<BTreeMap<String, String>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([code])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut map = BTreeMap::new();
    for (index, name) in names.into_iter().enumerate() {
        let text = match row.get_ref(index)? {
            ValueRef::Null | ValueRef::Blob(_) => continue,
            ValueRef::Integer(i) => i.to_string(),
            ValueRef::Real(f) => f.to_string(),
            ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        };
        map.insert(name, text);
    }
    Ok(Some(map))
}

/// The current value of a profile field of a client, as the rep saw it (empty when unset).
pub fn current_value(conn: &Connection, code: &str, field: &str) -> Result<String> {
    let client = row_map(conn, "SELECT * FROM client WHERE c_client = ?1", code)?
        .ok_or_else(|| FieldError::UnknownClient(code.to_string()))?;
    if let Some(v) = client.get(field) {
        return Ok(v.clone());
    }
    let detail = row_map(
        conn,
        "SELECT * FROM client_detail WHERE c_client = ?1",
        code,
    )?
    .unwrap_or_default();
    Ok(detail.get(field).cloned().unwrap_or_default())
}

/// Whether `code` is a client of the snapshot.
pub fn client_exists(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM client WHERE c_client = ?1", [code], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

/// Whether `code` is in the rep's own portfolio; `None` when it is not in the snapshot.
pub fn in_portfolio(conn: &Connection, code: &str) -> Result<Option<bool>> {
    Ok(conn
        .query_row(
            "SELECT in_portfolio FROM client WHERE c_client = ?1",
            [code],
            |r| r.get(0),
        )
        .optional()?)
}
