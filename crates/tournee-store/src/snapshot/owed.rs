//! Whose snapshots an integration owes a patch: the read rules of [`super::records`] and
//! [`super::visits`] turned around.
//!
//! A change read by others must reach them after its integration, not at night: a manager
//! sees on a laptop the visit a rep of the team synced this morning, a colleague the meeting
//! planned for them, every rep a lead that entered the pool or left it, and the former
//! owner of a reassigned party sees it go. So each integrated change notes what it wrote
//! ([`Written`]): for a record, the policy's entity and its owners **before and after** the
//! change (read from the master around the batch, so that a reassignment reaches the
//! previous owner too), whether it is or was a pool lead, a meeting's attendees; for a
//! client's visit or request, the client, whose rep reads it. Then [`snapshots_owed`] asks,
//! for every active user, whether their read scope of one of those entities reaches one of
//! those owners, exactly as a snapshot's copy selects rows:
//!
//! * `all`: any owner; `team`: an owner among the user's team ([`team_of`]); `own`: the user
//!   among the owners; `none`: nothing;
//! * every user who reads parties at all reads the pool's leads;
//! * a meeting travels to its attendee whatever the scope;
//! * a change's writer is always owed (its outcome, accepted or refused, is in the file).
//!
//! The answer may be wider than needed (a child record travels only with its party, which
//! is not checked here), never narrower: an extra patch costs the worker a few tens of
//! milliseconds, a missing one leaves a laptop wrong until the night.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension};
use tournee_core::{Access, Decision, Entity, Policy, Principal, Scope};
use tournee_sync::{ChangeBody, RecordChange, RecordEntity};

use super::records::{active_principals, team_of};
use crate::access::policy_in_force;
use crate::error::Result;
use crate::integrate::pool::POOL_LEAD_SQL;
use crate::integrate::record::{policy_entity, record_owner};
use crate::integrate::{Delivery, Outcome};

/// Most client codes named in one query (SQLite's bound parameters are limited).
const CLIENTS_PER_QUERY: usize = 500;

/// What the integrated changes of a pass wrote, as far as who reads it goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// (entity, owner's login) of every record written, before and after its change.
    owners: BTreeSet<(Entity, String)>,
    /// Whether a lead of the unassigned pool was written, entered it or left it.
    pool: bool,
    /// Users owed whatever their scopes: the writers, a meeting's attendees.
    users: BTreeSet<String>,
    /// ERP clients visited or asked about: their rep reads the visit, and so do the
    /// users whose `visit` scope reaches that rep.
    clients: BTreeSet<String>,
}

/// Where one record change's record stood before its batch: what [`Written::note`] adds
/// to if the change is integrated.
#[derive(Debug, Clone, Default)]
pub struct Before(Option<RecordSide>);

/// A record's owner, pool state and attendee at one moment.
#[derive(Debug, Clone, Default)]
struct RecordSide {
    owner: Option<String>,
    pooled: bool,
    attendee: Option<String>,
}

impl Written {
    /// Reads, before a batch runs (in its transaction), where each record change's record
    /// stands: its owner, whether it is a pool lead, a meeting's attendee. One per delivery.
    pub fn before(conn: &Connection, deliveries: &[Delivery]) -> Result<Vec<Before>> {
        deliveries
            .iter()
            .map(|delivery| match &delivery.parsed {
                Ok(envelope) => match &envelope.body {
                    ChangeBody::RC(change) => Ok(Before(Some(record_side(conn, change)?))),
                    _ => Ok(Before(None)),
                },
                Err(_) => Ok(Before(None)),
            })
            .collect()
    }

    /// Notes what each integrated delivery of a batch wrote, after the batch (in its
    /// transaction): `before` as [`Written::before`] read it.
    pub fn note(
        &mut self,
        conn: &Connection,
        deliveries: &[Delivery],
        outcomes: &[Outcome],
        before: Vec<Before>,
    ) -> Result<()> {
        for ((delivery, outcome), Before(before)) in deliveries.iter().zip(outcomes).zip(before) {
            let (Outcome::Integrated, Ok(envelope)) = (outcome, &delivery.parsed) else {
                continue;
            };
            self.users.insert(envelope.user.clone());
            let writer = envelope.user.as_str();
            match &envelope.body {
                ChangeBody::RC(change) => {
                    let entity = policy_entity(change.entity());
                    let after = record_side(conn, change)?;
                    for side in before.into_iter().chain([after]) {
                        self.pool |= side.pooled;
                        if let Some(owner) = side.owner {
                            self.owners.insert((entity, owner));
                        }
                        self.users.extend(side.attendee);
                    }
                }
                ChangeBody::VC(visit) => self.note_client(&visit.client_code, writer),
                ChangeBody::MC(request) => self.note_client(&request.client_code, writer),
                // A prospect is its rep's and so is its party; a conversion asks the
                // accountant, whose back office reads the master.
                ChangeBody::CP(_) | ChangeBody::MP(_) | ChangeBody::CC(_) => {
                    self.note_writer_owns(&[Entity::Prospect, Entity::Party], writer);
                }
                ChangeBody::VP(_) => {
                    self.note_writer_owns(
                        &[Entity::Prospect, Entity::Party, Entity::Visit],
                        writer,
                    );
                }
            }
        }
        Ok(())
    }

