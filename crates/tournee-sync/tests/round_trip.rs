//! Every change type survives writing and reading unchanged, through the public API only.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate};
use tournee_sync::{
    parse_change_file, parse_record, publish_change, scan_inbox, Answer, ChangeBody, ChangeType,
    ClientCreationRequest, ClientModification, ClientVisit, Contact, Envelope, FieldChange,
    ProspectCreation, ProspectModification, ProspectOperation, ProspectVisit, RevisitChange,
    Signature, VisitReport, MAX_FILE_BYTES, SPEC_VERSION,
};

const PROSPECT: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0Q";

fn visit() -> VisitReport {
    VisitReport {
        visit_date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        visit_time: "09:30".into(),
        comment: "Intéressé par l'offre « flotte » ; rappeler en décembre.".into(),
        answers: BTreeMap::from([
            ("interet".to_string(), Answer::One("fort".into())),
            (
                "produits".to_string(),
                Answer::Many(vec!["huile".into(), "filtres".into()]),
            ),
        ]),
    }
}

fn fields() -> BTreeMap<String, Option<String>> {
    BTreeMap::from([
        (
            "nom_client".to_string(),
            Some("Transports Fabre".to_string()),
        ),
        ("tel_1".to_string(), Some("04 78 12 34 56".to_string())),
        ("adr2_fac".to_string(), None),
    ])
}

fn contact() -> Contact {
    Contact {
        name: "Marie Fabre".into(),
        role: "Gérante".into(),
        phone: "06 12 34 56 78".into(),
        email: String::new(),
    }
}

/// One body of each type, with every optional part filled somewhere.
fn bodies() -> Vec<ChangeBody> {
    vec![
        ChangeBody::VC(ClientVisit {
            client_code: "C000101".into(),
            visit: visit(),
        }),
        ChangeBody::MC(ClientModification {
            client_code: "C000101".into(),
            changes: vec![FieldChange {
                field: "tel_1".into(),
                old: "04 78 12 34 56".into(),
                new: "04 78 12 34 57".into(),
            }],
            revisit: Some(RevisitChange {
                date: NaiveDate::from_ymd_opt(2026, 12, 18),
            }),
            fleet: Some(BTreeMap::from([("VL".into(), 4), ("PL_PLP".into(), 12)])),
        }),
        ChangeBody::MC(ClientModification {
            client_code: "C000101".into(),
            changes: Vec::new(),
            revisit: Some(RevisitChange { date: None }),
            fleet: None,
        }),
        ChangeBody::CP(ProspectCreation {
            prospect_id: PROSPECT.into(),
            fields: fields(),
            contacts: vec![contact()],
        }),
        ChangeBody::MP(ProspectModification {
            prospect_id: PROSPECT.into(),
            op: ProspectOperation::Update,
            fields: fields(),
            contacts: Some(vec![contact()]),
        }),
        ChangeBody::MP(ProspectModification {
            prospect_id: PROSPECT.into(),
            op: ProspectOperation::Delete,
            fields: BTreeMap::new(),
            contacts: None,
        }),
        ChangeBody::VP(ProspectVisit {
            prospect_id: PROSPECT.into(),
            visit: visit(),
        }),
        ChangeBody::CC(ClientCreationRequest {
            prospect_id: PROSPECT.into(),
            fields: fields(),
            signature: Some(Signature {
                media_type: "image/png".into(),
                data_base64: "iVBORw0KGgo=".into(),
            }),
        }),
        ChangeBody::RC(Box::new(
            parse_record(&serde_json::json!({
                "entity": "todo", "op": "create", "id": PROSPECT,
                "fields": {"text": "Rappeler M. Morel", "due": "2026-11-27", "repeat_days": 30}
            }))
            .unwrap(),
        )),
    ]
}

fn envelope(index: usize, body: ChangeBody) -> Envelope {
    Envelope {
        spec: body.change_type().spec(),
        change_id: format!("01JDQ3W5ZK8M6T2V4X9B7C1N{index:02}"),
        user: "jean_dupont".into(),
        device: "PC-JDUPONT".into(),
        created_at: DateTime::parse_from_rfc3339("2026-11-20T10:15:00+01:00").unwrap(),
        body,
    }
}

#[test]
fn each_type_round_trips_through_json() {
    let mut seen = Vec::new();
    for (index, body) in bodies().into_iter().enumerate() {
        let original = envelope(index, body);
        seen.push(original.change_type());
        let name = original.file_name().to_string();
        let parsed = parse_change_file(&name, &original.to_json_pretty(), MAX_FILE_BYTES)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(parsed, original);
    }
    seen.dedup();
    assert_eq!(seen.len(), ChangeType::ALL.len());
}

#[test]
fn the_wire_shape_is_the_documented_one() {
    let original = envelope(1, bodies().remove(0));
    let value: serde_json::Value = serde_json::from_slice(&original.to_json_pretty()).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "change_id",
        "created_at",
        "device",
        "payload",
        "spec",
        "type",
        "user",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(value["type"], "VC");
    assert_eq!(value["created_at"], "2026-11-20T10:15:00+01:00");
    assert_eq!(
        value["payload"]["visit"]["answers"]["produits"][1],
        "filtres"
    );
    // Absent optional parts are left out, not written as null.
    let cleared = envelope(2, bodies().remove(2));
    let value: serde_json::Value = serde_json::from_slice(&cleared.to_json_pretty()).unwrap();
    assert_eq!(
        value["payload"],
        serde_json::json!({"client_code": "C000101", "revisit": {"date": null}})
    );
}

#[test]
fn published_files_are_found_and_read_back_in_creation_order() {
    let root = tempfile::tempdir().unwrap();
    let outbox = root.path().join("jean_dupont");
    let originals: Vec<Envelope> = bodies()
        .into_iter()
        .enumerate()
        .rev()
        .map(|(index, body)| envelope(index, body))
        .collect();
    for original in &originals {
        publish_change(&outbox, original).unwrap();
    }
    let entries = scan_inbox(root.path()).unwrap();
    let read: Vec<Envelope> = entries
        .iter()
        .map(|entry| {
            assert_eq!(entry.folder_owner, "jean_dupont");
            let bytes = std::fs::read(&entry.path).unwrap();
            parse_change_file(&entry.base_name, &bytes, MAX_FILE_BYTES).unwrap()
        })
        .collect();
    let mut expected = originals;
    expected.reverse();
    assert_eq!(read, expected);
}

#[test]
fn new_changes_get_a_fresh_valid_id() {
    let created_at = DateTime::parse_from_rfc3339("2026-11-20T10:15:00+01:00").unwrap();
    let first = Envelope::new("jdupont", "PC-1", created_at, bodies().remove(0));
    let second = Envelope::new("jdupont", "PC-1", created_at, bodies().remove(0));
    assert_eq!(first.spec, SPEC_VERSION);
    assert_ne!(first.change_id, second.change_id);
    let record = Envelope::new("jdupont", "PC-1", created_at, bodies().pop().unwrap());
    assert_eq!(record.spec, 2, "a record change is written with spec 2");
    assert!(tournee_sync::is_valid_ulid(&first.change_id));
    let name = first.file_name().to_string();
    assert_eq!(
        parse_change_file(&name, &first.to_json_pretty(), MAX_FILE_BYTES).unwrap(),
        first
    );
}
