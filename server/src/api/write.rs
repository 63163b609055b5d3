//! Creations, updates and deletions of parties, people, actions, replies and todos: each
//! becomes the record change a laptop would send (sync-spec §12), written into the
//! owner's inbox folder under its own name, and awaited until the automaton settles it,
//! so that every write goes through the one integration, exactly once, with its policy
//! checks. The answer is the outcome: the record and its `ETag`, or the refusal naming
//! the field.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use tournee_store::{
    finish_idempotent, forget_idempotent, start_idempotent, ApiRecord, ApiResource,
    IdempotentStart, TokenAccess,
};
use tournee_sync::{
    parse_record, publish_signed_change, ChangeBody, ChangeState, ChangeStatus, Envelope, FileName,
    RecordEntity, RecordError,
};

use super::auth::Caller;
use super::problem::ApiProblem;
use super::read::{readable, record_response, resource_of};
use super::ApiState;
use crate::online;
use crate::sentences::{Said, Sentence, API};

/// Largest request body of a write.
pub const WRITE_BODY_LIMIT: usize = 64 * 1024;
/// Longest a write waits for the automaton before answering `202 Accepted`.
const SETTLE_WAIT: Duration = Duration::from_secs(10);
/// Longest `Idempotency-Key`.
const MAX_KEY_CHARS: usize = 200;

/// Fields that name another record, with that record's resource: checked readable
/// before a change is written, so that a change never waits for a parent the caller
/// cannot see (and so that their existence does not leak).
const PARENTS: &[(&str, ApiResource)] = &[
    ("party_id", ApiResource::Parties),
    ("person_id", ApiResource::People),
    ("action_id", ApiResource::Actions),
];

/// A write's answer as kept for an idempotent replay.
#[derive(Serialize, Deserialize)]
struct Kept {
    body: Value,
    etag: Option<String>,
    location: Option<String>,
}

fn record_entity(resource: ApiResource) -> Result<RecordEntity, ApiProblem> {
    let spec = resource.spec();
    spec.record.ok_or_else(|| ApiProblem {
        allow: Some("GET"),
        ..ApiProblem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "read_only",
            Said::new(Sentence::RestReadOnly, &[("resource", spec.path)]),
        )
    })
}

/// Checks a change's payload by the contract's own reader before anything is read or
/// written: a refused body answers 422 naming its field, whatever the record's state.
fn checked(payload: Value) -> Result<Value, ApiProblem> {
    match parse_record(&payload) {
        Ok(_) => Ok(payload),
        Err(error) => {
            let empty = Map::new();
            let fields = payload
                .get("fields")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            Err(refused_payload(&error, fields))
        }
    }
}

fn bad_body(error: &str) -> ApiProblem {
    ApiProblem::new(
        StatusCode::BAD_REQUEST,
        "bad_body",
        Said::new(Sentence::RestBadBody, &[("error", error)]),
    )
}

/// The body as a JSON object of fields.
fn fields_of(
    body: Result<Bytes, BytesRejection>,
) -> Result<(Bytes, Map<String, Value>), ApiProblem> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiProblem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                Said::new(
                    Sentence::ApiRequestTooLarge,
                    &[("max", &WRITE_BODY_LIMIT.to_string())],
                ),
            )
        } else {
            bad_body(&rejection.body_text())
        }
    })?;
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(fields)) => Ok((body, fields)),
        Ok(_) => Err(bad_body("not a JSON object")),
        Err(error) => Err(bad_body(&error.to_string())),
    }
}

/// The field a record error names, if any: named by the rule, or found in the body from
/// what the parser quotes (an unknown field's name, an unknown variant's value).
fn field_of(error: &RecordError, fields: &Map<String, Value>) -> Option<String> {
    match error {
        RecordError::Missing { field, .. } | RecordError::Cleared { field, .. } => {
            Some((*field).to_string())
        }
        RecordError::Invalid(error) => Some(error.field().to_string()),
        RecordError::Shape { message, .. } | RecordError::Envelope { message } => {
            let quoted = message.split('`').nth(1)?;
            if fields.contains_key(quoted) || message.contains("field `") {
                return Some(quoted.to_string());
            }
            fields
                .iter()
                .find(|(_, value)| value.as_str() == Some(quoted))
                .map(|(name, _)| name.clone())
        }
        _ => None,
    }
}

fn refused_payload(error: &RecordError, fields: &Map<String, Value>) -> ApiProblem {
    let problem = ApiProblem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        error.reason().code(),
        Said::new(
            Sentence::RestRefused,
            &[
                ("reason", error.reason().code()),
                ("detail", &error.to_string()),
            ],
        ),
    );
    match field_of(error, fields) {
        Some(field) => problem.on(field),
        None => problem,
    }
}

