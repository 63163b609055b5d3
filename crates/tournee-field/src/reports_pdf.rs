//! « Imprimer » on « Rapports »: the five sales reports on one A4 page, as the back office
//! prints them (`server/src/office/reports_pdf.rs`): the period and whose figures they
//! are, four charts as horizontal bars (sales, the funnel, the forecast, the time to
//! close) and the campaigns' table, in the rep's language, with the canvas the stats and
//! the quote share. A page holds a bounded number of rows per chart; what it leaves out
//! is said on the page (« … et 4 autres »); the screen keeps every row.

use std::collections::BTreeMap;

use tournee_core::{euros_fr, Lang};
use tournee_sentences::reports_document::{
    reports_others, reports_pdf_words, reports_pending, reports_period, ReportsPdfWords,
};

use crate::dto::SalesReports;
use crate::pdf_canvas::{save_document, text_width, Canvas, PAGE_H, PAGE_W};

const MARGIN: f32 = 15.0;
/// One row of a chart or table, in millimetres.
const ROW: f32 = 4.6;
/// Where the bars start; the labels are to their left.
const BAR_X: f32 = MARGIN + 52.0;
/// The longest bar; its figure follows it.
const BAR_MAX: f32 = 88.0;
/// Rows per chart, in the charts' order (sales, funnel, forecast, close times).
const ROWS: [usize; 4] = [12, 4, 8, 6];
/// Campaigns listed.
const CAMPAIGN_ROWS: usize = 5;
/// Months shown one by one; a longer period is shown year by year (as the screen does).
const MAX_MONTHS: usize = 24;

/// One bar: its label, its figure, its length from 0 to 1.
struct Bar {
    label: String,
    figure: String,
    share: f32,
}

/// One chart: its title, its bars, and whether the last bars matter most when not all fit.
struct Chart {
    title: String,
    bars: Vec<Bar>,
    latest_matter: bool,
}

impl Chart {
    fn of(title: &str, values: Vec<(String, i64)>, figure: impl Fn(i64) -> String) -> Self {
        let longest = values.iter().map(|(_, v)| *v).max().unwrap_or(0).max(0);
        let bars = values
            .into_iter()
            .map(|(label, value)| Bar {
                figure: figure(value),
                share: if longest == 0 {
                    0.0
                } else {
                    value.max(0) as f32 / longest as f32
                },
                label,
            })
            .collect();
        Self {
            title: title.to_owned(),
            bars,
            latest_matter: false,
        }
    }

    /// At most `rows` bars (the first, or the last when the latest matter) and how many
    /// were left out.
    fn at_most(&self, rows: usize) -> (&[Bar], usize) {
        let left = self.bars.len().saturating_sub(rows);
        if self.latest_matter {
            (&self.bars[left..], left)
        } else {
            (&self.bars[..self.bars.len() - left], left)
        }
    }
}

/// `YYYY-MM` as people read it: « 03/2026 ».
fn month_label(month: &str) -> String {
    match month.split_once('-') {
        Some((year, m)) => format!("{m}/{year}"),
        None => month.to_owned(),
    }
}

/// `YYYY-MM-DD` as « 31/12/2026 ».
fn day_label(day: &str) -> String {
    let mut parts = day.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => day.to_owned(),
    }
}

/// Sums per month, or per year past [`MAX_MONTHS`] months; whether per year.
fn per_month_or_year(per_month: BTreeMap<String, i64>) -> (Vec<(String, i64)>, bool) {
    if per_month.len() <= MAX_MONTHS {
        let rows = per_month
            .into_iter()
            .map(|(m, v)| (month_label(&m), v))
            .collect();
        return (rows, false);
    }
    let mut per_year: BTreeMap<String, i64> = BTreeMap::new();
    for (month, value) in per_month {
        let year = month.get(..4).unwrap_or(&month).to_owned();
        *per_year.entry(year).or_default() += value;
    }
    (per_year.into_iter().collect(), true)
}

/// « 50,5 h » (French) or « 50.5 h ».
fn hours(tenths: i64, lang: Lang) -> String {
    let separator = if lang == Lang::Fr { ',' } else { '.' };
    format!("{}{separator}{} h", tenths / 10, tenths % 10)
}

