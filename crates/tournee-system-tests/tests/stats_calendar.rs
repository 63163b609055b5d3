//! « Stats » and « Historique » against real snapshots of the small demo data: the rep's
//! own figures, an admin's view of another rep from the team tables (which must agree
//! with the rep's own computation), the A4 PDF read back by poppler, and the calendar
//! export read back by Python's `icalendar` as a calendar application would.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;
use std::process::Command;

use chrono::{Duration, Local};
use tournee_core::Answer;
use tournee_field::dto::VisitInput;
use tournee_field::dto::*;
use tournee_field::FieldApp;
use tournee_system_tests::bench::Bench;

fn query(rep: Option<&str>, period: &str) -> StatsQuery {
    StatsQuery {
        rep: rep.map(str::to_string),
        period: period.into(),
    }
}

fn total(series: &[Series]) -> i64 {
    series.iter().flat_map(|s| s.values.iter()).sum()
}

fn snapshot_count(bench: &Bench, sql: &str) -> i64 {
    let manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
    let conn = rusqlite::Connection::open(bench.snapshot_dir().join(manifest.database)).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn answered_visit(app: &FieldApp, code: &str) -> VisitInput {
    let form = app.form_config().unwrap();
    let mut answers = BTreeMap::new();
    for group in form.visit_form.groups.iter().filter(|g| g.required) {
        answers.insert(group.id.clone(), Answer::One(group.options[0].id.clone()));
    }
    answers.insert(
        "objet_visite".into(),
        Answer::Many(vec!["remise_proposition".into()]),
    );
    answers.insert(
        "remise_proposition_type".into(),
        Answer::Many(vec!["tp".into()]),
    );
    VisitInput {
        client_code: code.into(),
        visit_date: Local::now().date_naive().to_string(),
        visit_time: Some("08:15".into()),
        comment: "Relevé de parc".into(),
        answers,
    }
}

#[test]
fn own_stats_count_the_snapshot_and_the_pending_visits() {
    let bench = Bench::new();
    let mut app = bench.app();
    let twelve = app.stats(&query(None, "12m")).unwrap();
    assert_eq!(twelve.months.len(), 12);
    assert_eq!(twelve.rep, "JD01");
    assert_eq!(twelve.period, "12m");
    let from = format!("{}-01", twelve.months[0]);
    let expected = snapshot_count(
        &bench,
        &format!(
            "SELECT count(*) FROM client_relation WHERE c_user = 'JD01' AND origine_relation <> 'LIT' \
             AND date_relation >= '{from}'"
        ),
    );
    assert!(expected > 0);
    assert_eq!(total(&twelve.visits_by_grid), expected);
    assert!(twelve.clients_visited <= twelve.clients_total && twelve.clients_total > 0);
    assert_eq!(twelve.ca_n.values.len(), 12);

    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let proposals_before = total(&twelve.proposals);
    app.record_visit(&answered_visit(&app, &code)).unwrap();
    let after = app.stats(&query(None, "12m")).unwrap();
    assert_eq!(
        total(&after.visits_by_grid),
        expected + 1,
        "the pending visit counts"
    );
    assert_eq!(total(&after.proposals), proposals_before + 1);
    let this_month =
        |stats: &Stats| -> i64 { stats.visits_by_grid.iter().map(|s| s.values[11]).sum() };
    assert_eq!(
        this_month(&after),
        this_month(&twelve) + 1,
        "in the current month"
    );

    // Another rep's figures are for admins only.
    let refused = app.stats(&query(Some("NB02"), "12m")).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::OtherRepsFigures);
    assert_eq!(app.list_reps().unwrap().len(), 1);
    assert_eq!(
        app.stats(&query(None, "forever")).unwrap_err().code(),
        ErrorCode::InvalidFormat
    );
}

