//! Pushing change files: `PUT /sync/v1/changes/{file}` drops the file into the
//! device's user's inbox folder, exactly as a sync tool would, and says where it
//! stands; `POST /sync/v1/changes` does the same for a batch (a laptop back from a week
//! offline pays the link's latency once per batch, not once per file);
//! `POST /sync/v1/changes/status` asks again for several. Pushing the same
//! file twice, or one a sync tool already brought, changes nothing: the ledger keeps
//! every change to one integration.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path as UrlPath, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::Json;
use rusqlite::Connection;
use tokio::sync::broadcast;
use tournee_store::Device;
use tournee_store::Parameters;
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
use crate::sentences::{refusal_detail, Said, Sentence, API};

/// Longest a push waits for the automaton's verdict before answering `received`: the
/// browser's and the API's awaited writes' bound ([`crate::online::SETTLE_WAIT`]).
const MAX_WAIT: Duration = crate::online::SETTLE_WAIT;
/// Most pushes and status requests waiting for a verdict at once (each holds a
/// connection and a news subscription); past it they are answered without waiting.
pub const MAX_WAITERS: usize = 256;
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
/// failures and the folders (the same answer the browser's awaited writes read).
fn status_of(
    conn: &Connection,
    dir: &DataDir,
    user: &str,
    name: &FileName,
) -> Result<ChangeStatus, Problem> {
    crate::online::status_of(conn, dir, user, name, API).map_err(Problem::internal)
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
    let status = wait_until_settled(state, &dir, &user, vec![name], vec![first], wait).await?;
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
    wait_until_settled(state, &dir, &user, names, first, wait).await
}

/// Where these files stand now (database reads, on the blocking pool).
async fn statuses_now(
    state: &SyncState,
    dir: &DataDir,
    user: &str,
    names: &[FileName],
) -> Result<Vec<ChangeStatus>, Problem> {
    let pool = state.pool.clone();
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

/// Waits until every status is settled or `wait` has passed, reading the states again after
/// each pass the automaton announces ([`crate::online::Passes`], as the browser's awaited
/// writes do): no polling. Subscribed before the states are read again, so a pass that
/// ended after the file was written is never missed. At most [`MAX_WAITERS`] requests wait
/// at once; past that, the states are answered as they are (the laptop asks again).
async fn wait_until_settled(
    state: &SyncState,
    dir: &DataDir,
    user: &str,
    names: Vec<FileName>,
    statuses: Vec<ChangeStatus>,
    wait: Duration,
) -> Result<Vec<ChangeStatus>, Problem> {
    let settled = |statuses: &[ChangeStatus]| statuses.iter().all(|s| s.state.is_settled());
    // Settled, and the snapshots that carry it published (the laptop reads them next).
    let done = |statuses: &[ChangeStatus]| {
        settled(statuses) && state.passes.covered() >= state.passes.started()
    };
    if wait.is_zero() || done(&statuses) {
        return Ok(statuses);
    }
    let Ok(_waiting) = Arc::clone(&state.waiters).try_acquire_owned() else {
        tracing::info!(%user, "too many pushes waiting: answered without waiting");
        return Ok(statuses);
    };
    let deadline = tokio::time::Instant::now() + wait;
    let mut news = state.passes.subscribe();
    loop {
        let statuses = statuses_now(state, dir, user, &names).await?;
        if settled(&statuses) {
            // The pass that settled them started before this read: wait for the news
            // covering it (the snapshots are patched after the integration, on their own).
            let through = state.passes.started();
            state
                .passes
                .wait_until_covered(&mut news, through, deadline)
                .await;
            return Ok(statuses);
        }
        match tokio::time::timeout_at(deadline, news.recv()).await {
            // A pass ended (or some were missed): read the states again.
            Ok(Ok(_) | Err(broadcast::error::RecvError::Lagged(_))) => {}
            // The automaton is gone, or the time is up: the states as they are.
            Ok(Err(broadcast::error::RecvError::Closed)) | Err(_) => {
                return statuses_now(state, dir, user, &names).await;
            }
        }
    }
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
    let first = statuses_now(state, &dir, &device.user, &names).await?;
    wait_until_settled(state, &dir, &device.user, names, first, wait).await
}
