//! « Historique »: the visits done, day by day, for the calendar's month, week and day
//! views, and their export as an iCalendar file (RFC 5545) that calendar applications
//! import. The signed-in rep's visits come from the snapshot plus this laptop's pending
//! ones; another rep's (admins only) from the snapshot's `team_visit` table.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::card::{answer_lines, labelled};
use crate::dto::CalendarEvent;
use crate::error::{FieldError, Result};
use crate::overlay::Overlay;
use crate::parameters::ServerParameters;
use crate::prospects::current;
use tournee_core::Lang;
use tournee_sentences::documents::{calendar_category, calendar_name, calendar_visit};

/// Longest range one request may cover (a year and a week of margin for month views).
pub const MAX_DAYS: i64 = 372;

/// The signed-in rep's visits between `from` and `to` (inclusive), by day and time.
#[allow(clippy::too_many_arguments)] // each input is a distinct source; a struct would only rename them
pub fn own_events(
    conn: &Connection,
    parameters: &ServerParameters,
    overlay: &Overlay,
    me: &str,
    erp_code: &str,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> Result<Vec<CalendarEvent>> {
    let mut events = stored_events(
        conn,
        parameters,
        "SELECT 'r' || r.id, r.date_relation, r.heure_relation, 'client', r.c_entite, \
         coalesce(c.nom_client, r.c_entite), r.objet, r.commentaire, r.answers_json \
         FROM relation r LEFT JOIN client c ON c.c_client = r.c_entite \
         WHERE r.c_user = ?1 AND r.origine_relation <> 'LIT' AND r.relation_kind = 'visit' \
           AND r.date_relation BETWEEN ?2 AND ?3 \
         UNION ALL \
         SELECT 'p' || v.id, v.date_relation, v.heure_relation, 'prospect', v.prospect_id, \
         coalesce(p.nom_client, v.prospect_id), v.objet, v.commentaire, v.answers_json \
         FROM prospect_visit v LEFT JOIN prospect p ON p.prospect_id = v.prospect_id \
         WHERE v.c_user = ?1 AND v.date_relation BETWEEN ?2 AND ?3",
        erp_code,
        (from, to),
        lang,
    )?;
    let mut name_of = conn.prepare_cached("SELECT nom_client FROM client WHERE c_client = ?1")?;
    for (client, visits) in &overlay.client_visits {
        for (change_id, visit) in visits {
            if visit.visit_date < from || visit.visit_date > to {
                continue;
            }
            let name = name_of
                .query_row([client], |r| r.get::<_, String>(0))
                .optional()?
                .unwrap_or_else(|| client.clone());
            events.push(pending_event(
                change_id, "client", client, name, visit, parameters, lang,
            ));
        }
    }
    for (prospect, visits) in &overlay.prospect_visits {
        let name = match current(conn, overlay, me, prospect) {
            Ok(current) => current.name(),
            // A visit to a prospect this rep no longer sees keeps its id as a name.
            Err(FieldError::UnknownProspect(_)) => prospect.clone(),
            Err(error) => return Err(error),
        };
        for (change_id, visit) in visits {
            if visit.visit_date < from || visit.visit_date > to {
                continue;
            }
            events.push(pending_event(
                change_id,
                "prospect",
                prospect,
                name.clone(),
                visit,
                parameters,
                lang,
            ));
        }
    }
    events.sort_by(|a, b| (&a.date, &a.time, &a.key).cmp(&(&b.date, &b.time, &b.key)));
    Ok(events)
}

fn pending_event(
    change_id: &str,
    kind: &str,
    code: &str,
    name: String,
    visit: &tournee_sync::VisitReport,
    parameters: &ServerParameters,
    lang: Lang,
) -> CalendarEvent {
    CalendarEvent {
        key: change_id.to_string(),
        date: visit.visit_date.to_string(),
        time: visit.visit_time.clone(),
        entity_kind: kind.into(),
        entity_code: code.to_string(),
        entity_name: name,
        objet: format!("Visite du {}", visit.visit_date.format("%d/%m/%Y")),
        commentaire: visit.comment.clone(),
        answers: labelled(&parameters.visit_form, &visit.answers, lang),
        pending: true,
    }
}

/// Another rep's visits from the admin snapshot's `team_visit` table.
pub fn team_events(
    conn: &Connection,
    parameters: &ServerParameters,
    erp_code: &str,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> Result<Vec<CalendarEvent>> {
    stored_events(
        conn,
        parameters,
        "SELECT 't' || id, date_relation, heure_relation, entity_kind, entity_code, entity_name, objet, \
         commentaire, answers_json FROM team_visit \
         WHERE c_user = ?1 AND date_relation BETWEEN ?2 AND ?3",
        erp_code,
        (from, to),
        lang,
    )
}

/// Visits read from the snapshot by `sql`, whose columns are: key, day, time, entity kind,
/// entity code, entity name, objet, comment, answers JSON; parameters: ERP code, first and
/// last day. Sorted by day, time and key.
fn stored_events(
    conn: &Connection,
    parameters: &ServerParameters,
    sql: &str,
    erp_code: &str,
    (from, to): (NaiveDate, NaiveDate),
    lang: Lang,
) -> Result<Vec<CalendarEvent>> {
    let form = &parameters.visit_form;
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![erp_code, from.to_string(), to.to_string()], |r| {
        Ok(CalendarEvent {
            key: r.get(0)?,
            date: r.get(1)?,
            time: r.get(2)?,
            entity_kind: r.get(3)?,
            entity_code: r.get(4)?,
            entity_name: r.get(5)?,
            objet: r.get(6)?,
            commentaire: r.get(7)?,
            answers: answer_lines(form, r.get::<_, Option<String>>(8)?.as_deref(), lang),
            pending: false,
        })
    })?;
    let mut events = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    events.sort_by(|a, b| (&a.date, &a.time, &a.key).cmp(&(&b.date, &b.time, &b.key)));
    Ok(events)
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (§3.1).
fn fold_line(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// How long an exported visit lasts in the calendar (the ERP records only its start).
const VISIT_MINUTES: u32 = 30;

/// The events as an iCalendar file, titled in `lang`; times are local (floating), as the
/// rep entered them.
pub fn to_ics(
    events: &[CalendarEvent],
    rep_name: &str,
    stamp: DateTime<Utc>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tournee//CRM Tournee//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold_line(line, &mut out);
    }
    fold_line(
        &format!(
            "X-WR-CALNAME:{}",
            escape_text(&calendar_name(rep_name, lang))
        ),
        &mut out,
    );
    for event in events {
        let Some(day) = tournee_core::parse_iso_date(&event.date) else {
            continue;
        };
        let (hour, minute) = event
            .time
            .split_once(':')
            .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
            .unwrap_or((9, 0));
        let Some(start) = day.and_hms_opt(hour.min(23), minute.min(59), 0) else {
            continue;
        };
        let mut description = event.objet.clone();
        if !event.commentaire.is_empty() {
            description.push('\n');
            description.push_str(&event.commentaire);
        }
        for answer in &event.answers {
            description.push_str(&format!(
                "\n{} : {}",
                answer.question,
                answer.choices.join(", ")
            ));
        }
        let summary = calendar_visit(&event.entity_name, event.pending, lang);
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}-{}@tournee", event.key, event.entity_code),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
            format!("DURATION:PT{VISIT_MINUTES}M"),
            format!("SUMMARY:{}", escape_text(&summary)),
            format!("DESCRIPTION:{}", escape_text(&description)),
            format!("CATEGORIES:{}", calendar_category(&event.entity_kind)),
            "END:VEVENT".to_string(),
        ] {
            fold_line(&line, &mut out);
        }
    }
    fold_line("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, comment: &str) -> CalendarEvent {
        CalendarEvent {
            key: "r1".into(),
            date: "2026-11-23".into(),
            time: "09:30".into(),
            entity_kind: "client".into(),
            entity_code: "C0000001".into(),
            entity_name: name.into(),
            objet: "Visite du 23/11/2026".into(),
            commentaire: comment.into(),
            answers: Vec::new(),
            pending: false,
        }
    }

    #[test]
    fn values_are_escaped_and_long_lines_folded_on_character_boundaries() {
        let long = "é".repeat(60);
        let ics = to_ics(
            &[event("Garage; Morel, fils", &long)],
            "Jean",
            Utc::now(),
            Lang::Fr,
        );
        assert!(ics.contains("SUMMARY:Visite Garage\\; Morel\\, fils\r\n"));
        assert!(ics.contains("DTSTART:20261123T093000\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:Visite du 23/11/2026\\n{long}")));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    }
}
