//! « Imprimer »: the whole « Stats » tab on one A4 page (printpdf), drawn with vector
//! shapes and the PDF's built-in Helvetica, in shades of grey with outlines and legends so
//! that it reads the same on a black-and-white printer.

use crate::dto::{Series, Stats};
use crate::pdf_canvas::{save_document, Canvas, PAGE_H, PAGE_W};
use tournee_core::Lang;
use tournee_sentences::documents::{period_label, stats_pdf_words, turnover_chart};

const MARGIN: f32 = 15.0;
/// Fill shades for stacked series, dark to light, each told apart on a black-and-white
/// print; white (with its outline) is kept for the series drawn beside the stacks.
const SHADES: &[f32] = &[0.1, 0.32, 0.54, 0.74, 0.9];
/// Stacked series shown one by one; the smaller ones are added up as « Autres ».
const MAX_STACKED: usize = SHADES.len();

/// The largest series by total, the rest summed into one last series named `others`.
fn top_series(series: &[Series], others: &str) -> Vec<Series> {
    if series.len() <= MAX_STACKED {
        return series.to_vec();
    }
    let mut sorted = series.to_vec();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.values.iter().sum::<i64>()));
    let rest = sorted.split_off(MAX_STACKED - 1);
    let len = rest.iter().map(|s| s.values.len()).max().unwrap_or(0);
    sorted.push(Series {
        name: others.to_string(),
        values: (0..len)
            .map(|i| {
                rest.iter()
                    .map(|s| s.values.get(i).copied().unwrap_or(0))
                    .sum()
            })
            .collect(),
    });
    sorted
}

/// Where a chart goes and what it says.
struct ChartBox<'a> {
    title: &'a str,
    /// Bottom of the plotting area.
    y: f32,
    /// Height of the plotting area.
    h: f32,
}

fn month_label(month: &str) -> String {
    // "2026-11" → "11/26"
    match month.split_once('-') {
        Some((year, m)) => format!("{m}/{}", &year[year.len().saturating_sub(2)..]),
        None => month.to_string(),
    }
}

