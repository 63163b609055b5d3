//! The field profile: which client/prospect fields exist, how long they may be, which
//! are shown and which are mandatory to turn a prospect into a client.
//!
//! Forms are generated from this data instead of being written field by field, and the
//! admin can adapt it. [`FieldProfile::annex2`] is annex 2 of the brief, exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{collected, DomainError, Lang};
use crate::rules::kinds;

/// Values of profile fields keyed by ERP column name; `None` clears a field.
pub type FieldValues = BTreeMap<String, Option<String>>;

/// How a field's text is read, checked and stored (see [`crate::rules::kinds`]): every
/// check of a value's format hangs on its kind, so that the field app, integration and the
/// back office apply the same ones wherever the field appears.
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
    /// SIRET: 14 digits, SIREN and establishment keys; stored without spaces.
    Siret,
    /// Intra-EU VAT number; stored upper case without spaces, dots or dashes.
    VatNumber,
    /// Phone number; stored as typed, compared in its canonical form.
    Phone,
    /// IBAN; stored upper case without spaces.
    Iban,
    /// BIC; stored upper case without spaces.
    Bic,
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

impl FieldDef {
    /// The longest text an input for this field should take: the ERP length, doubled for
    /// kinds stored without their separators (room for `FR76 3000 …`); the stored form
    /// is still held to the ERP length by [`FieldProfile::check_value`].
    pub fn input_max_len(&self) -> u32 {
        if kinds::drops_separators(self.kind) {
            self.max_len.saturating_mul(2)
        } else {
            self.max_len
        }
    }
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
        ("tel_1", "téléphone", "phone", Phone, 20, Mandatory),
        ("fax", "fax", "fax", Phone, 20, Optional),
        ("tel_2", "portable", "mobile", Phone, 20, Optional),
        (
            "contact_divers_1",
            "n° TVA",
            "VAT number",
            VatNumber,
            40,
            Optional,
        ),
        ("contact_divers_2", "SIRET", "SIRET", Siret, 40, Mandatory),
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
        ("bic", "BIC", "BIC", Bic, 11, MandatoryIfPaymentLd),
        ("iban", "IBAN", "IBAN", Iban, 34, MandatoryIfPaymentLd),
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

/// Label of a column in annex 2, when it is one of its columns: data of the default
/// profile, which `tournee-sentences` uses to name a field in an error's sentence.
pub fn annex2_label(name: &str, lang: Lang) -> Option<&'static str> {
    ANNEX2
        .iter()
        .find(|row| row.0 == name)
        .map(|row| match lang {
            Lang::Fr => row.1,
            Lang::En => row.2,
        })
}

