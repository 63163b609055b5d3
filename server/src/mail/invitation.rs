//! A meeting's invitation (issue 15): a mail with a plain-text part people read and a
//! `text/calendar` part (RFC 5545 / iTIP RFC 5546) their calendar reads: `METHOD:REQUEST`
//! while the meeting is planned, `CANCEL` once it is cancelled or deleted, `UID` the
//! meeting's id, `SEQUENCE` rising with each change (the store numbers them,
//! `meeting_mail`). Times travel in UTC (`…Z`); the text part shows them in the server's
//! time zone (Europe/Paris in France), as the back office does.

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use serde_json::Value;
use tournee_core::Lang;
use tournee_store::Parameters;

use super::render::RenderError;
use crate::office::html::moment_of;
use crate::sentences::Sentence;

/// The mails' language: the reps read French.
const MAILS: Lang = Lang::Fr;

/// The values of a `meeting_invitation` notification, read from its payload.
struct Invitation<'a> {
    meeting_id: &'a str,
    sequence: i64,
    cancel: bool,
    subject: &'a str,
    place: &'a str,
    notes: &'a str,
    party: &'a str,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    stamp: DateTime<Utc>,
    organiser_email: Option<&'a str>,
    organiser_name: &'a str,
    attendee_email: &'a str,
    attendee_name: &'a str,
}

fn text<'a>(payload: &'a Value, key: &'static str) -> Result<&'a str, RenderError> {
    payload
        .get(key)
        .and_then(Value::as_str)
        .ok_or(RenderError::MissingValue(key))
}

fn optional<'a>(payload: &'a Value, key: &str) -> &'a str {
    payload.get(key).and_then(Value::as_str).unwrap_or("")
}

fn instant(payload: &Value, key: &'static str) -> Result<DateTime<Utc>, RenderError> {
    DateTime::parse_from_rfc3339(text(payload, key)?)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| RenderError::MissingValue(key))
}

impl<'a> Invitation<'a> {
    fn read(payload: &'a Value) -> Result<Self, RenderError> {
        Ok(Self {
            meeting_id: text(payload, "meeting_id")?,
            sequence: payload
                .get("sequence")
                .and_then(Value::as_i64)
                .ok_or(RenderError::MissingValue("sequence"))?,
            cancel: text(payload, "method")? == "CANCEL",
            subject: text(payload, "subject")?,
            place: optional(payload, "place"),
            notes: optional(payload, "notes"),
            party: optional(payload, "party_name"),
            starts: instant(payload, "starts_at")?,
            ends: instant(payload, "ends_at")?,
            stamp: instant(payload, "stamp")?,
            organiser_email: payload.get("organiser_email").and_then(Value::as_str),
            organiser_name: text(payload, "organiser_name")?,
            attendee_email: text(payload, "attendee_email")?,
            attendee_name: text(payload, "attendee_name")?,
        })
    }

