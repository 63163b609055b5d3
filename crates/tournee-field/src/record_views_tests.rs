//! The contact list's filters and a party's page on a snapshot of 1,200 parties, against
//! what the generation rules say each query must answer: the index's filter lists and its
//! text pass find exactly the lines a scan of every line would, in name order, capped; a
//! party a pending change renames is found by its new name only; a timeline reads its
//! snapshot actions and replies by range with the pending ones laid over.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::*;
use crate::dto::{ActionInput, ActionOutcome, PartyInput, ReplyInput};
use crate::test_laptop::Laptop;

const PARTIES: usize = 1200;
const BUSY: &str = "01JD000000000000000000BEEF";

fn party_id(i: usize) -> String {
    format!("01JD{i:022}")
}

/// Party `i`: « Entreprise 0000 »…, a company when even; a prospect when `i % 3 == 0`, a
/// dead lead when `i % 3 == 1`, a lead otherwise; in Grenoble when `i % 4 == 0`.
fn expected(i: usize) -> (PartyKindDto, PartyStatus, bool) {
    let kind = if i.is_multiple_of(2) {
        PartyKindDto::Company
    } else {
        PartyKindDto::Person
    };
    let status = match i % 3 {
        0 => PartyStatus::Prospect,
        1 => PartyStatus::DeadLead,
        _ => PartyStatus::Lead,
    };
    (kind, status, i.is_multiple_of(4))
}

fn snapshot(dir: &Path) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch("INSERT INTO config VALUES ('accepted_specs', '[1,2]')")
        .unwrap();
    let mut party = conn
        .prepare(
            "INSERT INTO party (id, kind, name, postal_code, city, owner, created_by, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'jdupont', 'jdupont', 'x')",
        )
        .unwrap();
    let mut action = conn
        .prepare(
            "INSERT INTO action (id, party_id, action_type, date, time, comment, outcome, owner, created_by, created_at) \
             VALUES (?1, ?2, 'appel', ?3, ?4, 'Appel', ?5, 'jdupont', 'jdupont', 'x')",
        )
        .unwrap();
    for i in 0..PARTIES {
        let (kind, status, grenoble) = expected(i);
        let (postal, city) = if grenoble {
            ("38000", "Grenoble")
        } else {
            ("69001", "Lyon")
        };
        let kind = if kind == PartyKindDto::Company {
            "company"
        } else {
            "person"
        };
        party
            .execute(rusqlite::params![
                party_id(i),
                kind,
                format!("Entreprise {i:04}"),
                postal,
                city
            ])
            .unwrap();
        let outcome = match status {
            PartyStatus::Prospect => Some("positive"),
            PartyStatus::DeadLead => Some("wrong_contact_details"),
            _ => None,
        };
        if let Some(outcome) = outcome {
            action
                .execute(rusqlite::params![
                    format!("01JE{i:022}"),
                    party_id(i),
                    "2026-11-02",
                    None::<String>,
                    outcome
                ])
                .unwrap();
        }
    }
    party
        .execute(rusqlite::params![
            BUSY,
            "company",
            "Zinc Très Suivi",
            "69003",
            "Lyon"
        ])
        .unwrap();
    for n in 0..40usize {
        action
            .execute(rusqlite::params![
                format!("01JF{n:022}"),
                BUSY,
                format!("2026-10-{:02}", 1 + n % 28),
                format!("{:02}:00", 8 + n % 10),
                "neutral"
            ])
            .unwrap();
        if n % 4 == 0 {
            conn.execute(
                "INSERT INTO action_reply (id, action_id, author, date, text, owner, created_by, created_at) \
                 VALUES (?1, ?2, 'client', '2026-10-30', 'Bien reçu', 'jdupont', 'jdupont', 'x')",
                rusqlite::params![format!("01JG{n:022}"), format!("01JF{n:022}")],
            )
            .unwrap();
        }
    }
    drop((party, action));
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// The shared test laptop over this module's snapshot, which leaves the specs'
/// negotiation out, so record changes are allowed here.
fn new_laptop() -> Laptop {
    let mut laptop = Laptop::new(snapshot);
    laptop.accepts = true;
    laptop
}

