//! CRM benchmarks on the laptop (issue 13): the contact list filtered by status and kind
//! over 100,000 parties, and the page of a party whose timeline holds 5,000 entries, both
//! measured at the command boundary (the `FieldApp` method plus the JSON the window
//! receives), with this laptop's pending changes laid over the snapshot. Each beside a
//! reference measured in the same run: for the list, the bare SQL scan of the parties and
//! actions that computing the statuses per call would need at the least (what the
//! per-snapshot index avoids); for the timeline, the snapshot-only reader it replaces
//! (`FieldApp::timeline`, one reply query per action).
//!
//! `cargo run --release -p tournee-system-tests --example crm_bench [-- --parties N]`
//! (small demo data; the parties, their actions and the busy party are written into the
//! rep's snapshot as the server writes its record tables, its manifest updated).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::time::Instant;

use chrono::{Duration, Local, NaiveDate};
use tournee_field::dto::{
    ActionInput, ActionOutcome, ContactQuery, PartyInput, PartyKindDto, PartyStatus,
};
use tournee_sync::{read_manifest, sha256_file, write_manifest};
use tournee_system_tests::bench::Bench;

const RUNS: usize = 5;
const TIMELINE_RUNS: usize = 20;
const BUSY: &str = "01JB000000000000000000BEEF";
const CITIES: [&str; 8] = [
    "Lyon",
    "Grenoble",
    "Annecy",
    "Valence",
    "Chambéry",
    "Vienne",
    "Roanne",
    "Bourg",
];

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

