//! A TCP proxy on loopback that cuts connections: each connection may carry at most
//! `up` bytes towards the server and `down` bytes back, then both sides are shut, as
//! a train going into a tunnel would. Budgets can change while it runs.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

/// Byte budgets per connection (`u64::MAX`: no cut) and how many cuts happened.
#[derive(Default)]
pub struct Budgets {
    /// Bytes a connection may carry towards the server.
    pub up: AtomicU64,
    /// Bytes a connection may carry back to the laptop.
    pub down: AtomicU64,
    /// Connections cut so far.
    pub cuts: AtomicUsize,
}

/// The running proxy.
pub struct CuttingProxy {
    /// Port the laptop connects to.
    pub port: u16,
    /// Its budgets.
    pub budgets: Arc<Budgets>,
}

impl CuttingProxy {
    /// Forwards 127.0.0.1:<port> to 127.0.0.1:`upstream`, with no cut until budgets are set.
    pub fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let budgets = Arc::new(Budgets {
            up: AtomicU64::new(u64::MAX),
            down: AtomicU64::new(u64::MAX),
            cuts: AtomicUsize::new(0),
        });
        let shared = Arc::clone(&budgets);
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                let up = shared.up.load(Ordering::SeqCst);
                let down = shared.down.load(Ordering::SeqCst);
                pipe(
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    up,
                    Arc::clone(&shared),
                );
                pipe(server, client, down, Arc::clone(&shared));
            }
        });
        Self { port, budgets }
    }

    /// Sets the budgets of connections opened from now on.
    pub fn set(&self, up: u64, down: u64) {
        self.budgets.up.store(up, Ordering::SeqCst);
        self.budgets.down.store(down, Ordering::SeqCst);
    }

    /// Connections cut so far.
    pub fn cuts(&self) -> usize {
        self.budgets.cuts.load(Ordering::SeqCst)
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, budget: u64, budgets: Arc<Budgets>) {
    thread::spawn(move || {
        let mut left = budget;
        let mut buffer = [0u8; 8192];
        loop {
            let n = match from.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let allowed = (n as u64).min(left) as usize;
            if to.write_all(&buffer[..allowed]).is_err() {
                break;
            }
            left -= allowed as u64;
            if allowed < n {
                budgets.cuts.fetch_add(1, Ordering::SeqCst);
                break;
            }
        }
        let _ = from.shutdown(Shutdown::Both);
        let _ = to.shutdown(Shutdown::Both);
    });
}
