//! The selling benchmarks of issue 15 over the full demo (`DemoSpec::full`, whose selling is
//! `SellingScale::FULL`: 50,000 opportunities and 20,000 quotes, written through the
//! integrator): each sales report over three periods, and the Excel workbook of the
//! reports with its detail sheet of one row per opportunity. Targets: each report under
//! 300 ms, the Excel export of 100,000 rows under 5 s.
//!
//! Each report is timed alone (`sales_by_month`, `conversion_funnel`, `pipeline_forecast`,
//! `close_times_per_rep`, `campaign_results`) and the five together as the page reads
//! them (`sales_report`, one transaction).
//!
//! References measured in the same run: for the reports, the bare scan of every
//! opportunity (`count`, `sum` of the values: the least any report reads); for the
//! workbook, the same rows written as CSV into memory (a plain serialisation).
//!
//! ```sh
//! cargo build --release -p tournee-server --example reports_bench
//! cp $CARGO_TARGET_DIR/release/examples/reports_bench /tmp/demosell-bin/
//! nice -n -10 /tmp/demosell-bin/reports_bench --data /tmp/demosell-bench \
//!     [--opportunities N] [--fill-only] [--selling none]
//! ```
//! The master is filled once (timed) into `--data`, then reused; `--opportunities` sets the
//! selling volume of that fill (the detail sheet of 100,000 rows needs 100,000).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{Duration, NaiveDate};
use tournee_store::{
    campaign_results, close_times_per_rep, conversion_funnel, fill_demo, open_master,
    pipeline_forecast, report_lines, sales_by_month, sales_report, DemoSpec, Parameters,
    ReportPeriod, ReportScope, SellingScale,
};

const RUNS: usize = 11;
const WORKBOOK_RUNS: usize = 3;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone())
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|e| format!("unknown ({e})"))
}

/// Median and 95th percentile, in milliseconds.
fn summary(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.95))
}

