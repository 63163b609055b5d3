//! The fields of each record entity, and the rules they obey whatever the server holds.
//!
//! Every field is a [`Patch`]: a create sets what it knows, an update only what changed.
//! Lengths follow the ERP's columns where a value may end up there (annex 2: names and
//! address lines 35 characters), the text rule every typed text obeys otherwise.

use serde::{Deserialize, Serialize};
use tournee_core::{
    check_email, check_phone, check_siren, check_siret, check_text, check_vat, DomainError,
    Outcome, TextKind, MAX_COMMENT_CHARS, MAX_LINE_CHARS,
};

mod opportunity;

pub use opportunity::{OpportunityFields, MAX_OPPORTUNITY_CENTS};

use super::error::RecordError;
use super::patch::{Day, Patch};
use super::{RecordEntity, RecordOp};
use crate::name::{is_valid_ulid, is_valid_user};
use crate::parse::is_valid_time;

/// Longest name of a party or a person, and of an address line (annex 2's `nom_client`
/// and `adr1_fac` are 35 characters; a company name longer than that could not go to the ERP).
const NAME_CHARS: u32 = 35;
/// Longest postal code (French ones have 5 digits; foreign ones up to 10 characters).
const POSTAL_CODE_CHARS: u32 = 10;
/// Longest action type code (the admin's codes are short identifiers).
const CODE_CHARS: u32 = 32;
/// Longest todo text: a line to read on the dashboard, not a note.
const TODO_CHARS: u32 = 200;
/// Longest position of a person in a company, or author of a reply.
const TITLE_CHARS: u32 = 80;
/// Longest repetition of a todo, in days (a year).
const MAX_REPEAT_DAYS: u32 = 366;

/// Whether a party is a company with people in it (B2B) or a private person (B2C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// A company: `name` is its name; people are `person` records under it.
    Company,
    /// A private person: `name` is the last name, `first_name` the first.
    Person,
}

/// `party` fields: a company or a private person, with its contact details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyFields {
    /// B2B or B2C (mandatory at creation).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub kind: Patch<PartyKind>,
    /// Company name, or a person's last name (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub name: Patch<String>,
    /// A private person's first name.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub first_name: Patch<String>,
    /// SIRET (14 digits) or SIREN (9 digits), checked with their Luhn keys.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub siret: Patch<String>,
    /// Intra-community VAT number.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub vat: Patch<String>,
    /// Main phone number.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub phone: Patch<String>,
    /// Mobile phone number.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub mobile: Patch<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub email: Patch<String>,
    /// Address, first line.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub address1: Patch<String>,
    /// Address, second line.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub address2: Patch<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub postal_code: Patch<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub city: Patch<String>,
    /// Country (name or code, as typed).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub country: Patch<String>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub notes: Patch<String>,
    /// The user the party is assigned to (login); absent or cleared: unassigned.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub owner: Patch<String>,
    /// The campaign it came from (a `campaign` record id): the source of a lead.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub campaign: Patch<String>,
}

/// `person` fields: someone working in a company party.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonFields {
    /// The company party (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub party_id: Patch<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub first_name: Patch<String>,
    /// Last name (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub last_name: Patch<String>,
    /// Position in the company (« Responsable achats »…).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub position: Patch<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub phone: Patch<String>,
    /// Mobile phone number.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub mobile: Patch<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub email: Patch<String>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub notes: Patch<String>,
}

/// `action` fields: something done about a party.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionFields {
    /// The party (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub party_id: Patch<String>,
    /// The person of the company concerned, if any.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub person_id: Patch<String>,
    /// The action type's code, as the admin defined it (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub action_type: Patch<String>,
    /// Day of the action (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub date: Patch<Day>,
    /// Time of the action, `HH:MM`.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub time: Patch<String>,
    /// What happened, at any length up to a visit comment's.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub comment: Patch<String>,
    /// How it turned out, as far as the lifecycle cares.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub outcome: Patch<Outcome>,
    /// The opportunity a call (or any action) is about, if any (a record id).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub opportunity: Patch<String>,
}

/// `action_reply` fields: an answer under an action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyFields {
    /// The action answered (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub action_id: Patch<String>,
    /// Who answered (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub author: Patch<String>,
    /// When (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub date: Patch<Day>,
    /// What they said (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub text: Patch<String>,
}

/// `todo` fields: something to do by a date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TodoFields {
    /// What to do, one line (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub text: Patch<String>,
    /// By when (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub due: Patch<Day>,
    /// The party it is about, if any.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub party_id: Patch<String>,
    /// Comes back this many days after it is done (the brief's automatic reminders).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub repeat_days: Patch<u32>,
    /// The day it was done; cleared: open again.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub done_on: Patch<Day>,
}

