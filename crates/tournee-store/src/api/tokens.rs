//! API tokens: made by the admin, shown once, kept as the SHA-256 of their secret, each
//! with an owner (whose role and policy it carries) and scopes per entity (which can only
//! narrow what the owner may do).

use std::collections::BTreeMap;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tournee_core::{Entity, Principal};

use crate::access::principal_of;
use crate::error::StoreError;
use crate::master::users::User;

/// What every secret starts with, so that a leaked one is recognised by scanners and
/// people (« tn_ » for Tournée).
pub const TOKEN_PREFIX: &str = "tn_";
/// Longest token name.
pub const MAX_TOKEN_NAME_CHARS: usize = 80;

/// How far a token reaches on one entity: reading, or reading and writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenAccess {
    /// Lists and fetches.
    Read,
    /// Creations, updates and deletions too.
    Write,
}

/// A token's scopes: the entities it may reach, by policy code, and how far.
pub type TokenScopes = BTreeMap<Entity, TokenAccess>;

/// A token as the admin's page lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Row id.
    pub id: i64,
    /// What the admin called it (« ERP nightly », « Zapier »).
    pub name: String,
    /// The user it acts as.
    pub owner: String,
    /// Its scopes.
    pub scopes: TokenScopes,
    /// Who made it.
    pub created_by: String,
    /// When (RFC 3339 UTC).
    pub created_at: String,
    /// When it stops working, if ever.
    pub expires_at: Option<String>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
    /// When it last answered a request.
    pub last_used_at: Option<String>,
}

/// A token just made: the secret is shown once and never again.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// Row id.
    pub id: i64,
    /// The secret to send as `Authorization: Bearer <secret>`.
    pub secret: String,
}

/// Who calls, once a bearer token is checked.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    /// The token's row id (rate limits and idempotency keys are per token).
    pub token_id: i64,
    /// The owner as the policy judges them.
    pub principal: Principal,
    /// The token's own scopes.
    pub scopes: TokenScopes,
}

impl ApiCaller {
    /// Whether the token's scopes allow `access` on `entity` (the policy decides the rest).
    pub fn token_allows(&self, entity: Entity, access: TokenAccess) -> bool {
        self.scopes
            .get(&entity)
            .is_some_and(|given| *given >= access)
    }
}

/// Why a token or a new token's form is refused.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// No token has this secret (or the header holds something else).
    #[error("unknown API token")]
    Unknown,
    /// The token's expiry has passed.
    #[error("API token expired at {0}")]
    Expired(String),
    /// The admin revoked the token.
    #[error("API token revoked at {0}")]
    Revoked(String),
    /// The owner is no longer an active user.
    #[error("the owner {0} of this API token is not an active user")]
    OwnerInactive(String),
    /// The name is empty or too long.
    #[error("token name must be 1 to {MAX_TOKEN_NAME_CHARS} characters")]
    BadName,
    /// The owner is no user.
    #[error("no user {0}")]
    UnknownOwner(String),
    /// No scope chosen.
    #[error("a token needs at least one scope")]
    NoScope,
    /// The expiry is not in the future.
    #[error("expiry {0} is not in the future")]
    PastExpiry(String),
    /// The master could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for TokenError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

