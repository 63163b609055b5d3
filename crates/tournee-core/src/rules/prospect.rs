//! Creating a prospect (« Création de prospect »): only the name is mandatory, so that a
//! rep can note a prospect met on the road; whatever else is given must still fit the ERP
//! columns and the format of its kind (SIRET, VAT number, phones, IBAN…).

use crate::contact::{Contact, EMAIL_MAX, MAX_CONTACTS, NAME_MAX, PHONE_MAX, ROLE_MAX};
use crate::error::{collected, DomainError};
use crate::profile::{FieldProfile, FieldValues};
use crate::rules::email::check_email;
use crate::rules::fields::{has_error, profile_errors, value};
use crate::rules::phone::check_phone;
use crate::rules::text::{check_text, TextKind};

/// Column of the prospect's name, the one mandatory field.
pub const NAME_FIELD: &str = "nom_client";

/// All the reasons why these values cannot create a prospect (`Ok` = they can); a missing
/// name comes first.
pub fn check_prospect_creation(
    profile: &FieldProfile,
    values: &FieldValues,
) -> Result<(), Vec<DomainError>> {
    let mut errors = profile_errors(profile, values);
    if value(values, NAME_FIELD).is_none() && !has_error(&errors, NAME_FIELD) {
        errors.insert(
            0,
            DomainError::Missing {
                field: NAME_FIELD.into(),
            },
        );
    }
    collected(errors)
}

/// All the reasons why contact number `index` (from 0, as in `contacts[0]`) cannot be
/// stored: each part on one line within its length, a name, and when given a phone
/// number and an e-mail address that are well formed. Errors name `contacts[i].<part>`.
pub fn check_contact(index: usize, contact: &Contact) -> Result<(), Vec<DomainError>> {
    let path = |part: &str| format!("contacts[{index}].{part}");
    let mut errors = Vec::new();
    let parts: [(&str, &str, u32, Option<ValueCheck>); 4] = [
        ("name", &contact.name, NAME_MAX, None),
        ("role", &contact.role, ROLE_MAX, None),
        ("phone", &contact.phone, PHONE_MAX, Some(phone_format)),
        ("email", &contact.email, EMAIL_MAX, Some(check_email)),
    ];
    for (part, value, max, format) in parts {
        let field = path(part);
        if let Err(error) = check_text(&field, value, TextKind::SingleLine, max) {
            errors.push(error);
            continue;
        }
        let trimmed = value.trim();
        match format {
            Some(check) if !trimmed.is_empty() => {
                if let Err(error) = check(&field, trimmed) {
                    errors.push(error);
                }
            }
            _ => {}
        }
    }
    if contact.name.trim().is_empty() && !has_error(&errors, &path("name")) {
        errors.insert(
            0,
            DomainError::Missing {
                field: path("name"),
            },
        );
    }
    collected(errors)
}

/// Every contact of a list, and the list's length; all the errors at once.
pub fn check_contacts(contacts: &[Contact]) -> Result<(), Vec<DomainError>> {
    let mut errors = Vec::new();
    if contacts.len() > MAX_CONTACTS as usize {
        errors.push(DomainError::TooLong {
            field: "contacts".into(),
            max: MAX_CONTACTS,
            len: contacts.len(),
        });
    }
    for (index, contact) in contacts.iter().enumerate() {
        if let Err(found) = check_contact(index, contact) {
            errors.extend(found);
        }
    }
    collected(errors)
}

/// A format check on one set value of a contact.
type ValueCheck = fn(&str, &str) -> Result<(), DomainError>;

