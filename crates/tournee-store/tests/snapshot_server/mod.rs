//! The snapshot tests' server: a master on a real SQLite file with reps jdupont (in luc's
//! team « Nord ») and mmartin (in no team), manager luc and admin slefebvre, record
//! changes integrated through the real `RC` path, and snapshots made by the real
//! generator. Shared by the opportunity and quote snapshot tests.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{params, Connection};
use serde_json::Value;
use tournee_core::Role;
use tournee_store::{add_member, create_team, set_leader, set_user_role};
use tournee_store::{generate, integrate_batch, open_master};
use tournee_store::{Delivery, IntegrationContext, Outcome, Parameters};
use tournee_store::{Regeneration, SnapshotReport, SnapshotRequest};
use tournee_sync::{parse_record, read_manifest, ChangeBody, Envelope};

/// The master and where its snapshots go.
pub struct Server {
    pub dir: tempfile::TempDir,
    pub master: Connection,
    next: u32,
}

/// The instant every change arrives and every snapshot is made at.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

/// Reps jdupont (in luc's team « Nord ») and mmartin (in no team), manager luc, admin
/// slefebvre.
pub fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let master = open_master(&dir.path().join("master.sqlite")).unwrap();
    for (login, code, admin) in [
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("luc", "LU03", false),
        ("slefebvre", "SL04", true),
    ] {
        master
            .execute(
                "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) \
                 VALUES (?1, ?2, ?3, ?1, ?4)",
                params![login, code, format!("{login}@example.fr"), admin],
            )
            .unwrap();
    }
    set_user_role(&master, "luc", Role::Manager).unwrap();
    let team = create_team(&master, "Nord").unwrap();
    for member in ["jdupont", "luc"] {
        add_member(&master, team, member, false).unwrap();
    }
    set_leader(&master, team, "luc", true).unwrap();
    Server {
        dir,
        master,
        next: 100,
    }
}

impl Server {
    /// Integrates one record change by `user`, made at `at` (RFC 3339).
    pub fn integrate(&mut self, user: &str, at: &str, payload: Value) {
        self.next += 1;
        let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
        let envelope = Envelope {
            spec: 2,
            change_id: format!("01JD00000000000000000C{:04}", self.next),
            user: user.into(),
            device: "PC".into(),
            created_at: DateTime::parse_from_rfc3339(at).unwrap(),
            body: ChangeBody::RC(Box::new(change)),
        };
        let delivery = Delivery {
            folder_owner: user.into(),
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
        let outcome = integrate_batch(&mut self.master, &ctx, &[delivery])
            .unwrap()
            .remove(0);
        assert_eq!(outcome, Outcome::Integrated, "{payload}");
    }

    /// Makes every user's snapshot.
    pub fn generate(&self, regeneration: Regeneration) -> Vec<SnapshotReport> {
        let root = self.dir.path().join("out");
        generate(&SnapshotRequest {
            master_path: self.dir.path().join("master.sqlite"),
            snapshots_root: root.join("snapshots"),
            build_root: root.join("build"),
            users: None,
            now: now(),
            params: Parameters::default(),
            regeneration,
        })
        .unwrap()
    }

    /// The database file published for `user`.
    pub fn published(&self, user: &str) -> PathBuf {
        let folder = self.dir.path().join("out").join("snapshots").join(user);
        folder.join(read_manifest(&folder).unwrap().database)
    }
}
