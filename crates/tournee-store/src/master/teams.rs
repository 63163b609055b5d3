//! Teams and their members: a manager leads a team, reps belong to it. The policy's `team`
//! scope reaches the records of the teams a user belongs to or leads (docs/policy.md).

use rusqlite::{params, Connection, OptionalExtension};
use tournee_core::TeamId;

use super::rights::{RightsError, MAX_TEAM_NAME_CHARS};
use crate::error::Result;

/// One team with its members, as the « Équipes » page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Its id (the policy's `TeamId` is this number as text, see [`team_id`]).
    pub id: i64,
    /// The name people read.
    pub name: String,
    /// Members by Windows login, leaders included.
    pub members: Vec<TeamMember>,
}

/// One member of a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    /// Windows login.
    pub user: String,
    /// Name shown.
    pub display_name: String,
    /// Whether they lead the team (its manager).
    pub leads: bool,
}

/// The policy's id of a stored team.
pub fn team_id(id: i64) -> TeamId {
    TeamId(id.to_string())
}

/// Every team, by name, with its members by login.
pub fn all_teams(conn: &Connection) -> Result<Vec<Team>> {
    let mut teams: Vec<Team> = conn
        .prepare_cached("SELECT id, name FROM team ORDER BY name, id")?
        .query_map([], |r| {
            Ok(Team {
                id: r.get(0)?,
                name: r.get(1)?,
                members: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut members = conn.prepare_cached(
        "SELECT m.windows_user, u.display_name, m.leads FROM team_member m \
         JOIN app_user u USING (windows_user) WHERE m.team_id = ?1 ORDER BY m.windows_user",
    )?;
    for team in &mut teams {
        team.members = members
            .query_map([team.id], |r| {
                Ok(TeamMember {
                    user: r.get(0)?,
                    display_name: r.get(1)?,
                    leads: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(teams)
}

/// The teams `user` belongs to, each with whether they lead it, by team id.
pub fn teams_of(conn: &Connection, user: &str) -> Result<Vec<(TeamId, bool)>> {
    let teams = conn
        .prepare_cached(
            "SELECT team_id, leads FROM team_member WHERE windows_user = ?1 ORDER BY team_id",
        )?
        .query_map([user], |r| Ok((team_id(r.get(0)?), r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(teams)
}

/// Creates a team named `name` (trimmed); its id.
pub fn create_team(conn: &Connection, name: &str) -> Result<i64, RightsError> {
    let name = checked_name(conn, name, None)?;
    conn.execute("INSERT INTO team (name) VALUES (?1)", [&name])?;
    Ok(conn.last_insert_rowid())
}

/// Renames team `id`.
pub fn rename_team(conn: &Connection, id: i64, name: &str) -> Result<(), RightsError> {
    let name = checked_name(conn, name, Some(id))?;
    if conn.execute("UPDATE team SET name = ?1 WHERE id = ?2", params![name, id])? == 0 {
        return Err(RightsError::UnknownTeam { team: id });
    }
    Ok(())
}

/// Deletes team `id` and its memberships (its members' records stay theirs).
pub fn delete_team(conn: &Connection, id: i64) -> Result<(), RightsError> {
    conn.execute("DELETE FROM team_member WHERE team_id = ?1", [id])?;
    if conn.execute("DELETE FROM team WHERE id = ?1", [id])? == 0 {
        return Err(RightsError::UnknownTeam { team: id });
    }
    Ok(())
}

/// Adds `user` to team `id` (leading it if `leads`); an existing member's `leads` is set.
pub fn add_member(conn: &Connection, id: i64, user: &str, leads: bool) -> Result<(), RightsError> {
    known_team(conn, id)?;
    let known_user = conn
        .prepare_cached("SELECT 1 FROM app_user WHERE windows_user = ?1")?
        .query_row([user], |_| Ok(()))
        .optional()?
        .is_some();
    if !known_user {
        return Err(RightsError::UnknownUser {
            field: "user",
            user: user.to_string(),
        });
    }
    conn.execute(
        "INSERT INTO team_member (team_id, windows_user, leads) VALUES (?1, ?2, ?3) \
         ON CONFLICT (team_id, windows_user) DO UPDATE SET leads = excluded.leads",
        params![id, user, leads],
    )?;
    Ok(())
}

/// Takes `user` out of team `id`.
pub fn remove_member(conn: &Connection, id: i64, user: &str) -> Result<(), RightsError> {
    known_team(conn, id)?;
    let removed = conn.execute(
        "DELETE FROM team_member WHERE team_id = ?1 AND windows_user = ?2",
        params![id, user],
    )?;
    if removed == 0 {
        return Err(RightsError::NotMember {
            team: id,
            user: user.to_string(),
        });
    }
    Ok(())
}

/// Makes member `user` lead team `id`, or no longer lead it.
pub fn set_leader(conn: &Connection, id: i64, user: &str, leads: bool) -> Result<(), RightsError> {
    known_team(conn, id)?;
    let changed = conn.execute(
        "UPDATE team_member SET leads = ?3 WHERE team_id = ?1 AND windows_user = ?2",
        params![id, user, leads],
    )?;
    if changed == 0 {
        return Err(RightsError::NotMember {
            team: id,
            user: user.to_string(),
        });
    }
    Ok(())
}

fn known_team(conn: &Connection, id: i64) -> Result<(), RightsError> {
    let found = conn
        .prepare_cached("SELECT 1 FROM team WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some();
    if found {
        Ok(())
    } else {
        Err(RightsError::UnknownTeam { team: id })
    }
}

/// `name` trimmed, if it has 1 to [`MAX_TEAM_NAME_CHARS`] characters and no other team
/// (than `except`) has it.
fn checked_name(conn: &Connection, name: &str, except: Option<i64>) -> Result<String, RightsError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_TEAM_NAME_CHARS {
        return Err(RightsError::TeamName { field: "name" });
    }
    let taken = conn
        .prepare_cached("SELECT 1 FROM team WHERE name = ?1 AND id IS NOT ?2")?
        .query_row(params![name, except], |_| Ok(()))
        .optional()?
        .is_some();
    if taken {
        return Err(RightsError::TeamNameTaken {
            field: "name",
            name: name.to_string(),
        });
    }
    Ok(name.to_string())
}
