//! Back-office accounts: argon2id password hashes, a forced change at first login,
//! a lock after repeated failures, and sessions whose tokens are stored hashed.
//!
//! The HTTP layer (next issue) only calls these; no handler sees a password hash.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::OfficeError;

/// What an account may do; every route checks it on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Parameters, users, reassignment, monitor.
    Admin,
    /// Client creation and modification requests.
    Accountant,
}

impl Role {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Accountant => "accountant",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "admin" => Some(Self::Admin),
            "accountant" => Some(Self::Accountant),
            _ => None,
        }
    }
}

/// An account as the rest of the program sees it (never with its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Login.
    pub login: String,
    /// Name shown.
    pub display_name: String,
    /// Mail address (sender of the accountant's mails).
    pub email: String,
    /// Role.
    pub role: Role,
    /// Must choose a new password before anything else.
    pub must_change_password: bool,
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Failed logins in a row before the account is locked for [`LOCK_MINUTES`].
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long a lock lasts.
pub const LOCK_MINUTES: i64 = 15;
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 10;

/// Why a login was refused; deliberately vague towards the person trying.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    /// Unknown login, wrong password or inactive account (not told apart, on purpose).
    #[error("identifiant ou mot de passe incorrect")]
    Refused,
    /// Too many failures in a row.
    #[error("compte verrouillé jusqu'à {0} après trop d'essais")]
    Locked(String),
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn hash_password(password: &str) -> Result<String, OfficeError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| OfficeError::Hashing(e.to_string()))
}

fn check_policy(password: &str) -> Result<(), OfficeError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(OfficeError::Invalid(vec![
            tournee_core::DomainError::InvalidFormat {
                field: "password".into(),
                expected: format!("au moins {MIN_PASSWORD_CHARS} caractères"),
            },
        ]));
    }
    Ok(())
}

/// A random password for a new account (shown once, to be changed at first login).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    (0..16)
        .map(|_| char::from(ALPHABET[(OsRng.next_u32() as usize) % ALPHABET.len()]))
        .collect()
}

/// Creates an account that must change its password at first login.
pub fn create_account(
    conn: &Connection,
    login: &str,
    display_name: &str,
    email: &str,
    role: Role,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), OfficeError> {
    check_policy(password)?;
    conn.execute(
        "INSERT INTO office_account (login, display_name, email, role, password_hash, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            login,
            display_name,
            email,
            role.code(),
            hash_password(password)?,
            stamp(now)
        ],
    )?;
    Ok(())
}

