//! `tournee-server run`: files dropped while it runs are integrated (file watcher),
//! the rep's snapshot is regenerated and so is an admin's, who reads the rep's visits
//! (not only at night), and SIGTERM stops it cleanly.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::process::Running;
use common::{server_binary, TestServer};

use tournee_sync::read_manifest;

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_automaton_integrates_what_arrives_and_stops_on_sigterm() {
    let server = TestServer::init(&["--demo", "small"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Stopped by the test with SIGTERM; killed by the guard if an assertion fails first.
    let mut running = Running(
        Command::new(server_binary())
            .args(["run", "--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(&server.data)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut running.0;
    // The admin's file as it stands (none yet, unless `init` published one).
    let admin_generation = read_manifest(&server.data.join("snapshots/nbertrand"))
        .ok()
        .map(|m| m.generation);
    // Let it start watching, then deliver as a sync tool would.
    sleep(Duration::from_millis(500));
    let out = server.run(&["samples", "--count", "40"]);
    assert!(out.status.success());

    wait_for("the inbox to drain", Duration::from_secs(60), || {
        server.files_under("inbox").is_empty()
            && server.count("SELECT count(*) FROM change_ledger") == 40
    });
    wait_for("jdupont's snapshot", Duration::from_secs(60), || {
        read_manifest(&server.data.join("snapshots/jdupont"))
            .is_ok_and(|m| !m.integrated.is_empty())
    });
    // An admin reads every rep's visits: the integration owes their file a patch too.
    wait_for("the admin's snapshot", Duration::from_secs(60), || {
        read_manifest(&server.data.join("snapshots/nbertrand"))
            .is_ok_and(|m| Some(m.generation) != admin_generation)
    });

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "did not stop on SIGTERM"
        );
        sleep(Duration::from_millis(50));
    };
    let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    assert!(exit.success(), "exit {exit:?}\n{stderr}");
    assert!(stderr.contains("automaton stopped"), "{stderr}");
    assert!(
        std::fs::read_dir(server.data.join("logs")).unwrap().count() > 0,
        "the automaton writes its log file"
    );
}
