//! Campaigns, business cards, calls and meetings written on a test laptop over a real
//! snapshot file, `local.sqlite` and an outbox: each write is checked before its file is
//! written, the file is read back by the server's own reader, and what was typed offline
//! shows at once in the campaign's page, the calendar and the party's last 15 days.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use tournee_sync::{parse_change_file, ChangeBody, RecordFields, MAX_FILE_BYTES};

use super::*;
use crate::dto::{
    ActionOutcome, CallInput, CampaignInput, LeadCardInput, MeetingInput, RecordWritten,
};
use crate::error::{FieldError, RuleError};
use crate::test_laptop::Laptop;

const C1: &str = "01JD0000000000000000000C01";
const P1: &str = "01JD0000000000000000000P01";
const P2: &str = "01JD0000000000000000000P02";
const O1: &str = "01JD0000000000000000000Q01";
const O2: &str = "01JD0000000000000000000Q02";

/// A campaign with one lead, a second party of luc's (jdupont reads it, as the policy of
/// brief 004 lets), an opportunity on each, two users and a meeting to come.
fn snapshot(dir: &Path) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO config VALUES ('accepted_specs', '[1,2]');
         INSERT INTO app_user VALUES ('jdupont', 'JD', 'Jean Dupont', 0), ('luc', 'LU', 'Luc Bernard', 0);
         INSERT INTO campaign (id, name, starts_on, ends_on, place, cost_cents, owner, created_by, created_at) VALUES
           ('{C1}', 'House & Design 2026', '2026-11-18', '2026-11-20', 'Paris', 1250000, 'jdupont', 'jdupont', 'x');
         INSERT INTO party (id, kind, name, first_name, phone, owner, created_by, created_at, status, campaign) VALUES
           ('{P1}', 'company', 'Cuisines Dubois', NULL, '0145000000', 'jdupont', 'jdupont', 'x', 'lead', '{C1}'),
           ('{P2}', 'company', 'Bains Leroy', NULL, NULL, 'luc', 'luc', 'x', 'prospect', NULL);
         INSERT INTO opportunity (id, party_id, title, value_cents, expected_close, pipeline, stage,
             status, loss_reason, closed_at, owner, created_by, created_at) VALUES
           ('{O1}', '{P1}', 'Cuisine', 500000, NULL, 'standard', 'qualification', 'open', NULL, NULL,
             'jdupont', 'jdupont', '2026-11-19T09:00:00Z'),
           ('{O2}', '{P2}', 'Salle de bain', 300000, NULL, 'standard', 'qualification', 'open', NULL, NULL,
             'luc', 'luc', '2026-11-19T09:00:00Z');
         INSERT INTO meeting (id, party_id, attendee, place, starts_at, ends_at, subject, status, owner, created_by, created_at) VALUES
           ('M1', '{P2}', 'luc', 'Chez le client', '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', 'Devis', 'planned', 'luc', 'luc', 'x');"
    ))
    .unwrap();
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// The `days` days up to `today`, on a laptop whose clock is at UTC.
fn window(today: chrono::NaiveDate, days: u32) -> LocalWindow {
    let noon = today
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .fixed_offset();
    LocalWindow::last_days(noon, days)
}

fn laptop() -> Laptop {
    Laptop::new(snapshot)
}

fn card(company: &str, last: &str, phone: &str, email: &str) -> LeadCardInput {
    let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
    LeadCardInput {
        campaign_id: C1.into(),
        company: some(company),
        first_name: some("Anne"),
        last_name: some(last),
        phone: some(phone),
        email: some(email),
        notes: Some("Stand 7, veut un devis".into()),
        allow_duplicates: false,
    }
}

fn meeting(attendee: &str, starts_at: &str, duration: u32) -> MeetingInput {
    MeetingInput {
        party_id: P2.into(),
        opportunity: Some(O2.into()),
        attendee: attendee.into(),
        starts_at: starts_at.into(),
        duration_minutes: duration,
        place: Some("Showroom".into()),
        subject: "Projet salle de bain".into(),
        notes: None,
    }
}

