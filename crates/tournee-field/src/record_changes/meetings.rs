//! Campaigns, business cards, calls and meetings written on the laptop (issue 15, brief
//! 002): a campaign created, a card typed under it in « Saisie rapide » (a lead whose
//! `campaign` names it), a call logged on a party anyone may read (an action of the call
//! type, optionally about one of the party's opportunities), a meeting planned for oneself
//! or a colleague. Each is one or two `RC` changes through the one write path
//! ([`RecordWriter::write`]), read back first by the contract's reader and checked
//! against what the snapshot knows (the campaign, the party's opportunities, the user
//! directory), so a refusal names its field on the field, not after a sync.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::Value;
use tournee_core::{action_type, DomainError, Outcome, CALL_TYPE};
use tournee_sync::{RecordEntity, RecordOp, MAX_CAMPAIGN_COST_CENTS};

use super::{change, clean, day, input_keys, new_id, party_fields, Fields, RecordWriter};
use crate::changes::parse_day;
use crate::dto::{
    CallInput, CampaignInput, DuplicateMatchView, LeadCardInput, MeetingInput, PartyInput,
    PartyKindDto, PendingSubject, RecordWritten, MEETING_DURATIONS,
};
use crate::error::{AppRule, FieldError, Result};
use crate::local::LocalDb;
use crate::record_views::{person_keys, PersonRow};
use crate::{meet_views, opportunities, snapshot};

fn not_offered(field: &str, value: impl Into<String>) -> FieldError {
    FieldError::app_rule(AppRule::UnknownChoice {
        field: field.into(),
        value: value.into(),
    })
}

/// The card's party as a party's form would have it: the company, or the private person
/// when no company is written (the person's phone and e-mail then are the party's).
fn card_party(input: &LeadCardInput, company: Option<&str>) -> PartyInput {
    let (kind, name, first_name) = match company {
        Some(company) => (PartyKindDto::Company, company.to_string(), None),
        None => (
            PartyKindDto::Person,
            clean(input.last_name.as_deref()).unwrap_or_default(),
            input.first_name.clone(),
        ),
    };
    let on_party = company.is_none() || clean(input.last_name.as_deref()).is_none();
    let contact = |value: &Option<String>| if on_party { value.clone() } else { None };
    PartyInput {
        kind,
        name,
        first_name,
        siret: None,
        vat: None,
        phone: contact(&input.phone),
        mobile: None,
        email: contact(&input.email),
        address1: None,
        address2: None,
        postal_code: None,
        city: None,
        country: None,
        notes: input.notes.clone(),
    }
}

