//! The small demo sells (issue 15): campaigns with their leads, opportunities at every
//! stage (open, won with their stage history, lost with a reason), quotes in every status
//! with their final numbers, calls and meetings, all written through the integrator; each
//! report over it shows figures that the records, counted again in SQL, agree with; a
//! rep's snapshot holds open cards in several columns of the board.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use tournee_core::pipeline::default_pipelines;
use tournee_store::{fill_demo, generate, open_master, sales_report, DemoSpec, DemoSummary};
use tournee_store::{Parameters, Regeneration, ReportPeriod, SnapshotRequest};
use tournee_sync::read_manifest;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo() -> (tempfile::TempDir, Connection, DemoSummary) {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open_master(&dir.path().join("master.sqlite")).unwrap();
    let summary = fill_demo(&mut conn, &DemoSpec::small(today())).unwrap();
    (dir, conn, summary)
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn texts(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_small_demo_sells_through_the_integrator() {
    let (_dir, conn, summary) = demo();
    assert_eq!(summary.campaigns, 2);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM campaign"),
        i64::from(summary.campaigns)
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM party WHERE campaign IS NOT NULL"
        ),
        i64::from(summary.campaign_leads)
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM opportunity"),
        i64::from(summary.opportunities)
    );
    assert_eq!(summary.opportunities, 90);
    assert_eq!(count(&conn, "SELECT count(*) FROM quote"), 36);
    // Every status of an opportunity and of a quote.
    assert_eq!(
        texts(&conn, "SELECT DISTINCT status FROM opportunity ORDER BY 1"),
        ["lost", "open", "won"]
    );
    assert_eq!(
        texts(&conn, "SELECT DISTINCT status FROM quote ORDER BY 1"),
        ["accepted", "draft", "refused", "sent"]
    );
    // Open ones at several stages; a lost one always says why; closing times set by the
    // server, only on closed ones.
    assert!(
        count(
            &conn,
            "SELECT count(DISTINCT stage) FROM opportunity WHERE status = 'open'"
        ) >= 3
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM opportunity WHERE status = 'lost' AND loss_reason IS NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM opportunity WHERE (status = 'open') = (closed_at IS NOT NULL)"
        ),
        0
    );
    // A won one went through every stage: its history has each stage, then the closing.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM opportunity o WHERE o.status = 'won' AND \
             (SELECT count(DISTINCT stage) FROM opportunity_stage s WHERE s.opportunity_id = o.id) < 4"
        ),
        0
    );
    // Won at the last stage, by its own move or by its accepted quote.
    assert_eq!(
        texts(
            &conn,
            "SELECT DISTINCT stage FROM opportunity WHERE status = 'won'"
        ),
        ["negociation"]
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM quote q JOIN opportunity o ON o.id = q.opportunity_id \
             WHERE q.status = 'accepted' AND o.status <> 'won'"
        ),
        0
    );
    // The server numbered every quote, per year, without a gap.
    assert_eq!(
        count(&conn, "SELECT count(*) FROM quote WHERE number IS NULL"),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM (SELECT number_year, max(number_seq) AS top, count(*) AS n \
             FROM quote GROUP BY number_year) WHERE top <> n"
        ),
        0
    );
    // Quote lines are the catalogue's.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM quote q, json_each(q.lines) l WHERE \
             json_extract(l.value, '$.reference') NOT IN (SELECT reference FROM catalogue_item)"
        ),
        0
    );
    // Calls about opportunities, some by a colleague of the owner; meetings ahead.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM action WHERE opportunity IS NOT NULL"
        ),
        i64::from(summary.calls)
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM action a JOIN opportunity o ON o.id = a.opportunity \
             WHERE a.created_by <> coalesce(o.owner, o.created_by)"
        ) > 0
    );
    assert!(summary.meetings > 0);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM meeting WHERE starts_at > '2026-11-24'"
        ),
        i64::from(summary.meetings)
    );
    // None refused; no file arrived, so no ledger row; no demo meeting is mailed.
    assert_eq!(count(&conn, "SELECT count(*) FROM integration_failure"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM change_ledger"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM notification"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM meeting_mail"), 0);
    // Every history starts open at the first stage, with the change that created it.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM opportunity o WHERE NOT EXISTS \
             (SELECT 1 FROM opportunity_stage s WHERE s.opportunity_id = o.id \
              AND s.change_id = o.change_id AND s.stage = 'qualification' AND s.status = 'open')"
        ),
        0
    );
}

