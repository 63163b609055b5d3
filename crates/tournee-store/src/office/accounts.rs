//! Signing in to the back office with an account of the one user directory (`app_user`,
//! issue 13): argon2id password hashes, a forced change at first login, a back-off after
//! repeated failures (never a lasting lock: an attacker must not be able to shut the admin
//! out), and sessions whose tokens are stored hashed. A user without a password cannot
//! sign in; an inactive one neither.
//!
//! A refused login says the same words and costs the same argon2 check whatever the
//! reason (unknown login, wrong password, closed account, back-off), so that neither
//! the answer nor its time tells which logins exist.
//!
//! The HTTP layer (next issue) only calls these; no handler sees a password hash.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{Missing, OfficeError};

/// What an account may do: the directory's role (`app_user.role`); every route checks
/// it on the server.
pub use tournee_core::Role;

/// An account as the rest of the program sees it (never with its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Login.
    pub login: String,
    /// Name shown.
    pub display_name: String,
    /// Mail address (sender of the accountant's mails).
    pub email: String,
    /// The directory's role.
    pub role: Role,
    /// Must choose a new password before anything else.
    pub must_change_password: bool,
}

pub use super::password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
/// Failed logins in a row an account takes before its back-off starts.
pub const ACCOUNT_FREE_FAILURES: u32 = 10;
/// Longest back-off of an account (it doubles from one second with each failure).
pub const ACCOUNT_BACKOFF_CAP_SECS: i64 = 60;
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 10;
/// Longest login (as the user mapping's logins: `tournee_sync::MAX_USER_LEN`).
pub const MAX_LOGIN_CHARS: usize = tournee_sync::MAX_USER_LEN;
/// Longest name shown.
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;
/// Longest mail address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// Why a login was refused, for the server's log only: every reason reads the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusedBecause {
    /// No account has this login.
    UnknownLogin,
    /// The user has no password: they cannot sign in to the back office.
    NoPassword,
    /// The password does not match.
    WrongPassword,
    /// The account is closed.
    Inactive,
    /// The account is in its back-off after too many failures; the password was not
    /// looked at.
    AccountBackOff,
    /// The client's address is in its back-off (decided by the web layer).
    AddressBackOff,
}

impl RefusedBecause {
    /// Stable code for logs.
    pub fn code(self) -> &'static str {
        match self {
            Self::UnknownLogin => "unknown_login",
            Self::NoPassword => "no_password",
            Self::WrongPassword => "wrong_password",
            Self::Inactive => "inactive",
            Self::AccountBackOff => "account_back_off",
            Self::AddressBackOff => "address_back_off",
        }
    }
}

/// A refused login; the words shown are the same whatever the reason, on purpose (the
/// reason is for the log).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    /// Unknown login, wrong password, closed account or back-off (not told apart).
    #[error("login refused")]
    Refused(RefusedBecause),
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

/// The length rule for a provisional password (drawn, or given at `init`), which must
/// be replaced at the first login; a password a person chooses must also be strong
/// ([`super::password::check_strength`]).
fn check_policy(password: &str) -> Result<(), OfficeError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        Err(OfficeError::PasswordTooShort {
            min: MIN_PASSWORD_CHARS,
        })
    } else if length > MAX_PASSWORD_CHARS {
        Err(OfficeError::PasswordTooLong {
            max: MAX_PASSWORD_CHARS,
        })
    } else {
        Ok(())
    }
}

/// Refuses every text longer than its limit, each naming its field.
fn check_lengths(texts: &[(&str, &str, usize)]) -> Result<(), OfficeError> {
    let problems: Vec<tournee_core::DomainError> = texts
        .iter()
        .filter_map(|(field, text, max)| {
            let len = text.chars().count();
            (len > *max).then(|| tournee_core::DomainError::TooLong {
                field: (*field).to_string(),
                max: u32::try_from(*max).unwrap_or(u32::MAX),
                len,
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(OfficeError::Invalid(problems))
    }
}

/// Whether `login` is already a user's of the directory.
pub fn login_taken(conn: &Connection, login: &str) -> Result<bool, OfficeError> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM app_user WHERE windows_user = ?1",
        [login],
        |r| r.get(0),
    )?)
}

/// A random password for a new account (shown once, to be changed at first login).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    (0..16)
        .map(|_| char::from(ALPHABET[(OsRng.next_u32() as usize) % ALPHABET.len()]))
        .collect()
}

