//! The words of the sales reports' A4 page that the app prints (« Rapports », issue 15),
//! French and English: the same page as the back office's, in the rep's language.

use tournee_core::Lang;

/// Every fixed word the reports' page prints.
#[derive(Debug, Clone, Copy)]
pub struct ReportsPdfWords {
    /// The page's title.
    pub title: &'static str,
    /// What the figures count (the reader's own, a manager's team's).
    pub scope: &'static str,
    /// The sales chart's title, per month and per year.
    pub sales: [&'static str; 2],
    /// The funnel chart's title.
    pub funnel: &'static str,
    /// The funnel's four steps.
    pub steps: [&'static str; 4],
    /// The forecast chart's title, per month and per year.
    pub forecast: [&'static str; 2],
    /// The time-to-close chart's title.
    pub close_times: &'static str,
    /// The campaigns' table's title.
    pub campaigns: &'static str,
    /// The campaigns' column headings: name, start, cost, leads, opportunities, won.
    pub campaign_columns: [&'static str; 6],
    /// Said under a chart without a figure.
    pub nothing: &'static str,
    /// Said instead of the campaigns' table when none started in the period.
    pub no_campaign: &'static str,
    /// The footnote.
    pub footer: &'static str,
}

/// The reports' page's words in `lang`.
pub fn reports_pdf_words(lang: Lang) -> ReportsPdfWords {
    match lang {
        Lang::Fr => ReportsPdfWords {
            title: "Rapports des ventes",
            scope: "Les chiffres de ce que vous voyez : les vôtres, ceux de votre équipe pour un responsable.",
            sales: ["Ventes gagnées HT, par mois", "Ventes gagnées HT, par année"],
            funnel: "Entonnoir : ce que sont devenus les tiers créés",
            steps: [
                "Pistes créées",
                "Devenues prospects",
                "Avec une opportunité",
                "Gagnées",
            ],
            forecast: [
                "Prévision pondérée HT, par mois de clôture prévu",
                "Prévision pondérée HT, par année de clôture prévue",
            ],
            close_times: "Délai moyen de clôture par commercial",
            campaigns: "Campagnes commencées sur la période",
            campaign_columns: ["Campagne", "Début", "Coût", "Pistes", "Opport.", "Gagné HT"],
            nothing: "Aucun chiffre sur la période.",
            no_campaign: "Aucune campagne commencée sur la période.",
            footer: "Tournée — rapports des ventes, comptés sur les bases hors ligne et les saisies en attente de ce poste.",
        },
        Lang::En => ReportsPdfWords {
            title: "Sales reports",
            scope: "Figures of what you can see: your own, your team's for a manager.",
            sales: ["Sales won excl. VAT, per month", "Sales won excl. VAT, per year"],
            funnel: "Funnel: what became of the parties created",
            steps: [
                "Leads created",
                "Became prospects",
                "With an opportunity",
                "Won",
            ],
            forecast: [
                "Weighted forecast excl. VAT, per expected month of closing",
                "Weighted forecast excl. VAT, per expected year of closing",
            ],
            close_times: "Average time to close per rep",
            campaigns: "Campaigns started in the period",
            campaign_columns: ["Campaign", "Start", "Cost", "Leads", "Opport.", "Won excl. VAT"],
            nothing: "No figure in this period.",
            no_campaign: "No campaign started in this period.",
            footer: "Tournée — sales reports, counted from the offline data and this computer's pending entries.",
        },
    }
}

/// The period line: « Du 01/12/2025 au 30/11/2026 · montants hors taxes · imprimé le … »,
/// each day already formatted.
pub fn reports_period(lang: Lang, from: &str, to: &str, printed_on: &str) -> String {
    match lang {
        Lang::Fr => format!("Du {from} au {to} · montants hors taxes · imprimé le {printed_on}"),
        Lang::En => {
            format!("From {from} to {to} · amounts excluding VAT · printed on {printed_on}")
        }
    }
}

/// What a chart or a table leaves out: « … et 4 autres ».
pub fn reports_others(lang: Lang, left: usize) -> String {
    match (lang, left) {
        (Lang::Fr, 1) => "… et 1 autre".to_owned(),
        (Lang::Fr, n) => format!("… et {n} autres"),
        (Lang::En, 1) => "… and 1 more".to_owned(),
        (Lang::En, n) => format!("… and {n} more"),
    }
}

/// The records pending on this laptop that the figures count.
pub fn reports_pending(lang: Lang, pending: u32) -> String {
    match lang {
        Lang::Fr => format!(
            "Dont {pending} enregistrement(s) modifié(s) sur ce poste, en attente du serveur."
        ),
        Lang::En => {
            format!(
                "Including {pending} record(s) changed on this computer, waiting for the server."
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_the_page_is_said_in_both_languages_and_none_is_copied() {
        let [fr, en] = [Lang::Fr, Lang::En].map(reports_pdf_words);
        let words = |w: ReportsPdfWords| {
            let mut all = vec![
                w.title,
                w.scope,
                w.funnel,
                w.close_times,
                w.campaigns,
                w.nothing,
                w.no_campaign,
                w.footer,
            ];
            all.extend(w.sales);
            all.extend(w.steps);
            all.extend(w.forecast);
            all.extend(&w.campaign_columns[..2]);
            all
        };
        for (fr, en) in words(fr).into_iter().zip(words(en)) {
            assert!(!fr.trim().is_empty() && !en.trim().is_empty());
            assert_ne!(fr, en);
        }
        assert_eq!(reports_others(Lang::Fr, 1), "… et 1 autre");
        assert_eq!(reports_others(Lang::En, 4), "… and 4 more");
        assert!(
            reports_period(Lang::Fr, "01/12/2025", "30/11/2026", "01/12/2026")
                .starts_with("Du 01/12/2025 au 30/11/2026")
        );
        assert!(reports_pending(Lang::En, 2).starts_with("Including 2 record(s)"));
    }
}
