//! The built-in HTTPS transport's wire types (sync-spec section 11): paths, headers and
//! the JSON bodies, shared by the server (axum) and the laptop (reqwest) so the two
//! can never disagree on a field name.

use serde::{Deserialize, Serialize};

/// Prefix of every route of the transport.
pub const API_PREFIX: &str = "/sync/v1";
/// Header naming the enrolled device making the request.
pub const HEADER_DEVICE: &str = "x-tournee-device";
/// Header carrying the request counter (strictly increasing per device).
pub const HEADER_COUNTER: &str = "x-tournee-counter";
/// Header carrying the request signature (see [`crate::sign::request_message`]).
pub const HEADER_SIGNATURE: &str = "x-tournee-signature";
/// Header saying how a snapshot download is encoded: [`ENCODING_FULL`] or [`ENCODING_PATCH`].
pub const HEADER_ENCODING: &str = "x-tournee-encoding";
/// Header naming the generation a patch applies to.
pub const HEADER_PATCH_FROM: &str = "x-tournee-patch-from";
/// A whole snapshot database compressed with zstd.
pub const ENCODING_FULL: &str = "zstd";
/// A zstd patch against the previous generation's database (`--patch-from`).
pub const ENCODING_PATCH: &str = "zstd-patch";

/// `GET /sync/v1/hello`: lets a laptop see the server (and its certificate) before enrolling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// Always `tournee`.
    pub server: String,
    /// Sync-spec version spoken.
    pub spec: u32,
}

/// `POST /sync/v1/enroll`: a laptop exchanges a one-time code for a device credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// First group of the code (looks it up; not secret).
    pub code_id: String,
    /// The laptop's new Ed25519 public key, base64.
    pub public_key: String,
    /// What the laptop calls itself (host name), shown to the admin.
    pub device_name: String,
    /// [`crate::sign::enrollment_proof`] of the code's secret, the certificate the laptop
    /// saw and its public key: the secret itself never travels.
    pub proof: String,
}

/// The answer to a successful enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollAnswer {
    /// The device id to sign with.
    pub device_id: String,
    /// The rep the device belongs to.
    pub user: String,
}

/// Where a pushed change stands on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeState {
    /// Integrated (now or earlier): the laptop may forget it once a snapshot lists it.
    Integrated,
    /// Waiting for its prospect's creation; it will be integrated later.
    Parked,
    /// Refused for good; `reason` and `detail` say why.
    Failed,
    /// In the inbox, not integrated yet: ask again.
    Received,
    /// The server has never seen it: push it.
    Unknown,
}

impl ChangeState {
    /// Whether the laptop can stop pushing this file.
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Integrated | Self::Parked | Self::Failed)
    }
}

/// The server's answer about one change file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeStatus {
    /// The file name (it carries the change id).
    pub file_name: String,
    /// Where it stands.
    pub state: ChangeState,
    /// Reason code when failed (see [`crate::RejectReason`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Sentence for people when failed, in the server's language: what an app that
    /// does not know `why` (or its code) shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// When failed, what exactly was wrong as a code with values, for the app to word in
    /// its own catalogues (absent from servers before it, and for refusals they recorded
    /// without it). Kept as JSON here, so that a code this build does not know still
    /// leaves the status readable: [`ChangeStatus::why`] reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<serde_json::Value>,
}

impl ChangeStatus {
    /// The detail of a failure, if the server sent one of a code this build knows.
    pub fn why(&self) -> Option<crate::Detail> {
        serde_json::from_value(self.why.clone()?).ok()
    }
}

/// Most file names one `POST /sync/v1/changes/status` may ask about.
pub const MAX_STATUS_NAMES: usize = 5_000;

/// `POST /sync/v1/changes/status`: where several files stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    /// File names pushed earlier.
    pub file_names: Vec<String>,
}

/// Most change files one `POST /sync/v1/changes` may carry.
pub const MAX_BATCH_FILES: usize = 1_000;
/// Largest `POST /sync/v1/changes` body: a thousand files of a few kilobytes, quoted,
/// with room for one file at the largest limit an admin may set.
pub const BATCH_BODY_LIMIT: u64 = 8 * 1024 * 1024;

/// `POST /sync/v1/changes`: several change files in one request, so a laptop back from
/// a week offline pays the link's latency once per batch rather than once per file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushBatch {
    /// The files, in the order the laptop wrote them.
    pub files: Vec<PushedFile>,
}

/// One change file of a [`PushBatch`]: its published name and its exact text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushedFile {
    /// The name the file has in the outbox (section 2).
    pub file_name: String,
    /// The file's bytes, which are UTF-8 JSON; they are written to the inbox unchanged.
    pub content: String,
}

/// Every refusal of the transport: a stable code and a French sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiProblem {
    /// Stable code (`bad_name`, `unknown_device`, `replay`, `too_large`, …).
    pub error: String,
    /// What went wrong, for people.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Detail;

    /// A change status as laptops before `why` read it (the fields they had).
    #[derive(Debug, Deserialize)]
    struct PreviousChangeStatus {
        file_name: String,
        state: ChangeState,
        reason: Option<String>,
        detail: Option<String>,
    }

    #[test]
    fn a_status_with_its_why_still_reads_for_a_previous_laptop_and_without_it_for_this_one() {
        let status = ChangeStatus {
            file_name: "VC_u_1.json".into(),
            state: ChangeState::Failed,
            reason: Some("oversized".into()),
            detail: Some("3 octets, maximum 2".into()),
            why: serde_json::to_value(Detail::Oversized { size: 3, max: 2 }).ok(),
        };
        let json = serde_json::to_string(&status).unwrap();
        let previous: PreviousChangeStatus = serde_json::from_str(&json).unwrap();
        assert_eq!(previous.file_name, "VC_u_1.json");
        assert_eq!(previous.state, ChangeState::Failed);
        assert_eq!(previous.reason.as_deref(), Some("oversized"));
        assert_eq!(previous.detail.as_deref(), Some("3 octets, maximum 2"));
        assert_eq!(status.why(), Some(Detail::Oversized { size: 3, max: 2 }));

        // From an older server: no `why`; from a newer one: a code this build does not know.
        let older: ChangeStatus = serde_json::from_str(
            r#"{"file_name":"VC_u_1.json","state":"failed","reason":"bad_json","detail":"JSON illisible"}"#,
        )
        .unwrap();
        assert_eq!(older.why(), None);
        let newer: ChangeStatus = serde_json::from_str(
            r#"{"file_name":"VC_u_1.json","state":"failed","reason":"schema","detail":"d","why":{"code":"from_spec_2","x":1}}"#,
        )
        .unwrap();
        assert_eq!(newer.why(), None);
        assert_eq!(newer.detail.as_deref(), Some("d"));
    }
}
