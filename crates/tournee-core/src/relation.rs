//! `winpneu.dbo.client_relation` (annex 1 of the brief): how a visit is written into the ERP.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// Prefix of the `objet` of a prospect's visits carried over to the new client.
pub const PROSPECT_PREFIX: &str = "[PROSPECT] ";

/// Suffix the brief adds to every comment entered through the CRM.
pub const CRM_SUFFIX: &str = "saisie via le CRM";

/// Length of the `objet` column.
pub const OBJET_MAX: usize = 80;

/// One `client_relation` row, column names as in the ERP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRelation {
    /// `CRV` for CRM visits.
    pub origine_relation: String,
    /// Day of the visit.
    pub date_relation: NaiveDate,
    /// `HH:MM`.
    pub heure_relation: String,
    /// `C` (client).
    pub type_entite: String,
    /// Client code.
    pub c_entite: String,
    /// ERP user code of the rep (≤ 4 characters).
    pub c_user: String,
    /// `S`.
    pub type_relation: String,
    /// `Visite du dd/mm/yyyy`.
    pub objet: String,
    /// The rep's text + ` saisie via le CRM`.
    pub commentaire: String,
    /// `0`.
    pub num_relation_sujet: i64,
    /// `N` (`O` once archived).
    pub c_archive: String,
}

/// `HH:MM` between 00:00 and 23:59.
fn is_hh_mm(text: &str) -> bool {
    let Some((h, m)) = text.split_once(':') else {
        return false;
    };
    h.len() == 2
        && m.len() == 2
        && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
        && h.parse::<u8>().is_ok_and(|h| h < 24)
        && m.parse::<u8>().is_ok_and(|m| m < 60)
}

impl ClientRelation {
    /// The row for a visit, exactly as annex 1 prescribes.
    pub fn from_visit(
        client_code: &str,
        erp_user: &str,
        date: NaiveDate,
        time: &str,
        comment: &str,
    ) -> Result<Self, DomainError> {
        if !is_hh_mm(time) {
            return Err(DomainError::InvalidFormat {
                field: "visit_time".into(),
                expected: "une heure HH:MM".into(),
            });
        }
        let comment = comment.trim();
        let commentaire = if comment.is_empty() {
            CRM_SUFFIX.to_string()
        } else {
            format!("{comment} {CRM_SUFFIX}")
        };
        Ok(Self {
            origine_relation: "CRV".into(),
            date_relation: date,
            heure_relation: time.into(),
            type_entite: "C".into(),
            c_entite: client_code.into(),
            c_user: erp_user.into(),
            type_relation: "S".into(),
            objet: format!("Visite du {}", date.format("%d/%m/%Y")),
            commentaire,
            num_relation_sujet: 0,
            c_archive: "N".into(),
        })
    }
}

/// The `objet` of a prospect visit once carried over to the client, within 80 characters.
pub fn prospect_objet(objet: &str) -> String {
    format!("{PROSPECT_PREFIX}{objet}")
        .chars()
        .take(OBJET_MAX)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_becomes_the_annex_1_row() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let row =
            ClientRelation::from_visit("C000101", "JD01", day, "10:15", "  Devis PL  ").unwrap();
        assert_eq!(row.origine_relation, "CRV");
        assert_eq!(row.type_entite, "C");
        assert_eq!(row.type_relation, "S");
        assert_eq!(row.objet, "Visite du 20/11/2026");
        assert_eq!(row.commentaire, "Devis PL saisie via le CRM");
        assert_eq!((row.num_relation_sujet, row.c_archive.as_str()), (0, "N"));
        let empty = ClientRelation::from_visit("C1", "JD01", day, "08:00", "").unwrap();
        assert_eq!(empty.commentaire, "saisie via le CRM");
    }

    #[test]
    fn bad_times_are_refused_on_the_time_field() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        for time in ["24:00", "7:00", "07h00", "07:60"] {
            let error = ClientRelation::from_visit("C1", "JD01", day, time, "").unwrap_err();
            assert_eq!(error.field(), "visit_time");
        }
    }

    #[test]
    fn prospect_visits_keep_a_visible_prefix_within_80_characters() {
        assert_eq!(
            prospect_objet("Visite du 01/02/2026"),
            "[PROSPECT] Visite du 01/02/2026"
        );
        assert_eq!(prospect_objet(&"x".repeat(80)).chars().count(), 80);
    }
}
