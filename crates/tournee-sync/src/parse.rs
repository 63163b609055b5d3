//! Reading one change file, in the order the spec prescribes, down to a typed
//! [`Envelope`] or the first [`Rejection`] met.
//!
//! Only what the file itself can tell is checked here; rules that need the
//! server's state (users, clients, prospects, dates against parameters) are the
//! integrator's.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::detail::Detail;
use crate::envelope::{
    ChangeBody, ChangeType, ClientCreationRequest, ClientModification, ClientVisit, Envelope,
    ProspectCreation, ProspectModification, ProspectOperation, ProspectVisit, RawEnvelope,
    VisitReport, SPEC_VERSION,
};
use crate::name::{is_valid_ulid, FileName};
use crate::record::{parse_record, RECORD_SPEC_VERSION};
use crate::reject::{RejectReason, Rejection};
use crate::sign::{split_signature, verify_file, FileSignature};
use crate::strict_json::{parse_strict, StrictJsonError};

/// Default largest change file accepted (1 MiB); servers may configure their own.
pub const MAX_FILE_BYTES: u64 = 1_048_576;

/// Parses `bytes`, delivered under `file_name` (the base name, conflict marker removed).
///
/// The checks run in the order of sync-spec section 6.1 and stop at the first failure,
/// so the same bad file always gets the same reason code on every server. A device
/// signature, when present, is checked against its own bytes but dropped: use
/// [`parse_signed_change_file`] where the signer matters (the server).
pub fn parse_change_file(
    file_name: &str,
    bytes: &[u8],
    max_bytes: u64,
) -> Result<Envelope, Rejection> {
    parse_signed_change_file(file_name, bytes, max_bytes).map(|(envelope, _)| envelope)
}

/// As [`parse_change_file`], and also returns the verified device signature, if the
/// file has one: whether that device belongs to the user is the server's check.
/// The envelope is read from the signed bytes only.
pub fn parse_signed_change_file(
    file_name: &str,
    bytes: &[u8],
    max_bytes: u64,
) -> Result<(Envelope, Option<FileSignature>), Rejection> {
    // 1. name
    let name = FileName::parse(file_name).map_err(|e| Rejection::new(RejectReason::BadName, e))?;
    // 2. size
    if bytes.len() as u64 > max_bytes {
        return Err(Rejection::new(
            RejectReason::Oversized,
            Detail::Oversized {
                size: bytes.len() as u64,
                max: max_bytes,
            },
        ));
    }
    // 3. device signature, if the file ends with one
    let split = split_signature(bytes);
    if let Some(signature) = &split.signature {
        verify_file(&split.unsigned, signature)?;
    }
    let bytes = split.unsigned.as_slice();
    // 4. UTF-8 JSON object, every key once per object, 5. spec version, 6. envelope shape
    let value = json_object(bytes)?;
    check_spec_version(&value)?;
    let raw: RawEnvelope = serde_json::from_value(value).map_err(|e| {
        schema(Detail::Envelope {
            error: e.to_string(),
        })
    })?;
    if !is_valid_ulid(&raw.change_id) {
        return Err(schema(Detail::NotUlid {
            field: "change_id".into(),
            value: raw.change_id,
        }));
    }
    // 7. type, and the version of that type
    let change_type = ChangeType::from_code(&raw.change_type).ok_or_else(|| {
        Rejection::new(
            RejectReason::UnknownType,
            Detail::UnknownType {
                type_code: raw.change_type.clone(),
            },
        )
    })?;
    check_spec_of_type(change_type, raw.spec)?;
    // 8. payload
    let body = typed_body(change_type, raw.payload)?;
    // 9. name and body agree
    agree_with_name(&name, change_type, &raw.user, &raw.change_id)?;
    let envelope = Envelope {
        spec: raw.spec,
        change_id: raw.change_id,
        user: raw.user,
        device: raw.device,
        created_at: raw.created_at,
        body,
    };
    Ok((envelope, split.signature))
}