impl Laptop {
    fn contacts(
        &mut self,
        text: &str,
        status: Option<PartyStatus>,
        kind: Option<PartyKindDto>,
    ) -> Vec<ContactHit> {
        let query = ContactQuery {
            text: text.into(),
            status,
            kind,
        };
        self.with(|_, w| w.reader.contacts(&query)).unwrap()
    }
}

fn ids(hits: &[ContactHit]) -> Vec<String> {
    hits.iter().map(|h| h.id.clone()).collect()
}

/// The ids a scan of every generated party gives, in name order, capped.
fn scan(keep: impl Fn(usize) -> bool) -> Vec<String> {
    (0..PARTIES)
        .filter(|i| keep(*i))
        .map(party_id)
        .take(MAX_CONTACTS)
        .collect()
}

#[test]
fn each_status_and_kind_lists_what_a_scan_of_every_party_finds_in_name_order() {
    let mut laptop = new_laptop();
    let statuses = [
        None,
        Some(PartyStatus::Lead),
        Some(PartyStatus::DeadLead),
        Some(PartyStatus::Prospect),
        Some(PartyStatus::Client),
    ];
    let kinds = [
        None,
        Some(PartyKindDto::Company),
        Some(PartyKindDto::Person),
    ];
    for status in statuses {
        for kind in kinds {
            let hits = laptop.contacts("", status, kind);
            let want = scan(|i| {
                let (k, s, _) = expected(i);
                status.is_none_or(|x| x == s) && kind.is_none_or(|x| x == k)
            });
            // The busy party (a prospect company, named « Zinc ») sorts after every other.
            let mut want = want;
            let busy_fits = status.is_none_or(|s| s == PartyStatus::Prospect)
                && kind.is_none_or(|k| k == PartyKindDto::Company);
            if busy_fits && want.len() < MAX_CONTACTS {
                want.push(BUSY.to_string());
            }
            assert_eq!(ids(&hits), want, "status {status:?}, kind {kind:?}");
            assert!(hits.iter().all(|h| !h.pending));
        }
    }
}

#[test]
fn the_text_filter_finds_words_anywhere_and_wildcards_on_the_whole_line() {
    let mut laptop = new_laptop();
    let hits = laptop.contacts("entreprise 011", None, None);
    assert_eq!(ids(&hits), scan(|i| (110..120).contains(&i)));
    let hits = laptop.contacts("GRENOBLE", Some(PartyStatus::Prospect), None);
    assert_eq!(
        ids(&hits),
        scan(|i| expected(i).2 && expected(i).1 == PartyStatus::Prospect)
    );
    // The folded line is « name city postal code »: `*38000` anchors at its end.
    let hits = laptop.contacts("entreprise 00*38000", None, Some(PartyKindDto::Company));
    assert_eq!(ids(&hits), scan(|i| i < 100 && i % 4 == 0));
    assert!(laptop.contacts("zzzz", None, None).is_empty());
}

#[test]
fn a_party_renamed_by_a_pending_change_is_listed_once_by_its_new_name() {
    let mut laptop = new_laptop();
    let renamed = party_id(6);
    laptop
        .with(|local, w| {
            w.update_party(
                local,
                &renamed,
                &PartyInput {
                    kind: PartyKindDto::Company,
                    name: "Ébénisterie Nouvelle".into(),
                    first_name: None,
                    siret: None,
                    vat: None,
                    phone: None,
                    mobile: None,
                    email: None,
                    address1: None,
                    address2: None,
                    postal_code: Some("69001".into()),
                    city: Some("Lyon".into()),
                    country: None,
                    notes: None,
                },
            )
        })
        .unwrap();
    let hits = laptop.contacts("ebenisterie", None, None);
    assert_eq!(ids(&hits), std::slice::from_ref(&renamed));
    assert!(hits[0].pending);
    assert!(laptop.contacts("entreprise 0006", None, None).is_empty());
    let prospects = laptop.contacts("", Some(PartyStatus::Prospect), Some(PartyKindDto::Company));
    assert_eq!(
        prospects.iter().filter(|h| h.id == renamed).count(),
        1,
        "listed once, recomputed"
    );
    // Its new name sorts it first among the prospect companies (« ebenisterie » < « entreprise »).
    assert_eq!(prospects[0].id, renamed);
}

