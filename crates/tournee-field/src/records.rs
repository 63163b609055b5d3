//! The CRM's records the snapshot carries (sync-spec §7 « Records »): parties with their
//! people, a party's timeline (actions and their replies), the todos; and whether the
//! server reads record changes at all (the `accepted_specs` row, sync-spec §12
//! « Negotiation »).
//!
//! The server put in the snapshot only what the user may read, so nothing is filtered
//! here. A snapshot from a server older than the record tables has none of them: every
//! read then answers an empty list (or `None`), never an error, so the screens show « no
//! record yet » on an older server instead of failing.

use chrono::NaiveDate;
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row};
use tournee_sync::{ACCEPTED_SPECS_KEY, RECORD_SPEC_VERSION, SNAPSHOT_RECORD_TABLES};

use crate::error::{FieldError, Result};

/// A company or a private person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    /// A company (B2B), with people.
    Company,
    /// A private person (B2C).
    Person,
}

/// A party as the contact page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Record id (ULID).
    pub id: String,
    /// Company or private person.
    pub kind: PartyKind,
    /// Company name, or the person's last name.
    pub name: String,
    /// A private person's first name.
    pub first_name: Option<String>,
    /// SIRET (or SIREN).
    pub siret: Option<String>,
    /// Intra-community VAT number.
    pub vat: Option<String>,
    /// Landline.
    pub phone: Option<String>,
    /// Mobile.
    pub mobile: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address, first line.
    pub address1: Option<String>,
    /// Address, second line.
    pub address2: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Whose record it is (its assigned owner, else its creator): the rep who may write it.
    pub owner: String,
    /// Who created it.
    pub created_by: String,
}

/// A person in a company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Record id (ULID).
    pub id: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Position in the company.
    pub position: Option<String>,
    /// Landline.
    pub phone: Option<String>,
    /// Mobile.
    pub mobile: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
}

/// A contact page: the party and its people (by last then first name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The party.
    pub party: Party,
    /// Its people.
    pub people: Vec<Person>,
}

/// A reply under an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Record id (ULID).
    pub id: String,
    /// Who wrote it.
    pub author: String,
    /// Its day.
    pub date: NaiveDate,
    /// Its text.
    pub text: String,
}

/// One item of a party's timeline: an action and its replies (oldest reply first, as a
/// conversation reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    /// Record id (ULID).
    pub id: String,
    /// The action's type (an admin list: call, visit, mail…).
    pub action_type: String,
    /// Its day.
    pub date: NaiveDate,
    /// Its time (`HH:MM`), when given.
    pub time: Option<String>,
    /// The person of the party it was with, when given.
    pub person_id: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Outcome.
    pub outcome: Option<String>,
    /// Who logged it.
    pub created_by: String,
    /// Its replies.
    pub replies: Vec<Reply>,
}

/// An open todo (not done).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// Record id (ULID).
    pub id: String,
    /// What to do.
    pub text: String,
    /// Its due day.
    pub due: NaiveDate,
    /// Whether the due day is before today.
    pub overdue: bool,
    /// The party it is about, if any.
    pub party_id: Option<String>,
    /// Repeat every so many days once done, if set.
    pub repeat_days: Option<u32>,
    /// Whose it is.
    pub owner: String,
}

/// Whether the server that built this snapshot reads change files of `spec` (its
/// `accepted_specs` row). Without the row, the server reads spec 1 only.
pub fn server_accepts_spec(conn: &Connection, spec: u32) -> Result<bool> {
    let row: Option<String> = conn
        .query_row(
            "SELECT value_json FROM config WHERE key = ?1",
            [ACCEPTED_SPECS_KEY],
            |r| r.get(0),
        )
        .optional()?;
    let Some(json) = row else {
        return Ok(spec == tournee_sync::SPEC_VERSION);
    };
    let specs: Vec<u32> = serde_json::from_str(&json).map_err(|source| FieldError::Json {
        what: ACCEPTED_SPECS_KEY.to_string(),
        source,
    })?;
    Ok(specs.contains(&spec))
}

/// Whether the laptop may write record changes (`RC` files, spec 2): only once the server
/// says it reads them (sync-spec §12 « Negotiation »); until then new records stay pending
/// on the laptop.
pub fn server_accepts_records(conn: &Connection) -> Result<bool> {
    server_accepts_spec(conn, RECORD_SPEC_VERSION)
}

