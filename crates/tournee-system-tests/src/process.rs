//! Processes and ports for the tests that start `tournee-server run`.

use std::collections::BTreeSet;
use std::process::{Child, Command};
use std::sync::Mutex;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The demo rep the tests act for.
pub const REP: &str = "jdupont";

/// A process killed when the test ends, whatever happens.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        // Already reaped by the test (it stopped the process itself): its pid may be
        // another process's by now, so nothing is sent.
        if matches!(self.0.try_wait(), Ok(Some(_))) {
            return;
        }
        let _gone_is_fine = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _reaped = self.0.wait();
    }
}

/// A loopback port free at the time of asking, and never handed out before in this test
/// process: the kernel may give a port just released back to the next `bind(0)`, and two
/// Syncthing instances (four ports asked before either starts) once got the same one and
/// never connected.
pub fn free_port() -> u16 {
    static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    let mut handed_out = HANDED_OUT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if handed_out.insert(port) {
            return port;
        }
    }
}

/// Polls `ok` every 100 ms until it holds, failing the test after `timeout`.
pub fn wait_for(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < timeout, "timed out waiting for {what}");
        sleep(Duration::from_millis(100));
    }
}