/// Writes `parties` parties (a third private persons), each with 0 to 2 actions giving
/// every status, and one party with 4,000 actions and 1,000 replies, into the rep's
/// synced snapshot; updates its manifest.
fn fill_snapshot(bench: &Bench, parties: usize) {
    let dir = bench.snapshot_dir();
    let mut manifest = read_manifest(&dir).unwrap();
    let database = dir.join(&manifest.database);
    let mut conn = rusqlite::Connection::open(&database).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut party = tx
            .prepare(
                "INSERT INTO party (id, kind, name, first_name, phone, postal_code, city, owner, created_by, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'jdupont', 'jdupont', '2026-01-01T00:00:00.000Z')",
            )
            .unwrap();
        let mut action = tx
            .prepare(
                "INSERT INTO action (id, party_id, action_type, date, time, comment, outcome, owner, created_by, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'jdupont', 'jdupont', '2026-01-01T00:00:00.000Z')",
            )
            .unwrap();
        let mut reply = tx
            .prepare(
                "INSERT INTO action_reply (id, action_id, author, date, text, owner, created_by, created_at) \
                 VALUES (?1, ?2, 'jdupont', ?3, 'Rappelé, à suivre', 'jdupont', 'jdupont', '2026-01-01T00:00:00.000Z')",
            )
            .unwrap();
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let mut actions = 0usize;
        for i in 0..parties {
            let id = format!("01JB{i:022}");
            let person = i % 3 == 0;
            let city = CITIES[i % CITIES.len()];
            party
                .execute(rusqlite::params![
                    id,
                    if person { "person" } else { "company" },
                    format!("Entreprise {i}"),
                    person.then(|| format!("Prénom {}", i % 97)),
                    format!(
                        "04 7{} {:02} {:02} {:02}",
                        i % 10,
                        (i / 10000) % 100,
                        (i / 100) % 100,
                        i % 100
                    ),
                    format!("{:05}", 1000 + (i % 95) * 1000),
                    city,
                ])
                .unwrap();
            let day = |n: usize| (start + Duration::days((i % 700 + n) as i64)).to_string();
            let mut log = |kind: &str, date: String, outcome: Option<&str>| {
                actions += 1;
                action
                    .execute(rusqlite::params![
                        format!("01JC{actions:022}"),
                        id,
                        kind,
                        date,
                        Some("10:00"),
                        Some("Appel de prospection"),
                        outcome
                    ])
                    .unwrap();
            };
            match i % 5 {
                0 => {}
                1 => log("appel", day(0), Some("neutral")),
                2 => log("appel", day(0), Some("wrong_contact_details")),
                3 => {
                    log("appel", day(0), Some("positive"));
                    log("appel", day(30), Some("formal_refusal"));
                }
                _ => log("note", day(0), None),
            }
        }
        party
            .execute(rusqlite::params![
                BUSY,
                "company",
                "Transports Très Suivis",
                None::<String>,
                "04 78 99 99 99",
                "69003",
                "Lyon",
            ])
            .unwrap();
        for n in 0..4000usize {
            let action_id = format!("01JD{n:022}");
            let date = (start + Duration::days((n / 4) as i64)).to_string();
            let (kind, outcome) = match n % 4 {
                0 => ("appel", Some("neutral")),
                1 => ("email", None),
                2 => ("appel", Some("no_answer")),
                _ => ("rdv", None),
            };
            action
                .execute(rusqlite::params![
                    action_id,
                    BUSY,
                    kind,
                    date,
                    Some(format!("{:02}:{:02}", 8 + n % 10, n % 60)),
                    Some("Point sur la commande en cours"),
                    outcome
                ])
                .unwrap();
            if n % 4 == 0 {
                reply
                    .execute(rusqlite::params![format!("01JE{n:022}"), action_id, date])
                    .unwrap();
            }
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
    let parties = args
        .iter()
        .position(|a| a == "--parties")
        .map(|at| {
            let n: usize = args
                .get(at + 1)
                .expect("--parties N")
                .parse()
                .expect("a number");
            args.drain(at..at + 2);
            n
        })
        .unwrap_or(100_000);
    let started = Instant::now();
    let bench = Bench::new();
    fill_snapshot(&bench, parties);
    eprintln!(
        "{parties} parties written in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let mut app = bench.app();
    let open_ms = ms(started);
    let started = Instant::now();
    app.contacts(&ContactQuery::default()).unwrap();
    let index_ms = ms(started);

    // This laptop's own pending changes, laid over the snapshot at every call.
    let today = Local::now().date_naive().to_string();
    for n in 0..10 {
        let created = app
            .create_party(
                &PartyInput {
                    kind: PartyKindDto::Company,
                    name: format!("Nouveau contact {n}"),
                    first_name: None,
                    siret: None,
                    vat: None,
                    phone: None,
                    mobile: None,
                    email: None,
                    address1: None,
                    address2: None,
                    postal_code: Some("38000".into()),
                    city: Some("Grenoble".into()),
                    country: None,
                    notes: None,
                },
                true,
            )
            .unwrap();
        app.log_action(&ActionInput {
            party_id: created.id,
            person_id: None,
            action_type: "appel".into(),
            date: today.clone(),
            time: None,
            comment: None,
            outcome: Some(ActionOutcome::Positive),
            reminders: Vec::new(),
        })
        .unwrap();
    }
    app.log_action(&ActionInput {
        party_id: BUSY.into(),
        person_id: None,
        action_type: "appel".into(),
        date: today.clone(),
        time: Some("18:00".into()),
        comment: Some("Dernier appel".into()),
        outcome: Some(ActionOutcome::Neutral),
        reminders: Vec::new(),
    })
    .unwrap();

    // The contact list: every status × every kind, and a few texts with a filter.
    let mut queries: Vec<ContactQuery> = Vec::new();
    for status in [
        None,
        Some(PartyStatus::Lead),
        Some(PartyStatus::DeadLead),
        Some(PartyStatus::Prospect),
        Some(PartyStatus::DeadProspect),
        Some(PartyStatus::Client),
    ] {
        for kind in [
            None,
            Some(PartyKindDto::Company),
            Some(PartyKindDto::Person),
        ] {
            queries.push(ContactQuery {
                text: String::new(),
                status,
                kind,
            });
        }
        for text in ["entreprise 42", "grenoble", "zzzz"] {
            queries.push(ContactQuery {
                text: text.into(),
                status,
                kind: None,
            });
        }
    }
    let mut list_ms = Vec::new();
    let mut shown = 0usize;
    for _ in 0..RUNS {
        for query in &queries {
            let started = Instant::now();
            let hits = app.contacts(query).unwrap();
            let json = serde_json::to_vec(&hits).unwrap();
            list_ms.push(ms(started));
            shown = shown.max(hits.len());
            assert!(!json.is_empty());
        }
    }
    let prospects = app
        .contacts(&ContactQuery {
            text: String::new(),
            status: Some(PartyStatus::DeadProspect),
            kind: Some(PartyKindDto::Person),
        })
        .unwrap();
    assert!(!prospects.is_empty());
    assert!(prospects
        .iter()
        .all(|h| h.status == PartyStatus::DeadProspect && h.kind == PartyKindDto::Person));

    // Reference: the rows computing every status per call would read at the least.
    let raw = rusqlite::Connection::open_with_flags(
        bench
            .snapshot_dir()
            .join(read_manifest(&bench.snapshot_dir()).unwrap().database),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut scan_ms = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut rows = 0usize;
        let mut parties_scan = raw
            .prepare_cached("SELECT id, kind, name, first_name, city, postal_code FROM party")
            .unwrap();
        let mut it = parties_scan.query([]).unwrap();
        while let Some(row) = it.next().unwrap() {
            let _: String = row.get(0).unwrap();
            rows += 1;
        }
        let mut actions_scan = raw
            .prepare_cached("SELECT id, party_id, date, action_type, outcome FROM action")
            .unwrap();
        let mut it = actions_scan.query([]).unwrap();
        while let Some(row) = it.next().unwrap() {
            let _: String = row.get(1).unwrap();
            rows += 1;
        }
        scan_ms.push(ms(started));
        assert!(rows > parties);
    }

    // The busy party's page, and the snapshot-only timeline reader it replaces.
    let mut page_ms = Vec::new();
    let mut entries = 0usize;
    for _ in 0..TIMELINE_RUNS {
        let started = Instant::now();
        let page = app.contact_page(BUSY).unwrap();
        let json = serde_json::to_vec(&page).unwrap();
        page_ms.push(ms(started));
        entries = page.timeline.len();
        assert!(!json.is_empty());
    }
    let mut old_ms = Vec::new();
    let mut old_items = 0usize;
    for _ in 0..3 {
        let started = Instant::now();
        let items = app.timeline(BUSY).unwrap();
        old_ms.push(ms(started));
        old_items = items.len();
    }
    assert_eq!(
        old_items, 4000,
        "the snapshot-only reader reads every snapshot action"
    );

    let (l50, l95) = summary(list_ms);
    let (s50, s95) = summary(scan_ms);
    let (p50, p95) = summary(page_ms);
    let (o50, o95) = summary(old_ms);
    println!("open (copy, hash) {open_ms:.0} ms; record index (statuses of {parties} parties) {index_ms:.0} ms");
    println!(
        "contacts over {parties} parties, {} queries x {RUNS} (at most {shown} lines): command p50 {l50:.2} ms p95 {l95:.2} ms | bare scan of parties + actions p50 {s50:.1} ms p95 {s95:.1} ms | p95 ratio {:.2}",
        queries.len(),
        l95 / s95
    );
    println!(
        "contact page with {entries} timeline entries x {TIMELINE_RUNS}: command p50 {p50:.1} ms p95 {p95:.1} ms | snapshot-only timeline ({old_items} actions) p50 {o50:.1} ms p95 {o95:.1} ms"
    );
}
