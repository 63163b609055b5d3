//! Turning a prospect into a client (« Transformation en client »): every mandatory field
//! of the profile, the payment-mode rules of the brief — CH only for farmers and then at 20
//! days from invoice; LD with a valid IBAN and BIC and the client's signature — the format
//! of every field's kind (SIRET, VAT number, phones, IBAN, BIC…), and a French VAT number
//! that must carry the SIRET's SIREN. Every error is returned, one per field at most.

use serde::{Deserialize, Serialize};

use crate::error::{collected, DomainError};
use crate::profile::{FieldKind, FieldProfile, FieldValues};
use crate::rules::fields::{check_set, field_of_kind, has_error, profile_errors, value};
use crate::rules::{bic::check_bic, iban::check_iban, vat::check_vat_matches_siret};

/// Column of the payment mode.
pub const PAYMENT_MODE_FIELD: &str = "c_mod_rgl_1";
/// Column of the client category.
pub const CATEGORY_FIELD: &str = "c_fam_client";
/// Column of the due days.
pub const DUE_DAYS_FIELD: &str = "nb_jour_1";
/// Pseudo field of the client's signature.
pub const SIGNATURE_FIELD: &str = "signature";
/// Payment mode « LD » (direct debit): bank details and signature required.
pub const DIRECT_DEBIT: &str = "LD";
/// Payment mode « CH » (cheque): farmers only, due days locked.
pub const CHEQUE: &str = "CH";

/// The parameters of the payment rules, edited by the admin; missing keys take defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConversionPolicy {
    /// `c_fam_client` values that are farmers (payment mode CH allowed); `["AGRI"]`.
    pub farmer_categories: Vec<String>,
    /// Due days imposed with CH; 20 (« 20 jours date de facture »).
    pub ch_due_days: u32,
}

impl Default for ConversionPolicy {
    fn default() -> Self {
        Self {
            farmer_categories: vec!["AGRI".into()],
            ch_due_days: 20,
        }
    }
}

/// All the reasons why these values cannot become a client (`Ok` = they can), in this
/// order: profile checks (lengths and formats), missing mandatory fields, the VAT number
/// against the SIRET, payment-mode rules.
pub fn check_conversion(
    profile: &FieldProfile,
    values: &FieldValues,
    policy: &ConversionPolicy,
    has_signature: bool,
) -> Result<(), Vec<DomainError>> {
    let mut errors = profile_errors(profile, values);
    let payment_mode = value(values, PAYMENT_MODE_FIELD);
    check_mandatory(profile, values, payment_mode, &mut errors);
    check_vat_against_siret(profile, values, &mut errors);
    match payment_mode {
        Some(DIRECT_DEBIT) => check_direct_debit(values, has_signature, &mut errors),
        Some(CHEQUE) => check_cheque(values, policy, &mut errors),
        _ => {}
    }
    collected(errors)
}

/// Every field the profile makes mandatory for this payment mode is set and not blank.
fn check_mandatory(
    profile: &FieldProfile,
    values: &FieldValues,
    payment_mode: Option<&str>,
    errors: &mut Vec<DomainError>,
) {
    for def in profile.mandatory_for_conversion(payment_mode) {
        if value(values, &def.name).is_none() && !has_error(errors, &def.name) {
            errors.push(DomainError::Missing {
                field: def.name.clone(),
            });
        }
    }
}

/// A French VAT number and a SIRET, both given and each valid, name the same company: the
/// VAT number carries the SIRET's SIREN. A mismatch is reported on the VAT field.
fn check_vat_against_siret(
    profile: &FieldProfile,
    values: &FieldValues,
    errors: &mut Vec<DomainError>,
) {
    let (Some(vat_field), Some(siret_field)) = (
        field_of_kind(profile, FieldKind::VatNumber),
        field_of_kind(profile, FieldKind::Siret),
    ) else {
        return;
    };
    if has_error(errors, vat_field) || has_error(errors, siret_field) {
        return;
    }
    if let (Some(vat), Some(siret)) = (value(values, vat_field), value(values, siret_field)) {
        if let Err(error) = check_vat_matches_siret(vat_field, vat, siret) {
            errors.push(error);
        }
    }
}

/// LD: the IBAN and BIC, when given (their absence is reported as missing), must be valid,
/// and the client must have signed.
fn check_direct_debit(values: &FieldValues, has_signature: bool, errors: &mut Vec<DomainError>) {
    check_set(values, "iban", errors, check_iban);
    check_set(values, "bic", errors, check_bic);
    if !has_signature {
        errors.push(DomainError::SignatureRequired {
            field: SIGNATURE_FIELD.into(),
        });
    }
}