fn json_object(bytes: &[u8]) -> Result<Value, Rejection> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(Rejection::new(RejectReason::BadJson, Detail::Bom));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Rejection::new(
            RejectReason::BadJson,
            Detail::NotUtf8 {
                error: e.to_string(),
            },
        )
    })?;
    let not_an_object = || Rejection::new(RejectReason::BadJson, Detail::NotAnObject);
    let value = match parse_strict(text) {
        Ok(value) => value,
        Err(StrictJsonError::Syntax(e)) => {
            return Err(Rejection::new(
                RejectReason::BadJson,
                Detail::JsonSyntax {
                    error: e.to_string(),
                },
            ))
        }
        // A valid JSON text that is not an object is said to be so first.
        Err(StrictJsonError::Duplicate(_)) if !text.trim_start().starts_with('{') => {
            return Err(not_an_object())
        }
        Err(StrictJsonError::Duplicate(duplicate)) => {
            return Err(Rejection::new(
                RejectReason::DuplicateKey,
                Detail::DuplicateKey {
                    key: duplicate.key,
                    line: duplicate.line,
                    column: duplicate.column,
                },
            ))
        }
    };
    if !value.is_object() {
        return Err(not_an_object());
    }
    Ok(value)
}

/// A file from a newer spec says so before anything else fails on its shape. This
/// reader knows versions 1 (the six v1 types) and 2 (record changes).
fn check_spec_version(value: &Value) -> Result<(), Rejection> {
    let known = [u64::from(SPEC_VERSION), u64::from(RECORD_SPEC_VERSION)];
    match value.get("spec").and_then(Value::as_u64) {
        Some(version) if !known.contains(&version) => Err(Rejection::new(
            RejectReason::UnsupportedSpec,
            Detail::UnsupportedSpec {
                version,
                expected: RECORD_SPEC_VERSION,
            },
        )),
        _ => Ok(()),
    }
}

/// A known version that is not its type's: a v1 type says 1 byte for byte, a record
/// change 2, so neither can be read under the other's rules.
fn check_spec_of_type(change_type: ChangeType, spec: u32) -> Result<(), Rejection> {
    if spec == change_type.spec() {
        return Ok(());
    }
    Err(Rejection::new(
        RejectReason::UnsupportedSpec,
        Detail::SpecOfType {
            type_code: change_type.code().to_string(),
            version: u64::from(spec),
            expected: change_type.spec(),
        },
    ))
}

fn payload<T: DeserializeOwned>(change_type: ChangeType, value: Value) -> Result<T, Rejection> {
    serde_json::from_value(value).map_err(|e| {
        Rejection::new(
            RejectReason::Schema,
            Detail::Payload {
                type_code: change_type.code().to_string(),
                error: e.to_string(),
            },
        )
    })
}

fn schema(detail: Detail) -> Rejection {
    Rejection::new(RejectReason::Schema, detail)
}

fn typed_body(change_type: ChangeType, value: Value) -> Result<ChangeBody, Rejection> {
    let body = match change_type {
        ChangeType::VC => {
            let visit: ClientVisit = payload(change_type, value)?;
            check_visit(&visit.visit)?;
            ChangeBody::VC(visit)
        }
        ChangeType::MC => {
            let change: ClientModification = payload(change_type, value)?;
            if change.changes.is_empty() && change.revisit.is_none() && change.fleet.is_none() {
                return Err(schema(Detail::EmptyClientChange));
            }
            ChangeBody::MC(change)
        }
        ChangeType::CP => {
            let creation: ProspectCreation = payload(change_type, value)?;
            check_prospect_id(&creation.prospect_id)?;
            ChangeBody::CP(creation)
        }
        ChangeType::MP => {
            let change: ProspectModification = payload(change_type, value)?;
            check_prospect_id(&change.prospect_id)?;
            let has_content = !change.fields.is_empty() || change.contacts.is_some();
            match change.op {
                ProspectOperation::Delete if has_content => {
                    return Err(schema(Detail::DeleteWithContent))
                }
                ProspectOperation::Update if !has_content => {
                    return Err(schema(Detail::UpdateWithoutContent))
                }
                _ => {}
            }
            ChangeBody::MP(change)
        }
        ChangeType::VP => {
            let visit: ProspectVisit = payload(change_type, value)?;
            check_prospect_id(&visit.prospect_id)?;
            check_visit(&visit.visit)?;
            ChangeBody::VP(visit)
        }
        ChangeType::CC => {
            let request: ClientCreationRequest = payload(change_type, value)?;
            check_prospect_id(&request.prospect_id)?;
            ChangeBody::CC(request)
        }
        // The record's own rules (mandatory fields, phone, e-mail, SIRET, text) are part
        // of its payload's shape: refused here with their own reason codes.
        ChangeType::RC => {
            ChangeBody::RC(Box::new(parse_record(&value).map_err(|e| e.rejection())?))
        }
    };
    Ok(body)
}