/// Each record the fields name must be one the caller reads.
async fn check_parents(
    state: &ApiState,
    caller: &Caller,
    fields: &Map<String, Value>,
) -> Result<(), ApiProblem> {
    for (field, resource) in PARENTS {
        if let Some(Value::String(id)) = fields.get(*field) {
            if readable(state, caller, *resource, id.clone())
                .await
                .is_err()
            {
                return Err(ApiProblem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "unknown_parent",
                    Said::new(Sentence::RestNotFound, &[("id", id)]),
                )
                .on(*field));
            }
        }
    }
    Ok(())
}

/// Writes the change into the caller's inbox folder and waits for its outcome.
async fn write_and_wait(
    state: &ApiState,
    caller: &Caller,
    payload: Value,
) -> Result<ChangeStatus, ApiProblem> {
    let change = parse_record(&payload).map_err(|error| {
        let empty = Map::new();
        let fields = payload
            .get("fields")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        refused_payload(&error, fields)
    })?;
    let user = caller.0.principal.user.0.clone();
    let envelope = Envelope::new(
        user.clone(),
        format!("API-{}", caller.0.token_id),
        Utc::now().fixed_offset(),
        ChangeBody::RC(Box::new(change)),
    );
    let dir = state.dir.reloaded();
    let folder = dir.inbox().join(&user);
    // Listening before the file is written, so that the pass integrating it is not missed;
    // answered as soon as that pass's integration is durable, before its snapshots.
    let mut news = state.office.passes.subscribe_integrations();
    let name = tokio::task::spawn_blocking({
        let (user, dir, pool) = (user.clone(), dir.clone(), state.pool.clone());
        move || -> Result<FileName, ApiProblem> {
            // Signed with the server's key for the owner, so that it passes the signer
            // check even when the owner enrolled a laptop; `device` still names the token.
            let signer = pool
                .with(|conn| online::online_signer(&dir, conn, &user))
                .map_err(ApiProblem::internal)?;
            let path = publish_signed_change(&folder, &envelope, Some(&signer))
                .map_err(ApiProblem::internal)?;
            let name = FileName::parse(&envelope.file_name().to_string())
                .map_err(|error| ApiProblem::internal(format!("{}: {error}", path.display())))?;
            tracing::info!(file = %name, %user, "change written by the REST API");
            Ok(name)
        }
    })
    .await??;
    state.office.integrate_now();
    let statuses = online::wait_until_settled(
        &state.pool,
        &dir,
        &user,
        &[name],
        API,
        &mut news,
        SETTLE_WAIT,
    )
    .await
    .map_err(ApiProblem::internal)?;
    statuses
        .into_iter()
        .next()
        .ok_or_else(|| ApiProblem::internal("no status"))
}

/// The refusal of a failed change, naming the field its detail names.
fn refused_status(status: &ChangeStatus) -> ApiProblem {
    let reason = status.reason.clone().unwrap_or_else(|| "refused".into());
    let field = status
        .why
        .as_ref()
        .and_then(|why| why.get("field"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut problem = ApiProblem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "refused",
        Said::new(
            Sentence::RestRefused,
            &[
                ("reason", &reason),
                ("detail", status.detail.as_deref().unwrap_or("")),
            ],
        ),
    );
    problem.why = Some(Box::new(json!({ "reason": reason, "detail": status.why })));
    match field {
        Some(field) => problem.on(field),
        None => problem,
    }
}

/// The answer to a write not settled in time: 202 with where it stands.
fn pending(status: &ChangeStatus, location: Option<String>) -> (StatusCode, Kept) {
    (
        StatusCode::ACCEPTED,
        Kept {
            body: json!({
                "state": status.state,
                "file_name": status.file_name,
                "detail": Said::new(Sentence::RestPending, &[("file", &status.file_name)]).say(crate::sentences::API),
            }),
            etag: None,
            location,
        },
    )
}

fn kept_response(status: StatusCode, kept: &Kept) -> Response {
    let mut response = (status, Json(kept.body.clone())).into_response();
    let headers = response.headers_mut();
    if let Some(etag) = kept
        .etag
        .as_deref()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        headers.insert(header::ETAG, etag);
    }
    if let Some(location) = kept
        .location
        .as_deref()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        headers.insert(header::LOCATION, location);
    }
    response
}

fn kept_record(record: &ApiRecord, location: Option<String>) -> Result<Kept, ApiProblem> {
    Ok(Kept {
        body: Value::Object(record.fields().map_err(ApiProblem::internal)?),
        etag: Some(record.etag.clone()),
        location,
    })
}