/// CH: only for a farmer category, and then the due days are locked.
fn check_cheque(values: &FieldValues, policy: &ConversionPolicy, errors: &mut Vec<DomainError>) {
    let category = value(values, CATEGORY_FIELD).unwrap_or_default();
    if !policy
        .farmer_categories
        .iter()
        .any(|c| c.trim() == category)
    {
        errors.push(DomainError::PaymentModeNotAllowed {
            field: PAYMENT_MODE_FIELD.into(),
            mode: CHEQUE.into(),
            category: category.into(),
        });
        return;
    }
    if has_error(errors, DUE_DAYS_FIELD) {
        return;
    }
    let days = value(values, DUE_DAYS_FIELD).and_then(|d| d.parse::<u32>().ok());
    if days != Some(policy.ch_due_days) {
        errors.push(DomainError::DueDateLocked {
            field: DUE_DAYS_FIELD.into(),
            expected_days: policy.ch_due_days,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> FieldValues {
        [
            ("c_fam_client", "TRAN"),
            ("c_sfam_client", "PL"),
            ("nom_client", "Transports Morel"),
            ("adr1_fac", "12 rue des Acacias"),
            ("dep_fac", "69"),
            ("bur_dis_fac", "003"),
            ("ville_fac", "Lyon"),
            ("c_agence", "LYON"),
            ("c_rep", "JD01"),
            ("c_pays", "FR"),
            ("tel_1", "04 78 12 34 56"),
            ("contact_divers_2", "73282932000074"),
            ("c_per", "M"),
            ("c_catc", "TRANS"),
            ("c_mod_rgl_1", "VI"),
            ("nb_jour_1", "30"),
            ("type_edition_fac", "P"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect()
    }

    fn codes(values: &FieldValues, signature: bool) -> Vec<(String, &'static str)> {
        match check_conversion(
            &FieldProfile::annex2(),
            values,
            &ConversionPolicy::default(),
            signature,
        ) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| (e.field().to_string(), e.code()))
                .collect(),
        }
    }

    #[test]
    fn a_complete_request_passes() {
        assert!(codes(&complete(), false).is_empty());
    }

    #[test]
    fn every_missing_mandatory_field_is_reported() {
        let mut values = complete();
        values.remove("ville_fac");
        values.insert("c_catc".into(), Some("  ".into()));
        assert_eq!(
            codes(&values, false),
            [
                ("ville_fac".to_string(), "missing_mandatory"),
                ("c_catc".to_string(), "missing_mandatory")
            ]
        );
    }

    #[test]
    fn ld_needs_valid_bank_details_and_a_signature() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("LD".into()));
        let missing = codes(&values, false);
        assert!(missing.contains(&("iban".into(), "missing_mandatory")));
        assert!(missing.contains(&("bic".into(), "missing_mandatory")));
        assert!(missing.contains(&("signature".into(), "signature_required")));
        values.insert("iban".into(), Some("FR7630006000011234567890188".into()));
        values.insert("bic".into(), Some("BNPAFRPPXXX".into()));
        assert_eq!(codes(&values, true), [("iban".to_string(), "invalid_iban")]);
        values.insert(
            "iban".into(),
            Some("FR76 3000 6000 0112 3456 7890 189".into()),
        );
        assert!(codes(&values, true).is_empty());
    }

    #[test]
    fn ch_is_for_farmers_only_and_locked_to_twenty_days() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("CH".into()));
        assert_eq!(
            codes(&values, false),
            [("c_mod_rgl_1".to_string(), "payment_mode_not_allowed")]
        );
        values.insert("c_fam_client".into(), Some("AGRI".into()));
        assert_eq!(
            codes(&values, false),
            [("nb_jour_1".to_string(), "due_date_locked")]
        );
        values.insert("nb_jour_1".into(), Some("20".into()));
        assert!(codes(&values, false).is_empty());
    }

    #[test]
    fn the_vat_number_must_carry_the_sirets_siren() {
        let mut values = complete();
        // SIRET 732 829 320 00074; the VAT number of SIREN 303 265 045.
        values.insert("contact_divers_1".into(), Some("FR 40 303 265 045".into()));
        assert_eq!(
            codes(&values, false),
            [("contact_divers_1".to_string(), "invalid_vat")]
        );
        let key = crate::rules::vat::french_vat_key(732_829_320);
        values.insert(
            "contact_divers_1".into(),
            Some(format!("FR{key:02} 732 829 320")),
        );
        assert!(codes(&values, false).is_empty());
        // A foreign number is not compared.
        values.insert("contact_divers_1".into(), Some("DE136695976".into()));
        assert!(codes(&values, false).is_empty());
        // An invalid SIRET is reported once, on the SIRET.
        values.insert("contact_divers_1".into(), Some("FR40303265045".into()));
        values.insert("contact_divers_2".into(), Some("73282932100072".into()));
        assert_eq!(
            codes(&values, false),
            [("contact_divers_2".to_string(), "invalid_siret")]
        );
    }

    #[test]
    fn a_grouped_iban_longer_than_its_column_passes_and_is_stored_compact() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("LD".into()));
        values.insert(
            "iban".into(),
            Some("MT84 MALT 0110 0001 2345 MTLC AST0 01S".into()),
        );
        values.insert("bic".into(), Some("MALT MTMT".into()));
        assert!(
            codes(&values, true).is_empty(),
            "{:?}",
            codes(&values, true)
        );
        let stored = FieldProfile::annex2().stored_values(&values);
        assert_eq!(
            stored["iban"].as_deref(),
            Some("MT84MALT011000012345MTLCAST001S")
        );
        assert_eq!(stored["bic"].as_deref(), Some("MALTMTMT"));
        assert_eq!(stored["tel_1"].as_deref(), Some("04 78 12 34 56"));
    }

    #[test]
    fn siret_and_phones_are_checked() {
        let mut values = complete();
        values.insert("contact_divers_2".into(), Some("73282932000075".into()));
        values.insert("tel_2".into(), Some("pas de portable".into()));
        assert_eq!(
            codes(&values, false),
            [
                ("contact_divers_2".to_string(), "invalid_siret"),
                ("tel_2".to_string(), "invalid_phone")
            ]
        );
    }

    #[test]
    fn an_ld_request_with_valid_bank_details_and_a_signature_passes() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("LD".into()));
        values.insert(
            "iban".into(),
            Some("fr76 3000 6000 0112 3456 7890 189".into()),
        );
        values.insert("bic".into(), Some("bnpa frpp".into()));
        assert!(codes(&values, true).is_empty());
        values.insert("bic".into(), Some("BNPAZZPP".into()));
        assert_eq!(codes(&values, true), [("bic".to_string(), "invalid_bic")]);
    }

    #[test]
    fn bank_details_are_not_required_without_ld_but_checked_when_given() {
        let mut values = complete();
        values.remove("iban");
        assert!(codes(&values, false).is_empty());
        // The ERP would store it: an IBAN given is a valid IBAN, whatever the mode.
        values.insert("iban".into(), Some("n'importe quoi".into()));
        assert_eq!(
            codes(&values, false),
            [("iban".to_string(), "invalid_iban")]
        );
    }

    #[test]
    fn ch_without_category_reports_both_problems() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("CH".into()));
        values.remove("c_fam_client");
        assert_eq!(
            codes(&values, false),
            [
                ("c_fam_client".to_string(), "missing_mandatory"),
                ("c_mod_rgl_1".to_string(), "payment_mode_not_allowed")
            ]
        );
    }

    #[test]
    fn ch_due_days_follow_the_policy() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("CH".into()));
        values.insert("c_fam_client".into(), Some("VITI".into()));
        values.insert("nb_jour_1".into(), Some("30".into()));
        let policy = ConversionPolicy {
            farmer_categories: vec!["AGRI".into(), "VITI".into()],
            ch_due_days: 30,
        };
        let result = check_conversion(&FieldProfile::annex2(), &values, &policy, false);
        assert_eq!(result, Ok(()));
    }

    #[test]
    fn one_error_per_field() {
        let mut values = complete();
        values.insert("c_mod_rgl_1".into(), Some("CH".into()));
        values.insert("c_fam_client".into(), Some("AGRI".into()));
        values.insert("nb_jour_1".into(), Some("vingt".into()));
        values.insert("tel_1".into(), Some("0".repeat(21)));
        assert_eq!(
            codes(&values, false),
            [
                ("nb_jour_1".to_string(), "invalid_integer"),
                ("tel_1".to_string(), "too_long")
            ]
        );
    }

    #[test]
    fn unknown_fields_are_reported_too() {
        let mut values = complete();
        values.insert("couleur".into(), Some("bleu".into()));
        assert_eq!(
            codes(&values, false),
            [("couleur".to_string(), "unknown_field")]
        );
    }

    #[test]
    fn the_policy_has_the_brief_defaults_and_reads_partial_json() {
        let policy = ConversionPolicy::default();
        assert_eq!(policy.farmer_categories, ["AGRI"]);
        assert_eq!(policy.ch_due_days, 20);
        let partial: ConversionPolicy = serde_json::from_str(r#"{"ch_due_days":25}"#).unwrap();
        assert_eq!(partial.farmer_categories, ["AGRI"]);
        assert_eq!(partial.ch_due_days, 25);
    }
}
