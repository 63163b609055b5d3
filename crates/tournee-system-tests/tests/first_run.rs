//! The laptop's first start over HTTPS, with real components: the real `tournee-server
//! run` serving its transport on loopback, and the field app's own code on a fresh home.
//! No folder is typed: the app enrolls with the admin's code (pasted in lower case with
//! spaces), downloads the first snapshot with its bytes counted, installs it into folders
//! of its own, and takes the code's rep as its user. Refused codes, bad and unreachable
//! addresses leave nothing configured, each error naming its field, and a retry works.
//! Later, « Réglages » changes the folders without losing a change still waiting.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tournee_field::dto::{EnrollInput, ErrorCode};
use tournee_field::{own_outbox_dir, own_snapshot_dir, FieldApp, FieldError};
use tournee_link::DownloadProgress;
use tournee_store::issue_code;
use tournee_system_tests::laptop::visit_today;
use tournee_system_tests::process::{free_port, wait_for, Running, REP};
use tournee_system_tests::server::{server_binary, TestServer};

/// A well-formed code the server never issued.
const WRONG_CODE: &str = "K7QM-3XPD-9RTA-WZ4C";

struct World {
    server: TestServer,
    _automaton: Running,
    url: String,
}

impl World {
    fn new() -> Self {
        let sync_port = free_port();
        let listen = format!("127.0.0.1:{sync_port}");
        let server = TestServer::init(&[
            "--demo",
            "small",
            "--admin-password",
            "First-run-admin-123",
            "--sync-listen",
            &listen,
        ]);
        assert!(server.run(&["snapshot", "--user", REP]).status.success());
        let automaton = Running(
            Command::new(server_binary())
                .args(["run", "--listen", &format!("127.0.0.1:{}", free_port())])
                .arg("--data")
                .arg(&server.data)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        wait_for("the HTTPS transport", Duration::from_secs(30), || {
            std::net::TcpStream::connect(("127.0.0.1", sync_port)).is_ok()
        });
        Self {
            server,
            _automaton: automaton,
            url: format!("https://127.0.0.1:{sync_port}"),
        }
    }

    /// What the admin does on « Appareils »: a one-time code for the rep.
    fn code(&self) -> String {
        issue_code(&self.server.db(), REP, "admin", chrono::Utc::now())
            .unwrap()
            .code
    }
}

fn input(url: &str, code: &str) -> EnrollInput {
    EnrollInput {
        server_url: url.into(),
        code: code.into(),
    }
}

/// The field the error names and its code.
fn field_and_code(error: &FieldError) -> (Option<String>, ErrorCode) {
    let shown = error.to_command_error();
    (shown.field, shown.code)
}

/// Nothing of a failed attempt is left as settings or credential.
fn assert_not_configured(app: &FieldApp, home: &Path) {
    assert!(!app.status().unwrap().configured);
    assert!(!home.join("config.json").exists(), "no settings saved");
    assert!(!app.link_status().unwrap().enrolled, "not enrolled");
    assert!(!home.join("link").exists());
}

#[test]
fn a_fresh_laptop_is_set_up_from_the_address_and_the_code_alone() {
    let world = World::new();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let mut app = FieldApp::open(&home).unwrap();
    let progress = DownloadProgress::default();
    assert!(!app.status().unwrap().configured, "first run");

    // A code the server never issued: refused under the code field.
    let refused = app
        .first_run_enroll(&input(&world.url, WRONG_CODE), &progress)
        .unwrap_err();
    assert_eq!(
        field_and_code(&refused),
        (Some("code".into()), ErrorCode::LinkCodeRefused)
    );
    assert_not_configured(&app, &home);

    // Not an HTTPS address, and an address nobody answers: the address field.
    let not_https = app
        .first_run_enroll(&input("http://127.0.0.1:1", &world.code()), &progress)
        .unwrap_err();
    assert_eq!(
        field_and_code(&not_https),
        (Some("server_url".into()), ErrorCode::LinkNotHttps)
    );
    let nobody = format!("https://127.0.0.1:{}", free_port());
    let unreachable = app
        .first_run_enroll(&input(&nobody, &world.code()), &progress)
        .unwrap_err();
    assert_eq!(
        field_and_code(&unreachable),
        (Some("server_url".into()), ErrorCode::LinkOffline)
    );
    assert_not_configured(&app, &home);
    assert!(!progress.is_running(), "a failed run is over");

    // The admin's code, pasted in lower case with spaces; the progress is read from
    // another thread while the download runs, as the window's progress bar does.
    let code = world.code().to_lowercase().replace('-', " ");
    let progress = Arc::new(DownloadProgress::default());
    let (seen_running, done) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let most = Arc::new(AtomicU64::new(0));
    let watcher = {
        let (progress, seen_running, done, most) = (
            Arc::clone(&progress),
            Arc::clone(&seen_running),
            Arc::clone(&done),
            Arc::clone(&most),
        );
        std::thread::spawn(move || {
            while !done.load(Ordering::Acquire) {
                if progress.is_running() {
                    seen_running.store(true, Ordering::Release);
                    most.fetch_max(progress.read().0, Ordering::AcqRel);
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        })
    };
    let status = app
        .first_run_enroll(&input(&format!(" {}/ ", world.url), &code), &progress)
        .unwrap();
    done.store(true, Ordering::Release);
    watcher.join().unwrap();
    assert!(
        seen_running.load(Ordering::Acquire),
        "the run was seen under way"
    );
    let (received, total) = progress.read();
    assert!(received > 0, "bytes were counted");
    assert_eq!(Some(received), total, "every announced byte arrived");
    assert!(most.load(Ordering::Acquire) <= received);
    assert!(!progress.is_running());

    // The code's rep is the app's user; the folders are the app's own.
    assert!(status.configured);
    assert_eq!(status.user.unwrap().windows_user, REP);
    assert_eq!(
        status.snapshot_dir.as_deref(),
        Some(own_snapshot_dir(&home).to_str().unwrap())
    );
    assert_eq!(
        status.outbox_dir.as_deref(),
        Some(own_outbox_dir(&home).to_str().unwrap())
    );
    assert!(status.freshness.is_some(), "the snapshot is in use");
    assert!(!app.home_last_visit().unwrap().is_empty(), "the rep's rows");
    let link = app.link_status().unwrap();
    assert!(link.enrolled);
    assert_eq!(link.user.as_deref(), Some(REP));
    assert_eq!(link.server_url.as_deref(), Some(world.url.as_str()));
    assert!(
        !home.join("first-run").exists(),
        "the scratch folder is gone"
    );
    assert!(app.link_paths().is_some(), "the background rounds can run");

    // The next start opens straight onto the same data.
    drop(app);
    let mut again = FieldApp::open(&home).unwrap();
    assert!(again.status().unwrap().configured);
    assert!(!again.home_last_visit().unwrap().is_empty());
    assert_eq!(
        tournee_link::sync_once(&home, &own_outbox_dir(&home), &own_snapshot_dir(&home))
            .unwrap()
            .new_generation,
        None,
        "the round after finds nothing newer to download"
    );

    // « Réglages »: other folders for the same rep (the server's copy of the rep's
    // snapshot stands in for a synced folder); a change still waiting moves along.
    let code = again.home_last_visit().unwrap()[0].c_client.clone();
    let visit = visit_today(&again, &code, "Réglages : une visite en attente");
    again.record_visit(&visit).unwrap();
    let waiting = tournee_link::outbox_files(&own_outbox_dir(&home)).unwrap();
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    let pending = again.status().unwrap().pending_changes;
    let synced = tmp.path().join("synced-snapshot");
    std::fs::create_dir_all(&synced).unwrap();
    for entry in std::fs::read_dir(world.server.data.join("snapshots").join(REP)).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), synced.join(entry.file_name())).unwrap();
        }
    }
    let new_outbox = tmp.path().join("synced-outbox");
    std::fs::create_dir_all(&new_outbox).unwrap();
    let changed = again
        .change_folders(synced.to_str().unwrap(), new_outbox.to_str().unwrap())
        .unwrap();
    assert_eq!(changed.snapshot_dir.as_deref(), synced.to_str());
    assert_eq!(changed.outbox_dir.as_deref(), new_outbox.to_str());
    assert_eq!(changed.pending_changes, pending, "nothing pending is lost");
    assert_eq!(tournee_link::outbox_files(&new_outbox).unwrap(), waiting);
    assert!(tournee_link::outbox_files(&own_outbox_dir(&home))
        .unwrap()
        .is_empty());
    drop(again);
    let reopened = FieldApp::open(&home).unwrap();
    assert_eq!(
        reopened.status().unwrap().outbox_dir.as_deref(),
        new_outbox.to_str(),
        "the new folders are saved"
    );
}

#[test]
fn a_run_that_enrolled_but_could_not_install_is_retried_with_the_same_code() {
    let world = World::new();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let mut app = FieldApp::open(&home).unwrap();
    let progress = DownloadProgress::default();
    let code = world.code();
    // The app's own snapshot folder cannot be made (a file stands where its parent goes):
    // the enrollment succeeds, the installation fails, nothing is configured.
    std::fs::write(home.join("sync"), b"in the way").unwrap();
    let failed = app
        .first_run_enroll(&input(&world.url, &code), &progress)
        .unwrap_err();
    assert!(matches!(failed, FieldError::Io { .. }), "{failed}");
    assert_not_configured(&app, &home);

    // The obstacle gone, the same code works: the credential obtained is reused (the
    // server would refuse the code as used).
    std::fs::remove_file(home.join("sync")).unwrap();
    let status = app
        .first_run_enroll(&input(&world.url, &code), &progress)
        .unwrap();
    assert!(status.configured);
    assert_eq!(
        world
            .server
            .count("SELECT count(*) FROM device WHERE revoked_at IS NULL"),
        1,
        "one device enrolled, not two"
    );
    assert!(!app.home_last_visit().unwrap().is_empty());
}