fn phone_format(field: &str, value: &str) -> Result<(), DomainError> {
    check_phone(field, value).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> FieldValues {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Some(v.to_string())))
            .collect()
    }

    fn codes(given: &FieldValues) -> Vec<(String, &'static str)> {
        match check_prospect_creation(&FieldProfile::annex2(), given) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| (e.field().to_string(), e.code()))
                .collect(),
        }
    }

    #[test]
    fn a_name_is_enough() {
        assert!(codes(&values(&[("nom_client", "EARL du Moulin")])).is_empty());
    }

    #[test]
    fn valid_optional_values_pass() {
        let given = values(&[
            ("nom_client", "EARL du Moulin"),
            ("tel_1", "06 12 34 56 78"),
            ("contact_divers_2", "732 829 320 00074"),
            ("ville_fac", "Bourg-en-Bresse"),
            ("date_creation_ste", "1998-04-01"),
        ]);
        assert!(codes(&given).is_empty());
    }

    #[test]
    fn a_missing_or_blank_name_is_refused_first() {
        assert_eq!(
            codes(&values(&[("ville_fac", "Lyon")])),
            [("nom_client".to_string(), "missing_mandatory")]
        );
        let mut blank = values(&[("nom_client", "   "), ("tel_1", "bientôt")]);
        assert_eq!(
            codes(&blank),
            [
                ("nom_client".to_string(), "missing_mandatory"),
                ("tel_1".to_string(), "invalid_phone")
            ]
        );
        blank.insert("nom_client".into(), None);
        assert_eq!(codes(&blank)[0].1, "missing_mandatory");
    }

    #[test]
    fn bad_values_are_all_reported() {
        let given = values(&[
            ("nom_client", "X"),
            ("tel_1", "bientôt"),
            ("contact_divers_2", "12345678901234"),
            ("couleur", "bleu"),
            ("ville_fac", &"v".repeat(36)),
        ]);
        assert_eq!(
            codes(&given),
            [
                ("contact_divers_2".to_string(), "invalid_siret"),
                ("couleur".to_string(), "unknown_field"),
                ("tel_1".to_string(), "invalid_phone"),
                ("ville_fac".to_string(), "too_long")
            ]
        );
    }

    fn contact(name: &str, role: &str, phone: &str, email: &str) -> Contact {
        Contact {
            name: name.into(),
            role: role.into(),
            phone: phone.into(),
            email: email.into(),
        }
    }

    fn contact_errors(given: &Contact) -> Vec<(String, &'static str)> {
        match check_contact(2, given) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| (e.field().to_string(), e.code()))
                .collect(),
        }
    }

    #[test]
    fn a_contact_with_a_name_or_more_passes() {
        assert!(contact_errors(&contact("Paul Fabre", "", "", "")).is_empty());
        assert!(contact_errors(&contact(
            "Paul Fabre",
            "gérant",
            "06 11 22 33 44",
            "paul@fabre.fr"
        ))
        .is_empty());
    }

    #[test]
    fn every_part_of_a_bad_contact_is_named() {
        let bad = contact(
            &"n".repeat(100_000),
            "chef\nadjoint",
            "not a phone",
            "not-an-email",
        );
        assert_eq!(
            contact_errors(&bad),
            [
                ("contacts[2].name".to_string(), "too_long"),
                ("contacts[2].role".to_string(), "line_break"),
                ("contacts[2].phone".to_string(), "invalid_phone"),
                ("contacts[2].email".to_string(), "invalid_email"),
            ]
        );
        assert_eq!(
            contact_errors(&contact("  ", "", "", "")),
            [("contacts[2].name".to_string(), "missing_mandatory")]
        );
        assert_eq!(
            contact_errors(&contact("Paul\u{202E}", "", "", "")),
            [("contacts[2].name".to_string(), "forbidden_character")]
        );
    }

    #[test]
    fn a_list_is_bounded_and_checked_whole() {
        let many = vec![contact("P", "", "", ""); MAX_CONTACTS as usize + 1];
        let errors = check_contacts(&many).unwrap_err();
        assert_eq!(errors[0].field(), "contacts");
        let list = [contact("P", "", "", ""), contact("Q", "", "x", "")];
        let errors = check_contacts(&list).unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.field()).collect::<Vec<_>>(),
            ["contacts[1].phone"]
        );
    }

    #[test]
    fn a_too_long_name_is_reported_once() {
        let given = values(&[("nom_client", &"n".repeat(36))]);
        assert_eq!(codes(&given), [("nom_client".to_string(), "too_long")]);
    }
}
