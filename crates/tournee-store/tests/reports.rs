//! The sales reports (issue 15) over a real SQLite master filled through the real
//! integrator: a campaign and its leads, opportunities walked through the pipeline, won,
//! lost and left open, a conversation that makes a prospect; each report's figures checked
//! against what the changes did.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use chrono::NaiveDate;
use common::{deliver_at, master_with, rc, Master};
use serde_json::{json, Value};
use tournee_store::{sales_report, Outcome, Parameters, ReportPeriod};

const NOW: &str = "2026-11-30T12:00:00Z";
const CAMPAIGN: &str = "01JD0000000000000000000C01";

fn party_id(n: u32) -> String {
    format!("01JD0000000000000000000P{n:02}")
}

fn opportunity_id(n: u32) -> String {
    format!("01JD0000000000000000000Q{n:02}")
}

/// `user`'s change `payload`, made at `at`, integrated.
fn apply(m: &mut Master, user: &str, at: &str, payload: Value) {
    let change = rc(m, user, at, payload.clone());
    assert_eq!(
        deliver_at(m, &change, NOW),
        Outcome::Integrated,
        "{payload}"
    );
}

fn opportunity_update(m: &mut Master, user: &str, at: &str, n: u32, fields: Value) {
    let payload =
        json!({"entity": "opportunity", "op": "update", "id": opportunity_id(n), "fields": fields});
    apply(m, user, at, payload);
}

/// Trade show in November: three leads (two of jdupont's under the campaign, one of
/// mmartin's); jdupont's first wins 10,000.00 € after 50 hours, his second is open at
/// « Besoin identifié » for January (5,000.00 € at 30 %), mmartin's is lost after 26 hours;
/// a positive call made jdupont's second a prospect.
fn master() -> Master {
    let mut m = master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("slefebvre", "SL04", true),
    ]);
    // Campaigns are the admin's (brief 003's default policy: reps read them).
    apply(
        &mut m,
        "slefebvre",
        "2026-11-02T08:00:00Z",
        json!({"entity": "campaign", "op": "create", "id": CAMPAIGN,
               "fields": {"name": "Salon Equip Auto", "starts_on": "2026-11-02",
                          "ends_on": "2026-11-04", "cost_cents": 250_000}}),
    );
    for (n, user, campaign) in [
        (1, "jdupont", true),
        (2, "jdupont", true),
        (3, "mmartin", false),
    ] {
        let mut fields = json!({"kind": "company", "name": format!("Garage {n}"), "owner": user});
        if campaign {
            fields["campaign"] = json!(CAMPAIGN);
        }
        apply(
            &mut m,
            user,
            "2026-11-03T09:00:00Z",
            json!({"entity": "party", "op": "create", "id": party_id(n), "fields": fields}),
        );
    }
    apply(
        &mut m,
        "jdupont",
        "2026-11-03T11:00:00Z",
        json!({"entity": "action", "op": "create", "id": "01JD00000000000000000A0001",
               "fields": {"party_id": party_id(2), "action_type": "appel",
                          "date": "2026-11-03", "outcome": "positive"}}),
    );
    for (n, user, value) in [
        (1, "jdupont", 1_000_000),
        (2, "jdupont", 500_000),
        (3, "mmartin", 200_000),
    ] {
        apply(
            &mut m,
            user,
            "2026-11-04T10:00:00Z",
            json!({"entity": "opportunity", "op": "create", "id": opportunity_id(n),
                   "fields": {"party_id": party_id(n), "title": "Pneus flotte",
                              "value_cents": value, "expected_close": "2027-01-15",
                              "pipeline": "standard", "stage": "qualification",
                              "status": "open"}}),
        );
    }
    for (hour, stage) in [(11, "besoin"), (12, "proposition"), (13, "negociation")] {
        let at = format!("2026-11-04T{hour}:00:00Z");
        opportunity_update(&mut m, "jdupont", &at, 1, json!({"stage": stage}));
    }
    opportunity_update(
        &mut m,
        "jdupont",
        "2026-11-06T12:00:00Z",
        1,
        json!({"status": "won"}),
    );
    opportunity_update(
        &mut m,
        "jdupont",
        "2026-11-05T09:00:00Z",
        2,
        json!({"stage": "besoin"}),
    );
    opportunity_update(
        &mut m,
        "mmartin",
        "2026-11-05T12:00:00Z",
        3,
        json!({"status": "lost", "loss_reason": "Prix"}),
    );
    m
}

fn november() -> ReportPeriod {
    ReportPeriod {
        from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    }
}

#[test]
fn each_report_counts_what_the_changes_did() {
    let mut m = master();
    let pipelines = Parameters::default().pipelines;
    let report = sales_report(&mut m.conn, &pipelines, november()).unwrap();

    // Sales: jdupont's one win, in November.
    assert_eq!(report.sales.len(), 1);
    let sale = &report.sales[0];
    assert_eq!(
        (
            sale.month.as_str(),
            sale.rep.as_str(),
            sale.won,
            sale.won_cents
        ),
        ("2026-11", "jdupont", 1, 1_000_000)
    );
    // Funnel: three created, one prospect by its call, three with an opportunity, one won
    // (the won party's status is not « prospect »: it had no conversation).
    let f = report.funnel;
    assert_eq!((f.leads, f.prospects, f.opportunities, f.won), (3, 1, 3, 1));
    // Forecast: only the open one, 5,000.00 € at 30 % in January.
    assert_eq!(report.forecast, vec![("2027-01".to_string(), 150_000)]);
    // Time to close: jdupont 50 h (4 Nov 10:00 → 6 Nov 12:00), mmartin 26 h.
    let times: Vec<_> = report
        .close_times
        .iter()
        .map(|t| (t.rep.as_str(), t.closed, t.hours_tenths))
        .collect();
    assert_eq!(times, vec![("jdupont", 1, 500), ("mmartin", 1, 260)]);
    // The campaign: two leads, two opportunities, 10,000.00 € won for 2,500.00 € spent.
    assert_eq!(report.campaigns.len(), 1);
    let c = &report.campaigns[0];
    assert_eq!(
        (
            c.name.as_str(),
            c.cost_cents,
            c.leads,
            c.opportunities,
            c.won_cents
        ),
        ("Salon Equip Auto", 250_000, 2, 2, 1_000_000)
    );
}

#[test]
fn a_period_before_anything_happened_counts_nothing_but_the_forecast() {
    let mut m = master();
    let pipelines = Parameters::default().pipelines;
    let october = ReportPeriod {
        from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    };
    let report = sales_report(&mut m.conn, &pipelines, october).unwrap();
    assert!(report.sales.is_empty());
    assert_eq!(report.funnel, tournee_store::Funnel::default());
    assert!(report.close_times.is_empty());
    assert!(report.campaigns.is_empty());
    // The forecast looks ahead whatever the period.
    assert_eq!(report.forecast, vec![("2027-01".to_string(), 150_000)]);
}
