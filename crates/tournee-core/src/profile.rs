//! The field profile: which client/prospect fields exist, how long they may be, which
//! are shown and which are mandatory to turn a prospect into a client.
//!
//! Forms are generated from this data instead of being written field by field, and the
//! admin can adapt it. [`FieldProfile::annex2`] is annex 2 of the brief, exactly.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Lang};

/// Values of profile fields keyed by ERP column name; `None` clears a field.
pub type FieldValues = BTreeMap<String, Option<String>>;

/// How a field's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text.
    Text,
    /// Whole number.
    Integer,
    /// ISO date `YYYY-MM-DD`.
    Date,
    /// Short code from an ERP list (category, payment mode…).
    Code,
}

/// When a field must be filled for a prospect to become a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Never mandatory.
    Optional,
    /// Always mandatory for the conversion.
    Mandatory,
    /// Mandatory when the payment mode (`c_mod_rgl_1`) is `LD`.
    MandatoryIfPaymentLd,
}

/// One field of the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// ERP column name (`nom_client`).
    pub name: String,
    /// French label (annex 2).
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// How to read the value.
    pub kind: FieldKind,
    /// ERP column length in characters.
    pub max_len: u32,
    /// Mandatory for the conversion?
    pub requirement: Requirement,
    /// Shown in the forms?
    pub visible: bool,
}

/// The ordered list of fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProfile {
    /// Fields in display order.
    pub fields: Vec<FieldDef>,
}

/// Annex 2: (column, French label, English label, kind, length, requirement).
const ANNEX2: &[(&str, &str, &str, FieldKind, u32, Requirement)] = {
    use FieldKind::*;
    use Requirement::*;
    &[
        (
            "c_fam_client",
            "catégorie client",
            "client category",
            Code,
            4,
            Mandatory,
        ),
        (
            "c_sfam_client",
            "sous catégorie client",
            "client sub-category",
            Code,
            4,
            Mandatory,
        ),
        ("c_titre", "titre", "title", Code, 4, Optional),
        ("nom_client", "nom", "name", Text, 35, Mandatory),
        ("adr1_fac", "adresse 1", "address 1", Text, 35, Mandatory),
        ("adr2_fac", "adresse 2", "address 2", Text, 35, Optional),
        ("adr3_fac", "adresse 3", "address 3", Text, 35, Optional),
        ("dep_fac", "département", "department", Code, 4, Mandatory),
        (
            "bur_dis_fac",
            "bureau distributeur",
            "postal office",
            Code,
            3,
            Mandatory,
        ),
        ("ville_fac", "ville", "town", Text, 35, Mandatory),
        ("c_agence", "agence", "branch", Code, 4, Mandatory),
        ("c_rep", "Commercial", "sales rep", Code, 4, Mandatory),
        ("c_pays", "pays", "country", Code, 4, Mandatory),
        ("tel_1", "téléphone", "phone", Text, 20, Mandatory),
        ("fax", "fax", "fax", Text, 20, Optional),
        ("tel_2", "portable", "mobile", Text, 20, Optional),
        (
            "contact_divers_1",
            "n° TVA",
            "VAT number",
            Text,
            40,
            Optional,
        ),
        ("contact_divers_2", "SIRET", "SIRET", Text, 40, Mandatory),
        (
            "contact_divers_3",
            "Activité",
            "activity",
            Text,
            40,
            Optional,
        ),
        ("contact_divers_4", "mail", "e-mail", Text, 255, Optional),
        (
            "c_per",
            "Périodicité",
            "invoicing period",
            Code,
            1,
            Mandatory,
        ),
        (
            "c_regpmt_bl",
            "Regroupement BL",
            "group delivery notes",
            Code,
            1,
            Optional,
        ),
        (
            "c_regpmt_fac",
            "Regroupement CDE",
            "group orders",
            Code,
            1,
            Optional,
        ),
        (
            "c_releve",
            "Edition relevé",
            "print statement",
            Code,
            1,
            Optional,
        ),
        (
            "c_autoris_bl",
            "Autorisation BL",
            "delivery note authorisation",
            Code,
            1,
            Optional,
        ),
        (
            "c_catc",
            "Grille Conditions",
            "conditions grid",
            Code,
            8,
            Mandatory,
        ),
        (
            "c_frais_fixe",
            "Frais Fixes",
            "fixed fees",
            Code,
            1,
            Optional,
        ),
        (
            "c_ref_oblig",
            "Référence Client Obligatoire",
            "client reference required",
            Code,
            1,
            Optional,
        ),
        (
            "c_mod_rgl_1",
            "Mode de Règlement",
            "payment mode",
            Code,
            2,
            Mandatory,
        ),
        (
            "nb_jour_1",
            "Nb de jours",
            "payment days",
            Integer,
            10,
            Mandatory,
        ),
        ("jour_1", "Jour de l'échéance", "due day", Code, 2, Optional),
        (
            "c_type_fact",
            "Type de Facturation",
            "invoicing type",
            Code,
            1,
            Optional,
        ),
        (
            "c_attention",
            "A l'attention de",
            "for the attention of",
            Text,
            35,
            Optional,
        ),
        ("c_ape", "Code NAF", "NAF code", Code, 10, Optional),
        (
            "date_creation_ste",
            "Création de Société",
            "company founded",
            Date,
            10,
            Optional,
        ),
        ("bic", "BIC", "BIC", Code, 11, MandatoryIfPaymentLd),
        ("iban", "IBAN", "IBAN", Code, 34, MandatoryIfPaymentLd),
        ("codepays", "Code Pays", "country code", Code, 2, Optional),
        (
            "codemonnaie",
            "Code Monnaie",
            "currency code",
            Code,
            3,
            Optional,
        ),
        (
            "type_edition_fac",
            "Type édition facture",
            "invoice print type",
            Code,
            1,
            Mandatory,
        ),
    ]
};