#[test]
fn an_admin_sees_any_rep_with_the_same_figures_the_rep_computes() {
    let bench = Bench::new_as("nbertrand");
    let app = bench.app();
    assert!(app.status().unwrap().user.unwrap().is_admin);
    let reps = app.list_reps().unwrap();
    assert_eq!(reps.len(), 6);
    for period in ["month", "3m", "12m", "year", "last_year"] {
        // The admin's own figures, computed on the laptop, against the server's team
        // figures for the same rep: one definition, two places.
        let own = app.stats(&query(None, period)).unwrap();
        let conn_stats = {
            let manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
            let conn =
                rusqlite::Connection::open(bench.snapshot_dir().join(manifest.database)).unwrap();
            let settings = tournee_field::ServerParameters::read(&conn).unwrap();
            let p = tournee_core::period::period(period, Local::now().date_naive()).unwrap();
            tournee_field::team_stats(
                &conn,
                &settings.visit_form,
                "NB02",
                &p,
                tournee_core::Lang::Fr,
            )
            .unwrap()
        };
        assert_eq!(own.visits_by_grid, conn_stats.visits_by_grid, "{period}");
        assert_eq!(own.proposals, conn_stats.proposals, "{period}");
        assert_eq!(own.prospect_visits, conn_stats.prospect_visits, "{period}");
        assert_eq!(own.ca_n, conn_stats.ca_n, "{period}");
        assert_eq!(own.ca_n1, conn_stats.ca_n1, "{period}");
        assert_eq!(
            (own.clients_total, own.clients_visited),
            (conn_stats.clients_total, conn_stats.clients_visited),
            "{period}"
        );
        assert_eq!(own.prospects_total, conn_stats.prospects_total, "{period}");
    }
    let other = app.stats(&query(Some("JD01"), "12m")).unwrap();
    assert_eq!(other.rep_name, "Jean Dupont");
    assert!(total(&other.visits_by_grid) > 0);

    let today = Local::now().date_naive();
    let (from, to) = (today - Duration::days(40), today);
    let range = |rep: Option<&str>| CalendarQuery {
        rep: rep.map(str::to_string),
        from: from.to_string(),
        to: to.to_string(),
    };
    let key = |e: &CalendarEvent| {
        (
            e.date.clone(),
            e.time.clone(),
            e.entity_code.clone(),
            e.objet.clone(),
        )
    };
    let own = app.calendar(&range(None)).unwrap();
    assert_eq!(
        own.available_from, None,
        "the admin's own calendar is whole"
    );
    let mut mine: Vec<_> = own.events.iter().map(key).collect();
    let manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
    let conn = rusqlite::Connection::open(bench.snapshot_dir().join(manifest.database)).unwrap();
    let settings = tournee_field::ServerParameters::read(&conn).unwrap();
    let mut team: Vec<_> =
        tournee_field::team_events(&conn, &settings, "NB02", from, to, tournee_core::Lang::Fr)
            .unwrap()
            .iter()
            .map(key)
            .collect();
    mine.sort();
    team.sort();
    assert!(!mine.is_empty());
    assert_eq!(mine, team, "the admin's own calendar, computed both ways");
    let jean = app.calendar(&range(Some("JD01"))).unwrap();
    assert!(!jean.events.is_empty() && jean.events.iter().all(|e| !e.pending));
    // Another rep's visits travel for TEAM_VISIT_DAYS only: the calendar says from when, and
    // every visit it shows is from then on.
    let since = (today - Duration::days(tournee_store::TEAM_VISIT_DAYS)).to_string();
    assert_eq!(jean.available_from.as_deref(), Some(since.as_str()));
    assert_eq!(
        jean.available_days,
        Some(tournee_store::TEAM_VISIT_DAYS as u32)
    );
    let older = app
        .calendar(&CalendarQuery {
            rep: Some("JD01".into()),
            from: (today - Duration::days(120)).to_string(),
            to: today.to_string(),
        })
        .unwrap();
    assert!(older.events.len() >= jean.events.len());
    assert!(older.events.iter().all(|e| e.date >= since));
}

#[test]
fn the_stats_page_prints_on_one_a4_page_poppler_can_render() {
    let bench = Bench::new();
    let app = bench.app();
    let file = app.print_stats(&query(None, "12m")).unwrap();
    let bytes = std::fs::read(&file.path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let info = Command::new("pdfinfo").arg(&file.path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
        "one page: {info}"
    );
    assert!(info.contains("(A4)"), "A4: {info}");
    let text = Command::new("pdftotext")
        .args([&file.path, "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for words in [
        "Statistiques — Jean Dupont",
        "12 derniers mois",
        "Remises de proposition",
        "Chiffre d'affaires",
        "Part des clients",
    ] {
        assert!(text.contains(words), "{words:?} missing from:\n{text}");
    }
    let png = std::path::Path::new(&file.path).with_extension("");
    let rendered = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-singlefile", &file.path])
        .arg(&png)
        .status()
        .unwrap();
    assert!(rendered.success());
    let image = std::fs::read(png.with_extension("png")).unwrap();
    assert!(
        image.starts_with(b"\x89PNG") && image.len() > 10_000,
        "a drawn page, not a blank one"
    );
    if let Ok(folder) = std::env::var("STATS_PDF_PNG") {
        std::fs::copy(png.with_extension("png"), folder).unwrap();
    }
}

#[test]
fn the_calendar_export_is_read_back_by_a_calendar_library() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    app.record_visit(&answered_visit(&app, &code)).unwrap();
    let today = Local::now().date_naive();
    let query = CalendarQuery {
        rep: None,
        from: (today - Duration::days(40)).to_string(),
        to: today.to_string(),
    };
    let events = app.calendar(&query).unwrap().events;
    assert!(events.iter().any(|e| e.pending && e.entity_code == code));
    let file = app.export_calendar(&query).unwrap();
    let script = "import sys, icalendar\n\
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
        events = cal.walk('VEVENT')\n\
        print(len(events))\n\
        print(sum(1 for e in events if 'en attente' in str(e.get('SUMMARY'))))\n\
        print(min(e.decoded('DTSTART').date().isoformat() for e in events))";
    let out = Command::new("python3")
        .args(["-c", script, &file.path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines[0], events.len().to_string());
    assert_eq!(lines[1], "1", "the pending visit is marked");
    assert!(lines[2] >= query.from);
    let too_long = CalendarQuery {
        from: "2020-01-01".into(),
        ..query
    };
    assert_eq!(
        app.calendar(&too_long).unwrap_err().code(),
        ErrorCode::InvalidRange
    );
}