fn check_prospect_id(id: &str) -> Result<(), Rejection> {
    if is_valid_ulid(id) {
        Ok(())
    } else {
        Err(schema(Detail::NotUlid {
            field: "prospect_id".into(),
            value: id.to_string(),
        }))
    }
}

/// `HH:MM`, 00:00 to 23:59 (annex 1's `heure_relation`).
pub fn is_valid_time(text: &str) -> bool {
    let digit = |b: u8| b.is_ascii_digit().then(|| b - b'0');
    match text.as_bytes() {
        [h1, h2, b':', m1, m2] => match (digit(*h1), digit(*h2), digit(*m1), digit(*m2)) {
            (Some(h1), Some(h2), Some(m1), Some(_)) => h1 * 10 + h2 < 24 && m1 < 6,
            _ => false,
        },
        _ => false,
    }
}

fn check_visit(visit: &VisitReport) -> Result<(), Rejection> {
    if is_valid_time(&visit.visit_time) {
        Ok(())
    } else {
        Err(schema(Detail::VisitTime {
            value: visit.visit_time.clone(),
        }))
    }
}

fn agree_with_name(
    name: &FileName,
    change_type: ChangeType,
    user: &str,
    change_id: &str,
) -> Result<(), Rejection> {
    let mismatch = |detail: Detail| Err(Rejection::new(RejectReason::NameMismatch, detail));
    if name.change_type != change_type {
        return mismatch(Detail::MismatchType {
            in_name: name.change_type.code().into(),
            in_body: change_type.code().into(),
        });
    }
    if name.user != user {
        return mismatch(Detail::MismatchUser {
            in_name: name.user.clone(),
            in_body: user.into(),
        });
    }
    if name.change_id != change_id {
        return mismatch(Detail::MismatchChangeId {
            in_name: name.change_id.clone(),
            in_body: change_id.into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const ID: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0P";
    const PROSPECT: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0Q";

    fn name_of(change_type: &str) -> String {
        format!("{change_type}_jdupont_{ID}.json")
    }

    fn envelope(change_type: &str, payload: Value) -> Value {
        json!({
            "spec": 1, "type": change_type, "change_id": ID, "user": "jdupont",
            "device": "PC-1", "created_at": "2026-11-20T10:15:00+01:00", "payload": payload
        })
    }

    fn visit() -> Value {
        json!({"visit_date": "2026-11-20", "visit_time": "10:00", "comment": "ok",
               "answers": {"interet": "fort", "produits": ["huile", "filtres"]}})
    }

    fn vc() -> Value {
        envelope("VC", json!({"client_code": "C000101", "visit": visit()}))
    }

    fn bytes(value: &Value) -> Vec<u8> {
        serde_json::to_vec(value).unwrap()
    }

    /// The reason a file is refused with, under its type's name.
    fn reason_of(value: &Value) -> RejectReason {
        let change_type = value["type"].as_str().unwrap_or("VC");
        let name = name_of(if ChangeType::from_code(change_type).is_some() {
            change_type
        } else {
            "VC"
        });
        reason(&name, &bytes(value))
    }

    fn reason(name: &str, bytes: &[u8]) -> RejectReason {
        parse_change_file(name, bytes, MAX_FILE_BYTES)
            .unwrap_err()
            .reason
    }

    #[test]
    fn a_valid_visit_parses() {
        let envelope = parse_change_file(&name_of("VC"), &bytes(&vc()), MAX_FILE_BYTES).unwrap();
        assert_eq!(envelope.change_type(), ChangeType::VC);
        assert_eq!(envelope.user, "jdupont");
        assert_eq!(envelope.change_id, ID);
    }

    #[test]
    fn bad_name_comes_first() {
        // Even a file that would fail every later check is first a bad name.
        assert_eq!(reason("visite.json", b"\xff"), RejectReason::BadName);
        assert_eq!(
            reason(&format!("XX_jdupont_{ID}.json"), &bytes(&vc())),
            RejectReason::BadName
        );
    }

    #[test]
    fn oversized_before_reading_the_content() {
        let rejection = parse_change_file(&name_of("VC"), b"\xff not even json", 10).unwrap_err();
        assert_eq!(rejection.reason, RejectReason::Oversized);
        let exact = bytes(&vc());
        assert!(parse_change_file(&name_of("VC"), &exact, exact.len() as u64).is_ok());
    }

    #[test]
    fn bad_json() {
        for content in [
            &b"{not json"[..],
            b"[1, 2]",
            b"\"text\"",
            b"",
            b"{\"spec\": 1, \xff}",
        ] {
            assert_eq!(reason(&name_of("VC"), content), RejectReason::BadJson);
        }
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(&bytes(&vc()));
        assert_eq!(reason(&name_of("VC"), &with_bom), RejectReason::BadJson);
    }

    #[test]
    fn a_key_twice_in_any_object_is_refused_after_syntax_and_before_the_version() {
        let good = String::from_utf8(bytes(&vc())).unwrap();
        let cases = [
            // In the envelope: two users, a reader keeping the first would see another author.
            good.replacen("{", "{\"user\":\"mmartin\",", 1),
            // In a map read as such (answers), where the last one would silently win.
            good.replacen("\"answers\":{", "\"answers\":{\"interet\":\"faible\",", 1),
            // Even a file of a future spec: the version itself could be given twice.
            good.replacen("{", "{\"spec\":2,", 1),
        ];
        for text in cases {
            assert_ne!(text, good, "the case changed the file");
            let rejection =
                parse_change_file(&name_of("VC"), text.as_bytes(), MAX_FILE_BYTES).unwrap_err();
            assert_eq!(rejection.reason, RejectReason::DuplicateKey, "{text}");
        }
        // Broken JSON with a duplicate is first broken JSON.
        let broken = good
            .replacen("{", "{\"user\":\"x\",", 1)
            .replacen("}", "", 1);
        assert_eq!(
            reason(&name_of("VC"), broken.as_bytes()),
            RejectReason::BadJson
        );
    }

    #[test]
    fn unsupported_spec_before_schema_problems() {
        let mut future = vc();
        future["spec"] = json!(3);
        future["new_field"] = json!("from spec 2");
        future["payload"] = json!("whatever spec 2 puts here");
        assert_eq!(reason_of(&future), RejectReason::UnsupportedSpec);
        future["type"] = json!("ZZ");
        assert_eq!(reason_of(&future), RejectReason::UnsupportedSpec);
    }

    fn rc(payload: Value) -> Value {
        let mut file = envelope("RC", payload);
        file["spec"] = json!(2);
        file
    }

    fn party() -> Value {
        json!({"entity": "party", "op": "create", "id": PROSPECT,
               "fields": {"kind": "company", "name": "Transports Morel", "phone": "04 78 12 34 56"}})
    }

    #[test]
    fn a_record_change_is_read_with_spec_2() {
        let parsed = parse_change_file(&name_of("RC"), &bytes(&rc(party())), MAX_FILE_BYTES)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.spec, 2);
        assert_eq!(parsed.change_type(), ChangeType::RC);
        let ChangeBody::RC(change) = &parsed.body else {
            panic!("not a record change: {parsed:?}");
        };
        assert_eq!(change.id, PROSPECT);
        assert_eq!(change.to_payload(), party());
    }

    #[test]
    fn each_type_says_its_own_spec() {
        // A record change under spec 1, a visit under spec 2: both known versions, but not
        // their type's.
        let mut old_rc = rc(party());
        old_rc["spec"] = json!(1);
        let mut new_vc = vc();
        new_vc["spec"] = json!(2);
        for (file, type_code, version, expected) in [(old_rc, "RC", 1, 2), (new_vc, "VC", 2, 1)] {
            let rejection =
                parse_change_file(&name_of(type_code), &bytes(&file), MAX_FILE_BYTES).unwrap_err();
            assert_eq!(rejection.reason, RejectReason::UnsupportedSpec);
            assert_eq!(
                rejection.detail,
                Detail::SpecOfType {
                    type_code: type_code.into(),
                    version,
                    expected
                }
            );
        }
    }

    #[test]
    fn a_record_change_is_refused_with_its_own_reason_and_detail() {
        let cases = [
            (
                json!({"entity": "invoice", "op": "create", "id": PROSPECT, "fields": {}}),
                RejectReason::Schema,
                "unknown_entity",
            ),
            (
                json!({"entity": "party", "op": "update", "id": PROSPECT, "fields": {"colour": "red"}}),
                RejectReason::Schema,
                "record_fields",
            ),
            (
                json!({"entity": "todo", "op": "delete", "id": PROSPECT, "fields": {"text": "x"}}),
                RejectReason::Schema,
                "record_delete_with_fields",
            ),
            (
                json!({"entity": "person", "op": "create", "id": PROSPECT}),
                RejectReason::Schema,
                "record_without_fields",
            ),
            (
                json!({"entity": "action", "op": "update", "id": PROSPECT, "fields": {}}),
                RejectReason::Schema,
                "record_empty_update",
            ),
            (
                json!({"entity": "party", "op": "create", "id": "p-1", "fields": {}}),
                RejectReason::Schema,
                "not_ulid",
            ),
            (
                json!({"entity": "party", "op": "create", "id": PROSPECT, "fields": {"kind": "company"}}),
                RejectReason::MissingMandatory,
                "rules",
            ),
            (
                json!({"entity": "party", "op": "update", "id": PROSPECT, "fields": {"email": "nope"}}),
                RejectReason::InvalidField,
                "rules",
            ),
            (
                json!({"entity": "party", "op": "merge", "id": PROSPECT}),
                RejectReason::Schema,
                "payload",
            ),
        ];
        for (payload, reason, detail) in cases {
            let rejection =
                parse_change_file(&name_of("RC"), &bytes(&rc(payload.clone())), MAX_FILE_BYTES)
                    .unwrap_err();
            assert_eq!(rejection.reason, reason, "{payload}");
            assert_eq!(rejection.detail.code(), detail, "{payload}");
        }
    }

    #[test]
    fn schema_of_the_envelope() {
        let mut extra = vc();
        extra["color"] = json!("red");
        let mut missing = vc();
        missing.as_object_mut().unwrap().remove("device");
        let mut bad_date = vc();
        bad_date["created_at"] = json!("2026-11-20 10:15");
        let mut no_offset = vc();
        no_offset["created_at"] = json!("2026-11-20T10:15:00");
        let mut spec_as_text = vc();
        spec_as_text["spec"] = json!("1");
        let mut bad_id = vc();
        bad_id["change_id"] = json!("not-a-ulid");
        // A bad change id is an envelope problem: it comes before an unknown type.
        let mut bad_id_and_type = bad_id.clone();
        bad_id_and_type["type"] = json!("ZZ");
        for value in [
            extra,
            missing,
            bad_date,
            no_offset,
            spec_as_text,
            bad_id,
            bad_id_and_type,
        ] {
            assert_eq!(reason_of(&value), RejectReason::Schema, "{value}");
        }
    }

    #[test]
    fn unknown_type_before_payload_problems() {
        let mut unknown = vc();
        unknown["type"] = json!("ZZ");
        unknown["payload"] = json!({"anything": true});
        assert_eq!(
            reason(&name_of("VC"), &bytes(&unknown)),
            RejectReason::UnknownType
        );
    }

    #[test]
    fn schema_of_the_payloads() {
        let cases = [
            envelope(
                "VC",
                json!({"client_code": "C1", "visit": visit(), "extra": 1}),
            ),
            envelope("VC", json!({"client_code": "C1"})),
            envelope("VC", json!({"client_code": 101, "visit": visit()})),
            envelope(
                "VC",
                json!({"client_code": "C1", "visit": {"visit_date": "2026-11-20",
                "visit_time": "25:00", "comment": ""}}),
            ),
            envelope(
                "VC",
                json!({"client_code": "C1", "visit": {"visit_date": "20/11/2026",
                "visit_time": "10:00", "comment": ""}}),
            ),
            envelope(
                "VC",
                json!({"client_code": "C1", "visit": {"visit_date": "2026-11-20",
                "visit_time": "10:00", "comment": "", "answers": {"q": 3}}}),
            ),
            envelope(
                "VP",
                json!({"prospect_id": PROSPECT, "visit": {"visit_date": "2026-11-20",
                "visit_time": "9:00", "comment": ""}}),
            ),
            envelope("VP", json!({"prospect_id": "p-1", "visit": visit()})),
            envelope("MC", json!({"client_code": "C1"})),
            envelope("MC", json!({"client_code": "C1", "fleet": {"VL": -1}})),
            envelope(
                "CP",
                json!({"prospect_id": PROSPECT.to_lowercase(), "fields": {}}),
            ),
            envelope("CP", json!({"prospect_id": PROSPECT})),
            envelope(
                "MP",
                json!({"prospect_id": PROSPECT, "op": "delete",
                "fields": {"ville_fac": "Lyon"}}),
            ),
            envelope(
                "MP",
                json!({"prospect_id": PROSPECT, "op": "delete", "contacts": []}),
            ),
            envelope("MP", json!({"prospect_id": PROSPECT, "op": "update"})),
            envelope(
                "MP",
                json!({"prospect_id": PROSPECT, "op": "merge",
                "fields": {"ville_fac": "Lyon"}}),
            ),
            envelope("CC", json!({"prospect_id": "nope", "fields": {}})),
            envelope(
                "CC",
                json!({"prospect_id": PROSPECT, "fields": {},
                "signature": {"media_type": "image/png"}}),
            ),
        ];
        for value in cases {
            assert_eq!(reason_of(&value), RejectReason::Schema, "{value}");
        }
    }

    #[test]
    fn name_mismatch_last() {
        assert_eq!(
            reason(&format!("VC_mmartin_{ID}.json"), &bytes(&vc())),
            RejectReason::NameMismatch
        );
        assert_eq!(
            reason(&format!("VP_jdupont_{ID}.json"), &bytes(&vc())),
            RejectReason::NameMismatch
        );
        assert_eq!(
            reason(&format!("VC_jdupont_{PROSPECT}.json"), &bytes(&vc())),
            RejectReason::NameMismatch
        );
        // Case matters: users are compared exactly, as folder names are on the server.
        assert_eq!(
            reason(&format!("VC_JDupont_{ID}.json"), &bytes(&vc())),
            RejectReason::NameMismatch
        );
    }

    #[test]
    fn rejections_carry_a_readable_detail() {
        let rejection = parse_change_file(
            &format!("VC_mmartin_{ID}.json"),
            &bytes(&vc()),
            MAX_FILE_BYTES,
        )
        .unwrap_err();
        assert_eq!(
            rejection.detail,
            Detail::MismatchUser {
                in_name: "mmartin".into(),
                in_body: "jdupont".into()
            }
        );
        assert!(rejection.to_string().starts_with("name_mismatch: "));
    }

    #[test]
    fn dates_are_read_strictly() {
        // chrono alone reads `26-11-20` as the year 26 and `2026-1-5` as 5 January.
        for bad in [
            "26-11-20",
            "2026-1-5",
            "+2026-11-20",
            " 2026-11-20",
            "2026-02-30",
        ] {
            let mut visit = visit();
            visit["visit_date"] = json!(bad);
            let file = envelope("VC", json!({"client_code": "C1", "visit": visit}));
            assert_eq!(reason_of(&file), RejectReason::Schema, "{bad}");
            let revisit = envelope("MC", json!({"client_code": "C1", "revisit": {"date": bad}}));
            assert_eq!(reason_of(&revisit), RejectReason::Schema, "{bad}");
        }
        let cleared = envelope(
            "MC",
            json!({"client_code": "C1", "revisit": {"date": null}}),
        );
        parse_change_file(&name_of("MC"), &bytes(&cleared), MAX_FILE_BYTES).unwrap();
    }

    #[test]
    fn times_are_checked() {
        for good in ["00:00", "09:05", "23:59"] {
            assert!(is_valid_time(good), "{good}");
        }
        for bad in [
            "24:00", "9:05", "09:60", "0905", "+9:05", "ab:cd", "09:5", "09:055", "０9:05",
        ] {
            assert!(!is_valid_time(bad), "{bad}");
        }
    }
}
