//! Signed requests to the transport, one method per route.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{ETAG, IF_NONE_MATCH, IF_RANGE, RANGE};
use reqwest::{Method, StatusCode};
use tournee_sync::request_message;
use tournee_sync::{
    ApiProblem, ChangeStatus, PushBatch, PushedFile, StatusRequest, API_PREFIX, ENCODING_PATCH,
    HEADER_COUNTER, HEADER_DEVICE, HEADER_ENCODING, HEADER_PATCH_FROM, HEADER_SIGNATURE,
};
use tournee_sync::{DeviceKey, SnapshotManifest, UpdatePlatform};

use crate::credential::{Credential, LinkState};
use crate::error::LinkError;
use crate::pinning::PinnedVerifier;
use crate::progress::{Counting, DownloadProgress};

/// Seconds a request may take before the round gives up (the next round resumes).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Seconds to wait for the server to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// An HTTPS client bound to one enrolled device.
pub struct LinkClient {
    http: Client,
    base: String,
    device_id: String,
    key: DeviceKey,
    verifier: Arc<PinnedVerifier>,
    home: PathBuf,
}

/// A snapshot download, complete on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// Where the bytes are.
    pub path: PathBuf,
    /// The generation the patch applies to, when it is a patch.
    pub patch_from: Option<String>,
    /// Bytes received by this call (less than the file when it resumed).
    pub received: u64,
}

/// An HTTP client over `verifier`'s TLS.
pub(crate) fn http_client(verifier: &Arc<PinnedVerifier>) -> Result<Client, LinkError> {
    let tls = verifier
        .client_config()
        .map_err(|e| LinkError::BadAnswer(e.to_string()))?;
    Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| LinkError::Offline(e.to_string()))
}

