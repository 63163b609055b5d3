//! The reports on one A4 page (issue 15, « export to A4 PDF »): the period and whose
//! figures they are, the four charts of [`super::report_charts`] as the page draws them,
//! and the campaigns' results, with the canvas the laptop's stats and quotes use. A page
//! holds a bounded number of rows per chart; what it leaves out is said on the page (« … et
//! 4 autres ») and is in the Excel workbook.

use tournee_core::euros_fr;
use tournee_field::pdf_canvas::{save_document, text_width, Canvas, PAGE_H, PAGE_W};
use tournee_store::SalesReport;

use super::report_charts::{charts, Chart};

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

/// « et 1 autre », « et 4 autres ».
fn others(left: usize) -> String {
    if left == 1 {
        "et 1 autre".to_owned()
    } else {
        format!("et {left} autres")
    }
}

/// `YYYY-MM-DD` as people read it in France: « 31/12/2026 ».
fn day_fr(day: chrono::NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
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
fn chart_block(canvas: &mut Canvas, chart: &Chart, rows: usize, top: f32) -> f32 {
    canvas.text(MARGIN, top, 11.0, true, &chart.title);
    let mut y = top - 6.0;
    let (bars, left) = chart.at_most(rows);
    if bars.is_empty() {
        canvas.text(MARGIN, y, 9.0, false, "Aucun chiffre sur la période.");
        return y - ROW - 3.0;
    }
    for bar in bars {
        canvas.text(
            MARGIN,
            y,
            8.5,
            false,
            &fitted(&bar.label, 8.5, BAR_X - MARGIN - 2.0),
        );
        let length = (bar.share as f32 * BAR_MAX).max(if bar.share > 0.0 { 0.6 } else { 0.0 });
        canvas.rect(BAR_X, y - 0.6, length, 3.2, 0.35);
        canvas.text(BAR_X + length + 2.0, y, 8.5, false, &bar.figure);
        y -= ROW;
    }
    if left > 0 {
        let more = format!("… {} (voir l'export Excel)", others(left));
        canvas.text(MARGIN, y, 8.0, false, &more);
        y -= ROW;
    }
    y - 3.0
}

/// The campaigns' table: name, start, cost, leads, opportunities, won.
fn campaigns_block(canvas: &mut Canvas, report: &SalesReport, top: f32) -> f32 {
    canvas.text(
        MARGIN,
        top,
        11.0,
        true,
        "Campagnes commencées sur la période",
    );
    let mut y = top - 6.0;
    if report.campaigns.is_empty() {
        canvas.text(
            MARGIN,
            y,
            9.0,
            false,
            "Aucune campagne commencée sur la période.",
        );
        return y - ROW;
    }
    // Left edges; figures are right-aligned on the next edge.
    let columns = [MARGIN, 80.0, 102.0, 130.0, 148.0, 170.0, PAGE_W - MARGIN];
    let headings = ["Campagne", "Début", "Coût", "Pistes", "Opport.", "Gagné HT"];
    for (i, heading) in headings.iter().enumerate() {
        if i < 2 {
            canvas.text(columns[i], y, 8.5, true, heading);
        } else {
            canvas.right_aligned(columns[i + 1] - 1.0, y, 8.5, true, heading);
        }
    }
    canvas.line((MARGIN, y - 1.5), (PAGE_W - MARGIN, y - 1.5), 0.4);
    y -= ROW + 0.5;
    for campaign in report.campaigns.iter().take(CAMPAIGN_ROWS) {
        let name = fitted(&campaign.name, 8.5, columns[1] - columns[0] - 2.0);
        canvas.text(columns[0], y, 8.5, false, &name);
        canvas.text(columns[1], y, 8.5, false, &campaign.starts_on);
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
    let left = report.campaigns.len().saturating_sub(CAMPAIGN_ROWS);
    if left > 0 {
        canvas.text(MARGIN, y, 8.0, false, &format!("… {}", others(left)));
        y -= ROW;
    }
    y
}

/// The reports' page as PDF bytes. `scoped`: whose figures these are, for a reader who
/// does not read everything; `printed_on`: the day it was made.
pub fn reports_pdf(
    report: &SalesReport,
    scoped: Option<&str>,
    printed_on: chrono::NaiveDate,
) -> Vec<u8> {
    let mut canvas = Canvas::default();
    let top = PAGE_H - MARGIN - 6.0;
    canvas.text(MARGIN, top, 18.0, true, "Rapports des ventes");
    let period = format!(
        "Du {} au {} · montants hors taxes · imprimé le {}",
        day_fr(report.period.from),
        day_fr(report.period.to),
        day_fr(printed_on)
    );
    canvas.text(MARGIN, top - 7.0, 9.5, false, &period);
    let mut y = top - 12.0;
    if let Some(scoped) = scoped {
        canvas.text(
            MARGIN,
            y,
            8.5,
            false,
            &fitted(scoped, 8.5, PAGE_W - 2.0 * MARGIN),
        );
        y -= ROW;
    }
    y -= 4.0;
    for (chart, rows) in charts(report).iter().zip(ROWS) {
        y = chart_block(&mut canvas, chart, rows, y);
    }
    campaigns_block(&mut canvas, report, y);
    canvas.text(
        MARGIN,
        MARGIN - 5.0,
        7.0,
        false,
        "Tournée — rapports des ventes. Le détail de chaque opportunité est dans l'export Excel.",
    );
    save_document("Rapports des ventes", vec![canvas.into_page()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_label_is_cut_with_an_ellipsis_and_a_short_one_kept() {
        assert_eq!(fitted("Salon", 8.5, 40.0), "Salon");
        let cut = fitted(&"Salon international du pneu ".repeat(4), 8.5, 40.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, 8.5) <= 40.0);
        assert_eq!(others(1), "et 1 autre");
        assert_eq!(others(4), "et 4 autres");
    }
}
