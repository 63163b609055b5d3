//! The nightly path end to end: the real `tournee-server run` under a clock that reaches
//! the night. libfaketime starts the process's wall clock 30 seconds before the default
//! schedule (02:00) and lets it run at its real pace; the monotonic clock stays real, so
//! the automaton sleeps exactly as in production. When 02:00 comes, the nightly jobs must
//! archive the old relations, prune the old logs and regenerate every snapshot, which in
//! « Planifié » mode is the only regeneration a visit integrated during the day gets; and
//! import the ERP's files waiting in DATA/erp/in. The day's visit goes out to the ERP
//! (DATA/erp/out) right after its integration, without waiting for the night.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use chrono::{NaiveDateTime, TimeZone, Utc};
use common::{publish_as, server_binary, TestServer};
use tournee_store::{Parameters, SnapshotMode};
use tournee_sync::{read_manifest, Answer, ChangeBody, ClientVisit, VisitReport};

/// The wall-clock time the automaton starts at: half a minute before the coming night,
/// the one after today's real date, so that the visit the test dates today (and stamps
/// with the real clock) is never in the future of the automaton's clock, whatever day the
/// test runs (a fixed date made it fail once the calendar passed it).
fn fake_start() -> NaiveDateTime {
    (Utc::now().date_naive() + chrono::Duration::days(1))
        .and_hms_opt(1, 59, 30)
        .unwrap()
}

/// libfaketime, installed by `scripts/prerequisites.sh` (Debian's `faketime` package).
fn libfaketime() -> PathBuf {
    let candidates = [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/faketime/libfaketime.so.1",
    ];
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
        .expect("libfaketime is missing: apt-get install faketime (scripts/prerequisites.sh does)")
}

/// Stops the automaton at the end of the test, whatever happened.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _already_gone_is_fine = self.0.kill();
        let _reaped = self.0.wait();
    }
}

/// A log file whose last change is `days` before the fake night.
fn log_file(logs: &Path, name: &str, days: u64, night: SystemTime) -> PathBuf {
    let path = logs.join(name);
    std::fs::write(&path, b"une ligne de journal\n").unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(night - Duration::from_secs(days * 86_400))
        .unwrap();
    path
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        sleep(Duration::from_millis(200));
    }
}

