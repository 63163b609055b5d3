//! The accountant's decision on a client creation request (CC).
//!
//! Validating writes the client under the code the accountant created in the ERP, carries
//! the prospect's visits over to the client with `[PROSPECT]` before their `objet` (so
//! visits before and after the creation stay distinguishable), marks the prospect
//! converted and queues the mail to the rep; all in one transaction. Rejecting keeps the
//! prospect, and the rep sees the reason in the next snapshot.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;
use tournee_core::{
    check_conversion, check_text, normalize_phone, prospect_objet, ConversionPolicy, FieldValues,
    TextKind, C_ENTITE_MAX, MAX_NOTE_CHARS,
};

use super::{Missing, OfficeError};
use crate::master::params::Parameters;

/// What the accountant decides with.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The request.
    pub request_id: i64,
    /// The client code created in the ERP.
    pub client_code: String,
    /// Values the accountant completed or corrected (over the rep's).
    pub completed: FieldValues,
    /// The accountant's mail (sender of the rep's notification).
    pub accountant_email: String,
}

struct Request {
    prospect_id: String,
    requested_by: String,
    fields: FieldValues,
    has_signature: bool,
}

fn load(conn: &Connection, id: i64) -> Result<Request, OfficeError> {
    let row: Option<(String, String, String, bool, String)> = conn
        .query_row(
            "SELECT prospect_id, requested_by, fields_json, signature_png IS NOT NULL, status \
             FROM client_creation_request WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (prospect_id, requested_by, fields_json, has_signature, status) =
        row.ok_or_else(|| OfficeError::NotFound(Missing::Request(id)))?;
    let fields = serde_json::from_str(&fields_json).map_err(|source| crate::StoreError::Json {
        what: format!("client_creation_request {id}"),
        source,
    })?;
    if status != "pending" {
        return Err(OfficeError::AlreadyDecided { id, status });
    }
    Ok(Request {
        prospect_id,
        requested_by,
        fields,
        has_signature,
    })
}

/// Annex-2 columns of the `client` table, in order (also the columns of the outbound
/// `client` file, after `c_client`).
pub(crate) const CLIENT_COLUMNS: [&str; 40] = [
    "c_fam_client",
    "c_sfam_client",
    "c_titre",
    "nom_client",
    "adr1_fac",
    "adr2_fac",
    "adr3_fac",
    "dep_fac",
    "bur_dis_fac",
    "ville_fac",
    "c_agence",
    "c_rep",
    "c_pays",
    "tel_1",
    "fax",
    "tel_2",
    "contact_divers_1",
    "contact_divers_2",
    "contact_divers_3",
    "contact_divers_4",
    "c_per",
    "c_regpmt_bl",
    "c_regpmt_fac",
    "c_releve",
    "c_autoris_bl",
    "c_catc",
    "c_frais_fixe",
    "c_ref_oblig",
    "c_mod_rgl_1",
    "nb_jour_1",
    "jour_1",
    "c_type_fact",
    "c_attention",
    "c_ape",
    "date_creation_ste",
    "bic",
    "iban",
    "codepays",
    "codemonnaie",
    "type_edition_fac",
];

/// A client code as the ERP stores it (`c_entite`, char(30) in annex 1): 1 to 30 ASCII
/// letters, digits, `-`, `_` or `.`; no space, no markup, nothing a mail or a URL would
/// need to escape.
pub fn is_erp_client_code(code: &str) -> bool {
    (1..=C_ENTITE_MAX as usize).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Validates request `validation.request_id`; returns the client code.
pub fn validate_creation(
    conn: &mut Connection,
    params: &Parameters,
    validation: &Validation,
    now: DateTime<Utc>,
) -> Result<String, OfficeError> {
    // Immediate: reads then writes; a deferred transaction would fail at once if the
    // automaton or a snapshot run wrote in between, instead of waiting its turn.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let request = load(&tx, validation.request_id)?;
    // The admin's webhooks (docs/webhooks.md): read before the writes, so the party's
    // change of status is noted too.
    let hooks = crate::webhooks::events::Hooks::load(&tx)?;
    let code = validation.client_code.trim().to_string();
    if !is_erp_client_code(&code) {
        return Err(OfficeError::ClientCodeFormat(code));
    }
    let code_taken = tx
        .query_row("SELECT 1 FROM client WHERE c_client = ?1", [&code], |_| {
            Ok(())
        })
        .optional()?
        .is_some();
    if code_taken {
        return Err(OfficeError::ClientCode(code));
    }
    let mut fields = request.fields.clone();
    fields.extend(validation.completed.clone());
    let fields = params.field_profile.stored_values(&fields);
    let policy = ConversionPolicy {
        farmer_categories: params.farmer_categories.clone(),
        ch_due_days: params.ch_due_days,
    };
    check_conversion(
        &params.field_profile,
        &fields,
        &policy,
        request.has_signature,
    )
    .map_err(OfficeError::Invalid)?;

    let value = |name: &str| fields.get(name).cloned().flatten();
    let placeholders: Vec<String> = (2..=CLIENT_COLUMNS.len() + 1)
        .map(|i| format!("?{i}"))
        .collect();
    let mut values: Vec<Option<String>> = vec![Some(code.clone())];
    values.extend(CLIENT_COLUMNS.iter().map(|c| value(c)));
    tx.execute(
        &format!(
            "INSERT INTO client (c_client, {}, actif, tel_norm, created_from_prospect) VALUES (?1, {}, 1, ?{}, ?{})",
            CLIENT_COLUMNS.join(", "),
            placeholders.join(", "),
            CLIENT_COLUMNS.len() + 2,
            CLIENT_COLUMNS.len() + 3
        ),
        rusqlite::params_from_iter(
            values
                .into_iter()
                .chain([value("tel_1").as_deref().and_then(normalize_phone), Some(request.prospect_id.clone())]),
        ),
    )?;
    carry_visits_over(&tx, &request.prospect_id, &code)?;
    let now_text = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    tx.execute(
        "UPDATE client_creation_request SET status = 'validated', c_client = ?2, decided_by = ?3, decided_at = ?4, \
         fields_json = ?5 WHERE id = ?1",
        params![
            validation.request_id,
            code,
            validation.accountant_email,
            now_text,
            serde_json::to_string(&fields).map_err(|source| crate::StoreError::Json {
                what: "fields".into(),
                source
            })?
        ],
    )?;
    tx.execute(
        "UPDATE prospect SET status = 'converted', converted_client = ?2, last_movement_at = ?3 WHERE prospect_id = ?1",
        params![request.prospect_id, code, now_text],
    )?;
    // The prospect's party becomes the client's, « Client » from today, in this transaction.
    crate::parties::link_converted_client(&tx, &request.prospect_id, &params.action_types, now)?;
    let (user_email, name): (String, String) = tx.query_row(
        "SELECT email, display_name FROM app_user WHERE windows_user = ?1",
        [&request.requested_by],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let payload = json!({
        "client_code": code,
        "client_name": value("nom_client").unwrap_or_default(),
        "user": request.requested_by,
        "user_name": name,
        "user_email": user_email,
        "accountant_email": validation.accountant_email,
    });
    tx.execute(
        "INSERT INTO notification (kind, payload_json, created_at) VALUES ('client_created', ?1, ?2)",
        params![payload.to_string(), now_text],
    )?;
    let event = json!({
        "entity": "client",
        "id": code,
        "client_code": code,
        "prospect_id": request.prospect_id,
        "requested_by": request.requested_by,
        "validated_by": validation.accountant_email,
        "fields": fields,
    });
    let source = crate::webhooks::events::Source {
        entity: "client",
        record_id: &code,
        change_id: None,
    };
    hooks.record(
        &tx,
        now,
        crate::webhooks::events::EventType::ClientValidated,
        &source,
        &event,
    )?;
    hooks.status_events(&tx, now, None)?;
    tx.commit()?;
    Ok(code)
}

/// One prospect visit being carried over.
struct VisitRow {
    origin: String,
    date: String,
    time: String,
    user: String,
    objet: String,
    comment: String,
    answers: Option<String>,
    change_id: String,
}

/// The prospect's visits become `client_relation` rows of the new client, `[PROSPECT]` first.
fn carry_visits_over(
    conn: &Connection,
    prospect_id: &str,
    client_code: &str,
) -> Result<(), OfficeError> {
    let visits: Vec<VisitRow> = conn
        .prepare(
            "SELECT origine_relation, date_relation, heure_relation, c_user, objet, commentaire, answers_json, \
             change_id FROM prospect_visit WHERE prospect_id = ?1 ORDER BY date_relation, id",
        )?
        .query_map([prospect_id], |r| {
            Ok(VisitRow {
                origin: r.get(0)?,
                date: r.get(1)?,
                time: r.get(2)?,
                user: r.get(3)?,
                objet: r.get(4)?,
                comment: r.get(5)?,
                answers: r.get(6)?,
                change_id: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut insert = conn.prepare(
        "INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, c_entite, c_user, \
         type_relation, objet, commentaire, num_relation_sujet, c_archive, answers_json, change_id) \
         VALUES (?1, ?2, ?3, 'C', ?4, ?5, 'S', ?6, ?7, 0, 'N', ?8, ?9)",
    )?;
    for visit in &visits {
        insert.execute(params![
            visit.origin,
            visit.date,
            visit.time,
            client_code,
            visit.user,
            prospect_objet(&visit.objet),
            visit.comment,
            visit.answers,
            visit.change_id
        ])?;
    }
    conn.execute(
        "DELETE FROM prospect_visit WHERE prospect_id = ?1",
        [prospect_id],
    )?;
    Ok(())
}

/// Rejects request `request_id` with a reason the rep will read.
pub fn reject_creation(
    conn: &Connection,
    request_id: i64,
    accountant_email: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), OfficeError> {
    let request = load(conn, request_id)?;
    if reason.trim().is_empty() {
        return Err(OfficeError::ReasonRequired);
    }
    check_text("reason", reason.trim(), TextKind::MultiLine, MAX_NOTE_CHARS)
        .map_err(|e| OfficeError::Invalid(vec![e]))?;
    let now_text = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    conn.execute(
        "UPDATE client_creation_request SET status = 'rejected', reason = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1",
        params![request_id, reason.trim(), accountant_email, now_text],
    )?;
    conn.execute(
        "UPDATE prospect SET status = 'active', last_movement_at = ?2 WHERE prospect_id = ?1",
        params![request.prospect_id, now_text],
    )?;
    Ok(())
}

/// One pending request in the accountant's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCreation {
    /// Request id.
    pub id: i64,
    /// The prospect's name.
    pub client_name: String,
    /// The requesting rep's display name.
    pub requested_by: String,
    /// When it was asked (RFC 3339).
    pub created_at: String,
}

/// The requests waiting for the accountant, oldest first.
pub fn pending_creations(conn: &Connection) -> Result<Vec<PendingCreation>, OfficeError> {
    let rows = conn
        .prepare(
            "SELECT r.id, p.nom_client, u.display_name, r.created_at FROM client_creation_request r \
             JOIN prospect p ON p.prospect_id = r.prospect_id JOIN app_user u ON u.windows_user = r.requested_by \
             WHERE r.status = 'pending' ORDER BY r.id",
        )?
        .query_map([], |r| {
            Ok(PendingCreation {
                id: r.get(0)?,
                client_name: r.get(1)?,
                requested_by: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One request as stored, for its page.
#[derive(Debug, Clone, PartialEq)]
pub struct CreationRecord {
    /// `pending`, `validated` or `rejected`.
    pub status: String,
    /// The requesting rep's display name.
    pub requested_by: String,
    /// The fields as the rep filled them.
    pub fields: FieldValues,
    /// Whether the client signed.
    pub has_signature: bool,
    /// The client code, once validated.
    pub client_code: Option<String>,
    /// The refusal's reason, once rejected.
    pub reason: Option<String>,
}

/// Request `id`, if there is one.
pub fn creation_record(conn: &Connection, id: i64) -> Result<Option<CreationRecord>, OfficeError> {
    let row = conn
        .query_row(
            "SELECT r.status, u.display_name, r.fields_json, r.signature_png IS NOT NULL, r.c_client, r.reason \
             FROM client_creation_request r JOIN app_user u ON u.windows_user = r.requested_by WHERE r.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((status, requested_by, fields, has_signature, client_code, reason)) = row else {
        return Ok(None);
    };
    let fields = serde_json::from_str(&fields).map_err(|source| {
        OfficeError::Store(crate::StoreError::Json {
            what: format!("client_creation_request.fields_json of request {id}"),
            source,
        })
    })?;
    Ok(Some(CreationRecord {
        status,
        requested_by,
        fields,
        has_signature,
        client_code,
        reason,
    }))
}

/// The client's signature (PNG) on request `id`, if it has one.
pub fn creation_signature(conn: &Connection, id: i64) -> Result<Option<Vec<u8>>, OfficeError> {
    Ok(conn
        .query_row(
            "SELECT signature_png FROM client_creation_request WHERE id = ?1",
            [id],
            |r| r.get::<_, Option<Vec<u8>>>(0),
        )
        .optional()?
        .flatten())
}

/// The rep who asked for request `id`.
pub fn creation_requester(conn: &Connection, id: i64) -> Result<Option<String>, OfficeError> {
    Ok(conn
        .query_row(
            "SELECT requested_by FROM client_creation_request WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A request's client as the ERP takes it: `c_client` then every annex-2 column, by its
/// annex-2 name, with its value ('' when empty), for the accountant to paste or import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientValues {
    /// The client code, once validated.
    pub code: Option<String>,
    /// `(column, value)` in the order of the outbound `client` file.
    pub values: Vec<(&'static str, String)>,
}

/// Request `id`'s client values: once validated, the client row the master holds (what the
/// outbound `client` file carries); before, the request's fields as they stand.
pub fn creation_client_values(
    conn: &Connection,
    id: i64,
) -> Result<Option<ClientValues>, OfficeError> {
    let Some(record) = creation_record(conn, id)? else {
        return Ok(None);
    };
    let stored = match &record.client_code {
        Some(code) if record.status == "validated" => conn
            .query_row(
                &format!(
                    "SELECT {} FROM client WHERE c_client = ?1",
                    CLIENT_COLUMNS.join(", ")
                ),
                [code],
                |r| {
                    (0..CLIENT_COLUMNS.len())
                        .map(|i| r.get_ref(i).map(crate::erp::export_cell))
                        .collect::<rusqlite::Result<Vec<String>>>()
                },
            )
            .optional()?,
        _ => None,
    };
    let from_request = || {
        CLIENT_COLUMNS
            .iter()
            .map(|c| record.fields.get(*c).cloned().flatten().unwrap_or_default())
            .collect()
    };
    let values: Vec<String> = stored.unwrap_or_else(from_request);
    let code = record
        .client_code
        .clone()
        .filter(|_| record.status == "validated");
    Ok(Some(ClientValues {
        values: std::iter::once(("c_client", code.clone().unwrap_or_default()))
            .chain(CLIENT_COLUMNS.iter().copied().zip(values))
            .collect(),
        code,
    }))
}