impl PartyFields {
    pub(super) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.plain("kind", &self.kind, Need::Mandatory);
        rules.line("name", &self.name, Need::Mandatory, NAME_CHARS);
        rules.line("first_name", &self.first_name, Need::Optional, NAME_CHARS);
        rules.checked("siret", &self.siret, check_siret_or_siren);
        rules.checked("vat", &self.vat, |f, v| check_vat(f, v).map(drop));
        rules.checked("phone", &self.phone, |f, v| check_phone(f, v).map(drop));
        rules.checked("mobile", &self.mobile, |f, v| check_phone(f, v).map(drop));
        rules.checked("email", &self.email, check_email);
        rules.line("address1", &self.address1, Need::Optional, NAME_CHARS);
        rules.line("address2", &self.address2, Need::Optional, NAME_CHARS);
        rules.line(
            "postal_code",
            &self.postal_code,
            Need::Optional,
            POSTAL_CODE_CHARS,
        );
        rules.line("city", &self.city, Need::Optional, NAME_CHARS);
        rules.line("country", &self.country, Need::Optional, NAME_CHARS);
        rules.notes("notes", &self.notes);
        rules.user("owner", &self.owner);
        rules.id("campaign", &self.campaign, Need::Optional);
        rules
    }
}

impl PersonFields {
    pub(super) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.id("party_id", &self.party_id, Need::Mandatory);
        rules.line("first_name", &self.first_name, Need::Optional, NAME_CHARS);
        rules.line("last_name", &self.last_name, Need::Mandatory, NAME_CHARS);
        rules.line("position", &self.position, Need::Optional, TITLE_CHARS);
        rules.checked("phone", &self.phone, |f, v| check_phone(f, v).map(drop));
        rules.checked("mobile", &self.mobile, |f, v| check_phone(f, v).map(drop));
        rules.checked("email", &self.email, check_email);
        rules.notes("notes", &self.notes);
        rules
    }
}

impl ActionFields {
    pub(super) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.id("party_id", &self.party_id, Need::Mandatory);
        rules.id("person_id", &self.person_id, Need::Optional);
        rules.line(
            "action_type",
            &self.action_type,
            Need::Mandatory,
            CODE_CHARS,
        );
        rules.plain("date", &self.date, Need::Mandatory);
        rules.checked("time", &self.time, |field, value| {
            if is_valid_time(value) {
                Ok(())
            } else {
                Err(DomainError::InvalidTime {
                    field: field.into(),
                })
            }
        });
        rules.notes("comment", &self.comment);
        rules.plain("outcome", &self.outcome, Need::Optional);
        rules.id("opportunity", &self.opportunity, Need::Optional);
        rules
    }
}

impl ReplyFields {
    pub(super) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.id("action_id", &self.action_id, Need::Mandatory);
        rules.line("author", &self.author, Need::Mandatory, TITLE_CHARS);
        rules.plain("date", &self.date, Need::Mandatory);
        rules.note("text", &self.text, Need::Mandatory);
        rules
    }
}

impl TodoFields {
    pub(super) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.line("text", &self.text, Need::Mandatory, TODO_CHARS);
        rules.plain("due", &self.due, Need::Mandatory);
        rules.id("party_id", &self.party_id, Need::Optional);
        rules.checked_value("repeat_days", &self.repeat_days, |field, days| {
            if (1..=MAX_REPEAT_DAYS).contains(days) {
                Ok(())
            } else {
                Err(DomainError::InvalidFormat {
                    field: field.into(),
                    expected: format!("un nombre de jours de 1 à {MAX_REPEAT_DAYS}"),
                })
            }
        });
        rules.plain("done_on", &self.done_on, Need::Optional);
        rules
    }
}

/// A SIRET of 14 digits or a SIREN of 9, each with its key.
fn check_siret_or_siren(field: &str, value: &str) -> Result<(), DomainError> {
    let digits = value.chars().filter(|c| !c.is_whitespace()).count();
    if digits == 9 {
        check_siren(field, value).map(drop)
    } else {
        check_siret(field, value).map(drop)
    }
}

/// Whether a creation must carry the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    Mandatory,
    Optional,
}

/// Where a field stands in one record change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unchanged,
    Cleared,
    Set,
}

impl State {
    fn of<T>(patch: &Patch<T>) -> Self {
        match patch {
            Patch::Unchanged => Self::Unchanged,
            Patch::Cleared => Self::Cleared,
            Patch::Set(_) => Self::Set,
        }
    }
}

/// One field's state, whether it is mandatory and what its value breaks, if anything.
struct Entry {
    field: &'static str,
    state: State,
    need: Need,
    problem: Option<DomainError>,
}

/// The rules of one record change's fields, collected field by field, then checked
/// against the operation in [`Rules::check`].
#[derive(Default)]
pub(super) struct Rules {
    entries: Vec<Entry>,
}

impl Rules {
    fn push<T>(
        &mut self,
        field: &'static str,
        patch: &Patch<T>,
        need: Need,
        problem: Option<DomainError>,
    ) {
        self.entries.push(Entry {
            field,
            state: State::of(patch),
            need,
            problem,
        });
    }

    /// A field whose type says everything (an enum, a date).
    pub(super) fn plain<T>(&mut self, field: &'static str, patch: &Patch<T>, need: Need) {
        self.push(field, patch, need, None);
    }

