//! Pulling the snapshot: `GET /sync/v1/snapshot/manifest` answers 304 while the
//! laptop's generation is current; `GET /sync/v1/snapshot/{generation}` sends the
//! database compressed, or as a patch against the generation the laptop names in
//! `?from=` when the server still has it, with byte ranges so a cut download resumes.
//! Compressed files are built once per generation in `cache/https/<user>/`, outside
//! the snapshot folder a sync tool may share.

use std::fs;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tournee_sync::{compress_full, compress_patch};
use tournee_sync::{is_valid_ulid, read_manifest, write_atomically, SnapshotManifest};
use tournee_sync::{ENCODING_FULL, ENCODING_PATCH, HEADER_ENCODING, HEADER_PATCH_FROM};

use super::auth::SignedDevice;
use super::problem::Problem;
use super::SyncState;
use crate::datadir::DataDir;
use crate::sentences::{Said, Sentence};

fn manifest_of(dir: &DataDir, user: &str) -> Result<SnapshotManifest, Problem> {
    read_manifest(&dir.snapshots().join(user)).map_err(|error| {
        tracing::info!(user, "no snapshot to serve yet: {error}");
        Problem::new(
            StatusCode::NOT_FOUND,
            "no_snapshot",
            Sentence::ApiNoSnapshot,
        )
    })
}

fn etag(text: &str) -> HeaderValue {
    // Invariant: generations and patch keys are ULIDs and dashes, always valid header text.
    HeaderValue::from_str(&format!("\"{text}\"")).expect("ULIDs are header-safe")
}