fn charts(reports: &SalesReports, words: &ReportsPdfWords, lang: Lang) -> [Chart; 4] {
    let mut sales: BTreeMap<String, i64> = BTreeMap::new();
    for line in &reports.sales {
        *sales.entry(line.month.clone()).or_default() += line.won_cents;
    }
    let (sales, by_year) = per_month_or_year(sales);
    let sales = Chart {
        latest_matter: true,
        ..Chart::of(words.sales[usize::from(by_year)], sales, euros_fr)
    };
    let f = reports.funnel;
    let funnel = Chart::of(
        words.funnel,
        words
            .steps
            .iter()
            .zip([f.leads, f.prospects, f.opportunities, f.won])
            .map(|(step, n)| ((*step).to_owned(), i64::from(n)))
            .collect(),
        |n| n.to_string(),
    );
    let forecast: BTreeMap<String, i64> = reports
        .forecast
        .iter()
        .map(|m| (m.month.clone(), m.cents))
        .collect();
    let (forecast, by_year) = per_month_or_year(forecast);
    let forecast = Chart::of(words.forecast[usize::from(by_year)], forecast, euros_fr);
    let mut times: Vec<(String, i64)> = reports
        .close_times
        .iter()
        .map(|t| (t.rep_name.clone(), t.hours_tenths))
        .collect();
    times.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let close_times = Chart::of(words.close_times, times, |t| hours(t, lang));
    [sales, funnel, forecast, close_times]
}

