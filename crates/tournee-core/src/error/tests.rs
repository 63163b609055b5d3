use chrono::NaiveDate;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// One of each variant, for the checks that must hold for all.
fn every_variant() -> Vec<DomainError> {
    let f = || "nom_client".to_string();
    vec![
        DomainError::Missing { field: f() },
        DomainError::TooLong {
            field: f(),
            max: 35,
            len: 40,
        },
        DomainError::UnknownField { field: f() },
        DomainError::InvalidFormat {
            field: f(),
            expected: "x".into(),
        },
        DomainError::NotAnInteger { field: f() },
        DomainError::NotADate { field: f() },
        DomainError::InvalidTime { field: f() },
        DomainError::InvalidIban {
            field: f(),
            reason: IbanProblem::Checksum,
        },
        DomainError::InvalidBic { field: f() },
        DomainError::InvalidSiret {
            field: f(),
            reason: SiretProblem::SirenKey,
        },
        DomainError::InvalidSiren { field: f() },
        DomainError::InvalidVat {
            field: f(),
            reason: VatProblem::FrenchKey,
        },
        DomainError::InvalidPhone { field: f() },
        DomainError::PaymentModeNotAllowed {
            field: f(),
            mode: "CH".into(),
            category: "TRAN".into(),
        },
        DomainError::DueDateLocked {
            field: f(),
            expected_days: 20,
        },
        DomainError::SignatureRequired { field: f() },
        DomainError::VisitDateInFuture {
            visit: day(2026, 11, 21),
            written_on: day(2026, 11, 20),
        },
        DomainError::VisitDateTooOld {
            visit: day(2026, 1, 1),
            oldest_allowed: day(2026, 10, 21),
            bound_days: 30,
        },
        DomainError::InvalidAnswer {
            group: "type_contact".into(),
            reason: AnswerProblem::Required,
        },
        DomainError::InvalidForm {
            group: "type_contact".into(),
            reason: FormProblem::DuplicateGroup,
        },
        DomainError::UnknownFleetType {
            field: "fleet".into(),
            code: "BUS".into(),
        },
        DomainError::TooManyVehicles {
            field: "fleet".into(),
            code: "VL".into(),
            count: 100_001,
            max: 100_000,
        },
        DomainError::LineBreak { field: f() },
        DomainError::ForbiddenCharacter {
            field: f(),
            code_point: 0x202E,
        },
        DomainError::InvalidEmail { field: f() },
    ]
}

#[test]
fn codes_are_distinct_snake_case() {
    let errors = every_variant();
    let codes: std::collections::BTreeSet<&str> = errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), errors.len());
    assert!(codes
        .iter()
        .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')));
}

#[test]
fn the_codes_the_server_relies_on_are_exact() {
    let code_of = |field: &str| {
        every_variant()
            .into_iter()
            .find(|e| format!("{e:?}").starts_with(field))
            .map(|e| e.code())
    };
    assert_eq!(code_of("VisitDateInFuture"), Some("future_date"));
    assert_eq!(code_of("VisitDateTooOld"), Some("date_out_of_bound"));
    assert_eq!(code_of("InvalidAnswer"), Some("invalid_answers"));
    assert_eq!(code_of("Missing"), Some("missing_mandatory"));
    assert_eq!(code_of("UnknownField"), Some("unknown_field"));
    assert_eq!(code_of("SignatureRequired"), Some("signature_required"));
    assert_eq!(
        code_of("PaymentModeNotAllowed"),
        Some("payment_mode_not_allowed")
    );
    assert_eq!(code_of("DueDateLocked"), Some("due_date_locked"));
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
        assert_eq!(error.to_string(), error.message(Lang::Fr));
    }
}

/// Every reason of the problems that have several, for the checks on sentences.
fn every_reason() -> Vec<DomainError> {
    let vat = |reason| DomainError::InvalidVat {
        field: "contact_divers_1".into(),
        reason,
    };
    let iban = |reason| DomainError::InvalidIban {
        field: "iban".into(),
        reason,
    };
    let siret = |reason| DomainError::InvalidSiret {
        field: "contact_divers_2".into(),
        reason,
    };
    let mut all = vec![
        vat(VatProblem::Characters),
        vat(VatProblem::Prefix),
        vat(VatProblem::NotEu {
            prefix: "GB".into(),
        }),
        vat(VatProblem::Format {
            country: "DE".into(),
        }),
        vat(VatProblem::FrenchKey),
        vat(VatProblem::FrenchSiren),
        vat(VatProblem::FrenchLetterKey),
        vat(VatProblem::SirenMismatch {
            vat_siren: "303265045".into(),
            siret_siren: "732829320".into(),
        }),
        iban(IbanProblem::Characters),
        iban(IbanProblem::Prefix),
        iban(IbanProblem::UnknownCountry {
            country: "US".into(),
        }),
        iban(IbanProblem::Length {
            country: "FR".into(),
            expected: 27,
            found: 26,
        }),
        iban(IbanProblem::TerritoryOf {
            country: "GP".into(),
            iban_country: "FR".into(),
        }),
        iban(IbanProblem::Structure {
            country: "FR".into(),
            position: 9,
            expected: CharClass::Digit,
        }),
        iban(IbanProblem::Checksum),
        siret(SiretProblem::Shape),
        siret(SiretProblem::SirenKey),
        siret(SiretProblem::EstablishmentKey),
    ];
    all.extend(every_variant());
    all
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
fn lang_defaults_to_french_and_reads_lowercase() {
    assert_eq!(Lang::default(), Lang::Fr);
    assert_eq!(serde_json::from_str::<Lang>(r#""en""#).unwrap(), Lang::En);
}

#[test]
fn every_error_travels_as_json_under_its_code_and_comes_back_whole() {
    for error in every_reason() {
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["rule"], error.code(), "{json}");
        let back: DomainError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
    }
}
