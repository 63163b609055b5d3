//! Reading one change file, in the order the spec prescribes, down to a typed
//! [`Envelope`] or the first [`Rejection`] met.
//!
//! Only what the file itself can tell is checked here; rules that need the
//! server's state (users, clients, prospects, dates against parameters) are the
//! integrator's.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::envelope::{
    ChangeBody, ChangeType, ClientCreationRequest, ClientModification, ClientVisit, Envelope,
    ProspectCreation, ProspectModification, ProspectOperation, ProspectVisit, RawEnvelope,
    VisitReport, SPEC_VERSION,
};
use crate::name::{is_valid_ulid, FileName};
use crate::reject::{RejectReason, Rejection};

/// Default largest change file accepted (1 MiB); servers may configure their own.
pub const MAX_FILE_BYTES: u64 = 1_048_576;

/// Parses `bytes`, delivered under `file_name` (the base name, conflict marker removed).
pub fn parse_change_file(
    file_name: &str,
    bytes: &[u8],
    max_bytes: u64,
) -> Result<Envelope, Rejection> {
    let name = FileName::parse(file_name)
        .map_err(|e| Rejection::new(RejectReason::BadName, e.to_string()))?;
    if bytes.len() as u64 > max_bytes {
        return Err(Rejection::new(
            RejectReason::Oversized,
            format!("{} octets, maximum {max_bytes}", bytes.len()),
        ));
    }
    let value = json_object(bytes)?;
    check_spec_version(&value)?;
    let raw: RawEnvelope = serde_json::from_value(value)
        .map_err(|e| Rejection::new(RejectReason::Schema, format!("enveloppe : {e}")))?;
    let change_type = ChangeType::from_code(&raw.change_type).ok_or_else(|| {
        Rejection::new(
            RejectReason::UnknownType,
            format!("type « {} » inconnu", raw.change_type),
        )
    })?;
    if !is_valid_ulid(&raw.change_id) {
        return Err(Rejection::new(
            RejectReason::Schema,
            format!("change_id « {} » n'est pas un ULID", raw.change_id),
        ));
    }
    let body = typed_body(change_type, raw.payload)?;
    agree_with_name(&name, change_type, &raw.user, &raw.change_id)?;
    Ok(Envelope {
        spec: raw.spec,
        change_id: raw.change_id,
        user: raw.user,
        device: raw.device,
        created_at: raw.created_at,
        body,
    })
}

fn json_object(bytes: &[u8]) -> Result<Value, Rejection> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(Rejection::new(
            RejectReason::BadJson,
            "le fichier commence par une marque d'ordre d'octets (BOM)",
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Rejection::new(RejectReason::BadJson, format!("pas en UTF-8 : {e}")))?;
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Rejection::new(RejectReason::BadJson, format!("JSON illisible : {e}")))?;
    if !value.is_object() {
        return Err(Rejection::new(
            RejectReason::BadJson,
            "le fichier doit contenir un objet JSON",
        ));
    }
    Ok(value)
}

/// A file from a newer spec says so before anything else fails on its shape.
fn check_spec_version(value: &Value) -> Result<(), Rejection> {
    match value.get("spec").and_then(Value::as_u64) {
        Some(version) if version != u64::from(SPEC_VERSION) => Err(Rejection::new(
            RejectReason::UnsupportedSpec,
            format!("version {version} de la spécification non prise en charge (version {SPEC_VERSION} attendue)"),
        )),
        _ => Ok(()),
    }
}

fn payload<T: DeserializeOwned>(change_type: ChangeType, value: Value) -> Result<T, Rejection> {
    serde_json::from_value(value).map_err(|e| {
        Rejection::new(
            RejectReason::Schema,
            format!("contenu {} : {e}", change_type.code()),
        )
    })
}

fn schema(detail: impl Into<String>) -> Rejection {
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
                return Err(schema(
                    "une modification client doit contenir changes, revisit ou fleet",
                ));
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
                    return Err(schema("une suppression ne porte ni champs ni contacts"))
                }
                ProspectOperation::Update if !has_content => {
                    return Err(schema(
                        "une mise à jour doit porter des champs ou des contacts",
                    ))
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
    };
    Ok(body)
}

fn check_prospect_id(id: &str) -> Result<(), Rejection> {
    if is_valid_ulid(id) {
        Ok(())
    } else {
        Err(schema(format!("prospect_id « {id} » n'est pas un ULID")))
    }
}

/// `HH:MM`, 00:00 to 23:59.
pub fn is_valid_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 5
        && bytes[2] == b':'
        && text[..2]
            .parse::<u8>()
            .is_ok_and(|h| h < 24 && bytes[0].is_ascii_digit() && bytes[1].is_ascii_digit())
        && text[3..]
            .parse::<u8>()
            .is_ok_and(|m| m < 60 && bytes[3].is_ascii_digit() && bytes[4].is_ascii_digit())
}

fn check_visit(visit: &VisitReport) -> Result<(), Rejection> {
    if is_valid_time(&visit.visit_time) {
        Ok(())
    } else {
        Err(schema(format!(
            "visit_time « {} » n'est pas une heure HH:MM",
            visit.visit_time
        )))
    }
}

