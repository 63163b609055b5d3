//! The main job end to end through the real binary: demo data, sample change files
//! from the reps, one integration pass, snapshots whose manifests list what was integrated.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::BTreeSet;

use common::{outcomes, TestServer};
use tournee_sync::read_manifest;

#[test]
fn changes_go_up_and_come_back_listed_in_the_next_snapshot() {
    let server = TestServer::init(&["--demo", "small"]);
    let out = server.run(&["samples", "--count", "300"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let stdout = server.integrate(None);
    let seen = outcomes(&stdout);
    assert_eq!(seen.len(), 300);
    assert!(
        seen.iter().all(|(outcome, _, _)| outcome == "integrated"),
        "{stdout}"
    );
    assert!(server.files_under("inbox").is_empty());
    assert!(server.files_under("failed").is_empty());

    let out = server.run(&["snapshot"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest = read_manifest(&server.data.join("snapshots/jdupont")).unwrap();
    let listed: BTreeSet<String> = manifest.integrated.into_iter().collect();
    let db = server.db();
    let expected: BTreeSet<String> = db
        .prepare("SELECT change_id FROM change_ledger WHERE user = 'jdupont'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(
        !expected.is_empty(),
        "the samples include jdupont's changes"
    );
    assert_eq!(
        listed, expected,
        "the manifest clears exactly jdupont's pending marks"
    );

    // The visits jdupont recorded are in jdupont's snapshot.
    let snapshot = rusqlite::Connection::open(
        server
            .data
            .join("snapshots/jdupont")
            .join(&manifest.database),
    )
    .unwrap();
    let recorded: i64 = db
        .query_row(
            "SELECT count(*) FROM client_relation r JOIN change_ledger l ON l.change_id = r.change_id \
             WHERE l.user = 'jdupont' AND l.change_type = 'VC'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let in_snapshot: i64 = snapshot
        .query_row(
            "SELECT count(*) FROM client_relation WHERE change_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(recorded > 0);
    assert!(in_snapshot >= recorded, "{in_snapshot} < {recorded}");
}
