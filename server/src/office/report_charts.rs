//! The reports' charts (issue 15, « charts in the app and in the browser; export to A4
//! PDF »): each report turned once into horizontal bars (a label, the figure as people
//! read it, the bar's length as a share of the longest), which the page draws as SVG and
//! the PDF with its canvas, so both show the same bars. The tables under the page's charts
//! keep every figure for screen readers and copying.

use std::collections::BTreeMap;

use tournee_core::euros_fr;
use tournee_store::SalesReport;

/// Months shown one by one; a longer period is shown year by year.
const MAX_MONTHS: usize = 24;

/// One bar: what it is, its figure, its length from 0 to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The bar's label (a month, a step, a rep).
    pub label: String,
    /// The figure printed after the bar (« 12 400,00 € », « 35 »).
    pub figure: String,
    /// The bar's length as a share of the longest bar's (0 when every value is 0).
    pub share: f64,
}

/// One chart: its title and its bars, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Stable identifier (the page's anchors and the tests).
    pub id: &'static str,
    /// What the chart shows, in a sentence.
    pub title: String,
    /// Its bars, in reading order.
    pub bars: Vec<Bar>,
    /// Whether the last bars matter most when not all fit (the latest months of sales).
    pub latest_matter: bool,
}

impl Chart {
    /// A chart of `values` (label, value), each figure printed by `figure`.
    fn of(
        id: &'static str,
        title: String,
        values: Vec<(String, i64)>,
        figure: impl Fn(i64) -> String,
    ) -> Self {
        let longest = values.iter().map(|(_, v)| *v).max().unwrap_or(0).max(0);
        let bars = values
            .into_iter()
            .map(|(label, value)| Bar {
                figure: figure(value),
                share: if longest == 0 {
                    0.0
                } else {
                    value.max(0) as f64 / longest as f64
                },
                label,
            })
            .collect();
        Self {
            id,
            title,
            bars,
            latest_matter: false,
        }
    }

