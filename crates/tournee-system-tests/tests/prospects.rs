//! The « Prospect » tab against a real snapshot of the small demo data: creation with the
//! duplicate check, edit, visit, deletion rights, and the conversion into a client whose
//! CC file the server's own pass accepts.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use tournee_field::dto::*;
use tournee_field::FieldApp;
use tournee_store::open_master;
use tournee_sync::{ChangeBody, ProspectOperation};
use tournee_system_tests::bench::{conversion_input, parse, Bench};
use tournee_system_tests::conversion::{fields, SIGNATURE_PNG_BASE64, VALID_BANK};

fn new_prospect(app: &mut FieldApp, name: &str, phone: &str) -> ProspectCreated {
    app.create_prospect(&ProspectInput {
        fields: fields(&[
            ("nom_client", name),
            ("tel_1", phone),
            ("ville_fac", "Lyon"),
        ]),
    })
    .unwrap()
}

#[test]
fn a_new_prospect_needs_a_name_and_warns_about_known_phone_numbers() {
    let bench = Bench::new();
    let mut app = bench.app();
    let refused = app
        .create_prospect(&ProspectInput {
            fields: fields(&[("tel_1", "04 78 00 00 01")]),
        })
        .unwrap_err()
        .to_command_error();
    assert_eq!(refused.field.as_deref(), Some("nom_client"));
    assert!(bench.outbox_files().is_empty(), "nothing written");

    // A client's number, typed another way, is found.
    let conn = rusqlite::Connection::open(
        bench.snapshot_dir().join(
            tournee_sync::read_manifest(&bench.snapshot_dir())
                .unwrap()
                .database,
        ),
    )
    .unwrap();
    let (code, phone): (String, String) = conn
        .query_row(
            "SELECT c_client, tel_1 FROM client WHERE tel_1 LIKE '04%' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let spaced: String = phone
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .chunks(2)
        .map(|pair| pair.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(".");
    let hits = app.find_duplicates(&spaced).unwrap();
    assert!(
        hits.iter().any(|h| h.kind == "client" && h.code == code),
        "{spaced} should find {code}: {hits:?}"
    );

    let created = new_prospect(&mut app, "Garage des Pins", "06 12 34 56 78");
    let files = bench.outbox_files();
    assert_eq!(files.len(), 1);
    let ChangeBody::CP(cp) = parse(&files[0]).body else {
        panic!("expected a CP")
    };
    assert_eq!(cp.prospect_id, created.prospect_id);
    // The pending creation is a duplicate candidate too.
    let hits = app.find_duplicates("+33 6 12 34 56 78").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, "pending_prospect");
    assert_eq!(hits[0].code, created.prospect_id);

    let found = app.search_prospects("pins").unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].pending);
    let card = app.prospect_card(&created.prospect_id).unwrap();
    assert_eq!(card.nom_client, "Garage des Pins");
    assert_eq!(card.status, ProspectStatus::Active);
    assert!(card.can_delete);
    assert_eq!(card.pending.len(), 1);

    // Integrated: the mark clears, the prospect stays.
    let summary = bench.round_trip(&mut app);
    assert_eq!((summary.integrated, summary.failed), (1, 0));
    let found = app.search_prospects("pins").unwrap();
    assert_eq!(found.len(), 1);
    assert!(!found[0].pending);
    let hits = app.find_duplicates("0612345678").unwrap();
    assert_eq!(hits[0].kind, "prospect");
}

