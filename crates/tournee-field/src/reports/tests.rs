//! The reports on real files: a snapshot as the server writes it, `local.sqlite`, an outbox,
//! jdupont's laptop on 21 November 2026 (`test_laptop`). Each report over November 2026,
//! its records placed on both sides of the period's edges; then what this laptop typed
//! (a business card, a call, an opportunity, a close) counted at once; the period checked
//! field by field. That the figures equal the server's over a real manager's snapshot is
//! `crates/tournee-system-tests/tests/reports.rs`'s.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::*;
use crate::dto::{
    ActionInput, ActionOutcome, CloseInput, LeadCardInput, OpportunityInput, ReportQuery,
};
use crate::test_laptop::Laptop;

const C1: &str = "01JD00000000000000000000C1";
const C2: &str = "01JD00000000000000000000C2";
const C3: &str = "01JD00000000000000000000C3";
const PA: &str = "01JD00000000000000000000PA";
const PB: &str = "01JD00000000000000000000PB";
const PC: &str = "01JD00000000000000000000PC";
const PD: &str = "01JD00000000000000000000PD";
const PE: &str = "01JD00000000000000000000PE";
const PF: &str = "01JD00000000000000000000PF";
const O1: &str = "01JD00000000000000000000Q1";
const O2: &str = "01JD00000000000000000000Q2";
const O3: &str = "01JD00000000000000000000Q3";
const O4: &str = "01JD00000000000000000000Q4";
const O5: &str = "01JD00000000000000000000Q5";
const O6: &str = "01JD00000000000000000000Q6";

/// Parties and opportunities on both sides of November 2026's edges:
/// * PA (jdupont's, prospect, created at the period's first instant, campaign C1) with O1
///   won on that same first instant and O4 open at « Négociation » (80 %);
/// * PB (jdupont's, client, created the last millisecond before) with O2 won then too;
/// * PC (mmartin's, a team member, lead, created the last second of the period, C1) with O3
///   lost the last millisecond of the period and O5 open at « Qualification » (10 %);
/// * PD, a pool lead luc created under C1 (luc owns nothing here: not counted), PE a pool
///   lead mmartin created (counted), PF (jdupont's) created the first instant after, with
///   O6 won then;
/// * campaigns C1 starting the period's last day, C2 the day before it, C3 its first day.
fn snapshot(dir: &Path) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO config VALUES ('accepted_specs', '[1,2]');
         INSERT INTO app_user VALUES ('jdupont', 'JD01', 'Jean Dupont', 0),
                                     ('mmartin', 'MM01', 'Marie Martin', 0);
         INSERT INTO campaign (id, name, starts_on, cost_cents, owner, created_by, created_at) VALUES
           ('{C1}', 'House & Design', '2026-11-30', 150000, 'nbertrand', 'nbertrand', '2026-10-01T08:00:00Z'),
           ('{C2}', 'Portes ouvertes', '2026-10-31', 20000, 'nbertrand', 'nbertrand', '2026-10-01T08:00:00Z'),
           ('{C3}', 'Salon de l''habitat', '2026-11-01', NULL, 'nbertrand', 'nbertrand', '2026-10-01T08:00:00Z');
         INSERT INTO party (id, kind, name, owner, created_by, created_at, status, campaign, unassigned) VALUES
           ('{PA}', 'company', 'Cuisines Dubois', 'jdupont', 'jdupont', '2026-11-01T00:00:00.000Z', 'prospect', '{C1}', 0),
           ('{PB}', 'company', 'Bains Leroy', 'jdupont', 'jdupont', '2026-10-31T23:59:59.999Z', 'client', NULL, 0),
           ('{PC}', 'company', 'Dressings Morel', 'mmartin', 'mmartin', '2026-11-30T23:59:59.000Z', 'lead', '{C1}', 0),
           ('{PD}', 'company', 'Verrières Caron', 'luc', 'luc', '2026-11-10T10:00:00.000Z', 'lead', '{C1}', 1),
           ('{PE}', 'company', 'Parquets Roux', 'mmartin', 'mmartin', '2026-11-12T10:00:00.000Z', 'lead', NULL, 1),
           ('{PF}', 'company', 'Escaliers Faure', 'jdupont', 'jdupont', '2026-12-01T00:00:00.000Z', 'lead', NULL, 0);
         INSERT INTO opportunity (id, party_id, title, value_cents, expected_close, pipeline, stage,
             status, loss_reason, closed_at, owner, created_by, created_at) VALUES
           ('{O1}', '{PA}', 'Cuisine', 100000, '2026-11-01', 'standard', 'negociation', 'won', NULL,
             '2026-11-01T00:00:00.000Z', 'jdupont', 'jdupont', '2026-10-30T00:00:00.000Z'),
           ('{O2}', '{PB}', 'Salle de bain', 50000, '2026-10-31', 'standard', 'negociation', 'won', NULL,
             '2026-10-31T23:59:59.999Z', 'jdupont', 'jdupont', '2026-10-01T00:00:00.000Z'),
           ('{O3}', '{PC}', 'Dressing', 80000, '2026-11-30', 'standard', 'besoin', 'lost', 'Trop cher',
             '2026-11-30T23:59:59.999Z', 'mmartin', 'mmartin', '2026-11-30T11:59:59.999Z'),
           ('{O4}', '{PA}', 'Armoires rouges', 200000, '2027-01-15', 'standard', 'negociation', 'open', NULL,
             NULL, 'jdupont', 'jdupont', '2026-11-01T09:00:00.000Z'),
           ('{O5}', '{PC}', 'Placards', 300000, '2027-01-20', 'standard', 'qualification', 'open', NULL,
             NULL, 'mmartin', 'mmartin', '2026-11-02T09:00:00.000Z'),
           ('{O6}', '{PF}', 'Escalier', 70000, '2026-12-01', 'standard', 'negociation', 'won', NULL,
             '2026-12-01T00:00:00.000Z', 'jdupont', 'jdupont', '2026-11-20T00:00:00.000Z');"
    ))
    .unwrap();
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn laptop() -> Laptop {
    let mut laptop = Laptop::new(snapshot);
    laptop.accepts = true;
    laptop
}

