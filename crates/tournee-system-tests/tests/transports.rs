//! Both transports side by side in one run, on one server: the round trip (a visit
//! written by the field app → integrated by the real automaton → in the rep's
//! regenerated snapshot → taken by the app) through real Syncthing for one rep and
//! through the built-in HTTPS transport for another, alternately, several times; the
//! medians and their ratio are printed (figures in docs/benchmarks.md). Each visit must
//! be integrated exactly once; times are reported, never asserted.
//!
//! Reproduce: `cargo test --release -p tournee-server --test transports -- --nocapture`.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::time::{Duration, Instant};

use tournee_field::dto::SetupInput;
use tournee_field::FieldApp;
use tournee_system_tests::laptop::{generation, visit_today as visit};
use tournee_system_tests::process::{free_port, wait_for};
use tournee_system_tests::syncthing::World;

const ROUNDS: usize = 5;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Writes a visit and waits until the app holds a snapshot listing it; `sync` is what
/// the transport does meanwhile (nothing for Syncthing, a round for HTTPS).
fn round_trip(app: &mut FieldApp, comment: &str, mut sync: impl FnMut()) -> Duration {
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let before = generation(app);
    let started = Instant::now();
    app.record_visit(&visit(app, &code, comment)).unwrap();
    wait_for(comment, Duration::from_secs(120), || {
        sync();
        generation(app) != before && app.status().unwrap().pending_changes == 0
    });
    started.elapsed()
}

#[test]
fn round_trips_through_syncthing_and_https_side_by_side() {
    let sync_port = free_port();
    let world = World::new(&["--sync-listen", &format!("127.0.0.1:{sync_port}")]);
    let https_rep: String = world
        .server
        .db()
        .query_row(
            "SELECT windows_user FROM app_user WHERE active = 1 AND is_admin = 0 \
             AND windows_user <> 'jdupont' ORDER BY windows_user LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(world
        .server
        .run(&["snapshot", "--user", &https_rep])
        .status
        .success());

    let _laptop_st = world.laptop.start();
    let _office_st = world.office.start();
    world.wait_connected();
    let mut folder_app = world.open_app();
    let _automaton = world.start_automaton();
    wait_for("the HTTPS transport", Duration::from_secs(30), || {
        std::net::TcpStream::connect(("127.0.0.1", sync_port)).is_ok()
    });

    // The other rep's laptop, enrolled for HTTPS.
    let root = world.tmp.path().join("https-laptop");
    let (home, outbox, snapshots) = (
        root.join("home"),
        root.join("outbox"),
        root.join("snapshots"),
    );
    for folder in [&home, &outbox, &snapshots] {
        std::fs::create_dir_all(folder).unwrap();
    }
    let code =
        tournee_store::issue_code(&world.server.db(), &https_rep, "admin", chrono::Utc::now())
            .unwrap()
            .code;
    tournee_link::enroll(
        &home,
        &format!("https://127.0.0.1:{sync_port}"),
        &code,
        "bench",
    )
    .unwrap();
    let first = tournee_link::sync_once(&home, &outbox, &snapshots).unwrap();
    let mut https_app = FieldApp::open(&home).unwrap();
    https_app
        .setup_save(&SetupInput {
            user: https_rep.clone(),
            snapshot_dir: snapshots.display().to_string(),
            outbox_dir: outbox.display().to_string(),
        })
        .unwrap();

    let (mut folder_times, mut https_times, mut patch_bytes) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..ROUNDS {
        folder_times
            .push(round_trip(&mut folder_app, &format!("Syncthing n° {i}"), || {}).as_secs_f64());
        let mut bytes = 0;
        https_times.push(
            round_trip(&mut https_app, &format!("HTTPS n° {i}"), || {
                let report = tournee_link::sync_once(&home, &outbox, &snapshots).unwrap();
                bytes += report.downloaded_bytes;
            })
            .as_secs_f64(),
        );
        patch_bytes.push(bytes as f64);
    }
    let (folder, https) = (median(folder_times.clone()), median(https_times.clone()));
    println!(
        "round trips, laptop → integrated → snapshot back and taken, {ROUNDS} each, alternately:"
    );
    println!("  Syncthing : median {folder:.2} s  (all: {folder_times:.2?})");
    println!("  HTTPS     : median {https:.2} s  (all: {https_times:.2?})");
    println!("  ratio HTTPS / Syncthing: {:.2}", https / folder);
    println!(
        "  HTTPS snapshot transfer: first {} bytes (zstd), each refresh median {:.0} bytes (patch)",
        first.downloaded_bytes,
        median(patch_bytes)
    );
    for (rep, prefix) in [
        ("jdupont", "Syncthing n°"),
        (https_rep.as_str(), "HTTPS n°"),
    ] {
        let applied = world.server.count(&format!(
            "SELECT count(*) FROM client_relation WHERE c_user IN \
             (SELECT erp_code FROM app_user WHERE windows_user = '{rep}') AND commentaire LIKE '{prefix}%'"
        ));
        assert_eq!(applied, ROUNDS as i64, "{rep}: each visit applied once");
    }
}
