//! « Rapports » in the app counts as the back office does (issue 15, « Reports »): over the
//! small demo's selling (campaigns, opportunities open, won and lost, all through the
//! integrator), a manager's snapshot made by the server's own snapshot code, read by the
//! field app, gives the figures `tournee_store::sales_report_within` gives for that
//! manager's `ReportScope`; and a rep's snapshot those of the rep's own scope. Several
//! periods, so that the edges and the empty ones are crossed too.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{Duration, Local, NaiveDate, Utc};
use tournee_field::dto::{ReportQuery, SalesReports};
use tournee_store::{
    add_member, create_team, open_master, sales_report_within, set_user_role, Parameters,
    ReportPeriod, ReportScope, Role, SalesReport,
};
use tournee_system_tests::bench::Bench;

/// The store's report in the field's shape (reps named by login only), to compare.
fn as_field(report: &SalesReport) -> Vec<String> {
    let mut lines = Vec::new();
    for s in &report.sales {
        lines.push(format!(
            "sale {} {} {} {}",
            s.month, s.rep, s.won, s.won_cents
        ));
    }
    let f = report.funnel;
    lines.push(format!(
        "funnel {} {} {} {}",
        f.leads, f.prospects, f.opportunities, f.won
    ));
    for (month, cents) in &report.forecast {
        lines.push(format!("forecast {month} {cents}"));
    }
    for c in &report.close_times {
        lines.push(format!("close {} {} {}", c.rep, c.closed, c.hours_tenths));
    }
    for c in &report.campaigns {
        lines.push(format!(
            "campaign {} {} {} {} {} {}",
            c.name, c.starts_on, c.cost_cents, c.leads, c.opportunities, c.won_cents
        ));
    }
    lines
}

/// The field app's figures, the same way.
fn lines(reports: &SalesReports) -> Vec<String> {
    let mut lines = Vec::new();
    for s in &reports.sales {
        lines.push(format!(
            "sale {} {} {} {}",
            s.month, s.rep, s.won, s.won_cents
        ));
    }
    let f = reports.funnel;
    lines.push(format!(
        "funnel {} {} {} {}",
        f.leads, f.prospects, f.opportunities, f.won
    ));
    for m in &reports.forecast {
        lines.push(format!("forecast {} {}", m.month, m.cents));
    }
    for c in &reports.close_times {
        lines.push(format!("close {} {} {}", c.rep, c.closed, c.hours_tenths));
    }
    for c in &reports.campaigns {
        lines.push(format!(
            "campaign {} {} {} {} {} {}",
            c.name, c.starts_on, c.cost_cents, c.leads, c.opportunities, c.won_cents
        ));
    }
    lines
}

/// The periods compared: the last 12 months (the screen's default), the demo's trade show
/// month alone, a day, a period before any record, ten years.
fn periods(today: NaiveDate) -> Vec<ReportPeriod> {
    let period = |from: NaiveDate, to: NaiveDate| ReportPeriod { from, to };
    vec![
        period(today - Duration::days(365), today),
        period(today - Duration::days(30), today),
        period(today - Duration::days(3), today - Duration::days(3)),
        period(
            NaiveDate::from_ymd_opt(2001, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2001, 12, 31).unwrap(),
        ),
        period(today - Duration::days(3_650), today + Duration::days(5)),
    ]
}

/// Compares the app's reports over `bench`'s user's snapshot with the store's over the
/// master within that user's scope, for every period; returns how many figures were not 0.
fn compare(bench: &Bench) -> usize {
    let app = bench.app();
    let mut conn = open_master(&bench.dir.database()).unwrap();
    let pipelines = Parameters::load(&conn).unwrap().pipelines;
    let scope = ReportScope::of_reader(&conn, &bench.user).unwrap();
    let mut nonzero = 0;
    for period in periods(Local::now().date_naive()) {
        let server = sales_report_within(&mut conn, &pipelines, period, &scope).unwrap();
        let laptop = app
            .sales_reports(&ReportQuery {
                from: period.from.to_string(),
                to: period.to.to_string(),
            })
            .unwrap();
        assert_eq!(laptop.pending, 0);
        assert_eq!(
            lines(&laptop),
            as_field(&server),
            "{}, {period:?}",
            bench.user
        );
        nonzero += server.sales.len() + server.close_times.len() + server.campaigns.len();
    }
    nonzero
}

