//! The user mapping: Windows user ↔ ERP user code ↔ mail ↔ display name ↔ admin flag.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::Result;

/// One row of the user mapping.
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

/// Finds a user by Windows login.
pub fn find_user(conn: &Connection, windows_user: &str) -> Result<Option<User>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM app_user WHERE windows_user = ?1"
        ))?
        .query_row([windows_user], User::from_row)
        .optional()?)
}

/// Every user, sorted by Windows login.
pub fn all_users(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM app_user ORDER BY windows_user"
    ))?;
    let users = stmt
        .query_map([], User::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(users)
}

/// Inserts or replaces a user.
pub fn upsert_user(conn: &Connection, user: &User) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO app_user ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
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
