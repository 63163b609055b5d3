//! The user directory (issue 13, « One user directory »): one row per person, whatever
//! their role, keyed by their login (the laptop's Windows user). It maps the login to the
//! ERP user code, mail, display name, admin flag and role, and holds the back-office
//! sign-in (see [`crate::office::accounts`]; nothing here reads a password hash).
//!
//! [`User`] is a **laptop user**: a row with an ERP code. [`find_user`] and [`all_users`]
//! see only those (snapshots, integration, statistics, devices): a user without ERP code
//! (an accountant, an observer or an admin without a laptop) has no laptop. The admin's
//! « Utilisateurs » page reads the whole directory through [`directory`].

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use tournee_core::Role;

use super::rights::RightsError;
use crate::error::{Result, StoreError};

/// One laptop user of the directory (a row with an ERP code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Windows / OS login, the name in change files and folder names.
    pub windows_user: String,
    /// ERP user code (`c_user`, `c_rep`), at most 4 characters.
    pub erp_code: String,
    /// Where this rep's mail goes, and the sender of mails about their changes.
    pub email: String,
    /// Name shown in the apps.
    pub display_name: String,
    /// Admins see every rep's statistics and calendar.
    pub is_admin: bool,
    /// Inactive users get no snapshot and their files are refused.
    pub active: bool,
}

impl User {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            windows_user: row.get(0)?,
            erp_code: row.get(1)?,
            email: row.get(2)?,
            display_name: row.get(3)?,
            is_admin: row.get(4)?,
            active: row.get(5)?,
        })
    }
}

const COLUMNS: &str = "windows_user, erp_code, email, display_name, is_admin, active";

/// What is wrong with a value of a user row (the server words it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserProblem {
    /// A Windows login that cannot name a folder: 1 to 64 characters among unaccented
    /// letters, digits, `.`, `_` and `-`.
    WindowsUser,
    /// An ERP code that does not fit `c_user`: 1 to 4 upper-case letters or digits.
    ErpCode,
    /// Not an e-mail address (what was typed).
    Email(String),
    /// A required value left empty.
    Required,
    /// A line break or another control character in a one-line text (a name).
    ControlCharacters,
    /// A text longer than its limit (the login's limit is part of [`Self::WindowsUser`]).
    TooLong {
        /// Most characters.
        max: usize,
        /// Characters typed.
        typed: usize,
    },
}

/// Every problem of a user row typed by the admin, as (field, problem): the Windows
/// login names folders and files, the ERP code fills `c_user` (4 characters).
pub fn user_problems(user: &User) -> Vec<(&'static str, UserProblem)> {
    let mut problems = Vec::new();
    if !tournee_sync::is_valid_user(&user.windows_user) {
        problems.push(("windows_user", UserProblem::WindowsUser));
    }
    let erp_ok = (1..=4).contains(&user.erp_code.chars().count())
        && user
            .erp_code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !erp_ok {
        problems.push(("erp_code", UserProblem::ErpCode));
    }
    let too_long = |text: &str, max: usize| {
        let typed = text.chars().count();
        (typed > max).then_some(UserProblem::TooLong { max, typed })
    };
    let (local, domain) = user.email.split_once('@').unwrap_or(("", ""));
    if let Some(problem) = too_long(&user.email, crate::office::accounts::MAX_EMAIL_CHARS) {
        problems.push(("email", problem));
    } else if local.is_empty() || !domain.contains('.') || user.email.contains(char::is_whitespace)
    {
        problems.push(("email", UserProblem::Email(user.email.clone())));
    }
    if user.display_name.trim().is_empty() {
        problems.push(("display_name", UserProblem::Required));
    } else if let Some(problem) = too_long(
        &user.display_name,
        crate::office::accounts::MAX_DISPLAY_NAME_CHARS,
    ) {
        problems.push(("display_name", problem));
    } else if user.display_name.chars().any(char::is_control) {
        problems.push(("display_name", UserProblem::ControlCharacters));
    }
    problems
}

