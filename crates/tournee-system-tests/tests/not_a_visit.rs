//! A « Demande de modification » is notified by a `client_relation` row, and that row is not
//! a visit: neither while it waits on the laptop nor once the server integrated it, it
//! moves the last visit, the statistics, the share of clients visited or the calendar —
//! the rep's own figures and the team figures of an admin's snapshot alike. The card's
//! history shows it for what it is.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{Duration, Local};
use tournee_field::dto::{CalendarEvent, CalendarQuery, Series, StatsQuery};
use tournee_field::dto::{ModificationInput, RequestedChange};
use tournee_field::{FieldApp, RelationKind};
use tournee_system_tests::bench::Bench;

fn total(series: &[Series]) -> i64 {
    series.iter().flat_map(|s| s.values.iter()).sum()
}

/// What a visit moves, for one rep, as the app shows it.
#[derive(Debug, PartialEq, Eq)]
struct Figures {
    visits_12m: i64,
    visits_month: i64,
    clients_visited_month: u32,
    clients_visited_12m: u32,
    calendar: Vec<(String, String, String)>,
}

fn figures(app: &FieldApp, rep: Option<&str>) -> Figures {
    let stats = |period: &str| {
        app.stats(&StatsQuery {
            rep: rep.map(str::to_string),
            period: period.into(),
        })
        .unwrap()
    };
    let (twelve, month) = (stats("12m"), stats("month"));
    let today = Local::now().date_naive();
    let events: Vec<CalendarEvent> = app
        .calendar(&CalendarQuery {
            rep: rep.map(str::to_string),
            from: (today - Duration::days(40)).to_string(),
            to: today.to_string(),
        })
        .unwrap()
        .events;
    Figures {
        visits_12m: total(&twelve.visits_by_grid),
        visits_month: total(&month.visits_by_grid),
        clients_visited_month: month.clients_visited,
        clients_visited_12m: twelve.clients_visited,
        calendar: events
            .into_iter()
            .map(|e| (e.date, e.entity_code, e.objet))
            .collect(),
    }
}

/// Asks to change the second address line of `code`.
fn request_modification(app: &mut FieldApp, code: &str) {
    app.request_modification(&ModificationInput {
        client_code: code.into(),
        changes: vec![RequestedChange {
            field: "adr2_fac".into(),
            new: "Bâtiment B, porte 3".into(),
        }],
    })
    .unwrap();
}

/// The folder sync, the automaton's pass and the next snapshot, then « actualiser ».
fn round_trip(bench: &Bench, app: &mut FieldApp) {
    assert_eq!(bench.sync_up(), 1);
    let pass = bench.integrate();
    assert_eq!(pass.integrated, 1, "{pass:?}");
    bench.publish_snapshot(chrono::Utc::now());
    app.refresh_snapshot().unwrap();
    assert_eq!(app.status().unwrap().pending_changes, 0);
}

#[test]
fn a_modification_request_moves_no_visit_figure_pending_or_integrated() {
    let bench = Bench::new();
    let mut app = bench.app();
    // The client seen longest ago: any visit today would move its last visit.
    let row = app.home_last_visit().unwrap()[0].clone();
    let code = row.c_client.clone();
    let before = figures(&app, None);
    let card_before = app.client_card(&code).unwrap();

    request_modification(&mut app, &code);
    assert_eq!(figures(&app, None), before, "pending on the laptop");
    assert_eq!(
        app.client_card(&code).unwrap().last_visit,
        card_before.last_visit
    );

    round_trip(&bench, &mut app);
    assert_eq!(figures(&app, None), before, "integrated by the server");
    let card = app.client_card(&code).unwrap();
    assert_eq!(card.last_visit, card_before.last_visit, "card's last visit");
    assert_eq!(card.recent_visits, card_before.recent_visits);
    let home = app
        .home_last_visit()
        .unwrap()
        .into_iter()
        .find(|r| r.c_client == code)
        .unwrap();
    assert_eq!(
        home.last_visit, row.last_visit,
        "home's « Dernière visite »"
    );

    let history = app.visit_history(&code, true).unwrap();
    let notes: Vec<_> = history
        .iter()
        .filter(|v| v.kind == RelationKind::ModificationRequest)
        .collect();
    assert_eq!(notes.len(), 1, "the request is in the history: {history:?}");
    assert!(notes[0].objet.starts_with("Demande de modification du "));
    assert!(notes[0].commentaire.contains("adr2_fac"));
}

#[test]
fn an_admins_team_figures_leave_modification_requests_out() {
    let bench = Bench::new_as("nbertrand");
    let mut app = bench.app();
    assert!(app.status().unwrap().user.unwrap().is_admin);
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    // Nathalie's figures as the server computes them for admins (team tables), read
    // from this admin's snapshot as she would look at a colleague.
    let team = |bench: &Bench| {
        let manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
        let conn =
            rusqlite::Connection::open(bench.snapshot_dir().join(manifest.database)).unwrap();
        let visits: i64 = conn
            .query_row(
                "SELECT coalesce(sum(value), 0) FROM team_month WHERE c_user = 'NB02' AND series LIKE 'grid:%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let shares: Vec<(String, i64)> = conn
            .prepare("SELECT period, clients_visited FROM team_share WHERE c_user = 'NB02' ORDER BY period")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let calendar: i64 = conn
            .query_row(
                "SELECT count(*) FROM team_visit WHERE c_user = 'NB02'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (visits, shares, calendar)
    };
    let team_before = team(&bench);
    let before = figures(&app, None);

    request_modification(&mut app, &code);
    round_trip(&bench, &mut app);

    assert_eq!(
        team(&bench),
        team_before,
        "team figures of the admin's snapshot"
    );
    assert_eq!(figures(&app, None), before, "the admin's own figures");
}
