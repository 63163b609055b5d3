//! The domain errors' sentences: every variant and every reason in both languages, and the
//! exact wording of the ones people meet most (moved here from `tournee-core` with the
//! wording; the core keeps the codes, fields and values).

use chrono::NaiveDate;
use tournee_core::error::samples::{every_reason, every_variant};
use tournee_core::error::{AnswerProblem, CharClass, IbanProblem, SiretProblem, VatProblem};
use tournee_core::{
    annex2_label, check_fleet, check_phone, check_siret, check_vat, default_fleet_types,
    DomainError, Lang, VisitForm,
};

use crate::{data_label, field_label, worded_fields, Message};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn every_message_is_a_sentence_in_both_languages() {
    for error in every_variant() {
        for lang in [Lang::Fr, Lang::En] {
            let message = error.message(lang);
            assert!(message.ends_with('.'), "{message}");
            assert!(
                message.chars().next().is_some_and(char::is_uppercase),
                "{message}"
            );
        }
        assert_ne!(error.message(Lang::Fr), error.message(Lang::En));
    }
}

#[test]
fn every_reason_reads_as_a_sentence_in_both_languages() {
    for error in every_reason() {
        let (fr, en) = (error.message(Lang::Fr), error.message(Lang::En));
        assert!(fr.ends_with('.') && en.ends_with('.'), "{fr} / {en}");
        assert_ne!(fr, en);
        for french in [
            "champ", "saisi", " est ", "clé", "chiffre", "lettre", "pays",
        ] {
            assert!(!en.contains(french), "{en}");
        }
    }
}

#[test]
fn english_messages_carry_no_french() {
    for error in every_variant() {
        let message = error.message(Lang::En);
        for french in ["champ", "saisi", " est ", "clé", "réponse"] {
            assert!(!message.contains(french), "{message}");
        }
    }
}

#[test]
fn messages_name_the_field_by_its_label() {
    let error = DomainError::Missing {
        field: "nom_client".into(),
    };
    assert_eq!(error.field(), "nom_client");
    assert_eq!(error.message(Lang::Fr), "Le champ « nom » est obligatoire.");
    assert_eq!(error.message(Lang::En), "The field “name” is mandatory.");
    let iban = DomainError::InvalidIban {
        field: "iban".into(),
        reason: IbanProblem::Checksum,
    };
    assert_eq!(
        iban.message(Lang::Fr),
        "Le champ « IBAN » n'est pas valide : la clé de contrôle est fausse."
    );
    let time = DomainError::InvalidTime {
        field: "visit_time".into(),
    };
    assert!(time.message(Lang::Fr).contains("« heure de visite »"));
}

#[test]
fn unknown_names_are_shown_as_they_are() {
    assert_eq!(field_label("zz_col", Lang::Fr), "zz_col");
    assert_eq!(field_label("c_pays", Lang::Fr), "pays");
    assert_eq!(field_label("signature", Lang::En), "client's signature");
    assert_eq!(field_label("objet_visite", Lang::Fr), "Objet de la visite");
}

#[test]
fn only_data_labels_go_to_the_window_and_every_worded_field_has_both_languages() {
    // Data: the profile's column and the visit form's question, as field_label says them.
    for name in ["c_pays", "nom_client", "objet_visite"] {
        for lang in [Lang::Fr, Lang::En] {
            assert_eq!(
                data_label(name, lang),
                Some(field_label(name, lang)),
                "{name}"
            );
        }
    }
    // Wording (the window's `field.<name>`) and unknown names: no label travels.
    for name in [
        "visit_date",
        "signature",
        "contacts[1].phone",
        "lines[1].vat",
        "zz_col",
    ] {
        assert_eq!(data_label(name, Lang::Fr), None, "{name}");
        assert_eq!(data_label(name, Lang::En), None, "{name}");
    }
    let worded = worded_fields();
    assert_eq!(
        worded.len(),
        18 + 11 + 4 + 7 + 10 + 2,
        "every pseudo field (the 11 of campaigns and meetings, the 10 of segments and the 2 of the reports' period included), contact part and quote line part"
    );
    assert_eq!(field_label("lines[1].vat", Lang::Fr), "ligne 2, TVA");
    for (name, fr, en) in &worded {
        assert!(!fr.trim().is_empty() && !en.trim().is_empty(), "{name}");
        assert_eq!(
            data_label(name, Lang::Fr).is_none(),
            annex2_label(name, Lang::Fr).is_none(),
            "{name}"
        );
    }
    assert!(worded.contains(&(
        "contacts[0].phone".to_string(),
        "contact 1, téléphone".to_string(),
        "contact 1, phone".to_string()
    )));
}

#[test]
fn visit_date_errors_concern_the_visit_date_and_show_french_dates() {
    let error = DomainError::VisitDateInFuture {
        visit: day(2026, 11, 24),
        written_on: day(2026, 11, 23),
    };
    assert_eq!(error.field(), "visit_date");
    assert_eq!(error.code(), "future_date");
    assert_eq!(
        error.message(Lang::Fr),
        "La date de visite (24/11/2026) ne peut pas être dans le futur (saisie le 23/11/2026)."
    );
    assert!(error.message(Lang::En).contains("2026-11-24"));
}

