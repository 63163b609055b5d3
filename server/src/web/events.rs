//! `GET /app/api/events`: server-sent events. The page hears « changed » whenever a pass of
//! the automaton published the user's snapshot (a laptop's changes, another browser, the
//! API, a back-office decision) and re-reads the screen it shows, without reloading.
//!
//! Each stream holds a connection for as long as the page is open, so they are bounded:
//! [`MAX_STREAMS_PER_USER`] per account (a few tabs) and [`MAX_STREAMS`] in all; past
//! either the answer is 429 and the page falls back on its periodic status check.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tournee_field::dto::ErrorCode;

use super::session::{Refusal, WebUser};
use crate::office::OfficeState;

/// Open streams in all.
pub const MAX_STREAMS: usize = 200;
/// Open streams of one account.
pub const MAX_STREAMS_PER_USER: usize = 4;
/// A comment line this often keeps proxies and the listener's idle timeout from closing
/// a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The open streams, counted.
pub struct Streams {
    all: Arc<Semaphore>,
    per_user: Mutex<HashMap<String, usize>>,
}

impl Default for Streams {
    fn default() -> Self {
        Self {
            all: Arc::new(Semaphore::new(MAX_STREAMS)),
            per_user: Mutex::default(),
        }
    }
}

/// A stream's place, given back when the stream ends (the page closed or went away).
pub struct StreamPlace {
    _all: OwnedSemaphorePermit,
    /// The user counts as watching while the stream is open.
    _watching: Option<crate::online::Watching>,
    user: String,
    streams: Arc<Streams>,
}

impl Drop for StreamPlace {
    fn drop(&mut self) {
        let mut per_user = self.streams.counts();
        if let Some(count) = per_user.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                per_user.remove(&self.user);
            }
        }
    }
}

impl Streams {
    fn counts(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.per_user
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A place for one more stream of `user`, if neither bound is reached.
    pub fn take(self: &Arc<Self>, user: &str) -> Option<StreamPlace> {
        let mut per_user = self.counts();
        let count = per_user.entry(user.to_string()).or_insert(0);
        if *count >= MAX_STREAMS_PER_USER {
            return None;
        }
        let all = Arc::clone(&self.all).try_acquire_owned().ok()?;
        *count += 1;
        Some(StreamPlace {
            _all: all,
            _watching: None,
            user: user.to_string(),
            streams: Arc::clone(self),
        })
    }

    /// Streams open now.
    #[cfg(test)]
    pub fn open(&self) -> usize {
        self.counts().values().sum()
    }
}

/// GET /app/api/events
pub async fn events(State(state): State<OfficeState>, user: WebUser) -> Response {
    let login = user.account.login;
    let Some(mut place) = state.web.streams.take(&login) else {
        tracing::warn!(user = %login, "live-update stream refused: too many open");
        return Refusal::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::NotOnline).into_response();
    };
    let news = state.passes.subscribe();
    place._watching = Some(state.passes.watch(&login));
    Sse::new(changes(news, login, place))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

/// « changed » each time a pass published `user`'s snapshot; the place is held until the
/// stream is dropped.
fn changes(
    news: tokio::sync::broadcast::Receiver<Arc<crate::online::PassNews>>,
    user: String,
    place: StreamPlace,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold((news, user, place), |(mut news, user, place)| async move {
        loop {
            let pass = match news.recv().await {
                Ok(pass) if pass.published_for(&user) => pass.pass,
                Ok(_) => continue,
                // Passes were missed: one of them may have been this user's.
                Err(RecvError::Lagged(_)) => 0,
                Err(RecvError::Closed) => return None,
            };
            let event = Event::default().event("changed").data(pass.to_string());
            return Some((Ok(event), (news, user, place)));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_bounded_per_user_and_given_back_when_they_end() {
        let streams = Arc::new(Streams::default());
        let mine: Vec<StreamPlace> = (0..MAX_STREAMS_PER_USER)
            .map(|_| streams.take("jdupont").unwrap())
            .collect();
        assert!(streams.take("jdupont").is_none(), "a fifth tab is refused");
        assert!(streams.take("mleroy").is_some(), "another user is not");
        drop(mine);
        assert_eq!(streams.open(), 0);
        assert!(streams.take("jdupont").is_some());
    }

    #[test]
    fn streams_are_bounded_in_all() {
        let streams = Arc::new(Streams::default());
        let places: Vec<StreamPlace> = (0..MAX_STREAMS)
            .map(|i| streams.take(&format!("user{i}")).unwrap())
            .collect();
        assert!(streams.take("one_more").is_none());
        assert_eq!(streams.open(), MAX_STREAMS);
        drop(places);
        assert!(streams.take("one_more").is_some());
    }
}
