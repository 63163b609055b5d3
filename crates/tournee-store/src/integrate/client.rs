//! Integrators for changes about existing clients: VC (visit) and MC (modification).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;
use tournee_core::{check_fleet, ClientRelation};
use tournee_sync::{ClientModification, ClientVisit, Detail, Envelope, RejectReason, Rejection};

use super::attributes::{Attribute, AttributeWrite};
use super::checks::{domain_refusal, unstorable, visit_answers, visit_row};
use super::{refuse, IntegrationContext, NotApplied};
use crate::master::users::User;

/// The client's name if the code names an active client.
fn active_client_name(conn: &Connection, code: &str) -> Result<String, NotApplied> {
    let found = conn
        .prepare_cached("SELECT nom_client, actif FROM client WHERE c_client = ?1")?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    found_active(code, found)
}

/// Whether the code names an active client; what a visit needs, without reading the
/// client's row beyond its flag (on the hot path of the integration).
fn active_client(conn: &Connection, code: &str) -> Result<(), NotApplied> {
    let found = conn
        .prepare_cached("SELECT actif FROM client WHERE c_client = ?1")?
        .query_row([code], |r| Ok(((), r.get(0)?)))
        .optional()?;
    found_active(code, found)
}

/// What a client look-up found (a value and the active flag), or why it is refused.
fn found_active<T>(code: &str, found: Option<(T, bool)>) -> Result<T, NotApplied> {
    match found {
        Some((value, true)) => Ok(value),
        Some((_, false)) => Err(refuse(
            RejectReason::UnknownClient,
            Detail::InactiveClient {
                client: code.into(),
            },
        )),
        None => Err(refuse(
            RejectReason::UnknownClient,
            Detail::UnknownClient {
                client: code.into(),
            },
        )),
    }
}

/// Inserts one `client_relation` row carrying the change it came from.
pub(crate) fn insert_relation(
    conn: &Connection,
    relation: &ClientRelation,
    answers_json: Option<&str>,
    change_id: &str,
    file_name: &str,
) -> Result<(), NotApplied> {
    // OR FAIL: no statement journal (a constraint failure here is a database error, which
    // rolls the whole transaction back anyway); with SQLite's default (ABORT) every insert
    // copied the pages it touched to undo the statement alone.
    conn.prepare_cached(
        "INSERT OR FAIL INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, \
         c_entite, c_user, type_relation, objet, commentaire, num_relation_sujet, c_archive, \
         answers_json, change_id, file_name) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        relation.origine_relation,
        relation.date_relation.to_string(),
        relation.heure_relation,
        relation.type_entite,
        relation.c_entite,
        relation.c_user,
        relation.type_relation,
        relation.objet,
        relation.commentaire,
        relation.num_relation_sujet,
        relation.c_archive,
        answers_json,
        change_id,
        file_name,
    ])?;
    Ok(())
}

/// VC: one `client_relation` row in the annex-1 format. `prechecked` holds the visit's
/// database-free checks when the reader ran them ([`super::precheck`]).
pub(crate) fn integrate_vc(
    conn: &Connection,
    ctx: &IntegrationContext,
    user: &User,
    envelope: &Envelope,
    file_name: &str,
    visit: &ClientVisit,
    prechecked: Option<&Result<String, Rejection>>,
) -> Result<(), NotApplied> {
    active_client(conn, &visit.client_code)?;
    let computed;
    let answers = match prechecked {
        Some(Ok(answers)) => answers,
        Some(Err(rejection)) => return Err(NotApplied::Refused(rejection.clone())),
        None => {
            computed = visit_answers(ctx, envelope, &visit.visit)?;
            &computed
        }
    };
    let relation = visit_row(&visit.client_code, &user.erp_code, &visit.visit)?;
    insert_relation(
        conn,
        &relation,
        Some(answers),
        &envelope.change_id,
        file_name,
    )
}

/// The revisit date and the fleet of a client belong to its portfolio owner, the rep
/// whose ERP code is the client's `c_rep` (sync-spec section 4, MC): a covering rep may
/// record visits and ask the accountant for corrections, not set these.
fn check_portfolio_owner(
    conn: &Connection,
    user: &User,
    change: &ClientModification,
) -> Result<(), NotApplied> {
    if change.revisit.is_none() && change.fleet.is_none() {
        return Ok(());
    }
    let owner: Option<String> = conn
        .prepare_cached("SELECT c_rep FROM client WHERE c_client = ?1")?
        .query_row([&change.client_code], |r| r.get(0))
        .optional()?
        .flatten();
    if owner.as_deref() == Some(user.erp_code.as_str()) {
        return Ok(());
    }
    let owner = owner.unwrap_or_default();
    Err(refuse(
        RejectReason::NotPortfolioClient,
        Detail::NotPortfolioClient {
            client: change.client_code.clone(),
            owner,
            user: user.windows_user.clone(),
            erp_code: user.erp_code.clone(),
        },
    ))
}

