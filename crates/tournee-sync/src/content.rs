//! The rules every text of a change file obeys, checked by the laptop before it writes
//! and by the server before it integrates (sync-spec section 3.1), so both refuse the
//! same files for the same reasons.
//!
//! Two rules from the core meet here: the text rule ([`tournee_core::check_text`]: no
//! invisible controls or bidirectional overrides anywhere, no line break outside the
//! multi-line texts, a maximum length) applied to every string of the envelope and its
//! payload, keys included; and the contact rule
//! ([`tournee_core::check_contacts`]) for the contacts a CP or MP carries.
//! Column lengths of profile fields stay the profile's business (checked at integration
//! against the server's profile); here a field value is only checked for its characters.

use std::collections::BTreeMap;

use tournee_core::{
    check_contacts, check_text, Answer, DomainError, TextKind, MAX_COMMENT_CHARS, MAX_LINE_CHARS,
};

use crate::envelope::{ChangeBody, Envelope, FieldValues, VisitReport};

/// No maximum beyond what the file's size limit and later checks impose.
const UNBOUNDED: u32 = u32::MAX;

/// Every problem with the texts of `envelope` (`Ok` = none), each naming its field: the
/// profile column (`nom_client`), `comment`, `contacts[0].phone`, `changes[1].old`…
pub fn check_content(envelope: &Envelope) -> Result<(), Vec<DomainError>> {
    let mut check = Collector::default();
    check.line("device", &envelope.device, MAX_LINE_CHARS);
    match &envelope.body {
        ChangeBody::VC(visit) => {
            check.line("client_code", &visit.client_code, MAX_LINE_CHARS);
            check.visit(&visit.visit);
        }
        ChangeBody::MC(change) => {
            check.line("client_code", &change.client_code, MAX_LINE_CHARS);
            for (i, field_change) in change.changes.iter().enumerate() {
                check.line(
                    &format!("changes[{i}].field"),
                    &field_change.field,
                    MAX_LINE_CHARS,
                );
                // What the rep saw comes from the ERP: it may hold a line break, but
                // nothing invisible.
                check.text(
                    &format!("changes[{i}].old"),
                    &field_change.old,
                    TextKind::MultiLine,
                    MAX_LINE_CHARS,
                );
                check.line(&field_change.field, &field_change.new, UNBOUNDED);
            }
            if let Some(fleet) = &change.fleet {
                for code in fleet.keys() {
                    check.line("fleet", code, MAX_LINE_CHARS);
                }
            }
        }
        ChangeBody::CP(creation) => {
            check.fields(&creation.fields);
            check.contacts(&creation.contacts);
        }
        ChangeBody::MP(change) => {
            check.fields(&change.fields);
            if let Some(contacts) = &change.contacts {
                check.contacts(contacts);
            }
        }
        ChangeBody::VP(visit) => check.visit(&visit.visit),
        ChangeBody::CC(request) => {
            check.fields(&request.fields);
            if let Some(signature) = &request.signature {
                check.line("signature", &signature.media_type, MAX_LINE_CHARS);
                check.line("signature", &signature.data_base64, UNBOUNDED);
            }
        }
        // A record change's texts obeyed the text rule when it was read
        // (`parse_record` checks every field); its keys are the entity's field names.
        ChangeBody::RC(_) => {}
    }
    if check.errors.is_empty() {
        Ok(())
    } else {
        Err(check.errors)
    }
}

/// Gathers every problem, one per field at most.
#[derive(Default)]
struct Collector {
    errors: Vec<DomainError>,
}

impl Collector {
    fn text(&mut self, field: &str, value: &str, kind: TextKind, max: u32) {
        if self.errors.iter().any(|e| e.field() == field) {
            return;
        }
        if let Err(error) = check_text(field, value, kind, max) {
            self.errors.push(error);
        }
    }

    fn line(&mut self, field: &str, value: &str, max: u32) {
        self.text(field, value, TextKind::SingleLine, max);
    }

    fn fields(&mut self, fields: &FieldValues) {
        for (name, value) in fields {
            self.line("fields", name, MAX_LINE_CHARS);
            if let Some(value) = value {
                self.line(name, value, UNBOUNDED);
            }
        }
    }