/// Stacked bars per month (`stacked`), with `beside` drawn as its own outlined bar next to
/// each stack; a legend on the right.
fn stacked_chart(
    canvas: &mut Canvas,
    frame: &ChartBox<'_>,
    months: &[String],
    stacked: &[Series],
    beside: Option<&Series>,
    unit: &str,
    bar_labels: bool,
) {
    canvas.text(MARGIN, frame.y + frame.h + 4.0, 11.0, true, frame.title);
    let legend_w = 45.0;
    let plot_x = MARGIN + 10.0;
    let plot_w = PAGE_W - 2.0 * MARGIN - 10.0 - legend_w;
    let totals: Vec<i64> = (0..months.len())
        .map(|i| {
            stacked
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let beside_max = beside
        .map(|s| s.values.iter().copied().max().unwrap_or(0))
        .unwrap_or(0);
    let max = totals
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(beside_max)
        .max(1);
    let scale = frame.h / max as f32;
    // Axis and the top value.
    canvas.line((plot_x, frame.y), (plot_x + plot_w, frame.y), 0.6);
    canvas.line((plot_x, frame.y), (plot_x, frame.y + frame.h), 0.6);
    canvas.text(
        MARGIN,
        frame.y + frame.h - 1.5,
        6.5,
        false,
        &format!("{max}"),
    );
    canvas.text(MARGIN, frame.y - 0.5, 6.5, false, "0");
    canvas.text(MARGIN, frame.y + frame.h / 2.0, 6.5, false, unit);
    let slot = plot_w / months.len().max(1) as f32;
    let bars = if beside.is_some() { 2.0 } else { 1.0 };
    let bar_w = (slot * 0.7 / bars).min(9.0);
    for (i, month) in months.iter().enumerate() {
        let x = plot_x + slot * i as f32 + (slot - bar_w * bars) / 2.0;
        let mut top = frame.y;
        for (k, series) in stacked.iter().enumerate() {
            let value = series.values.get(i).copied().unwrap_or(0);
            let h = value as f32 * scale;
            canvas.rect(x, top, bar_w, h, SHADES[k % SHADES.len()]);
            top += h;
        }
        if bar_labels && totals[i] > 0 {
            canvas.centred(x + bar_w / 2.0, top + 1.0, 6.0, &totals[i].to_string());
        }
        if let Some(series) = beside {
            let value = series.values.get(i).copied().unwrap_or(0);
            canvas.rect(x + bar_w, frame.y, bar_w, value as f32 * scale, 1.0);
            if bar_labels && value > 0 {
                canvas.centred(
                    x + bar_w * 1.5,
                    frame.y + value as f32 * scale + 1.0,
                    6.0,
                    &value.to_string(),
                );
            }
        }
        canvas.centred(
            plot_x + slot * (i as f32 + 0.5),
            frame.y - 4.0,
            6.0,
            &month_label(month),
        );
    }
    let mut legend_y = frame.y + frame.h - 4.0;
    let legend_x = PAGE_W - MARGIN - legend_w + 4.0;
    let mut entries: Vec<(&str, f32)> = stacked
        .iter()
        .enumerate()
        .map(|(k, s)| (s.name.as_str(), SHADES[k % SHADES.len()]))
        .collect();
    if let Some(series) = beside {
        entries.push((series.name.as_str(), 1.0));
    }
    for (name, shade) in entries.into_iter().take(12) {
        canvas.rect(legend_x, legend_y, 3.5, 3.5, shade);
        canvas.text(legend_x + 5.0, legend_y + 0.6, 7.5, false, name);
        legend_y -= 5.0;
    }
}

fn euros(cents: i64) -> String {
    let whole = cents / 100;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    format!("{}{grouped} €", if whole < 0 { "-" } else { "" })
}

fn percent(part: u32, total: u32) -> f32 {
    if total == 0 {
        0.0
    } else {
        part as f32 * 100.0 / total as f32
    }
}

/// The stats page as PDF bytes; `printed_on` is the laptop's date, `YYYY-MM-DD`.
pub fn stats_pdf(stats: &Stats, printed_on: &str, lang: Lang) -> Vec<u8> {
    let words = stats_pdf_words(lang);
    let others = words.others;
    let mut canvas = Canvas::default();
    let title = words.title;
    canvas.text(
        MARGIN,
        PAGE_H - MARGIN - 6.0,
        18.0,
        true,
        &format!("{title} — {}", stats.rep_name),
    );
    canvas.text(
        MARGIN,
        PAGE_H - MARGIN - 13.0,
        10.0,
        false,
        &format!(
            "{} · code {} · {} {}",
            period_label(&stats.period, lang),
            stats.rep,
            words.printed_on,
            printed_on
        ),
    );
    let visits = ChartBox {
        title: words.visits_chart,
        y: 200.0,
        h: 50.0,
    };
    stacked_chart(
        &mut canvas,
        &visits,
        &stats.months,
        &top_series(&stats.visits_by_grid, others),
        Some(&stats.prospect_visits),
        words.visits_unit,
        true,
    );
    let proposals = ChartBox {
        title: words.proposals_chart,
        y: 132.0,
        h: 45.0,
    };
    stacked_chart(
        &mut canvas,
        &proposals,
        &stats.months,
        &top_series(&stats.proposals, others),
        None,
        words.proposals_unit,
        true,
    );
    // Turnover: N and N-1 side by side, month by month, in thousands of euros.
    let months: Vec<String> = (1..=12).map(|m| format!("{}-{m:02}", stats.year)).collect();
    let to_euros = |s: &Series| Series {
        name: s.name.clone(),
        values: s.values.iter().map(|c| c / 100_000).collect(),
    };
    let ca = ChartBox {
        title: &turnover_chart(
            lang,
            &stats.ca_n.name,
            &stats.ca_n1.name,
            &euros(stats.ca_n.values.iter().sum()),
            &euros(stats.ca_n1.values.iter().sum()),
        ),
        y: 62.0,
        h: 45.0,
    };
    stacked_chart(
        &mut canvas,
        &ca,
        &months,
        &[to_euros(&stats.ca_n)],
        Some(&to_euros(&stats.ca_n1)),
        "k€",
        false,
    );
    // Shares visited.
    let share_y = 30.0;
    canvas.text(MARGIN, share_y + 12.0, 11.0, true, words.shares_title);
    let bar_x = MARGIN + 35.0;
    let bar_w = 100.0;
    for (row, (label, part, total)) in [
        (words.clients, stats.clients_visited, stats.clients_total),
        (
            words.prospects,
            stats.prospects_visited,
            stats.prospects_total,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let y = share_y + 4.0 - row as f32 * 8.0;
        let share = percent(part, total);
        canvas.text(MARGIN, y + 0.8, 9.0, false, label);
        canvas.rect(bar_x, y, bar_w, 4.5, 1.0);
        canvas.rect(bar_x, y, bar_w * share / 100.0, 4.5, 0.4);
        canvas.text(
            bar_x + bar_w + 3.0,
            y + 0.8,
            9.0,
            false,
            &format!("{share:.0} % ({part} / {total})"),
        );
    }
    canvas.text(MARGIN, MARGIN - 5.0, 7.0, false, words.footer);
    save_document(title, vec![canvas.into_page()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_series_are_added_up_as_others() {
        let series: Vec<Series> = (0..8)
            .map(|i| Series {
                name: format!("S{i}"),
                values: vec![i, 1],
            })
            .collect();
        let top = top_series(&series, "Autres");
        assert_eq!(top.len(), MAX_STACKED);
        assert_eq!(top[0].name, "S7");
        let last = top.last().unwrap();
        assert_eq!(last.name, "Autres");
        assert_eq!(last.values, vec![6, 4], "S0 to S3 added up");
    }

    #[test]
    fn amounts_and_months_read_the_french_way() {
        assert_eq!(euros(123_456_789), "1 234 567 €");
        assert_eq!(euros(-50_000), "-500 €");
        assert_eq!(month_label("2026-03"), "03/26");
        assert_eq!(percent(1, 3).round(), 33.0);
        assert_eq!(percent(0, 0), 0.0);
    }
}
