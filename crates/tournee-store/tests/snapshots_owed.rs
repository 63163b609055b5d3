//! Whose snapshots an integration owes a patch (`snapshot/owed.rs`), checked against the
//! snapshots themselves: after each change, every user's file is rebuilt from the master and
//! its records compared with the file before the change; **every user whose records moved
//! must be among those owed**, whatever the change (a party, a visit to a colleague's client,
//! a reassignment, a lead entering the pool and taken from it, a meeting planned for a
//! colleague). And the answer is not « everyone »: a rep of another team is left alone when
//! nothing of theirs moved.
//!
//! The policy makes the scopes differ: reps read their own records, the manager the team's,
//! the observer and the admin everything.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::{params, Connection};
use serde_json::{json, Value};
use tournee_store::{
    generate, integrate_deliveries, open_master, snapshots_owed, Delivery, IntegrationContext,
    Outcome, Parameters, Regeneration, SnapshotRequest, Written,
};
use tournee_sync::{parse_record, read_manifest, ChangeBody, ClientVisit, Envelope, VisitReport};

const PARTY: &str = "01JD0000000000000000000P01";
const LEAD: &str = "01JD0000000000000000000P02";
const MEETING: &str = "01JD0000000000000000000M01";
/// A client of mmartin's (team Sud) and one of jdupont's (team Nord).
const MM_CLIENT: &str = "C000201";
const JD_CLIENT: &str = "C000101";

/// The tables a user's records live in (the clients' shared rows are not the policy's).
const RECORD_TABLES: [&str; 8] = [
    "party",
    "person",
    "action",
    "todo",
    "meeting",
    "opportunity",
    "segment",
    "client_relation",
];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

struct World {
    dir: tempfile::TempDir,
    master: Connection,
    next: u32,
    /// Each user's records in the last files built.
    seen: BTreeMap<String, Vec<String>>,
}

/// slefebvre (admin), luc (manager leading Nord), jdupont (rep, Nord), mmartin (rep, Sud),
/// olga (observer); reps read their own, the manager the team's.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let master = open_master(&dir.path().join("master.sqlite")).unwrap();
    for (login, code, role) in [
        ("slefebvre", "SL04", "admin"),
        ("luc", "LU01", "manager"),
        ("jdupont", "JD01", "rep"),
        ("mmartin", "MM02", "rep"),
        ("olga", "OL01", "observer"),
    ] {
        master
            .execute(
                "INSERT INTO app_user (windows_user, erp_code, email, display_name, role, is_admin) \
                 VALUES (?1, ?2, ?3, ?1, ?4, ?5)",
                params![login, code, format!("{login}@example.fr"), role, role == "admin"],
            )
            .unwrap();
    }
    master
        .execute_batch(
            "INSERT INTO team (id, name) VALUES (1, 'Nord'), (2, 'Sud');
             INSERT INTO team_member (team_id, windows_user, leads) VALUES
               (1, 'luc', 1), (1, 'jdupont', 0), (2, 'mmartin', 0);",
        )
        .unwrap();
    master
        .execute(
            "INSERT INTO client (c_client, nom_client, c_rep, actif) VALUES (?1, 'Garage Nord', 'JD01', 1), (?2, 'Garage Sud', 'MM02', 1)",
            [JD_CLIENT, MM_CLIENT],
        )
        .unwrap();
    let mut grants = serde_json::Map::new();
    for (role, scope) in [("manager", "team"), ("rep", "own"), ("observer", "all")] {
        let entities: serde_json::Map<String, Value> = [
            "party",
            "person",
            "action",
            "action_reply",
            "todo",
            "client",
            "prospect",
            "visit",
            "modification_request",
            "campaign",
            "meeting",
            "call",
            "opportunity",
            "quote",
            "segment",
        ]
        .iter()
        .map(|e| {
            let write = if role == "observer" { "none" } else { scope };
            (e.to_string(), json!({"read": scope, "write": write}))
        })
        .collect();
        grants.insert(role.into(), Value::Object(entities));
    }
    let policy = json!({"version": 1, "grants": grants}).to_string();
    master
        .execute(
            "INSERT INTO policy (id, document, changed_by, changed_at) VALUES (1, ?1, 'test', '2026-11-01T00:00:00Z')",
            [policy],
        )
        .unwrap();
    let mut world = World {
        dir,
        master,
        next: 100,
        seen: BTreeMap::new(),
    };
    world.seen = world.records_now(0);
    world
}

