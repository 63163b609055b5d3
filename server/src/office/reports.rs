//! The « Rapports » page (issue 15): the sales reports of `tournee_store::sales_report` over
//! a period the admin chooses (sales by month and rep, the conversion funnel, the
//! forecast, the average time to close, the campaigns' results), and the same figures as an
//! Excel workbook, one sheet per report and one of the opportunities behind them. The
//! admin reads every figure; a manager the figures of the records their policy's read
//! scopes reach (`tournee_store::ReportScope`: their team's by default), as their snapshot
//! holds them; anyone else is refused (403) by the [`ReportReader`] extractor.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate, Utc};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Deserialize;
use tournee_core::euros_fr;
use tournee_store::{
    report_lines, sales_report_within, Account, OpportunityLine, Parameters, ReportPeriod,
    ReportScope, Role, SalesReport,
};

use super::auth::{ReportReader, Signed};
use super::common::{form_page, who, with_db};
use super::error::PageError;
use super::html::{render, Shell};
use super::report_charts::{charts, SvgChart, SVG_BAR_X, SVG_WIDTH};
use super::OfficeState;
use crate::sentences::Sentence;

/// Longest period a report covers, in days (ten years: the master's whole useful history).
const MAX_PERIOD_DAYS: i64 = 3_660;

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`; both absent: the year so far.
#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

/// The period asked, or the problem of each field.
fn period_of(query: &PeriodQuery) -> Result<ReportPeriod, Vec<(&'static str, String)>> {
    let today = Utc::now().date_naive();
    let start_of_year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let day = |text: &Option<String>, default: NaiveDate| match text.as_deref().map(str::trim) {
        None | Some("") => Some(default),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
    };
    let from = day(&query.from, start_of_year);
    let to = day(&query.to, today);
    let mut problems = Vec::new();
    if from.is_none() {
        problems.push(("from", Sentence::ReportsDate.office(&[])));
    }
    if to.is_none() {
        problems.push(("to", Sentence::ReportsDate.office(&[])));
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(problems);
    };
    if to < from || (to - from).num_days() > MAX_PERIOD_DAYS {
        let days = MAX_PERIOD_DAYS.to_string();
        return Err(vec![(
            "to",
            Sentence::ReportsPeriod.office(&[("days", &days)]),
        )]);
    }
    Ok(ReportPeriod { from, to })
}

/// Tenths of an hour the French way: `505` → « 50,5 h ».
fn hours(tenths: i64) -> String {
    format!("{},{} h", tenths / 10, tenths % 10)
}

#[derive(Template)]
#[template(path = "office/reports.html")]
struct ReportsPage<'a> {
    shell: Shell<'a>,
    from: String,
    to: String,
    errors: Vec<(&'static str, String)>,
    /// (month, rep, won, value)
    sales: Vec<(String, String, u32, String)>,
    /// (step, count)
    funnel: Vec<(&'static str, u32)>,
    /// (month, weighed value)
    forecast: Vec<(String, String)>,
    /// (rep, closed, average)
    close_times: Vec<(String, u32, String)>,
    /// (name, start, cost, leads, opportunities, won)
    campaigns: Vec<(String, String, String, u32, u32, String)>,
    /// For a reader who does not read everything: what the figures count.
    scoped: Option<String>,
    /// The reports as bar charts, above their tables.
    charts: Vec<SvgChart>,
    /// The charts' SVG geometry, for the template.
    bar_x: u32,
    svg_width: u32,
}

impl ReportsPage<'_> {
    /// The problem of field `name`, if it has one (the template's lookup).
    fn error(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, message)| message.as_str())
    }

    /// The chart of section `id`, when the report was computed and has bars.
    fn chart(&self, id: &str) -> Option<&SvgChart> {
        self.charts
            .iter()
            .find(|c| c.chart.id == id && !c.chart.bars.is_empty())
    }
}

/// Whose records the account reads in the reports: the admin every one, anyone else (a
/// manager) what the policy's read scopes reach, decided on the server from the session's
/// account, never from the request.
fn scope_of(conn: &rusqlite::Connection, account: &Account) -> anyhow::Result<ReportScope> {
    Ok(match account.role {
        Role::Admin => ReportScope::EVERYTHING,
        _ => ReportScope::of_reader(conn, &account.login)?,
    })
}

/// The reports of `period` within the scope of `signed`'s account, and, when
/// `with_lines`, the workbook's lines.
async fn report(
    state: &OfficeState,
    signed: &Signed,
    period: ReportPeriod,
    with_lines: bool,
) -> Result<(SalesReport, Vec<OpportunityLine>), PageError> {
    let account = signed.account.clone();
    with_db(state, move |conn| {
        let scope = scope_of(conn, &account)?;
        let pipelines = Parameters::load(conn)?.pipelines;
        let report = sales_report_within(conn, &pipelines, period, &scope)?;
        let lines = if with_lines {
            report_lines(conn, period, &scope)?
        } else {
            Vec::new()
        };
        Ok((report, lines))
    })
    .await
}

/// GET /office/reports
pub async fn show(
    State(state): State<OfficeState>,
    ReportReader(signed): ReportReader,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let typed = |text: &Option<String>| text.clone().unwrap_or_default().chars().take(10).collect();
    let (period, errors) = match period_of(&query) {
        Ok(period) => (Some(period), Vec::new()),
        Err(errors) => (None, errors),
    };
    let report = match period {
        Some(period) => Some(report(&state, &signed, period, false).await?.0),
        None => None,
    };
    page(
        &signed,
        report,
        (typed(&query.from), typed(&query.to)),
        errors,
    )
}

fn page(
    signed: &Signed,
    report: Option<SalesReport>,
    typed: (String, String),
    errors: Vec<(&'static str, String)>,
) -> Result<Response, PageError> {
    let refused = report.is_none();
    let mut view = ReportsPage {
        shell: Shell::new("Rapports", who(signed)),
        from: typed.0,
        to: typed.1,
        errors,
        sales: Vec::new(),
        funnel: Vec::new(),
        forecast: Vec::new(),
        close_times: Vec::new(),
        campaigns: Vec::new(),
        scoped: scoped_note(signed),
        charts: Vec::new(),
        bar_x: SVG_BAR_X,
        svg_width: SVG_WIDTH,
    };
    if let Some(r) = report {
        view.charts = charts(&r).into_iter().map(SvgChart::new).collect();
        view.from = r.period.from.to_string();
        view.to = r.period.to.to_string();
        view.sales = r
            .sales
            .into_iter()
            .map(|s| (s.month, s.rep, s.won, euros_fr(s.won_cents)))
            .collect();
        view.funnel = vec![
            ("Pistes créées", r.funnel.leads),
            ("Devenues prospects", r.funnel.prospects),
            ("Avec une opportunité", r.funnel.opportunities),
            ("Gagnées", r.funnel.won),
        ];
        view.forecast = r
            .forecast
            .into_iter()
            .map(|(m, c)| (m, euros_fr(c)))
            .collect();
        view.close_times = r
            .close_times
            .into_iter()
            .map(|t| (t.rep, t.closed, hours(t.hours_tenths)))
            .collect();
        view.campaigns = r
            .campaigns
            .into_iter()
            .map(|c| {
                (
                    c.name,
                    c.starts_on,
                    euros_fr(c.cost_cents),
                    c.leads,
                    c.opportunities,
                    euros_fr(c.won_cents),
                )
            })
            .collect();
    }
    Ok(form_page(render(&view)?, refused))
}

/// GET /office/reports.xlsx: the same figures, one sheet per report, amounts as numbers
/// in euros (so the spreadsheet sums them), the period in the file's name.
pub async fn workbook(
    State(state): State<OfficeState>,
    ReportReader(signed): ReportReader,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let period = match period_of(&query) {
        Ok(period) => period,
        Err(errors) => return page(&signed, None, (String::new(), String::new()), errors),
    };
    let (report, lines) = report(&state, &signed, period, true).await?;
    let bytes = tokio::task::spawn_blocking(move || workbook_bytes(&report, &lines))
        .await
        .map_err(PageError::server)?
        .map_err(PageError::server)?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("rapports-{}-{}.xlsx", period.from, period.to),
        bytes,
    ))
}

/// GET /office/reports.pdf: the charts and the campaigns on one A4 page, for a meeting
/// or a printer ([`super::reports_pdf`]).
pub async fn pdf(
    State(state): State<OfficeState>,
    ReportReader(signed): ReportReader,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let period = match period_of(&query) {
        Ok(period) => period,
        Err(errors) => return page(&signed, None, (String::new(), String::new()), errors),
    };
    let (report, _) = report(&state, &signed, period, false).await?;
    let scoped = scoped_note(&signed);
    let today = Utc::now().date_naive();
    let bytes = tokio::task::spawn_blocking(move || {
        super::reports_pdf::reports_pdf(&report, scoped.as_deref(), today)
    })
    .await
    .map_err(PageError::server)?;
    Ok(download(
        "application/pdf",
        &format!("rapports-{}-{}.pdf", period.from, period.to),
        bytes,
    ))
}

/// A file to save: its type, its name (made here from dates only, so nothing to quote).
fn download(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// What the figures count, for a reader who does not read everything.
fn scoped_note(signed: &Signed) -> Option<String> {
    (signed.account.role != Role::Admin).then(|| Sentence::ReportsScoped.office(&[]))
}

/// The workbook's bytes: a sheet per report, then « Opportunités », one row per
/// opportunity behind the figures (`tournee_store::report_lines`). Public for the
/// benchmark (`examples/reports_bench.rs`).
pub fn workbook_bytes(
    report: &SalesReport,
    lines: &[OpportunityLine],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00 \"€\"");
    let cents = |c: i64| c as f64 / 100.0;

    let sheet = book.add_worksheet().set_name("Ventes")?;
    for (col, title) in ["Mois", "Commercial", "Gagnées", "Montant HT"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, s) in report.sales.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &s.month)?;
        sheet.write_string(row, 1, &s.rep)?;
        sheet.write_number(row, 2, f64::from(s.won))?;
        sheet.write_number_with_format(row, 3, cents(s.won_cents), &money)?;
    }

    let sheet = book.add_worksheet().set_name("Entonnoir")?;
    sheet.write_string_with_format(0, 0, "Étape", &bold)?;
    sheet.write_string_with_format(0, 1, "Tiers", &bold)?;
    let f = report.funnel;
    for (i, (step, count)) in [
        ("Pistes créées", f.leads),
        ("Devenues prospects", f.prospects),
        ("Avec une opportunité", f.opportunities),
        ("Gagnées", f.won),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(i as u32 + 1, 0, *step)?;
        sheet.write_number(i as u32 + 1, 1, f64::from(*count))?;
    }

    let sheet = book.add_worksheet().set_name("Prévision")?;
    sheet.write_string_with_format(0, 0, "Mois de clôture prévu", &bold)?;
    sheet.write_string_with_format(0, 1, "Valeur pondérée HT", &bold)?;
    for (i, (month, value)) in report.forecast.iter().enumerate() {
        sheet.write_string(i as u32 + 1, 0, month)?;
        sheet.write_number_with_format(i as u32 + 1, 1, cents(*value), &money)?;
    }

    let sheet = book.add_worksheet().set_name("Délai de clôture")?;
    for (col, title) in ["Commercial", "Closes", "Délai moyen (heures)"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, t) in report.close_times.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &t.rep)?;
        sheet.write_number(row, 1, f64::from(t.closed))?;
        sheet.write_number(row, 2, t.hours_tenths as f64 / 10.0)?;
    }

    let sheet = book.add_worksheet().set_name("Campagnes")?;
    for (col, title) in [
        "Campagne",
        "Début",
        "Coût",
        "Pistes",
        "Opportunités",
        "Gagné HT",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, c) in report.campaigns.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &c.name)?;
        sheet.write_string(row, 1, &c.starts_on)?;
        sheet.write_number_with_format(row, 2, cents(c.cost_cents), &money)?;
        sheet.write_number(row, 3, f64::from(c.leads))?;
        sheet.write_number(row, 4, f64::from(c.opportunities))?;
        sheet.write_number_with_format(row, 5, cents(c.won_cents), &money)?;
    }

    let sheet = book.add_worksheet().set_name("Opportunités")?;
    for (col, title) in [
        "Tiers",
        "Commercial",
        "Opportunité",
        "Étape",
        "Statut",
        "Montant HT",
        "Clôture prévue",
        "Créée le",
        "Close le",
        "Motif de perte",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &l.party)?;
        sheet.write_string(row, 1, &l.rep)?;
        sheet.write_string(row, 2, &l.title)?;
        sheet.write_string(row, 3, &l.stage)?;
        sheet.write_string(row, 4, status_fr(&l.status))?;
        sheet.write_number_with_format(row, 5, cents(l.value_cents), &money)?;
        for (col, day) in [(6, &l.expected_close), (8, &l.closed_on)] {
            if let Some(day) = day {
                sheet.write_string(row, col, day)?;
            }
        }
        sheet.write_string(row, 7, &l.created_on)?;
        if let Some(reason) = &l.loss_reason {
            sheet.write_string(row, 9, reason)?;
        }
    }
    book.save_to_buffer()
}

/// An opportunity's status as the workbook words it.
fn status_fr(status: &str) -> &'static str {
    match status {
        "won" => "Gagnée",
        "lost" => "Perdue",
        _ => "Ouverte",
    }
}
