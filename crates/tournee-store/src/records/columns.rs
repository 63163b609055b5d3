//! A record change's fields as the SQL values of its table's columns, read from the typed
//! fields themselves: no JSON payload built and read again. Bulk creations (the contacts
//! import, 100,000 lines; the full demo) spent about a quarter of their time on that round
//! trip (docs/benchmarks.md, « Contacts: CSV import and export »).
//!
//! The values are the ones [`super::written_fields`] gives through the payload (a test
//! compares both for every field of every entity): text as text, a day as `YYYY-MM-DD`,
//! an enum as its wire code, a count as an integer, a cleared field as NULL.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use tournee_core::opportunity::OpportunityStatus;
use tournee_core::Outcome;
use tournee_sync::OpportunityFields;
use tournee_sync::QuoteFields;
use tournee_sync::SegmentFields;
use tournee_sync::{
    ActionFields, PartyFields, PartyKind, Patch, PersonFields, RecordFields, ReplyFields,
    TodoFields,
};
use tournee_sync::{CampaignFields, MeetingFields, MeetingStatus};

use super::table::Table;
use crate::error::StoreError;

/// One column of a change: `None` when the change leaves it out, else its value (NULL
/// for a cleared field). Aligned with [`Table::columns`].
pub(super) type Cells = Vec<Option<SqlValue>>;

/// A field's value as stored.
trait Cell {
    fn sql(&self) -> SqlValue;
}

impl Cell for String {
    fn sql(&self) -> SqlValue {
        SqlValue::Text(self.clone())
    }
}

impl Cell for u32 {
    fn sql(&self) -> SqlValue {
        SqlValue::Integer(i64::from(*self))
    }
}

impl Cell for i64 {
    fn sql(&self) -> SqlValue {
        SqlValue::Integer(*self)
    }
}

impl Cell for OpportunityStatus {
    fn sql(&self) -> SqlValue {
        SqlValue::Text(self.code().into())
    }
}

impl Cell for PartyKind {
    fn sql(&self) -> SqlValue {
        // The wire codes (`#[serde(rename_all = "snake_case")]`).
        SqlValue::Text(
            match self {
                PartyKind::Company => "company",
                PartyKind::Person => "person",
            }
            .into(),
        )
    }
}

impl Cell for Outcome {
    fn sql(&self) -> SqlValue {
        // The wire codes (`#[serde(rename_all = "snake_case")]`).
        SqlValue::Text(
            match self {
                Outcome::WrongContactDetails => "wrong_contact_details",
                Outcome::FormalRefusal => "formal_refusal",
                Outcome::NoAnswer => "no_answer",
                Outcome::Neutral => "neutral",
                Outcome::Positive => "positive",
            }
            .into(),
        )
    }
}

impl Cell for MeetingStatus {
    fn sql(&self) -> SqlValue {
        // The wire codes (`#[serde(rename_all = "snake_case")]`).
        SqlValue::Text(
            match self {
                MeetingStatus::Planned => "planned",
                MeetingStatus::Cancelled => "cancelled",
            }
            .into(),
        )
    }
}

/// Puts each field of a change in its column's place.
struct Row {
    table: &'static Table,
    cells: Cells,
    unmapped: Option<&'static str>,
}

impl Row {
    fn new(table: &'static Table) -> Self {
        Self {
            table,
            cells: vec![None; table.columns.len()],
            unmapped: None,
        }
    }

    fn put<T: Cell>(&mut self, field: &'static str, patch: &Patch<T>) {
        self.put_by(field, patch, T::sql);
    }

    /// A day, `YYYY-MM-DD` as its serde form (`tournee_sync`'s day type is not named
    /// outside its crate, only its date is reachable).
    fn put_day<D>(
        &mut self,
        field: &'static str,
        patch: &Patch<D>,
        date: impl Fn(&D) -> NaiveDate,
    ) {
        self.put_by(field, patch, |day| {
            SqlValue::Text(date(day).format("%Y-%m-%d").to_string())
        });
    }

    /// A value stored as its wire JSON (lines, signature, a timestamp, an enum): the very
    /// text [`super::sql_value`] makes of the payload's value.
    fn put_json<T: serde::Serialize>(&mut self, field: &'static str, patch: &Patch<T>) {
        self.put_by(field, patch, |value| {
            // Invariant: quote lines, signatures, statuses, timestamps, segment members
            // and criteria are plain structs, strings and integers, which serde_json
            // always represents.
            let json = serde_json::to_value(value).expect("quote fields always serialise");
            super::sql_value(&json)
        });
    }

    fn put_by<T>(&mut self, field: &'static str, patch: &Patch<T>, sql: impl Fn(&T) -> SqlValue) {
        let value = match patch {
            Patch::Unchanged => return,
            Patch::Cleared => SqlValue::Null,
            Patch::Set(value) => sql(value),
        };
        match self.table.columns.iter().position(|c| *c == field) {
            Some(at) => self.cells[at] = Some(value),
            None => self.unmapped = Some(field),
        }
    }

    fn done(self) -> Result<Cells, StoreError> {
        match self.unmapped {
            // Invariant: the entity's fields are the table's columns; a mismatch is a bug
            // between the two lists, reported rather than written half.
            Some(field) => Err(StoreError::RecordUnmapped {
                table: self.table.name,
                field: field.to_string(),
            }),
            None => Ok(self.cells),
        }
    }
}