fn november() -> ReportQuery {
    ReportQuery {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
    }
}

impl Laptop {
    fn reports(&mut self, query: &ReportQuery) -> SalesReports {
        let pipelines = self.parameters.pipelines.clone();
        let users = crate::snapshot::users(&self.conn).unwrap();
        let period = ReportPeriod::check(query).unwrap();
        self.with(|_, w| sales_reports(w.reader, &pipelines, &users, "jdupont", period).unwrap())
    }
}

fn sales(r: &SalesReports) -> Vec<(&str, &str, &str, u32, i64)> {
    r.sales
        .iter()
        .map(|s| {
            (
                s.month.as_str(),
                s.rep.as_str(),
                s.rep_name.as_str(),
                s.won,
                s.won_cents,
            )
        })
        .collect()
}

fn close_times(r: &SalesReports) -> Vec<(&str, u32, i64)> {
    r.close_times
        .iter()
        .map(|c| (c.rep.as_str(), c.closed, c.hours_tenths))
        .collect()
}

fn campaigns(r: &SalesReports) -> Vec<(&str, i64, u32, u32, i64)> {
    r.campaigns
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.cost_cents,
                c.leads,
                c.opportunities,
                c.won_cents,
            )
        })
        .collect()
}

fn forecast(r: &SalesReports) -> Vec<(&str, i64)> {
    r.forecast
        .iter()
        .map(|f| (f.month.as_str(), f.cents))
        .collect()
}

#[test]
fn each_report_counts_what_the_snapshot_holds_within_the_periods_edges() {
    let mut laptop = laptop();
    let r = laptop.reports(&november());
    assert_eq!(
        (r.from.as_str(), r.to.as_str()),
        ("2026-11-01", "2026-11-30")
    );
    // Won on the first instant counts; the millisecond before and the first instant after
    // do not; a lost one is no sale.
    assert_eq!(
        sales(&r),
        vec![("2026-11", "jdupont", "Jean Dupont", 1, 100_000)]
    );
    // Created in November: PA (prospect, won), PC (lead, with opportunities), PE (a pool
    // lead of mmartin's, who owns PC); not PD (a pool lead of luc's, who owns nothing here).
    assert_eq!(
        r.funnel,
        ReportFunnel {
            leads: 3,
            prospects: 1,
            opportunities: 2,
            won: 1
        }
    );
    // 2 000 € × 80 % + 3 000 € × 10 % in January, whatever the period.
    assert_eq!(forecast(&r), vec![("2027-01", 190_000)]);
    // O1: 48 h, O3 (lost the period's last millisecond): 12 h.
    assert_eq!(
        close_times(&r),
        vec![("jdupont", 1, 480), ("mmartin", 1, 120)]
    );
    assert_eq!(r.close_times[1].rep_name, "Marie Martin");
    // Started on the first and on the last day; C1's leads without luc's pool lead, its
    // opportunities on any of its parties.
    assert_eq!(
        campaigns(&r),
        vec![
            ("Salon de l'habitat", 0, 0, 0, 0),
            ("House & Design", 150_000, 2, 4, 100_000)
        ]
    );
    assert_eq!(r.pending, 0);

    // October: O2, PB, C2; the forecast is the same.
    let october = laptop.reports(&ReportQuery {
        from: "2026-10-01".into(),
        to: "2026-10-31".into(),
    });
    assert_eq!(
        sales(&october),
        vec![("2026-10", "jdupont", "Jean Dupont", 1, 50_000)]
    );
    assert_eq!(october.funnel.leads, 1);
    assert_eq!(october.funnel.prospects, 1);
    assert_eq!(october.funnel.opportunities, 1);
    assert_eq!(forecast(&october), forecast(&r));
    assert_eq!(
        campaigns(&october),
        vec![("Portes ouvertes", 20_000, 0, 0, 0)]
    );
}