/// Label of a column in the default profile, or the name itself. Only the tests read it
/// (error sentences take theirs from `tournee-sentences`' `field_label`).
#[cfg(test)]
fn default_label(name: &str, lang: Lang) -> String {
    annex2_label(name, lang).unwrap_or(name).to_string()
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

    /// Checks one value: known field, length in characters (as the ERP counts them, on the
    /// form stored: IBANs, BICs, SIRETs and VAT numbers without the spaces people type),
    /// and the format of its kind (integer within the ERP's 32-bit `int`, ISO date, SIRET,
    /// VAT number, phone, IBAN, BIC). Blank values pass: whether a field must be set is
    /// the business of the rule sets, not of the profile.
    pub fn check_value(&self, name: &str, value: &str) -> Result<(), DomainError> {
        let def = self.field(name).ok_or_else(|| DomainError::UnknownField {
            field: name.to_string(),
        })?;
        let trimmed = value.trim();
        let len = if kinds::drops_separators(def.kind) {
            kinds::stored_form(def.kind, trimmed).chars().count()
        } else {
            value.chars().count()
        };
        if len > def.max_len as usize {
            return Err(DomainError::TooLong {
                field: name.to_string(),
                max: def.max_len,
                len,
            });
        }
        if trimmed.is_empty() {
            return Ok(());
        }
        kinds::check_format(def.kind, name, trimmed)
    }

    /// The value as stored and sent on: trimmed, and compact for the kinds that drop
    /// separators (a field the profile does not know is only trimmed; it is refused
    /// elsewhere).
    pub fn stored_value(&self, name: &str, value: &str) -> String {
        match self.field(name) {
            Some(def) => kinds::stored_form(def.kind, value.trim()),
            None => value.trim().to_string(),
        }
    }

    /// [`Self::stored_value`] of every set value; cleared ones stay cleared.
    pub fn stored_values(&self, values: &FieldValues) -> FieldValues {
        values
            .iter()
            .map(|(name, value)| {
                let stored = value.as_deref().map(|text| self.stored_value(name, text));
                (name.clone(), stored)
            })
            .collect()
    }

    /// Checks every set value; returns all the errors.
    pub fn check_values(&self, values: &FieldValues) -> Result<(), Vec<DomainError>> {
        let errors = values
            .iter()
            .filter_map(|(name, value)| match value {
                Some(text) => self.check_value(name, text).err(),
                None if self.field(name).is_none() => Some(DomainError::UnknownField {
                    field: name.clone(),
                }),
                None => None,
            })
            .collect();
        collected(errors)
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

    /// Annex 2 as written in the brief: column, length, mandatory mark.
    const EXPECTED: &[(&str, u32, Requirement)] = {
        use Requirement::*;
        &[
            ("c_fam_client", 4, Mandatory),
            ("c_sfam_client", 4, Mandatory),
            ("c_titre", 4, Optional),
            ("nom_client", 35, Mandatory),
            ("adr1_fac", 35, Mandatory),
            ("adr2_fac", 35, Optional),
            ("adr3_fac", 35, Optional),
            ("dep_fac", 4, Mandatory),
            ("bur_dis_fac", 3, Mandatory),
            ("ville_fac", 35, Mandatory),
            ("c_agence", 4, Mandatory),
            ("c_rep", 4, Mandatory),
            ("c_pays", 4, Mandatory),
            ("tel_1", 20, Mandatory),
            ("fax", 20, Optional),
            ("tel_2", 20, Optional),
            ("contact_divers_1", 40, Optional),
            ("contact_divers_2", 40, Mandatory),
            ("contact_divers_3", 40, Optional),
            ("contact_divers_4", 255, Optional),
            ("c_per", 1, Mandatory),
            ("c_regpmt_bl", 1, Optional),
            ("c_regpmt_fac", 1, Optional),
            ("c_releve", 1, Optional),
            ("c_autoris_bl", 1, Optional),
            ("c_catc", 8, Mandatory),
            ("c_frais_fixe", 1, Optional),
            ("c_ref_oblig", 1, Optional),
            ("c_mod_rgl_1", 2, Mandatory),
            ("nb_jour_1", 10, Mandatory),
            ("jour_1", 2, Optional),
            ("c_type_fact", 1, Optional),
            ("c_attention", 35, Optional),
            ("c_ape", 10, Optional),
            ("date_creation_ste", 10, Optional),
            ("bic", 11, MandatoryIfPaymentLd),
            ("iban", 34, MandatoryIfPaymentLd),
            ("codepays", 2, Optional),
            ("codemonnaie", 3, Optional),
            ("type_edition_fac", 1, Mandatory),
        ]
    };

    #[test]
    fn annex2_has_every_row_in_order_with_its_length_and_mark() {
        let profile = FieldProfile::annex2();
        let actual: Vec<(&str, u32, Requirement)> = profile
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.max_len, f.requirement))
            .collect();
        assert_eq!(actual, EXPECTED);
        assert!(profile.fields.iter().all(|f| f.visible));
        assert!(profile
            .fields
            .iter()
            .all(|f| !f.label_fr.is_empty() && !f.label_en.is_empty()));
    }

    #[test]
    fn annex2_kinds_follow_the_sql_types() {
        let profile = FieldProfile::annex2();
        let kind = |name: &str| profile.field(name).map(|f| f.kind);
        assert_eq!(kind("nb_jour_1"), Some(FieldKind::Integer));
        assert_eq!(kind("date_creation_ste"), Some(FieldKind::Date));
        assert_eq!(kind("nom_client"), Some(FieldKind::Text));
        assert_eq!(kind("c_mod_rgl_1"), Some(FieldKind::Code));
        assert_eq!(kind("contact_divers_1"), Some(FieldKind::VatNumber));
        assert_eq!(kind("contact_divers_2"), Some(FieldKind::Siret));
        for phone in ["tel_1", "tel_2", "fax"] {
            assert_eq!(kind(phone), Some(FieldKind::Phone));
        }
        assert_eq!(kind("iban"), Some(FieldKind::Iban));
        assert_eq!(kind("bic"), Some(FieldKind::Bic));
        assert_eq!(kind("type edition fac"), None);
    }

    #[test]
    fn mandatory_fields_depend_on_the_payment_mode() {
        let profile = FieldProfile::annex2();
        let names = |mode| -> Vec<String> {
            profile
                .mandatory_for_conversion(mode)
                .iter()
                .map(|f| f.name.clone())
                .collect()
        };
        assert_eq!(names(None).len(), 17);
        assert_eq!(names(Some("VI")), names(None));
        let ld = names(Some("LD"));
        assert_eq!(ld.len(), 19);
        assert!(ld.contains(&"iban".to_string()) && ld.contains(&"bic".to_string()));
        assert!(!names(None).contains(&"iban".to_string()));
    }

    #[test]
    fn good_values_pass() {
        let profile = FieldProfile::annex2();
        profile
            .check_value("nom_client", "Garage du Centre")
            .unwrap();
        profile.check_value("nom_client", &"é".repeat(35)).unwrap();
        profile.check_value("nb_jour_1", " 30 ").unwrap();
        profile.check_value("nb_jour_1", "-5").unwrap();
        profile
            .check_value("date_creation_ste", "2001-02-28")
            .unwrap();
        profile.check_value("date_creation_ste", "").unwrap();
    }

    #[test]
    fn length_is_counted_in_characters() {
        let profile = FieldProfile::annex2();
        assert_eq!(
            profile.check_value("nom_client", &"é".repeat(36)),
            Err(DomainError::TooLong {
                field: "nom_client".into(),
                max: 35,
                len: 36
            })
        );
    }

    #[test]
    fn unknown_fields_integers_and_dates_are_refused() {
        let profile = FieldProfile::annex2();
        let code = |name: &str, value: &str| profile.check_value(name, value).map_err(|e| e.code());
        assert_eq!(code("couleur", "x"), Err("unknown_field"));
        assert_eq!(code("nb_jour_1", "trente"), Err("invalid_integer"));
        assert_eq!(code("nb_jour_1", "3000000000"), Err("invalid_integer"));
        assert_eq!(code("nb_jour_1", "30.5"), Err("invalid_integer"));
        assert_eq!(code("date_creation_ste", "2001-02-30"), Err("invalid_date"));
        assert_eq!(code("date_creation_ste", "30/01/2001"), Err("invalid_date"));
        assert_eq!(code("date_creation_ste", "24-01-05"), Err("invalid_date"));
        assert_eq!(code("date_creation_ste", "2024-1-5"), Err("invalid_date"));
        assert_eq!(code("date_creation_ste", "+024-01-05"), Err("invalid_date"));
    }

    #[test]
    fn compact_kinds_are_measured_on_their_stored_form() {
        let profile = FieldProfile::annex2();
        // 38 characters typed, 31 stored: the ERP column (34) holds it.
        let grouped = "MT84 MALT 0110 0001 2345 MTLC AST0 01S";
        assert!(grouped.len() > 34);
        profile.check_value("iban", grouped).unwrap();
        assert_eq!(
            profile.stored_value("iban", grouped),
            "MT84MALT011000012345MTLCAST001S"
        );
        profile
            .check_value("contact_divers_2", " 732 829 320 00074 ")
            .unwrap();
        assert_eq!(
            profile.stored_value("contact_divers_1", " fr 40.303.265.045 "),
            "FR40303265045"
        );
        assert_eq!(
            profile.stored_value("tel_1", " 06 12 34 56 78 "),
            "06 12 34 56 78"
        );
        assert_eq!(profile.stored_value("nom_client", "  Garage  "), "Garage");
        // Too long even without its spaces: the stored length is reported.
        let long = format!("FR76 {}", "1".repeat(31));
        assert_eq!(
            profile.check_value("iban", &long),
            Err(DomainError::TooLong {
                field: "iban".into(),
                max: 34,
                len: 35
            })
        );
        let def = |name: &str| profile.field(name).unwrap().clone();
        assert_eq!(def("iban").input_max_len(), 68);
        assert_eq!(def("contact_divers_1").input_max_len(), 80);
        assert_eq!(def("tel_1").input_max_len(), 20);
        assert_eq!(def("nom_client").input_max_len(), 35);
    }

    #[test]
    fn stored_values_keep_cleared_fields_cleared() {
        let profile = FieldProfile::annex2();
        let values = FieldValues::from([
            ("bic".to_string(), Some(" bnpa frpp ".to_string())),
            ("fax".to_string(), None),
        ]);
        let stored = profile.stored_values(&values);
        assert_eq!(stored["bic"].as_deref(), Some("BNPAFRPP"));
        assert_eq!(stored["fax"], None);
        assert_eq!(profile.stored_values(&stored), stored, "idempotent");
    }

    #[test]
    fn check_values_reports_every_error() {
        let profile = FieldProfile::annex2();
        let values = FieldValues::from([
            ("nom_client".to_string(), Some("ok".to_string())),
            ("dep_fac".to_string(), Some("69003".to_string())),
            ("fax".to_string(), None),
            ("nope".to_string(), None),
        ]);
        let errors = profile.check_values(&values).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field()).collect();
        assert_eq!(fields, ["dep_fac", "nope"]);
        assert!(profile.check_values(&FieldValues::new()).is_ok());
    }

    #[test]
    fn labels_come_from_the_profile() {
        let profile = FieldProfile::annex2();
        assert_eq!(profile.label("tel_2", Lang::Fr), "portable");
        assert_eq!(profile.label("tel_2", Lang::En), "mobile");
        assert_eq!(profile.label("autre", Lang::Fr), "autre");
        assert_eq!(default_label("iban", Lang::Fr), "IBAN");
        assert_eq!(default_label("autre", Lang::En), "autre");
    }

    #[test]
    fn the_profile_round_trips_through_json() {
        let profile = FieldProfile::annex2();
        let json = serde_json::to_string(&profile).unwrap();
        assert!(json.contains(r#""requirement":"mandatory_if_payment_ld""#));
        assert!(json.contains(r#""kind":"integer""#));
        let back: FieldProfile = serde_json::from_str(&json).unwrap();
        assert_eq!(back, profile);
    }
}
