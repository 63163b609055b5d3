//! Pushing change files: `PUT /sync/v1/changes/{file}` drops the file into the
//! device's user's inbox folder, exactly as a sync tool would, and says where it
//! stands; `POST /sync/v1/changes` does the same for a batch (a laptop back from a week
//! offline pays the link's latency once per batch, not once per file);
//! `POST /sync/v1/changes/status` asks again for several. Pushing the same
//! file twice, or one a sync tool already brought, changes nothing: the ledger keeps
//! every change to one integration.

use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path as UrlPath, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::Json;
use rusqlite::Connection;
use tournee_store::Device;
use tournee_store::Parameters;
use tournee_store::{is_integrated_for, last_failure};
use tournee_sync::{publish_bytes, publish_many, Detail, FileName, WriteError};
use tournee_sync::{
    ChangeState, ChangeStatus, PushBatch, StatusRequest, BATCH_BODY_LIMIT, MAX_BATCH_FILES,
    MAX_STATUS_NAMES,
};

use super::auth::{BodyLimit, SignedBody};
use super::problem::Problem;
use super::{json_body, SyncState};
use crate::datadir::DataDir;
use crate::office::pool::MasterPool;
use crate::sentences::{recorded_detail, refusal_detail, Said, Sentence, API};

/// Longest a push waits for the automaton's verdict before answering `received`.
const MAX_WAIT: Duration = Duration::from_secs(10);
/// Largest status request body: 5,000 names of about 60 bytes, quoted, with room.
const STATUS_BODY_LIMIT: u64 = 512 * 1024;

fn wait_from(uri: &Uri) -> Duration {
    let seconds = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("wait="))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    Duration::from_secs(seconds).min(MAX_WAIT)
}

/// Where `file_name` (already checked) of `user` stands, from the ledger, the
/// failures and the folders (the REST API's writes ask it too).
pub(crate) fn status_of(
    conn: &Connection,
    dir: &DataDir,
    user: &str,
    name: &FileName,
) -> Result<ChangeStatus, Problem> {
    let file_name = name.to_string();
    let status = |state, reason: Option<String>, detail: Option<String>| ChangeStatus {
        file_name: file_name.clone(),
        state,
        reason,
        detail,
        why: None,
    };
    let integrated = is_integrated_for(conn, &name.change_id, user).map_err(Problem::internal)?;
    if integrated {
        return Ok(status(ChangeState::Integrated, None, None));
    }
    let failure = last_failure(conn, &file_name).map_err(Problem::internal)?;
    let waiting_in = |root: &Path| root.join(user).join(&file_name).exists();
    if waiting_in(&dir.inbox()) {
        // Put back by an admin after a failure, or not integrated yet.
        return Ok(status(ChangeState::Received, None, None));
    }
    if let Some(failure) = failure {
        let detail = recorded_detail(&failure, API);
        return Ok(ChangeStatus {
            why: failure
                .detail
                .as_ref()
                .and_then(|d| serde_json::to_value(d).ok()),
            ..status(ChangeState::Failed, Some(failure.reason), Some(detail))
        });
    }
    if waiting_in(&dir.parked()) {
        return Ok(status(ChangeState::Parked, None, None));
    }
    Ok(status(ChangeState::Unknown, None, None))
}

fn checked_name(file_name: &str) -> Result<FileName, Problem> {
    FileName::parse(file_name).map_err(|error| {
        let error = refusal_detail(&Detail::from(error), API).say(API);
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_name",
            Said::new(
                Sentence::ApiBadName,
                &[("file", file_name), ("error", &error)],
            ),
        )
    })
}

/// The largest change file the admin accepts (`max_change_file_bytes`, within
/// [`super::BODY_LIMIT`]), blocking.
fn file_limit(pool: &MasterPool) -> Result<u64, Problem> {
    let params = pool.with(|conn| Parameters::load(conn).map_err(Problem::internal))?;
    Ok(params.max_change_file_bytes.min(super::BODY_LIMIT as u64))
}

/// One change file's body: [`file_limit`].
pub struct ChangeFile;

impl BodyLimit for ChangeFile {
    fn limit(pool: &MasterPool) -> Result<u64, Problem> {
        file_limit(pool)
    }
}

/// A batch of change files: [`BATCH_BODY_LIMIT`].
pub struct Batch;

impl BodyLimit for Batch {
    fn limit(_pool: &MasterPool) -> Result<u64, Problem> {
        Ok(BATCH_BODY_LIMIT)
    }
}

