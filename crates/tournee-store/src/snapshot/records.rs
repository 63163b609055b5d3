//! The CRM's records in a user's snapshot: parties, people, actions, replies and todos, as
//! far as the policy lets the user read each entity (sync-spec §7, « Records »).
//!
//! **Who reads what.** For each entity, the policy in force gives the read scope of the
//! user's principal ([`crate::access`], [`Policy::scope`] with [`Access::Read`]):
//!
//! * `all`: every record in the master;
//! * `own`: the records the user owns;
//! * `team`: the records owned by the user or by a member of one of the user's teams
//!   ([`Principal::teams`]; a member is any active user whose principal is in one of them);
//! * `none`: nothing.
//!
//! **The unassigned pool** (issue 15, docs/policy.md): every user whose role reads parties
//! at all also gets the pool's leads (stage lead, no owner, not linked), marked
//! `unassigned = 1`, so any rep may take one offline. Their people, actions and todos stay
//! their creator's and travel only under the ordinary scopes.
//!
//! **Whose a record is** follows the integration's rule (`integrate/record.rs`, sync-spec
//! §12 « Rights »): a party is its `owner`'s, else its creator's; a person, an action and a
//! todo about a party are that party's owner's; a reply is its action's owner's; a todo
//! without a party is its creator's. The snapshot stores that owner in every table.
//!
//! **A record travels with its parent.** People, actions and todos about a party are copied
//! only when the party is in the snapshot, replies only when their action is: a child of a
//! deleted party (the master keeps it, attached to the tombstone, for the back office) or of
//! a party the user may not read has nothing to hang on in the app. Deleted records are not
//! in the master's tables (their rows are in `record_tombstone`), so they never travel.
//!
//! **Patches.** The record tables are emptied and copied whole in every file, rebuilt or
//! patched: what a user may read moves with the policy, the teams and a party's owner, not
//! only with the records written, so a per-record change log would not be enough on its
//! own. A user's records are a few thousand rows at most today (well under the clients'
//! rows a patch copies); once a portfolio holds tens of thousands of records, patch them
//! per party instead (a `snapshot_change`-like log of the parties whose records changed,
//! plus a rebuild whenever the policy, the user's teams or a party's owner changes).

use rusqlite::Connection;
use tournee_core::{Access, Entity, Grant, Policy, Principal, Scope};

use crate::access::{policy_in_force, principal_of};
use crate::error::Result;
use crate::integrate::pool::POOL_LEAD_SQL;
use crate::master::users::{directory_users, User};

/// How far one user reads each record entity, decided once per run from the master.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordReach {
    /// The user's login.
    pub(super) user: String,
    /// Read scopes of party, person, action, action_reply, todo.
    scopes: [Scope; 5],
    /// Read scopes of campaign and meeting (issue 15).
    pub(super) meet_scopes: [Scope; 2],
    /// Read scope of opportunity (issue 15).
    pub(super) opportunity_scope: Scope,
    /// Read scope of quote (issue 15).
    pub(super) quote_scope: Scope,
    /// Read scope of segment (issue 15).
    pub(super) segment_scope: Scope,
    /// Write scope of every entity, for the file's `write_reach` row (issue 15).
    pub(super) write_scopes: Vec<(Entity, Scope)>,
    /// Whether the user reads the unassigned pool's leads ([`Policy::reads_pool_lead`]).
    reads_pool: bool,
    /// What the policy grants the user's role on every entity, in [`Entity::ALL`]'s order:
    /// the snapshot's `grants` row (`user_config.rs`).
    pub(super) grants: Vec<(Entity, Grant)>,
    /// The user and the active members of the user's teams: the owners the `team` scope
    /// reaches.
    pub(super) team: Vec<String>,
}

/// The record entities, in the order they are copied (parents before children).
const ENTITIES: [Entity; 5] = [
    Entity::Party,
    Entity::Person,
    Entity::Action,
    Entity::ActionReply,
    Entity::Todo,
];

/// Each user's reach, in the order of `users`, read from the master (`conn` has it as its
/// main database) through [`crate::access`]: the policy in force and every active user's
/// principal (for the team scope's members).
pub(crate) fn reaches(conn: &Connection, users: &[User]) -> Result<Vec<RecordReach>> {
    let policy = policy_in_force(conn)?;
    let everyone = active_principals(conn)?;
    users
        .iter()
        .map(|user| Ok(reach_of(&policy, &principal_of(conn, user)?, &everyone)))
        .collect()
}

/// Every active user's principal, laptop or not: the members the `team` scope may reach.
pub(crate) fn active_principals(conn: &Connection) -> Result<Vec<Principal>> {
    directory_users(conn)?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| principal_of(conn, &u))
        .collect()
}

