//! Integrators for prospects: CP (create), MP (modify/delete), VP (visit), CC (conversion request).
//!
//! Prospect fields are settled one by one, last writer wins: each field keeps the
//! laptop instant (`created_at`, in UTC) of the change that wrote it, ties broken by
//! change id. A value that loses, whether overwritten or arriving late, goes to
//! `prospect_field_history`, so two reps editing offline never silently lose data.

use base64::Engine as _;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;
use tournee_core::{
    check_conversion, check_prospect_creation, normalize_phone, ConversionPolicy, DomainError,
    FieldValues,
};
use tournee_sync::{
    ClientCreationRequest, Contact, Detail, Envelope, ProspectCreation, ProspectModification,
    ProspectOperation, ProspectVisit, RejectReason,
};

use super::checks::{domain_refusal, domain_refusals, unstorable, visit_relation};
use super::client::{queue_notification, utc_text};
use super::{refuse, IntegrationContext, NotApplied};
use crate::master::users::User;

/// Pseudo-field under which the contact list takes part in last-writer-wins.
const CONTACTS_FIELD: &str = "contacts";

/// What integration needs to know about an existing prospect.
struct ProspectState {
    created_by: String,
    assignee: String,
    status: String,
}

fn load_prospect(conn: &Connection, id: &str) -> Result<Option<ProspectState>, NotApplied> {
    Ok(conn
        .prepare_cached("SELECT created_by, assignee, status FROM prospect WHERE prospect_id = ?1")?
        .query_row([id], |r| {
            Ok(ProspectState {
                created_by: r.get(0)?,
                assignee: r.get(1)?,
                status: r.get(2)?,
            })
        })
        .optional()?)
}

/// The prospect a change refers to, if it exists, is still alive and belongs to the user.
/// An unknown prospect parks the change: its CP may still be on its way.
fn owned_live_prospect(
    conn: &Connection,
    user: &User,
    id: &str,
) -> Result<ProspectState, NotApplied> {
    let Some(state) = load_prospect(conn, id)? else {
        return Err(NotApplied::WaitingFor(id.to_string()));
    };
    if state.created_by != user.windows_user && state.assignee != user.windows_user {
        return Err(refuse(
            RejectReason::NotOwner,
            Detail::NotOwner {
                prospect: id.into(),
                created_by: state.created_by.clone(),
                assignee: state.assignee.clone(),
            },
        ));
    }
    match state.status.as_str() {
        "deleted" => Err(refuse(
            RejectReason::ProspectDeleted,
            Detail::ProspectDeleted {
                prospect: id.into(),
            },
        )),
        "converted" => Err(refuse(
            RejectReason::ProspectDeleted,
            Detail::ProspectConverted {
                prospect: id.into(),
            },
        )),
        _ => Ok(state),
    }
}

fn touch(conn: &Connection, id: &str, instant: &str) -> Result<(), NotApplied> {
    conn.prepare_cached(
        "UPDATE prospect SET last_movement_at = max(last_movement_at, ?2) WHERE prospect_id = ?1",
    )?
    .execute(params![id, instant])?;
    Ok(())
}

fn contacts_json(contacts: &[Contact]) -> Result<String, NotApplied> {
    serde_json::to_string(contacts).map_err(|e| unstorable(&e))
}

