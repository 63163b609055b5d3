//! The laptop's contacts export (issue 13 « CSV »): every party the snapshot holds — the
//! server put in it only what the rep may read — with its people, status and last action,
//! in `tournee_csv`'s contacts layout (the back office's export writes the same columns).
//!
//! **The status** is `tournee_core::status` of the facts the snapshot holds: the party's
//! actions with their outcomes, each counted as a contact as its type says (the admin's
//! action types the snapshot carries; a code no longer listed does not count). ERP sales
//! and validated conversions are not linked to parties yet: no party reads « Client »
//! until they are. A
//! snapshot from a server without the record tables gives a file with its header only.

use std::collections::HashMap;

use rusqlite::types::Type;
use rusqlite::Connection;
use tournee_core::{summarize_actions, ActionType, Lang, StoredAction};
use tournee_csv::{kind_label, ContactLine, ContactsCsv, LastAction, PersonCell};
use tournee_sentences::Label;

use crate::error::Result;
use crate::records::has_records;

/// An action as the export needs it.
struct ActionRow {
    id: String,
    date: String,
    time: Option<String>,
    action_type: String,
    comment: Option<String>,
    outcome: Option<String>,
}

/// The contacts file of the snapshot, and how many parties it holds.
pub fn contacts_csv(
    conn: &Connection,
    types: &[ActionType],
    lang: Lang,
) -> Result<(Vec<u8>, usize)> {
    let mut file = ContactsCsv::new();
    if !has_records(conn)? {
        return Ok((file.finish(), 0));
    }
    let mut people = people_of(conn)?;
    let actions = actions_of(conn)?;
    let mut statement = conn.prepare(
        "SELECT id, kind, name, first_name, siret, vat, phone, mobile, email, address1, \
         address2, postal_code, city, country, notes, owner FROM party \
         ORDER BY name COLLATE NOCASE, first_name, id",
    )?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        let text = |i| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        let id: String = r.get(0)?;
        let kind: String = r.get(1)?;
        let party_actions = actions.get(&id).map_or(&[][..], Vec::as_slice);
        let (status, last_action) = status_and_last(party_actions, types, lang)?;
        file.push(&ContactLine {
            kind: kind_label(&kind).to_string(),
            name: r.get(2)?,
            first_name: text(3)?,
            siret: text(4)?,
            vat: text(5)?,
            phone: text(6)?,
            mobile: text(7)?,
            email: text(8)?,
            address1: text(9)?,
            address2: text(10)?,
            postal_code: text(11)?,
            city: text(12)?,
            country: text(13)?,
            notes: text(14)?,
            owner: r.get(15)?,
            status,
            last_action,
            people: people.remove(&id).unwrap_or_default(),
            id,
        });
    }
    let parties = file.lines();
    Ok((file.finish(), parties))
}

fn people_of(conn: &Connection) -> Result<HashMap<String, Vec<PersonCell>>> {
    let mut people: HashMap<String, Vec<PersonCell>> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT party_id, first_name, last_name, position, phone, mobile, email FROM person \
         ORDER BY party_id, last_name COLLATE NOCASE, first_name COLLATE NOCASE, id",
    )?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        let text = |i| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        people.entry(r.get(0)?).or_default().push(PersonCell {
            first_name: text(1)?,
            last_name: text(2)?,
            position: text(3)?,
            phone: text(4)?,
            mobile: text(5)?,
            email: text(6)?,
        });
    }
    Ok(people)
}

fn actions_of(conn: &Connection) -> Result<HashMap<String, Vec<ActionRow>>> {
    let mut actions: HashMap<String, Vec<ActionRow>> = HashMap::new();
    let mut statement =
        conn.prepare("SELECT party_id, id, date, time, action_type, comment, outcome FROM action")?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        actions.entry(r.get(0)?).or_default().push(ActionRow {
            id: r.get(1)?,
            date: r.get(2)?,
            time: r.get(3)?,
            action_type: r.get(4)?,
            comment: r.get(5)?,
            outcome: r.get(6)?,
        });
    }
    Ok(actions)
}

/// A stored value that does not read, as the snapshot reader reports it.
fn unreadable(column: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, Type::Text, message.into())
}

