//! Segments on a test laptop over a real snapshot file, `local.sqlite` and an outbox: each
//! criterion evaluated over the snapshot's parties with what was typed offline laid over,
//! a list filled from contact pages, an assignment written only where the policy lets,
//! and the export's lines.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use tournee_core::{SegmentCriteria, SegmentKind, Status};
use tournee_sync::{parse_change_file, ChangeBody, RecordFields, MAX_FILE_BYTES};

use super::*;
use crate::dto::{ActionInput, ActionOutcome, PartyInput, PartyKindDto, SegmentInput};
use crate::error::{FieldError, RuleError};
use crate::test_laptop::Laptop;

const C1: &str = "01JD0000000000000000000C01";
const P1: &str = "01JD0000000000000000000P01";
const P2: &str = "01JD0000000000000000000P02";
const P3: &str = "01JD0000000000000000000P03";
const P4: &str = "01JD0000000000000000000P04";
const S1: &str = "01JD0000000000000000000S01";
const S2: &str = "01JD0000000000000000000S02";

/// jdupont (a rep: writes his own parties, brief 004 lets him read luc's) with four
/// parties: a lead of the trade show in Lyon, luc's prospect in Paris called on 20
/// November, an ERP client's party in Villeurbanne, a private person in Saint-Étienne with
/// an internal note; a criteria segment « 69 » and a list of two.
fn snapshot(dir: &Path) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute_batch(&format!(
        r#"INSERT INTO config VALUES ('accepted_specs', '[1,2]'),
             ('write_reach', '{{"scopes":{{"party":"own","segment":"own"}},"team":["jdupont"]}}');
         INSERT INTO app_user VALUES ('jdupont', 'JD', 'Jean Dupont', 0),
             ('luc', 'LU', 'Luc Bernard', 0), ('marie', 'MA', 'Marie Roux', 0);
         INSERT INTO campaign (id, name, starts_on, owner, created_by, created_at) VALUES
           ('{C1}', 'House & Design 2026', '2026-11-18', 'jdupont', 'jdupont', 'x');
         INSERT INTO party (id, kind, name, first_name, phone, postal_code, city, owner,
             created_by, created_at, status, client_code, client_since, campaign) VALUES
           ('{P1}', 'company', 'Cuisines Dubois', NULL, '0145000000', '69003', 'Lyon', 'jdupont',
             'jdupont', '2026-10-01T08:00:00Z', 'lead', NULL, NULL, '{C1}'),
           ('{P2}', 'company', 'Bains Leroy', NULL, NULL, '75011', 'Paris', 'luc',
             'luc', '2026-11-01T08:00:00Z', 'prospect', NULL, NULL, NULL),
           ('{P3}', 'company', 'Martin SA', NULL, NULL, '69 100', 'Villeurbanne', 'jdupont',
             'jdupont', '2026-01-05T08:00:00Z', 'client', 'C001', '2026-01-05', NULL),
           ('{P4}', 'person', 'Dupré', 'Anaïs', NULL, '42000', 'Saint-Étienne', 'jdupont',
             'jdupont', '2026-11-10T08:00:00Z', 'lead', NULL, NULL, NULL);
         INSERT INTO action (id, party_id, action_type, date, outcome, owner, created_by, created_at) VALUES
           ('01JD0000000000000000000A02', '{P2}', 'appel', '2026-11-20', 'positive', 'luc', 'luc', 'x'),
           ('01JD0000000000000000000A04', '{P4}', 'note', '2026-11-15', NULL, 'jdupont', 'jdupont', 'x');
         INSERT INTO segment (id, name, kind, members, criteria, owner, created_by, created_at) VALUES
           ('{S1}', 'Rhône', 'criteria', NULL, '{{"postal_prefix":"69"}}', 'jdupont', 'jdupont', 'x'),
           ('{S2}', 'À rappeler', 'list', '["{P2}","{P4}"]', NULL, 'jdupont', 'jdupont', 'x');"#
    ))
    .unwrap();
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn laptop() -> Laptop {
    Laptop::new(snapshot)
}

