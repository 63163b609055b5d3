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
    // The six reps and the admin made by `init`: every active user whose role reads
    // something has a snapshot, laptop or not (docs/web.md).
    assert_eq!(before.len(), 7, "every reader has a snapshot");

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

/// Names a rep's snapshot folder may ever show: finished databases and the manifest.
fn is_published_name(name: &str) -> bool {
    name == tournee_sync::MANIFEST_FILE
        || (name.starts_with("snapshot-") && name.ends_with(".sqlite"))
}

#[test]
fn a_killed_generation_never_leaves_a_temp_file_in_a_reps_folder() {
    let server = TestServer::init(&["--demo", "small"]);
    let snapshots = server.data.join("snapshots");
    // An older generator's leftovers, as a killed run used to leave them.
    let jdupont = snapshots.join("jdupont");
    std::fs::create_dir_all(&jdupont).unwrap();
    for name in [
        ".tmp-snapshot-01KOLD.sqlite",
        ".tmp-snapshot-01KOLD.sqlite-journal",
        ".tmp-manifest.json",
    ] {
        std::fs::write(jdupont.join(name), b"leftover").unwrap();
    }
    let timing = std::time::Instant::now();
    assert!(server.run(&["snapshot"]).status.success());
    let full_run = timing.elapsed();
    let names = |folder: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let stray = names(&jdupont)
        .into_iter()
        .filter(|n| !is_published_name(n))
        .collect::<Vec<_>>();
    assert!(
        stray.is_empty(),
        "older leftovers cleaned at start: {stray:?}"
    );

    // A watcher lists every rep's folder as fast as it can while runs are killed.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let stop = stop.clone();
        let snapshots = snapshots.clone();
        std::thread::spawn(move || {
            let mut seen = std::collections::BTreeSet::new();
            let mut listings = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for rep in std::fs::read_dir(&snapshots)
                    .unwrap()
                    .filter_map(Result::ok)
                {
                    for entry in std::fs::read_dir(rep.path())
                        .into_iter()
                        .flatten()
                        .flatten()
                    {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        if !is_published_name(&name) {
                            seen.insert(format!("{}/{name}", rep.file_name().to_string_lossy()));
                        }
                    }
                }
                listings += 1;
            }
            (seen, listings)
        })
    };
    // A second run is quicker (no leftovers, warm caches): aim within the quicker one.
    let timing = std::time::Instant::now();
    assert!(server.run(&["snapshot"]).status.success());
    let span_ms = (full_run.min(timing.elapsed()).as_millis() * 4 / 5).max(20) as u64;
    let mut kills = 0;
    for run in 0..KILLS as u64 {
        let mut child = Command::new(server_binary())
            .arg("snapshot")
            .arg("--data")
            .arg(&server.data)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        sleep(Duration::from_millis(
            span_ms * (2 * run + 1) / (2 * KILLS as u64),
        ));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        let _status = child.wait().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (seen, listings) = watcher.join().unwrap();
    assert!(kills > KILLS / 2, "most runs were interrupted ({kills})");
    assert!(
        listings > 100,
        "the watcher looked often enough ({listings})"
    );
    assert!(
        seen.is_empty(),
        "temporary files appeared in reps' folders: {seen:?}"
    );
    // The killed runs' leftovers sit in the private build folder, and go at the next run;
    // only the team figures' kept state stays, never a killed full count's new file.
    assert!(server.run(&["snapshot"]).status.success());
    let build = server.data.join("cache/build");
    for rep in std::fs::read_dir(&build).unwrap().filter_map(Result::ok) {
        if rep.file_name() == "+team" {
            let kept = names(&rep.path());
            assert!(
                kept.iter()
                    .all(|n| n == "state.sqlite" || n == "state.sqlite-journal"),
                "{}: only the kept state: {kept:?}",
                rep.path().display()
            );
        } else if rep.file_type().unwrap().is_dir() {
            assert_eq!(
                names(&rep.path()),
                Vec::<String>::new(),
                "{}: build folder emptied",
                rep.path().display()
            );
        }
    }
    check_whole(&server);
}