/// At `init`: an `admin` account if none exists; returns its password (`given` or a
/// generated one) so it can be printed once. `None` when an admin already exists.
pub fn ensure_default_admin(
    conn: &Connection,
    given: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<String>, OfficeError> {
    let exists = conn
        .query_row(
            "SELECT 1 FROM office_account WHERE role = 'admin'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if exists {
        return Ok(None);
    }
    let password = given.map(str::to_string).unwrap_or_else(generate_password);
    create_account(
        conn,
        "admin",
        "Administrateur",
        "admin@example.fr",
        Role::Admin,
        &password,
        now,
    )?;
    Ok(Some(password))
}

/// Checks a login; counts failures and locks after [`MAX_FAILED_LOGINS`].
pub fn verify_login(
    conn: &Connection,
    login: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Account, OfficeError> {
    type Row = (
        String,
        String,
        String,
        String,
        bool,
        bool,
        u32,
        Option<String>,
    );
    let row: Option<Row> = conn
        .query_row(
            "SELECT display_name, email, role, password_hash, must_change_password, active, failed_attempts, locked_until \
             FROM office_account WHERE login = ?1",
            [login],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )
        .optional()?;
    let Some((display_name, email, role, hash, must_change, active, failures, locked_until)) = row
    else {
        // Spend the same effort as for a real account: no timing hint about logins.
        let _same_cost_as_a_real_check = hash_password(password);
        return Err(refused(LoginError::Refused));
    };
    if let Some(until) = locked_until.filter(|until| until.as_str() > stamp(now).as_str()) {
        return Err(refused(LoginError::Locked(until)));
    }
    let valid = PasswordHash::new(&hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    let role = Role::from_code(&role);
    match (valid && active, role) {
        (true, Some(role)) => {
            conn.execute(
                "UPDATE office_account SET failed_attempts = 0, locked_until = NULL, last_login_at = ?2 WHERE login = ?1",
                params![login, stamp(now)],
            )?;
            Ok(Account {
                login: login.to_string(),
                display_name,
                email,
                role,
                must_change_password: must_change,
            })
        }
        _ => {
            let failures = failures + 1;
            let lock = (failures >= MAX_FAILED_LOGINS)
                .then(|| stamp(now + Duration::minutes(LOCK_MINUTES)));
            conn.execute(
                "UPDATE office_account SET failed_attempts = ?2, locked_until = ?3 WHERE login = ?1",
                params![login, if lock.is_some() { 0 } else { failures }, lock],
            )?;
            Err(refused(LoginError::Refused))
        }
    }
}

fn refused(error: LoginError) -> OfficeError {
    OfficeError::Login(error)
}

/// Changes a password (the old one is required); clears the forced change.
pub fn change_password(
    conn: &Connection,
    login: &str,
    old: &str,
    new: &str,
    now: DateTime<Utc>,
) -> Result<(), OfficeError> {
    verify_login(conn, login, old, now)?;
    check_policy(new)?;
    if old == new {
        return Err(OfficeError::Invalid(vec![
            tournee_core::DomainError::InvalidFormat {
                field: "password".into(),
                expected: "un mot de passe différent de l'ancien".into(),
            },
        ]));
    }
    conn.execute(
        "UPDATE office_account SET password_hash = ?2, must_change_password = 0 WHERE login = ?1",
        params![login, hash_password(new)?],
    )?;
    conn.execute("DELETE FROM office_session WHERE login = ?1", [login])?;
    Ok(())
}

/// Opens or closes an account (someone leaves, someone comes back). Closing it ends its
/// sessions at once. An admin cannot close their own account: the last way in must not
/// lock itself out.
pub fn set_account_active(
    conn: &Connection,
    by_admin: &str,
    login: &str,
    active: bool,
) -> Result<(), OfficeError> {
    if !active && by_admin == login {
        return Err(OfficeError::Invalid(vec![
            tournee_core::DomainError::InvalidFormat {
                field: "login".into(),
                expected: "le compte d'un autre administrateur (pas le vôtre)".into(),
            },
        ]));
    }
    let changed = conn.execute(
        "UPDATE office_account SET active = ?2, failed_attempts = 0, locked_until = NULL WHERE login = ?1",
        params![login, active],
    )?;
    if changed == 0 {
        return Err(OfficeError::NotFound(format!("compte « {login} »")));
    }
    if !active {
        conn.execute("DELETE FROM office_session WHERE login = ?1", [login])?;
    }
    Ok(())
}

/// A forgotten password: draws a new one (returned, to be shown once), forces its change
/// at the next login, ends the account's sessions and lifts a lock.
pub fn reset_password(conn: &Connection, login: &str) -> Result<String, OfficeError> {
    let password = generate_password();
    let changed = conn.execute(
        "UPDATE office_account SET password_hash = ?2, must_change_password = 1, failed_attempts = 0, \
         locked_until = NULL WHERE login = ?1",
        params![login, hash_password(&password)?],
    )?;
    if changed == 0 {
        return Err(OfficeError::NotFound(format!("compte « {login} »")));
    }
    conn.execute("DELETE FROM office_session WHERE login = ?1", [login])?;
    Ok(password)
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn token_digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new session: the token for the cookie and the CSRF token for the forms.
pub fn open_session(
    conn: &Connection,
    login: &str,
    now: DateTime<Utc>,
) -> Result<(String, String), OfficeError> {
    let token = random_token();
    let csrf = random_token();
    conn.execute(
        "INSERT INTO office_session (token_sha256, login, csrf_token, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token_digest(&token), login, csrf, stamp(now), stamp(now + Duration::hours(SESSION_HOURS))],
    )?;
    Ok((token, csrf))
}

/// The account and CSRF token behind a session cookie, if the session is alive.
pub fn session_account(
    conn: &Connection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Account, String)>, OfficeError> {
    type Row = (String, String, String, String, bool, String);
    let row: Option<Row> = conn
        .query_row(
            "SELECT a.login, a.display_name, a.email, a.role, a.must_change_password, s.csrf_token \
             FROM office_session s JOIN office_account a ON a.login = s.login \
             WHERE s.token_sha256 = ?1 AND s.expires_at > ?2 AND a.active = 1",
            params![token_digest(token), stamp(now)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    Ok(
        row.and_then(|(login, display_name, email, role, must_change, csrf)| {
            Role::from_code(&role).map(|role| {
                (
                    Account {
                        login,
                        display_name,
                        email,
                        role,
                        must_change_password: must_change,
                    },
                    csrf,
                )
            })
        }),
    )
}

/// Ends a session (logout).
pub fn close_session(conn: &Connection, token: &str) -> Result<(), OfficeError> {
    conn.execute(
        "DELETE FROM office_session WHERE token_sha256 = ?1",
        [token_digest(token)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        conn
    }

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minutes)
    }

    #[test]
    fn the_default_admin_is_created_once_hashed_and_must_change_its_password() {
        let conn = db();
        let password = ensure_default_admin(&conn, None, at(0)).unwrap().unwrap();
        assert_eq!(password.len(), 16);
        assert_eq!(ensure_default_admin(&conn, None, at(0)).unwrap(), None);
        let hash: String = conn
            .query_row("SELECT password_hash FROM office_account", [], |r| r.get(0))
            .unwrap();
        assert!(hash.starts_with("$argon2id$") && !hash.contains(&password));
        let account = verify_login(&conn, "admin", &password, at(1)).unwrap();
        assert_eq!(account.role, Role::Admin);
        assert!(account.must_change_password);
        change_password(
            &conn,
            "admin",
            &password,
            "une phrase de passe longue",
            at(2),
        )
        .unwrap();
        assert!(
            !verify_login(&conn, "admin", "une phrase de passe longue", at(3))
                .unwrap()
                .must_change_password
        );
        assert!(
            verify_login(&conn, "admin", &password, at(4)).is_err(),
            "the old password is gone"
        );
    }

    #[test]
    fn short_passwords_unknown_logins_and_repeated_failures_are_refused() {
        let conn = db();
        assert!(create_account(
            &conn,
            "compta",
            "Compta",
            "c@x.fr",
            Role::Accountant,
            "court",
            at(0)
        )
        .is_err());
        create_account(
            &conn,
            "compta",
            "Compta",
            "c@x.fr",
            Role::Accountant,
            "assez long mot de passe",
            at(0),
        )
        .unwrap();
        let unknown =
            verify_login(&conn, "personne", "assez long mot de passe", at(0)).unwrap_err();
        let wrong = verify_login(&conn, "compta", "mauvais mot de passe", at(0)).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            wrong.to_string(),
            "no hint about which logins exist"
        );
        for _ in 1..MAX_FAILED_LOGINS {
            assert!(verify_login(&conn, "compta", "mauvais mot de passe", at(1)).is_err());
        }
        let locked = verify_login(&conn, "compta", "assez long mot de passe", at(2)).unwrap_err();
        assert!(locked.to_string().contains("verrouillé"), "{locked}");
        verify_login(
            &conn,
            "compta",
            "assez long mot de passe",
            at(LOCK_MINUTES + 2),
        )
        .unwrap();
    }

    #[test]
    fn sessions_live_by_their_hashed_token_and_end_on_logout_or_expiry() {
        let conn = db();
        create_account(
            &conn,
            "compta",
            "Compta",
            "c@x.fr",
            Role::Accountant,
            "assez long mot de passe",
            at(0),
        )
        .unwrap();
        let (token, csrf) = open_session(&conn, "compta", at(0)).unwrap();
        let stored: String = conn
            .query_row("SELECT token_sha256 FROM office_session", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, token, "only a digest is stored");
        let (account, session_csrf) = session_account(&conn, &token, at(1)).unwrap().unwrap();
        assert_eq!(
            (account.login.as_str(), account.role),
            ("compta", Role::Accountant)
        );
        assert_eq!(session_csrf, csrf);
        assert!(session_account(&conn, &token, at(SESSION_HOURS * 60 + 1))
            .unwrap()
            .is_none());
        close_session(&conn, &token).unwrap();
        assert!(session_account(&conn, &token, at(1)).unwrap().is_none());
        assert!(session_account(&conn, "forged", at(1)).unwrap().is_none());
    }

    #[test]
    fn a_closed_account_loses_its_sessions_and_a_reset_forces_a_new_password() {
        let conn = db();
        create_account(
            &conn,
            "compta",
            "Claire",
            "c@x.fr",
            Role::Accountant,
            "un mot de passe long",
            at(0),
        )
        .unwrap();
        let (token, _) = open_session(&conn, "compta", at(1)).unwrap();
        assert!(
            set_account_active(&conn, "admin", "admin", false).is_err(),
            "not one's own"
        );
        set_account_active(&conn, "admin", "compta", false).unwrap();
        assert!(session_account(&conn, &token, at(2)).unwrap().is_none());
        assert!(verify_login(&conn, "compta", "un mot de passe long", at(3)).is_err());
        set_account_active(&conn, "admin", "compta", true).unwrap();
        let drawn = reset_password(&conn, "compta").unwrap();
        assert!(verify_login(&conn, "compta", "un mot de passe long", at(4)).is_err());
        let account = verify_login(&conn, "compta", &drawn, at(5)).unwrap();
        assert!(account.must_change_password);
        assert!(matches!(
            reset_password(&conn, "nobody"),
            Err(OfficeError::NotFound(_))
        ));
    }
}