/// Creates a user of the directory without ERP code (no laptop: an accountant, an
/// admin) who signs in with `password` and must change it at first login. A login the
/// directory already has is refused ([`OfficeError::LoginTaken`]): give that user a
/// password with [`reset_password`] instead.
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
    check_lengths(&[
        ("login", login, MAX_LOGIN_CHARS),
        ("display_name", display_name, MAX_DISPLAY_NAME_CHARS),
        ("email", email, MAX_EMAIL_CHARS),
    ])?;
    if login_taken(conn, login)? {
        return Err(OfficeError::LoginTaken(login.to_string()));
    }
    conn.execute(
        "INSERT INTO app_user (windows_user, display_name, email, role, password_hash, \
         must_change_password, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
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

/// At `init`: an `admin` account if no admin can sign in; returns its password (`given` or a
/// generated one) so it can be printed once. `None` when an admin already exists.
pub fn ensure_default_admin(
    conn: &Connection,
    given: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<String>, OfficeError> {
    let exists = conn
        .query_row(
            "SELECT 1 FROM app_user WHERE role = 'admin' AND active = 1 \
             AND password_hash IS NOT NULL",
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

/// A hash with the same parameters as real ones, of a password nobody knows: checked
/// instead of a real hash when there is none to check, so every refusal costs the same.
fn stand_in_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        hash_password(&random_token()).unwrap_or_else(|_| {
            // No randomness for a salt: a fixed one serves, the password is random anyway.
            let salt = SaltString::encode_b64(b"tournee-stand-in").expect("a 16-byte salt encodes");
            Argon2::default()
                .hash_password(random_token().as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .unwrap_or_default()
        })
    })
}

/// Makes the stand-in hash now, so the first unknown login costs no more than the others.
pub fn prepare_login_checks() {
    let _made = stand_in_hash();
}

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Refuses a login without looking at any account (the web layer's address back-off),
/// at the cost of a real check.
pub fn refuse_at_same_cost(password: &str) -> OfficeError {
    let _same_cost_as_a_real_check = password_matches(stand_in_hash(), password);
    refused(RefusedBecause::AddressBackOff)
}

/// The back-off after `failures` in a row: none up to [`ACCOUNT_FREE_FAILURES`], then
/// 1 s, 2 s, 4 s … up to [`ACCOUNT_BACKOFF_CAP_SECS`].
pub fn account_back_off(failures: u32) -> Option<Duration> {
    let over = failures
        .checked_sub(ACCOUNT_FREE_FAILURES)?
        .checked_sub(1)?;
    let seconds = 1i64
        .checked_shl(over.min(30))
        .unwrap_or(i64::MAX)
        .min(ACCOUNT_BACKOFF_CAP_SECS);
    Some(Duration::seconds(seconds))
}

/// Checks a login. Failures in a row are counted; past [`ACCOUNT_FREE_FAILURES`] the
/// account waits [`account_back_off`] between two checks (attempts meanwhile are refused
/// unchecked and do not lengthen it). A success clears the count.
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
        Option<String>,
        bool,
        bool,
        u32,
        Option<String>,
    );
    let row: Option<Row> = conn
        .query_row(
            "SELECT display_name, email, role, password_hash, must_change_password, active, failed_attempts, locked_until \
             FROM app_user WHERE windows_user = ?1",
            [login],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )
        .optional()?;
    let Some((display_name, email, role, hash, must_change, active, failures, waiting_until)) = row
    else {
        let _same_cost_as_a_real_check = password_matches(stand_in_hash(), password);
        return Err(refused(RefusedBecause::UnknownLogin));
    };
    // A user without a password is refused as an unknown login is: same words, same cost,
    // nothing counted (there is nothing to guess).
    let Some(hash) = hash else {
        let _same_cost_as_a_real_check = password_matches(stand_in_hash(), password);
        return Err(refused(RefusedBecause::NoPassword));
    };
    if waiting_until.is_some_and(|until| until.as_str() > stamp(now).as_str()) {
        let _same_cost_as_a_real_check = password_matches(&hash, password);
        return Err(refused(RefusedBecause::AccountBackOff));
    }
    let valid = password_matches(&hash, password);
    let role = Role::from_code(&role);
    match (valid, active, role) {
        (true, true, Some(role)) => {
            conn.execute(
                "UPDATE app_user SET failed_attempts = 0, locked_until = NULL, last_login_at = ?2 WHERE windows_user = ?1",
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
        (valid, active, _) => {
            let failures = failures.saturating_add(1);
            let wait = account_back_off(failures).map(|wait| stamp(now + wait));
            conn.execute(
                "UPDATE app_user SET failed_attempts = ?2, locked_until = ?3 WHERE windows_user = ?1",
                params![login, failures, wait],
            )?;
            Err(refused(if valid && !active {
                RefusedBecause::Inactive
            } else {
                RefusedBecause::WrongPassword
            }))
        }
    }
}

fn refused(why: RefusedBecause) -> OfficeError {
    OfficeError::Login(LoginError::Refused(why))
}

/// Lifts an account's back-off and clears its failure count (`tournee-server account
/// unlock`); the password is unchanged.
pub fn unlock_account(conn: &Connection, login: &str) -> Result<(), OfficeError> {
    let changed = conn.execute(
        "UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE windows_user = ?1",
        [login],
    )?;
    if changed == 0 {
        return Err(OfficeError::NotFound(Missing::Account(login.to_string())));
    }
    Ok(())
}

/// Changes a password (the old one is required, the new one must be strong: see
/// [`super::password::check_strength`]); clears the forced change.
pub fn change_password(
    conn: &Connection,
    login: &str,
    old: &str,
    new: &str,
    now: DateTime<Utc>,
) -> Result<(), OfficeError> {
    let account = verify_login(conn, login, old, now)?;
    super::password::check_strength(new, &[login, &account.display_name])?;
    if old == new {
        return Err(OfficeError::SamePassword);
    }
    conn.execute(
        "UPDATE app_user SET password_hash = ?2, must_change_password = 0 WHERE windows_user = ?1",
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
        return Err(OfficeError::OwnAccount);
    }
    let changed = conn.execute(
        "UPDATE app_user SET active = ?2, failed_attempts = 0, locked_until = NULL WHERE windows_user = ?1",
        params![login, active],
    )?;
    if changed == 0 {
        return Err(OfficeError::NotFound(Missing::Account(login.to_string())));
    }
    if !active {
        conn.execute("DELETE FROM office_session WHERE login = ?1", [login])?;
    }
    Ok(())
}

/// « Définir un mot de passe »: draws a temporary password for any user of the directory
/// (returned, to be shown once), forces its change at the next login, ends the user's
/// sessions and lifts a back-off. A forgotten password, or the first one of a rep or a
/// manager who is to sign in.
pub fn reset_password(conn: &Connection, login: &str) -> Result<String, OfficeError> {
    let password = generate_password();
    let changed = conn.execute(
        "UPDATE app_user SET password_hash = ?2, must_change_password = 1, failed_attempts = 0, \
         locked_until = NULL WHERE windows_user = ?1",
        params![login, hash_password(&password)?],
    )?;
    if changed == 0 {
        return Err(OfficeError::NotFound(Missing::Account(login.to_string())));
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
            "SELECT a.windows_user, a.display_name, a.email, a.role, a.must_change_password, s.csrf_token \
             FROM office_session s JOIN app_user a ON a.windows_user = s.login \
             WHERE s.token_sha256 = ?1 AND s.expires_at > ?2 AND a.active = 1 \
             AND a.password_hash IS NOT NULL",
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
            .query_row("SELECT password_hash FROM app_user", [], |r| r.get(0))
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
    fn short_passwords_unknown_logins_and_repeated_failures_are_refused_alike() {
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
        for _ in 1..ACCOUNT_FREE_FAILURES {
            assert!(verify_login(&conn, "compta", "mauvais mot de passe", at(1)).is_err());
        }
        // Ten failures in a row go unpunished; the eleventh makes the account wait 1 s.
        verify_login(&conn, "compta", "assez long mot de passe", at(1)).unwrap();
        for _ in 0..=ACCOUNT_FREE_FAILURES {
            assert!(verify_login(&conn, "compta", "mauvais mot de passe", at(1)).is_err());
        }
        let at_s = |s: i64| at(1) + Duration::seconds(s);
        let unchecked =
            verify_login(&conn, "compta", "assez long mot de passe", at_s(0)).unwrap_err();
        assert!(matches!(
            unchecked,
            OfficeError::Login(LoginError::Refused(RefusedBecause::AccountBackOff))
        ));
        assert_eq!(unchecked.to_string(), wrong.to_string(), "same words");
        verify_login(&conn, "compta", "assez long mot de passe", at_s(2)).unwrap();
    }

    #[test]
    fn the_back_off_doubles_up_to_a_minute_so_no_one_is_ever_locked_out_for_good() {
        assert_eq!(account_back_off(ACCOUNT_FREE_FAILURES), None);
        assert_eq!(
            account_back_off(ACCOUNT_FREE_FAILURES + 1),
            Some(Duration::seconds(1))
        );
        assert_eq!(
            account_back_off(ACCOUNT_FREE_FAILURES + 3),
            Some(Duration::seconds(4))
        );
        assert_eq!(
            account_back_off(u32::MAX),
            Some(Duration::seconds(ACCOUNT_BACKOFF_CAP_SECS))
        );
        // An attacker guessing the admin's password every second (far past the minute the
        // back-off reaches): the admin, coming a minute after the last guess, gets in.
        let conn = db();
        let password = ensure_default_admin(&conn, None, at(0)).unwrap().unwrap();
        let mut t = at(0);
        for _ in 0..100 {
            let _refused = verify_login(&conn, "admin", "essai de l'attaquant", t);
            t += Duration::seconds(1);
        }
        assert!(
            verify_login(&conn, "admin", &password, t).is_err(),
            "in its back-off"
        );
        verify_login(
            &conn,
            "admin",
            &password,
            t + Duration::seconds(ACCOUNT_BACKOFF_CAP_SECS),
        )
        .unwrap();
        // And `account unlock` lifts a back-off at once.
        for _ in 0..20 {
            let _refused = verify_login(&conn, "admin", "essai de l'attaquant", t);
        }
        unlock_account(&conn, "admin").unwrap();
        verify_login(&conn, "admin", &password, t).unwrap();
        assert!(matches!(
            unlock_account(&conn, "personne"),
            Err(OfficeError::NotFound(_))
        ));
    }

    #[test]
    fn overlong_account_texts_are_refused_naming_each_field() {
        let conn = db();
        let error = create_account(
            &conn,
            &"a".repeat(MAX_LOGIN_CHARS + 1),
            &"N".repeat(MAX_DISPLAY_NAME_CHARS + 1),
            "c@x.fr",
            Role::Accountant,
            "assez long mot de passe",
            at(0),
        )
        .unwrap_err();
        let OfficeError::Invalid(problems) = error else {
            panic!("{error}")
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field()).collect();
        assert_eq!(fields, ["login", "display_name"]);
        assert_eq!(
            conn.query_row("SELECT count(*) FROM app_user", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            0
        );
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

    #[test]
    fn a_former_office_account_signs_in_after_the_directory_migration_and_a_rep_once_given_a_password(
    ) {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate_to(&mut conn, 18).unwrap();
        conn.execute(
            "INSERT INTO office_account (login, display_name, email, role, password_hash, \
             must_change_password, created_at) VALUES ('compta', 'Claire', 'c@x.fr', 'accountant', ?1, 0, ?2)",
            params![hash_password("un mot de passe long").unwrap(), stamp(at(0))],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name) \
             VALUES ('jdupont', 'JD01', 'jd@x.fr', 'Jean')",
            [],
        )
        .unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        let account = verify_login(&conn, "compta", "un mot de passe long", at(1)).unwrap();
        assert_eq!(
            (account.role, account.must_change_password),
            (Role::Accountant, false)
        );
        // A rep of the directory has no password: refused as an unknown login, uncounted.
        let unknown = verify_login(&conn, "personne", "x", at(1)).unwrap_err();
        let no_password = verify_login(&conn, "jdupont", "x", at(1)).unwrap_err();
        assert!(matches!(
            no_password,
            OfficeError::Login(LoginError::Refused(RefusedBecause::NoPassword))
        ));
        assert_eq!(no_password.to_string(), unknown.to_string());
        // Once given one, the rep signs in with their role, and must change it.
        let drawn = reset_password(&conn, "jdupont").unwrap();
        let rep = verify_login(&conn, "jdupont", &drawn, at(2)).unwrap();
        assert_eq!((rep.role, rep.must_change_password), (Role::Rep, true));
        let (token, _) = open_session(&conn, "jdupont", at(2)).unwrap();
        assert!(session_account(&conn, &token, at(3)).unwrap().is_some());
        // Closed (by the users page's upsert of `active`): no session, no sign-in.
        conn.execute(
            "UPDATE app_user SET active = 0 WHERE windows_user = 'jdupont'",
            [],
        )
        .unwrap();
        assert!(session_account(&conn, &token, at(3)).unwrap().is_none());
        let closed = verify_login(&conn, "jdupont", &drawn, at(4)).unwrap_err();
        assert_eq!(closed.to_string(), unknown.to_string());
        // A new account's login cannot be a user's already.
        assert!(matches!(
            create_account(
                &conn,
                "jdupont",
                "J",
                "j@x.fr",
                Role::Accountant,
                "assez long mot de passe",
                at(5)
            ),
            Err(OfficeError::LoginTaken(_))
        ));
    }
}