    /// One line of text, at most `max_chars`; an empty text counts as absent.
    pub(super) fn line(
        &mut self,
        field: &'static str,
        patch: &Patch<String>,
        need: Need,
        max_chars: u32,
    ) {
        let problem = patch
            .value()
            .and_then(|v| check_text(field, v, TextKind::SingleLine, max_chars).err())
            .or_else(|| blank_mandatory(field, patch, need));
        self.push(field, patch, need, problem);
    }

    /// Several lines of text, at most a visit comment's length.
    fn note(&mut self, field: &'static str, patch: &Patch<String>, need: Need) {
        let problem = patch
            .value()
            .and_then(|v| check_text(field, v, TextKind::MultiLine, MAX_COMMENT_CHARS).err())
            .or_else(|| blank_mandatory(field, patch, need));
        self.push(field, patch, need, problem);
    }

    /// Optional free notes.
    fn notes(&mut self, field: &'static str, patch: &Patch<String>) {
        self.note(field, patch, Need::Optional);
    }

    /// An optional value checked by one of the domain's rules (phone, e-mail, SIRET…),
    /// after the text rule.
    fn checked(
        &mut self,
        field: &'static str,
        patch: &Patch<String>,
        rule: impl Fn(&str, &str) -> Result<(), DomainError>,
    ) {
        let problem = patch.value().and_then(|v| {
            check_text(field, v, TextKind::SingleLine, MAX_LINE_CHARS)
                .and_then(|()| rule(field, v))
                .err()
        });
        self.push(field, patch, Need::Optional, problem);
    }

    /// An optional non-text value checked by `rule`.
    fn checked_value<T>(
        &mut self,
        field: &'static str,
        patch: &Patch<T>,
        rule: impl Fn(&str, &T) -> Result<(), DomainError>,
    ) {
        let problem = patch.value().and_then(|v| rule(field, v).err());
        self.push(field, patch, Need::Optional, problem);
    }

    /// A non-text value checked by `rule`, mandatory or not.
    pub(super) fn checked_value_need<T>(
        &mut self,
        field: &'static str,
        patch: &Patch<T>,
        need: Need,
        rule: impl Fn(&str, &T) -> Result<(), DomainError>,
    ) {
        let problem = patch.value().and_then(|v| rule(field, v).err());
        self.push(field, patch, need, problem);
    }

    /// The id of another record: an upper-case ULID.
    pub(super) fn id(&mut self, field: &'static str, patch: &Patch<String>, need: Need) {
        let problem =
            patch
                .value()
                .filter(|v| !is_valid_ulid(v))
                .map(|_| DomainError::InvalidFormat {
                    field: field.into(),
                    expected: "un identifiant ULID (26 caractères en majuscules)".into(),
                });
        self.push(field, patch, need, problem);
    }

    /// A user's login, as in file names and the user mapping.
    fn user(&mut self, field: &'static str, patch: &Patch<String>) {
        let problem =
            patch
                .value()
                .filter(|v| !is_valid_user(v))
                .map(|_| DomainError::InvalidFormat {
                    field: field.into(),
                    expected: "un identifiant d'utilisateur".into(),
                });
        self.push(field, patch, Need::Optional, problem);
    }

    /// Checks the collected fields for `op`: what a create must carry, what an update may
    /// not clear, that an update changes something, then each value's own rule.
    pub(super) fn check(self, entity: RecordEntity, op: RecordOp) -> Result<(), RecordError> {
        match op {
            RecordOp::Delete => return Ok(()),
            RecordOp::Create => {
                if let Some(entry) = self
                    .entries
                    .iter()
                    .find(|e| e.need == Need::Mandatory && e.state != State::Set)
                {
                    return Err(RecordError::Missing {
                        entity,
                        field: entry.field,
                    });
                }
            }
            RecordOp::Update => {
                if self.entries.iter().all(|e| e.state == State::Unchanged) {
                    return Err(RecordError::EmptyUpdate { entity });
                }
                if let Some(entry) = self
                    .entries
                    .iter()
                    .find(|e| e.need == Need::Mandatory && e.state == State::Cleared)
                {
                    return Err(RecordError::Cleared {
                        entity,
                        field: entry.field,
                    });
                }
            }
        }
        match self.entries.into_iter().find_map(|e| e.problem) {
            Some(problem) => Err(RecordError::Invalid(problem)),
            None => Ok(()),
        }
    }
}

/// A mandatory text set to blanks is as missing as an absent one.
fn blank_mandatory(field: &str, patch: &Patch<String>, need: Need) -> Option<DomainError> {
    let blank = patch.value().is_some_and(|v| v.trim().is_empty());
    (need == Need::Mandatory && blank).then(|| DomainError::Missing {
        field: field.into(),
    })
}

// Campaigns and meetings (issue 15): a child module, so that it shares `Rules`.
#[path = "fields_meet.rs"]
mod meet;
pub use meet::{CampaignFields, MeetingFields, MeetingStatus, MAX_CAMPAIGN_COST_CENTS};