impl RecordWriter<'_> {
    /// A new campaign (brief 002: the trade show « encodé en tant que campagne »).
    pub fn create_campaign(
        &self,
        local: &mut LocalDb,
        input: &CampaignInput,
    ) -> Result<RecordWritten> {
        let starts = parse_day("starts_on", &input.starts_on).map_err(FieldError::rule)?;
        let mut fields = Fields::default()
            .set("name", Some(&input.name))
            .value("starts_on", day(starts))
            .set("place", input.place.as_deref())
            .set("notes", input.notes.as_deref());
        if let Some(ends) = clean(input.ends_on.as_deref()) {
            let ends = parse_day("ends_on", &ends).map_err(FieldError::rule)?;
            fields = fields.value("ends_on", day(ends));
        }
        if let Some(cents) = input.cost_cents {
            let cents = u32::try_from(cents)
                .ok()
                .filter(|c| *c <= MAX_CAMPAIGN_COST_CENTS)
                .ok_or_else(|| {
                    FieldError::rule(DomainError::InvalidFormat {
                        field: "cost_cents".into(),
                        expected: "0 à 10 000 000 € / 0 to 10,000,000 €".into(),
                    })
                })?;
            fields = fields.value("cost_cents", cents);
        }
        let id = new_id();
        let created = change(RecordEntity::Campaign, RecordOp::Create, &id, fields)?;
        let what = PendingSubject::CampaignCreated {
            name: input.name.trim().to_string(),
        };
        // The mark hangs on the campaign itself: it is about no party.
        self.write(local, created, &id, what)?;
        Ok(self.written(id))
    }

    /// One business card under a campaign: a lead (the company, with the person on the
    /// card; or the private person) whose `campaign` names it. Refused with its
    /// look-alikes unless `allow_duplicates` (several reps type the same stand's cards).
    /// A refusal of the party's `name` is the form's `company` (or `last_name` for a
    /// private person): the window points at the field typed.
    pub fn add_lead_card(
        &self,
        local: &mut LocalDb,
        input: &LeadCardInput,
    ) -> Result<RecordWritten> {
        if meet_views::campaign(self.reader, &input.campaign_id)?.is_none() {
            return Err(not_offered("campaign_id", input.campaign_id.as_str()));
        }
        let company = clean(input.company.as_deref());
        let last_name = clean(input.last_name.as_deref());
        if company.is_none() && last_name.is_none() {
            return Err(FieldError::rule(DomainError::Missing {
                field: "company".into(),
            }));
        }
        if company.is_some() && last_name.is_none() && clean(input.first_name.as_deref()).is_some()
        {
            return Err(FieldError::rule(DomainError::Missing {
                field: "last_name".into(),
            }));
        }
        let party = card_party(input, company.as_deref());
        let id = new_id();
        let fields = party_fields(&party, None).value("campaign", input.campaign_id.as_str());
        let created = change(RecordEntity::Party, RecordOp::Create, &id, fields)?;
        let person = match (&company, &last_name) {
            (Some(_), Some(last)) => {
                let fields = Fields::default()
                    .value("party_id", id.as_str())
                    .set("first_name", input.first_name.as_deref())
                    .value("last_name", last.as_str())
                    .set("phone", input.phone.as_deref())
                    .set("email", input.email.as_deref());
                Some(change(
                    RecordEntity::Person,
                    RecordOp::Create,
                    &new_id(),
                    fields,
                )?)
            }
            _ => None,
        };
        if !input.allow_duplicates {
            let matches = self.card_duplicates(input, &party)?;
            if !matches.is_empty() {
                return Err(FieldError::Duplicates(matches));
            }
        }
        let name = match (&company, &last_name) {
            (Some(company), _) => company.clone(),
            (None, Some(last)) => match clean(input.first_name.as_deref()) {
                Some(first) => format!("{last} {first}"),
                None => last.clone(),
            },
            (None, None) => String::new(),
        };
        self.write(
            local,
            created,
            &id,
            PendingSubject::PartyCreated { name: name.clone() },
        )?;
        if let Some(person) = person {
            let what = PendingSubject::PersonCreated {
                company: name,
                name: super::display(
                    last_name.as_deref().unwrap_or_default(),
                    input.first_name.as_deref(),
                ),
            };
            self.write(local, person, &id, what)?;
        }
        Ok(self.written(id))
    }

    /// The parties and people a card looks like: by the party's keys, and by the
    /// person's (phone, e-mail, name) when the card has a company.
    fn card_duplicates(
        &self,
        input: &LeadCardInput,
        party: &PartyInput,
    ) -> Result<Vec<DuplicateMatchView>> {
        let mut matches = self.reader.duplicates(&input_keys(party), None)?;
        if party.kind == PartyKindDto::Company {
            if let Some(last_name) = clean(input.last_name.as_deref()) {
                let typed = PersonRow {
                    first_name: clean(input.first_name.as_deref()),
                    last_name,
                    phone: clean(input.phone.as_deref()),
                    email: clean(input.email.as_deref()),
                    ..PersonRow::default()
                };
                for found in self.reader.duplicates(&person_keys(&typed, None), None)? {
                    if !matches.iter().any(|m| m.id == found.id) {
                        matches.push(found);
                    }
                }
            }
        }
        Ok(matches)
    }

    /// The opportunity named, which must be one of party `party_id`'s.
    fn party_opportunity(&self, party_id: &str, named: Option<&str>) -> Result<Option<String>> {
        let Some(id) = clean(named) else {
            return Ok(None);
        };
        match opportunities::one(self.reader, &id)? {
            Some(found) if found.row.party_id == party_id => Ok(Some(id)),
            _ => Err(not_offered("opportunity", id)),
        }
    }

    /// A call on a party: an action of the call type, by anyone who reads the party
    /// (docs/policy.md « Calls »), optionally about one of its opportunities.
    pub fn log_call(&self, local: &mut LocalDb, input: &CallInput) -> Result<RecordWritten> {
        let party = self.party(&input.party_id)?;
        let kind = action_type(&self.parameters.action_types, CALL_TYPE)
            .filter(|t| t.active)
            .ok_or_else(|| {
                FieldError::app_rule(AppRule::UnknownActionType {
                    field: "action_type".into(),
                    code: CALL_TYPE.into(),
                })
            })?;
        if kind.needs_outcome && input.outcome.is_none() {
            return Err(FieldError::rule(DomainError::Missing {
                field: "outcome".into(),
            }));
        }
        let opportunity = self.party_opportunity(&input.party_id, input.opportunity.as_deref())?;
        let date = parse_day("date", &input.date).map_err(FieldError::rule)?;
        let mut fields = Fields::default()
            .value("party_id", input.party_id.as_str())
            .value("action_type", CALL_TYPE)
            .value("date", day(date))
            .set("time", input.time.as_deref())
            .set("comment", input.comment.as_deref())
            .set("opportunity", opportunity.as_deref());
        if let Some(outcome) = input.outcome {
            let outcome: Outcome = outcome.into();
            let value = serde_json::to_value(outcome).map_err(|source| FieldError::Json {
                what: "outcome".into(),
                source,
            })?;
            fields = fields.value("outcome", value);
        }
        let id = new_id();
        let created = change(RecordEntity::Action, RecordOp::Create, &id, fields)?;
        let what = PendingSubject::ActionLogged {
            action_type: kind.label.clone(),
            party: party.display_name(),
        };
        self.write(local, created, &input.party_id, what)?;
        Ok(self.written(id))
    }

    /// A meeting with a party for oneself or a colleague of the user directory, starting
    /// after now (the calendar's meetings are to come, unlike visits), lasting one of the
    /// form's durations; the server mails the attendee its invitation.
    pub fn plan_meeting(&self, local: &mut LocalDb, input: &MeetingInput) -> Result<RecordWritten> {
        let party = self.party(&input.party_id)?;
        let opportunity = self.party_opportunity(&input.party_id, input.opportunity.as_deref())?;
        let attendee = input.attendee.trim();
        let known = snapshot::users(self.reader.conn)?
            .iter()
            .any(|u| u.windows_user == attendee);
        if !known {
            return Err(not_offered("attendee", attendee));
        }
        let starts = DateTime::parse_from_rfc3339(input.starts_at.trim())
            .map_err(|_| {
                FieldError::rule(DomainError::InvalidFormat {
                    field: "starts_at".into(),
                    expected: "AAAA-MM-JJTHH:MM:SSZ".into(),
                })
            })?
            .with_timezone(&Utc);
        if starts <= self.author.now.with_timezone(&Utc) {
            return Err(FieldError::app_rule(AppRule::DateInPast {
                field: "starts_at".into(),
            }));
        }
        if !MEETING_DURATIONS.contains(&input.duration_minutes) {
            return Err(not_offered(
                "duration_minutes",
                input.duration_minutes.to_string(),
            ));
        }
        let ends = starts + Duration::minutes(i64::from(input.duration_minutes));
        let instant =
            |at: DateTime<Utc>| Value::from(at.to_rfc3339_opts(SecondsFormat::Secs, true));
        let fields = Fields::default()
            .value("party_id", input.party_id.as_str())
            .set("opportunity", opportunity.as_deref())
            .value("attendee", attendee)
            .set("place", input.place.as_deref())
            .value("starts_at", instant(starts))
            .value("ends_at", instant(ends))
            .set("subject", Some(&input.subject))
            .set("notes", input.notes.as_deref());
        let id = new_id();
        let created = change(RecordEntity::Meeting, RecordOp::Create, &id, fields)?;
        let what = PendingSubject::MeetingPlanned {
            subject: input.subject.trim().to_string(),
            party: party.display_name(),
            attendee: attendee.to_string(),
        };
        self.write(local, created, &input.party_id, what)?;
        Ok(self.written(id))
    }
}