#[test]
fn when_the_clock_reaches_the_night_relations_are_archived_logs_pruned_and_snapshots_rebuilt() {
    let server = TestServer::init(&["--demo", "small"]);
    // `init --demo` loads the demo through the ERP bridge: one import run already.
    let runs_at_init = server.count("SELECT count(*) FROM erp_import_run");
    assert_eq!(runs_at_init, 1, "the demo came through the ERP bridge");
    let start = fake_start();
    let night_day = start.date();
    let night: SystemTime = Utc
        .from_utc_datetime(&night_day.and_hms_opt(2, 0, 0).unwrap())
        .into();

    let mut params = Parameters::load(&server.db()).unwrap();
    params.snapshot_mode = SnapshotMode::Scheduled;
    params.snapshot_schedule_cron = "0 2 * * *".into();
    params.relation_archive_days = 60;
    params.log_retention_days = 30;
    params.save(&server.db()).unwrap();
    let cutoff = (night_day - chrono::Duration::days(60)).to_string();
    let to_archive = server.count(&format!(
        "SELECT count(*) FROM client_relation WHERE c_archive = 'N' AND date_relation < '{cutoff}'"
    ));
    assert!(to_archive > 0, "the demo has relations older than 60 days");

    let logs = server.data.join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let old_log = log_file(&logs, "tournee-server.log.2026-10-01", 45, night);
    let recent_log = log_file(&logs, "tournee-server.log.2026-11-30", 3, night);

    // A visit waiting in the inbox: integrated at once, but in « Planifié » mode it
    // reaches the rep's snapshot only with the nightly regeneration.
    let client_code: String = server
        .db()
        .query_row(
            "SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    publish_as(
        &server,
        "jdupont",
        ChangeBody::VC(ClientVisit {
            client_code,
            visit: VisitReport {
                visit_date: Utc::now().date_naive(),
                visit_time: "17:30".into(),
                comment: "Visite de fin de journée.".into(),
                answers: std::collections::BTreeMap::from([(
                    "type_contact".to_string(),
                    Answer::One("visite".into()),
                )]),
            },
        }),
    );
    assert!(
        server.run(&["snapshot"]).status.success(),
        "first snapshots"
    );
    let jdupont = server.data.join("snapshots/jdupont");
    let generation_before = read_manifest(&jdupont).unwrap().generation;
    // The ERP's export job left a file for the night (a partial export: one relation).
    let erp_in = server.data.join("erp/in");
    std::fs::create_dir_all(&erp_in).unwrap();
    let erp_client: String = server
        .db()
        .query_row(
            "SELECT c_client FROM client WHERE actif = 1 ORDER BY c_client LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    std::fs::write(
        erp_in.join("client_relation.csv"),
        format!(
            "num_relation;origine_relation;date_relation;heure_relation;type_entite;c_entite;c_user;type_relation;objet;commentaire;num_relation_sujet;c_archive\r\n\
             777001;LIT;{night_day};08:00;C;{erp_client};JD01;S;Litige;Saisi dans l'ERP;0;N\r\n"
        ),
    )
    .unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _running = Running(
        Command::new(server_binary())
            .args(["run", "--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(&server.data)
            .env("LD_PRELOAD", libfaketime())
            .env(
                "FAKETIME",
                format!("@{}", start.format("%Y-%m-%d %H:%M:%S")),
            )
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .env("TZ", "UTC")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );

    wait_for(
        "the visit to be integrated",
        Duration::from_secs(20),
        || server.count("SELECT count(*) FROM change_ledger") == 1,
    );
    let integrated_at: String = server
        .db()
        .query_row("SELECT integrated_at FROM change_ledger", [], |r| r.get(0))
        .unwrap();
    assert!(
        integrated_at.starts_with(&format!("{night_day}T01:59")),
        "the automaton runs on the fake clock, before the night: {integrated_at}"
    );
    // The ledger's rows first, then the file under a temporary name, renamed, then marked
    // written: wait for the mark, then check the file is there under its own name.
    wait_for(
        "the day's visit written for the ERP",
        Duration::from_secs(20),
        || server.count("SELECT count(*) FROM erp_export_file WHERE written_at IS NOT NULL") > 0,
    );
    assert_eq!(
        server.count("SELECT sum(rows) FROM erp_export_file WHERE written_at IS NOT NULL"),
        1
    );
    let written: Vec<String> = std::fs::read_dir(server.data.join("erp/out"))
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    sleep(Duration::from_secs(2));
    assert_eq!(
        read_manifest(&jdupont).unwrap().generation,
        generation_before,
        "« Planifié »: no regeneration after an integration"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM erp_import_run"),
        runs_at_init,
        "the ERP's files wait for the night"
    );
    assert!(old_log.exists() && recent_log.exists());

    wait_for("the nightly snapshots", Duration::from_secs(90), || {
        read_manifest(&jdupont).is_ok_and(|m| m.generation != generation_before)
    });
    let manifest = read_manifest(&jdupont).unwrap();
    assert_eq!(
        manifest.integrated.len(),
        1,
        "the day's visit is in the night's snapshot: {:?}",
        manifest.integrated
    );
    assert_eq!(
        server.count(&format!(
            "SELECT count(*) FROM client_relation WHERE c_archive = 'N' AND date_relation < '{cutoff}'"
        )),
        0,
        "every relation older than 60 days is archived"
    );
    assert!(
        server.count("SELECT count(*) FROM client_relation WHERE c_archive = 'O'") >= to_archive
    );
    assert!(
        !old_log.exists(),
        "a log older than the retention is pruned"
    );
    assert!(recent_log.exists(), "a recent log is kept");
    wait_for("the nightly ERP import", Duration::from_secs(30), || {
        server.count("SELECT count(*) FROM erp_import_run") == runs_at_init + 1
    });
    assert_eq!(
        server.count("SELECT count(*) FROM client_relation WHERE erp_num_relation = 777001"),
        1,
        "the ERP's row is in the master"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM erp_export_row"),
        1,
        "the night sends nothing twice"
    );
    // The night regenerates every rep, one after the other.
    let night_utc = chrono::DateTime::<Utc>::from(night);
    let all_from_the_night = || {
        std::fs::read_dir(server.data.join("snapshots"))
            .unwrap()
            .all(|entry| {
                read_manifest(&entry.unwrap().path()).is_ok_and(|m| m.generated_at >= night_utc)
            })
    };
    wait_for(
        "every rep's nightly snapshot",
        Duration::from_secs(60),
        all_from_the_night,
    );
}