fn agree_with_name(
    name: &FileName,
    change_type: ChangeType,
    user: &str,
    change_id: &str,
) -> Result<(), Rejection> {
    let mismatch = |what: &str, in_name: &str, in_body: &str| {
        Err(Rejection::new(
            RejectReason::NameMismatch,
            format!("{what} : « {in_name} » dans le nom, « {in_body} » dans le contenu"),
        ))
    };
    if name.change_type != change_type {
        return mismatch("type", name.change_type.code(), change_type.code());
    }
    if name.user != user {
        return mismatch("utilisateur", &name.user, user);
    }
    if name.change_id != change_id {
        return mismatch("identifiant", &name.change_id, change_id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0P";
    const PROSPECT: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0Q";

    fn name() -> String {
        format!("VC_jdupont_{ID}.json")
    }

    fn vc(extra: &str) -> String {
        format!(
            r#"{{"spec":1,"type":"VC","change_id":"{ID}","user":"jdupont","device":"PC-1",
            "created_at":"2026-11-20T10:15:00+01:00","payload":{{"client_code":"C000101",
            "visit":{{"visit_date":"2026-11-20","visit_time":"10:00","comment":"ok","answers":{{}}}}{extra}}}}}"#
        )
    }

    fn reason(name: &str, bytes: &[u8]) -> RejectReason {
        parse_change_file(name, bytes, MAX_FILE_BYTES)
            .unwrap_err()
            .reason
    }

    #[test]
    fn a_valid_visit_parses() {
        let envelope = parse_change_file(&name(), vc("").as_bytes(), MAX_FILE_BYTES).unwrap();
        assert_eq!(envelope.change_type(), ChangeType::VC);
        assert_eq!(envelope.user, "jdupont");
    }

    #[test]
    fn each_reason_in_the_spec_order() {
        assert_eq!(reason("bad.json", vc("").as_bytes()), RejectReason::BadName);
        assert_eq!(
            parse_change_file(&name(), vc("").as_bytes(), 10)
                .unwrap_err()
                .reason,
            RejectReason::Oversized
        );
        assert_eq!(reason(&name(), b"{not json"), RejectReason::BadJson);
        assert_eq!(reason(&name(), b"[1, 2]"), RejectReason::BadJson);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(vc("").as_bytes());
        assert_eq!(reason(&name(), &bom), RejectReason::BadJson);
        assert_eq!(
            reason(
                &name(),
                vc("")
                    .replace("\"spec\":1", "\"spec\":2,\"extra\":0")
                    .as_bytes()
            ),
            RejectReason::UnsupportedSpec
        );
        assert_eq!(
            reason(&name(), vc(r#","color":"red""#).as_bytes()),
            RejectReason::Schema
        );
        assert_eq!(
            reason(
                &name(),
                vc("")
                    .replace("\"type\":\"VC\"", "\"type\":\"ZZ\"")
                    .as_bytes()
            ),
            RejectReason::UnknownType
        );
        assert_eq!(
            reason(&name(), vc("").replace("10:00", "25:00").as_bytes()),
            RejectReason::Schema
        );
        assert_eq!(
            reason(&format!("VC_mmartin_{ID}.json"), vc("").as_bytes()),
            RejectReason::NameMismatch
        );
        assert_eq!(
            reason(&format!("VP_jdupont_{ID}.json"), vc("").as_bytes()),
            RejectReason::NameMismatch
        );
    }

    #[test]
    fn structural_rules_serde_cannot_express() {
        let mc_empty = format!(
            r#"{{"spec":1,"type":"MC","change_id":"{ID}","user":"jdupont","device":"d",
            "created_at":"2026-11-20T10:15:00+01:00","payload":{{"client_code":"C1"}}}}"#
        );
        assert_eq!(
            reason(&format!("MC_jdupont_{ID}.json"), mc_empty.as_bytes()),
            RejectReason::Schema
        );
        let delete_with_fields = format!(
            r#"{{"spec":1,"type":"MP","change_id":"{ID}","user":"jdupont","device":"d",
            "created_at":"2026-11-20T10:15:00+01:00","payload":{{"prospect_id":"{PROSPECT}","op":"delete","fields":{{"ville_fac":"Lyon"}}}}}}"#
        );
        assert_eq!(
            reason(
                &format!("MP_jdupont_{ID}.json"),
                delete_with_fields.as_bytes()
            ),
            RejectReason::Schema
        );
        let bad_prospect = delete_with_fields.replace(PROSPECT, "nope");
        assert_eq!(
            reason(&format!("MP_jdupont_{ID}.json"), bad_prospect.as_bytes()),
            RejectReason::Schema
        );
    }

    #[test]
    fn times_are_checked() {
        for good in ["00:00", "09:05", "23:59"] {
            assert!(is_valid_time(good), "{good}");
        }
        for bad in ["24:00", "9:05", "09:60", "0905", "+9:05", "ab:cd"] {
            assert!(!is_valid_time(bad), "{bad}");
        }
    }
}
