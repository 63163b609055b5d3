//! The listeners' accept loop, shared by the back office (plain HTTP) and the sync
//! transport (TLS): connection caps per listener and per client address, a TLS
//! handshake timeout, a header-read timeout, an idle timeout and a request timeout.
//!
//! Why our own loop rather than `axum::serve` or `axum-server`: neither caps
//! connections nor cuts slow clients, so a thousand idle sockets took both listeners
//! down and left the automaton without file descriptors. Here a connection over a cap
//! is closed the moment it is accepted, and every connection ends when a client
//! dawdles. Handlers are unchanged: each request carries `ConnectInfo<SocketAddr>`.
//!
//! * [`limits`]: the `[limits]` table of `config.toml` and the caps sized from the
//!   descriptor limit;
//! * [`gate`]: the counts per listener and per address;
//! * [`idle`]: the idle watchdog.

pub mod gate;
pub mod idle;
pub mod limits;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt as _;

use gate::{Gate, Refusal};
use idle::{Activity, Watched};
use limits::Limits;

/// How long connections may finish their request once the server is told to stop.
const GRACE: Duration = Duration::from_secs(5);

/// How often a refused connection is logged at most, per listener.
const REFUSAL_LOG_EVERY: Duration = Duration::from_secs(10);

/// Pause after `accept` itself failed (out of descriptors): the reserve is there for
/// the automaton, and a busy loop would only burn the CPU.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Connections the kernel may hold waiting for `accept` (capped by `net.core.somaxconn`):
/// a burst of connections is absorbed instead of having its SYNs dropped and retried a
/// second later, which the standard library's 128 did under a flood.
const BACKLOG: u32 = 4096;

/// A listening socket on `addr` with a deep accept queue.
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // A restarted server may bind while the old connections sit in TIME_WAIT.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// What comes before HTTP on a connection.
#[derive(Clone)]
pub enum Handshake {
    /// Plain HTTP (the back office, behind a reverse proxy in production).
    Plain,
    /// TLS with this configuration (the sync transport).
    Tls(tokio_rustls::TlsAcceptor),
}

/// One listener's settings.
#[derive(Debug, Clone)]
pub struct ListenerSettings {
    /// Its name in the logs (`back office`, `sync transport`).
    pub name: &'static str,
    /// Connections open at once.
    pub max_connections: usize,
    /// Connections open at once from one client address.
    pub max_per_address: usize,
    /// Addresses the per-address cap does not apply to (trusted reverse proxies).
    pub exempt_addresses: Vec<std::net::IpAddr>,
    /// Time to finish the TLS handshake.
    pub handshake_timeout: Duration,
    /// Time to send a request's headers.
    pub header_read_timeout: Duration,
    /// Time a connection may go without traffic.
    pub idle_timeout: Duration,
}

impl ListenerSettings {
    /// The settings of `limits` for a listener capped at `max_connections`.
    pub fn from_limits(
        name: &'static str,
        limits: &Limits,
        max_connections: usize,
        max_per_address: usize,
    ) -> Self {
        Self {
            name,
            max_connections,
            max_per_address,
            exempt_addresses: Vec::new(),
            handshake_timeout: limits.tls_handshake_timeout(),
            header_read_timeout: limits.header_read_timeout(),
            idle_timeout: limits.idle_timeout(),
        }
    }
}

/// Notes refused connections and logs them at most every [`REFUSAL_LOG_EVERY`].
struct RefusalLog {
    name: &'static str,
    since_last: u64,
    last: Option<tokio::time::Instant>,
}

