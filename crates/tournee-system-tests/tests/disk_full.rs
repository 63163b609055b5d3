//! A full disk under the outbox, for real: a 64 KiB tmpfs mounted as the outbox and filled.
//! The app says so in French, records no pending mark, leaves no file a reader could take,
//! and keeps what the rep typed (the draft); once space is freed, the same visit goes out
//! and is integrated once.
//!
//! Mounting needs root (the CI machine runs as root; elsewhere `sudo -n` is tried).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tournee_core::Answer;
use tournee_field::dto::{ErrorCode, SetupInput, VisitInput};
use tournee_system_tests::bench::Bench;

/// A mounted tmpfs, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Self {
        std::fs::create_dir_all(at).unwrap();
        let args = ["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"];
        let direct = Command::new("mount").args(args).arg(at).status();
        let mounted = direct.is_ok_and(|s| s.success())
            || Command::new("sudo")
                .args(["-n", "mount"])
                .args(args)
                .arg(at)
                .status()
                .is_ok_and(|s| s.success());
        assert!(
            mounted,
            "this test mounts a {size} tmpfs to fill a disk for real: run it as root (or with password-less sudo)"
        );
        Self(at.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(&self.0).status();
        if !unmounted.is_ok_and(|s| s.success()) {
            let _best_effort = Command::new("sudo")
                .args(["-n", "umount"])
                .arg(&self.0)
                .status();
        }
    }
}

#[test]
fn a_full_outbox_disk_is_said_and_nothing_typed_is_lost() {
    let bench = Bench::new();
    let full = bench.home.parent().unwrap().join("full-outbox");
    let disk = Tmpfs::mount(&full, "64k");
    let mut app = tournee_field::FieldApp::open(&bench.home).unwrap();
    app.setup_save(&SetupInput {
        user: bench.user.clone(),
        snapshot_dir: bench.snapshot_dir().display().to_string(),
        outbox_dir: full.display().to_string(),
    })
    .unwrap();

    // Fill the disk to the last byte.
    let filler = full.join(".filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut file, &block).is_ok() {}
    drop(file);

    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let form = app.form_config().unwrap();
    let mut answers = BTreeMap::new();
    for group in form.visit_form.groups.iter().filter(|g| g.required) {
        answers.insert(group.id.clone(), Answer::One(group.options[0].id.clone()));
    }
    let input = VisitInput {
        client_code: code.clone(),
        visit_date: chrono::Local::now().date_naive().to_string(),
        visit_time: Some("16:45".into()),
        comment: "Écrit sur un disque plein".into(),
        answers,
    };
    // The dialog keeps its state as the rep types (the window does this on every change).
    let draft = serde_json::to_string(&input).unwrap();
    app.draft_save(&format!("visit:{code}"), &draft).unwrap();

    let refused = app.record_visit(&input).unwrap_err().to_command_error();
    // Worded by the UI (« Le disque est plein… Votre saisie est conservée… »).
    assert_eq!(refused.code, ErrorCode::DiskFull, "{refused:?}");
    assert_eq!(
        app.status().unwrap().pending_changes,
        0,
        "no mark without a file"
    );
    let readable: Vec<_> = std::fs::read_dir(&full)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !tournee_sync::is_ignored_name(n))
        .collect();
    assert!(
        readable.is_empty(),
        "nothing a reader would take: {readable:?}"
    );
    assert_eq!(
        app.draft_load(&format!("visit:{code}")).unwrap().as_deref(),
        Some(draft.as_str())
    );

    // Space comes back: the same typing goes out, and the server takes it once.
    std::fs::remove_file(&filler).unwrap();
    let kept: VisitInput =
        serde_json::from_str(&app.draft_load(&format!("visit:{code}")).unwrap().unwrap()).unwrap();
    let written = app.record_visit(&kept).unwrap();
    app.draft_discard(&format!("visit:{code}")).unwrap();
    assert_eq!(app.status().unwrap().pending_changes, 1);
    let inbox = bench.dir.inbox().join(&bench.user);
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(
        full.join(&written.file_name),
        inbox.join(&written.file_name),
    )
    .unwrap();
    let summary = bench.integrate();
    assert_eq!((summary.integrated, summary.failed), (1, 0));
    drop(app);
    drop(disk);
}
