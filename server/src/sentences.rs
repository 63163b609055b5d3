//! The server's catalogue of sentences lives in `tournee_sentences::server` (one Rust
//! catalogue, see docs/sentences.md); it is re-exported here so that the handlers name it
//! as `crate::sentences`. Only the mapping of the server's own errors stays here, since the
//! catalogue crate cannot name the server's types.

pub use tournee_sentences::server::*;

use crate::files::RetryError;

/// What a refused file's retry says.
pub fn retry_error(error: &RetryError) -> Said {
    match error {
        RetryError::BadName(name) => Said::new(Sentence::RetryBadName, &[("name", name)]),
        RetryError::NotFound(name) => Said::new(Sentence::RetryNotFound, &[("name", name)]),
        RetryError::NotARegularFile(name) => {
            Said::new(Sentence::RetryNotARegularFile, &[("name", name)])
        }
        RetryError::AlreadyWaiting(name) => {
            Said::new(Sentence::RetryAlreadyWaiting, &[("name", name)])
        }
        RetryError::Write(_) | RetryError::Io { .. } => {
            tracing::error!("retry of a refused file: {error}");
            Sentence::ServerError.into()
        }
    }
}
