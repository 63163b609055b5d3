use serde_json::json;

use super::*;
use crate::reject::RejectReason;

const PARTY: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0P";
const ACTION: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0Q";

fn party_creation() -> Value {
    json!({
        "entity": "party",
        "op": "create",
        "id": PARTY,
        "fields": {
            "kind": "company",
            "name": "Garage Martin SARL",
            "siret": "73282932000074",
            "phone": "04 72 00 00 01",
            "email": "contact@garage-martin.fr",
            "postal_code": "69003",
            "city": "Lyon",
            "owner": "jdupont"
        }
    })
}

#[test]
fn a_party_creation_reads_and_writes_back_the_same_payload() {
    let change = parse_record(&party_creation()).unwrap();
    assert_eq!(change.entity(), RecordEntity::Party);
    assert_eq!(change.op, RecordOp::Create);
    let RecordFields::Party(fields) = &change.fields else {
        panic!("a party's fields: {change:?}");
    };
    assert_eq!(fields.kind, Patch::Set(PartyKind::Company));
    assert_eq!(fields.first_name, Patch::Unchanged);
    assert_eq!(change.to_payload(), party_creation());
}

#[test]
fn an_update_carries_only_what_changed_and_null_clears() {
    let update = json!({
        "entity": "party", "op": "update", "id": PARTY,
        "fields": {"phone": null, "city": "Villeurbanne"}
    });
    let change = parse_record(&update).unwrap();
    let RecordFields::Party(fields) = &change.fields else {
        panic!("a party's fields: {change:?}");
    };
    assert_eq!(fields.phone, Patch::Cleared);
    assert_eq!(fields.city, Patch::Set("Villeurbanne".into()));
    assert_eq!(fields.name, Patch::Unchanged);
    assert_eq!(change.to_payload(), update);
}

#[test]
fn every_entity_has_a_valid_creation() {
    let creations = [
        json!({"entity": "person", "op": "create", "id": ACTION, "fields": {
            "party_id": PARTY, "first_name": "Élodie", "last_name": "Martin",
            "position": "Responsable achats", "mobile": "06 12 34 56 78"}}),
        json!({"entity": "action", "op": "create", "id": ACTION, "fields": {
            "party_id": PARTY, "action_type": "appel", "date": "2026-12-01", "time": "10:15",
            "comment": "Rappeler après l'inventaire.\nDevis pneus hiver.",
            "outcome": "positive"}}),
        json!({"entity": "action_reply", "op": "create", "id": PARTY, "fields": {
            "action_id": ACTION, "author": "Élodie Martin", "date": "2026-12-02",
            "text": "D'accord pour jeudi."}}),
        json!({"entity": "todo", "op": "create", "id": PARTY, "fields": {
            "text": "Relancer le garage Martin", "due": "2026-12-10",
            "party_id": PARTY, "repeat_days": 7}}),
        json!({"entity": "opportunity", "op": "create", "id": ACTION, "fields": {
            "party_id": PARTY, "title": "Pneus hiver flotte 2027", "value_cents": 1_250_000,
            "expected_close": "2027-01-31", "pipeline": "standard",
            "stage": "qualification", "status": "open", "owner": "luc"}}),
    ];
    for payload in creations {
        let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
        assert_eq!(change.to_payload(), payload);
    }
    let entities: Vec<&str> = RecordEntity::ALL.iter().map(|e| e.code()).collect();
    assert_eq!(
        entities,
        [
            "party",
            "person",
            "action",
            "action_reply",
            "todo",
            "campaign",
            "meeting",
            "opportunity",
            "quote",
            "segment"
        ]
    );
}

#[test]
fn a_delete_has_no_fields() {
    let delete = json!({"entity": "todo", "op": "delete", "id": PARTY});
    let change = parse_record(&delete).unwrap();
    assert_eq!(change.op, RecordOp::Delete);
    assert_eq!(change.to_payload(), delete);
    let with_fields = json!({"entity": "todo", "op": "delete", "id": PARTY, "fields": {}});
    assert_eq!(
        parse_record(&with_fields),
        Err(RecordError::FieldsOnDelete {
            entity: RecordEntity::Todo
        })
    );
}