/// MC: revisit date and fleet settled per attribute, last writer by `created_at` wins;
/// field changes queued for the accountant.
pub(crate) fn integrate_mc(
    conn: &Connection,
    ctx: &IntegrationContext,
    user: &User,
    envelope: &Envelope,
    file_name: &str,
    change: &ClientModification,
) -> Result<(), NotApplied> {
    let client_name = active_client_name(conn, &change.client_code)?;
    check_portfolio_owner(conn, user, change)?;
    let profile = &ctx.params.field_profile;
    for field_change in &change.changes {
        profile
            .check_value(&field_change.field, &field_change.new)
            .map_err(domain_refusal)?;
    }
    if let Some(fleet) = &change.fleet {
        check_fleet(&ctx.params.fleet_types, fleet).map_err(domain_refusal)?;
    }

    let written_at = utc_text(envelope.created_at);
    let write = AttributeWrite {
        client: &change.client_code,
        written_at: &written_at,
        change_id: &envelope.change_id,
    };
    if let Some(revisit) = &change.revisit {
        let date = revisit.date.map(|d| d.to_string());
        if write.settle(conn, Attribute::Revisit, &json!(date).to_string())? {
            conn.prepare_cached("UPDATE client SET date_revoir = ?2 WHERE c_client = ?1")?
                .execute(params![change.client_code, date])?;
        }
    }
    if let Some(fleet) = &change.fleet {
        let vehicles: BTreeMap<&String, &u32> = fleet.iter().filter(|(_, n)| **n > 0).collect();
        if write.settle(conn, Attribute::Fleet, &json!(vehicles).to_string())? {
            replace_fleet(conn, &change.client_code, &vehicles)?;
        }
    }
    if !change.changes.is_empty() {
        queue_modification_request(conn, user, envelope, file_name, change, &client_name)?;
    }
    Ok(())
}

/// The fleet becomes exactly `vehicles` (types with at least one vehicle).
fn replace_fleet(
    conn: &Connection,
    client: &str,
    vehicles: &BTreeMap<&String, &u32>,
) -> Result<(), NotApplied> {
    conn.prepare_cached("DELETE FROM client_fleet WHERE c_client = ?1")?
        .execute([client])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO client_fleet (c_client, fleet_type, vehicles) VALUES (?1, ?2, ?3)",
    )?;
    for (fleet_type, count) in vehicles {
        insert.execute(params![client, fleet_type, count])?;
    }
    Ok(())
}

/// Records the request, notes it in `client_relation`, and queues the accountant's mail.
fn queue_modification_request(
    conn: &Connection,
    user: &User,
    envelope: &Envelope,
    file_name: &str,
    change: &ClientModification,
    client_name: &str,
) -> Result<(), NotApplied> {
    let changes_json = serde_json::to_string(&change.changes).map_err(|e| unstorable(&e))?;
    let created_at = utc_text(envelope.created_at);
    conn.prepare_cached(
        "INSERT INTO modification_request (c_client, requested_by, changes_json, created_at, change_id, file_name) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        change.client_code,
        user.windows_user,
        changes_json,
        created_at,
        envelope.change_id,
        file_name
    ])?;

    let summary = change
        .changes
        .iter()
        .map(|c| {
            format!(
                "Champ {} : « {} » remplacé par « {} »",
                c.field, c.old, c.new
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let local = envelope.created_at;
    let relation = ClientRelation {
        origine_relation: "CRV".into(),
        date_relation: local.date_naive(),
        heure_relation: local.format("%H:%M").to_string(),
        type_entite: "C".into(),
        c_entite: change.client_code.clone(),
        c_user: user.erp_code.clone(),
        type_relation: "S".into(),
        objet: format!("Demande de modification du {}", local.format("%d/%m/%Y")),
        commentaire: format!("{summary}\nsaisie via le CRM"),
        num_relation_sujet: 0,
        c_archive: "N".into(),
    };
    super::client::insert_relation(conn, &relation, None, &envelope.change_id, file_name)?;
    // It notifies the request; it is not a visit (last visit, statistics, calendars).
    conn.prepare_cached(
        "UPDATE client_relation SET relation_kind = 'modification_request' WHERE change_id = ?1",
    )?
    .execute([&envelope.change_id])?;

    let payload = json!({
        "client_code": change.client_code,
        "client_name": client_name,
        "user": user.windows_user,
        "user_name": user.display_name,
        "user_email": user.email,
        "changes": change.changes,
    });
    queue_notification(
        conn,
        "client_modification",
        &envelope.change_id,
        &payload,
        &created_at,
    )
}

/// Records a mail to send; the mail component renders and sends it later.
pub(crate) fn queue_notification(
    conn: &Connection,
    kind: &str,
    change_id: &str,
    payload: &serde_json::Value,
    created_at: &str,
) -> Result<(), NotApplied> {
    conn.prepare_cached(
        "INSERT INTO notification (kind, change_id, payload_json, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![kind, change_id, payload.to_string(), created_at])?;
    Ok(())
}

/// An instant as stored in the database: RFC 3339, UTC, milliseconds.
pub(crate) fn utc_text(instant: DateTime<FixedOffset>) -> String {
    instant
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}
