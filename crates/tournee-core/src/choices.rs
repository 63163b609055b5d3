//! The lists the prospect and conversion forms offer instead of free text: client
//! categories (`c_fam_client`), sub-categories by category (`c_sfam_client`), commercial
//! grids (`c_catc`), invoicing periodicities (`c_per`), countries (`c_pays`) and payment
//! modes (`c_mod_rgl_1`). A rep should pick « AGRI », not have to know to type it (CH is
//! offered only for the farmer categories). The lists are admin parameters; the defaults
//! below are the codes of the ERP's demo data and of the brief.

use serde::{Deserialize, Serialize};

/// Column of the client sub-category, whose list depends on the category.
pub const SUBCATEGORY_FIELD: &str = "c_sfam_client";

/// One value offered in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Choice {
    /// Stored code (`AGRI`).
    pub code: String,
    /// Shown label, in French (`Agriculteurs`).
    pub label: String,
    /// The label in English, when the admin gave one (the French one is shown otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// For a sub-category: the category it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl Choice {
    /// The label in `lang` (French when no English one was given).
    pub fn label_in(&self, lang: crate::Lang) -> &str {
        match (lang, self.label_en.as_deref()) {
            (crate::Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => &self.label,
        }
    }
}

fn list(rows: &[(&str, &str, &str)]) -> Vec<Choice> {
    rows.iter()
        .map(|(code, fr, en)| Choice {
            code: (*code).into(),
            label: (*fr).into(),
            label_en: Some((*en).into()),
            parent: None,
        })
        .collect()
}

/// Client categories (`c_fam_client`).
pub fn default_client_categories() -> Vec<Choice> {
    list(&[
        ("AGRI", "Agriculteurs", "Farmers"),
        ("TRAN", "Transporteurs", "Carriers"),
        ("GARA", "Garages", "Garages"),
        ("TP", "Travaux publics", "Public works"),
        ("COLL", "Collectivités", "Local authorities"),
        ("INDU", "Industrie", "Industry"),
    ])
}

/// Sub-categories (`c_sfam_client`), each under its category.
pub fn default_client_subcategories() -> Vec<Choice> {
    [
        ("AGRI", "CERE", "Céréaliers", "Cereal growers"),
        ("AGRI", "ELEV", "Éleveurs", "Livestock farmers"),
        ("AGRI", "VITI", "Viticulteurs", "Wine growers"),
        ("AGRI", "MARA", "Maraîchers", "Market gardeners"),
        ("TRAN", "PL", "Poids lourds", "Heavy goods"),
        ("TRAN", "MESS", "Messagerie", "Parcels"),
        ("TRAN", "FRIG", "Frigorifique", "Refrigerated"),
        ("GARA", "MECA", "Mécanique", "Mechanics"),
        ("GARA", "CARR", "Carrosserie", "Body shops"),
        ("GARA", "CENT", "Centre auto", "Car centres"),
        ("TP", "TERR", "Terrassement", "Earthworks"),
        ("TP", "CARR", "Carrières", "Quarries"),
        ("TP", "ROUT", "Routes", "Roads"),
        ("COLL", "MAIR", "Mairies", "Town halls"),
        ("COLL", "DEPT", "Départements", "Departments"),
        ("COLL", "SYND", "Syndicats", "Joint boards"),
        ("INDU", "MANU", "Manufactures", "Manufacturing"),
        ("INDU", "BTP", "Bâtiment", "Building"),
        ("INDU", "AGRO", "Agroalimentaire", "Food industry"),
    ]
    .into_iter()
    .map(|(parent, code, fr, en)| Choice {
        code: code.into(),
        label: fr.into(),
        label_en: Some(en.into()),
        parent: Some(parent.into()),
    })
    .collect()
}

/// Commercial grids (`c_catc`).
pub fn default_commercial_grids() -> Vec<Choice> {
    list(&[
        ("AGRI1", "Agriculteurs 1", "Farmers 1"),
        ("AGRI2", "Agriculteurs 2", "Farmers 2"),
        ("TRANS", "Transporteurs", "Carriers"),
        ("GARAGE", "Garages", "Garages"),
        ("TP1", "Travaux publics 1", "Public works 1"),
        ("TP2", "Travaux publics 2", "Public works 2"),
        ("COLL", "Collectivités", "Local authorities"),
        ("STD", "Standard", "Standard"),
        ("GRILLE_A", "Grille A", "Grid A"),
        ("GRILLE_B", "Grille B", "Grid B"),
        ("GRILLE_C", "Grille C", "Grid C"),
    ])
}

/// Invoicing periodicities (`c_per`).
pub fn default_periodicities() -> Vec<Choice> {
    list(&[
        ("M", "Mensuelle", "Monthly"),
        ("Q", "Quinzaine", "Fortnightly"),
        ("S", "Hebdomadaire", "Weekly"),
    ])
}

/// Countries (`c_pays`).
pub fn default_countries() -> Vec<Choice> {
    list(&[
        ("FR", "France", "France"),
        ("BE", "Belgique", "Belgium"),
        ("LU", "Luxembourg", "Luxembourg"),
        ("CH", "Suisse", "Switzerland"),
        ("DE", "Allemagne", "Germany"),
        ("ES", "Espagne", "Spain"),
        ("IT", "Italie", "Italy"),
    ])
}

/// Payment modes (`c_mod_rgl_1`); CH and LD carry the brief's rules.
pub fn default_payment_modes() -> Vec<Choice> {
    list(&[
        ("VI", "Virement", "Bank transfer"),
        ("CH", "Chèque", "Cheque"),
        ("LD", "Prélèvement", "Direct debit"),
        ("TR", "Traite", "Bill of exchange"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_reads_in_english_when_the_admin_gave_one() {
        let mut mode = default_payment_modes().remove(0);
        assert_eq!(mode.label_in(crate::Lang::En), "Bank transfer");
        assert_eq!(mode.label_in(crate::Lang::Fr), "Virement");
        mode.label_en = None;
        assert_eq!(mode.label_in(crate::Lang::En), "Virement");
    }

    #[test]
    fn every_default_subcategory_belongs_to_a_default_category() {
        let categories: Vec<String> = default_client_categories()
            .into_iter()
            .map(|c| c.code)
            .collect();
        for sub in default_client_subcategories() {
            assert!(categories.contains(sub.parent.as_ref().unwrap()), "{sub:?}");
        }
    }
}