/// The ids of the parties `criteria` hold on the laptop, by name.
fn held(laptop: &mut Laptop, criteria: SegmentCriteria) -> Vec<String> {
    criteria.check().unwrap();
    let segment = SegmentLine {
        id: S1.into(),
        name: "test".into(),
        kind: SegmentKind::Criteria,
        criteria: Some(criteria),
        members: Vec::new(),
        owner: "jdupont".into(),
        pending: false,
    };
    laptop.with(|_, w| {
        members_of(w.reader, &segment)
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect()
    })
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn criteria_input(name: &str, criteria: SegmentCriteria) -> SegmentInput {
    SegmentInput {
        name: name.into(),
        kind: SegmentKind::Criteria,
        criteria: Some(criteria),
    }
}

/// The one field a refusal names, and its code.
fn refused<T: std::fmt::Debug>(result: crate::error::Result<T>) -> (String, String) {
    match result {
        Err(FieldError::Rules(rules)) if rules.len() == 1 => match &rules[0] {
            RuleError::Domain(e) => (e.field().to_string(), e.code().to_string()),
            RuleError::App(r) => (r.field().to_string(), r.code().to_string()),
        },
        other => panic!("expected one refused rule, got {other:?}"),
    }
}

/// Every record change in the outbox, read back by the server's reader.
fn outbox_records(laptop: &Laptop) -> Vec<tournee_sync::RecordChange> {
    laptop
        .outbox_files()
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(path).unwrap();
            match parse_change_file(&name, &bytes, MAX_FILE_BYTES)
                .unwrap()
                .body
            {
                ChangeBody::RC(change) => *change,
                other => panic!("not a record change: {other:?}"),
            }
        })
        .collect()
}

#[test]
fn each_criterion_keeps_only_the_parties_meeting_it() {
    let mut laptop = laptop();
    let c = SegmentCriteria::default;
    let statuses = SegmentCriteria {
        statuses: vec![Status::Lead],
        ..c()
    };
    assert_eq!(held(&mut laptop, statuses), ids(&[P1, P4]));
    let campaign = SegmentCriteria {
        campaign: Some(C1.into()),
        ..c()
    };
    assert_eq!(held(&mut laptop, campaign), ids(&[P1]));
    let owner = SegmentCriteria {
        owner: Some("luc".into()),
        ..c()
    };
    assert_eq!(held(&mut laptop, owner), ids(&[P2]));
    // « 69 » finds « 69 100 » too: spaces do not count.
    let prefix = SegmentCriteria {
        postal_prefix: Some("69".into()),
        ..c()
    };
    assert_eq!(held(&mut laptop, prefix), ids(&[P1, P3]));
    let city = SegmentCriteria {
        city: Some("saint etienne".into()),
        ..c()
    };
    assert_eq!(held(&mut laptop, city), ids(&[P4]));
    let created = SegmentCriteria {
        created_from: Some("2026-10-01".into()),
        created_to: Some("2026-11-01".into()),
        ..c()
    };
    assert_eq!(held(&mut laptop, created), ids(&[P2, P1]));
    // Today is 21 November: P1 and P3 never had an action (idle since their creation),
    // P4's note was 6 days ago, P2's call 1 day ago.
    let idle = SegmentCriteria {
        idle_days: Some(6),
        ..c()
    };
    assert_eq!(held(&mut laptop, idle), ids(&[P1, P4, P3]));
}

#[test]
fn a_minimum_score_keeps_the_leads_and_prospects_scoring_that_much() {
    let mut laptop = laptop();
    let score_of = |laptop: &mut Laptop, id: &str| {
        laptop.with(|_, w| {
            w.reader
                .contact_page(id)
                .unwrap()
                .unwrap()
                .score
                .unwrap()
                .total
        })
    };
    let p1 = u32::from(score_of(&mut laptop, P1));
    let p2 = u32::from(score_of(&mut laptop, P2));
    assert!(
        p2 > p1,
        "a prospect called yesterday scores above a lead never reached"
    );
    let at_least = |min| SegmentCriteria {
        min_score: Some(min),
        ..SegmentCriteria::default()
    };
    assert_eq!(held(&mut laptop, at_least(p2)), ids(&[P2]));
    assert!(
        !held(&mut laptop, at_least(p1)).contains(&P3.to_string()),
        "a client has no score"
    );
    assert!(held(&mut laptop, at_least(p2 + 1)).is_empty());
}

