//! Field app benchmarks on the full demo data (50,000 clients): wildcard search measured
//! at the command boundary (the `FieldApp` method plus the JSON the window receives) next
//! to the SQL `LIKE` scan the app used before its in-memory index, and opening the card of
//! the client with the most visits. Medians and p95 in one run, so the ratio holds on a
//! noisy machine.
//!
//! `cargo run --release -p tournee-system-tests --example field_bench [-- [DATA_DIR] [--clients N]]`
//! (DATA_DIR: an existing `init --demo full` directory, else one is made in a temp folder;
//! `--clients 100000` first copies clients in the master until it holds that many).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::path::PathBuf;
use std::time::Instant;

use chrono::{Local, Utc};
use tournee_field::dto::SetupInput;
use tournee_field::{fold, FieldApp, Pattern};
use tournee_server::regenerate_snapshots;
use tournee_server::DataDir;
use tournee_server::{init, DemoSize};
use tournee_store::Regeneration;
use tournee_store::{open_master, Parameters};

const REP: &str = "jdupont";
const RUNS: usize = 5;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn summary(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (percentile(&samples, 0.5), percentile(&samples, 0.95))
}

/// The search as it was before the in-memory index: a temp table of folded names in
/// display order, scanned with `LIKE` (the reference the command is compared with).
const LIKE_SCAN_SQL: &str =
    "SELECT c.c_client, c.nom_client, c.ville_fac, c.bur_dis_fac, c.c_agence, c.in_portfolio \
     FROM temp.search_name s JOIN client c ON c.c_client = s.c_client \
     WHERE s.folded LIKE ?1 ESCAPE '\\' OR s.c_client LIKE ?1 ESCAPE '\\' \
     ORDER BY s.position LIMIT ?2";