    /// Whether nothing was integrated.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.owners.is_empty() && self.clients.is_empty() && !self.pool
    }

    fn note_client(&mut self, client_code: &str, writer: &str) {
        self.clients.insert(client_code.to_string());
        self.note_writer_owns(&[Entity::Visit], writer);
    }

    fn note_writer_owns(&mut self, entities: &[Entity], writer: &str) {
        for &entity in entities {
            self.owners.insert((entity, writer.to_string()));
        }
    }
}

/// The users whose snapshots `written` changes: every active user whose read scopes reach
/// one of its records (see the module's documentation), sorted.
pub fn snapshots_owed(conn: &Connection, written: &Written) -> Result<BTreeSet<String>> {
    if written.is_empty() {
        return Ok(BTreeSet::new());
    }
    let policy = policy_in_force(conn)?;
    let everyone = active_principals(conn)?;
    let mut owners = written.owners.clone();
    for rep in client_reps(conn, &written.clients)? {
        owners.insert((Entity::Visit, rep));
    }
    let mut owed = BTreeSet::new();
    for principal in &everyone {
        let user = principal.user.0.as_str();
        if written.users.contains(user)
            || (written.pool && reads_pool(&policy, principal))
            || reads_any(&policy, principal, &everyone, &owners)
        {
            owed.insert(user.to_string());
        }
    }
    Ok(owed)
}

/// Whether `principal`'s read scope of one of the entities reaches its owner.
fn reads_any(
    policy: &Policy,
    principal: &Principal,
    everyone: &[Principal],
    owners: &BTreeSet<(Entity, String)>,
) -> bool {
    let user = principal.user.0.as_str();
    // Computed once, and only for a user with a `team` scope somewhere.
    let mut team: Option<Vec<String>> = None;
    owners.iter().any(
        |(entity, owner)| match policy.scope(principal, *entity, Access::Read) {
            Scope::All => true,
            Scope::Own => owner == user,
            Scope::Team => team
                .get_or_insert_with(|| team_of(principal, everyone))
                .binary_search(owner)
                .is_ok(),
            Scope::None => false,
        },
    )
}

fn reads_pool(policy: &Policy, principal: &Principal) -> bool {
    policy.reads_pool_lead(principal) == Decision::Allowed
}

/// The logins of the reps of `clients` (by their ERP codes), sorted.
fn client_reps(conn: &Connection, clients: &BTreeSet<String>) -> Result<BTreeSet<String>> {
    let codes: Vec<&String> = clients.iter().collect();
    let mut reps = BTreeSet::new();
    for chunk in codes.chunks(CLIENTS_PER_QUERY) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut statement = conn.prepare(&format!(
            "SELECT DISTINCT u.windows_user FROM client c JOIN app_user u ON u.erp_code = c.c_rep \
             WHERE c.c_client IN ({marks})"
        ))?;
        let rows = statement.query_map(rusqlite::params_from_iter(chunk), |r| r.get(0))?;
        for rep in rows {
            reps.insert(rep?);
        }
    }
    Ok(reps)
}

/// Where `change`'s record stands in the master now.
fn record_side(conn: &Connection, change: &RecordChange) -> Result<RecordSide> {
    let entity = change.entity();
    let id = change.id.as_str();
    let pooled = entity == RecordEntity::Party
        && conn
            .prepare_cached(&format!(
                "SELECT 1 FROM party p WHERE p.id = ?1 AND {POOL_LEAD_SQL}"
            ))?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some();
    let attendee = if entity == RecordEntity::Meeting {
        conn.prepare_cached("SELECT attendee FROM meeting WHERE id = ?1")?
            .query_row([id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten()
    } else {
        None
    };
    Ok(RecordSide {
        owner: record_owner(conn, entity, id)?,
        pooled,
        attendee,
    })
}
