//! Folder mode with real Syncthing: two instances on loopback, one as the rep's laptop and
//! one as the server, with global and local discovery, relays and NAT traversal off. The
//! field app (its own code, `FieldApp`) records a visit into the laptop's outbox;
//! Syncthing carries it to the server's inbox (laptop send-only → server receive-only);
//! the real automaton (`tournee-server run`) integrates it and regenerates the rep's
//! snapshot; Syncthing carries the snapshot back (server send-only → laptop receive-only);
//! « actualiser » on the laptop takes it and the visit's pending mark clears. The round
//! trip is timed and printed.
//!
//! Needs Debian's `syncthing` (installed by `scripts/prerequisites.sh`).

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::time::{Duration, Instant};

use tournee_system_tests::laptop::visit_on as visit;
use tournee_system_tests::process::wait_for;
use tournee_system_tests::syncthing::World;

#[test]
fn a_visit_goes_to_the_server_and_its_snapshot_comes_back_through_syncthing() {
    let world = World::new(&[]);
    let _laptop_st = world.laptop.start();
    let _office_st = world.office.start();
    world.wait_connected();
    let mut app = world.open_app();
    let first = app.status().unwrap().freshness.unwrap().generation;
    let automaton = world.start_automaton();

    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let started = Instant::now();
    let written = app
        .record_visit(&visit(
            &app,
            &code,
            chrono::Local::now().date_naive(),
            "Passage via Syncthing",
        ))
        .unwrap();
    assert_eq!(app.status().unwrap().pending_changes, 1);

    // Integrated on the server, then the new snapshot back on the laptop, verified.
    wait_for("the round trip", Duration::from_secs(120), || {
        app.refresh_snapshot()
            .ok()
            .and_then(|s| s.status.freshness)
            .is_some_and(|f| f.generation != first)
            && app.status().unwrap().pending_changes == 0
    });
    let round_trip = started.elapsed();
    println!(
        "syncthing round trip, visit written on the laptop -> integrated -> snapshot back and taken: {:.1} s",
        round_trip.as_secs_f64()
    );
    let ledger = world.server.count(&format!(
        "SELECT count(*) FROM change_ledger WHERE change_id = '{}'",
        written.change_id
    ));
    assert_eq!(ledger, 1, "integrated exactly once");
    drop(automaton);
}

#[test]
fn a_week_offline_with_2000_changes_catches_up_in_one_sync() {
    const CHANGES: usize = 2000;
    let world = World::new(&[]);
    // The server side runs; the laptop's Syncthing is off: a week without network.
    let _office_st = world.office.start();
    let automaton = world.start_automaton();
    // The laptop needs its first snapshot once: it comes with a short first connection.
    let first_sync = world.laptop.start();
    world.wait_connected();
    let mut app = world.open_app();
    drop(first_sync);

    let codes: Vec<String> = app
        .home_last_visit()
        .unwrap()
        .into_iter()
        .map(|r| r.c_client)
        .collect();
    let today = chrono::Local::now().date_naive();
    let writing = Instant::now();
    for i in 0..CHANGES {
        let day = today - chrono::Duration::days((i % 7) as i64);
        app.record_visit(&visit(
            &app,
            &codes[i % codes.len()],
            day,
            &format!("Hors ligne n° {i}"),
        ))
        .unwrap();
    }
    let written_in = writing.elapsed();
    assert_eq!(app.status().unwrap().pending_changes, CHANGES as u32);
    assert_eq!(
        world.server.count("SELECT count(*) FROM change_ledger"),
        0,
        "nothing left the laptop"
    );

    // Back online.
    let started = Instant::now();
    let _laptop_st = world.laptop.start();
    wait_for("every change integrated", Duration::from_secs(600), || {
        world.server.count("SELECT count(*) FROM change_ledger") == CHANGES as i64
    });
    let integrated_in = started.elapsed();
    wait_for(
        "the snapshot with all of them back on the laptop",
        Duration::from_secs(300),
        || app.refresh_snapshot().is_ok() && app.status().unwrap().pending_changes == 0,
    );
    let caught_up_in = started.elapsed();
    let left: Vec<_> = std::fs::read_dir(&world.laptop_outbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert!(
        left.is_empty(),
        "integrated files leave the laptop's outbox: {} left",
        left.len()
    );
    assert_eq!(
        world
            .server
            .count("SELECT count(*) FROM client_relation WHERE commentaire LIKE 'Hors ligne n° %'"),
        CHANGES as i64,
        "each visit applied exactly once"
    );
    println!(
        "catch-up of {CHANGES} changes through syncthing: written offline in {:.1} s; all integrated {:.1} s after reconnecting ({:.0} changes/s); laptop clean {:.1} s after reconnecting",
        written_in.as_secs_f64(),
        integrated_in.as_secs_f64(),
        CHANGES as f64 / integrated_in.as_secs_f64(),
        caught_up_in.as_secs_f64()
    );
    drop(automaton);
}