    fn method(&self) -> &'static str {
        if self.cancel {
            "CANCEL"
        } else {
            "REQUEST"
        }
    }

    /// The iCalendar object, lines folded at 75 octets and ended by CRLF (RFC 5545 §3.1).
    fn calendar(&self, system_sender: &str) -> String {
        let organiser = self.organiser_email.unwrap_or(system_sender);
        let status = if self.cancel {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        let lines = [
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".to_string(),
            "PRODID:-//Tournee//CRM//FR".to_string(),
            "CALSCALE:GREGORIAN".to_string(),
            format!("METHOD:{}", self.method()),
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", self.meeting_id),
            format!("SEQUENCE:{}", self.sequence),
            format!("DTSTAMP:{}", ical_time(self.stamp)),
            format!("DTSTART:{}", ical_time(self.starts)),
            format!("DTEND:{}", ical_time(self.ends)),
            format!("SUMMARY:{}", escape(self.subject)),
            format!("LOCATION:{}", escape(self.place)),
            format!("DESCRIPTION:{}", escape(self.notes)),
            format!("STATUS:{status}"),
            format!(
                "ORGANIZER;CN={}:mailto:{organiser}",
                parameter(self.organiser_name)
            ),
            format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
                parameter(self.attendee_name),
                self.attendee_email
            ),
            "END:VEVENT".to_string(),
            "END:VCALENDAR".to_string(),
        ];
        lines.iter().map(|line| fold(line)).collect()
    }

    fn subject_line(&self) -> String {
        let when = moment_of(self.starts);
        let sentence = match (self.cancel, self.sequence) {
            (true, _) => Sentence::MailMeetingCancelledSubject,
            (false, 0) => Sentence::MailMeetingSubject,
            (false, _) => Sentence::MailMeetingUpdatedSubject,
        };
        sentence.say(MAILS, &[("subject", self.subject), ("when", &when)])
    }

    fn body(&self) -> String {
        let when = moment_of(self.starts);
        if self.cancel {
            return Sentence::MailMeetingCancelledBody.say(
                MAILS,
                &[
                    ("organiser", self.organiser_name),
                    ("party", self.party),
                    ("when", &when),
                ],
            );
        }
        Sentence::MailMeetingBody.say(
            MAILS,
            &[
                ("organiser", self.organiser_name),
                ("party", self.party),
                ("when", &when),
                ("until", &moment_of(self.ends)),
                ("place", self.place),
                ("notes", self.notes),
            ],
        )
    }
}

/// Why an invitation could not be made into a message. `Display` is the English line the
/// mail queue logs.
#[derive(Debug, thiserror::Error)]
pub enum InvitationError {
    /// The stored payload lacks a value.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// An address does not parse.
    #[error("invalid address {0:?}")]
    Address(String),
    /// lettre refused the message.
    #[error("invalid message: {0}")]
    Message(#[from] lettre::error::Error),
}

fn mailbox(name: &str, address: &str) -> Result<Mailbox, InvitationError> {
    address
        .parse()
        .map(|address| Mailbox::new(Some(name.to_string()), address))
        .map_err(|_| InvitationError::Address(address.to_string()))
}

/// The invitation mail of notification `id`: `From:` the organiser (the system sender when
/// they have no address), `Sender:` the server, `To:` the attendee; a `multipart/alternative`
/// of the text and the `text/calendar; method=…` part, and a `Message-ID` derived from the
/// notification so a resent mail is recognisable.
pub fn invitation_message(
    id: i64,
    payload: &Value,
    params: &Parameters,
    sender: &str,
) -> Result<Message, InvitationError> {
    let invitation = Invitation::read(payload)?;
    let from = invitation
        .organiser_email
        .unwrap_or(params.system_sender.as_str());
    let calendar_type = ContentType::parse(&format!(
        "text/calendar; method={}; charset=utf-8",
        invitation.method()
    ))
    .map_err(|_| InvitationError::Address(invitation.method().to_string()))?;
    let parts = MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(invitation.body()),
        )
        .singlepart(
            SinglePart::builder()
                .header(calendar_type)
                .body(invitation.calendar(&params.system_sender)),
        );
    Ok(Message::builder()
        .from(mailbox(invitation.organiser_name, from)?)
        .sender(mailbox("Tournée", sender)?)
        .to(mailbox(
            invitation.attendee_name,
            invitation.attendee_email,
        )?)
        .subject(invitation.subject_line())
        .message_id(Some(format!("<notification-{id}@tournee>")))
        .multipart(parts)?)
}

/// An instant as iCalendar's UTC form: `20270212T090000Z`.
fn ical_time(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value escaped (RFC 5545 §3.3.11): backslash, `;`, `,` and new lines.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (`CN=`), quoted, without the characters a quoted value cannot hold.
fn parameter(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    format!("\"{clean}\"")
}

/// One content line folded at 75 octets, never inside a UTF-8 character, ended by CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_cutting_a_character() {
        let line = format!("DESCRIPTION:{}", "é".repeat(80));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{part:?} is {} octets", part.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), line);
    }

    #[test]
    fn text_values_escape_what_ical_reserves() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(parameter("Luc \"Le\" Grand"), "\"Luc Le Grand\"");
    }
}