#[test]
fn edits_and_visits_show_pending_then_integrated() {
    let bench = Bench::new();
    let mut app = bench.app();
    let created = new_prospect(&mut app, "Transports Roux", "04 72 11 22 33");
    bench.round_trip(&mut app);

    app.update_prospect(&ProspectUpdateInput {
        prospect_id: created.prospect_id.clone(),
        fields: fields(&[("ville_fac", "Vienne"), ("nom_client", "Transports Roux")]),
    })
    .unwrap();
    let files = bench.outbox_files();
    let ChangeBody::MP(mp) = parse(&files[0]).body else {
        panic!("expected an MP")
    };
    assert_eq!(mp.op, ProspectOperation::Update);
    assert_eq!(
        mp.fields,
        fields(&[("ville_fac", "Vienne")]),
        "only what changed"
    );
    let card = app.prospect_card(&created.prospect_id).unwrap();
    assert_eq!(card.values["ville_fac"].as_deref(), Some("Vienne"));

    let form = app.form_config().unwrap();
    let mut answers = BTreeMap::new();
    for group in form.visit_form.groups.iter().filter(|g| g.required) {
        answers.insert(
            group.id.clone(),
            tournee_core::visit_form::Answer::One(group.options[0].id.clone()),
        );
    }
    let visit = ProspectVisitInput {
        prospect_id: created.prospect_id.clone(),
        visit_date: chrono::Local::now().date_naive().to_string(),
        visit_time: Some("14:00".into()),
        comment: "Premier contact".into(),
        answers,
    };
    app.record_prospect_visit(&visit).unwrap();
    let history = app.prospect_history(&created.prospect_id).unwrap();
    assert!(history[0].pending);
    let too_old = ProspectVisitInput {
        visit_date: "2020-01-01".into(),
        ..visit
    };
    let refused = app
        .record_prospect_visit(&too_old)
        .unwrap_err()
        .to_command_error();
    assert_eq!(refused.field.as_deref(), Some("visit_date"));

    let summary = bench.round_trip(&mut app);
    assert_eq!((summary.integrated, summary.failed), (2, 0));
    let history = app.prospect_history(&created.prospect_id).unwrap();
    assert_eq!(history.len(), 1);
    assert!(!history[0].pending);
    assert!(history[0].commentaire.starts_with("Premier contact"));
    assert_eq!(
        app.prospect_card(&created.prospect_id).unwrap().values["ville_fac"].as_deref(),
        Some("Vienne")
    );
}