/// CP: a new prospect owned (created and assigned) by its author.
pub(crate) fn integrate_cp(
    conn: &Connection,
    ctx: &IntegrationContext,
    user: &User,
    envelope: &Envelope,
    file_name: &str,
    creation: &ProspectCreation,
) -> Result<(), NotApplied> {
    if load_prospect(conn, &creation.prospect_id)?.is_some() {
        return Err(refuse(
            RejectReason::AlreadyExists,
            Detail::ProspectExists {
                prospect: creation.prospect_id.clone(),
            },
        ));
    }
    check_prospect_creation(&ctx.params.field_profile, &creation.fields)
        .map_err(domain_refusals)?;
    let name = field_text(&creation.fields, "nom_client");
    let tel_norm = creation
        .fields
        .get("tel_1")
        .and_then(|v| v.as_deref())
        .and_then(normalize_phone);
    let written_at = utc_text(envelope.created_at);
    let contacts = contacts_json(&creation.contacts)?;
    conn.prepare_cached(
        "INSERT INTO prospect (prospect_id, created_by, assignee, nom_client, tel_norm, contacts_json, \
         created_at, last_movement_at, change_id, file_name) \
         VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
    )?
    .execute(params![
        creation.prospect_id,
        user.windows_user,
        name,
        tel_norm,
        contacts,
        written_at,
        envelope.change_id,
        file_name
    ])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO prospect_field (prospect_id, field, value, written_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let stored = ctx.params.field_profile.stored_values(&creation.fields);
    for (field, value) in stored.iter().filter(|(_, v)| v.is_some()) {
        insert.execute(params![
            creation.prospect_id,
            field,
            value,
            written_at,
            envelope.change_id
        ])?;
    }
    insert.execute(params![
        creation.prospect_id,
        CONTACTS_FIELD,
        contacts,
        written_at,
        envelope.change_id
    ])?;
    Ok(())
}

fn field_text(fields: &FieldValues, name: &str) -> String {
    fields
        .get(name)
        .and_then(|v| v.as_deref())
        .map(str::trim)
        .unwrap_or("")
        .to_string()
}

/// MP: update (per-field last writer wins) or delete (creator or assignee only).
pub(crate) fn integrate_mp(
    conn: &Connection,
    ctx: &IntegrationContext,
    user: &User,
    envelope: &Envelope,
    change: &ProspectModification,
) -> Result<(), NotApplied> {
    let id = &change.prospect_id;
    owned_live_prospect(conn, user, id)?;
    let written_at = utc_text(envelope.created_at);
    if change.op == ProspectOperation::Delete {
        conn.prepare_cached("UPDATE prospect SET status = 'deleted' WHERE prospect_id = ?1")?
            .execute([id])?;
        return touch(conn, id, &written_at);
    }

    let profile = &ctx.params.field_profile;
    for (field, value) in &change.fields {
        match value {
            Some(text) => profile.check_value(field, text).map_err(domain_refusal)?,
            None if profile.field(field).is_none() => {
                return Err(refuse(
                    RejectReason::UnknownField,
                    DomainError::UnknownField {
                        field: field.clone(),
                    },
                ))
            }
            None if field == "nom_client" => {
                return Err(refuse(
                    RejectReason::MissingMandatory,
                    Detail::ProspectNameCleared,
                ))
            }
            None => {}
        }
    }
    if let Some(Some(name)) = change.fields.get("nom_client") {
        if name.trim().is_empty() {
            return Err(refuse(
                RejectReason::MissingMandatory,
                Detail::ProspectNameBlank,
            ));
        }
    }

    let write = FieldWrite {
        prospect_id: id,
        written_at: &written_at,
        change_id: &envelope.change_id,
    };
    for (field, value) in &ctx.params.field_profile.stored_values(&change.fields) {
        write.settle(conn, field, value.as_deref())?;
    }
    if let Some(contacts) = &change.contacts {
        write.settle(conn, CONTACTS_FIELD, Some(&contacts_json(contacts)?))?;
    }
    refresh_denormalised(conn, id)?;
    touch(conn, id, &written_at)
}

/// One change writing prospect fields, with the instant that orders it against others.
struct FieldWrite<'a> {
    prospect_id: &'a str,
    written_at: &'a str,
    change_id: &'a str,
}

impl FieldWrite<'_> {
    /// Last writer wins for one field; the loser goes to the history either way.
    fn settle(
        &self,
        conn: &Connection,
        field: &str,
        value: Option<&str>,
    ) -> Result<(), NotApplied> {
        let current: Option<(Option<String>, String, String)> = conn
            .prepare_cached(
                "SELECT value, written_at, change_id FROM prospect_field WHERE prospect_id = ?1 AND field = ?2",
            )?
            .query_row(params![self.prospect_id, field], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let mut history = conn.prepare_cached(
            "INSERT INTO prospect_field_history (prospect_id, field, value, written_at, change_id, superseded_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        if let Some((old_value, old_at, old_change)) = &current {
            let incoming_wins =
                (self.written_at, self.change_id) > (old_at.as_str(), old_change.as_str());
            if !incoming_wins {
                history.execute(params![
                    self.prospect_id,
                    field,
                    value,
                    self.written_at,
                    self.change_id,
                    old_change
                ])?;
                return Ok(());
            }
            history.execute(params![
                self.prospect_id,
                field,
                old_value,
                old_at,
                old_change,
                self.change_id
            ])?;
        }
        conn.prepare_cached(
            "INSERT INTO prospect_field (prospect_id, field, value, written_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (prospect_id, field) DO UPDATE SET value = excluded.value, \
             written_at = excluded.written_at, change_id = excluded.change_id",
        )?
        .execute(params![self.prospect_id, field, value, self.written_at, self.change_id])?;
        Ok(())
    }
}