/// The `Idempotency-Key` header, checked.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiProblem> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or("");
    let visible = key.bytes().all(|b| b.is_ascii_graphic());
    if key.is_empty() || !visible || key.len() > MAX_KEY_CHARS {
        return Err(ApiProblem::new(
            StatusCode::BAD_REQUEST,
            "bad_idempotency_key",
            Said::new(
                Sentence::RestBadIdempotencyKey,
                &[("max", &MAX_KEY_CHARS.to_string())],
            ),
        )
        .on("Idempotency-Key"));
    }
    Ok(Some(key.to_string()))
}

/// `POST /api/v1/{resource}` with the new record's fields; `Idempotency-Key` optional.
pub async fn create(
    State(state): State<ApiState>,
    caller: Caller,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiProblem> {
    let resource = resource_of(&uri)?;
    let entity = record_entity(resource)?;
    caller.require(resource.spec().entity, TokenAccess::Write)?;
    let key = idempotency_key(&headers)?;
    let (bytes, fields) = fields_of(body)?;
    let Some(key) = key else {
        let (status, kept) = create_once(&state, &caller, resource, entity, fields).await?;
        return Ok(kept_response(status, &kept));
    };
    let digest = format!(
        "{:x}",
        Sha256::new()
            .chain_update(resource.spec().path.as_bytes())
            .chain_update([0u8])
            .chain_update(&bytes)
            .finalize()
    );
    let token = caller.0.token_id;
    let pool = state.pool.clone();
    let start = {
        let (key, digest) = (key.clone(), digest.clone());
        tokio::task::spawn_blocking(move || {
            pool.with(|conn| start_idempotent(conn, token, &key, &digest, Utc::now()))
        })
        .await??
    };
    match start {
        IdempotentStart::Done { status, response } => {
            let kept: Kept = serde_json::from_str(&response).map_err(ApiProblem::internal)?;
            let status = StatusCode::from_u16(status).map_err(ApiProblem::internal)?;
            // The same record, as it stands now: created then (201), or settled since an
            // answer of 202; one deleted since cannot be answered as created.
            let Some(id) = kept.location.as_deref().and_then(|l| l.rsplit('/').next()) else {
                return Ok(kept_response(status, &kept));
            };
            match readable(&state, &caller, resource, id.to_string()).await {
                Ok(record) => Ok(kept_response(
                    StatusCode::CREATED,
                    &kept_record(&record, kept.location.clone())?,
                )),
                Err(_) if status == StatusCode::ACCEPTED => Ok(kept_response(status, &kept)),
                Err(_) => Err(ApiProblem::new(
                    StatusCode::CONFLICT,
                    "idempotency_record_gone",
                    Said::new(Sentence::RestIdempotencyGone, &[("id", id)]),
                )
                .on("Idempotency-Key")),
            }
        }
        IdempotentStart::Mismatch => Err(ApiProblem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            Sentence::RestIdempotencyMismatch,
        )
        .on("Idempotency-Key")),
        IdempotentStart::Running => Err(ApiProblem::new(
            StatusCode::CONFLICT,
            "idempotency_key_running",
            Sentence::RestIdempotencyRunning,
        )
        .on("Idempotency-Key")),
        IdempotentStart::New => {
            let outcome = create_once(&state, &caller, resource, entity, fields).await;
            let pool = state.pool.clone();
            let key_for_db = key.clone();
            // A refused or failed creation created nothing: the key is freed, and the same
            // request again is judged again (a refusal answers the same; a failure of ours
            // may pass).
            let (status, kept) = match outcome {
                Ok(done) => done,
                Err(problem) => {
                    tokio::task::spawn_blocking(move || {
                        pool.with(|conn| forget_idempotent(conn, token, &key_for_db))
                    })
                    .await??;
                    return Err(problem);
                }
            };
            let text = serde_json::to_string(&kept).map_err(ApiProblem::internal)?;
            let id = kept
                .location
                .as_deref()
                .and_then(|l| l.rsplit('/').next())
                .map(str::to_string);
            let code = status.as_u16();
            tokio::task::spawn_blocking(move || {
                pool.with(|conn| {
                    finish_idempotent(conn, token, &key_for_db, code, &text, id.as_deref())
                })
            })
            .await??;
            Ok(kept_response(status, &kept))
        }
    }
}

/// One creation: the id minted here, the change written and awaited.
async fn create_once(
    state: &ApiState,
    caller: &Caller,
    resource: ApiResource,
    entity: RecordEntity,
    fields: Map<String, Value>,
) -> Result<(StatusCode, Kept), ApiProblem> {
    let id = ulid::Ulid::new().to_string();
    let location = Some(format!("/api/v1/{}/{id}", resource.spec().path));
    let payload =
        checked(json!({"entity": entity.code(), "op": "create", "id": id, "fields": fields}))?;
    check_parents(state, caller, &fields).await?;
    let status = write_and_wait(state, caller, payload).await?;
    match status.state {
        ChangeState::Integrated => {
            let record = readable(state, caller, resource, id).await?;
            Ok((StatusCode::CREATED, kept_record(&record, location)?))
        }
        ChangeState::Failed => Err(refused_status(&status)),
        _ => Ok(pending(&status, location)),
    }
}

