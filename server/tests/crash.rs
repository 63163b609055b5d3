//! Exactly-once under crashes: 1,000 change files, the integrating process killed
//! with SIGKILL at random moments at least 20 times and restarted each time, then
//! every change must be applied exactly once and no file lost.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure
#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

use common::{server_binary, TestServer};

const FILES: usize = 1_000;
const KILLS: usize = 20;

/// Change ids of the files waiting in the inbox.
fn change_ids_in(files: &[std::path::PathBuf]) -> BTreeSet<String> {
    files
        .iter()
        .filter_map(|p| {
            let id = p.file_name()?.to_str()?.rsplit('_').next()?;
            id.split('.').next().map(str::to_string)
        })
        .collect()
}

#[test]
fn sigkill_during_integration_never_loses_or_repeats_a_change() {
    // A commit per file (batches of one file, each its own durability group): many
    // commits per run, so the kills land between and inside them.
    kill_the_integrator_again_and_again("batch_size = 1\ngroup_millis = 0\n", KILLS);
}

#[test]
fn sigkill_inside_durability_groups_never_loses_or_repeats_a_change() {
    // Several batches per commit: most kills land inside a group, whose files have been
    // read and integrated but not committed, so must all still be in the inbox. A run
    // integrates more files before a kill than with a commit per file: fewer kills fit.
    kill_the_integrator_again_and_again("batch_size = 2\ngroup_millis = 5\n", KILLS / 2);
}

/// Integrates `FILES` changes under `config`, killing the integrator until `kills` kills
/// have landed after a commit and before the end of its pass, then checks that every
/// change is applied exactly once and every file archived.
fn kill_the_integrator_again_and_again(config: &str, kills: usize) {
    let server = TestServer::init(&["--demo", "small"]);
    fs::write(server.data.join("config.toml"), config).expect("config");
    let out = server.run(&["samples", "--count", &FILES.to_string(), "--seed", "11"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let staged = change_ids_in(&server.files_under("inbox"));
    assert_eq!(staged.len(), FILES);

    let mut seed: u64 = 0x5EED;
    let mut kills_mid_integration = 0;
    let mut runs = 0;
    let mut base_delay_ms = 10;
    let integrated = || server.count("SELECT count(*) FROM change_ledger");
    while kills_mid_integration < kills {
        runs += 1;
        assert!(
            runs < 500,
            "could not interrupt the integrator {kills} times"
        );
        assert!(
            !server.files_under("inbox").is_empty(),
            "inbox emptied after only {kills_mid_integration} interrupted runs; make batches smaller"
        );
        let before = integrated();
        let mut child = Command::new(server_binary())
            .args(["integrate", "--once", "--data"])
            .arg(&server.data)
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn integrator");
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay_ms = base_delay_ms + (seed >> 33) % base_delay_ms;
        sleep(Duration::from_millis(delay_ms));
        let still_running = child.try_wait().expect("poll").is_none();
        if still_running {
            child.kill().expect("SIGKILL");
        }
        child.wait().expect("reap");
        let progressed = integrated() > before;
        if still_running && progressed {
            // Killed after some batches committed and before the pass ended: mid-integration.
            kills_mid_integration += 1;
        } else if !progressed {
            // Killed before the first commit (start-up): aim later next time.
            base_delay_ms += 5;
        }
    }
    let left_after_kills = server.files_under("inbox").len();
    // Restart until the inbox is empty; the last run is not interrupted.
    server.integrate(None);
    assert!(server.files_under("inbox").is_empty(), "inbox drained");

    // Every staged change is in the ledger exactly once (PRIMARY KEY) and none is missing.
    let db = server.db();
    let ledger: BTreeSet<String> = db
        .prepare("SELECT change_id FROM change_ledger")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        ledger, staged,
        "every change integrated, none twice, none extra"
    );
    assert_eq!(server.count("SELECT count(*) FROM integration_failure"), 0);

    // Effects: one relation per VC and per MC with field changes, one visit per VP.
    let vc_and_mc_requests = server.count(
        "SELECT count(*) FROM change_ledger l WHERE l.change_type = 'VC' \
         OR (l.change_type = 'MC' AND EXISTS (SELECT 1 FROM modification_request m WHERE m.change_id = l.change_id))",
    );
    let crm_relations =
        server.count("SELECT count(*) FROM client_relation WHERE change_id IS NOT NULL");
    assert_eq!(crm_relations, vc_and_mc_requests);
    assert_eq!(
        server.count("SELECT count(*) FROM prospect_visit WHERE change_id IN (SELECT change_id FROM change_ledger WHERE change_type = 'VP')"),
        server.count("SELECT count(*) FROM change_ledger WHERE change_type = 'VP'")
    );
    assert_eq!(
        server.count("SELECT count(*) FROM prospect WHERE change_id IN (SELECT change_id FROM change_ledger)"),
        server.count("SELECT count(*) FROM change_ledger WHERE change_type = 'CP'")
    );

    // No file lost: each staged file sits in the archive once (duplicates of a crash
    // between commit and move are archived under the same name, at most with .dup-N).
    let archived = change_ids_in(&server.files_under("archive"));
    assert_eq!(archived, staged);
    eprintln!(
        "{kills_mid_integration} kills mid-integration over {runs} runs, {left_after_kills} files left for the last run"
    );
}