fn timed<T>(run: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<(f64, T)> {
    let started = Instant::now();
    let value = run()?;
    Ok((started.elapsed().as_secs_f64() * 1e3, value))
}

/// The funnel's figures as its first version read them: per party created in the period,
/// two `EXISTS` on its opportunities (every record counted).
fn funnel_per_party(conn: &rusqlite::Connection, period: ReportPeriod) -> anyhow::Result<[i64; 4]> {
    let from = format!("{}T00:00:00", period.from);
    let until = format!("{}T00:00:00", period.to.succ_opt().context("date")?);
    Ok(conn.query_row(
        "SELECT count(*), \
            count(*) FILTER (WHERE p.status IN ('prospect', 'dead_prospect', 'client')), \
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM opportunity o WHERE o.party_id = p.id)), \
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM opportunity o \
                                           WHERE o.party_id = p.id AND o.status = 'won')) \
         FROM party p WHERE p.created_at >= ?1 AND p.created_at < ?2",
        [from, until],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
    )?)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(arg(&args, "--data").context("missing --data")?);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).context("date")?;
    let path = data.join("master.sqlite");
    if !path.exists() {
        std::fs::create_dir_all(&data)?;
        let mut spec = DemoSpec::full(today);
        if let Some(n) = arg(&args, "--opportunities") {
            spec.selling.opportunities = n.parse()?;
        }
        if arg(&args, "--selling").as_deref() == Some("none") {
            spec.selling = SellingScale::default();
        }
        let mut conn = open_master(&path)?;
        println!("filling {} (load {})", path.display(), load());
        let (ms, summary) = timed(|| Ok(fill_demo(&mut conn, &spec)?))?;
        println!(
            "fill_demo full: {:.1} s, {} opportunities, {} quotes, {} campaigns (load {})",
            ms / 1e3,
            summary.opportunities,
            summary.quotes,
            summary.campaigns,
            load()
        );
    }
    if args.iter().any(|a| a == "--fill-only") {
        return Ok(());
    }
    let mut conn = open_master(&path)?;
    let pipelines = Parameters::load(&conn)?.pipelines;
    let opportunities: i64 =
        conn.query_row("SELECT count(*) FROM opportunity", [], |r| r.get(0))?;
    let quotes: i64 = conn.query_row("SELECT count(*) FROM quote", [], |r| r.get(0))?;
    println!("master: {opportunities} opportunities, {quotes} quotes");

    let periods = [
        (
            "year to date",
            NaiveDate::from_ymd_opt(2026, 1, 1).context("date")?,
            today,
        ),
        ("last 12 months", today - Duration::days(365), today),
        ("ten years", today - Duration::days(3_650), today),
    ];
    println!(
        "\n| period (load) | all five p50 / p95 | sales | funnel | forecast | close times | campaigns | funnel per party (before) | bare scan p50 / p95 | ratio p50 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let everything = ReportScope::EVERYTHING;
    for (name, from, to) in periods {
        let period = ReportPeriod { from, to };
        let mut reports = Vec::with_capacity(RUNS);
        let mut scans = Vec::with_capacity(RUNS);
        // Each report alone (p50 of RUNS, then p95): sales, funnel, forecast, close times,
        // campaigns.
        // And the funnel as first written (two `EXISTS` per party), for the same-run ratio.
        let mut each: [Vec<f64>; 6] = Default::default();
        for _ in 0..RUNS {
            let (ms, report) = timed(|| Ok(sales_report(&mut conn, &pipelines, period)?))?;
            std::hint::black_box(report);
            reports.push(ms);
            each[0].push(timed(|| Ok(sales_by_month(&conn, period, &everything)?))?.0);
            each[1].push(timed(|| Ok(conversion_funnel(&conn, period, &everything)?))?.0);
            each[2].push(timed(|| Ok(pipeline_forecast(&conn, &pipelines, &everything)?))?.0);
            each[3].push(timed(|| Ok(close_times_per_rep(&conn, period, &everything)?))?.0);
            each[4].push(timed(|| Ok(campaign_results(&conn, period, &everything)?))?.0);
            each[5].push(timed(|| funnel_per_party(&conn, period))?.0);
            let (ms, scan) = timed(|| {
                Ok(conn.query_row(
                    "SELECT count(*), sum(value_cents) FROM opportunity",
                    [],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?)),
                )?)
            })?;
            std::hint::black_box(scan);
            scans.push(ms);
        }
        let grouped = conversion_funnel(&conn, period, &everything)?;
        let before = funnel_per_party(&conn, period)?;
        anyhow::ensure!(
            before
                == [
                    i64::from(grouped.leads),
                    i64::from(grouped.prospects),
                    i64::from(grouped.opportunities),
                    i64::from(grouped.won)
                ],
            "the funnel's two shapes disagree over {name}: {before:?} and {grouped:?}"
        );
        let (r50, r95) = summary(reports);
        let (s50, s95) = summary(scans);
        let parts: Vec<String> = each
            .into_iter()
            .map(|samples| {
                let (p50, p95) = summary(samples);
                format!("{p50:.1} / {p95:.1} ms")
            })
            .collect();
        println!(
            "| {name} ({}) | {r50:.1} / {r95:.1} ms | {} | {s50:.1} / {s95:.1} ms | {:.1} |",
            load(),
            parts.join(" | "),
            r50 / s50
        );
    }

    let period = ReportPeriod {
        from: today - Duration::days(3_650),
        to: today,
    };
    println!("\n| workbook run (load) | rows | read | write xlsx | total | CSV reference | size |");
    println!("|---|---|---|---|---|---|---|");
    for run in 1..=WORKBOOK_RUNS {
        let (read_ms, (report, lines)) = timed(|| {
            let report = sales_report(&mut conn, &pipelines, period)?;
            Ok((
                report,
                report_lines(&conn, period, &ReportScope::EVERYTHING)?,
            ))
        })?;
        let (write_ms, bytes) = timed(|| Ok(tournee_server::reports_workbook(&report, &lines)?))?;
        let (csv_ms, csv) = timed(|| {
            let mut out = Vec::with_capacity(lines.len() * 120);
            for l in &lines {
                use std::io::Write as _;
                writeln!(
                    out,
                    "{};{};{};{};{};{};{};{};{};{}",
                    l.party,
                    l.rep,
                    l.title,
                    l.stage,
                    l.status,
                    l.value_cents,
                    l.expected_close.as_deref().unwrap_or(""),
                    l.created_on,
                    l.closed_on.as_deref().unwrap_or(""),
                    l.loss_reason.as_deref().unwrap_or("")
                )?;
            }
            Ok(out)
        })?;
        std::hint::black_box(&csv);
        println!(
            "| {run} ({}) | {} | {read_ms:.0} ms | {write_ms:.0} ms | **{:.2} s** | {csv_ms:.0} ms | {:.1} MB |",
            load(),
            lines.len(),
            (read_ms + write_ms) / 1e3,
            bytes.len() as f64 / 1e6
        );
    }
    Ok(())
}