#[test]
fn each_report_over_the_small_demo_agrees_with_the_records() {
    let (_dir, mut conn, _) = demo();
    let period = ReportPeriod {
        from: today() - Duration::days(365),
        to: today(),
    };
    let (from, until) = ("2025-11-23T00:00:00", "2026-11-24T00:00:00");
    let report = sales_report(&mut conn, &default_pipelines(), period).unwrap();

    let won: i64 = report.sales.iter().map(|r| i64::from(r.won)).sum();
    let won_cents: i64 = report.sales.iter().map(|r| r.won_cents).sum();
    let sql_won = format!(
        "FROM opportunity WHERE status = 'won' AND closed_at >= '{from}' AND closed_at < '{until}'"
    );
    assert!(won > 0 && report.sales.len() > 1);
    assert_eq!(won, count(&conn, &format!("SELECT count(*) {sql_won}")));
    assert_eq!(
        won_cents,
        count(&conn, &format!("SELECT sum(value_cents) {sql_won}"))
    );

    let funnel = report.funnel;
    assert!(funnel.leads > funnel.prospects && funnel.prospects > 0);
    assert!(funnel.opportunities > funnel.won && funnel.won > 0);
    assert_eq!(
        i64::from(funnel.opportunities),
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM party p WHERE created_at >= '{from}' AND created_at < '{until}' \
                 AND EXISTS (SELECT 1 FROM opportunity o WHERE o.party_id = p.id)"
            )
        )
    );

    let forecast_sql: Vec<(String, i64)> = conn
        .prepare(
            "SELECT substr(expected_close, 1, 7), (sum(value_cents * CASE stage \
               WHEN 'qualification' THEN 10 WHEN 'besoin' THEN 30 \
               WHEN 'proposition' THEN 60 ELSE 80 END) + 50) / 100 \
             FROM opportunity WHERE status = 'open' GROUP BY 1 ORDER BY 1",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(report.forecast.len() > 1);
    assert_eq!(report.forecast, forecast_sql);

    let closed: i64 = report.close_times.iter().map(|r| i64::from(r.closed)).sum();
    assert!(report.close_times.iter().all(|r| r.hours_tenths > 0));
    assert_eq!(
        closed,
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM opportunity WHERE status <> 'open' \
                 AND closed_at >= '{from}' AND closed_at < '{until}'"
            )
        )
    );

    assert_eq!(report.campaigns.len(), 2);
    for campaign in &report.campaigns {
        let id = format!("(SELECT id FROM campaign WHERE name = '{}')", campaign.name);
        assert!(
            campaign.leads > 0 && campaign.cost_cents > 0,
            "{campaign:?}"
        );
        assert_eq!(
            i64::from(campaign.leads),
            count(
                &conn,
                &format!("SELECT count(*) FROM party WHERE campaign = {id}")
            )
        );
        assert_eq!(
            i64::from(campaign.opportunities),
            count(
                &conn,
                &format!(
                    "SELECT count(*) FROM opportunity o JOIN party p ON p.id = o.party_id \
                     WHERE p.campaign = {id}"
                )
            )
        );
    }
    assert!(report.campaigns.iter().any(|c| c.opportunities > 0));
}

#[test]
fn a_reps_snapshot_holds_open_cards_in_several_columns_of_the_board() {
    let (dir, conn, _) = demo();
    let login: String = conn
        .query_row(
            "SELECT created_by FROM opportunity WHERE status = 'open' GROUP BY created_by \
             ORDER BY count(DISTINCT stage) DESC, created_by LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let root = dir.path().join("out");
    generate(&SnapshotRequest {
        master_path: dir.path().join("master.sqlite"),
        snapshots_root: root.join("snapshots"),
        build_root: root.join("build"),
        users: Some(vec![login.clone()]),
        now: Utc.with_ymd_and_hms(2026, 11, 23, 18, 30, 0).unwrap(),
        params: Parameters::default(),
        regeneration: Regeneration::Rebuild,
    })
    .unwrap();
    let folder = root.join("snapshots").join(&login);
    let snapshot = Connection::open(folder.join(read_manifest(&folder).unwrap().database)).unwrap();
    let columns = count(
        &snapshot,
        "SELECT count(DISTINCT stage) FROM opportunity WHERE status = 'open'",
    );
    assert!(columns >= 2, "{login}: {columns} columns");
    assert!(
        count(
            &snapshot,
            "SELECT count(*) FROM opportunity WHERE status <> 'open'"
        ) > 0
    );
}