    fn visit(&mut self, visit: &VisitReport) {
        self.text(
            "comment",
            &visit.comment,
            TextKind::MultiLine,
            MAX_COMMENT_CHARS,
        );
        self.answers(&visit.answers);
    }

    fn answers(&mut self, answers: &BTreeMap<String, Answer>) {
        for (group, answer) in answers {
            self.line("answers", group, MAX_LINE_CHARS);
            let options: Vec<&String> = match answer {
                Answer::One(option) => vec![option],
                Answer::Many(options) => options.iter().collect(),
            };
            for option in options {
                self.line(group, option, MAX_LINE_CHARS);
            }
        }
    }

    fn contacts(&mut self, contacts: &[tournee_core::Contact]) {
        if let Err(found) = check_contacts(contacts) {
            self.errors.extend(found);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use tournee_core::Contact;

    use super::*;
    use crate::envelope::{ClientModification, ClientVisit, FieldChange, ProspectCreation};

    fn envelope(body: ChangeBody) -> Envelope {
        let now = DateTime::parse_from_rfc3339("2026-11-19T10:15:00+01:00").unwrap();
        Envelope::new("jdupont", "PC-1", now, body)
    }

    fn visit(comment: &str) -> ChangeBody {
        ChangeBody::VC(ClientVisit {
            client_code: "C000101".into(),
            visit: VisitReport {
                visit_date: "2026-11-19".parse().unwrap(),
                visit_time: "09:30".into(),
                comment: comment.into(),
                answers: BTreeMap::new(),
            },
        })
    }

    fn problems(body: ChangeBody) -> Vec<(String, &'static str)> {
        match check_content(&envelope(body)) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| (e.field().to_string(), e.code()))
                .collect(),
        }
    }

    #[test]
    fn a_comment_may_span_lines_but_holds_nothing_invisible_and_has_a_maximum() {
        assert!(problems(visit("Vu le gérant.\r\nDevis PL\tà faire.")).is_empty());
        assert_eq!(
            problems(visit("Vu\u{0} le gérant")),
            [("comment".to_string(), "forbidden_character")]
        );
        assert_eq!(
            problems(visit(&"x".repeat(4001))),
            [("comment".to_string(), "too_long")]
        );
        assert!(problems(visit(&"x".repeat(4000))).is_empty());
    }

    #[test]
    fn profile_values_stay_on_one_line_and_contacts_follow_their_rule() {
        let fields = FieldValues::from([
            ("nom_client".to_string(), Some("Garage\r\nRoux".to_string())),
            ("ville_fac".to_string(), Some("Lyon\u{202E}".to_string())),
            ("tel_1".to_string(), None),
        ]);
        let body = ChangeBody::CP(ProspectCreation {
            prospect_id: "01JDQ3W5ZK8M6T2V4X9B7C1N0Q".into(),
            fields,
            contacts: vec![Contact {
                name: "Paul".into(),
                role: String::new(),
                phone: "not a phone".into(),
                email: "not-an-email".into(),
            }],
        });
        assert_eq!(
            problems(body),
            [
                ("nom_client".to_string(), "line_break"),
                ("ville_fac".to_string(), "forbidden_character"),
                ("contacts[0].phone".to_string(), "invalid_phone"),
                ("contacts[0].email".to_string(), "invalid_email"),
            ]
        );
    }

    #[test]
    fn a_requested_value_is_named_by_its_column() {
        let body = ChangeBody::MC(ClientModification {
            client_code: "C000101".into(),
            changes: vec![FieldChange {
                field: "tel_1".into(),
                old: "04 78\n12 34 56".into(),
                new: "04 78 12 34 57\n".into(),
            }],
            revisit: None,
            fleet: None,
        });
        assert_eq!(problems(body), [("tel_1".to_string(), "line_break")]);
    }

    #[test]
    fn the_envelope_texts_are_checked_too() {
        let mut bad = envelope(visit(""));
        bad.device = "PC\u{1B}[31m".into();
        let errors = check_content(&bad).unwrap_err();
        assert_eq!(errors[0].field(), "device");
        let mut bad = envelope(visit(""));
        if let ChangeBody::VC(v) = &mut bad.body {
            v.visit
                .answers
                .insert("type_contact".into(), Answer::One("visite\u{2066}".into()));
        }
        assert_eq!(check_content(&bad).unwrap_err()[0].field(), "type_contact");
    }
}
