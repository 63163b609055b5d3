//! A pass ends with what it integrated copied into the master file itself, not left in
//! the WAL (the checkpoint that ends `integrate_pass`, run while the mover finishes the
//! last group's moves): a WAL that only grows would slow every reader of the master.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::fs;

use common::TestServer;
use rusqlite::Connection;

/// Counts rows of `table` in a database.
fn rows(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_pass_leaves_its_changes_in_the_master_file_not_only_in_the_wal() {
    let server = TestServer::init(&["--demo", "small"]);
    // Small durability groups: several commits before the checkpoint that ends the pass.
    fs::write(
        server.data.join("config.toml"),
        "batch_size = 50\ngroup_millis = 0\n",
    )
    .unwrap();
    let out = server.run(&["samples", "--count", "400", "--seed", "5"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A reader keeps the master open through the pass, as the back office does: SQLite's
    // own checkpoint when the integrator's last connection closes then cannot run, so
    // whatever the master file holds afterwards the pass itself copied there.
    let reader = server.db();
    let before = rows(&reader, "change_ledger");
    server.integrate(None);
    let with_wal = rows(&reader, "change_ledger");
    assert!(
        with_wal >= before + 300,
        "the samples should mostly integrate: {before} then {with_wal}"
    );

    let aside = tempfile::tempdir().unwrap();
    let alone = aside.path().join("master-without-wal.sqlite");
    fs::copy(server.data.join("tournee.sqlite"), &alone).unwrap();
    let copy = Connection::open(&alone).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(
        rows(&copy, "change_ledger"),
        with_wal,
        "every integrated change is in the master file once the pass has returned"
    );
    assert_eq!(
        rows(&copy, "client_relation"),
        rows(&reader, "client_relation")
    );
    drop(reader);
}
