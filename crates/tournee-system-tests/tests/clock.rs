//! A laptop clock an hour ahead of the server or an hour behind, including across midnight:
//! the visit the rep records for "today" (the laptop's day) is integrated, once, and never
//! refused as a future date; nothing is lost, nothing applied twice.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use tournee_core::Answer;
use tournee_field::dto::VisitInput;
use tournee_field::FieldApp;
use tournee_system_tests::bench::Bench;

fn record_today(app: &mut FieldApp, laptop_now: DateTime<FixedOffset>, comment: &str) {
    app.set_clock(Box::new(move || laptop_now));
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let form = app.form_config().unwrap();
    let mut answers = BTreeMap::new();
    for group in form.visit_form.groups.iter().filter(|g| g.required) {
        answers.insert(group.id.clone(), Answer::One(group.options[0].id.clone()));
    }
    app.record_visit(&VisitInput {
        client_code: code,
        visit_date: laptop_now.date_naive().to_string(),
        visit_time: None,
        comment: comment.into(),
        answers,
    })
    .unwrap();
}

#[test]
fn an_hour_ahead_or_behind_even_across_midnight_is_integrated_once() {
    let bench = Bench::new();
    let mut app = bench.app();
    let paris = FixedOffset::east_opt(3600).unwrap();
    // The server's clock: 23:30 in Paris today.
    let today = Utc::now().with_timezone(&paris).date_naive();
    let server_now = paris
        .from_local_datetime(&today.and_hms_opt(23, 30, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let cases = [
        ("une heure d'avance, déjà demain", Duration::hours(1)),
        ("une heure de retard", Duration::hours(-1)),
        ("à l'heure", Duration::zero()),
    ];
    for (comment, skew) in cases {
        record_today(&mut app, (server_now + skew).with_timezone(&paris), comment);
    }
    assert_eq!(bench.sync_up(), cases.len());
    let summary = bench.integrate_at(server_now);
    assert_eq!((summary.integrated, summary.failed), (cases.len(), 0));
    // The same files delivered again (a second transport, a re-sync) change nothing.
    let archive_copies: Vec<_> = walk(&bench.dir.archive());
    let inbox = bench.dir.inbox().join(&bench.user);
    for file in &archive_copies {
        std::fs::copy(file, inbox.join(file.file_name().unwrap())).unwrap();
    }
    let again = bench.integrate_at(server_now);
    assert_eq!(
        (again.integrated, again.duplicates, again.failed),
        (0, cases.len(), 0)
    );
    let conn = rusqlite::Connection::open(bench.dir.database()).unwrap();
    for (comment, skew) in cases {
        let date: String = conn
            .query_row(
                "SELECT date_relation FROM client_relation WHERE commentaire LIKE ?1 || '%'",
                [comment],
                |r| r.get(0),
            )
            .unwrap();
        let expected = (server_now + skew).with_timezone(&paris).date_naive();
        assert_eq!(
            date,
            expected.to_string(),
            "{comment}: the laptop's day is kept"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
