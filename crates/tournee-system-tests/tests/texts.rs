//! The laptop refuses, before writing a file, the texts the server would refuse (sync-spec
//! section 3.1): invisible controls and bidirectional overrides anywhere, line breaks in
//! one-line fields. The rep's input stays on screen and nothing reaches the outbox.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use tournee_core::Answer;
use tournee_field::dto::ProspectInput;
use tournee_field::dto::*;
use tournee_field::FieldApp;
use tournee_system_tests::bench::Bench;

fn answered(app: &FieldApp) -> BTreeMap<String, Answer> {
    app.form_config()
        .unwrap()
        .visit_form
        .groups
        .iter()
        .filter(|g| g.required)
        .map(|g| (g.id.clone(), Answer::One(g.options[0].id.clone())))
        .collect()
}

#[test]
fn invisible_characters_and_line_breaks_are_refused_before_anything_is_written() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let answers = answered(&app);
    let visit = |comment: &str| VisitInput {
        client_code: code.clone(),
        visit_date: chrono::Local::now().date_naive().to_string(),
        visit_time: Some("10:30".into()),
        comment: comment.into(),
        answers: answers.clone(),
    };

    let error = app
        .record_visit(&visit("Facture \u{202E}fdp.exe"))
        .unwrap_err()
        .to_command_error();
    assert_eq!(error.field.as_deref(), Some("comment"));
    assert_eq!(error.code, ErrorCode::ForbiddenCharacter, "{error:?}");
    assert_eq!(error.values["code_point"], "202E");

    let error = app
        .create_prospect(&ProspectInput {
            fields: BTreeMap::from([(
                "nom_client".to_string(),
                Some("Garage\r\nRoux".to_string()),
            )]),
        })
        .unwrap_err()
        .to_command_error();
    assert_eq!(error.field.as_deref(), Some("nom_client"));
    assert_eq!(error.code, ErrorCode::LineBreak, "{error:?}");

    let error = app
        .request_modification(&ModificationInput {
            client_code: code.clone(),
            changes: vec![RequestedChange {
                field: "ville_fac".into(),
                new: "Bron\u{0}".into(),
            }],
        })
        .unwrap_err()
        .to_command_error();
    assert_eq!(error.field.as_deref(), Some("ville_fac"));
    assert!(bench.outbox_files().is_empty(), "nothing written");

    // A comment on several lines is what comments are for.
    app.record_visit(&visit("Vu le gérant.\nDevis PL à faire."))
        .unwrap();
    assert_eq!(bench.outbox_files().len(), 1);
}