/// Whether `role` may go without an ERP code: the roles that work in the back office
/// (and, later, the web access) without a laptop. A rep or a manager works on a laptop,
/// whose identity is their ERP code.
pub fn may_go_without_erp_code(role: Role) -> bool {
    match role {
        Role::Admin | Role::Accountant | Role::Observer => true,
        Role::Manager | Role::Rep => false,
    }
}

/// Every problem of a directory row typed by the admin with its role: those of
/// [`user_problems`], except that an empty ERP code is allowed for a role that
/// [`may_go_without_erp_code`] (the user then has no laptop and no snapshot).
pub fn directory_problems(user: &User, role: Role) -> Vec<(&'static str, UserProblem)> {
    let no_code_allowed = user.erp_code.is_empty() && may_go_without_erp_code(role);
    user_problems(user)
        .into_iter()
        .filter(|(field, _)| !(no_code_allowed && *field == "erp_code"))
        .collect()
}

/// One person of the directory as the admin's « Utilisateurs » page shows them: never a
/// password hash, only whether there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryLine {
    /// The login (the laptop's Windows user).
    pub login: String,
    /// The ERP user code; none for a user without a laptop.
    pub erp_code: Option<String>,
    /// Mail address.
    pub email: String,
    /// Name shown.
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// Whether the user may work (laptop and sign-in).
    pub active: bool,
    /// Whether a password is set (the user may sign in to the back office).
    pub has_password: bool,
    /// Whether the password set is temporary (to be changed at the next sign-in).
    pub must_change_password: bool,
    /// Last successful sign-in (RFC 3339), if any.
    pub last_login_at: Option<String>,
}

const DIRECTORY_COLUMNS: &str = "windows_user, erp_code, email, display_name, role, active, \
     password_hash IS NOT NULL, must_change_password, last_login_at";

fn directory_line(row: &Row<'_>) -> rusqlite::Result<(DirectoryLine, String)> {
    let code: String = row.get(4)?;
    Ok((
        DirectoryLine {
            login: row.get(0)?,
            erp_code: row.get(1)?,
            email: row.get(2)?,
            display_name: row.get(3)?,
            role: Role::Rep,
            active: row.get(5)?,
            has_password: row.get(6)?,
            must_change_password: row.get(7)?,
            last_login_at: row.get(8)?,
        },
        code,
    ))
}

fn with_role((mut line, code): (DirectoryLine, String)) -> Result<DirectoryLine> {
    line.role = stored_role(&line.login, &code)?;
    Ok(line)
}

/// The whole directory, by login: laptop users and users without ERP code alike.
pub fn directory(conn: &Connection) -> Result<Vec<DirectoryLine>> {
    let rows = conn
        .prepare(&format!(
            "SELECT {DIRECTORY_COLUMNS} FROM app_user ORDER BY windows_user"
        ))?
        .query_map([], directory_line)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(with_role).collect()
}

/// One person of the directory, by login.
pub fn directory_entry(conn: &Connection, login: &str) -> Result<Option<DirectoryLine>> {
    conn.prepare_cached(&format!(
        "SELECT {DIRECTORY_COLUMNS} FROM app_user WHERE windows_user = ?1"
    ))?
    .query_row([login], directory_line)
    .optional()?
    .map(with_role)
    .transpose()
}

/// Finds a laptop user by Windows login (`None` also for a user without ERP code).
pub fn find_user(conn: &Connection, windows_user: &str) -> Result<Option<User>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM app_user WHERE windows_user = ?1 AND erp_code IS NOT NULL"
        ))?
        .query_row([windows_user], User::from_row)
        .optional()?)
}

/// Every laptop user (with an ERP code), sorted by Windows login.
pub fn all_users(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM app_user WHERE erp_code IS NOT NULL ORDER BY windows_user"
    ))?;
    let users = stmt
        .query_map([], User::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(users)
}