#[test]
fn what_was_typed_offline_is_laid_over_before_the_criteria() {
    let mut laptop = laptop();
    let rhone = SegmentCriteria {
        postal_prefix: Some("69".into()),
        ..SegmentCriteria::default()
    };
    // A party typed offline in Lyon, P4 moved to Lyon, P1 deleted.
    let created = laptop.with(|local, w| {
        let party = PartyInput {
            kind: PartyKindDto::Company,
            name: "Traiteur Rhodanien".into(),
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
        };
        let created = w.create_party(local, &party, true).unwrap().id;
        let mut moved = party.clone();
        moved.kind = PartyKindDto::Person;
        moved.name = "Dupré".into();
        moved.first_name = Some("Anaïs".into());
        moved.postal_code = Some("69002".into());
        w.update_party(local, P4, &moved).unwrap();
        w.delete_party(local, P1).unwrap();
        created
    });
    let mut expected = ids(&[P4, P3]);
    expected.push(created.clone());
    let mut held_now = held(&mut laptop, rhone);
    held_now.sort();
    expected.sort();
    assert_eq!(held_now, expected);
    // A call logged offline makes P4 a prospect: it leaves the leads' segment, and its
    // idle days start again.
    laptop.with(|local, w| {
        let call = ActionInput {
            party_id: P4.into(),
            person_id: None,
            action_type: "appel".into(),
            date: "2026-11-21".into(),
            time: None,
            comment: None,
            outcome: Some(ActionOutcome::Positive),
            reminders: Vec::new(),
        };
        w.log_action(local, &call).unwrap();
    });
    let leads = SegmentCriteria {
        statuses: vec![Status::Lead],
        ..SegmentCriteria::default()
    };
    assert_eq!(held(&mut laptop, leads), ids(&[created.as_str()]));
    // P2's call was yesterday; the party typed today and P4 called today are not idle.
    let idle = SegmentCriteria {
        idle_days: Some(1),
        ..SegmentCriteria::default()
    };
    assert_eq!(held(&mut laptop, idle), ids(&[P2, P3]));
}

#[test]
fn segments_created_offline_are_listed_with_the_snapshots_and_bad_criteria_name_their_field() {
    let mut laptop = laptop();
    let written = laptop.with(|local, w| {
        let input = criteria_input(
            "Pistes du salon",
            SegmentCriteria {
                campaign: Some(C1.into()),
                statuses: vec![Status::Lead],
                ..SegmentCriteria::default()
            },
        );
        w.create_segment(local, &input).unwrap()
    });
    let names: Vec<String> = laptop.with(|_, w| {
        segments(w.reader)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    });
    assert_eq!(names, ["À rappeler", "Pistes du salon", "Rhône"]);
    let page = laptop.with(|_, w| segment_parties(w.reader, &written.id).unwrap().unwrap());
    assert!(page.segment.pending);
    assert_eq!(page.total, 1);
    assert_eq!(page.parties[0].id, P1);
    let records = outbox_records(&laptop);
    assert_eq!(records.len(), 1);
    assert!(matches!(records[0].fields, RecordFields::Segment(_)));

    let bad = |criteria| criteria_input("Mauvais", criteria);
    let idle = bad(SegmentCriteria {
        idle_days: Some(0),
        ..SegmentCriteria::default()
    });
    let unknown_campaign = bad(SegmentCriteria {
        campaign: Some("01JD0000000000000000000C09".into()),
        ..SegmentCriteria::default()
    });
    let unknown_owner = bad(SegmentCriteria {
        owner: Some("paul".into()),
        ..SegmentCriteria::default()
    });
    let nameless = SegmentInput {
        name: "  ".into(),
        ..bad(SegmentCriteria {
            idle_days: Some(3),
            ..SegmentCriteria::default()
        })
    };
    let without = SegmentInput {
        criteria: None,
        ..bad(SegmentCriteria::default())
    };
    laptop.with(|local, w| {
        assert_eq!(refused(w.create_segment(local, &idle)).0, "idle_days");
        assert_eq!(
            refused(w.create_segment(local, &unknown_campaign)),
            ("campaign".into(), "unknown_choice".into())
        );
        assert_eq!(refused(w.create_segment(local, &unknown_owner)).0, "owner");
        assert_eq!(
            refused(w.create_segment(local, &nameless)),
            ("name".into(), "missing_mandatory".into())
        );
        assert_eq!(refused(w.create_segment(local, &without)).0, "criteria");
    });
    assert_eq!(
        outbox_records(&laptop).len(),
        1,
        "nothing refused was written"
    );
}