/// The status label from the actions, and the last action (by day, time, id):
/// `tournee_core::summarize_actions`, the back office's export's rule too.
fn status_and_last(
    actions: &[ActionRow],
    types: &[ActionType],
    lang: Lang,
) -> Result<(String, Option<LastAction>)> {
    let stored: Vec<StoredAction<'_>> = actions
        .iter()
        .map(|a| StoredAction {
            id: &a.id,
            date: &a.date,
            time: a.time.as_deref(),
            action_type: &a.action_type,
            outcome: a.outcome.as_deref(),
        })
        .collect();
    let summary = summarize_actions(&stored, types).map_err(|e| {
        // The columns of `actions_of`'s SELECT.
        let column = if e.column == "date" { 2 } else { 6 };
        unreadable(column, e.to_string())
    })?;
    let last = summary.last.and_then(|at| actions.get(at)).map(|a| {
        LastAction::stored(
            &a.date,
            a.time.as_deref(),
            &a.action_type,
            a.comment.as_deref(),
        )
    });
    Ok((summary.status.label(lang).to_string(), last))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use rusqlite::{Connection, OpenFlags};

    use super::*;
    use tournee_core::default_action_types;

    /// A snapshot file with the contract's tables, filled by `rows`, opened read-only.
    fn snapshot(dir: &std::path::Path, rows: &str) -> Connection {
        let path = dir.join("snapshot.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
            .unwrap();
        conn.execute_batch(rows).unwrap();
        drop(conn);
        Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }

    #[test]
    fn each_party_of_the_snapshot_is_a_line_with_its_people_status_and_last_action() {
        let dir = tempfile::tempdir().unwrap();
        let conn = snapshot(
            dir.path(),
            "INSERT INTO party (id, kind, name, first_name, city, owner, created_by, created_at) VALUES
               ('P1', 'company', 'Boulangerie Éole', NULL, 'Lyon', 'jdupont', 'jdupont', 'x'),
               ('P2', 'person', 'Dupré', 'Anaïs', NULL, 'jdupont', 'jdupont', 'x'),
               ('P3', 'company', 'Cave Noël', NULL, 'Mâcon', 'jdupont', 'jdupont', 'x');
             INSERT INTO person (id, party_id, first_name, last_name, position, owner, created_by, created_at) VALUES
               ('E1', 'P1', 'Zoé', 'Arnaud', 'Gérante', 'jdupont', 'jdupont', 'x');
             INSERT INTO action (id, party_id, action_type, date, time, comment, outcome, owner, created_by, created_at) VALUES
               ('A1', 'P1', 'appel', '2026-11-18', '09:00', 'premier appel', 'positive', 'jdupont', 'jdupont', 'x'),
               ('A2', 'P1', 'mail', '2026-11-19', NULL, 'devis envoyé', NULL, 'jdupont', 'jdupont', 'x'),
               ('A3', 'P2', 'appel', '2026-11-20', NULL, NULL, 'wrong_contact_details', 'jdupont', 'jdupont', 'x'),
               ('A4', 'P3', 'note', '2026-11-21', NULL, 'à rappeler', NULL, 'jdupont', 'jdupont', 'x');",
        );
        let (bytes, parties) = contacts_csv(&conn, &default_action_types(), Lang::Fr).unwrap();
        assert_eq!(parties, 3);
        let table = tournee_csv::read_csv(&bytes).unwrap();
        assert_eq!(table.headers, tournee_csv::CONTACT_HEADERS);
        let boulangerie = &table.rows[0].cells;
        assert_eq!(boulangerie[2], "Boulangerie Éole");
        assert_eq!(boulangerie[16], "Prospect");
        assert_eq!(
            boulangerie[17..20],
            ["2026-11-19", "mail", "devis envoyé"].map(String::from)
        );
        assert_eq!(boulangerie[20], "Zoé Arnaud (Gérante)");
        // An internal note is no contact (its type says so): the party stays a lead.
        let cave = &table.rows[1].cells;
        assert_eq!(
            (cave[2].as_str(), cave[16].as_str()),
            ("Cave Noël", "Piste")
        );
        let dupre = &table.rows[2].cells;
        assert_eq!(
            dupre[1..4],
            ["Particulier", "Dupré", "Anaïs"].map(String::from)
        );
        assert_eq!(dupre[16], "Piste morte");
    }

    #[test]
    fn a_snapshot_without_record_tables_gives_the_header_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE config (key TEXT PRIMARY KEY, value_json TEXT)")
            .unwrap();
        let conn = Connection::open(&path).unwrap();
        let (bytes, parties) = contacts_csv(&conn, &default_action_types(), Lang::Fr).unwrap();
        assert_eq!(parties, 0);
        let table = tournee_csv::read_csv(&bytes).unwrap();
        assert_eq!(table.headers, tournee_csv::CONTACT_HEADERS);
        assert!(table.rows.is_empty());
    }
}