#[test]
fn form_errors_concern_their_group() {
    let error = DomainError::InvalidAnswer {
        group: "remise_proposition_type".into(),
        reason: AnswerProblem::UnknownOption {
            option: "velo".into(),
        },
    };
    assert_eq!(error.field(), "remise_proposition_type");
    assert_eq!(
        error.message(Lang::Fr),
        "Formulaire de visite, question « Type de proposition » : choix « velo » inconnu."
    );
}

#[test]
fn text_errors_name_the_character_and_the_contact_field() {
    let error = DomainError::ForbiddenCharacter {
        field: "contacts[0].name".into(),
        code_point: 0x202E,
    };
    assert_eq!(
        error.message(Lang::Fr),
        "Le champ « contact 1, nom » contient un caractère invisible interdit (U+202E) : retirez-le."
    );
    let error = DomainError::LineBreak {
        field: "nom_client".into(),
    };
    assert!(error
        .message(Lang::En)
        .starts_with("The field “name” must fit on one line"));
    assert_eq!(
        field_label("contacts[2].phone", Lang::En),
        "contact 3, phone"
    );
    assert_eq!(
        field_label("contacts[x].phone", Lang::Fr),
        "contacts[x].phone"
    );
}

#[test]
fn every_variant_and_reason_has_a_french_and_an_english_sentence() {
    for error in every_reason() {
        for lang in [Lang::Fr, Lang::En] {
            assert!(!error.message(lang).trim().is_empty(), "{error:?} {lang:?}");
        }
    }
}

#[test]
fn an_unknown_fleet_type_is_named() {
    let mut counts = std::collections::BTreeMap::new();
    counts.insert("BUS".to_string(), 1);
    let error = check_fleet(&default_fleet_types(), &counts).unwrap_err();
    assert_eq!(
        error.message(Lang::Fr),
        "Le type de parc « BUS » n'existe pas."
    );
}

#[test]
fn a_phone_error_names_the_phone_field() {
    let error = check_phone("tel_1", "abc").unwrap_err();
    assert_eq!(
        error.message(Lang::Fr),
        "Le champ « téléphone » n'est pas un numéro de téléphone."
    );
}

#[test]
fn vat_errors_say_what_is_wrong() {
    let message = check_vat("contact_divers_1", "FRK7399859412")
        .unwrap_err()
        .message(Lang::En);
    assert!(message.contains("letters"), "{message}");
    let error = check_vat("contact_divers_1", "DE13669597").unwrap_err();
    assert_eq!(
        error.message(Lang::Fr),
        "Le champ « n° TVA » n'est pas un numéro de TVA valide : un numéro DE compte 9 chiffres après « DE »."
    );
    let message = check_vat("v", "GR094259216").unwrap_err().message(Lang::Fr);
    assert!(message.contains("EL pour la Grèce"), "{message}");
    let error = DomainError::InvalidVat {
        field: "contact_divers_1".into(),
        reason: VatProblem::SirenMismatch {
            vat_siren: "303265045".into(),
            siret_siren: "732829320".into(),
        },
    };
    assert!(error.message(Lang::Fr).contains("303265045"));
}

#[test]
fn iban_errors_say_what_is_wrong() {
    let iban = |reason| DomainError::InvalidIban {
        field: "iban".into(),
        reason,
    };
    assert_eq!(
        iban(IbanProblem::TerritoryOf {
            country: "GP".into(),
            iban_country: "FR".into()
        })
        .message(Lang::Fr),
        "Le champ « IBAN » n'est pas valide : « GP » n'a pas d'IBAN propre, ses comptes ont un IBAN FR."
    );
    assert_eq!(
        iban(IbanProblem::Structure {
            country: "DE".into(),
            position: 21,
            expected: CharClass::Digit
        })
        .message(Lang::Fr),
        "Le champ « IBAN » n'est pas valide : le caractère 21 d'un IBAN DE doit être un chiffre."
    );
    assert_eq!(
        iban(IbanProblem::Checksum).message(Lang::Fr),
        "Le champ « IBAN » n'est pas valide : la clé de contrôle est fausse."
    );
}

#[test]
fn siret_errors_name_the_siret_field_and_the_siren() {
    let error = check_siret("contact_divers_2", "123").unwrap_err();
    assert!(error.message(Lang::Fr).starts_with("Le champ « SIRET »"));
    let error = DomainError::InvalidSiret {
        field: "contact_divers_2".into(),
        reason: SiretProblem::SirenKey,
    };
    assert!(error.message(Lang::Fr).contains("SIREN"));
}

#[test]
fn a_missing_required_answer_names_the_question() {
    let error = VisitForm::default_tree()
        .validate(&Default::default())
        .unwrap_err();
    assert_eq!(
        error.message(Lang::Fr),
        "Formulaire de visite, question « Type de contact » : réponse obligatoire."
    );
}
