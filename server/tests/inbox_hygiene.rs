//! Files a sync tool is still writing, and the writer's own temp files, are never read:
//! they stay where they are, untouched, until they get their final name.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::fs;

use common::{outcomes, TestServer};

#[test]
fn temp_and_partial_files_are_never_read_nor_moved() {
    let server = TestServer::init(&["--demo", "small"]);
    let folder = server.data.join("inbox/jdupont");
    let half_written = br#"{"spec": 1, "type": "VC", "change_id": "#;
    let names = [
        ".syncthing.VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAA.json.tmp",
        "~syncthing~VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAB.json.tmp",
        "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAC.json.!sync",
        ".tmp-VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAD.json",
        "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAE.json.partial",
    ];
    for name in names {
        fs::write(folder.join(name), half_written).unwrap();
    }

    let stdout = server.integrate(None);
    assert!(
        outcomes(&stdout).is_empty(),
        "nothing to integrate yet:\n{stdout}"
    );
    for name in names {
        assert_eq!(
            fs::read(folder.join(name)).unwrap(),
            half_written,
            "{name} was touched"
        );
    }
    assert_eq!(server.count("SELECT count(*) FROM integration_failure"), 0);
    assert!(server.files_under("failed").is_empty());
}