/// The stored digest of a secret.
pub(super) fn digest(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

pub(super) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn scopes_json(scopes: &TokenScopes) -> Result<String, StoreError> {
    let by_code: BTreeMap<&str, TokenAccess> = scopes.iter().map(|(e, a)| (e.code(), *a)).collect();
    serde_json::to_string(&by_code).map_err(|source| StoreError::Json {
        what: "api_token.scopes_json".into(),
        source,
    })
}

fn read_scopes(json: &str) -> Result<TokenScopes, StoreError> {
    let by_code: BTreeMap<String, TokenAccess> =
        serde_json::from_str(json).map_err(|source| StoreError::Json {
            what: "api_token.scopes_json".into(),
            source,
        })?;
    // A code this build no longer knows gives nothing rather than failing every request.
    Ok(by_code
        .into_iter()
        .filter_map(|(code, access)| Entity::from_code(&code).map(|e| (e, access)))
        .collect())
}

/// The directory row of an active user, as [`principal_of`] wants it.
fn active_user(conn: &Connection, login: &str) -> Result<Option<User>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT windows_user, coalesce(erp_code, ''), email, display_name, is_admin, active \
             FROM app_user WHERE windows_user = ?1",
        )?
        .query_row([login], |r| {
            Ok(User {
                windows_user: r.get(0)?,
                erp_code: r.get(1)?,
                email: r.get(2)?,
                display_name: r.get(3)?,
                is_admin: r.get(4)?,
                active: r.get(5)?,
            })
        })
        .optional()?)
}

/// Makes a token for `owner` with `scopes`, expiring at `expires_at` if given.
pub fn create_api_token(
    conn: &Connection,
    name: &str,
    owner: &str,
    scopes: &TokenScopes,
    expires_at: Option<DateTime<Utc>>,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<IssuedToken, TokenError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME_CHARS {
        return Err(TokenError::BadName);
    }
    if active_user(conn, owner)?.is_none() {
        return Err(TokenError::UnknownOwner(owner.to_string()));
    }
    if scopes.is_empty() {
        return Err(TokenError::NoScope);
    }
    if let Some(at) = expires_at.filter(|at| *at <= now) {
        return Err(TokenError::PastExpiry(stamp(at)));
    }
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let secret = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    conn.prepare_cached(
        "INSERT INTO api_token (name, owner, secret_sha256, scopes_json, created_by, created_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        name,
        owner,
        digest(&secret),
        scopes_json(scopes)?,
        created_by,
        stamp(now),
        expires_at.map(stamp),
    ])?;
    Ok(IssuedToken {
        id: conn.last_insert_rowid(),
        secret,
    })
}

/// Every token, newest first.
pub fn list_api_tokens(conn: &Connection) -> Result<Vec<ApiToken>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT id, name, owner, scopes_json, created_by, created_at, expires_at, revoked_at, last_used_at \
         FROM api_token ORDER BY id DESC",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    rows.map(|row| {
        let (id, name, owner, scopes, created_by, created_at, expires_at, revoked_at, last_used_at) =
            row?;
        Ok(ApiToken {
            id,
            name,
            owner,
            scopes: read_scopes(&scopes)?,
            created_by,
            created_at,
            expires_at,
            revoked_at,
            last_used_at,
        })
    })
    .collect()
}

/// Revokes a token from `now` on; `false` when there is no such token still in force.
pub fn revoke_api_token(
    conn: &Connection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE api_token SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        )?
        .execute(params![id, stamp(now)])?
        == 1)
}