/// A status request: [`STATUS_BODY_LIMIT`].
pub struct Statuses;

impl BodyLimit for Statuses {
    fn limit(_pool: &MasterPool) -> Result<u64, Problem> {
        Ok(STATUS_BODY_LIMIT)
    }
}

/// The change file named in the path, checked before its sender or body is.
pub struct ChangeName(FileName);

impl FromRequestParts<SyncState> for ChangeName {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &SyncState) -> Result<Self, Problem> {
        let UrlPath(file_name) = UrlPath::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| {
                let error = rejection.body_text();
                let said = Said::new(Sentence::ApiBadPath, &[("error", &error)]);
                Problem::new(rejection.status(), "bad_name", said).before_body()
            })?;
        checked_name(&file_name)
            .map(Self)
            .map_err(Problem::before_body)
    }
}

/// `PUT /sync/v1/changes/{file_name}` with the file as body. The name, then the sender,
/// are checked before the body is read: an unsigned or unknown sender is refused
/// without it.
pub async fn put_change(
    State(state): State<SyncState>,
    ChangeName(name): ChangeName,
    uri: Uri,
    signed: SignedBody<ChangeFile>,
) -> Result<Json<ChangeStatus>, Problem> {
    store_change(&state, signed.device, uri, name, signed.body)
        .await
        .map(Json)
}

/// A pushed file whose body is read: its signature checked, then written to the inbox.
async fn store_change(
    state: &SyncState,
    device: Device,
    uri: Uri,
    name: FileName,
    body: Bytes,
) -> Result<ChangeStatus, Problem> {
    let wait = wait_from(&uri);
    let dir = state.dir.reloaded();
    let pool = state.pool.clone();
    let (user, first) = tokio::task::spawn_blocking({
        let dir = dir.clone();
        let name = name.clone();
        move || {
            pool.with(|conn| {
                let known = status_of(conn, &dir, &device.user, &name)?;
                if known.state != ChangeState::Unknown {
                    return Ok((device.user, known));
                }
                // Into the device's own user's folder, whoever the file names: a file
                // for someone else is refused by the automaton (foreign_folder) and
                // kept in failed/ with its reason, like one a sync tool brought.
                let folder = dir.inbox().join(&device.user);
                match publish_bytes(&folder, &name.to_string(), &body) {
                    Ok(_) | Err(WriteError::AlreadyPublished { .. }) => {}
                    Err(error) => return Err(Problem::internal(error)),
                }
                tracing::info!(file = %name, user = %device.user, device = %device.device_id, "change received over HTTPS");
                let now = status_of(conn, &dir, &device.user, &name)?;
                Ok((device.user, now))
            })
        }
    })
    .await??;
    if name.user != user {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "foreign_user",
            Said::new(
                Sentence::ApiForeignFile,
                &[("owner", name.user.as_str()), ("user", &user)],
            ),
        ));
    }
    let status =
        wait_until_settled(&state.pool, &dir, &user, vec![name], vec![first], wait).await?;
    status
        .into_iter()
        .next()
        .ok_or_else(|| Problem::internal("no status"))
}

/// `POST /sync/v1/changes[?wait=N]` with a [`PushBatch`]: every file written to the
/// device user's inbox folder with one flush to disk, and the statuses answered in the
/// batch's order. As for a single push, the sender is checked before the body is read,
/// and a file in another user's name lands in the device user's folder, where the
/// automaton refuses it (`foreign_folder`).
pub async fn post_changes(
    State(state): State<SyncState>,
    uri: Uri,
    signed: SignedBody<Batch>,
) -> Result<Json<Vec<ChangeStatus>>, Problem> {
    store_batch(&state, signed.device, uri, signed.body)
        .await
        .map(Json)
}

/// The batch's files, checked whole before any is written: a bad name or an oversize
/// file refuses the batch, so nothing of it is half-received.
fn checked_batch(batch: &PushBatch, file_limit: u64) -> Result<Vec<FileName>, Problem> {
    if batch.files.len() > MAX_BATCH_FILES {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many",
            Said::new(
                Sentence::ApiTooManyFiles,
                &[("max", &MAX_BATCH_FILES.to_string())],
            ),
        ));
    }
    batch
        .files
        .iter()
        .map(|file| {
            let name = checked_name(&file.file_name)?;
            let size = file.content.len() as u64;
            if size > file_limit {
                return Err(Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    Said::new(
                        Sentence::ApiFileTooLarge,
                        &[
                            ("file", &file.file_name),
                            ("size", &size.to_string()),
                            ("max", &file_limit.to_string()),
                        ],
                    ),
                ));
            }
            Ok(name)
        })
        .collect()
}

