//! `tournee-server backup` and `restore` through the real binary: a backup restored into a
//! new folder integrates there what waited in the inbox, with the same certificate; and
//! every backup a restore must refuse (tampered, truncated, with a `..`, a link, a newer
//! schema, into a folder in use) is refused with nothing left behind.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;
use common::{publish_as, run_binary, TestServer};
use tournee_sync::{Answer, ChangeBody, ClientVisit, VisitReport};

fn visit(server: &TestServer) {
    let client_code: String = server
        .db()
        .query_row(
            "SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    publish_as(
        server,
        "jdupont",
        ChangeBody::VC(ClientVisit {
            client_code,
            visit: VisitReport {
                visit_date: Utc::now().date_naive(),
                visit_time: "09:30".into(),
                comment: "Visite avant la sauvegarde.".into(),
                answers: BTreeMap::from([(
                    "type_contact".to_string(),
                    Answer::One("visite".into()),
                )]),
            },
        }),
    );
}

fn backup(server: &TestServer, to: &Path) -> std::process::Output {
    run_binary(&[
        "backup",
        "--data",
        server.data.to_str().unwrap(),
        "--to",
        to.to_str().unwrap(),
    ])
}

fn restore(from: &Path, data: &Path) -> std::process::Output {
    run_binary(&[
        "restore",
        "--from",
        from.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ])
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every entry of a backup file, in order: path, entry type, bytes.
fn entries(file: &Path) -> Vec<(String, tar::EntryType, Vec<u8>)> {
    let decoder = zstd::Decoder::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut archive = tar::Archive::new(decoder);
    let mut out = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = String::from_utf8(entry.path_bytes().into_owned()).unwrap();
        let kind = entry.header().entry_type();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        out.push((path, kind, bytes));
    }
    out
}

/// Writes `entries` as a backup file, headers as given (a forged backup).
fn forge(file: &Path, entries: &[(String, tar::EntryType, Vec<u8>)]) {
    let encoder = zstd::Encoder::new(std::fs::File::create(file).unwrap(), 3).unwrap();
    let mut builder = tar::Builder::new(encoder);
    for (path, kind, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(*kind);
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        if *kind == tar::EntryType::Symlink {
            header.set_link_name("/etc/passwd").unwrap();
        }
        // Written raw so that paths `tar` itself would refuse (`..`) reach the file.
        let name = header.as_old_mut();
        name.name = [0; 100];
        name.name[..path.len()].copy_from_slice(path.as_bytes());
        header.set_cksum();
        builder.append(&header, bytes.as_slice()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap();
}

fn leftovers(parent: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".restoring-"))
        .collect()
}

#[test]
fn a_backup_restored_into_a_new_folder_integrates_what_waited_and_keeps_the_certificate() {
    let server = TestServer::init(&["--demo", "small"]);
    visit(&server);
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("tournee.backup");
    let out = backup(&server, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = entries(&file).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(names.last().map(String::as_str), Some("backup.json"));
    assert!(names.iter().any(|n| n == "tournee.sqlite"), "{names:?}");
    assert!(names.iter().any(|n| n == "tls/key.pem"), "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("inbox/jdupont/VC_")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.starts_with("snapshots/")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "a backup holds the TLS key: owner only");
    }

    // A second backup under the same name is refused; the first stays whole.
    let again = backup(&server, &file);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    let restored = work.path().join("restored");
    let out = restore(&file, &restored);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(restored.join("tls/cert.pem")).unwrap(),
        std::fs::read(server.data.join("tls/cert.pem")).unwrap(),
        "the laptops' pinned certificate comes back"
    );
    let out = run_binary(&["integrate", "--once", "--data", restored.to_str().unwrap()]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        summary.contains("integrated 1, duplicates 0, parked 0, failed 0"),
        "{summary}"
    );
    let original = server.count("SELECT count(*) FROM client");
    let conn = rusqlite::Connection::open(restored.join("tournee.sqlite")).unwrap();
    let copied: i64 = conn
        .query_row("SELECT count(*) FROM client", [], |r| r.get(0))
        .unwrap();
    assert_eq!(copied, original);

    // Restoring over a folder in use is refused and touches nothing.
    let out = restore(&file, &restored);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert!(leftovers(work.path()).is_empty());
}

