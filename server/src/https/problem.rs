//! Every refusal of the HTTPS transport: an HTTP status, a stable code, a sentence of
//! [`crate::sentences`] with its values (worded when the answer is written), and a log
//! line (the server never refuses silently).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use tournee_store::DeviceError;
use tournee_sync::ApiProblem;

use crate::sentences::{self, Said, Sentence, API};

/// A refused request.
#[derive(Debug)]
pub struct Problem {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code.
    pub code: &'static str,
    /// For people: worded in [`API`]'s language when the answer is written.
    pub said: Said,
    /// Refused before the request's body was read: the connection closes after the
    /// answer (the unread body makes it unusable), and the client is told so.
    pub unread: bool,
}

impl Problem {
    /// A refusal with its status, code and sentence.
    pub fn new(status: StatusCode, code: &'static str, said: impl Into<Said>) -> Self {
        Self {
            status,
            code,
            said: said.into(),
            unread: false,
        }
    }

    /// This refusal, sent before the body was read (see [`Self::unread`]).
    pub fn before_body(self) -> Self {
        Self {
            unread: true,
            ..self
        }
    }

    /// A failure of ours (database, disk): logged in full, shown briefly.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!("sync transport: {error}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            Sentence::ApiInternal,
        )
    }
}

impl From<DeviceError> for Problem {
    fn from(error: DeviceError) -> Self {
        let (status, code) = match &error {
            DeviceError::Store(_) => return Self::internal(error),
            DeviceError::UnknownUser(_) => (StatusCode::FORBIDDEN, "unknown_user"),
            // Unknown code id and wrong proof: one answer, so ids cannot be enumerated.
            DeviceError::UnknownCode | DeviceError::BadProof => {
                (StatusCode::FORBIDDEN, "code_refused")
            }
            DeviceError::CodeUsed => (StatusCode::FORBIDDEN, "code_used"),
            DeviceError::CodeExpired => (StatusCode::FORBIDDEN, "code_expired"),
            DeviceError::CodeBurnt => (StatusCode::FORBIDDEN, "code_burnt"),
            DeviceError::KeyTaken => (StatusCode::CONFLICT, "key_taken"),
            DeviceError::UnknownDevice => (StatusCode::UNAUTHORIZED, "unknown_device"),
            DeviceError::Revoked(_) => (StatusCode::UNAUTHORIZED, "revoked_device"),
            DeviceError::BadRequestSignature => (StatusCode::UNAUTHORIZED, "bad_signature"),
            DeviceError::Replay { .. } => (StatusCode::UNAUTHORIZED, "replay"),
        };
        Self::new(status, code, sentences::device_error(&error))
    }
}

impl From<tokio::task::JoinError> for Problem {
    fn from(error: tokio::task::JoinError) -> Self {
        Self::internal(error)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let message = self.said.say(API);
        if self.status.is_client_error() {
            tracing::warn!(
                status = self.status.as_u16(),
                code = self.code,
                "sync request refused: {message}"
            );
        }
        let body = ApiProblem {
            error: self.code.to_string(),
            message,
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.unread {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}