/// The logins the `team` scope of `principal` reaches: the principal and every member of
/// one of their teams, sorted.
pub(crate) fn team_of(principal: &Principal, everyone: &[Principal]) -> Vec<String> {
    let teams = principal.teams();
    let mut team: Vec<String> = everyone
        .iter()
        .filter(|other| other.teams().iter().any(|t| teams.contains(t)))
        .map(|other| other.user.0.clone())
        .chain([principal.user.0.clone()])
        .collect();
    team.sort();
    team.dedup();
    team
}

fn reach_of(policy: &Policy, principal: &Principal, everyone: &[Principal]) -> RecordReach {
    RecordReach {
        user: principal.user.0.clone(),
        scopes: ENTITIES.map(|entity| policy.scope(principal, entity, Access::Read)),
        meet_scopes: [Entity::Campaign, Entity::Meeting]
            .map(|entity| policy.scope(principal, entity, Access::Read)),
        opportunity_scope: policy.scope(principal, Entity::Opportunity, Access::Read),
        quote_scope: policy.scope(principal, Entity::Quote, Access::Read),
        segment_scope: policy.scope(principal, Entity::Segment, Access::Read),
        write_scopes: Entity::ALL
            .into_iter()
            .map(|entity| (entity, policy.scope(principal, entity, Access::Write)))
            .collect(),
        reads_pool: policy.reads_pool_lead(principal).is_allowed(),
        grants: Entity::ALL
            .iter()
            .map(|&entity| (entity, policy.grant(principal.role, entity)))
            .collect(),
        team: team_of(principal, everyone),
    }
}

/// The SQL condition, to append after a `WHERE`, that keeps the rows whose owner
/// (`owner_sql`) a read `scope` reaches: `:user` is the reader's login, `team_sql` a
/// `SELECT` of the logins of [`team_of`]. The snapshot builder and the REST API both
/// filter with it, so the two never disagree on who sees what.
pub(crate) fn scope_filter(scope: Scope, owner_sql: &str, team_sql: &str) -> String {
    match scope {
        Scope::All => String::new(),
        Scope::Own => format!("AND {owner_sql} = :user"),
        Scope::Team => format!("AND {owner_sql} IN ({team_sql})"),
        Scope::None => "AND false".to_string(),
    }
}

impl RecordReach {
    /// The SQL condition, to append after a `WHERE`, that keeps the rows of `entity` whose
    /// owner (`owner_sql`) the user reaches; `:user` is bound to the user's login.
    fn filter(&self, entity: usize, owner_sql: &str) -> String {
        scope_filter(
            self.scopes[entity],
            owner_sql,
            "SELECT login FROM temp.record_team",
        )
    }
}

/// Replaces the record tables of the snapshot attached as `s` with the records `reach`
/// allows, read from the master attached as `m`. Returns the parties copied.
pub(crate) fn copy_records(worker: &Connection, reach: &RecordReach) -> Result<u64> {
    worker.execute_batch(
        "DELETE FROM s.action_reply; DELETE FROM s.action; DELETE FROM s.person; \
         DELETE FROM s.todo; DELETE FROM s.party; \
         DROP TABLE IF EXISTS temp.record_team; \
         CREATE TEMP TABLE record_team (login TEXT PRIMARY KEY) WITHOUT ROWID;",
    )?;
    let mut member = worker.prepare("INSERT INTO temp.record_team (login) VALUES (?1)")?;
    for login in &reach.team {
        member.execute([login])?;
    }
    let user = reach.user.as_str();
    let parties = execute(
        worker,
        &format!(
            "INSERT INTO s.party SELECT p.id, p.kind, p.name, p.first_name, p.siret, p.vat, \
               p.phone, p.mobile, p.email, p.address1, p.address2, p.postal_code, p.city, \
               p.country, p.notes, coalesce(p.owner, p.created_by), p.created_by, p.created_at, \
               p.status, p.client_code, p.prospect_id, p.client_since, p.campaign, {pool} \
             FROM m.party p WHERE (true {scope}) OR ({reads_pool} AND {pool}) ORDER BY p.id",
            scope = reach.filter(0, "coalesce(p.owner, p.created_by)"),
            pool = POOL_LEAD_SQL,
            reads_pool = reach.reads_pool,
        ),
        user,
    )?;
    execute(
        worker,
        &format!(
            "INSERT INTO s.person SELECT x.id, x.party_id, x.first_name, x.last_name, x.position, \
               x.phone, x.mobile, x.email, x.notes, sp.owner, x.created_by, x.created_at \
             FROM m.person x JOIN s.party sp ON sp.id = x.party_id WHERE true {scope} ORDER BY x.id",
            scope = reach.filter(1, "sp.owner"),
        ),
        user,
    )?;
    execute(
        worker,
        &format!(
            "INSERT INTO s.action SELECT x.id, x.party_id, x.person_id, x.action_type, x.date, \
               x.time, x.comment, x.outcome, sp.owner, x.created_by, x.created_at, x.opportunity \
             FROM m.action x JOIN s.party sp ON sp.id = x.party_id WHERE true {scope} ORDER BY x.id",
            scope = reach.filter(2, "sp.owner"),
        ),
        user,
    )?;
    execute(
        worker,
        &format!(
            "INSERT INTO s.action_reply SELECT x.id, x.action_id, x.author, x.date, x.text, \
               sa.owner, x.created_by, x.created_at \
             FROM m.action_reply x JOIN s.action sa ON sa.id = x.action_id WHERE true {scope} \
             ORDER BY x.id",
            scope = reach.filter(3, "sa.owner"),
        ),
        user,
    )?;
    // A todo about a party travels with it; one without a party is its creator's.
    execute(
        worker,
        &format!(
            "INSERT INTO s.todo SELECT x.id, x.text, x.due, x.party_id, x.repeat_days, x.done_on, \
               coalesce(sp.owner, x.created_by), x.created_by, x.created_at \
             FROM m.todo x LEFT JOIN s.party sp ON sp.id = x.party_id \
             WHERE (x.party_id IS NULL OR sp.id IS NOT NULL) {scope} ORDER BY x.id",
            scope = reach.filter(4, "coalesce(sp.owner, x.created_by)"),
        ),
        user,
    )?;
    super::meet_records::copy_meet_records(worker, reach)?;
    super::opportunity_records::copy_opportunities(worker, reach)?;
    super::quote_records::copy_quotes(worker, reach)?;
    super::segment_records::copy_segments(worker, reach)?;
    worker.execute_batch("DROP TABLE temp.record_team;")?;
    Ok(parties as u64)
}

