//! What the record tests share: a master on a real SQLite file with some users, record
//! changes as a laptop would write them, and their delivery to the real integrator.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde_json::Value;
use tournee_store::{integrate_batch, open_master};
use tournee_store::{Delivery, IntegrationContext, Outcome, Parameters};
use tournee_sync::{parse_record, ChangeBody, Envelope};

/// A master database in a temporary folder, and the change ids handed out so far.
pub struct Master {
    _dir: tempfile::TempDir,
    pub conn: Connection,
    /// Change ids handed out, increasing.
    next: u32,
}

/// A master with these app users: (Windows login, ERP code, admin flag).
pub fn master_with(users: &[(&str, &str, bool)]) -> Master {
    let dir = tempfile::tempdir().unwrap();
    let conn = open_master(&dir.path().join("tournee.sqlite")).unwrap();
    for (login, code, admin) in users {
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) \
             VALUES (?1, ?2, ?3, ?1, ?4)",
            params![login, code, format!("{login}@example.fr"), admin],
        )
        .unwrap();
    }
    Master {
        _dir: dir,
        conn,
        next: 100,
    }
}

/// A record change by `user`, written at `created_at`, as parsed from its payload.
pub fn rc(m: &mut Master, user: &str, created_at: &str, payload: Value) -> Envelope {
    m.next += 1;
    let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
    Envelope {
        spec: 2,
        change_id: format!("01JD00000000000000000C{:04}", m.next),
        user: user.into(),
        device: "PC".into(),
        created_at: DateTime::parse_from_rfc3339(created_at).unwrap(),
        body: ChangeBody::RC(Box::new(change)),
    }
}

/// Integrates one file in its own batch, with `now` as the server's clock.
pub fn deliver_at(m: &mut Master, envelope: &Envelope, now: &str) -> Outcome {
    deliver_with(m, envelope, now, Parameters::default())
}

/// Integrates one file in its own batch, with `now` as the server's clock and `params` in
/// force (the action types, for instance).
pub fn deliver_with(m: &mut Master, envelope: &Envelope, now: &str, params: Parameters) -> Outcome {
    let now: DateTime<Utc> = now.parse().unwrap();
    let ctx = IntegrationContext { now, params };
    let delivery = Delivery {
        folder_owner: envelope.user.clone(),
        file_name: envelope.file_name().to_string(),
        parsed: Ok(envelope.clone()),
        signature: None,
        arrived_at: now,
        precheck: None,
        arrival: None,
    };
    integrate_batch(&mut m.conn, &ctx, &[delivery])
        .unwrap()
        .remove(0)
}
