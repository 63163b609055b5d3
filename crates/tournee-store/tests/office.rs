//! The accountant's decisions and prospect reassignment, and what reps then see.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use tournee_core::Lang;
use tournee_sentences::Message;
use tournee_store::open_master;
use tournee_store::OfficeError;
use tournee_store::Parameters;
use tournee_store::{fill_demo, DemoSpec};
use tournee_store::{generate, Regeneration, SnapshotRequest};
use tournee_store::{integrate_batch, Delivery, IntegrationContext, Outcome};
use tournee_store::{preview, reassign, Criteria};
use tournee_store::{reject_creation, validate_creation, Validation};
use tournee_sync::{
    read_manifest, Answer, ChangeBody, ClientCreationRequest, Envelope, ProspectCreation,
    ProspectVisit, VisitReport, SPEC_VERSION,
};

const PROSPECT: &str = "01KAB00000000000000000000P";

// The complete-conversion fixture, written once in the system tests' helpers; this crate
// cannot depend on them (they depend on it), so the file is included by path.
#[path = "../../tournee-system-tests/src/conversion.rs"]
mod conversion;
use conversion::{complete_request, fields};

fn deliver(conn: &mut Connection, change_id: &str, body: ChangeBody) {
    let envelope = Envelope {
        spec: SPEC_VERSION,
        change_id: change_id.into(),
        user: "jdupont".into(),
        device: "PC".into(),
        created_at: chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap(),
        body,
    };
    let ctx = IntegrationContext {
        now: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap(),
        params: Parameters::default(),
    };
    let delivery = Delivery {
        folder_owner: "jdupont".into(),
        file_name: format!("{}_jdupont_{change_id}.json", envelope.change_type().code()),
        parsed: Ok(envelope),
        signature: None,
        arrived_at: ctx.now,
        precheck: None,
        arrival: None,
    };
    assert_eq!(
        integrate_batch(conn, &ctx, &[delivery]).unwrap(),
        [Outcome::Integrated]
    );
}