/// The caller a bearer secret stands for, or why it is refused. Looked up by its digest,
/// so the comparison runs on hashes, never on the secret.
pub fn authenticate_api_token(
    conn: &Connection,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<ApiCaller, TokenError> {
    if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 100 {
        return Err(TokenError::Unknown);
    }
    let row = conn
        .prepare_cached(
            "SELECT id, owner, scopes_json, expires_at, revoked_at, last_used_at FROM api_token \
             WHERE secret_sha256 = ?1",
        )?
        .query_row([digest(secret)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?;
    let Some((id, owner, scopes, expires_at, revoked_at, last_used_at)) = row else {
        return Err(TokenError::Unknown);
    };
    if let Some(at) = revoked_at {
        return Err(TokenError::Revoked(at));
    }
    let now_text = stamp(now);
    if let Some(at) = expires_at.filter(|at| *at <= now_text) {
        return Err(TokenError::Expired(at));
    }
    let user = match active_user(conn, &owner)? {
        Some(user) if user.active => user,
        _ => return Err(TokenError::OwnerInactive(owner)),
    };
    // Written at most once a minute: a busy token would otherwise write on every read.
    let stale = last_used_at.is_none_or(|at| at.get(..16) != now_text.get(..16));
    if stale {
        conn.prepare_cached("UPDATE api_token SET last_used_at = ?2 WHERE id = ?1")?
            .execute(params![id, now_text])?;
    }
    Ok(ApiCaller {
        token_id: id,
        principal: principal_of(conn, &user)?,
        scopes: read_scopes(&scopes)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::open_master;

    fn master() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_master(&dir.path().join("tournee.sqlite")).unwrap();
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name) \
             VALUES ('ana', 'AN01', 'ana@example.fr', 'Ana')",
            [],
        )
        .unwrap();
        (dir, conn)
    }

    fn scopes() -> TokenScopes {
        [
            (Entity::Party, TokenAccess::Write),
            (Entity::User, TokenAccess::Read),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn a_token_works_until_revoked_and_only_its_digest_is_kept() {
        let (_dir, conn) = master();
        let now = Utc::now();
        let issued = create_api_token(&conn, "ERP", "ana", &scopes(), None, "admin", now).unwrap();
        assert!(issued.secret.starts_with(TOKEN_PREFIX));
        assert!(issued.secret.len() >= 40, "256 bits of randomness");
        let stored: String = conn
            .query_row(
                "SELECT secret_sha256 || scopes_json FROM api_token",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            !stored.contains(&issued.secret[3..]),
            "the secret itself is not stored"
        );
        let caller = authenticate_api_token(&conn, &issued.secret, now).unwrap();
        assert_eq!(caller.principal.user.0, "ana");
        assert!(caller.token_allows(Entity::Party, TokenAccess::Write));
        assert!(caller.token_allows(Entity::User, TokenAccess::Read));
        assert!(!caller.token_allows(Entity::User, TokenAccess::Write));
        assert!(!caller.token_allows(Entity::Person, TokenAccess::Read));
        assert!(matches!(
            authenticate_api_token(&conn, "tn_not-a-token", now),
            Err(TokenError::Unknown)
        ));
        assert!(revoke_api_token(&conn, issued.id, now).unwrap());
        assert!(!revoke_api_token(&conn, issued.id, now).unwrap(), "once");
        assert!(matches!(
            authenticate_api_token(&conn, &issued.secret, now),
            Err(TokenError::Revoked(_))
        ));
        assert_eq!(list_api_tokens(&conn).unwrap()[0].scopes, scopes());
    }

    #[test]
    fn expiry_owner_name_and_scopes_are_checked() {
        let (_dir, conn) = master();
        let now = Utc::now();
        let later = now + chrono::Duration::hours(1);
        let issued =
            create_api_token(&conn, "n", "ana", &scopes(), Some(later), "admin", now).unwrap();
        assert!(authenticate_api_token(&conn, &issued.secret, now).is_ok());
        assert!(matches!(
            authenticate_api_token(&conn, &issued.secret, later + chrono::Duration::seconds(1)),
            Err(TokenError::Expired(_))
        ));
        let past = create_api_token(&conn, "n", "ana", &scopes(), Some(now), "admin", now);
        assert!(matches!(past, Err(TokenError::PastExpiry(_))));
        let nobody = create_api_token(&conn, "n", "zoe", &scopes(), None, "admin", now);
        assert!(matches!(nobody, Err(TokenError::UnknownOwner(_))));
        let unnamed = create_api_token(&conn, " ", "ana", &scopes(), None, "admin", now);
        assert!(matches!(unnamed, Err(TokenError::BadName)));
        let empty = create_api_token(&conn, "n", "ana", &TokenScopes::new(), None, "admin", now);
        assert!(matches!(empty, Err(TokenError::NoScope)));
        conn.execute(
            "UPDATE app_user SET active = 0 WHERE windows_user = 'ana'",
            [],
        )
        .unwrap();
        assert!(matches!(
            authenticate_api_token(&conn, &issued.secret, now),
            Err(TokenError::OwnerInactive(_))
        ));
    }
}