fn build_like_scan_table(conn: &rusqlite::Connection) {
    conn.execute_batch(
        "CREATE TEMP TABLE search_name (position INTEGER PRIMARY KEY, c_client TEXT NOT NULL, folded TEXT NOT NULL)",
    )
    .unwrap();
    let mut rows: Vec<(bool, String, String)> = conn
        .prepare("SELECT c_client, nom_client, in_portfolio FROM client")
        .unwrap()
        .query_map([], |r| {
            Ok((
                !r.get::<_, bool>(2)?,
                fold(&r.get::<_, String>(1)?),
                r.get(0)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.sort();
    conn.execute_batch("BEGIN").unwrap();
    for (_, folded, code) in &rows {
        conn.execute(
            "INSERT INTO temp.search_name (c_client, folded) VALUES (?1, ?2)",
            [code, folded],
        )
        .unwrap();
    }
    conn.execute_batch("COMMIT").unwrap();
}

/// Copies clients in the master (new codes, no rep) until it holds `wanted`.
fn grow_clients(dir: &DataDir, wanted: i64) {
    let conn = open_master(&dir.database()).unwrap();
    let have: i64 = conn
        .query_row("SELECT count(*) FROM client", [], |r| r.get(0))
        .unwrap();
    if have >= wanted {
        return;
    }
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('client')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let select: Vec<String> = columns
        .iter()
        .map(|c| match c.as_str() {
            // A prefix of its own per growth, so growing again never reuses a code.
            "c_client" => format!("'G{have}-' || c_client"),
            "nom_client" => "nom_client || ' bis'".to_string(),
            "c_rep" => "NULL".to_string(),
            other => other.to_string(),
        })
        .collect();
    let added = conn
        .execute(
            &format!(
                "INSERT INTO client ({}) SELECT {} FROM client WHERE c_client NOT LIKE 'G%' LIMIT ?1",
                columns.join(", "),
                select.join(", ")
            ),
            [wanted - have],
        )
        .unwrap();
    eprintln!(
        "{added} clients copied: the master holds {}",
        have + added as i64
    );
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let clients = args.iter().position(|a| a == "--clients").map(|at| {
        let n: i64 = args
            .get(at + 1)
            .expect("--clients N")
            .parse()
            .expect("a number");
        args.drain(at..at + 2);
        n
    });
    let data = args.first().map(PathBuf::from).unwrap_or_else(|| {
        let data = tmp.path().join("server");
        let started = Instant::now();
        init(
            &data,
            DemoSize::Full,
            Local::now().date_naive(),
            Some("Bench-admin-1"),
        )
        .unwrap();
        eprintln!("demo data in {:.1} s", started.elapsed().as_secs_f64());
        data
    });
    let dir = DataDir::open(&data).unwrap();
    let busiest = give_one_client_500_visits(&dir);
    if let Some(wanted) = clients {
        grow_clients(&dir, wanted);
    }
    let params = Parameters::load(&open_master(&dir.database()).unwrap()).unwrap();
    regenerate_snapshots(
        &dir,
        &params,
        Some(vec![REP.into()]),
        Regeneration::Rebuild,
        Utc::now(),
    )
    .unwrap();
    let outbox = tmp.path().join("outbox");
    std::fs::create_dir_all(&outbox).unwrap();
    let home = tmp.path().join("home");

    let started = Instant::now();
    let mut app = FieldApp::open(&home).unwrap();
    app.setup_save(&SetupInput {
        user: REP.into(),
        snapshot_dir: dir.snapshots().join(REP).display().to_string(),
        outbox_dir: outbox.display().to_string(),
    })
    .unwrap();
    let open_ms = started.elapsed().as_secs_f64() * 1e3;

    // Queries a rep types: prefixes, substrings, single-character wildcards, codes, misses.
    let mut queries: Vec<String> = Vec::new();
    for word in [
        "gar", "trans", "agri", "pneu", "ets", "sarl", "auto", "carr", "lyon", "du",
    ] {
        queries.push(word.into());
        queries.push(format!("{word}*"));
        queries.push(format!("*{word}*e*"));
        queries.push(format!("{}?{}*", &word[..1], &word[2..]));
    }
    for code in ["C00001*", "C0012??", "C004*7", "*999"] {
        queries.push(code.into());
    }
    queries.push("zzzzqqq".into());
    queries.push("*x?z*".into());

    let raw = rusqlite::Connection::open_with_flags(
        dir.snapshots().join(REP).join(
            tournee_sync::read_manifest(&dir.snapshots().join(REP))
                .unwrap()
                .database,
        ),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    build_like_scan_table(&raw);
    let in_snapshot: i64 = raw
        .query_row("SELECT count(*) FROM client", [], |r| r.get(0))
        .unwrap();

    // Both ways find the same clients in the same order.
    for query in &queries {
        let found: Vec<String> = app
            .search_clients(query)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.c_client)
            .collect();
        let mut expected: Vec<String> = Vec::new();
        if let Some(pattern) = Pattern::parse(query).map(|p| p.to_like()) {
            let mut stmt = raw.prepare_cached(LIKE_SCAN_SQL).unwrap();
            expected = stmt
                .query_map(rusqlite::params![pattern, 100], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
        }
        assert_eq!(
            found, expected,
            "« {query} » finds what the LIKE scan found"
        );
    }

    let (mut command, mut direct) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        for query in &queries {
            let t = Instant::now();
            let result = app.search_clients(query).unwrap();
            let json = serde_json::to_string(&result).unwrap();
            std::hint::black_box(json);
            command.push(t.elapsed().as_secs_f64() * 1e3);

            let t = Instant::now();
            if let Some(pattern) = Pattern::parse(query).map(|p| p.to_like()) {
                let mut stmt = raw.prepare_cached(LIKE_SCAN_SQL).unwrap();
                let rows: Vec<(String, String)> = stmt
                    .query_map(rusqlite::params![pattern, 101], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                std::hint::black_box(rows);
            }
            direct.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    let (c50, c95) = summary(command);
    let (d50, d95) = summary(direct);

    let visits: i64 = raw
        .query_row(
            "SELECT count(*) FROM client_relation WHERE c_entite = ?1",
            [&busiest],
            |r| r.get(0),
        )
        .unwrap();
    let mut card = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let c = app.client_card(&busiest).unwrap();
        let h = app.visit_history(&busiest, true).unwrap();
        std::hint::black_box(serde_json::to_string(&(c, h)).unwrap());
        card.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (k50, k95) = summary(card);

    println!("snapshot install + open (copy, sha256, search index): {open_ms:.0} ms");
    println!(
        "search among {in_snapshot} clients, {} queries x {RUNS}: command p50 {c50:.2} ms p95 {c95:.2} ms | SQL LIKE scan (before) p50 {d50:.2} ms p95 {d95:.2} ms | p95 ratio {:.2}",
        queries.len(),
        c95 / d95
    );
    println!("card + full history (LIT included) of {busiest} ({visits} relations): p50 {k50:.2} ms p95 {k95:.2} ms");

    // Stats over 12 months: the command (with its JSON) against the bare scan of the same
    // rows it reads, measured alternately.
    let twelve = tournee_field::dto::StatsQuery {
        rep: None,
        period: "12m".into(),
    };
    let from = tournee_core::period::period("12m", Local::now().date_naive())
        .unwrap()
        .from;
    let (mut stats_ms, mut scan_ms) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        let t = Instant::now();
        let stats = app.stats(&twelve).unwrap();
        std::hint::black_box(serde_json::to_string(&stats).unwrap());
        stats_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let rows: i64 = raw
            .query_row(
                "SELECT count(*) FROM client_relation r LEFT JOIN client c ON c.c_client = r.c_entite \
                 WHERE r.c_user = 'JD01' AND r.origine_relation <> 'LIT' AND r.date_relation >= ?1",
                [from.to_string()],
                |r| r.get(0),
            )
            .unwrap();
        std::hint::black_box(rows);
        scan_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (s50, s95) = summary(stats_ms);
    let (r50, r95) = summary(scan_ms);
    println!("stats 12 months (command + JSON): p50 {s50:.1} ms p95 {s95:.1} ms | bare scan of its rows p50 {r50:.1} ms p95 {r95:.1} ms | ratio p50 {:.1}", s50 / r50);

    let mut pdf_ms = Vec::new();
    let mut pdf_bytes = 0;
    for _ in 0..10 {
        let t = Instant::now();
        let file = app.print_stats(&twelve).unwrap();
        pdf_ms.push(t.elapsed().as_secs_f64() * 1e3);
        pdf_bytes = file.bytes;
    }
    let (p50, p95) = summary(pdf_ms);
    println!("stats PDF, 12 months (stats + drawing + file): p50 {p50:.1} ms p95 {p95:.1} ms, {pdf_bytes} bytes");

    let today = Local::now().date_naive();
    let month = tournee_field::dto::CalendarQuery {
        rep: None,
        from: (today - chrono::Duration::days(41)).to_string(),
        to: today.to_string(),
    };
    let mut calendar_ms = Vec::new();
    let mut shown = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let events = app.calendar(&month).unwrap().events;
        shown = events.len();
        std::hint::black_box(serde_json::to_string(&events).unwrap());
        calendar_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (m50, m95) = summary(calendar_ms);
    println!("calendar, 6 weeks of a month view ({shown} visits, command + JSON): p50 {m50:.1} ms p95 {m95:.1} ms");

    // An admin's snapshot carries every rep's figures and last three months of visits.
    let master = open_master(&dir.database()).unwrap();
    let admin: String = master
        .query_row(
            "SELECT windows_user FROM app_user WHERE is_admin = 1 AND active = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let reports = regenerate_snapshots(
        &dir,
        &params,
        Some(vec![REP.into(), admin.clone()]),
        Regeneration::Rebuild,
        Utc::now(),
    )
    .unwrap();
    for report in reports {
        println!(
            "snapshot of {}: {:.1} MB",
            report.user,
            report.bytes as f64 / 1e6
        );
    }
}

/// The demo's busiest history holds a few dozen rows; the target is a card with 500
/// visits, so one of the rep's clients gets them (once) in the master before the snapshot.
fn give_one_client_500_visits(dir: &DataDir) -> String {
    let conn = open_master(&dir.database()).unwrap();
    let (code, erp): (String, String) = conn
        .query_row(
            "SELECT c.c_client, u.erp_code FROM client c JOIN app_user u ON u.erp_code = c.c_rep \
             WHERE u.windows_user = ?1 ORDER BY c.c_client LIMIT 1",
            [REP],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let have: i64 = conn
        .query_row(
            "SELECT count(*) FROM client_relation WHERE c_entite = ?1 AND c_archive = 'N'",
            [&code],
            |r| r.get(0),
        )
        .unwrap();
    let today = Local::now().date_naive();
    for n in have..500 {
        let day = today - chrono::Days::new(u64::try_from(n).unwrap() % 700);
        conn.execute(
            "INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, c_entite, \
             c_user, type_relation, objet, commentaire, answers_json) \
             VALUES ('CRV', ?1, '10:00', 'C', ?2, ?3, 'S', ?4, 'Visite de banc d''essai saisie via le CRM', \
             '{\"type_contact\":\"visite\",\"objet_visite\":[\"commande\"]}')",
            rusqlite::params![day.to_string(), code, erp, format!("Visite du {}", day.format("%d/%m/%Y"))],
        )
        .unwrap();
    }
    code
}