/// Whether the snapshot has the record tables (a server that writes them).
pub fn has_records(conn: &Connection) -> Result<bool> {
    // The names come from the contract's list, so a table added there is checked here too.
    let mut exists =
        conn.prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1")?;
    for table in SNAPSHOT_RECORD_TABLES {
        if !exists.exists([table])? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Every party of the snapshot, by name: the list the contact search starts from.
pub fn parties(conn: &Connection) -> Result<Vec<Party>> {
    if !has_records(conn)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare(&format!(
        "SELECT {PARTY_COLUMNS} FROM party ORDER BY name COLLATE NOCASE, first_name, id"
    ))?;
    let rows = statement.query_map([], party_of)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The contact page of party `id`: the party and its people; `None` when the snapshot does
/// not hold it (not readable, deleted, or an older server).
pub fn contact(conn: &Connection, id: &str) -> Result<Option<Contact>> {
    if !has_records(conn)? {
        return Ok(None);
    }
    let party = conn
        .query_row(
            &format!("SELECT {PARTY_COLUMNS} FROM party WHERE id = ?1"),
            [id],
            party_of,
        )
        .optional()?;
    let Some(party) = party else {
        return Ok(None);
    };
    let mut statement = conn.prepare(
        "SELECT id, first_name, last_name, position, phone, mobile, email, notes FROM person \
         WHERE party_id = ?1 ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id",
    )?;
    let people = statement
        .query_map([id], |r| {
            Ok(Person {
                id: r.get(0)?,
                first_name: r.get(1)?,
                last_name: r.get(2)?,
                position: r.get(3)?,
                phone: r.get(4)?,
                mobile: r.get(5)?,
                email: r.get(6)?,
                notes: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Contact { party, people }))
}

/// Party `party_id`'s timeline, newest first (by day, then time, an action without a time
/// after those of its day that have one), each action with its replies.
pub fn timeline(conn: &Connection, party_id: &str) -> Result<Vec<TimelineItem>> {
    if !has_records(conn)? {
        return Ok(Vec::new());
    }
    let mut actions = conn.prepare(
        "SELECT id, action_type, date, time, person_id, comment, outcome, created_by FROM action \
         WHERE party_id = ?1 ORDER BY date DESC, time IS NULL, time DESC, id DESC",
    )?;
    let mut items = actions
        .query_map([party_id], |r| {
            Ok(TimelineItem {
                id: r.get(0)?,
                action_type: r.get(1)?,
                date: date_at(r, 2)?,
                time: r.get(3)?,
                person_id: r.get(4)?,
                comment: r.get(5)?,
                outcome: r.get(6)?,
                created_by: r.get(7)?,
                replies: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut replies = conn.prepare(
        "SELECT id, author, date, text FROM action_reply WHERE action_id = ?1 ORDER BY date, id",
    )?;
    for item in &mut items {
        item.replies = replies
            .query_map([&item.id], |r| {
                Ok(Reply {
                    id: r.get(0)?,
                    author: r.get(1)?,
                    date: date_at(r, 2)?,
                    text: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(items)
}

/// The open todos (not done), overdue first: by due day, so those before `today` come
/// first and are marked `overdue`.
pub fn open_todos(conn: &Connection, today: NaiveDate) -> Result<Vec<Todo>> {
    if !has_records(conn)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare(
        "SELECT id, text, due, party_id, repeat_days, owner FROM todo \
         WHERE done_on IS NULL ORDER BY due, id",
    )?;
    let rows = statement.query_map([], |r| {
        let due = date_at(r, 2)?;
        Ok(Todo {
            id: r.get(0)?,
            text: r.get(1)?,
            due,
            overdue: due < today,
            party_id: r.get(3)?,
            repeat_days: r.get(4)?,
            owner: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const PARTY_COLUMNS: &str = "id, kind, name, first_name, siret, vat, phone, mobile, email, \
    address1, address2, postal_code, city, country, notes, owner, created_by";

fn party_of(r: &Row<'_>) -> rusqlite::Result<Party> {
    let kind: String = r.get(1)?;
    let kind = match kind.as_str() {
        "company" => PartyKind::Company,
        "person" => PartyKind::Person,
        _ => return Err(conversion_error(1, format!("unknown party kind {kind}"))),
    };
    Ok(Party {
        id: r.get(0)?,
        kind,
        name: r.get(2)?,
        first_name: r.get(3)?,
        siret: r.get(4)?,
        vat: r.get(5)?,
        phone: r.get(6)?,
        mobile: r.get(7)?,
        email: r.get(8)?,
        address1: r.get(9)?,
        address2: r.get(10)?,
        postal_code: r.get(11)?,
        city: r.get(12)?,
        country: r.get(13)?,
        notes: r.get(14)?,
        owner: r.get(15)?,
        created_by: r.get(16)?,
    })
}

/// A `YYYY-MM-DD` column.
fn date_at(r: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(index)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| conversion_error(index, format!("{text}: {e}")))
}

fn conversion_error(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, message.into())
}

#[cfg(test)]
mod tests;