/// Label of a column in the default profile, or the name itself (used by error messages).
pub fn default_label(name: &str, lang: Lang) -> String {
    ANNEX2
        .iter()
        .find(|row| row.0 == name)
        .map(|row| match lang {
            Lang::Fr => row.1,
            Lang::En => row.2,
        })
        .unwrap_or(name)
        .to_string()
}

impl FieldProfile {
    /// Annex 2 of the brief: every field is shown; mandatory ones as the annex marks them.
    pub fn annex2() -> Self {
        Self {
            fields: ANNEX2
                .iter()
                .map(|&(name, fr, en, kind, max_len, requirement)| FieldDef {
                    name: name.into(),
                    label_fr: fr.into(),
                    label_en: en.into(),
                    kind,
                    max_len,
                    requirement,
                    visible: true,
                })
                .collect(),
        }
    }

    /// The definition of a column.
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The label of a column in `lang`, or the column name.
    pub fn label(&self, name: &str, lang: Lang) -> String {
        self.field(name)
            .map(|f| match lang {
                Lang::Fr => f.label_fr.clone(),
                Lang::En => f.label_en.clone(),
            })
            .unwrap_or_else(|| name.to_string())
    }

    /// Checks one value: known field, length, and form for integers and dates.
    pub fn check_value(&self, name: &str, value: &str) -> Result<(), DomainError> {
        let def = self.field(name).ok_or_else(|| DomainError::UnknownField {
            field: name.to_string(),
        })?;
        let len = value.chars().count();
        if len > def.max_len as usize {
            return Err(DomainError::TooLong {
                field: name.to_string(),
                max: def.max_len,
                len,
            });
        }
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Ok(());
        }
        let invalid = |expected: &str| DomainError::InvalidFormat {
            field: name.to_string(),
            expected: expected.to_string(),
        };
        match def.kind {
            FieldKind::Integer if trimmed.parse::<i64>().is_err() => {
                Err(invalid("un nombre entier"))
            }
            FieldKind::Date if NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").is_err() => {
                Err(invalid("une date AAAA-MM-JJ"))
            }
            _ => Ok(()),
        }
    }

    /// Checks every set value; returns all the errors.
    pub fn check_values(&self, values: &FieldValues) -> Result<(), Vec<DomainError>> {
        let errors: Vec<DomainError> = values
            .iter()
            .filter_map(|(name, value)| match value {
                Some(text) => self.check_value(name, text).err(),
                None if self.field(name).is_none() => Some(DomainError::UnknownField {
                    field: name.clone(),
                }),
                None => None,
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The fields that must be set to convert, given the payment mode chosen.
    pub fn mandatory_for_conversion(&self, payment_mode: Option<&str>) -> Vec<&FieldDef> {
        let ld = payment_mode.map(str::trim) == Some("LD");
        self.fields
            .iter()
            .filter(|f| match f.requirement {
                Requirement::Mandatory => true,
                Requirement::MandatoryIfPaymentLd => ld,
                Requirement::Optional => false,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex2_has_every_row_with_its_rules() {
        let profile = FieldProfile::annex2();
        assert_eq!(profile.fields.len(), 40);
        assert_eq!(profile.fields[0].name, "c_fam_client");
        assert_eq!(profile.fields.last().unwrap().name, "type_edition_fac");
        let nom = profile.field("nom_client").unwrap();
        assert_eq!((nom.max_len, nom.requirement), (35, Requirement::Mandatory));
        assert_eq!(
            profile.field("iban").unwrap().requirement,
            Requirement::MandatoryIfPaymentLd
        );
        assert_eq!(profile.field("nb_jour_1").unwrap().kind, FieldKind::Integer);
        assert!(profile.fields.iter().all(|f| f.visible));
        assert_eq!(profile.mandatory_for_conversion(None).len(), 17);
        assert_eq!(profile.mandatory_for_conversion(Some("LD")).len(), 19);
    }

    #[test]
    fn values_are_checked_against_the_profile() {
        let profile = FieldProfile::annex2();
        assert!(profile
            .check_value("nom_client", "Garage du Centre")
            .is_ok());
        assert!(matches!(
            profile.check_value("nom_client", &"x".repeat(36)),
            Err(DomainError::TooLong {
                max: 35,
                len: 36,
                ..
            })
        ));
        assert!(matches!(
            profile.check_value("couleur", "x"),
            Err(DomainError::UnknownField { .. })
        ));
        assert!(profile.check_value("nb_jour_1", "30").is_ok());
        assert!(matches!(
            profile.check_value("nb_jour_1", "trente"),
            Err(DomainError::InvalidFormat { .. })
        ));
        assert!(profile
            .check_value("date_creation_ste", "2001-02-30")
            .is_err());
        let values = FieldValues::from([
            ("nom_client".to_string(), Some("ok".to_string())),
            ("dep_fac".to_string(), Some("69003".to_string())),
            ("nope".to_string(), None),
        ]);
        assert_eq!(profile.check_values(&values).unwrap_err().len(), 2);
    }

    #[test]
    fn labels_come_from_the_profile() {
        let profile = FieldProfile::annex2();
        assert_eq!(profile.label("tel_2", Lang::Fr), "portable");
        assert_eq!(profile.label("tel_2", Lang::En), "mobile");
        assert_eq!(profile.label("autre", Lang::Fr), "autre");
    }
}