#[test]
fn a_restore_refuses_tampered_forged_and_newer_backups_and_leaves_nothing() {
    let server = TestServer::init(&["--demo", "small"]);
    visit(&server);
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("good.backup");
    assert!(backup(&server, &file).status.success());
    let good = entries(&file);

    let refused = |name: &str, forged: Vec<(String, tar::EntryType, Vec<u8>)>, says: &str| {
        let path = work.path().join(name);
        forge(&path, &forged);
        let target = work.path().join(format!("{name}-restored"));
        let out = restore(&path, &target);
        assert!(!out.status.success(), "{name} must be refused");
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
        assert!(!target.exists(), "{name}: nothing restored");
        assert!(leftovers(work.path()).is_empty(), "{name}: no staging left");
    };

    // One byte of a change file altered.
    let mut tampered = good.clone();
    let inbox = tampered
        .iter_mut()
        .find(|(p, _, _)| p.starts_with("inbox/"))
        .unwrap();
    inbox.2[10] ^= 1;
    refused("tampered", tampered, "differs from the manifest");

    // The manifest cut off (a truncated copy).
    let truncated: Vec<_> = good[..good.len() - 1].to_vec();
    refused("truncated", truncated, "manifest");

    // A path climbing out of the new folder, then a link pointing outside it.
    let mut climbing = good.clone();
    climbing.insert(
        0,
        (
            "inbox/../../evil".into(),
            tar::EntryType::Regular,
            b"x".to_vec(),
        ),
    );
    refused("climbing", climbing, "refused");
    assert!(!work.path().join("evil").exists());
    let mut linked = good.clone();
    linked.insert(
        0,
        (
            "inbox/jdupont/link".into(),
            tar::EntryType::Symlink,
            Vec::new(),
        ),
    );
    refused("linked", linked, "a link");

    // A file the manifest does not list.
    let mut extra = good.clone();
    extra.insert(
        0,
        (
            "mail/000001.eml".into(),
            tar::EntryType::Regular,
            b"x".to_vec(),
        ),
    );
    refused("extra", extra, "not in the manifest");

    // A backup from a newer server: its database's schema is beyond this binary's.
    let newer_db = work.path().join("newer.sqlite");
    std::fs::write(
        &newer_db,
        &good
            .iter()
            .find(|(p, _, _)| p == "tournee.sqlite")
            .unwrap()
            .2,
    )
    .unwrap();
    let conn = rusqlite::Connection::open(&newer_db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let bytes = std::fs::read(&newer_db).unwrap();
    let mut newer: Vec<_> = good
        .iter()
        .filter(|(p, _, _)| p != "backup.json")
        .cloned()
        .collect();
    newer
        .iter_mut()
        .find(|(p, _, _)| p == "tournee.sqlite")
        .unwrap()
        .2 = bytes.clone();
    let mut manifest: serde_json::Value = serde_json::from_slice(&good.last().unwrap().2).unwrap();
    manifest["schema_version"] = 999.into();
    manifest["files"]["tournee.sqlite"] = serde_json::json!({
        "bytes": bytes.len(),
        "sha256": tournee_sync::sha256_hex(&bytes),
    });
    newer.push((
        "backup.json".into(),
        tar::EntryType::Regular,
        serde_json::to_vec(&manifest).unwrap(),
    ));
    refused("newer", newer, "schema 999");
}

#[test]
fn a_backup_never_follows_a_link_out_of_the_data_directory() {
    let server = TestServer::init(&["--demo", "small"]);
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, b"not the server's").unwrap();
    let failed = server.data.join("failed/jdupont");
    std::fs::create_dir_all(&failed).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, failed.join("VC_jdupont_01JLINK.json")).unwrap();
    let file = outside.path().join("b.backup");
    let out = backup(&server, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("links are never followed"),
        "{}",
        stderr(&out)
    );
    assert!(entries(&file)
        .iter()
        .all(|(_, _, bytes)| bytes.as_slice() != b"not the server's"));
}

#[test]
fn a_server_refuses_a_database_newer_than_it_knows_and_leaves_it_untouched() {
    let server = TestServer::init(&[]);
    let conn = server.db();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let before = std::fs::read(server.data.join("tournee.sqlite")).unwrap();
    let out = server.run(&["integrate", "--once"]);
    assert!(!out.status.success(), "a newer schema must stop the server");
    assert!(stderr(&out).contains("999"), "{}", stderr(&out));
    let after = std::fs::read(server.data.join("tournee.sqlite")).unwrap();
    assert_eq!(
        before, after,
        "nothing written to a database it does not know"
    );
}