/// The demo's reps, by login.
fn reps(bench: &Bench) -> Vec<String> {
    let conn = open_master(&bench.dir.database()).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT windows_user FROM app_user WHERE is_admin = 0 AND erp_code <> '' \
             ORDER BY windows_user",
        )
        .unwrap();
    let reps = statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    reps
}

#[test]
fn a_managers_reports_in_the_app_equal_the_back_offices_for_his_team() {
    // The demo first, then the first rep made a manager leading the second one.
    let mut bench = Bench::new();
    let reps = reps(&bench);
    let (manager, member, outsider) = (&reps[0], &reps[1], &reps[2]);
    {
        let conn = open_master(&bench.dir.database()).unwrap();
        set_user_role(&conn, manager, Role::Manager).unwrap();
        let team = create_team(&conn, "Nord").unwrap();
        add_member(&conn, team, manager, true).unwrap();
        add_member(&conn, team, member, false).unwrap();
    }
    // The laptop is the manager's (nobody has opened it yet).
    bench.user = manager.clone();
    bench.publish_snapshot(Utc::now());
    {
        // The team's figures only: the outsider's opportunities are not in the snapshot.
        let conn = open_master(&bench.dir.database()).unwrap();
        let scope = ReportScope::of_reader(&conn, manager).unwrap();
        let mut team = scope.opportunities.clone().unwrap();
        team.sort();
        let mut expected = vec![manager.clone(), member.clone()];
        expected.sort();
        assert_eq!(team, expected);
        let won = |owner: &str| {
            conn.query_row(
                "SELECT count(*) FROM opportunity WHERE status = 'won' \
                 AND coalesce(owner, created_by) = ?1",
                [owner],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
        };
        assert!(won(outsider) > 0 && won(member) > 0, "every side has sales");
    }
    let nonzero = compare(&bench);
    assert!(nonzero > 5, "the periods hold figures: {nonzero}");
    // The manager's reports name the member's sales and no outsider's.
    let reports = bench
        .app()
        .sales_reports(&ReportQuery {
            from: (Local::now().date_naive() - Duration::days(3_650)).to_string(),
            to: Local::now().date_naive().to_string(),
        })
        .unwrap();
    assert!(reports.sales.iter().any(|s| &s.rep == member));
    assert!(reports.sales.iter().all(|s| &s.rep != outsider));
}

#[test]
fn a_reps_reports_in_the_app_equal_the_back_offices_for_his_own_records() {
    let bench = Bench::new();
    let nonzero = compare(&bench);
    assert!(nonzero > 3, "the periods hold figures: {nonzero}");
}

/// The text poppler reads in a PDF, and whether it is one A4 page.
fn pdf_text(path: &std::path::Path) -> (String, String) {
    let run = |program: &str, args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(program)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    (
        run("pdfinfo", &[path.as_os_str()]),
        run("pdftotext", &[path.as_os_str(), std::ffi::OsStr::new("-")]),
    )
}

#[test]
fn imprimer_writes_the_reports_on_one_a4_page_in_the_reps_language() {
    let bench = Bench::new();
    let mut app = bench.app();
    let today = Local::now().date_naive();
    let query = ReportQuery {
        from: (today - Duration::days(364)).to_string(),
        to: today.to_string(),
    };
    let reports = app.sales_reports(&query).unwrap();
    let file = app.print_reports(&query).unwrap();
    assert!(file
        .path
        .ends_with(&format!("rapports-{}-{today}.pdf", query.from)));
    let (info, text) = pdf_text(std::path::Path::new(&file.path));
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
        "one page: {info}"
    );
    assert!(info.contains("(A4)"), "A4: {info}");
    for words in [
        "Rapports des ventes",
        "Ventes gagnées HT",
        "Entonnoir",
        "Pistes créées",
        "Délai moyen de clôture",
        "Campagnes commencées sur la période",
    ] {
        assert!(text.contains(words), "{words:?} missing from:\n{text}");
    }
    // The funnel's first figure as the screen shows it.
    assert!(text.contains(&reports.funnel.leads.to_string()));
    // In English for a rep who reads English.
    app.set_lang(tournee_core::Lang::En).unwrap();
    let file = app.print_reports(&query).unwrap();
    let (_, text) = pdf_text(std::path::Path::new(&file.path));
    assert!(text.contains("Sales reports"), "{text}");
    assert!(text.contains("Leads created"), "{text}");
}
