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

/// Length of the `c_user` column.
pub const C_USER_MAX: u32 = 4;

/// Length of the `c_entite` column.
pub const C_ENTITE_MAX: u32 = 30;

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

/// A code column: set, and within its length.
fn check_code(field: &str, value: &str, max: u32) -> Result<(), DomainError> {
    let len = value.chars().count();
    if value.trim().is_empty() {
        Err(DomainError::Missing {
            field: field.into(),
        })
    } else if len > max as usize {
        Err(DomainError::TooLong {
            field: field.into(),
            max,
            len,
        })
    } else {
        Ok(())
    }
}

impl ClientRelation {
    /// The row for a visit, exactly as annex 1 prescribes. Refuses what the ERP columns
    /// could not hold: a time that is not `HH:MM` (field `visit_time`), an empty or too
    /// long client code (`c_entite`, 30) or user code (`c_user`, 4).
    pub fn from_visit(
        client_code: &str,
        erp_user: &str,
        date: NaiveDate,
        time: &str,
        comment: &str,
    ) -> Result<Self, DomainError> {
        if !is_hh_mm(time) {
            return Err(DomainError::InvalidTime {
                field: "visit_time".into(),
            });
        }
        check_code("c_entite", client_code, C_ENTITE_MAX)?;
        check_code("c_user", erp_user, C_USER_MAX)?;
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

/// The `objet` of a prospect visit once carried over to the client, within 80 characters,
/// so that visits before and after the account's creation can be told apart. Idempotent:
/// an `objet` that already carries the prefix is only truncated.
pub fn prospect_objet(objet: &str) -> String {
    let prefixed = if objet.starts_with(PROSPECT_PREFIX) {
        objet.to_string()
    } else {
        format!("{PROSPECT_PREFIX}{objet}")
    };
    prefixed.chars().take(OBJET_MAX).collect()
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
    fn midnight_and_the_last_minute_are_valid_times() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        for time in ["00:00", "23:59", "12:30"] {
            let row = ClientRelation::from_visit("C1", "JD01", day, time, "").unwrap();
            assert_eq!(row.heure_relation, time);
        }
    }

    #[test]
    fn bad_times_are_refused_on_the_time_field() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        for time in [
            "24:00", "7:00", "07h00", "07:60", "", "07:0a", "+7:00", "07:00:00",
        ] {
            let error = ClientRelation::from_visit("C1", "JD01", day, time, "").unwrap_err();
            assert_eq!(error.field(), "visit_time", "{time}");
            assert_eq!(error.code(), "invalid_time", "{time}");
        }
    }

    #[test]
    fn codes_must_fit_their_columns() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let fail = |client: &str, user: &str| {
            let error = ClientRelation::from_visit(client, user, day, "10:00", "").unwrap_err();
            (error.field().to_string(), error.code())
        };
        assert_eq!(fail("C1", "JDUPONT"), ("c_user".into(), "too_long"));
        assert_eq!(fail("C1", " "), ("c_user".into(), "missing_mandatory"));
        assert_eq!(fail("", "JD01"), ("c_entite".into(), "missing_mandatory"));
        assert_eq!(
            fail(&"C".repeat(31), "JD01"),
            ("c_entite".into(), "too_long")
        );
        // A prospect id (ULID, 26 characters) fits c_entite.
        ClientRelation::from_visit("01M7SKSWF0BVPG00000000003N", "JD01", day, "10:00", "").unwrap();
    }

    #[test]
    fn the_row_serialises_with_the_erp_column_names() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        let row = ClientRelation::from_visit("C1", "JD01", day, "09:05", "RAS").unwrap();
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(json["date_relation"], "2026-01-02");
        assert_eq!(json["objet"], "Visite du 02/01/2026");
        assert_eq!(json["c_archive"], "N");
        assert_eq!(json["num_relation_sujet"], 0);
        let back: ClientRelation = serde_json::from_value(json).unwrap();
        assert_eq!(back, row);
    }

    #[test]
    fn prospect_visits_keep_a_visible_prefix_within_80_characters() {
        assert_eq!(
            prospect_objet("Visite du 01/02/2026"),
            "[PROSPECT] Visite du 01/02/2026"
        );
        let long = prospect_objet(&"é".repeat(80));
        assert_eq!(long.chars().count(), 80);
        assert!(long.starts_with(PROSPECT_PREFIX));
        let once = prospect_objet("Visite du 01/02/2026");
        assert_eq!(prospect_objet(&once), once);
    }
}