/// The one field a refusal names, and its code.
fn refused(result: crate::error::Result<RecordWritten>) -> (String, String) {
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
fn a_campaign_created_offline_is_listed_at_once_with_its_cost_in_cents() {
    let mut laptop = laptop();
    let input = CampaignInput {
        name: "Salon Habitat 2027".into(),
        starts_on: "2027-03-10".into(),
        ends_on: Some("2027-03-12".into()),
        place: Some("Lyon, Eurexpo".into()),
        cost_cents: Some(850_000),
        notes: None,
    };
    let written = laptop.with(|local, w| w.create_campaign(local, &input).unwrap());
    let list = laptop.with(|_, w| campaigns(w.reader).unwrap());
    let names: Vec<(&str, bool)> = list.iter().map(|c| (c.name.as_str(), c.pending)).collect();
    assert_eq!(
        names,
        [("Salon Habitat 2027", true), ("House & Design 2026", false)],
        "newest first, the one typed here pending"
    );
    assert_eq!(
        (list[0].id.as_str(), list[0].cost_cents),
        (written.id.as_str(), Some(850_000))
    );
    let files = outbox_records(&laptop);
    assert!(
        matches!(&files[0].fields, RecordFields::Campaign(f) if f.cost_cents.value() == Some(&850_000))
    );

    let upside_down = CampaignInput {
        ends_on: Some("2027-03-01".into()),
        ..input.clone()
    };
    assert_eq!(
        refused(laptop.with(|local, w| w.create_campaign(local, &upside_down))),
        ("ends_on".into(), "invalid_format".into())
    );
    let too_dear = CampaignInput {
        cost_cents: Some(-5),
        ..input.clone()
    };
    assert_eq!(
        refused(laptop.with(|local, w| w.create_campaign(local, &too_dear))),
        ("cost_cents".into(), "invalid_format".into())
    );
    let nameless = CampaignInput {
        name: "  ".into(),
        ..input
    };
    assert_eq!(
        refused(laptop.with(|local, w| w.create_campaign(local, &nameless))),
        ("name".into(), "missing_mandatory".into())
    );
    assert_eq!(
        laptop.outbox_files().len(),
        1,
        "nothing refused was written"
    );
}

#[test]
fn cards_typed_under_a_campaign_are_leads_carrying_it_and_show_on_its_page_at_once() {
    let mut laptop = laptop();
    let company = card(
        "Menuiserie Blanc",
        "Blanc",
        "06 12 34 56 78",
        "anne@blanc.fr",
    );
    let private = card("", "Petit", "0611223344", "");
    let first = laptop.with(|local, w| w.add_lead_card(local, &company).unwrap());
    laptop.with(|local, w| w.add_lead_card(local, &private).unwrap());

    let page = laptop.with(|_, w| campaign_page(w.reader, C1).unwrap().unwrap());
    let leads: Vec<(&str, &str, bool)> = page
        .leads
        .iter()
        .map(|l| (l.name.as_str(), l.status.as_str(), l.pending))
        .collect();
    assert_eq!(
        leads,
        [
            ("Anne Petit", "lead", true),
            ("Cuisines Dubois", "lead", false),
            ("Menuiserie Blanc", "lead", true),
        ]
    );
    assert_eq!(page.campaign.leads, 3);
    assert_eq!(page.by_status, [("lead".to_string(), 3)]);
    let listed = laptop.with(|_, w| campaigns(w.reader).unwrap());
    assert_eq!((listed[0].leads, listed[0].pending), (3, true));

    // The company, then its person with the card's phone and e-mail; the private person
    // holds them herself. Every party names the campaign.
    let files = outbox_records(&laptop);
    assert_eq!(files.len(), 3);
    match (&files[0].fields, &files[1].fields, &files[2].fields) {
        (
            RecordFields::Party(company),
            RecordFields::Person(person),
            RecordFields::Party(private),
        ) => {
            assert_eq!(files[0].id, first.id);
            assert_eq!(company.campaign.value().map(String::as_str), Some(C1));
            assert_eq!(company.phone.value(), None);
            assert_eq!(person.party_id.value(), Some(&first.id));
            assert_eq!(
                person.email.value().map(String::as_str),
                Some("anne@blanc.fr")
            );
            assert_eq!(private.campaign.value().map(String::as_str), Some(C1));
            assert_eq!(private.first_name.value().map(String::as_str), Some("Anne"));
            assert!(private.phone.value().is_some());
        }
        other => panic!("unexpected files: {other:?}"),
    }
}

#[test]
fn a_card_is_refused_under_the_field_concerned_and_a_look_alike_asks_before_saving() {
    let mut laptop = laptop();
    let blank = card("", "", "", "");
    assert_eq!(
        refused(laptop.with(|local, w| w.add_lead_card(local, &blank))),
        ("company".into(), "missing_mandatory".into())
    );
    let bad_mail = card("Menuiserie Blanc", "Blanc", "", "anne-at-blanc");
    assert_eq!(
        refused(laptop.with(|local, w| w.add_lead_card(local, &bad_mail))),
        ("email".into(), "invalid_email".into())
    );
    let bad_phone = card("", "Petit", "12", "");
    assert_eq!(
        refused(laptop.with(|local, w| w.add_lead_card(local, &bad_phone))),
        ("phone".into(), "invalid_phone".into())
    );
    let elsewhere = LeadCardInput {
        campaign_id: P1.into(),
        ..card("Menuiserie Blanc", "Blanc", "", "")
    };
    assert_eq!(
        refused(laptop.with(|local, w| w.add_lead_card(local, &elsewhere))),
        ("campaign_id".into(), "unknown_choice".into())
    );
    assert!(
        laptop.outbox_files().is_empty(),
        "nothing refused was written"
    );

    // A second rep types the same stand's card: the look-alike is shown, then saved on
    // purpose.
    let first_name_only = card("Cuisines Dubois", "", "01 45 00 00 00", "");
    assert_eq!(
        refused(laptop.with(|local, w| w.add_lead_card(local, &first_name_only))),
        ("last_name".into(), "missing_mandatory".into()),
        "a first name on a company's card asks for the person's last name"
    );
    let dubois = LeadCardInput {
        first_name: None,
        ..first_name_only
    };
    match laptop.with(|local, w| w.add_lead_card(local, &dubois)) {
        Err(FieldError::Duplicates(found)) => assert_eq!(found[0].id, P1),
        other => panic!("expected the look-alike, got {other:?}"),
    }
    let anyway = LeadCardInput {
        allow_duplicates: true,
        ..dubois
    };
    laptop.with(|local, w| w.add_lead_card(local, &anyway).unwrap());
    assert_eq!(laptop.outbox_files().len(), 1);
}

#[test]
fn a_card_typed_here_under_a_campaign_shows_at_once_in_its_partys_last_fifteen_days() {
    let mut laptop = laptop();
    let typed = card("Verrières Petit", "Petit", "06 11 22 33 05", "luc@petit.fr");
    let written = laptop.with(|local, w| w.add_lead_card(local, &typed).unwrap());
    // The card is dated by the laptop's clock when it was saved (its change's ULID).
    let today = chrono::Utc::now().date_naive();
    let lines =
        laptop.with(|_, w| recent_activity(w.reader, &written.id, &window(today, 15)).unwrap());
    let seen: Vec<(ActivityKind, &str, &str, &str, bool)> = lines
        .iter()
        .map(|l| {
            (
                l.kind,
                l.id.as_str(),
                l.text.as_str(),
                l.by.as_str(),
                l.pending,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [(
            ActivityKind::Card,
            written.id.as_str(),
            "House & Design 2026",
            "jdupont",
            true
        )]
    );
    assert_eq!(lines[0].date, today.format("%Y-%m-%d").to_string());
    // A party recorded without a campaign has no card line.
    let plain = laptop.with(|_, w| recent_activity(w.reader, P2, &window(today, 15)).unwrap());
    assert!(
        plain.iter().all(|l| l.kind != ActivityKind::Card),
        "{plain:?}"
    );
}

#[test]
fn a_call_on_a_colleagues_party_about_its_opportunity_shows_in_its_last_fifteen_days() {
    let mut laptop = laptop();
    let call = CallInput {
        party_id: P2.into(),
        opportunity: Some(O2.into()),
        date: "2026-11-21".into(),
        time: Some("09:40".into()),
        comment: Some("Veut des armoires rouges".into()),
        outcome: Some(ActionOutcome::Positive),
    };
    let written = laptop.with(|local, w| w.log_call(local, &call).unwrap());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let lines = laptop.with(|_, w| recent_activity(w.reader, P2, &window(today, 15)).unwrap());
    let seen: Vec<(ActivityKind, &str, &str, bool)> = lines
        .iter()
        .map(|l| (l.kind, l.id.as_str(), l.code.as_str(), l.pending))
        .collect();
    assert_eq!(
        seen,
        [(ActivityKind::Action, written.id.as_str(), "appel", true)]
    );
    assert_eq!(lines[0].by, "jdupont");
    let files = outbox_records(&laptop);
    match &files[0].fields {
        RecordFields::Action(a) => {
            assert_eq!(a.opportunity.value().map(String::as_str), Some(O2));
            assert_eq!(a.action_type.value().map(String::as_str), Some("appel"));
        }
        other => panic!("not an action: {other:?}"),
    }

    let other_partys = CallInput {
        opportunity: Some(O1.into()),
        ..call.clone()
    };
    assert_eq!(
        refused(laptop.with(|local, w| w.log_call(local, &other_partys))),
        ("opportunity".into(), "unknown_choice".into())
    );
    let no_outcome = CallInput {
        outcome: None,
        ..call
    };
    assert_eq!(
        refused(laptop.with(|local, w| w.log_call(local, &no_outcome))),
        ("outcome".into(), "missing_mandatory".into())
    );
}

#[test]
fn a_meeting_planned_for_a_colleague_is_on_the_calendar_at_once_and_in_the_partys_activity() {
    let mut laptop = laptop();
    // The laptop's clock: 21 November 2026, 10:00 in Paris (09:00 UTC).
    let planned = meeting("luc", "2026-11-21T14:30:00Z", 90);
    let written = laptop.with(|local, w| w.plan_meeting(local, &planned).unwrap());
    let calendar = laptop.with(|_, w| meetings_from(w.reader, "2026-11-21T09:00:00Z").unwrap());
    let seen: Vec<(&str, &str, &str, &str, bool)> = calendar
        .iter()
        .map(|m| {
            (
                m.id.as_str(),
                m.attendee.as_str(),
                m.organiser.as_str(),
                m.ends_at.as_str(),
                m.pending,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                written.id.as_str(),
                "luc",
                "jdupont",
                "2026-11-21T16:00:00Z",
                true
            ),
            ("M1", "luc", "luc", "2026-11-23T10:00:00Z", false),
        ]
    );
    assert_eq!(calendar[0].status, "planned");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let lines = laptop.with(|_, w| recent_activity(w.reader, P2, &window(today, 15)).unwrap());
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.kind, l.time.as_deref()))
            .collect::<Vec<_>>(),
        [(ActivityKind::Meeting, Some("14:30"))]
    );
    let files = outbox_records(&laptop);
    match &files[0].fields {
        RecordFields::Meeting(m) => {
            assert_eq!(m.attendee.value().map(String::as_str), Some("luc"));
            assert_eq!(m.opportunity.value().map(String::as_str), Some(O2));
        }
        other => panic!("not a meeting: {other:?}"),
    }

    for (input, field, code) in [
        (
            meeting("paul", "2026-11-22T09:00:00Z", 60),
            "attendee",
            "unknown_choice",
        ),
        (
            meeting("luc", "2026-11-21T08:59:00Z", 60),
            "starts_at",
            "date_in_past",
        ),
        (meeting("luc", "demain", 60), "starts_at", "invalid_format"),
        (
            meeting("luc", "2026-11-22T09:00:00Z", 7),
            "duration_minutes",
            "unknown_choice",
        ),
        (
            MeetingInput {
                subject: String::new(),
                ..meeting("luc", "2026-11-22T09:00:00Z", 60)
            },
            "subject",
            "missing_mandatory",
        ),
    ] {
        assert_eq!(
            refused(laptop.with(|local, w| w.plan_meeting(local, &input))),
            (field.to_string(), code.to_string()),
            "{input:?}"
        );
    }
    assert_eq!(
        laptop.outbox_files().len(),
        1,
        "nothing refused was written"
    );
}

#[test]
fn a_snapshot_without_the_meeting_tables_still_shows_what_was_typed_here() {
    let mut laptop = Laptop::new(|dir| {
        let conn = snapshot(dir);
        let path = dir.join("snapshot.sqlite");
        drop(conn);
        let rw = Connection::open(&path).unwrap();
        rw.execute_batch("DROP TABLE meeting; DROP TABLE campaign;")
            .unwrap();
        drop(rw);
        Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    });
    laptop.with(|local, w| {
        w.plan_meeting(local, &meeting("luc", "2026-11-22T09:00:00Z", 60))
            .unwrap()
    });
    let calendar = laptop.with(|_, w| meetings_from(w.reader, "2026-11-21T09:00:00Z").unwrap());
    assert_eq!(calendar.len(), 1);
    assert!(laptop.with(|_, w| campaigns(w.reader).unwrap()).is_empty());
}