/// A demo master where jdupont created a prospect, visited it and asked for its conversion.
fn with_pending_request(dir: &std::path::Path) -> Connection {
    let mut conn = open_master(&dir.join("master.sqlite")).unwrap();
    fill_demo(
        &mut conn,
        &DemoSpec::small(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
    )
    .unwrap();
    deliver(
        &mut conn,
        "01KAB00000000000000000000A",
        ChangeBody::CP(ProspectCreation {
            prospect_id: PROSPECT.into(),
            fields: fields(&[
                ("nom_client", "Transports Fabre"),
                ("dep_fac", "69"),
                ("bur_dis_fac", "003"),
                ("c_agence", "LYON"),
            ]),
            contacts: Vec::new(),
        }),
    );
    deliver(
        &mut conn,
        "01KAB00000000000000000000B",
        ChangeBody::VP(ProspectVisit {
            prospect_id: PROSPECT.into(),
            visit: VisitReport {
                visit_date: NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
                visit_time: "10:00".into(),
                comment: "Premier contact".into(),
                answers: BTreeMap::from([(
                    "type_contact".to_string(),
                    Answer::One("visite".into()),
                )]),
            },
        }),
    );
    deliver(
        &mut conn,
        "01KAB00000000000000000000C",
        ChangeBody::CC(ClientCreationRequest {
            prospect_id: PROSPECT.into(),
            fields: complete_request("Transports Fabre"),
            signature: None,
        }),
    );
    conn
}

fn snapshot_of_jdupont(dir: &std::path::Path) -> Connection {
    generate(&SnapshotRequest {
        master_path: dir.join("master.sqlite"),
        snapshots_root: dir.join("snapshots"),
        build_root: dir.join("build"),
        users: Some(vec!["jdupont".into()]),
        now: Utc.with_ymd_and_hms(2026, 11, 21, 8, 0, 0).unwrap(),
        params: Parameters::default(),
        regeneration: Regeneration::Patch,
    })
    .unwrap();
    let folder = dir.join("snapshots/jdupont");
    Connection::open(folder.join(read_manifest(&folder).unwrap().database)).unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn validation_creates_the_client_carries_the_visits_over_and_tells_the_rep() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = with_pending_request(dir.path());
    let request_id: i64 = conn
        .query_row("SELECT id FROM client_creation_request", [], |r| r.get(0))
        .unwrap();
    let mut validation = Validation {
        request_id,
        client_code: "C0000001".into(),
        completed: BTreeMap::new(),
        accountant_email: "compta@pneus-tournee.fr".into(),
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap();
    assert!(
        matches!(
            validate_creation(&mut conn, &Parameters::default(), &validation, now),
            Err(OfficeError::ClientCode(_))
        ),
        "an existing code is refused"
    );
    // The ERP's format: char(30) of letters, digits, - _ . ; markup and spaces never reach it.
    for bad in [
        "<b>C09</b>",
        "C09 0001",
        "C09\u{202E}1",
        "Ç0900001",
        "",
        "C123456789012345678901234567890",
    ] {
        validation.client_code = bad.into();
        let refused =
            validate_creation(&mut conn, &Parameters::default(), &validation, now).unwrap_err();
        assert!(
            matches!(refused, OfficeError::ClientCodeFormat(_)),
            "{bad:?}: {refused}"
        );
        // The words (« … sans espace ») are the server's: see its sentences' tests.
        assert!(
            matches!(&refused, OfficeError::ClientCodeFormat(code) if code == bad.trim()),
            "{bad:?}: {refused}"
        );
    }
    validation.client_code = "C0900001".into();
    validation.completed = fields(&[("nb_jour_1", "trente")]);
    let refused =
        validate_creation(&mut conn, &Parameters::default(), &validation, now).unwrap_err();
    let OfficeError::Invalid(problems) = &refused else {
        panic!("the accountant's values are checked too: {refused}");
    };
    let words: Vec<String> = problems.iter().map(|p| p.message(Lang::Fr)).collect();
    assert!(
        words.iter().any(|w| w.contains("Nb de jours")),
        "the accountant's values are checked too: {words:?}"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM client WHERE c_client = 'C0900001'"
        ),
        0,
        "nothing half-done"
    );

    validation.completed = fields(&[("nb_jour_1", "45"), ("c_ape", "4532Z")]);
    assert_eq!(
        validate_creation(&mut conn, &Parameters::default(), &validation, now).unwrap(),
        "C0900001"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM client WHERE c_client = 'C0900001' AND nom_client = 'Transports Fabre' AND nb_jour_1 = 45 AND c_ape = '4532Z'"), 1);
    // The prospect's party (made when its CP was integrated) is the client's now, « Client »
    // from the day of the validation, in the validation's transaction.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM party WHERE prospect_id = '01KAB00000000000000000000P' \
             AND client_code = 'C0900001' AND status = 'client' AND client_since = '2026-11-20' \
             AND name = 'Transports Fabre'"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM party WHERE client_code = 'C0900001'"
        ),
        1,
        "one party for the prospect and its client"
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM prospect_visit"),
        count(
            &conn,
            "SELECT count(*) FROM prospect_visit WHERE prospect_id <> '01KAB00000000000000000000P'"
        )
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM client_relation WHERE c_entite = 'C0900001' AND objet = '[PROSPECT] Visite du 18/11/2026'"), 1);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM notification WHERE kind = 'client_created'"
        ),
        1
    );
    assert!(matches!(
        validate_creation(&mut conn, &Parameters::default(), &validation, now),
        Err(OfficeError::AlreadyDecided { .. })
    ));

    let snapshot = snapshot_of_jdupont(dir.path());
    assert_eq!(
        count(
            &snapshot,
            "SELECT count(*) FROM client WHERE c_client = 'C0900001' AND in_portfolio = 1"
        ),
        1
    );
    assert_eq!(count(&snapshot, "SELECT count(*) FROM client_relation WHERE c_entite = 'C0900001' AND objet LIKE '[PROSPECT]%'"), 1);
    assert_eq!(
        count(
            &snapshot,
            "SELECT count(*) FROM prospect WHERE prospect_id = '01KAB00000000000000000000P'"
        ),
        0
    );
}