/// `GET /sync/v1/snapshot/manifest`.
pub async fn get_manifest(
    State(state): State<SyncState>,
    SignedDevice(device): SignedDevice,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let if_none_match = headers.get(header::IF_NONE_MATCH).cloned();
    let user = device.user;
    let manifest = manifest_of(&state.dir.reloaded(), &user)?;
    let tag = etag(&manifest.generation);
    if if_none_match.as_ref() == Some(&tag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    let body = serde_json::to_vec(&manifest).map_err(Problem::internal)?;
    Ok((
        [
            (header::ETAG, tag),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        body,
    )
        .into_response())
}

/// The file to send for `generation`, built if needed: a patch from `from` when that
/// generation's database is still on disk, else the whole database compressed.
fn artefact(
    dir: &DataDir,
    user: &str,
    generation: &str,
    from: Option<&str>,
) -> Result<(PathBuf, Option<String>), Problem> {
    let folder = dir.snapshots().join(user);
    let database = folder.join(format!("snapshot-{generation}.sqlite"));
    let cache = dir.root.join("cache").join("https").join(user);
    fs::create_dir_all(&cache).map_err(Problem::internal)?;
    let previous = from
        .filter(|f| is_valid_ulid(f) && *f != generation)
        .map(|f| (f.to_string(), folder.join(format!("snapshot-{f}.sqlite"))))
        .filter(|(_, path)| path.is_file());
    let (path, patch_from) = match &previous {
        Some((from, _)) => (
            cache.join(format!("{from}-{generation}.zpatch")),
            Some(from.clone()),
        ),
        None => (cache.join(format!("{generation}.zst")), None),
    };
    if path.is_file() {
        return Ok((path, patch_from));
    }
    let current = fs::read(&database).map_err(Problem::internal)?;
    let mut out = Vec::with_capacity(current.len() / 4);
    match &previous {
        Some((_, previous_path)) => {
            let old = fs::read(previous_path).map_err(Problem::internal)?;
            compress_patch(&old, &current, &mut out).map_err(Problem::internal)?;
        }
        None => compress_full(&current, &mut out).map_err(Problem::internal)?,
    }
    write_atomically(&path, &out).map_err(Problem::internal)?;
    prune_cache(&cache, generation);
    Ok((path, patch_from))
}

/// Keeps only the artefacts of the current generation.
fn prune_cache(cache: &Path, generation: &str) {
    let Ok(entries) = fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.contains(generation) {
            // Best effort: an old artefact left behind only costs disk space.
            let _left_for_next_time = fs::remove_file(entry.path());
        }
    }
}

/// `bytes=N-` or `bytes=N-M`: the one range form a resuming laptop sends.
fn parse_range(value: &str, len: u64) -> Option<(u64, u64)> {
    let spec = value.strip_prefix("bytes=")?;
    let (start, end) = spec.split_once('-')?;
    let start: u64 = start.trim().parse().ok()?;
    let end: u64 = match end.trim() {
        "" => len.checked_sub(1)?,
        text => text.parse::<u64>().ok()?.min(len.checked_sub(1)?),
    };
    (start <= end).then_some((start, end))
}

/// `GET /sync/v1/snapshot/{generation}[?from={generation}]`.
pub async fn get_snapshot(
    State(state): State<SyncState>,
    SignedDevice(device): SignedDevice,
    UrlPath(generation): UrlPath<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let if_range = headers.get(header::IF_RANGE).cloned();
    let from = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("from="))
        .map(str::to_string);
    let user = device.user;
    let dir = state.dir.reloaded();
    let manifest = manifest_of(&dir, &user)?;
    if generation != manifest.generation {
        return Err(Problem::new(
            StatusCode::GONE,
            "generation_gone",
            Said::new(
                Sentence::ApiGenerationGone,
                &[("asked", &generation), ("latest", &manifest.generation)],
            ),
        ));
    }
    let (path, patch_from) = tokio::task::spawn_blocking({
        let (dir, user, generation) = (dir.clone(), user.clone(), generation.clone());
        move || artefact(&dir, &user, &generation, from.as_deref())
    })
    .await??;
    let key = match &patch_from {
        Some(from) => format!("{from}-{generation}"),
        None => generation.clone(),
    };

    let encoding = if patch_from.is_some() {
        ENCODING_PATCH
    } else {
        ENCODING_FULL
    };
    let (status, start, end, total, bytes) = tokio::task::spawn_blocking(move || {
        let mut file = fs::File::open(&path).map_err(Problem::internal)?;
        let total = file.metadata().map_err(Problem::internal)?.len();
        let resumable = if_range.as_ref().is_none_or(|v| v == tag_of(&path));
        let wanted = range
            .as_deref()
            .filter(|_| resumable)
            .map(|r| parse_range(r, total).ok_or(()))
            .transpose();
        let (status, start, end) = match wanted {
            Ok(Some((start, end))) => (StatusCode::PARTIAL_CONTENT, start, end),
            Ok(None) => (StatusCode::OK, 0, total.saturating_sub(1)),
            Err(()) => {
                return Err(Problem::new(
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    "bad_range",
                    Said::new(Sentence::ApiBadRange, &[("size", &total.to_string())]),
                ))
            }
        };
        let length = if total == 0 { 0 } else { end - start + 1 };
        file.seek(SeekFrom::Start(start))
            .map_err(Problem::internal)?;
        let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        file.take(length)
            .read_to_end(&mut bytes)
            .map_err(Problem::internal)?;
        Ok::<_, Problem>((status, start, end, total, bytes))
    })
    .await??;
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag(&key));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(HEADER_ENCODING, HeaderValue::from_static(encoding));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zstd"),
    );
    if let Some(from) = &patch_from {
        headers.insert(HEADER_PATCH_FROM, etag(from));
    }
    if status == StatusCode::PARTIAL_CONTENT {
        let range = format!("bytes {start}-{end}/{total}");
        headers.insert(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&range).map_err(Problem::internal)?,
        );
    }
    Ok(response)
}

/// The ETag an artefact is served under, from its file name (`<key>.zst|.zpatch`).
fn tag_of(path: &Path) -> HeaderValue {
    let key = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    etag(&key)
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges_are_read_as_a_resuming_client_sends_them() {
        assert_eq!(parse_range("bytes=100-", 1000), Some((100, 999)));
        assert_eq!(parse_range("bytes=0-9", 1000), Some((0, 9)));
        assert_eq!(parse_range("bytes=10-5000", 1000), Some((10, 999)));
        assert_eq!(parse_range("bytes=1000-", 1000), None);
        assert_eq!(parse_range("bytes=-5", 1000), None);
        assert_eq!(parse_range("octets=0-", 1000), None);
        assert_eq!(parse_range("bytes=0-", 0), None);
    }
}