impl World {
    fn envelope(&mut self, user: &str, body: ChangeBody) -> Envelope {
        self.next += 1;
        Envelope {
            spec: 2,
            change_id: format!("01JD00000000000000000C{:04}", self.next),
            user: user.into(),
            device: "PC".into(),
            created_at: DateTime::parse_from_rfc3339("2026-11-21T10:00:00+01:00").unwrap(),
            body,
        }
    }

    /// Integrates one change as the server's pass does (the record's owners read around
    /// the batch), and returns the users owed a patch.
    fn integrate(&mut self, envelope: Envelope) -> BTreeSet<String> {
        let delivery = Delivery {
            folder_owner: envelope.user.clone(),
            file_name: envelope.file_name().to_string(),
            parsed: Ok(envelope),
            signature: None,
            arrived_at: now(),
            precheck: None,
            arrival: None,
        };
        let ctx = IntegrationContext {
            now: now(),
            params: Parameters::default(),
        };
        let deliveries = [delivery];
        let mut written = Written::default();
        let tx = self.master.transaction().unwrap();
        let before = Written::before(&tx, &deliveries).unwrap();
        let outcomes = integrate_deliveries(&tx, &ctx, &deliveries).unwrap();
        assert_eq!(
            outcomes,
            [Outcome::Integrated],
            "{:?}",
            deliveries[0].parsed
        );
        written.note(&tx, &deliveries, &outcomes, before).unwrap();
        tx.commit().unwrap();
        snapshots_owed(&self.master, &written).unwrap()
    }

    fn record(&mut self, user: &str, payload: Value) -> BTreeSet<String> {
        let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
        let envelope = self.envelope(user, ChangeBody::RC(Box::new(change)));
        self.integrate(envelope)
    }

    fn visit(&mut self, user: &str, client: &str) -> BTreeSet<String> {
        let body = ChangeBody::VC(ClientVisit {
            client_code: client.into(),
            visit: VisitReport {
                visit_date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
                visit_time: "09:30".into(),
                comment: "passage".into(),
                answers: BTreeMap::from([(
                    "type_contact".to_string(),
                    tournee_sync::Answer::One("visite".into()),
                )]),
            },
        });
        let envelope = self.envelope(user, body);
        self.integrate(envelope)
    }

    /// Every user's records in files rebuilt now (under `step/`).
    fn records_now(&self, step: u32) -> BTreeMap<String, Vec<String>> {
        let root = self.dir.path().join(format!("step{step}"));
        let reports = generate(&SnapshotRequest {
            master_path: self.dir.path().join("master.sqlite"),
            snapshots_root: root.join("snapshots"),
            build_root: root.join("build"),
            users: None,
            now: now(),
            params: Parameters::default(),
            regeneration: Regeneration::Rebuild,
        })
        .unwrap();
        reports
            .iter()
            .map(|r| {
                let folder = root.join("snapshots").join(&r.user);
                let file = folder.join(read_manifest(&folder).unwrap().database);
                (r.user.clone(), records_in(&file))
            })
            .collect()
    }

    /// Applies a change, then checks that every user whose records moved was owed;
    /// returns (owed, moved).
    fn step(
        &mut self,
        n: u32,
        change: impl FnOnce(&mut Self) -> BTreeSet<String>,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let owed = change(self);
        let now = self.records_now(n);
        let moved: BTreeSet<String> = now
            .iter()
            .filter(|(user, records)| self.seen.get(*user) != Some(records))
            .map(|(user, _)| user.clone())
            .collect();
        assert!(
            moved.is_subset(&owed),
            "step {n}: moved {moved:?} but only {owed:?} were owed a patch"
        );
        assert!(
            !moved.is_empty(),
            "step {n} changed nobody's records: the test lost its teeth"
        );
        self.seen = now;
        (owed, moved)
    }
}