#[test]
fn what_this_laptop_typed_counts_at_once_with_the_times_the_server_will_stamp() {
    let mut laptop = laptop();
    // A business card at the trade show: a lead under C1, created now (09:00 UTC).
    let card = laptop
        .with(|local, w| {
            w.add_lead_card(
                local,
                &LeadCardInput {
                    campaign_id: C1.into(),
                    company: Some("Menuiserie Blanc".into()),
                    first_name: Some("Paul".into()),
                    last_name: Some("Blanc".into()),
                    phone: None,
                    email: None,
                    notes: None,
                    allow_duplicates: true,
                },
            )
        })
        .unwrap();
    // A conversation makes PC (mmartin's lead) a prospect.
    laptop
        .with(|local, w| {
            w.log_action(
                local,
                &ActionInput {
                    party_id: PC.into(),
                    person_id: None,
                    action_type: "appel".into(),
                    date: "2026-11-21".into(),
                    time: None,
                    comment: Some("Intéressé".into()),
                    outcome: Some(ActionOutcome::Positive),
                    reminders: Vec::new(),
                },
            )
        })
        .unwrap();
    // An opportunity on the card, and O4 won from its last stage.
    laptop
        .with(|local, w| {
            w.create_opportunity(
                local,
                &OpportunityInput {
                    party_id: card.id.clone(),
                    pipeline: None,
                    title: "Fenêtres".into(),
                    value_cents: Some(10_000),
                    expected_close: Some("2027-02-20".into()),
                },
            )
        })
        .unwrap();
    laptop
        .with(|local, w| {
            w.close_opportunity(
                local,
                O4,
                &CloseInput {
                    won: true,
                    loss_reason: None,
                },
            )
        })
        .unwrap();
    let r = laptop.reports(&november());
    // O4 won now: 2 000 € more in November, and its 20 days to close (created 1 November
    // 09:00, closed 21 November 09:00) beside O1's 48 h.
    assert_eq!(
        sales(&r),
        vec![("2026-11", "jdupont", "Jean Dupont", 2, 300_000)]
    );
    assert_eq!(
        close_times(&r),
        vec![("jdupont", 2, 2640), ("mmartin", 1, 120)]
    );
    // The card is a lead created in November with an opportunity; PC is a prospect now.
    assert_eq!(
        r.funnel,
        ReportFunnel {
            leads: 4,
            prospects: 2,
            opportunities: 3,
            won: 1
        }
    );
    // O4 left the forecast; the card's opportunity (10 % of 100 €) came in.
    assert_eq!(forecast(&r), vec![("2027-01", 30_000), ("2027-02", 1_000)]);
    assert_eq!(campaigns(&r)[1], ("House & Design", 150_000, 3, 5, 300_000));
    // The card, PC (its call), the new opportunity and O4.
    assert_eq!(r.pending, 4);

    // December: the pending close is not in it, the card neither.
    let december = laptop.reports(&ReportQuery {
        from: "2026-12-01".into(),
        to: "2026-12-31".into(),
    });
    assert_eq!(
        sales(&december),
        vec![("2026-12", "jdupont", "Jean Dupont", 1, 70_000)]
    );
    assert_eq!(december.funnel.leads, 1);
}

#[test]
fn a_period_is_checked_field_by_field() {
    let problems = |from: &str, to: &str| {
        let error = ReportPeriod::check(&ReportQuery {
            from: from.into(),
            to: to.into(),
        })
        .unwrap_err()
        .to_command_error();
        error
            .problems
            .iter()
            .map(|p| (p.field.clone(), p.code.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        problems("2026-13-01", "hier"),
        vec![
            ("from".to_string(), "invalid_date".to_string()),
            ("to".to_string(), "invalid_date".to_string())
        ]
    );
    assert_eq!(
        problems("2026-11-30", "2026-11-01"),
        vec![("to".to_string(), "invalid_range".to_string())]
    );
    assert_eq!(
        problems("2016-01-01", "2026-01-31"),
        vec![("to".to_string(), "invalid_range".to_string())]
    );
    // One day, and ten years, are periods; blanks around a day are not a problem.
    let day = ReportPeriod::check(&ReportQuery {
        from: " 2026-11-21 ".into(),
        to: "2026-11-21".into(),
    })
    .unwrap();
    assert_eq!(day.bounds().0, "2026-11-21T00:00:00");
    assert_eq!(day.bounds().1, "2026-11-22T00:00:00");
    assert!(ReportPeriod::check(&ReportQuery {
        from: "2016-11-21".into(),
        to: "2026-11-21".into(),
    })
    .is_ok());
}