#[test]
fn a_list_is_filled_from_contact_pages_and_refuses_a_party_twice() {
    let mut laptop = laptop();
    laptop.with(|local, w| w.change_segment_members(local, S2, P1, true).unwrap());
    laptop.with(|local, w| {
        assert_eq!(
            refused(w.change_segment_members(local, S2, P2, true)),
            ("members".into(), "value_unchanged".into())
        );
        assert_eq!(
            refused(w.change_segment_members(local, S1, P2, true)).0,
            "segment_id",
            "criteria hold no members"
        );
    });
    let page = laptop.with(|_, w| segment_parties(w.reader, S2).unwrap().unwrap());
    let names: Vec<&str> = page.parties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Bains Leroy", "Cuisines Dubois", "Dupré"]);
    assert_eq!(page.parties[0].owner, "luc");
    laptop.with(|local, w| w.change_segment_members(local, S2, P2, false).unwrap());
    let page = laptop.with(|_, w| segment_parties(w.reader, S2).unwrap().unwrap());
    assert_eq!(page.segment.members, ids(&[P4, P1]));
    assert_eq!(page.total, 2);
}

#[test]
fn an_assignment_writes_one_owner_update_per_party_the_policy_lets_and_counts_the_rest() {
    let mut laptop = laptop();
    // Each command reads the pending changes anew, as the app's commands do.
    laptop.with(|local, w| w.change_segment_members(local, S2, P3, true).unwrap());
    laptop.with(|local, w| w.change_segment_members(local, S2, P1, true).unwrap());
    let before = outbox_records(&laptop).len();
    let result = laptop.with(|local, w| w.assign_segment(local, S2, "marie").unwrap());
    // P1 and P4 are jdupont's: written; P2 is luc's (a rep writes his own only); P3 is an
    // ERP client's party, whose owner is the client's.
    assert_eq!(
        (
            result.written,
            result.not_allowed,
            result.linked,
            result.already
        ),
        (2, 1, 1, 0)
    );
    assert!(!result.waiting_for_server);
    let written: Vec<(String, String)> = outbox_records(&laptop)[before..]
        .iter()
        .map(|change| match &change.fields {
            RecordFields::Party(fields) => (
                change.id.clone(),
                fields.owner.value().cloned().unwrap_or_default(),
            ),
            other => panic!("a party update: {other:?}"),
        })
        .collect();
    let mut written_ids: Vec<&str> = written.iter().map(|(id, _)| id.as_str()).collect();
    written_ids.sort_unstable();
    assert_eq!(written_ids, [P1, P4]);
    assert!(written.iter().all(|(_, owner)| owner == "marie"));
    // Laid over at once: assigning them again to marie writes nothing.
    let again = laptop.with(|local, w| w.assign_segment(local, S2, "marie").unwrap());
    assert_eq!((again.written, again.already), (0, 2));
    let unknown = laptop.with(|local, w| w.assign_segment(local, S2, "paul"));
    assert_eq!(refused(unknown), ("owner".into(), "unknown_choice".into()));
}

#[test]
fn a_segment_renamed_and_deleted_offline_shows_so_at_once() {
    let mut laptop = laptop();
    let input = laptop.with(|local, w| {
        let input = criteria_input(
            "Rhône et Loire",
            SegmentCriteria {
                postal_prefix: Some("69".into()),
                ..SegmentCriteria::default()
            },
        );
        w.update_segment(local, S1, &input).unwrap();
        w.delete_segment(local, S2).unwrap();
        input
    });
    laptop.with(|local, w| {
        assert_eq!(
            refused(w.update_segment(local, S1, &input)),
            ("name".into(), "nothing_changed".into())
        );
    });
    let names: Vec<String> = laptop.with(|_, w| {
        segments(w.reader)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    });
    assert_eq!(names, ["Rhône et Loire"]);
}
