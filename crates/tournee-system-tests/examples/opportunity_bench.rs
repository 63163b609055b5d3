//! The opportunities board on the laptop (issue 15, « a board of 10,000 opportunities opens
//! in under 100 ms »): `FieldApp::opportunity_board` plus the JSON the window receives, over
//! 10,000 opportunities of the rep's snapshot with 10 of this laptop's pending changes laid
//! over them; and the figures (forecast and average time to close). Beside each, a reference
//! measured in the same run: the bare SQL scan of the opportunities joined to their parties,
//! the least any board must read.
//!
//! `cargo run --release -p tournee-system-tests --example opportunity_bench [-- --opportunities N]`
//! (small demo data; the parties and opportunities are written into the rep's snapshot as
//! the server writes its tables, its manifest updated).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::time::Instant;

use tournee_field::dto::{CloseInput, OpportunityInput};
use tournee_sync::{read_manifest, sha256_file, write_manifest};
use tournee_system_tests::bench::Bench;

const RUNS: usize = 20;
const STAGES: [&str; 4] = ["qualification", "besoin", "proposition", "negociation"];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn summary(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (percentile(&samples, 0.5), percentile(&samples, 0.95))
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}

/// Writes one party per 5 opportunities and `count` opportunities (a tenth closed, won or
/// lost, the rest open over the four stages and twelve months) into the rep's snapshot.
fn fill_snapshot(bench: &Bench, count: usize) {
    let dir = bench.snapshot_dir();
    let mut manifest = read_manifest(&dir).unwrap();
    let database = dir.join(&manifest.database);
    let mut conn = rusqlite::Connection::open(&database).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut party = tx
            .prepare(
                "INSERT INTO party (id, kind, name, city, owner, created_by, created_at, status) \
                 VALUES (?1, 'company', ?2, 'Lyon', 'jdupont', 'jdupont', '2026-01-01T00:00:00Z', 'prospect')",
            )
            .unwrap();
        let mut opportunity = tx
            .prepare(
                "INSERT INTO opportunity (id, party_id, title, value_cents, expected_close, pipeline, \
                   stage, status, loss_reason, closed_at, owner, created_by, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 'standard', ?6, ?7, ?8, ?9, 'jdupont', 'jdupont', ?10)",
            )
            .unwrap();
        for p in 0..count.div_ceil(5) {
            party
                .execute(rusqlite::params![
                    format!("01JP{p:022}"),
                    format!("Entreprise {p}")
                ])
                .unwrap();
        }
        for n in 0..count {
            let status = match n % 20 {
                0 => "won",
                1 => "lost",
                _ => "open",
            };
            let closed = (status != "open").then(|| format!("2026-11-{:02}T15:00:00Z", 1 + n % 28));
            opportunity
                .execute(rusqlite::params![
                    format!("01JQ{n:022}"),
                    format!("01JP{:022}", n / 5),
                    format!("Affaire {n}"),
                    (n as i64 % 97 + 1) * 10_000,
                    format!("2027-{:02}-15", 1 + n % 12),
                    STAGES[n % 4],
                    status,
                    (status == "lost").then_some("Trop cher"),
                    closed,
                    format!("2026-10-{:02}T09:00:00Z", 1 + n % 28),
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    conn.execute_batch("VACUUM").unwrap();
    drop(conn);
    manifest.database_sha256 = sha256_file(&database).unwrap();
    manifest.database_bytes = std::fs::metadata(&database).unwrap().len();
    write_manifest(&dir, &manifest).unwrap();
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let count = args
        .iter()
        .position(|a| a == "--opportunities")
        .map(|at| {
            let n: usize = args
                .get(at + 1)
                .expect("--opportunities N")
                .parse()
                .expect("a number");
            args.drain(at..at + 2);
            n
        })
        .unwrap_or(10_000);
    let bench = Bench::new();
    fill_snapshot(&bench, count);
    let mut app = bench.app();

    // This laptop's own pending changes: 5 new opportunities, 4 moves and a loss.
    for n in 0..5 {
        app.create_opportunity(&OpportunityInput {
            party_id: format!("01JP{n:022}"),
            pipeline: None,
            title: format!("Nouvelle affaire {n}"),
            value_cents: Some(1_000_000),
            expected_close: Some("2027-03-31".into()),
        })
        .unwrap();
    }
    for n in [2_usize, 3, 4, 5] {
        // Opportunity n sits at stage n % 4: one forward where there is one, else one back.
        let id = format!("01JQ{n:022}");
        let at = n % 4;
        let to = if at + 1 < STAGES.len() {
            STAGES[at + 1]
        } else {
            STAGES[at - 1]
        };
        app.move_opportunity(&id, to).unwrap();
    }
    app.close_opportunity(
        &format!("01JQ{:022}", 6),
        &CloseInput {
            won: false,
            loss_reason: Some("Concurrent moins cher".into()),
        },
    )
    .unwrap();

    let mut board_ms = Vec::new();
    let mut cards = 0usize;
    let mut bytes = 0usize;
    for _ in 0..RUNS {
        let started = Instant::now();
        let board = app.opportunity_board(None).unwrap();
        let json = serde_json::to_vec(&board).unwrap();
        board_ms.push(ms(started));
        cards = board.columns.iter().map(|c| c.cards.len()).sum();
        bytes = json.len();
    }
    let mut figures_ms = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let figures = app.opportunity_figures().unwrap();
        let json = serde_json::to_vec(&figures).unwrap();
        figures_ms.push(ms(started));
        assert!(figures.average_hours_tenths.is_some() && !json.is_empty());
    }

    // Reference: the rows any board reads at the least.
    let raw = rusqlite::Connection::open_with_flags(
        bench
            .snapshot_dir()
            .join(read_manifest(&bench.snapshot_dir()).unwrap().database),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    // The demo's own opportunities (it sells) are in the snapshot beside the bench's.
    let in_snapshot: usize = raw
        .query_row("SELECT count(*) FROM opportunity", [], |r| r.get(0))
        .unwrap();
    assert!(in_snapshot >= count);
    let mut scan_ms = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut statement = raw
            .prepare_cached(
                "SELECT o.id, o.title, o.value_cents, o.expected_close, o.stage, o.status, p.name \
                 FROM opportunity o JOIN party p ON p.id = o.party_id",
            )
            .unwrap();
        let mut rows = statement.query([]).unwrap();
        let mut n = 0usize;
        while let Some(row) = rows.next().unwrap() {
            let _: String = row.get(0).unwrap();
            let _: String = row.get(6).unwrap();
            n += 1;
        }
        scan_ms.push(ms(started));
        assert_eq!(n, in_snapshot);
    }

    let (b50, b95) = summary(board_ms);
    let (f50, f95) = summary(figures_ms);
    let (s50, s95) = summary(scan_ms);
    println!(
        "board of {count} opportunities + {} of the demo ({cards} open cards, {bytes} bytes of JSON) x {RUNS}: command p50 {b50:.1} ms p95 {b95:.1} ms | bare scan p50 {s50:.1} ms p95 {s95:.1} ms | p95 ratio {:.2}",
        in_snapshot - count,
        b95 / s95
    );
    println!("figures (forecast, time to close) x {RUNS}: p50 {f50:.1} ms p95 {f95:.1} ms");
}
