//! Every refusal of the REST API as an RFC 9457 problem document
//! (`application/problem+json`): `type`, `title`, `status`, `detail`, plus the stable
//! `code` and, when one is concerned, the `field` (or query parameter). Logged like the
//! sync transport's refusals: the server never refuses silently.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::sentences::{Said, Sentence, API};

/// Where the problem types are described (the guide's section on errors).
const TYPE_BASE: &str = "/api/v1/reference#problem-";

/// A refused API request.
#[derive(Debug)]
pub struct ApiProblem {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code (also the tail of `type`).
    pub code: &'static str,
    /// For people, worded when the answer is written.
    pub said: Said,
    /// The field or query parameter concerned.
    pub field: Option<Box<str>>,
    /// The integration's detail of a refused write, as the sync API gives it (boxed: most
    /// refusals have none, and a refusal travels in every `Result` of the handlers).
    pub why: Option<Box<Value>>,
    /// `Retry-After` in seconds (429).
    pub retry_after: Option<u32>,
    /// `Allow`: the methods a path has (405).
    pub allow: Option<&'static str>,
}

/// The document as it is sent.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: String,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a Value>,
}

impl ApiProblem {
    /// A refusal with its status, code and sentence.
    pub fn new(status: StatusCode, code: &'static str, said: impl Into<Said>) -> Self {
        Self {
            status,
            code,
            said: said.into(),
            field: None,
            why: None,
            retry_after: None,
            allow: None,
        }
    }

    /// This refusal, about `field`.
    pub fn on(self, field: impl Into<String>) -> Self {
        Self {
            field: Some(field.into().into_boxed_str()),
            ..self
        }
    }

    /// A failure of ours: logged in full, shown briefly.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!("REST API: {error}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            Sentence::ApiInternal,
        )
    }

    /// No such record for this caller: the same answer whether it does not exist or is
    /// not theirs to see.
    pub fn not_found(id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            Said::new(Sentence::RestNotFound, &[("id", id)]),
        )
    }
}

impl From<tournee_store::StoreError> for ApiProblem {
    fn from(error: tournee_store::StoreError) -> Self {
        Self::internal(error)
    }
}

impl From<super::pool::PoolError> for ApiProblem {
    fn from(error: super::pool::PoolError) -> Self {
        Self::internal(error)
    }
}

impl From<tokio::task::JoinError> for ApiProblem {
    fn from(error: tokio::task::JoinError) -> Self {
        Self::internal(error)
    }
}

/// The sync transport's problems met on the way (the awaited statuses): same status,
/// code and words.
impl From<crate::https::problem::Problem> for ApiProblem {
    fn from(problem: crate::https::problem::Problem) -> Self {
        Self::new(problem.status, problem.code, problem.said)
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let detail = self.said.say(API);
        if self.status.is_client_error() {
            tracing::warn!(
                status = self.status.as_u16(),
                code = self.code,
                field = self.field.as_deref().unwrap_or(""),
                "API request refused: {detail}"
            );
        }
        let document = Document {
            kind: format!("{TYPE_BASE}{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error"),
            status: self.status.as_u16(),
            detail,
            code: self.code,
            field: self.field.as_deref(),
            why: self.why.as_deref(),
        };
        // Invariant: a struct of strings, numbers and a JSON value always serialises.
        let body = serde_json::to_vec(&document).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Some(methods) = self.allow {
            headers.insert(header::ALLOW, HeaderValue::from_static(methods));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"tournee\""),
            );
        }
        response
    }
}
