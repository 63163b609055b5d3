//! The home screen's notices of refused takes (issue 15): a lead the rep took from the
//! unassigned pool offline, that someone else's take reached the server first. The
//! manifest lists the take as failed with its reason code only (`not_allowed`); the
//! snapshot's `config` row `refusal_details` (sync-spec §7, « The user's own rows ») holds
//! the detail, `already_taken` with the taker's login, which the directory names.
//!
//! A take is recognised by its payload, as the server does: a party update whose only
//! field is `owner` set to the rep (`crate::record_changes`' `take_lead`). Shown until the
//! rep says « J'ai vu », like the declined modification requests (`seen_notice`).

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};
use tournee_sync::REFUSAL_DETAILS_KEY;

use crate::dto::{PendingSubject, TakeNotice};
use crate::error::Result;
use crate::local::RefusedRecord;

/// The notices of `refused` record changes that were takes by `me`, not yet `seen`, oldest
/// first; `snapshot` gives the server's details and the directory's names.
pub fn take_notices(
    snapshot: &Connection,
    me: &str,
    refused: &[RefusedRecord],
    seen: &HashSet<String>,
) -> Result<Vec<TakeNotice>> {
    let takes: Vec<(&RefusedRecord, String)> = refused
        .iter()
        .filter(|r| !seen.contains(&r.change_id))
        .filter_map(|r| taken_lead(&r.payload, me).map(|party| (r, party)))
        .collect();
    if takes.is_empty() {
        return Ok(Vec::new());
    }
    let details = refusal_details(snapshot)?;
    let names = directory_names(snapshot)?;
    Ok(takes
        .into_iter()
        .map(|(record, party_id)| {
            let taker = details
                .get(&record.change_id)
                .filter(|d| d.get("code").and_then(Value::as_str) == Some("already_taken"))
                .and_then(|d| d.get("owner"))
                .and_then(Value::as_str)
                .map(str::to_string);
            TakeNotice {
                change_id: record.change_id.clone(),
                party_name: party_name(record).unwrap_or_else(|| party_id.clone()),
                party_id,
                taker_name: taker
                    .as_ref()
                    .map(|login| names.get(login).cloned().unwrap_or_else(|| login.clone())),
                taker,
                reason: record.reason.clone(),
                taken_at: record.written_at.clone(),
            }
        })
        .collect())
}

/// The party a take by `me` was about, if `payload` is one: a party update whose only
/// field is `owner` = `me`.
fn taken_lead(payload: &str, me: &str) -> Option<String> {
    let payload: Value = serde_json::from_str(payload).ok()?;
    let text = |key: &str| payload.get(key).and_then(Value::as_str);
    let fields = payload.get("fields")?.as_object()?;
    let only_owner_me =
        fields.len() == 1 && fields.get("owner").and_then(Value::as_str) == Some(me);
    (text("entity") == Some("party") && text("op") == Some("update") && only_owner_me)
        .then(|| text("id").map(str::to_string))
        .flatten()
}

/// The lead's name as the take's pending mark recorded it.
fn party_name(record: &RefusedRecord) -> Option<String> {
    let subject: PendingSubject = serde_json::from_str(record.subject.as_deref()?).ok()?;
    match subject {
        PendingSubject::PartyUpdated { name } => Some(name),
        _ => None,
    }
}

/// The snapshot's refusal details by change id; none from an older server.
fn refusal_details(snapshot: &Connection) -> Result<Map<String, Value>> {
    let text: Option<String> = snapshot
        .query_row(
            "SELECT value_json FROM config WHERE key = ?1",
            [REFUSAL_DETAILS_KEY],
            |r| r.get(0),
        )
        .optional()?;
    // An unreadable row costs only the taker's name: the notice still shows.
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

/// The directory's display names by login.
fn directory_names(snapshot: &Connection) -> Result<HashMap<String, String>> {
    Ok(crate::snapshot::users(snapshot)?
        .into_iter()
        .map(|u| (u.windows_user, u.display_name))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(change_id: &str, payload: Value) -> RefusedRecord {
        RefusedRecord {
            change_id: change_id.into(),
            payload: payload.to_string(),
            reason: "not_allowed".into(),
            written_at: "2026-11-20T10:00:00+01:00".into(),
            subject: Some(r#"{"type":"party_updated","name":"Pneus Rivière"}"#.into()),
        }
    }

    fn snapshot(details: Option<&str>) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO app_user (windows_user, erp_code, display_name, is_admin)
             VALUES ('mmartin', 'MM02', 'Marc Martin', 0);",
        )
        .unwrap();
        if let Some(details) = details {
            conn.execute(
                "INSERT INTO config VALUES ('refusal_details', ?1)",
                [details],
            )
            .unwrap();
        }
        conn
    }

    fn take(id: &str, owner: &str) -> Value {
        serde_json::json!({"entity": "party", "op": "update", "id": id, "fields": {"owner": owner}})
    }

    #[test]
    fn a_refused_take_names_the_lead_and_who_took_it_first() {
        let conn = snapshot(Some(
            r#"{"C1": {"code": "already_taken", "id": "P1", "owner": "mmartin"}}"#,
        ));
        let notices = take_notices(
            &conn,
            "jdupont",
            &[refused("C1", take("P1", "jdupont"))],
            &HashSet::new(),
        )
        .unwrap();
        assert_eq!(
            notices,
            vec![TakeNotice {
                change_id: "C1".into(),
                party_id: "P1".into(),
                party_name: "Pneus Rivière".into(),
                taker: Some("mmartin".into()),
                taker_name: Some("Marc Martin".into()),
                reason: "not_allowed".into(),
                taken_at: "2026-11-20T10:00:00+01:00".into(),
            }]
        );
    }

    #[test]
    fn other_refusals_and_seen_notices_are_not_take_notices() {
        let conn = snapshot(None);
        let others = [
            // An edit, a take for someone else, a release: not takes by jdupont.
            refused(
                "C2",
                serde_json::json!({"entity": "party", "op": "update", "id": "P1",
                                   "fields": {"owner": "jdupont", "city": "Lyon"}}),
            ),
            refused("C3", take("P1", "mmartin")),
            refused(
                "C4",
                serde_json::json!({"entity": "party", "op": "update", "id": "P1",
                                   "fields": {"owner": null}}),
            ),
        ];
        assert!(take_notices(&conn, "jdupont", &others, &HashSet::new())
            .unwrap()
            .is_empty());
        let seen = HashSet::from(["C5".to_string()]);
        assert!(take_notices(
            &conn,
            "jdupont",
            &[refused("C5", take("P1", "jdupont"))],
            &seen
        )
        .unwrap()
        .is_empty());
    }

    #[test]
    fn without_the_servers_detail_the_take_shows_without_a_taker() {
        let notices = take_notices(
            &snapshot(None),
            "jdupont",
            &[refused("C6", take("P1", "jdupont"))],
            &HashSet::new(),
        )
        .unwrap();
        assert_eq!(notices.len(), 1);
        assert_eq!(
            (
                notices[0].taker.as_deref(),
                notices[0].taker_name.as_deref()
            ),
            (None, None)
        );
    }
}