/// Copies the winning name, phone and contacts into the prospect row (for lists and duplicates).
fn refresh_denormalised(conn: &Connection, id: &str) -> Result<(), NotApplied> {
    let value_of = |field: &str| -> Result<Option<String>, NotApplied> {
        Ok(conn
            .prepare_cached(
                "SELECT value FROM prospect_field WHERE prospect_id = ?1 AND field = ?2",
            )?
            .query_row(params![id, field], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    };
    let name = value_of("nom_client")?.unwrap_or_default();
    let tel_norm = value_of("tel_1")?.as_deref().and_then(normalize_phone);
    let contacts = value_of(CONTACTS_FIELD)?.unwrap_or_else(|| "[]".into());
    conn.prepare_cached(
        "UPDATE prospect SET nom_client = ?2, tel_norm = ?3, contacts_json = ?4 WHERE prospect_id = ?1",
    )?
    .execute(params![id, name, tel_norm, contacts])?;
    Ok(())
}

/// VP: a visit to a prospect, same shape as a client visit.
pub(crate) fn integrate_vp(
    conn: &Connection,
    ctx: &IntegrationContext,
    user: &User,
    envelope: &Envelope,
    file_name: &str,
    visit: &ProspectVisit,
) -> Result<(), NotApplied> {
    let id = &visit.prospect_id;
    owned_live_prospect(conn, user, id)?;
    let (relation, answers) = visit_relation(ctx, envelope, id, &user.erp_code, &visit.visit)?;
    conn.prepare_cached(
        "INSERT INTO prospect_visit (prospect_id, origine_relation, date_relation, heure_relation, c_user, \
         objet, commentaire, answers_json, change_id, file_name) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        relation.origine_relation,
        relation.date_relation.to_string(),
        relation.heure_relation,
        relation.c_user,
        relation.objet,
        relation.commentaire,
        answers,
        envelope.change_id,
        file_name
    ])?;
    touch(conn, id, &utc_text(envelope.created_at))
}

/// CC: a complete, rule-abiding request for the accountant to validate.
pub(crate) fn integrate_cc(
    conn: &Connection,
    ctx: &IntegrationContext,
    user: &User,
    envelope: &Envelope,
    file_name: &str,
    request: &ClientCreationRequest,
) -> Result<(), NotApplied> {
    let id = &request.prospect_id;
    let state = owned_live_prospect(conn, user, id)?;
    if state.status == "conversion_requested" {
        return Err(refuse(
            RejectReason::AlreadyExists,
            Detail::ConversionPending {
                prospect: id.clone(),
            },
        ));
    }
    let policy = ConversionPolicy {
        farmer_categories: ctx.params.farmer_categories.clone(),
        ch_due_days: ctx.params.ch_due_days,
    };
    check_conversion(
        &ctx.params.field_profile,
        &request.fields,
        &policy,
        request.signature.is_some(),
    )
    .map_err(domain_refusals)?;
    let signature_png = match &request.signature {
        Some(signature) => {
            if signature.media_type != "image/png" {
                return Err(refuse(
                    RejectReason::InvalidField,
                    Detail::SignatureMediaType {
                        media_type: signature.media_type.clone(),
                    },
                ));
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(signature.data_base64.as_bytes())
                .map_err(|e| {
                    refuse(
                        RejectReason::InvalidField,
                        Detail::SignatureBase64 {
                            error: e.to_string(),
                        },
                    )
                })?;
            if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
                return Err(refuse(RejectReason::InvalidField, Detail::SignatureNotPng));
            }
            Some(bytes)
        }
        None => None,
    };
    let fields_json =
        serde_json::to_string(&ctx.params.field_profile.stored_values(&request.fields))
            .map_err(|e| unstorable(&e))?;
    let created_at = utc_text(envelope.created_at);
    conn.prepare_cached(
        "INSERT INTO client_creation_request (prospect_id, requested_by, fields_json, signature_png, created_at, change_id, file_name) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        user.windows_user,
        fields_json,
        signature_png,
        created_at,
        envelope.change_id,
        file_name
    ])?;
    let request_id = conn.last_insert_rowid();
    conn.prepare_cached(
        "UPDATE prospect SET status = 'conversion_requested' WHERE prospect_id = ?1",
    )?
    .execute([id])?;
    touch(conn, id, &created_at)?;
    let payload = json!({
        "request_id": request_id,
        "prospect_id": id,
        "client_name": field_text(&request.fields, "nom_client"),
        "user": user.windows_user,
        "user_name": user.display_name,
        "user_email": user.email,
    });
    queue_notification(
        conn,
        "client_creation_request",
        &envelope.change_id,
        &payload,
        &created_at,
    )
}
