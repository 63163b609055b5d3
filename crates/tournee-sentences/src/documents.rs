//! The words of the documents the laptop writes for people outside the app: the stats PDF
//! and the calendar export (`.ics`). The window words its own screens from the UI's
//! catalogues; these files leave the app, so their words are chosen here, in the rep's
//! language.

use tournee_core::Lang;

/// The fixed words of the stats PDF, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsPdfWords {
    /// The page's title, before the rep's name.
    pub title: &'static str,
    /// « imprimé le », before the date.
    pub printed_on: &'static str,
    /// The series that adds up the smallest ones.
    pub others: &'static str,
    /// The visits chart's title.
    pub visits_chart: &'static str,
    /// The visits chart's unit.
    pub visits_unit: &'static str,
    /// The proposals chart's title.
    pub proposals_chart: &'static str,
    /// The proposals chart's unit.
    pub proposals_unit: &'static str,
    /// The title above the shares visited.
    pub shares_title: &'static str,
    /// The clients' bar.
    pub clients: &'static str,
    /// The prospects' bar.
    pub prospects: &'static str,
    /// The footnote.
    pub footer: &'static str,
}

/// The stats PDF's words in `lang`.
pub fn stats_pdf_words(lang: Lang) -> StatsPdfWords {
    match lang {
        Lang::Fr => StatsPdfWords {
            title: "Statistiques",
            printed_on: "imprimé le",
            others: "Autres",
            visits_chart: "Visites clients par grille commerciale et visites prospects, par mois",
            visits_unit: "visites",
            proposals_chart: "Remises de proposition par type, par mois",
            proposals_unit: "remises",
            shares_title: "Part des clients et des prospects visités sur la période",
            clients: "Clients",
            prospects: "Prospects",
            footer: "Tournée — chiffres des bases hors ligne ; pour ses propres chiffres, le commercial voit aussi ses saisies en attente.",
        },
        Lang::En => StatsPdfWords {
            title: "Statistics",
            printed_on: "printed on",
            others: "Others",
            visits_chart: "Client visits by commercial grid, and prospect visits, per month",
            visits_unit: "visits",
            proposals_chart: "Proposals handed over by type, per month",
            proposals_unit: "proposals",
            shares_title: "Share of clients and prospects visited over the period",
            clients: "Clients",
            prospects: "Prospects",
            footer: "Tournée — figures from the offline data; a rep's own figures also count their pending entries.",
        },
    }
}

/// The turnover chart's title: the two years' names and their totals, already formatted.
pub fn turnover_chart(
    lang: Lang,
    year: &str,
    previous: &str,
    total: &str,
    previous_total: &str,
) -> String {
    match lang {
        Lang::Fr => format!(
            "Chiffre d'affaires {year} (gris) et {previous} (blanc), par mois — total {total} / {previous_total}"
        ),
        Lang::En => format!(
            "Turnover {year} (grey) and {previous} (white), per month — total {total} / {previous_total}"
        ),
    }
}

/// The statistics period (`tournee_core::PERIODS`' codes) in words; empty for an unknown
/// code.
pub fn period_label(code: &str, lang: Lang) -> &'static str {
    let fr = lang == Lang::Fr;
    match (code, fr) {
        ("month", true) => "Mois en cours",
        ("month", false) => "This month",
        ("3m", true) => "3 derniers mois",
        ("3m", false) => "Last 3 months",
        ("6m", true) => "6 derniers mois",
        ("6m", false) => "Last 6 months",
        ("12m", true) => "12 derniers mois",
        ("12m", false) => "Last 12 months",
        ("year", true) => "Année en cours",
        ("year", false) => "This year",
        ("last_year", true) => "Année N-1",
        ("last_year", false) => "Previous year",
        _ => "",
    }
}

/// The calendar's name in the rep's calendar application.
pub fn calendar_name(rep_name: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Visites — {rep_name}"),
        Lang::En => format!("Visits — {rep_name}"),
    }
}

/// One visit's title in the calendar; a visit not yet integrated says so.
pub fn calendar_visit(name: &str, pending: bool, lang: Lang) -> String {
    match (lang, pending) {
        (Lang::Fr, false) => format!("Visite {name}"),
        (Lang::Fr, true) => format!("Visite {name} (en attente)"),
        (Lang::En, false) => format!("Visit {name}"),
        (Lang::En, true) => format!("Visit {name} (pending)"),
    }
}

/// A party's kind as the calendar's category names it (`client` or `prospect`): the same
/// word in French and in English.
pub fn calendar_category(kind: &str) -> &'static str {
    match kind {
        "prospect" => "Prospect",
        _ => "Client",
    }
}

#[cfg(test)]
mod tests {
    use tournee_core::PERIODS;

    use super::*;

    #[test]
    fn every_pdf_word_is_in_both_languages() {
        let (fr, en) = (stats_pdf_words(Lang::Fr), stats_pdf_words(Lang::En));
        let pairs = [
            (fr.title, en.title),
            (fr.printed_on, en.printed_on),
            (fr.others, en.others),
            (fr.visits_chart, en.visits_chart),
            (fr.visits_unit, en.visits_unit),
            (fr.proposals_chart, en.proposals_chart),
            (fr.proposals_unit, en.proposals_unit),
            (fr.shares_title, en.shares_title),
            (fr.footer, en.footer),
        ];
        for (fr, en) in pairs {
            assert!(!fr.trim().is_empty() && !en.trim().is_empty());
            assert_ne!(fr, en);
        }
        // The same words in both languages.
        assert_eq!((fr.clients, fr.prospects), (en.clients, en.prospects));
        assert_ne!(
            turnover_chart(Lang::Fr, "2026", "2025", "1 €", "2 €"),
            turnover_chart(Lang::En, "2026", "2025", "1 €", "2 €")
        );
    }

    #[test]
    fn every_period_has_a_label_in_both_languages() {
        for period in PERIODS {
            let (fr, en) = (
                period_label(period, Lang::Fr),
                period_label(period, Lang::En),
            );
            assert!(!fr.is_empty() && !en.is_empty(), "{period}");
            assert_ne!(fr, en, "{period}");
        }
        assert_eq!(period_label("12m", Lang::Fr), "12 derniers mois");
        assert_eq!(period_label("decade", Lang::Fr), "");
    }

    #[test]
    fn calendar_titles_say_what_is_pending() {
        assert_eq!(calendar_visit("Garage", false, Lang::Fr), "Visite Garage");
        assert_eq!(
            calendar_visit("Garage", true, Lang::Fr),
            "Visite Garage (en attente)"
        );
        assert_eq!(
            calendar_visit("Garage", true, Lang::En),
            "Visit Garage (pending)"
        );
        assert_eq!(calendar_name("Jean", Lang::Fr), "Visites — Jean");
        assert_eq!(calendar_name("Jean", Lang::En), "Visits — Jean");
        assert_eq!(calendar_category("prospect"), "Prospect");
        assert_eq!(calendar_category("client"), "Client");
    }
}