#[test]
fn only_the_creator_or_assignee_deletes_and_the_server_refuses_others() {
    let bench = Bench::new();
    let mut app = bench.app();
    let created = new_prospect(&mut app, "EARL Bonnet", "04 74 00 11 22");
    bench.round_trip(&mut app);
    app.delete_prospect(&created.prospect_id).unwrap();
    let card = app.prospect_card(&created.prospect_id).unwrap();
    assert!(card.deleted_pending && !card.can_delete);
    assert!(app.search_prospects("bonnet").unwrap().is_empty());
    let summary = bench.round_trip(&mut app);
    assert_eq!(summary.integrated, 1);
    assert!(matches!(
        app.prospect_card(&created.prospect_id),
        Err(tournee_field::FieldError::UnknownProspect(_))
    ));

    // Another rep's prospect is not in this rep's data: the app cannot delete it…
    let conn = open_master(&bench.dir.database()).unwrap();
    let other: String = conn
        .query_row(
            "SELECT prospect_id FROM prospect WHERE created_by <> 'jdupont' AND assignee <> 'jdupont' \
             AND status = 'active' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let refused = app.delete_prospect(&other).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::UnknownProspect);
    // …and a forged MP delete from this rep is refused by the server.
    let envelope = tournee_sync::Envelope::new(
        "jdupont",
        "PC-TEST",
        chrono::Local::now().fixed_offset(),
        ChangeBody::MP(tournee_sync::ProspectModification {
            prospect_id: other.clone(),
            op: ProspectOperation::Delete,
            fields: BTreeMap::new(),
            contacts: None,
        }),
    );
    tournee_sync::publish_change(&bench.outbox, &envelope).unwrap();
    let summary = bench.round_trip(&mut app);
    assert_eq!((summary.integrated, summary.failed), (0, 1));
    let status: String = conn
        .query_row(
            "SELECT status FROM prospect WHERE prospect_id = ?1",
            [&other],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "active");
}

/// The conversion of the prospect « Transports Girard » paying by `mode`, with `extra`.
fn conversion(prospect_id: &str, mode: &str, extra: &[(&str, &str)]) -> ConversionInput {
    let mut changes = vec![("c_mod_rgl_1", mode)];
    changes.extend_from_slice(extra);
    conversion_input(prospect_id, "Transports Girard", &changes)
}

#[test]
fn a_direct_debit_conversion_needs_bank_details_and_a_signature_and_the_server_takes_it() {
    let bench = Bench::new();
    let mut app = bench.app();
    let created = new_prospect(&mut app, "Transports Girard", "04 78 98 76 54");
    bench.round_trip(&mut app);
    let config = app.conversion_config().unwrap();
    assert!(config
        .fields
        .iter()
        .any(|f| f.field == "iban" && f.requirement == "mandatory_if_ld"));
    assert_eq!(config.ch_due_days, 20);
    // Room to type a grouped IBAN: the rules hold the compact form to the column's 34.
    let iban_input = config.fields.iter().find(|f| f.field == "iban").unwrap();
    assert_eq!((iban_input.kind.as_str(), iban_input.max_len), ("iban", 68));

    let empty = app
        .check_conversion(&ConversionInput {
            prospect_id: created.prospect_id.clone(),
            fields: BTreeMap::new(),
            signature_png_base64: None,
        })
        .unwrap();
    assert!(empty.iter().any(|p| p.field == "nom_client"));
    assert!(empty.iter().any(|p| p.field == "contact_divers_2"));

    let ld = conversion(&created.prospect_id, "LD", &[]);
    let problems: Vec<String> = app
        .check_conversion(&ld)
        .unwrap()
        .into_iter()
        .map(|p| p.field)
        .collect();
    for field in ["iban", "bic", "signature"] {
        assert!(
            problems.contains(&field.to_string()),
            "{field}: {problems:?}"
        );
    }
    let bad_iban = conversion(
        &created.prospect_id,
        "LD",
        &[
            ("iban", "FR76 3000 6000 0112 3456 7890 188"),
            ("bic", "BNPAFRPP"),
        ],
    );
    let problems = app.check_conversion(&bad_iban).unwrap();
    let iban = problems.iter().find(|p| p.field == "iban").unwrap();
    assert_eq!(iban.code, ErrorCode::InvalidIban, "{iban:?}");
    // Cheque for a non-farmer is refused.
    let cheque = conversion(&created.prospect_id, "CH", &[("nb_jour_1", "20")]);
    assert!(app
        .check_conversion(&cheque)
        .unwrap()
        .iter()
        .any(|p| p.field == "c_mod_rgl_1"));
    assert!(app.convert_prospect(&bad_iban).is_err());
    assert!(
        bench.outbox_files().is_empty(),
        "nothing written while invalid"
    );

    let mut good = conversion(&created.prospect_id, "LD", &VALID_BANK);
    good.signature_png_base64 = Some(SIGNATURE_PNG_BASE64.into());
    assert!(app.check_conversion(&good).unwrap().is_empty());
    app.convert_prospect(&good).unwrap();
    assert_eq!(
        app.prospect_card(&created.prospect_id).unwrap().status,
        ProspectStatus::AwaitingValidation
    );
    assert!(
        app.delete_prospect(&created.prospect_id).is_err(),
        "waiting for the accountant"
    );

    let summary = bench.round_trip(&mut app);
    assert_eq!(
        (summary.integrated, summary.failed),
        (1, 0),
        "the server accepts the CC"
    );
    let conn = open_master(&bench.dir.database()).unwrap();
    let (status, signed, fields): (String, bool, String) = conn
        .query_row(
            "SELECT status, signature_png IS NOT NULL, fields_json FROM client_creation_request WHERE prospect_id = ?1",
            [&created.prospect_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), signed), ("pending", true));
    assert!(
        fields.contains(r#""iban":"FR7630006000011234567890189""#),
        "stored compact: {fields}"
    );
    assert_eq!(
        app.prospect_card(&created.prospect_id).unwrap().status,
        ProspectStatus::AwaitingValidation,
        "still waiting once integrated, until the client appears"
    );
}
