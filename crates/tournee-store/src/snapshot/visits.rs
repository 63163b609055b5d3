//! The ERP visits of other reps in a user's snapshot, as far as the policy's read scope of
//! `visit` reaches (docs/policy.md: a visit is the visited client's rep's).
//!
//! Every snapshot holds, whatever the scope, the visits of the user's portfolio (every
//! day) and the user's own visits elsewhere (`build.rs`): a rep's `own`. A broader scope
//! adds the other reps' visits it reaches, **of the last [`TEAM_VISIT_DAYS`] days**:
//!
//! * `team`: the visits to the active clients of the members of the user's teams (the
//!   logins [`team_of`] gives, by their ERP codes): a manager sees on a rep's client card
//!   the visit the rep synced this morning;
//! * `all`: the visits to every active client (the admin, the observer, the accountant by
//!   default);
//! * `own` and `none`: nothing more.
//!
//! The window bounds the file: the master keeps every visit for years (a million rows on
//! the full demo, about 200 KB a day), the portfolio's whole history stays where it is
//! needed, and six weeks of the others' is what a manager looks at (the admin's calendar
//! carries the same window, `team_visit`).
//!
//! **Patches.** With `all`, the other reps' visits of the changed clients were deleted with
//! the rest of those clients' rows and are copied again, and those that left the window
//! are dropped. With `team`, membership moves what is reached without any client changing,
//! so the other reps' rows are replaced whole (a team's six weeks: a few thousand rows).

use rusqlite::Connection;
use tournee_core::{Access, Entity, Policy, Scope};

use super::changes::Clients;
use super::records::{active_principals, team_of};
use super::team::TEAM_VISIT_DAYS;
use crate::access::{policy_in_force, principal_of};
use crate::error::Result;
use crate::master::users::{directory_users, User};

/// How far one user reads the other reps' visits, decided once per run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VisitReach {
    /// The read scope of `visit`.
    scope: Scope,
    /// With `team`: the ERP codes of the team's members (the user's own left out).
    reps: Vec<String>,
}

/// Each user's reach over visits, in the order of `users`, read through
/// [`crate::access`] from the master (`conn` has it as its main database).
pub(crate) fn visit_reaches(conn: &Connection, users: &[User]) -> Result<Vec<VisitReach>> {
    let policy: Policy = policy_in_force(conn)?;
    let everyone = active_principals(conn)?;
    let codes: std::collections::HashMap<String, String> = directory_users(conn)?
        .into_iter()
        .filter(|u| !u.erp_code.is_empty())
        .map(|u| (u.windows_user, u.erp_code))
        .collect();
    users
        .iter()
        .map(|user| {
            let principal = principal_of(conn, user)?;
            let scope = policy.scope(&principal, Entity::Visit, Access::Read);
            let reps = match scope {
                Scope::Team => team_of(&principal, &everyone)
                    .iter()
                    .filter(|login| **login != user.windows_user)
                    .filter_map(|login| codes.get(login).cloned())
                    .collect(),
                Scope::All | Scope::Own | Scope::None => Vec::new(),
            };
            Ok(VisitReach { scope, reps })
        })
        .collect()
}

/// The first day of the other reps' visits a snapshot made on `today` carries.
pub(crate) fn others_since(today: chrono::NaiveDate) -> String {
    (today - chrono::Duration::days(TEAM_VISIT_DAYS)).to_string()
}

/// Adds to the snapshot attached as `s` the other reps' visits `reach` allows (after
/// `build.rs` copied the portfolio's and the user's own), from the master attached as `m`.
pub(crate) fn copy_others_visits(
    worker: &Connection,
    erp_code: &str,
    reach: &VisitReach,
    clients: Clients,
    since: &str,
) -> Result<()> {
    // Which clients' visits: `temp.visit_clients`, the active clients the scope reaches
    // outside the user's portfolio.
    let (reached, replace_all) = match reach.scope {
        Scope::Own | Scope::None => return Ok(()),
        Scope::All => (
            format!(
                "SELECT c_client FROM m.client WHERE actif = 1 AND c_rep IS NOT :erp {}",
                clients.filter("c_client")
            ),
            false,
        ),
        Scope::Team => (
            "SELECT c.c_client FROM temp.visit_team t \
             CROSS JOIN m.client c ON c.c_rep = t.code WHERE c.actif = 1"
                .to_string(),
            true,
        ),
    };
    worker.execute_batch(
        "DROP TABLE IF EXISTS temp.visit_team; \
         CREATE TEMP TABLE visit_team (code TEXT PRIMARY KEY) WITHOUT ROWID; \
         DROP TABLE IF EXISTS temp.visit_clients; \
         CREATE TEMP TABLE visit_clients (c_client TEXT PRIMARY KEY) WITHOUT ROWID;",
    )?;
    {
        let mut member = worker.prepare("INSERT OR IGNORE INTO temp.visit_team VALUES (?1)")?;
        for code in reach.reps.iter().filter(|code| *code != erp_code) {
            member.execute([code])?;
        }
    }
    run(
        worker,
        &format!("INSERT INTO temp.visit_clients {reached}"),
        erp_code,
        since,
    )?;
    // What the previous file held of others' that this one must not: rows out of the
    // window, and with `team` every other rep's row (copied again below).
    if clients == Clients::Changed {
        let stale = if replace_all {
            "true"
        } else {
            "r.date_relation < :since"
        };
        run(
            worker,
            &format!(
                "DELETE FROM s.client_relation AS r WHERE {stale} AND r.c_user IS NOT :erp \
                 AND r.c_entite NOT IN (SELECT c_client FROM m.client WHERE c_rep = :erp)"
            ),
            erp_code,
            since,
        )?;
    }
    run(
        worker,
        "INSERT OR IGNORE INTO s.client_relation SELECT r.id, r.origine_relation, r.date_relation, \
           r.heure_relation, r.c_entite, r.c_user, r.objet, r.commentaire, r.answers_json, \
           r.change_id, r.relation_kind \
         FROM temp.visit_clients v CROSS JOIN m.client_relation r ON r.c_entite = v.c_client \
         WHERE r.date_relation >= :since AND r.c_archive = 'N' AND r.c_user IS NOT :erp \
         ORDER BY r.id",
        erp_code,
        since,
    )?;
    worker.execute_batch("DROP TABLE temp.visit_team; DROP TABLE temp.visit_clients;")?;
    Ok(())
}

/// Runs `sql`, binding `:erp` and `:since` where it names them.
fn run(worker: &Connection, sql: &str, erp_code: &str, since: &str) -> Result<usize> {
    let mut statement = worker.prepare(sql)?;
    for (name, value) in [(":erp", erp_code), (":since", since)] {
        if let Some(index) = statement.parameter_index(name)? {
            statement.raw_bind_parameter(index, value)?;
        }
    }
    Ok(statement.raw_execute()?)
}