/// The rows of the record tables, as text, table by table.
fn records_in(file: &Path) -> Vec<String> {
    let conn = Connection::open(file).unwrap();
    let mut rows = Vec::new();
    for table in RECORD_TABLES {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let width = statement.column_count();
        let mut query = statement.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<String> = (0..width)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            rows.push(format!("{table}: {}", values.join("|")));
        }
    }
    rows
}

fn set(users: &[&str]) -> BTreeSet<String> {
    users.iter().map(|u| u.to_string()).collect()
}

#[test]
fn every_user_whose_records_an_integration_moves_is_owed_a_patch_and_no_one_else_of_another_team() {
    let mut w = world();

    // A party of jdupont's: his, his manager's, the observer's and the admin's files.
    let (owed, moved) = w.step(1, |w| {
        w.record(
            "jdupont",
            json!({"entity": "party", "op": "create", "id": PARTY,
                   "fields": {"kind": "company", "name": "Garage Dupont", "city": "Lyon"}}),
        )
    });
    assert_eq!(moved, set(&["jdupont", "luc", "olga", "slefebvre"]));
    assert!(
        !owed.contains("mmartin"),
        "a rep of another team is left alone: {owed:?}"
    );

    // jdupont visits mmartin's client: the visit is in mmartin's portfolio.
    let (owed, moved) = w.step(2, |w| w.visit("jdupont", MM_CLIENT));
    assert!(moved.contains("mmartin"), "{moved:?}");
    assert!(owed.contains("mmartin"));

    // His own client's visit: not mmartin's business.
    let (owed, _) = w.step(3, |w| w.visit("jdupont", JD_CLIENT));
    assert!(!owed.contains("mmartin"), "{owed:?}");

    // The manager hands the party to mmartin: it leaves jdupont's file (the former owner,
    // who wrote nothing) and enters mmartin's.
    let (owed, moved) = w.step(4, |w| {
        w.record(
            "luc",
            json!({"entity": "party", "op": "update", "id": PARTY, "fields": {"owner": "mmartin"}}),
        )
    });
    assert!(
        moved.is_superset(&set(&["jdupont", "mmartin"])),
        "{moved:?}"
    );
    assert!(owed.contains("jdupont"));

    // A lead left in the pool reaches every reader of parties, and so does its take.
    let (_, moved) = w.step(5, |w| {
        w.record(
            "jdupont",
            json!({"entity": "party", "op": "create", "id": LEAD,
                   "fields": {"kind": "company", "name": "Pneus Rivière", "owner": null}}),
        )
    });
    assert!(moved.contains("mmartin"), "{moved:?}");
    let (_, moved) = w.step(6, |w| {
        w.record(
            "mmartin",
            json!({"entity": "party", "op": "update", "id": LEAD, "fields": {"owner": "mmartin"}}),
        )
    });
    assert!(
        moved.contains("jdupont"),
        "the taken lead leaves the others' files: {moved:?}"
    );

    // mmartin plans a meeting on her lead for jdupont: it travels to him as its attendee.
    let (owed, moved) = w.step(7, |w| {
        w.record(
            "mmartin",
            json!({"entity": "meeting", "op": "create", "id": MEETING, "fields": {
                "party_id": LEAD, "attendee": "jdupont", "place": "Chez le client",
                "starts_at": "2026-12-02T09:00:00Z", "ends_at": "2026-12-02T10:00:00Z",
                "subject": "Présentation"}}),
        )
    });
    assert!(moved.contains("mmartin"), "{moved:?}");
    assert!(owed.contains("jdupont"), "{owed:?}");
}