/// A batch whose body is read: its signature checked, then its new files written.
async fn store_batch(
    state: &SyncState,
    device: Device,
    uri: Uri,
    body: Bytes,
) -> Result<Vec<ChangeStatus>, Problem> {
    let wait = wait_from(&uri);
    let dir = state.dir.reloaded();
    let pool = state.pool.clone();
    let file_limit = tokio::task::spawn_blocking(move || file_limit(&pool)).await??;
    let batch: PushBatch = json_body(Ok(body))?;
    let names = checked_batch(&batch, file_limit)?;
    let pool = state.pool.clone();
    let (user, first) = tokio::task::spawn_blocking({
        let (dir, names) = (dir.clone(), names.clone());
        move || {
            pool.with(|conn| {
                let mut new = Vec::new();
                for (file, name) in batch.files.iter().zip(&names) {
                    if status_of(conn, &dir, &device.user, name)?.state == ChangeState::Unknown {
                        new.push((file.file_name.as_str(), file.content.as_bytes()));
                    }
                }
                let folder = dir.inbox().join(&device.user);
                let written = publish_many(&folder, new).map_err(Problem::internal)?;
                tracing::info!(files = names.len(), new = written, user = %device.user, device = %device.device_id, "changes received over HTTPS");
                let now = names
                    .iter()
                    .map(|name| status_of(conn, &dir, &device.user, name))
                    .collect::<Result<Vec<_>, Problem>>()?;
                Ok::<_, Problem>((device.user, now))
            })
        }
    })
    .await??;
    wait_until_settled(&state.pool, &dir, &user, names, first, wait).await
}

/// Where these files stand now (database reads, on the blocking pool).
async fn statuses_now(
    pool: &MasterPool,
    dir: &DataDir,
    user: &str,
    names: &[FileName],
) -> Result<Vec<ChangeStatus>, Problem> {
    let pool = pool.clone();
    let (dir, user, names) = (dir.clone(), user.to_string(), names.to_vec());
    tokio::task::spawn_blocking(move || {
        pool.with(|conn| {
            names
                .iter()
                .map(|name| status_of(conn, &dir, &user, name))
                .collect::<Result<Vec<_>, Problem>>()
        })
    })
    .await?
}

/// Polls until every status is settled or `wait` has passed (the REST API's writes
/// wait with it too).
pub(crate) async fn wait_until_settled(
    pool: &MasterPool,
    dir: &DataDir,
    user: &str,
    names: Vec<FileName>,
    mut statuses: Vec<ChangeStatus>,
    wait: Duration,
) -> Result<Vec<ChangeStatus>, Problem> {
    let start = Instant::now();
    while start.elapsed() < wait && statuses.iter().any(|s| !s.state.is_settled()) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        statuses = statuses_now(pool, dir, user, &names).await?;
    }
    Ok(statuses)
}

/// `POST /sync/v1/changes/status[?wait=N]` with `{"file_names": [...]}`: only the
/// asking device's user's own files are answered. As for a push, the sender is checked
/// before the body is read.
pub async fn post_status(
    State(state): State<SyncState>,
    uri: Uri,
    signed: SignedBody<Statuses>,
) -> Result<Json<Vec<ChangeStatus>>, Problem> {
    answer_status(&state, signed.device, uri, signed.body)
        .await
        .map(Json)
}

/// A status request whose body is read: its signature checked, then answered.
async fn answer_status(
    state: &SyncState,
    device: Device,
    uri: Uri,
    body: Bytes,
) -> Result<Vec<ChangeStatus>, Problem> {
    let wait = wait_from(&uri);
    let dir = state.dir.reloaded();
    let request: StatusRequest = json_body(Ok(body))?;
    if request.file_names.len() > MAX_STATUS_NAMES {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many",
            Said::new(
                Sentence::ApiTooManyNames,
                &[("max", &MAX_STATUS_NAMES.to_string())],
            ),
        ));
    }
    let names = request
        .file_names
        .iter()
        .map(|n| checked_name(n))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(foreign) = names.iter().find(|n| n.user != device.user) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "foreign_user",
            Said::new(
                Sentence::ApiForeignName,
                &[("file", &foreign.to_string()), ("user", &device.user)],
            ),
        ));
    }
    let first = statuses_now(&state.pool, &dir, &device.user, &names).await?;
    wait_until_settled(&state.pool, &dir, &device.user, names, first, wait).await
}