/// The cells of `fields` in `table`'s column order. Each struct is taken apart field by
/// field, so a field added to an entity fails to compile here until it has its column.
pub(super) fn cells(table: &'static Table, fields: &RecordFields) -> Result<Cells, StoreError> {
    let mut row = Row::new(table);
    match fields {
        RecordFields::Party(PartyFields {
            kind,
            name,
            first_name,
            siret,
            vat,
            phone,
            mobile,
            email,
            address1,
            address2,
            postal_code,
            city,
            country,
            notes,
            owner,
            campaign,
        }) => {
            row.put("kind", kind);
            row.put("name", name);
            row.put("first_name", first_name);
            row.put("siret", siret);
            row.put("vat", vat);
            row.put("phone", phone);
            row.put("mobile", mobile);
            row.put("email", email);
            row.put("address1", address1);
            row.put("address2", address2);
            row.put("postal_code", postal_code);
            row.put("city", city);
            row.put("country", country);
            row.put("notes", notes);
            row.put("owner", owner);
            row.put("campaign", campaign);
        }
        RecordFields::Person(PersonFields {
            party_id,
            first_name,
            last_name,
            position,
            phone,
            mobile,
            email,
            notes,
        }) => {
            row.put("party_id", party_id);
            row.put("first_name", first_name);
            row.put("last_name", last_name);
            row.put("position", position);
            row.put("phone", phone);
            row.put("mobile", mobile);
            row.put("email", email);
            row.put("notes", notes);
        }
        RecordFields::Action(ActionFields {
            party_id,
            person_id,
            action_type,
            date,
            time,
            comment,
            outcome,
            opportunity,
        }) => {
            row.put("party_id", party_id);
            row.put("person_id", person_id);
            row.put("action_type", action_type);
            row.put_day("date", date, |d| d.0);
            row.put("time", time);
            row.put("comment", comment);
            row.put("outcome", outcome);
            row.put("opportunity", opportunity);
        }
        RecordFields::ActionReply(ReplyFields {
            action_id,
            author,
            date,
            text,
        }) => {
            row.put("action_id", action_id);
            row.put("author", author);
            row.put_day("date", date, |d| d.0);
            row.put("text", text);
        }
        RecordFields::Todo(TodoFields {
            text,
            due,
            party_id,
            repeat_days,
            done_on,
        }) => {
            row.put("text", text);
            row.put_day("due", due, |d| d.0);
            row.put("party_id", party_id);
            row.put("repeat_days", repeat_days);
            row.put_day("done_on", done_on, |d| d.0);
        }
        RecordFields::Campaign(CampaignFields {
            name,
            starts_on,
            ends_on,
            place,
            cost_cents,
            notes,
        }) => {
            row.put("name", name);
            row.put_day("starts_on", starts_on, |d| d.0);
            row.put_day("ends_on", ends_on, |d| d.0);
            row.put("place", place);
            row.put("cost_cents", cost_cents);
            row.put("notes", notes);
        }
        RecordFields::Meeting(MeetingFields {
            party_id,
            opportunity,
            attendee,
            place,
            starts_at,
            ends_at,
            subject,
            notes,
            status,
        }) => {
            row.put("party_id", party_id);
            row.put("opportunity", opportunity);
            row.put("attendee", attendee);
            row.put("place", place);
            row.put("starts_at", starts_at);
            row.put("ends_at", ends_at);
            row.put("subject", subject);
            row.put("notes", notes);
            row.put("status", status);
        }
        RecordFields::Opportunity(OpportunityFields {
            party_id,
            person_id,
            owner,
            title,
            value_cents,
            expected_close,
            pipeline,
            stage,
            status,
            loss_reason,
        }) => {
            row.put("party_id", party_id);
            row.put("person_id", person_id);
            row.put("owner", owner);
            row.put("title", title);
            row.put("value_cents", value_cents);
            row.put_day("expected_close", expected_close, |d| d.0);
            row.put("pipeline", pipeline);
            row.put("stage", stage);
            row.put("status", status);
            row.put("loss_reason", loss_reason);
        }
        RecordFields::Quote(QuoteFields {
            party_id,
            opportunity_id,
            person_id,
            lines,
            valid_until,
            status,
            temp_ref,
            signature,
            signed_at,
            signer_name,
        }) => {
            row.put("party_id", party_id);
            row.put("opportunity_id", opportunity_id);
            row.put("person_id", person_id);
            row.put_json("lines", lines);
            row.put_day("valid_until", valid_until, |d| d.0);
            row.put_json("status", status);
            row.put("temp_ref", temp_ref);
            row.put_json("signature", signature);
            row.put_json("signed_at", signed_at);
            row.put("signer_name", signer_name);
        }
        RecordFields::Segment(SegmentFields {
            name,
            kind,
            members,
            criteria,
            owner,
        }) => {
            row.put("name", name);
            row.put_json("kind", kind);
            row.put_json("members", members);
            row.put_json("criteria", criteria);
            row.put("owner", owner);
        }
    }
    row.done()
}