/// A label cut to fit its column, with « … » when cut.
fn fitted(text: &str, size: f32, width: f32) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    let mut cut: String = text.to_owned();
    while !cut.is_empty() && text_width(&format!("{cut}…"), size) > width {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// Draws `chart`'s first `rows` bars from `top` down; returns where the next block starts.
fn chart_block(
    canvas: &mut Canvas,
    chart: &Chart,
    rows: usize,
    top: f32,
    words: &ReportsPdfWords,
    lang: Lang,
) -> f32 {
    canvas.text(MARGIN, top, 11.0, true, &chart.title);
    let mut y = top - 6.0;
    let (bars, left) = chart.at_most(rows);
    if bars.is_empty() {
        canvas.text(MARGIN, y, 9.0, false, words.nothing);
        return y - ROW - 3.0;
    }
    for bar in bars {
        let label = fitted(&bar.label, 8.5, BAR_X - MARGIN - 2.0);
        canvas.text(MARGIN, y, 8.5, false, &label);
        let length = (bar.share * BAR_MAX).max(if bar.share > 0.0 { 0.6 } else { 0.0 });
        canvas.rect(BAR_X, y - 0.6, length, 3.2, 0.35);
        canvas.text(BAR_X + length + 2.0, y, 8.5, false, &bar.figure);
        y -= ROW;
    }
    if left > 0 {
        canvas.text(MARGIN, y, 8.0, false, &reports_others(lang, left));
        y -= ROW;
    }
    y - 3.0
}

/// The campaigns' table: name, start, cost, leads, opportunities, won.
fn campaigns_block(
    canvas: &mut Canvas,
    reports: &SalesReports,
    top: f32,
    words: &ReportsPdfWords,
    lang: Lang,
) {
    canvas.text(MARGIN, top, 11.0, true, words.campaigns);
    let mut y = top - 6.0;
    if reports.campaigns.is_empty() {
        canvas.text(MARGIN, y, 9.0, false, words.no_campaign);
        return;
    }
    // Left edges; figures are right-aligned on the next edge.
    let columns = [MARGIN, 80.0, 102.0, 130.0, 148.0, 170.0, PAGE_W - MARGIN];
    for (i, heading) in words.campaign_columns.iter().enumerate() {
        if i < 2 {
            canvas.text(columns[i], y, 8.5, true, heading);
        } else {
            canvas.right_aligned(columns[i + 1] - 1.0, y, 8.5, true, heading);
        }
    }
    canvas.line((MARGIN, y - 1.5), (PAGE_W - MARGIN, y - 1.5), 0.4);
    y -= ROW + 0.5;
    for campaign in reports.campaigns.iter().take(CAMPAIGN_ROWS) {
        let name = fitted(&campaign.name, 8.5, columns[1] - columns[0] - 2.0);
        canvas.text(columns[0], y, 8.5, false, &name);
        canvas.text(columns[1], y, 8.5, false, &day_label(&campaign.starts_on));
        let figures = [
            euros_fr(campaign.cost_cents),
            campaign.leads.to_string(),
            campaign.opportunities.to_string(),
            euros_fr(campaign.won_cents),
        ];
        for (i, figure) in figures.iter().enumerate() {
            canvas.right_aligned(columns[i + 3] - 1.0, y, 8.5, false, figure);
        }
        y -= ROW;
    }
    let left = reports.campaigns.len().saturating_sub(CAMPAIGN_ROWS);
    if left > 0 {
        canvas.text(MARGIN, y, 8.0, false, &reports_others(lang, left));
    }
}

/// The reports' page as PDF bytes, printed on `printed_on` (`YYYY-MM-DD`) in `lang`.
pub fn reports_pdf(reports: &SalesReports, printed_on: &str, lang: Lang) -> Vec<u8> {
    let words = reports_pdf_words(lang);
    let mut canvas = Canvas::default();
    let top = PAGE_H - MARGIN - 6.0;
    canvas.text(MARGIN, top, 18.0, true, words.title);
    let period = reports_period(
        lang,
        &day_label(&reports.from),
        &day_label(&reports.to),
        &day_label(printed_on),
    );
    canvas.text(MARGIN, top - 7.0, 9.5, false, &period);
    let mut y = top - 12.0;
    canvas.text(
        MARGIN,
        y,
        8.5,
        false,
        &fitted(words.scope, 8.5, PAGE_W - 2.0 * MARGIN),
    );
    y -= ROW;
    if reports.pending > 0 {
        let pending = reports_pending(lang, reports.pending);
        canvas.text(MARGIN, y, 8.5, true, &pending);
        y -= ROW;
    }
    y -= 4.0;
    for (chart, rows) in charts(reports, &words, lang).iter().zip(ROWS) {
        y = chart_block(&mut canvas, chart, rows, y, &words, lang);
    }
    campaigns_block(&mut canvas, reports, y, &words, lang);
    canvas.text(MARGIN, MARGIN - 5.0, 7.0, false, words.footer);
    save_document(words.title, vec![canvas.into_page()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::{ReportCloseTime, ReportFunnel, ReportSalesLine};

    fn reports(months: usize) -> SalesReports {
        SalesReports {
            from: "2024-01-01".into(),
            to: "2026-12-31".into(),
            sales: (0..months)
                .map(|i| ReportSalesLine {
                    month: format!("{}-{:02}", 2024 + i / 12, i % 12 + 1),
                    rep: "jdupont".into(),
                    rep_name: "Jean Dupont".into(),
                    won: 1,
                    won_cents: 100,
                })
                .collect(),
            funnel: ReportFunnel {
                leads: 40,
                prospects: 20,
                opportunities: 10,
                won: 0,
            },
            forecast: Vec::new(),
            close_times: vec![
                ReportCloseTime {
                    rep: "a".into(),
                    rep_name: "Ada".into(),
                    closed: 2,
                    hours_tenths: 505,
                },
                ReportCloseTime {
                    rep: "b".into(),
                    rep_name: "Bob".into(),
                    closed: 1,
                    hours_tenths: 1010,
                },
            ],
            campaigns: Vec::new(),
            pending: 0,
        }
    }

    #[test]
    fn a_long_period_is_drawn_per_year_and_the_longest_time_to_close_first() {
        let words = reports_pdf_words(Lang::Fr);
        let [sales, funnel, forecast, close_times] = charts(&reports(30), &words, Lang::Fr);
        let labels: Vec<&str> = sales.bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2024", "2025", "2026"]);
        assert_eq!(sales.title, words.sales[1]);
        assert_eq!(sales.bars[0].figure, "12,00 €");
        assert_eq!(funnel.bars[3].share, 0.0);
        assert_eq!(funnel.bars[0].share, 1.0);
        assert!(forecast.bars.is_empty());
        assert_eq!(close_times.bars[0].label, "Bob");
        assert_eq!(close_times.bars[0].figure, "101,0 h");
        let [sales, ..] = charts(&reports(14), &words, Lang::En);
        let (shown, left) = sales.at_most(12);
        assert_eq!((shown[0].label.as_str(), left), ("03/2024", 2));
    }

    #[test]
    fn the_page_is_a_pdf_in_either_language() {
        for lang in [Lang::Fr, Lang::En] {
            let bytes = reports_pdf(&reports(3), "2026-12-05", lang);
            assert!(bytes.starts_with(b"%PDF-"));
        }
        assert_eq!(day_label("2026-12-05"), "05/12/2026");
        assert_eq!(hours(505, Lang::En), "50.5 h");
    }
}