#[test]
fn a_rejection_needs_a_reason_that_the_rep_then_reads() {
    let dir = tempfile::tempdir().unwrap();
    let conn = with_pending_request(dir.path());
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap();
    assert!(matches!(
        reject_creation(&conn, 1, "compta@x.fr", "  ", now),
        Err(OfficeError::ReasonRequired)
    ));
    for (bad, code) in [
        ("x".repeat(2001), "too_long"),
        ("SIRET\u{0} faux".to_string(), "forbidden_character"),
        ("SIRET \u{202E}xuaf".to_string(), "forbidden_character"),
    ] {
        match reject_creation(&conn, 1, "compta@x.fr", &bad, now) {
            Err(OfficeError::Invalid(errors)) => {
                assert_eq!((errors[0].field(), errors[0].code()), ("reason", code))
            }
            other => panic!("{bad:?} accepted: {other:?}"),
        }
    }
    reject_creation(
        &conn,
        1,
        "compta@x.fr",
        "SIRET d'une autre société.\nMerci de vérifier.",
        now,
    )
    .unwrap();
    let snapshot = snapshot_of_jdupont(dir.path());
    let (status, reason, request_status): (String, String, String) = snapshot
        .query_row(
            "SELECT status, request_reason, request_status FROM prospect WHERE prospect_id = '01KAB00000000000000000000P'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), reason.as_str(), request_status.as_str()),
        (
            "active",
            "SIRET d'une autre société.\nMerci de vérifier.",
            "rejected"
        )
    );
}

#[test]
fn prospects_move_by_criteria_after_a_preview() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = with_pending_request(dir.path());
    assert!(
        preview(&conn, &Criteria::default()).is_err(),
        "no criterion, no mass move"
    );
    let criteria = Criteria {
        assignee: Some("jdupont".into()),
        postal_prefix: Some("6900".into()),
        ..Criteria::default()
    };
    let lines = preview(&conn, &criteria).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0].name.as_str(), lines[0].postal_code.as_str()),
        ("Transports Fabre", "69003")
    );
    let other: String = conn
        .query_row("SELECT windows_user FROM app_user WHERE windows_user <> 'jdupont' AND active = 1 LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap();
    assert!(reassign(&mut conn, &criteria, "personne", now).is_err());
    assert_eq!(reassign(&mut conn, &criteria, &other, now).unwrap(), 1);
    let assignee: String = conn
        .query_row(
            "SELECT assignee FROM prospect WHERE prospect_id = '01KAB00000000000000000000P'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(assignee, other);
    assert!(preview(&conn, &criteria).unwrap().is_empty());
}

#[test]
fn the_accountant_closes_modification_requests_once() {
    use tournee_store::{close_modification, open_modifications, Decision};
    use tournee_sync::{ClientModification, FieldChange};

    let dir = tempfile::tempdir().unwrap();
    let mut conn = with_pending_request(dir.path());
    let client: String = conn
        .query_row(
            "SELECT c_client FROM client WHERE c_rep = 'JD01' ORDER BY c_client LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    deliver(
        &mut conn,
        "01KAB00000000000000000000D",
        ChangeBody::MC(ClientModification {
            client_code: client.clone(),
            changes: vec![FieldChange {
                field: "ville_fac".into(),
                old: "Lyon".into(),
                new: "Villeurbanne".into(),
            }],
            revisit: None,
            fleet: None,
        }),
    );
    let open = open_modifications(&conn).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].client_code, client);
    assert_eq!(open[0].requested_by, "Jean Dupont");
    assert_eq!(open[0].changes[0].new, "Villeurbanne");

    let now = Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap();
    let id = open[0].id;
    assert!(matches!(
        close_modification(&conn, id, "compta@x.fr", Decision::Declined, " ", now),
        Err(OfficeError::ReasonRequired)
    ));
    for bad in ["n".repeat(2001), "fait\u{1B}[2J".to_string()] {
        assert!(
            matches!(
                close_modification(&conn, id, "compta@x.fr", Decision::Declined, &bad, now),
                Err(OfficeError::Invalid(_))
            ),
            "{bad:?}"
        );
    }
    let requester = close_modification(
        &conn,
        id,
        "compta@x.fr",
        Decision::Applied,
        "fait dans winpro",
        now,
    )
    .unwrap();
    assert_eq!(requester, "jdupont", "the rep whose laptop hears of it");
    assert!(open_modifications(&conn).unwrap().is_empty());
    assert!(matches!(
        close_modification(&conn, id, "compta@x.fr", Decision::Applied, "", now),
        Err(OfficeError::AlreadyDecided { .. })
    ));
    assert!(matches!(
        close_modification(&conn, 999, "compta@x.fr", Decision::Applied, "", now),
        Err(OfficeError::NotFound(_))
    ));
}