/// Every user of the directory, laptop or not, as a [`User`] whose `erp_code` is empty
/// when the user has none, sorted by login: the people a snapshot is built for (the
/// browser's `/app/` reads one) and the members the policy's `team` scope reaches. The ERP
/// code only decides a rep's client portfolio: an office account without one gets a
/// snapshot with an empty portfolio and what its role reads of everything else.
pub fn directory_users(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn.prepare(
        "SELECT windows_user, coalesce(erp_code, ''), email, display_name, is_admin, active \
         FROM app_user ORDER BY windows_user",
    )?;
    let users = stmt
        .query_map([], User::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(users)
}

/// One user of the directory by login, laptop or not, as [`directory_users`] gives them
/// (an empty `erp_code` when the user has none): the integration's lookup, which lets an
/// office account write the CRM's records from the browser.
pub fn find_directory_user(conn: &Connection, login: &str) -> Result<Option<User>> {
    Ok(conn
        .prepare_cached(
            "SELECT windows_user, coalesce(erp_code, ''), email, display_name, is_admin, active \
             FROM app_user WHERE windows_user = ?1",
        )?
        .query_row([login], User::from_row)
        .optional()?)
}

/// Whether another user already has this ERP code (it must identify one rep).
pub fn erp_code_taken(conn: &Connection, erp_code: &str, except_user: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM app_user WHERE erp_code = ?1 AND windows_user <> ?2",
            params![erp_code, except_user],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Inserts or replaces a user's directory data (never the sign-in columns). An empty
/// `erp_code` is stored as none: the user has no laptop (see [`directory_problems`]).
pub fn upsert_user(conn: &Connection, user: &User) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO app_user ({COLUMNS}) VALUES (?1, NULLIF(?2, ''), ?3, ?4, ?5, ?6) \
             ON CONFLICT (windows_user) DO UPDATE SET erp_code = excluded.erp_code, \
             email = excluded.email, display_name = excluded.display_name, \
             is_admin = excluded.is_admin, active = excluded.active"
        ),
        params![
            user.windows_user,
            user.erp_code,
            user.email,
            user.display_name,
            user.is_admin,
            user.active
        ],
    )?;
    Ok(())
}

/// The role of `windows_user` (`None` for an unknown user). A stored code this program
/// does not know is an error (the schema's check makes it impossible).
pub fn user_role(conn: &Connection, windows_user: &str) -> Result<Option<Role>> {
    let code: Option<String> = conn
        .prepare_cached("SELECT role FROM app_user WHERE windows_user = ?1")?
        .query_row([windows_user], |r| r.get(0))
        .optional()?;
    code.map(|code| stored_role(windows_user, &code))
        .transpose()
}

/// Every user's role by Windows login (the users page's column).
pub fn user_roles(conn: &Connection) -> Result<BTreeMap<String, Role>> {
    let rows: Vec<(String, String)> = conn
        .prepare_cached("SELECT windows_user, role FROM app_user")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(user, code)| stored_role(&user, &code).map(|role| (user, role)))
        .collect()
}

/// Gives `windows_user` `role`; the admin flag follows (`is_admin` = role is admin, kept by
/// the schema's triggers for the code that still reads the flag).
pub fn set_user_role(conn: &Connection, windows_user: &str, role: Role) -> Result<(), RightsError> {
    let changed = conn.execute(
        "UPDATE app_user SET role = ?2 WHERE windows_user = ?1",
        params![windows_user, role.code()],
    )?;
    if changed == 0 {
        return Err(RightsError::UnknownUser {
            field: "windows_user",
            user: windows_user.to_string(),
        });
    }
    Ok(())
}

fn stored_role(user: &str, code: &str) -> Result<Role> {
    Role::from_code(code).ok_or_else(|| StoreError::StoredValue {
        what: format!("app_user.role of {user}"),
        reason: format!("unknown role {code:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_user_row_is_checked_field_by_field() {
        let good = User {
            windows_user: "jdupont".into(),
            erp_code: "JD01".into(),
            email: "jean.dupont@exemple.fr".into(),
            display_name: "Jean Dupont".into(),
            is_admin: false,
            active: true,
        };
        assert!(user_problems(&good).is_empty());
        let bad = User {
            windows_user: "../x".into(),
            erp_code: "jd001".into(),
            email: "jean".into(),
            display_name: " ".into(),
            ..good
        };
        let fields: Vec<&str> = user_problems(&bad).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["windows_user", "erp_code", "email", "display_name"]
        );
    }
}
