//! The user's own `config` rows in real snapshot files (sync-spec §7, « The user's own
//! rows »; issue 15): `grants` says what the policy in force lets the user's role read and
//! write, so the app can hide « Nouvelle campagne » from a rep under brief 003's policy;
//! `refusal_details` carries the detail of a refused change the manifest only names by its
//! reason, so a refused take of a pool lead names its taker on the laptop.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use common::{deliver_at, master_with, rc, Master};
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value};
use tournee_core::{Policy, PolicyDocument, Role};
use tournee_store::{generate, save_policy, set_user_role, Outcome, Parameters};
use tournee_store::{Regeneration, SnapshotRequest};
use tournee_sync::read_manifest;

const NOW: &str = "2026-11-21T12:00:00Z";
const LEAD: &str = "01JD0000000000000000000P02";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

/// Reps jdupont and mmartin, accueil who types cards in, observer oobs, admin slefebvre.
fn master() -> Master {
    let m = master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("accueil", "AC05", false),
        ("oobs", "OB06", false),
        ("slefebvre", "SL04", true),
    ]);
    set_user_role(&m.conn, "oobs", Role::Observer).unwrap();
    m
}

/// The master's folder (the master is `tournee.sqlite` in it).
fn folder(m: &Master) -> PathBuf {
    let path: String = m
        .conn
        .query_row(
            "SELECT file FROM pragma_database_list WHERE name = 'main'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    Path::new(&path).parent().unwrap().to_path_buf()
}

/// Generates every user's snapshot under the master's folder.
fn snapshots(m: &Master, regeneration: Regeneration) {
    let dir = folder(m);
    generate(&SnapshotRequest {
        master_path: dir.join("tournee.sqlite"),
        snapshots_root: dir.join("snapshots"),
        build_root: dir.join("build"),
        users: None,
        now: now(),
        params: Parameters::default(),
        regeneration,
    })
    .unwrap();
}

/// `user`'s published snapshot database, opened read-only.
fn snapshot_of(m: &Master, user: &str) -> Connection {
    let dir = folder(m).join("snapshots").join(user);
    let file = dir.join(read_manifest(&dir).unwrap().database);
    Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// The `config` row `key` of `user`'s snapshot, as JSON.
fn config(m: &Master, user: &str, key: &str) -> Value {
    let text: String = snapshot_of(m, user)
        .query_row("SELECT value_json FROM config WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn grant(m: &Master, user: &str, entity: &str) -> Value {
    config(m, user, "grants")[entity].clone()
}

#[test]
fn a_rep_under_the_built_in_policy_may_read_campaigns_but_not_write_them() {
    let m = master();
    snapshots(&m, Regeneration::Rebuild);
    assert_eq!(
        grant(&m, "jdupont", "campaign"),
        json!({"read": "all", "write": "none"})
    );
    assert_eq!(
        grant(&m, "jdupont", "party"),
        json!({"read": "own", "write": "own"})
    );
    assert_eq!(
        grant(&m, "oobs", "party"),
        json!({"read": "all", "write": "none"}),
        "an observer never writes, so never takes a lead"
    );
    assert_eq!(
        grant(&m, "slefebvre", "campaign"),
        json!({"read": "all", "write": "all"})
    );
    // Every entity of the policy is in the row, by its code.
    let grants = config(&m, "jdupont", "grants");
    let codes: Vec<&String> = grants.as_object().unwrap().keys().collect();
    assert_eq!(codes.len(), tournee_core::Entity::ALL.len(), "{codes:?}");
}

#[test]
fn a_policy_that_lets_reps_set_up_campaigns_reaches_their_next_snapshot_even_patched() {
    let m = master();
    snapshots(&m, Regeneration::Rebuild);
    let document = PolicyDocument::from(Policy::read_all_write_own());
    save_policy(&m.conn, &document, "slefebvre", now()).unwrap();
    snapshots(&m, Regeneration::Patch);
    assert_eq!(
        grant(&m, "jdupont", "campaign"),
        json!({"read": "all", "write": "own"})
    );
    assert_eq!(
        grant(&m, "jdupont", "party"),
        json!({"read": "all", "write": "own"})
    );
}

#[test]
fn a_refused_take_carries_its_taker_to_the_refused_reps_snapshot() {
    let mut m = master();
    let create = rc(
        &mut m,
        "accueil",
        "2026-11-20T09:00:00+01:00",
        json!({"entity": "party", "op": "create", "id": LEAD,
               "fields": {"kind": "company", "name": "Pneus Rivière", "owner": null}}),
    );
    assert_eq!(deliver_at(&mut m, &create, NOW), Outcome::Integrated);
    let take = |m: &mut Master, user: &str| {
        rc(
            m,
            user,
            "2026-11-20T10:00:00+01:00",
            json!({"entity": "party", "op": "update", "id": LEAD, "fields": {"owner": user}}),
        )
    };
    let first = take(&mut m, "mmartin");
    let second = take(&mut m, "jdupont");
    assert_eq!(deliver_at(&mut m, &first, NOW), Outcome::Integrated);
    assert!(matches!(
        deliver_at(&mut m, &second, NOW),
        Outcome::Failed(_)
    ));
    snapshots(&m, Regeneration::Rebuild);

    let folder = folder(&m).join("snapshots").join("jdupont");
    let manifest = read_manifest(&folder).unwrap();
    assert_eq!(manifest.failed.len(), 1);
    assert_eq!(manifest.failed[0].change_id, second.change_id);
    assert_eq!(manifest.failed[0].reason, "not_allowed");
    assert_eq!(
        config(&m, "jdupont", "refusal_details"),
        json!({ second.change_id.clone(): {"code": "already_taken", "id": LEAD, "owner": "mmartin"} })
    );
    // The taker had nothing refused.
    assert_eq!(config(&m, "mmartin", "refusal_details"), json!({}));
}