/// Each bad payload with the error it must get: the field concerned, the reason code.
#[test]
fn bad_payloads_are_refused_naming_what_is_wrong() {
    let mut missing_name = party_creation();
    missing_name["fields"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let err = parse_record(&missing_name).unwrap_err();
    assert_eq!(
        err,
        RecordError::Missing {
            entity: RecordEntity::Party,
            field: "name"
        }
    );
    assert_eq!(err.reason(), RejectReason::MissingMandatory);
    assert_eq!(err.field(), Some("name"));

    let mut blank_name = party_creation();
    blank_name["fields"]["name"] = json!("   ");
    let err = parse_record(&blank_name).unwrap_err();
    assert_eq!(err.field(), Some("name"));

    let cleared = json!({"entity": "todo", "op": "update", "id": PARTY, "fields": {"due": null}});
    assert_eq!(
        parse_record(&cleared),
        Err(RecordError::Cleared {
            entity: RecordEntity::Todo,
            field: "due"
        })
    );

    let empty = json!({"entity": "todo", "op": "update", "id": PARTY, "fields": {}});
    assert_eq!(
        parse_record(&empty),
        Err(RecordError::EmptyUpdate {
            entity: RecordEntity::Todo
        })
    );

    let no_fields = json!({"entity": "todo", "op": "create", "id": PARTY});
    assert_eq!(
        parse_record(&no_fields),
        Err(RecordError::NoFields {
            entity: RecordEntity::Todo
        })
    );

    let unknown_field = json!({"entity": "todo", "op": "update", "id": PARTY,
        "fields": {"priority": "high"}});
    let err = parse_record(&unknown_field).unwrap_err();
    assert!(
        matches!(&err, RecordError::Shape { message, .. } if message.contains("priority")),
        "{err:?}"
    );
    assert_eq!(err.reason(), RejectReason::Schema);

    let unknown_entity = json!({"entity": "invoice", "op": "create", "id": PARTY, "fields": {}});
    assert_eq!(
        parse_record(&unknown_entity),
        Err(RecordError::UnknownEntity("invoice".into()))
    );

    let lower_case_id = json!({"entity": "todo", "op": "delete", "id": PARTY.to_lowercase()});
    assert!(matches!(
        parse_record(&lower_case_id),
        Err(RecordError::BadId(_))
    ));

    let extra_member = json!({"entity": "todo", "op": "delete", "id": PARTY, "by": "x"});
    assert!(matches!(
        parse_record(&extra_member),
        Err(RecordError::Envelope { .. })
    ));

    let unknown_op = json!({"entity": "todo", "op": "merge", "id": PARTY});
    assert!(matches!(
        parse_record(&unknown_op),
        Err(RecordError::Envelope { .. })
    ));
}

#[test]
fn values_obey_the_domain_rules() {
    let cases = [
        ("party", json!({"phone": "12"}), "phone"),
        ("party", json!({"email": "pas une adresse"}), "email"),
        ("party", json!({"siret": "73282932000075"}), "siret"),
        ("party", json!({"owner": "../etc"}), "owner"),
        ("party", json!({"city": "Lyon\nVilleurbanne"}), "city"),
        ("party", json!({"name": "N".repeat(36)}), "name"),
        ("person", json!({"party_id": "pas-un-ulid"}), "party_id"),
        ("action", json!({"time": "25:00"}), "time"),
        ("todo", json!({"repeat_days": 0}), "repeat_days"),
        ("todo", json!({"repeat_days": 400}), "repeat_days"),
        ("opportunity", json!({"value_cents": -1}), "value_cents"),
        ("opportunity", json!({"stage": "x".repeat(33)}), "stage"),
        ("opportunity", json!({"title": " "}), "title"),
    ];
    for (entity, fields, field) in cases {
        let payload = json!({"entity": entity, "op": "update", "id": PARTY, "fields": fields});
        let err = parse_record(&payload).unwrap_err();
        assert_eq!(err.field(), Some(field), "{payload}: {err:?}");
        assert_eq!(err.reason(), RejectReason::InvalidField, "{payload}");
    }
    let siren = json!({"entity": "party", "op": "update", "id": PARTY,
        "fields": {"siret": "732829320"}});
    assert!(parse_record(&siren).is_ok(), "a SIREN alone is accepted");
}

#[test]
fn dates_are_read_strictly() {
    for due in ["2026-2-1", "01/12/2026", "2026-02-30", ""] {
        let payload = json!({"entity": "todo", "op": "update", "id": PARTY,
            "fields": {"due": due}});
        assert!(
            matches!(parse_record(&payload), Err(RecordError::Shape { .. })),
            "{due:?} must be refused"
        );
    }
}

/// The JSON Schema of sync-spec/schemas/RC.schema.json names, for each entity, exactly
/// the fields this crate reads: a field added on one side only fails here.
#[test]
fn the_schema_lists_the_same_fields_as_the_reader() {
    let schema: Value =
        serde_json::from_str(include_str!("../../../../sync-spec/schemas/RC.schema.json")).unwrap();
    let entities: Vec<&str> = schema["properties"]["entity"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(entities, RecordEntity::ALL.map(RecordEntity::code).to_vec());
    for branch in schema["allOf"].as_array().unwrap() {
        let Some(entity) = branch["if"]["properties"]["entity"]["const"].as_str() else {
            continue;
        };
        let mut in_schema: Vec<String> = branch["then"]["properties"]["fields"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        in_schema.sort();
        // serde names every field it knows when it meets one it does not.
        let probe = json!({"entity": entity, "op": "update", "id": PARTY,
            "fields": {"no_such_field": null}});
        let Err(RecordError::Shape { message, .. }) = parse_record(&probe) else {
            panic!("{entity}: an unknown field must be refused");
        };
        let mut read: Vec<String> = message
            .split("expected one of ")
            .nth(1)
            .unwrap_or_else(|| panic!("{message}"))
            .split(", ")
            .map(|name| {
                name.trim_matches(|c: char| c == '`' || c.is_whitespace())
                    .to_string()
            })
            .collect();
        read.sort();
        assert_eq!(in_schema, read, "{entity}");
    }
}

/// The envelope's schema knows every type this crate reads, and ties each to its spec:
/// `RC` to 2 and its payload schema, the six v1 types to 1.
#[test]
fn the_envelope_schema_ties_each_type_to_its_spec() {
    use crate::envelope::ChangeType;
    let schema: Value = serde_json::from_str(include_str!(
        "../../../../sync-spec/schemas/envelope.schema.json"
    ))
    .unwrap();
    let types: Vec<&str> = schema["properties"]["type"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(types, ChangeType::ALL.map(ChangeType::code).to_vec());
    let branches = schema["allOf"].as_array().unwrap();
    for change_type in ChangeType::ALL {
        let code = change_type.code();
        let spec = branches.iter().find_map(|branch| {
            let condition = &branch["if"]["properties"]["type"];
            let applies = condition["const"] == json!(code)
                || condition["enum"]
                    .as_array()
                    .is_some_and(|codes| codes.contains(&json!(code)));
            branch["then"]["properties"]["spec"]["const"]
                .as_u64()
                .filter(|_| applies)
        });
        assert_eq!(spec, Some(u64::from(change_type.spec())), "{code}");
    }
    let rc = branches
        .iter()
        .find(|b| b["if"]["properties"]["type"]["const"] == json!("RC"))
        .unwrap();
    let rc_schema: Value =
        serde_json::from_str(include_str!("../../../../sync-spec/schemas/RC.schema.json")).unwrap();
    assert_eq!(
        rc["then"]["properties"]["payload"]["$ref"], rc_schema["$id"],
        "an RC payload is checked by RC.schema.json"
    );
}

#[test]
fn a_campaign_a_lead_under_it_a_call_on_an_opportunity_and_a_meeting_read_back_as_written() {
    let creations = [
        json!({"entity": "campaign", "op": "create", "id": PARTY, "fields": {
            "name": "House & Design 2027", "starts_on": "2027-02-03", "ends_on": "2027-02-05",
            "place": "Paris", "cost_cents": 1_250_000, "notes": "Stand B12"}}),
        json!({"entity": "party", "op": "create", "id": PARTY, "fields": {
            "kind": "company", "name": "Cuisines Dubois", "campaign": ACTION}}),
        json!({"entity": "action", "op": "create", "id": ACTION, "fields": {
            "party_id": PARTY, "action_type": "appel", "date": "2027-02-10",
            "opportunity": PARTY}}),
        json!({"entity": "meeting", "op": "create", "id": ACTION, "fields": {
            "party_id": PARTY, "opportunity": PARTY, "attendee": "luc", "place": "Chez le client",
            "starts_at": "2027-02-12T09:00:00Z", "ends_at": "2027-02-12T10:30:00Z",
            "subject": "Projet cuisine", "notes": "Lire le descriptif", "status": "planned"}}),
        json!({"entity": "meeting", "op": "update", "id": ACTION, "fields": {"status": "cancelled"}}),
    ];
    for payload in creations {
        let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
        assert_eq!(change.to_payload(), payload);
    }
}

#[test]
fn campaign_and_meeting_values_are_refused_with_the_field_concerned() {
    let meeting = |fields: Value| json!({"entity": "meeting", "op": "create", "id": ACTION, "fields": fields});
    let cases = [
        // Ends before it starts.
        (
            meeting(json!({"party_id": PARTY, "attendee": "luc", "subject": "S",
            "starts_at": "2027-02-12T09:00:00Z", "ends_at": "2027-02-12T09:00:00Z"})),
            "ends_at",
        ),
        // Not in UTC: a laptop converts before writing.
        (
            meeting(json!({"party_id": PARTY, "attendee": "luc", "subject": "S",
            "starts_at": "2027-02-12T09:00:00+01:00", "ends_at": "2027-02-12T11:00:00Z"})),
            "starts_at",
        ),
        (
            meeting(json!({"party_id": PARTY, "attendee": "luc", "subject": "S",
            "starts_at": "demain", "ends_at": "2027-02-12T11:00:00Z"})),
            "starts_at",
        ),
        (
            meeting(
                json!({"party_id": PARTY, "attendee": "../etc", "subject": "S",
            "starts_at": "2027-02-12T09:00:00Z", "ends_at": "2027-02-12T11:00:00Z"}),
            ),
            "attendee",
        ),
        (
            meeting(json!({"party_id": PARTY, "subject": "S",
            "starts_at": "2027-02-12T09:00:00Z", "ends_at": "2027-02-12T11:00:00Z"})),
            "attendee",
        ),
        (
            meeting(
                json!({"party_id": PARTY, "attendee": "luc", "subject": "S".repeat(121),
            "starts_at": "2027-02-12T09:00:00Z", "ends_at": "2027-02-12T11:00:00Z"}),
            ),
            "subject",
        ),
        (
            json!({"entity": "campaign", "op": "create", "id": PARTY, "fields": {
            "name": "Salon", "starts_on": "2027-02-05", "ends_on": "2027-02-03"}}),
            "ends_on",
        ),
        (
            json!({"entity": "campaign", "op": "create", "id": PARTY, "fields": {
            "name": "Salon", "starts_on": "2027-02-05", "cost_cents": 1_000_000_001}}),
            "cost_cents",
        ),
        (
            json!({"entity": "party", "op": "update", "id": PARTY, "fields": {
            "campaign": "pas-un-ulid"}}),
            "campaign",
        ),
        (
            json!({"entity": "action", "op": "update", "id": PARTY, "fields": {
            "opportunity": "pas-un-ulid"}}),
            "opportunity",
        ),
    ];
    for (payload, field) in cases {
        let refused = parse_record(&payload).expect_err(&payload.to_string());
        assert!(refused.to_string().contains(field), "{payload}: {refused}");
    }
}

#[test]
fn an_opportunity_without_its_mandatory_fields_or_with_a_float_value_is_refused() {
    let missing = json!({"entity": "opportunity", "op": "create", "id": PARTY, "fields": {
        "party_id": PARTY, "title": "T", "pipeline": "standard", "stage": "qualification"}});
    assert_eq!(
        parse_record(&missing),
        Err(RecordError::Missing {
            entity: RecordEntity::Opportunity,
            field: "status"
        })
    );
    let float = json!({"entity": "opportunity", "op": "update", "id": PARTY,
        "fields": {"value_cents": 12.5}});
    assert!(matches!(
        parse_record(&float),
        Err(RecordError::Shape { .. })
    ));
    let status = json!({"entity": "opportunity", "op": "update", "id": PARTY,
        "fields": {"status": "maybe"}});
    assert!(matches!(
        parse_record(&status),
        Err(RecordError::Shape { .. })
    ));
    let closed = json!({"entity": "opportunity", "op": "update", "id": PARTY,
        "fields": {"status": "lost", "loss_reason": "Prix"}});
    assert!(parse_record(&closed).is_ok());
}