    /// At most `rows` bars (the first ones, or the last ones when the latest matter) and
    /// how many were left out, so that a printed page stays one page and says so.
    pub fn at_most(&self, rows: usize) -> (&[Bar], usize) {
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

/// Sums per month (`YYYY-MM` keys), or per year when there are more than [`MAX_MONTHS`]
/// months, with the word that says which.
fn by_month_or_year(per_month: BTreeMap<String, i64>) -> (Vec<(String, i64)>, &'static str) {
    if per_month.len() <= MAX_MONTHS {
        let rows = per_month
            .into_iter()
            .map(|(month, v)| (month_label(&month), v))
            .collect();
        return (rows, "par mois");
    }
    let mut per_year: BTreeMap<String, i64> = BTreeMap::new();
    for (month, value) in per_month {
        let year = month.split('-').next().unwrap_or(&month).to_owned();
        *per_year.entry(year).or_default() += value;
    }
    (per_year.into_iter().collect(), "par année")
}

/// Won sales, every rep together, per month of closing.
pub fn sales(report: &SalesReport) -> Chart {
    let mut per_month: BTreeMap<String, i64> = BTreeMap::new();
    for row in &report.sales {
        *per_month.entry(row.month.clone()).or_default() += row.won_cents;
    }
    let (rows, unit) = by_month_or_year(per_month);
    Chart {
        latest_matter: true,
        ..Chart::of(
            "sales",
            format!("Ventes gagnées HT, {unit}"),
            rows,
            euros_fr,
        )
    }
}

/// The funnel's four steps.
pub fn funnel(report: &SalesReport) -> Chart {
    let f = report.funnel;
    Chart::of(
        "funnel",
        "Entonnoir : ce que sont devenus les tiers créés".to_owned(),
        vec![
            ("Pistes créées".to_owned(), i64::from(f.leads)),
            ("Devenues prospects".to_owned(), i64::from(f.prospects)),
            (
                "Avec une opportunité".to_owned(),
                i64::from(f.opportunities),
            ),
            ("Gagnées".to_owned(), i64::from(f.won)),
        ],
        |n| n.to_string(),
    )
}

/// The weighed pipeline per expected month of closing.
pub fn forecast(report: &SalesReport) -> Chart {
    let per_month: BTreeMap<String, i64> = report.forecast.iter().cloned().collect();
    let (rows, unit) = by_month_or_year(per_month);
    Chart::of(
        "forecast",
        format!("Prévision pondérée HT, {unit} de clôture prévu"),
        rows,
        euros_fr,
    )
}

/// The average time to close per rep, longest first.
pub fn close_times(report: &SalesReport) -> Chart {
    let mut rows: Vec<(String, i64)> = report
        .close_times
        .iter()
        .map(|t| (t.rep.clone(), t.hours_tenths))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Chart::of(
        "close-times",
        "Délai moyen de clôture par commercial".to_owned(),
        rows,
        |tenths| format!("{},{} h", tenths / 10, tenths % 10),
    )
}

/// The four charts, in the page's order.
pub fn charts(report: &SalesReport) -> Vec<Chart> {
    vec![
        sales(report),
        funnel(report),
        forecast(report),
        close_times(report),
    ]
}

/// A chart drawn as SVG by the page's template: coordinates in the SVG's own units.
pub struct SvgChart {
    /// The chart drawn.
    pub chart: Chart,
    /// The SVG's height (its width is [`SVG_WIDTH`]).
    pub height: u32,
    /// Per bar: its top, its width.
    pub rows: Vec<(u32, u32)>,
}

/// The SVG's width in its own units (it scales to the page's width).
pub const SVG_WIDTH: u32 = 640;
/// Where the bars start (the labels are to their left).
pub const SVG_BAR_X: u32 = 190;
/// The longest bar's length (the figures follow it).
pub const SVG_BAR_MAX: u32 = 300;
/// One row's height.
const SVG_ROW: u32 = 24;

impl SvgChart {
    /// The layout of `chart`.
    pub fn new(chart: Chart) -> Self {
        let rows = chart
            .bars
            .iter()
            .enumerate()
            .map(|(i, bar)| {
                let width = (bar.share * f64::from(SVG_BAR_MAX)).round() as u32;
                // A non-zero value stays visible.
                let width = if bar.share > 0.0 { width.max(2) } else { 0 };
                (i as u32 * SVG_ROW + 4, width)
            })
            .collect();
        Self {
            height: chart.bars.len() as u32 * SVG_ROW + 8,
            chart,
            rows,
        }
    }

    /// Bars with their geometry, for the template: (bar, top, width, text baseline, figure x).
    pub fn drawn(&self) -> Vec<(&Bar, u32, u32, u32, u32)> {
        self.chart
            .bars
            .iter()
            .zip(&self.rows)
            .map(|(bar, (top, width))| (bar, *top, *width, top + 12, SVG_BAR_X + width + 8))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use tournee_store::{CloseTime, Funnel, ReportPeriod, SalesRow};

    fn report(months: &[(&str, i64)]) -> SalesReport {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        SalesReport {
            period: ReportPeriod { from: day, to: day },
            sales: months
                .iter()
                .flat_map(|(month, cents)| {
                    ["ada", "bob"].map(|rep| SalesRow {
                        month: (*month).to_owned(),
                        rep: rep.to_owned(),
                        won: 1,
                        won_cents: *cents,
                    })
                })
                .collect(),
            funnel: Funnel {
                leads: 40,
                prospects: 20,
                opportunities: 10,
                won: 0,
            },
            forecast: Vec::new(),
            close_times: vec![
                CloseTime {
                    rep: "ada".to_owned(),
                    closed: 2,
                    hours_tenths: 505,
                },
                CloseTime {
                    rep: "bob".to_owned(),
                    closed: 1,
                    hours_tenths: 1010,
                },
            ],
            campaigns: Vec::new(),
        }
    }

    #[test]
    fn sales_add_up_the_reps_per_month_and_the_longest_bar_is_whole() {
        let chart = sales(&report(&[("2026-01", 10_000), ("2026-02", 5_000)]));
        assert_eq!(chart.bars.len(), 2);
        assert_eq!(chart.bars[0].label, "01/2026");
        assert_eq!(chart.bars[0].figure, "200,00 €", "both reps' sales");
        assert_eq!(chart.bars[0].share, 1.0);
        assert_eq!(chart.bars[1].share, 0.5);
        assert!(chart.title.ends_with("par mois"));
    }

    #[test]
    fn a_long_period_is_shown_per_year() {
        let months: Vec<(String, i64)> = (0..30)
            .map(|i| (format!("{}-{:02}", 2024 + i / 12, i % 12 + 1), 100))
            .collect();
        let refs: Vec<(&str, i64)> = months.iter().map(|(m, c)| (m.as_str(), *c)).collect();
        let chart = sales(&report(&refs));
        let labels: Vec<&str> = chart.bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2024", "2025", "2026"]);
        assert_eq!(chart.bars[0].figure, "24,00 €", "12 months × 2 reps × 1 €");
        assert!(chart.title.ends_with("par année"));
    }

    #[test]
    fn zero_everywhere_draws_no_bar_and_close_times_come_longest_first() {
        let chart = funnel(&report(&[]));
        assert_eq!(chart.bars[3].share, 0.0);
        assert_eq!(chart.bars[0].share, 1.0);
        let svg = SvgChart::new(chart);
        assert_eq!(svg.rows[3].1, 0, "a zero draws nothing");
        assert_eq!(svg.rows[0].1, SVG_BAR_MAX);
        let times = close_times(&report(&[]));
        assert_eq!(times.bars[0].label, "bob");
        assert_eq!(times.bars[0].figure, "101,0 h");
        let (shown, left) = times.at_most(1);
        assert_eq!(
            (shown[0].label.as_str(), left),
            ("bob", 1),
            "the longest kept"
        );
        let sales = sales(&report(&[("2026-01", 1), ("2026-02", 2), ("2026-03", 3)]));
        let (shown, left) = sales.at_most(2);
        let labels: Vec<&str> = shown.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(
            (labels, left),
            (vec!["02/2026", "03/2026"], 1),
            "the latest months kept"
        );
    }
}
