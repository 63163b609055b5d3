//! The `quote` entity's payload: a creation read and written back, each field's rule
//! refusing with the field named, the lines as one value.

use serde_json::{json, Value};

use super::*;

const QUOTE: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0R";
const PARTY: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0P";
/// A 1×1 PNG, the smallest image the signature pad could send.
const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn quote_creation() -> Value {
    json!({
        "entity": "quote",
        "op": "create",
        "id": QUOTE,
        "fields": {
            "party_id": PARTY,
            "lines": [
                {"reference": "DESIGN-CUIS", "label": "Un projet de design de cuisine",
                 "quantity_milli": 1000, "unit": "forfait", "unit_price_cents": 150000,
                 "discount_bp": 0, "vat": 2000},
                {"label": "Une armoire de 100cm", "quantity_milli": 2000, "unit": "pièce",
                 "unit_price_cents": 48990, "discount_bp": 1000, "vat": 2000}
            ],
            "valid_until": "2027-01-04",
            "status": "draft",
            "temp_ref": "P-jdupont-7C1N0R"
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
fn a_quote_creation_reads_and_writes_back_the_same_payload() {
    let change = parse_record(&quote_creation()).unwrap();
    assert_eq!(change.entity(), RecordEntity::Quote);
    let RecordFields::Quote(fields) = &change.fields else {
        panic!("a quote's fields: {change:?}");
    };
    let lines = fields.lines.value().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(tournee_core::quote_totals(lines).incl_vat_cents, 285_818);
    assert_eq!(change.to_payload(), quote_creation());
}

#[test]
fn a_quote_creation_needs_its_party_lines_validity_status_and_reference() {
    for field in ["party_id", "lines", "valid_until", "status", "temp_ref"] {
        let mut payload = quote_creation();
        payload["fields"].as_object_mut().unwrap().remove(field);
        assert_eq!(refused_field(payload), field);
    }
}

#[test]
fn each_quote_field_is_refused_by_name() {
    let cases: [(&str, Value, &str); 7] = [
        ("party_id", json!("not-a-ulid"), "party_id"),
        ("opportunity_id", json!("x"), "opportunity_id"),
        ("lines", json!([]), "lines"),
        (
            "lines",
            json!([{"label": "a", "quantity_milli": 0, "unit_price_cents": 1, "vat": 2000}]),
            "lines[0].quantity_milli",
        ),
        (
            "signature",
            json!({"media_type": "image/jpeg", "data_base64": PNG_1X1}),
            "signature",
        ),
        (
            "signature",
            json!({"media_type": "image/png", "data_base64": "aGVsbG8="}),
            "signature",
        ),
        ("temp_ref", json!("a\nb"), "temp_ref"),
    ];
    for (field, value, named) in cases {
        let mut payload = quote_creation();
        payload["fields"][field] = value;
        assert_eq!(refused_field(payload), named, "{field}");
    }
}

#[test]
fn an_oversize_signature_is_refused_before_it_is_decoded() {
    let mut payload = quote_creation();
    payload["fields"]["signature"] = json!({
        "media_type": "image/png",
        "data_base64": "A".repeat(MAX_QUOTE_SIGNATURE_BYTES / 3 * 4 + 8),
    });
    assert!(matches!(
        parse_record(&payload),
        Err(RecordError::Invalid(
            tournee_core::DomainError::TooLong { .. }
        ))
    ));
}

#[test]
fn a_signed_acceptance_travels_as_an_update_of_four_fields() {
    let update = json!({
        "entity": "quote", "op": "update", "id": QUOTE,
        "fields": {
            "status": "accepted",
            "signature": {"media_type": "image/png", "data_base64": PNG_1X1},
            "signed_at": "2026-12-05T10:30:00Z",
            "signer_name": "Élodie Martin"
        }
    });
    let change = parse_record(&update).unwrap();
    assert_eq!(change.to_payload(), update);
}

#[test]
fn a_number_cannot_be_set_by_a_change() {
    let mut payload = quote_creation();
    payload["fields"]["number"] = json!("D-2026-1");
    assert!(matches!(
        parse_record(&payload),
        Err(RecordError::Shape { .. })
    ));
}
