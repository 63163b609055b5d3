//! The app killed (SIGKILL) while it writes change files, again and again: every file a
//! reader can see in the outbox is whole and parses; every pending mark has its file (a
//! file without a mark is possible and harmless: it is integrated, and the next snapshot
//! shows it); leftovers are only temporary names readers skip, and the next start of the app
//! removes them. Then everything is integrated exactly once.
//!
//! Drives `examples/record_loop.rs`, which `cargo test` builds beside the tests (when run
//! alone: `cargo build -p tournee-system-tests --example record_loop` first).

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

use tournee_system_tests::bench::{parse, Bench};

const KILLS: usize = 15;

fn record_loop() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let examples = exe.parent().unwrap().parent().unwrap().join("examples");
    let path = examples.join("record_loop");
    assert!(
        path.is_file(),
        "{} is built by `cargo test` (an example of tournee-field)",
        path.display()
    );
    path
}

#[test]
fn a_kill_mid_write_never_leaves_a_torn_file_or_a_mark_without_its_file() {
    let bench = Bench::new();
    drop(bench.app()); // set up once: the loop opens the same home
    let binary = record_loop();
    for round in 0..KILLS {
        let mut child = Command::new(&binary)
            .arg(&bench.home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Let it open the snapshot, then write for a varying while.
        sleep(Duration::from_millis(150 + (round as u64 * 37) % 120));
        child.kill().unwrap();
        let _status = child.wait().unwrap();
    }

    let mut published = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&bench.outbox).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if tournee_sync::is_ignored_name(&name) {
            continue; // a temporary name: never read, never an obstacle
        }
        let envelope = parse(&path); // panics on a torn or invalid file
        published.insert(envelope.change_id);
    }
    assert!(
        published.len() > KILLS,
        "the loop wrote files between kills: {}",
        published.len()
    );
    let local = rusqlite::Connection::open(bench.home.join(tournee_field::LOCAL_DB_FILE)).unwrap();
    let marks: Vec<String> = local
        .prepare("SELECT change_id FROM pending_change")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for mark in &marks {
        assert!(published.contains(mark), "mark {mark} has no file");
    }
    assert!(
        marks.len() + KILLS >= published.len(),
        "at most one file per kill lacks its mark"
    );

    let mut entries = std::fs::read_dir(&bench.outbox).unwrap().count();
    let leftovers = entries - published.len();
    println!(
        "{KILLS} kills: {} files published, {} with their mark, {} temporary leftovers",
        published.len(),
        marks.len(),
        leftovers
    );
    // The next start of the app tidies them away, and only them.
    drop(bench.app());
    entries = std::fs::read_dir(&bench.outbox).unwrap().count();
    assert_eq!(
        entries,
        published.len(),
        "no temporary name left after a restart"
    );
    assert_eq!(
        bench.sync_up(),
        entries,
        "the folder sync carries temporary names too"
    );
    let summary = bench.integrate();
    assert_eq!((summary.integrated, summary.failed), (published.len(), 0));
    let conn = rusqlite::Connection::open(bench.dir.database()).unwrap();
    let applied: usize = conn
        .query_row(
            "SELECT count(*) FROM client_relation WHERE commentaire LIKE 'Écriture interrompue n° %'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(applied, published.len(), "each change applied exactly once");
}
