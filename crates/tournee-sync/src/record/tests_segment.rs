//! The `segment` entity's payload: a list and a criteria segment read and written back,
//! each refusal naming the field the segment's dialog shows.

use serde_json::{json, Value};

use super::*;

const SEGMENT: &str = "01JDQ3W5ZK8M6T2V4X9B7C1S0G";
const PARTY: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0P";

fn criteria_creation() -> Value {
    json!({
        "entity": "segment",
        "op": "create",
        "id": SEGMENT,
        "fields": {
            "name": "Prospects lyonnais sans nouvelles",
            "kind": "criteria",
            "criteria": {"statuses": ["prospect"], "postal_prefix": "69", "idle_days": 30}
        }
    })
}

fn refused_field(payload: Value) -> String {
    match parse_record(&payload) {
        Err(RecordError::Invalid(problem)) => problem.field().to_owned(),
        Err(RecordError::Missing { field, .. } | RecordError::Cleared { field, .. }) => {
            field.to_owned()
        }
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

#[test]
fn a_criteria_segment_reads_and_writes_back_the_same_payload() {
    let change = parse_record(&criteria_creation()).unwrap();
    assert_eq!(change.entity(), RecordEntity::Segment);
    let RecordFields::Segment(fields) = &change.fields else {
        panic!("a segment's fields: {change:?}");
    };
    assert_eq!(fields.criteria.value().unwrap().idle_days, Some(30));
    assert_eq!(change.to_payload(), criteria_creation());
}

#[test]
fn a_list_segment_carries_its_members_as_one_value() {
    let payload = json!({
        "entity": "segment", "op": "update", "id": SEGMENT,
        "fields": {"members": [PARTY]}
    });
    let change = parse_record(&payload).unwrap();
    assert_eq!(change.to_payload(), payload);
    let twice = json!({
        "entity": "segment", "op": "update", "id": SEGMENT,
        "fields": {"members": [PARTY, PARTY]}
    });
    assert_eq!(refused_field(twice), "members");
}

#[test]
fn a_segment_needs_its_name_and_kind_and_a_criteria_one_its_criteria() {
    for field in ["name", "kind", "criteria"] {
        let mut payload = criteria_creation();
        payload["fields"].as_object_mut().unwrap().remove(field);
        assert_eq!(refused_field(payload), field);
    }
    let mut blank = criteria_creation();
    blank["fields"]["name"] = json!("   ");
    assert_eq!(refused_field(blank), "name");
    let mut long = criteria_creation();
    long["fields"]["name"] = json!("n".repeat(121));
    assert_eq!(refused_field(long), "name");
}

#[test]
fn a_bad_criterion_is_refused_with_its_own_field() {
    let mut payload = criteria_creation();
    payload["fields"]["criteria"] =
        json!({"created_from": "2026-12-01", "created_to": "2026-11-01"});
    assert_eq!(refused_field(payload), "created_to");
    let mut unknown = criteria_creation();
    unknown["fields"]["criteria"] = json!({"colour": "red"});
    assert!(matches!(
        parse_record(&unknown),
        Err(RecordError::Shape {
            entity: RecordEntity::Segment,
            ..
        })
    ));
}