impl RefusalLog {
    fn note(&mut self, peer: SocketAddr, why: Refusal, cap: usize) {
        self.since_last += 1;
        let due = self
            .last
            .is_none_or(|last| last.elapsed() >= REFUSAL_LOG_EVERY);
        if due {
            tracing::warn!(
                listener = self.name,
                %peer,
                refused = self.since_last,
                cap,
                "connections refused: {}",
                match why {
                    Refusal::ListenerFull => "listener full",
                    Refusal::AddressFull => "too many from one address",
                }
            );
            self.since_last = 0;
            self.last = Some(tokio::time::Instant::now());
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then gives open requests
/// [`GRACE`] to finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    handshake: Handshake,
    settings: ListenerSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let gate = Gate::new(
        settings.max_connections,
        settings.max_per_address,
        settings.exempt_addresses.clone(),
    );
    let settings = Arc::new(settings);
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut refusals = RefusalLog {
        name: settings.name,
        since_last: 0,
        last: None,
    };
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (tcp, peer) = match accepted {
            Ok(pair) => pair,
            Err(error) => {
                tracing::warn!(listener = settings.name, "accept failed: {error}");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let admission = match gate.admit(peer.ip()) {
            Ok(admission) => admission,
            Err(why) => {
                // Closed at once: the descriptor goes back before the next accept.
                drop(tcp);
                refusals.note(peer, why, gate.max_total());
                continue;
            }
        };
        let (app, handshake, settings, stop) = (
            app.clone(),
            handshake.clone(),
            Arc::clone(&settings),
            stop_rx.clone(),
        );
        tokio::spawn(async move {
            let _place = admission;
            connection(tcp, peer, app, handshake, &settings, stop).await;
        });
    }
    // Stop signal: open connections finish their request, then the loop returns.
    let _no_connection_left_is_fine = stop_tx.send(true);
    let waited = tokio::time::Instant::now();
    while gate.open_connections() > 0 && waited.elapsed() < GRACE {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One connection, from the handshake to its end.
async fn connection(
    tcp: TcpStream,
    peer: SocketAddr,
    app: Router,
    handshake: Handshake,
    settings: &ListenerSettings,
    stop: watch::Receiver<bool>,
) {
    // Small answers go out at once rather than waiting for Nagle's algorithm.
    let _nodelay_is_only_a_hint = tcp.set_nodelay(true);
    let activity = Activity::new();
    let watched = Watched::new(tcp, activity.clone());
    match handshake {
        Handshake::Plain => http(watched, peer, app, settings, activity, stop).await,
        Handshake::Tls(acceptor) => {
            match tokio::time::timeout(settings.handshake_timeout, acceptor.accept(watched)).await {
                Ok(Ok(tls)) => http(tls, peer, app, settings, activity, stop).await,
                Ok(Err(error)) => {
                    tracing::debug!(listener = settings.name, %peer, "TLS handshake failed: {error}");
                }
                Err(_) => {
                    tracing::debug!(listener = settings.name, %peer, "TLS handshake too slow");
                }
            }
        }
    }
}

/// HTTP/1.1 on an established connection, until the client leaves, dawdles or the
/// server stops.
async fn http<S>(
    io: S,
    peer: SocketAddr,
    app: Router,
    settings: &ListenerSettings,
    activity: Activity,
    mut stop: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = app.map_request(move |mut request: Request<hyper::body::Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout)
        .keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(io), TowerToHyperService::new(service));
    tokio::pin!(connection);
    let stopping = async move {
        // An error means the listener is gone: stop either way.
        let _stop_either_way = stop.wait_for(|stopping| *stopping).await.map(|_| ());
    };
    tokio::select! {
        _ = connection.as_mut() => {}
        () = activity.idle_for(settings.idle_timeout) => {
            tracing::debug!(listener = settings.name, %peer, "idle connection closed");
        }
        () = stopping => {
            connection.as_mut().graceful_shutdown();
            let _cut_after_grace = tokio::time::timeout(GRACE, connection.as_mut()).await;
        }
    }
}

/// The answer a router gives to a request that ran out of time.
#[derive(Clone)]
pub struct RequestDeadline {
    /// How long one request may take, its body included.
    pub limit: Duration,
    /// The answer then, in the router's own format (JSON problem or HTML page).
    pub answer: fn() -> Response,
}

/// Middleware: ends a request that runs longer than its deadline with the router's answer.
pub async fn request_deadline(
    State(deadline): State<RequestDeadline>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(deadline.limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (deadline.answer)(),
    }
}
