//! The server SIGKILLed while it generates snapshots, again and again at varying moments:
//! whatever a laptop finds in a rep's snapshot folder must always be whole, i.e. the
//! manifest reads, and the database it names exists with exactly the size and SHA-256 the
//! manifest gives (what the field app checks before switching). After the last kill, one
//! uninterrupted run publishes a new generation for every rep, and the integrated
//! changes are all listed once.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure
#![cfg(unix)]

mod common;

use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

use common::{server_binary, TestServer};

const KILLS: usize = 12;

/// Every rep's folder: (user, generation) when whole; panics on a torn snapshot.
fn check_whole(server: &TestServer) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(server.data.join("snapshots")).unwrap() {
        let folder = entry.unwrap().path();
        let user = folder.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(manifest) = tournee_sync::read_manifest(&folder) else {
            // No manifest yet: a laptop sees nothing to take, which is whole too. A
            // manifest that exists but does not parse would fail here.
            assert!(
                !folder.join(tournee_sync::MANIFEST_FILE).exists(),
                "{user}: unreadable manifest"
            );
            continue;
        };
        let database = folder.join(&manifest.database);
        let size = std::fs::metadata(&database)
            .unwrap_or_else(|e| panic!("{user}: {} missing: {e}", manifest.database))
            .len();
        assert_eq!(
            size, manifest.database_bytes,
            "{user}: size of {}",
            manifest.database
        );
        assert_eq!(
            tournee_sync::sha256_file(&database).unwrap(),
            manifest.database_sha256,
            "{user}: hash of {}",
            manifest.database
        );
        seen.push((user, manifest.generation));
    }
    seen
}

#[test]
fn sigkill_during_snapshot_generation_never_leaves_a_torn_snapshot() {
    let server = TestServer::init(&["--demo", "small"]);
    let samples = server.run(&["samples", "--count", "300", "--seed", "5"]);
    assert!(samples.status.success());
    server.integrate(None);
    let timing = std::time::Instant::now();
    let first = server.run(&["snapshot"]);
    let full_run = timing.elapsed();
    assert!(first.status.success());
    let before = check_whole(&server);
    assert_eq!(before.len(), 6, "every rep has a snapshot");

    // Kills spread over the whole length of a run, so they land while reading the master,
    // while copying each rep's rows, and around each file's rename and manifest.
    let mut kills = 0;
    let mut runs = 0;
    let mut previous = before.clone();
    let mut cut_between_reps = 0;
    let span_ms = full_run.as_millis().max(20) as u64;
    while kills < KILLS {
        runs += 1;
        assert!(
            runs < 200,
            "could not interrupt the generation {KILLS} times"
        );
        let mut child = Command::new(server_binary())
            .arg("snapshot")
            .arg("--data")
            .arg(&server.data)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay_ms = span_ms * (2 * (runs as u64 % KILLS as u64) + 1) / (2 * KILLS as u64);
        sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        let _status = child.wait().unwrap();
        let now = check_whole(&server);
        let changed = now
            .iter()
            .zip(&previous)
            .filter(|(a, b)| a.1 != b.1)
            .count();
        if changed > 0 && changed < now.len() {
            cut_between_reps += 1;
        }
        previous = now;
    }
    assert!(
        cut_between_reps > 0,
        "at least one kill landed after some reps' snapshots were published and before others"
    );

    let last = server.run(&["snapshot"]);
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    let after = check_whole(&server);
    assert_eq!(after.len(), before.len());
    for ((user, old), (_, new)) in before.iter().zip(&after) {
        assert_ne!(old, new, "{user} got a new generation");
    }
    // Each rep's manifest lists that rep's integrated changes once.
    let folder = server.data.join("snapshots").join("jdupont");
    let manifest = tournee_sync::read_manifest(&folder).unwrap();
    let listed: std::collections::BTreeSet<&String> = manifest.integrated.iter().collect();
    assert_eq!(
        listed.len(),
        manifest.integrated.len(),
        "no change listed twice"
    );
    assert_eq!(
        manifest.integrated.len() as i64,
        server.count("SELECT count(*) FROM change_ledger WHERE user = 'jdupont'")
    );
}