#[test]
fn a_page_reads_its_snapshot_timeline_by_range_with_the_pending_entries_laid_over() {
    let mut laptop = new_laptop();
    let page = laptop
        .with(|_, w| w.reader.contact_page(BUSY))
        .unwrap()
        .unwrap();
    let count = |page: &ContactPage, kind: TimelineKind| {
        page.timeline.iter().filter(|e| e.kind == kind).count()
    };
    assert_eq!(count(&page, TimelineKind::Action), 40);
    assert_eq!(count(&page, TimelineKind::Reply), 10);
    assert_eq!(page.status, PartyStatus::Prospect);
    assert!(!page.pending);
    // Newest first.
    assert!(page.timeline.windows(2).all(|w| w[0].date >= w[1].date));
    let first_reply = page
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Reply)
        .unwrap();
    // Every reply is of 2026-10-30, after every action: the one with the greatest id first.
    assert_eq!(
        first_reply.parent_id.as_deref(),
        Some("01JF0000000000000000000036")
    );

    let logged = laptop
        .with(|local, w| {
            w.log_action(
                local,
                &ActionInput {
                    party_id: BUSY.into(),
                    person_id: None,
                    action_type: "appel".into(),
                    date: "2026-11-20".into(),
                    time: Some("17:00".into()),
                    comment: Some("Dernier appel".into()),
                    outcome: Some(ActionOutcome::Neutral),
                    reminders: Vec::new(),
                },
            )
        })
        .unwrap();
    laptop
        .with(|local, w| {
            w.add_reply(
                local,
                &ReplyInput {
                    action_id: "01JF0000000000000000000004".into(),
                    date: "2026-11-20".into(),
                    text: "Relancé".into(),
                    reminders: Vec::new(),
                },
            )
        })
        .unwrap();
    let page = laptop
        .with(|_, w| w.reader.contact_page(BUSY))
        .unwrap()
        .unwrap();
    assert_eq!(count(&page, TimelineKind::Action), 41);
    assert_eq!(count(&page, TimelineKind::Reply), 11);
    assert_eq!(page.timeline[0].id, logged.id);
    assert!(page.timeline[0].pending);
    assert!(page.pending);
}

fn score_parts(page: &ContactPage) -> Vec<(String, i32, u32)> {
    page.score
        .as_ref()
        .unwrap()
        .parts
        .iter()
        .map(|p| (p.rule.clone(), p.points, p.count))
        .collect()
}

#[test]
fn a_prospects_page_carries_its_score_with_each_rule_and_it_moves_with_a_pending_call() {
    let mut laptop = new_laptop();
    let page = laptop
        .with(|_, w| w.reader.contact_page(BUSY))
        .unwrap()
        .unwrap();
    // 40 conversations in October (the last on the 28th, 24 days before the 21st of
    // November), 10 replies on the 30th, the last outcome neutral, no phone.
    assert_eq!(
        score_parts(&page),
        vec![
            ("recent_contacts".to_string(), 30, 40),
            ("recency".to_string(), 15, 24),
            ("replies".to_string(), 20, 10),
        ]
    );
    assert_eq!(page.score.as_ref().unwrap().total, 65);

    laptop
        .with(|local, w| {
            w.log_action(
                local,
                &ActionInput {
                    party_id: BUSY.into(),
                    person_id: None,
                    action_type: "appel".into(),
                    date: "2026-11-20".into(),
                    time: None,
                    comment: Some("Intéressé".into()),
                    outcome: Some(ActionOutcome::Positive),
                    reminders: Vec::new(),
                },
            )
        })
        .unwrap();
    let page = laptop
        .with(|_, w| w.reader.contact_page(BUSY))
        .unwrap()
        .unwrap();
    assert_eq!(
        score_parts(&page),
        vec![
            ("recent_contacts".to_string(), 30, 41),
            ("recency".to_string(), 25, 1),
            ("replies".to_string(), 20, 10),
            ("positive".to_string(), 15, 1),
        ]
    );
    assert_eq!(page.score.as_ref().unwrap().total, 90);

    // A dead lead has no score: it says nothing useful.
    let dead = laptop
        .with(|_, w| w.reader.contact_page(&party_id(1)))
        .unwrap()
        .unwrap();
    assert_eq!(dead.status, PartyStatus::DeadLead);
    assert_eq!(dead.score, None);
}
