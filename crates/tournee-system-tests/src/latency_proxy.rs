//! A TCP proxy on loopback that delays every byte by a fixed time each way, as a slow
//! mobile link would: a round trip through it costs twice `one_way` on top of the real
//! one. It does not limit bandwidth; latency is what a per-file push pays.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

/// The running proxy.
pub struct LatencyProxy {
    /// Port the laptop connects to.
    pub port: u16,
    connections: Arc<AtomicUsize>,
}

impl LatencyProxy {
    /// Forwards 127.0.0.1:<port> to 127.0.0.1:`upstream`, each direction `one_way` late.
    pub fn start(upstream: u16, one_way: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&connections);
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                counted.fetch_add(1, Ordering::SeqCst);
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                delayed_pipe(
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    one_way,
                );
                delayed_pipe(server, client, one_way);
            }
        });
        Self { port, connections }
    }

    /// TCP connections opened through the proxy so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Copies `from` to `to`, each chunk written `delay` after it was read, in order.
fn delayed_pipe(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
    let (chunks, delayed) = mpsc::channel::<(Instant, Vec<u8>)>();
    thread::spawn(move || {
        let mut buffer = [0u8; 16384];
        loop {
            match from.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if chunks
                        .send((Instant::now() + delay, buffer[..n].to_vec()))
                        .is_err()
                    {
                        break;
                    }
                }
            }
        }
        // Dropping the sender ends the writer once the last chunk is out.
    });
    thread::spawn(move || {
        for (due, bytes) in delayed {
            thread::sleep(due.saturating_duration_since(Instant::now()));
            if to.write_all(&bytes).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}