/// Longest `If-Match` read.
const MAX_IF_MATCH_CHARS: usize = 200;

/// An `If-Match` value as the document states it: visible ASCII and inner spaces, within
/// its length, neither starting nor ending with a space.
fn is_tag_list(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_IF_MATCH_CHARS
        && bytes.iter().all(|b| *b == b' ' || b.is_ascii_graphic())
        && bytes.first().is_some_and(u8::is_ascii_graphic)
        && bytes.last().is_some_and(u8::is_ascii_graphic)
}

/// The `If-Match` header: required (428), of visible ASCII within its length (400).
fn if_match_of(headers: &HeaderMap) -> Result<&str, ApiProblem> {
    let Some(wanted) = headers.get(header::IF_MATCH) else {
        return Err(ApiProblem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "if_match_required",
            Sentence::RestPreconditionRequired,
        )
        .on("If-Match"));
    };
    match wanted.to_str() {
        Ok(text) if is_tag_list(text) => Ok(text),
        _ => Err(ApiProblem::new(
            StatusCode::BAD_REQUEST,
            "bad_if_match",
            Sentence::RestPreconditionRequired,
        )
        .on("If-Match")),
    }
}

/// Waits until no other `If-Match` write of the record is in flight, and holds it.
async fn hold_record(
    state: &ApiState,
    resource: ApiResource,
    id: &str,
) -> super::record_locks::RecordHeld {
    state
        .record_locks
        .hold(&format!("{}/{id}", resource.spec().path))
        .await
}

/// The record named in the path, readable, and matching `If-Match`.
async fn matching(
    state: &ApiState,
    caller: &Caller,
    resource: ApiResource,
    id: &str,
    headers: &HeaderMap,
) -> Result<ApiRecord, ApiProblem> {
    let wanted = if_match_of(headers)?;
    let record = readable(state, caller, resource, id.to_string()).await?;
    let matches = wanted.trim() == "*"
        || wanted
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == record.etag);
    if !matches {
        return Err(ApiProblem::new(
            StatusCode::PRECONDITION_FAILED,
            "stale",
            Said::new(Sentence::RestPreconditionFailed, &[("etag", &record.etag)]),
        )
        .on("If-Match"));
    }
    Ok(record)
}

/// `PATCH /api/v1/{resource}/{id}` with the changed fields (`null` clears one);
/// `If-Match` required.
pub async fn update(
    State(state): State<ApiState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiProblem> {
    let resource = resource_of(&uri)?;
    let entity = record_entity(resource)?;
    caller.require(resource.spec().entity, TokenAccess::Write)?;
    let (_, fields) = fields_of(body)?;
    if_match_of(&headers)?;
    let payload =
        checked(json!({"entity": entity.code(), "op": "update", "id": id, "fields": fields}))?;
    // From the check to the new record read: no other conditional write of it between.
    let _held = hold_record(&state, resource, &id).await;
    matching(&state, &caller, resource, &id, &headers).await?;
    check_parents(&state, &caller, &fields).await?;
    let status = write_and_wait(&state, &caller, payload).await?;
    match status.state {
        ChangeState::Integrated => {
            let record = readable(&state, &caller, resource, id).await?;
            Ok(record_response(StatusCode::OK, &record, None))
        }
        ChangeState::Failed => Err(refused_status(&status)),
        _ => {
            let (code, kept) = pending(&status, None);
            Ok(kept_response(code, &kept))
        }
    }
}

/// `DELETE /api/v1/{resource}/{id}`; `If-Match` required.
pub async fn delete(
    State(state): State<ApiState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let resource = resource_of(&uri)?;
    let entity = record_entity(resource)?;
    caller.require(resource.spec().entity, TokenAccess::Write)?;
    if_match_of(&headers)?;
    let _held = hold_record(&state, resource, &id).await;
    matching(&state, &caller, resource, &id, &headers).await?;
    let payload = json!({"entity": entity.code(), "op": "delete", "id": id});
    let status = write_and_wait(&state, &caller, payload).await?;
    match status.state {
        ChangeState::Integrated => Ok(StatusCode::NO_CONTENT.into_response()),
        ChangeState::Failed => Err(refused_status(&status)),
        _ => {
            let (code, kept) = pending(&status, None);
            Ok(kept_response(code, &kept))
        }
    }
}