/// Turns a transport failure into the error a rep can act on.
pub(crate) fn network_error(verifier: &PinnedVerifier, error: &reqwest::Error) -> LinkError {
    if let (Some(expected), Some(seen)) = (verifier.expected(), verifier.seen()) {
        if expected != seen {
            return LinkError::CertificateChanged {
                expected: expected.to_string(),
                seen,
            };
        }
    }
    // The whole chain says why (refused connection, timeout, cut body).
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(" : ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    LinkError::Offline(message)
}

/// The server's refusal as an error (its JSON problem when it sent one).
pub(crate) fn refusal(response: Response) -> LinkError {
    let status = response.status().as_u16();
    // A body cut short is read as no body: the status alone then says what happened.
    let body = response.bytes().unwrap_or_default();
    match serde_json::from_slice::<ApiProblem>(&body) {
        Ok(problem) => LinkError::Refused {
            status,
            code: problem.error,
            message: problem.message,
        },
        Err(_) => LinkError::Refused {
            status,
            code: "http".into(),
            message: format!("HTTP {status}"),
        },
    }
}

impl LinkClient {
    /// A client for the device `credential` describes.
    pub fn new(home: &Path, credential: &Credential, key: DeviceKey) -> Result<Self, LinkError> {
        let verifier = PinnedVerifier::pinned(&credential.cert_sha256);
        Ok(Self {
            http: http_client(&verifier)?,
            base: credential.server_url.trim_end_matches('/').to_string(),
            device_id: credential.device_id.clone(),
            key,
            verifier,
            home: home.to_path_buf(),
        })
    }

    /// A signed request; the counter is saved before it leaves, so it is never reused.
    fn signed(
        &self,
        state: &mut LinkState,
        method: Method,
        path_and_query: &str,
        body: Vec<u8>,
    ) -> Result<RequestBuilder, LinkError> {
        let counter = state.next_counter();
        state.save(&self.home)?;
        let message = request_message(method.as_str(), path_and_query, counter, &body);
        Ok(self
            .http
            .request(method, format!("{}{path_and_query}", self.base))
            .header(HEADER_DEVICE, &self.device_id)
            .header(HEADER_COUNTER, counter.to_string())
            .header(HEADER_SIGNATURE, self.key.sign_request(&message))
            .body(body))
    }

    fn send(&self, request: RequestBuilder) -> Result<Response, LinkError> {
        request
            .send()
            .map_err(|error| network_error(&self.verifier, &error))
    }

    fn json<T: serde::de::DeserializeOwned>(&self, response: Response) -> Result<T, LinkError> {
        if !response.status().is_success() {
            return Err(refusal(response));
        }
        let bytes = response
            .bytes()
            .map_err(|error| network_error(&self.verifier, &error))?;
        serde_json::from_slice(&bytes).map_err(|e| LinkError::BadAnswer(e.to_string()))
    }

    /// Pushes one change file; the answer says where it stands.
    pub fn push(
        &self,
        state: &mut LinkState,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<ChangeStatus, LinkError> {
        let path = format!("{API_PREFIX}/changes/{file_name}");
        let request = self.signed(state, Method::PUT, &path, bytes)?;
        self.json(self.send(request)?)
    }

    /// Pushes several change files in one request; the answers come in the same order.
    /// `None` when the server predates batches (it does not know the route): the caller
    /// then pushes the files one by one.
    pub fn push_batch(
        &self,
        state: &mut LinkState,
        files: Vec<PushedFile>,
    ) -> Result<Option<Vec<ChangeStatus>>, LinkError> {
        let path = format!("{API_PREFIX}/changes");
        // Invariant: names and texts serialise.
        let body = serde_json::to_vec(&PushBatch { files }).expect("strings serialise");
        let request = self.signed(state, Method::POST, &path, body)?;
        let response = self.send(request)?;
        if matches!(
            response.status(),
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
        ) {
            return Ok(None);
        }
        self.json(response).map(Some)
    }

    /// Where these files stand, waiting up to `wait_seconds` for them to settle.
    pub fn statuses(
        &self,
        state: &mut LinkState,
        file_names: Vec<String>,
        wait_seconds: u64,
    ) -> Result<Vec<ChangeStatus>, LinkError> {
        let path = format!("{API_PREFIX}/changes/status?wait={wait_seconds}");
        // Invariant: a list of strings serialises.
        let body = serde_json::to_vec(&StatusRequest { file_names }).expect("strings serialise");
        let request = self.signed(state, Method::POST, &path, body)?;
        self.json(self.send(request)?)
    }

    /// The server's manifest, or `None` when `current` is still the latest generation.
    pub fn manifest(
        &self,
        state: &mut LinkState,
        current: Option<&str>,
    ) -> Result<Option<SnapshotManifest>, LinkError> {
        let path = format!("{API_PREFIX}/snapshot/manifest");
        let mut request = self.signed(state, Method::GET, &path, Vec::new())?;
        if let Some(generation) = current {
            request = request.header(IF_NONE_MATCH, format!("\"{generation}\""));
        }
        let response = self.send(request)?;
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        self.json(response).map(Some)
    }

    /// The server's address, as enrolled (no trailing slash).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The update published for `platform` (this laptop's installed form) when it is
    /// newer than `current` (the updater's dynamic format, without its `url`); `None`
    /// when there is none (404).
    pub fn update_announcement(
        &self,
        state: &mut LinkState,
        current: &str,
        platform: UpdatePlatform,
    ) -> Result<Option<serde_json::Value>, LinkError> {
        let path = format!("{API_PREFIX}/update?current={current}&platform={platform}");
        let request = self.signed(state, Method::GET, &path, Vec::new())?;
        let response = self.send(request)?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        self.json(response).map(Some)
    }

    /// Downloads the package published for `platform` into `part`, resuming what an
    /// earlier cut left there; returns the bytes now in `part`.
    pub fn download_update(
        &self,
        state: &mut LinkState,
        part: &Path,
        platform: UpdatePlatform,
    ) -> Result<u64, LinkError> {
        let have = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        let path = format!("{API_PREFIX}/update/package?platform={platform}");
        let mut request = self.signed(state, Method::GET, &path, Vec::new())?;
        if have > 0 {
            request = request.header(RANGE, format!("bytes={have}-"));
        }
        let mut response = self.send(request)?;
        let append = match response.status() {
            StatusCode::PARTIAL_CONTENT => true,
            StatusCode::OK => false,
            StatusCode::RANGE_NOT_SATISFIABLE => {
                // What we kept is not a prefix of the package: start over next time.
                fs::remove_file(part).map_err(|e| LinkError::io(part, e))?;
                return Err(refusal(response));
            }
            _ => return Err(refusal(response)),
        };
        let mut file = fs::OpenOptions::new()
            .create(true)
            .append(append)
            .write(true)
            .truncate(!append)
            .open(part)
            .map_err(|e| LinkError::io(part, e))?;
        let copied = std::io::copy(&mut response, &mut file);
        file.sync_all().map_err(|e| LinkError::io(part, e))?;
        copied.map_err(|e| LinkError::Offline(format!("download cut: {e}")))?;
        fs::metadata(part)
            .map(|m| m.len())
            .map_err(|e| LinkError::io(part, e))
    }

    /// Downloads `generation` (a patch from `from` if the server can) into `part`,
    /// resuming what an earlier cut left there.
    pub fn download(
        &self,
        state: &mut LinkState,
        generation: &str,
        from: Option<&str>,
        part: &Path,
        progress: &DownloadProgress,
    ) -> Result<Downloaded, LinkError> {
        let tag_file = part.with_extension("etag");
        let have = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        let tag = fs::read_to_string(&tag_file).ok();
        let mut path = format!("{API_PREFIX}/snapshot/{generation}");
        if let Some(from) = from {
            path.push_str(&format!("?from={from}"));
        }
        let mut request = self.signed(state, Method::GET, &path, Vec::new())?;
        if let (true, Some(tag)) = (have > 0, &tag) {
            request = request
                .header(RANGE, format!("bytes={have}-"))
                .header(IF_RANGE, tag.trim());
        }
        let mut response = self.send(request)?;
        let append = match response.status() {
            StatusCode::PARTIAL_CONTENT => true,
            StatusCode::OK => false,
            StatusCode::RANGE_NOT_SATISFIABLE => {
                // What we kept is not a prefix of anything the server has: start over.
                let _gone = fs::remove_file(part);
                return Err(refusal(response));
            }
            _ => return Err(refusal(response)),
        };
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim_matches('"').to_string())
        };
        let patch_from = (header(HEADER_ENCODING).as_deref() == Some(ENCODING_PATCH))
            .then(|| header(HEADER_PATCH_FROM))
            .flatten();
        if let Some(parent) = part.parent() {
            fs::create_dir_all(parent).map_err(|e| LinkError::io(parent, e))?;
        }
        if let Some(etag) = response.headers().get(ETAG).and_then(|v| v.to_str().ok()) {
            fs::write(&tag_file, etag).map_err(|e| LinkError::io(&tag_file, e))?;
        }
        let mut file = fs::OpenOptions::new()
            .create(true)
            .append(append)
            .write(true)
            .truncate(!append)
            .open(part)
            .map_err(|e| LinkError::io(part, e))?;
        // What is kept counts as received; the total is what was kept plus this answer.
        let kept = if append { have } else { 0 };
        progress.start(kept, response.content_length().map(|length| kept + length));
        let mut counted = Counting {
            inner: &mut file,
            progress,
        };
        // A cut in the middle keeps what arrived; the next round asks for the rest.
        let copied = std::io::copy(&mut response, &mut counted);
        file.flush().map_err(|e| LinkError::io(part, e))?;
        file.sync_all().map_err(|e| LinkError::io(part, e))?;
        let received = copied.map_err(|e| LinkError::Offline(format!("download cut: {e}")))?;
        Ok(Downloaded {
            path: part.to_path_buf(),
            patch_from,
            received,
        })
    }
}