/// Runs one of the inserts above, binding `:user` when its scope names it (the `all` and
/// `none` scopes do not).
pub(super) fn execute(worker: &Connection, sql: &str, user: &str) -> Result<usize> {
    let mut statement = worker.prepare(sql)?;
    if let Some(index) = statement.parameter_index(":user")? {
        statement.raw_bind_parameter(index, user)?;
    }
    Ok(statement.raw_execute()?)
}

/// Whether the snapshot file at `path` has the record tables as this server writes them
/// (with `party.status`): a file published before they, or that column, were added (same
/// schema version) cannot be patched and is rebuilt instead.
pub(crate) fn file_has_record_tables(path: &std::path::Path) -> Result<bool> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    // The names come from the contract's list, so a table added there is checked here too.
    let mut exists =
        conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?;
    let tables = tournee_sync::SNAPSHOT_RECORD_TABLES
        .iter()
        .chain(tournee_sync::SNAPSHOT_MEET_TABLES.iter())
        .chain(tournee_sync::SNAPSHOT_CATALOGUE_TABLES.iter())
        .chain(tournee_sync::SNAPSHOT_OPPORTUNITY_TABLES.iter())
        .chain(tournee_sync::SNAPSHOT_QUOTE_TABLES.iter())
        .chain(tournee_sync::SNAPSHOT_SEGMENT_TABLES.iter());
    for table in tables {
        if !exists.exists([table])? {
            return Ok(false);
        }
    }
    // `status` (issue 13) and `unassigned` (issue 15, the pool) came later within the schema.
    let mut column = conn.prepare("SELECT 1 FROM pragma_table_info('party') WHERE name = ?1")?;
    Ok(column.exists(["status"])? && column.exists(["unassigned"])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tournee_core::Role;

    #[test]
    fn the_team_scope_reaches_the_members_of_the_users_teams_and_no_one_else() {
        let policy = Policy::default();
        let manager = Principal::new("chef", Role::Manager).leading("nord");
        let everyone = vec![
            manager.clone(),
            Principal::new("ana", Role::Rep).member_of("nord"),
            Principal::new("bob", Role::Rep).member_of("sud"),
            Principal::new("cid", Role::Rep),
        ];
        let reach = reach_of(&policy, &manager, &everyone);
        assert_eq!(reach.team, vec!["ana".to_string(), "chef".to_string()]);
        assert_eq!(reach.scopes[0], Scope::Team);
        assert_eq!(
            reach.filter(0, "o"),
            "AND o IN (SELECT login FROM temp.record_team)"
        );
        let rep = reach_of(&policy, &everyone[3], &everyone);
        assert_eq!(rep.team, vec!["cid".to_string()]);
        assert_eq!(rep.filter(0, "o"), "AND o = :user");
    }
}
