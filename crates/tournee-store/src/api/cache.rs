//! What every API request would otherwise read again from the master: the token's caller
//! (its row, its owner's principal, its scopes) and the caller's reach (the policy in
//! force and every active user's principal, for the team). Profiling showed the reach
//! alone, recomputed per request, cost more than the page it guards (docs/benchmarks.md,
//! « REST API, second step »).
//!
//! The cache belongs to one connection and is forgotten as soon as anything was committed
//! to the master since it was filled, by another connection (`PRAGMA data_version`) or by
//! this one (`sqlite3_total_changes`, its own writes other than the token's last use): a
//! request is never answered from an older state of tokens, users, teams or policy than a
//! read of the master at the same moment would give. Only accepted tokens are kept, so a
//! refused one is checked against the master every time.
//!
//! Answers are kept the same way: a list page or a record as rendered for a caller, under
//! a key naming the caller's user, the resource and the query. Forgotten with the rest
//! when the master changes, they are what a read at the same moment would answer; 200
//! clients asking the same page then cost a look-up instead of a read and a rendering
//! each (docs/benchmarks.md, « REST API, fifth step »).

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use tournee_core::Principal;

use super::read::ApiReach;
use super::tokens::{authenticate_api_token, digest, stamp, ApiCaller, TokenError};
use crate::error::StoreError;

/// Accepted tokens kept at most per connection (a bound against memory growth).
const MAX_CALLERS: usize = 1024;

/// Answers kept at most per connection: a page is at most 200 records (about 150 KB).
const MAX_ANSWERS: usize = 64;

/// A body answered earlier, with its entity tag when it is one record's.
#[derive(Debug, Clone)]
pub struct KeptAnswer {
    /// The response's body, as sent.
    pub body: Arc<[u8]>,
    /// The record's tag (`ETag`), for a single record.
    pub etag: Option<String>,
}

/// An accepted token, as its last check found it.
#[derive(Debug, Clone)]
struct Known {
    caller: ApiCaller,
    expires_at: Option<String>,
    /// The minute of its recorded last use (`YYYY-MM-DDTHH:MM`).
    used_minute: String,
}

/// Callers and reaches known on one connection (see the module's doc for when they are
/// forgotten).
#[derive(Debug, Default)]
pub struct ApiCache {
    /// `(data_version, total_changes)` when the cache was last known valid.
    seen: Option<(i64, u64)>,
    callers: HashMap<String, Known>,
    reaches: HashMap<String, ApiReach>,
    answers: HashMap<String, KeptAnswer>,
}

fn minute(at: &str) -> String {
    at.get(..16).unwrap_or(at).to_string()
}

impl ApiCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets everything when the master changed since the cache was filled.
    fn refresh(&mut self, conn: &Connection) -> Result<(), StoreError> {
        let version: i64 = conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        let now = (version, conn.total_changes());
        if self.seen != Some(now) {
            self.callers.clear();
            self.reaches.clear();
            self.answers.clear();
            self.seen = Some(now);
        }
        Ok(())
    }

    /// Notes this connection's own write of a token's last use, which changes nothing
    /// the cache holds.
    fn own_write_noted(&mut self, conn: &Connection) {
        if let Some((version, _)) = self.seen {
            self.seen = Some((version, conn.total_changes()));
        }
    }

    /// The caller of `secret`, as [`authenticate_api_token`] answers it at `now`.
    pub fn caller(
        &mut self,
        conn: &Connection,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<ApiCaller, TokenError> {
        self.refresh(conn)?;
        let key = digest(secret);
        let now_text = stamp(now);
        if let Some(known) = self.callers.get_mut(&key) {
            if let Some(at) = known.expires_at.as_ref().filter(|at| **at <= now_text) {
                return Err(TokenError::Expired(at.clone()));
            }
            // Written at most once a minute, as the uncached check does.
            if known.used_minute != minute(&now_text) {
                conn.prepare_cached("UPDATE api_token SET last_used_at = ?2 WHERE id = ?1")?
                    .execute(params![known.caller.token_id, now_text])?;
                known.used_minute = minute(&now_text);
                let caller = known.caller.clone();
                self.own_write_noted(conn);
                return Ok(caller);
            }
            return Ok(known.caller.clone());
        }
        let caller = authenticate_api_token(conn, secret, now)?;
        let expires_at: Option<String> = conn
            .prepare_cached("SELECT expires_at FROM api_token WHERE id = ?1")?
            .query_row([caller.token_id], |r| r.get(0))?;
        self.own_write_noted(conn);
        if self.callers.len() >= MAX_CALLERS {
            self.callers.clear();
        }
        self.callers.insert(
            key,
            Known {
                caller: caller.clone(),
                expires_at,
                used_minute: minute(&now_text),
            },
        );
        Ok(caller)
    }

    /// The caller of `secret` if this connection accepted it since the master last
    /// changed, it has not expired and its use this minute is already recorded: what
    /// [`ApiCache::caller`] would answer without writing or reading a row. `None` in every
    /// other case, which [`ApiCache::caller`] then decides (and words).
    pub fn known_caller(
        &mut self,
        conn: &Connection,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ApiCaller>, StoreError> {
        self.refresh(conn)?;
        Ok(self.caller_known_now(secret, now))
    }

    /// A request's fast path: the caller [`ApiCache::known_caller`] would answer, and the
    /// answer kept for the key `key_of` names for them (`None` when the caller may not ask
    /// it), both found after a single look at whether the master changed. That look is a
    /// read transaction (file locks), the fast path's one trip into SQLite.
    pub fn known_answer(
        &mut self,
        conn: &Connection,
        secret: &str,
        now: DateTime<Utc>,
        key_of: impl FnOnce(&ApiCaller) -> Option<String>,
    ) -> Result<Option<(ApiCaller, KeptAnswer)>, StoreError> {
        self.refresh(conn)?;
        let Some(caller) = self.caller_known_now(secret, now) else {
            return Ok(None);
        };
        let Some(key) = key_of(&caller) else {
            return Ok(None);
        };
        Ok(self.answers.get(&key).map(|kept| (caller, kept.clone())))
    }

    /// [`ApiCache::known_caller`] once the cache was refreshed.
    fn caller_known_now(&self, secret: &str, now: DateTime<Utc>) -> Option<ApiCaller> {
        let now_text = stamp(now);
        self.callers.get(&digest(secret)).and_then(|known| {
            let expired = known.expires_at.as_ref().is_some_and(|at| *at <= now_text);
            let recorded = known.used_minute == minute(&now_text);
            (!expired && recorded).then(|| known.caller.clone())
        })
    }

    /// The reach of `principal` (as [`ApiReach::of`] computes it).
    pub fn reach(
        &mut self,
        conn: &Connection,
        principal: &Principal,
    ) -> Result<&ApiReach, StoreError> {
        self.refresh(conn)?;
        Ok(match self.reaches.entry(principal.user.0.clone()) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(place) => place.insert(ApiReach::of(conn, principal)?),
        })
    }

    /// The answer kept for `key` on this connection, if the master has not changed since
    /// it was made. The key must name everything the answer depends on: the caller's
    /// user (their reach), the resource, the id or query.
    pub fn answer(
        &mut self,
        conn: &Connection,
        key: &str,
    ) -> Result<Option<KeptAnswer>, StoreError> {
        self.refresh(conn)?;
        Ok(self.answers.get(key).cloned())
    }

    /// Keeps `answer` for `key` until the master changes. Call it only with what was read
    /// after this connection's last [`ApiCache::answer`], [`ApiCache::caller`] or
    /// [`ApiCache::reach`] for the same request: the answer is then never older than the
    /// master state the cache was last found valid at.
    pub fn keep_answer(&mut self, key: String, answer: KeptAnswer) {
        if self.answers.len() >= MAX_ANSWERS {
            self.answers.clear();
        }
        self.answers.insert(key, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::tokens::{create_api_token, revoke_api_token, TokenAccess};
    use crate::master::open_master;
    use tournee_core::Entity;

    fn master(dir: &std::path::Path) -> Connection {
        let conn = open_master(&dir.join("tournee.sqlite")).unwrap();
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name) \
             VALUES ('jdupont', 'JD', 'jd@example.fr', 'Jean Dupont')",
            [],
        )
        .unwrap();
        conn
    }

    /// A token of jdupont's expiring five minutes after `now`.
    /// A master in a temp folder holding a token of jdupont's expiring five minutes after
    /// the returned instant, and a cache that has not seen it yet.
    struct WithToken {
        _tmp: tempfile::TempDir,
        conn: Connection,
        now: DateTime<Utc>,
        issued: crate::api::tokens::IssuedToken,
        cache: ApiCache,
    }

    fn token_expiring_in_five_minutes() -> WithToken {
        let tmp = tempfile::tempdir().unwrap();
        let conn = master(tmp.path());
        let now = Utc::now();
        let expiry = now + chrono::Duration::minutes(5);
        let issued =
            create_api_token(&conn, "t", "jdupont", &scopes(), Some(expiry), "admin", now).unwrap();
        WithToken {
            _tmp: tmp,
            conn,
            now,
            issued,
            cache: ApiCache::new(),
        }
    }

    fn scopes() -> crate::api::tokens::TokenScopes {
        [(Entity::Party, TokenAccess::Read)].into_iter().collect()
    }

    #[test]
    fn a_token_revoked_by_another_connection_is_refused_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let admin = master(tmp.path());
        let issued =
            create_api_token(&admin, "t", "jdupont", &scopes(), None, "admin", Utc::now()).unwrap();
        let reader = open_master(&tmp.path().join("tournee.sqlite")).unwrap();
        let mut cache = ApiCache::new();
        let first = cache.caller(&reader, &issued.secret, Utc::now()).unwrap();
        assert_eq!(
            cache
                .caller(&reader, &issued.secret, Utc::now())
                .unwrap()
                .token_id,
            first.token_id,
            "known: answered from the cache"
        );
        assert_eq!(cache.callers.len(), 1);
        revoke_api_token(&admin, first.token_id, Utc::now()).unwrap();
        assert!(matches!(
            cache.caller(&reader, &issued.secret, Utc::now()),
            Err(TokenError::Revoked(_))
        ));
        assert!(cache.callers.is_empty(), "a refused token is not kept");
    }

    #[test]
    fn a_known_token_still_expires_and_a_forged_one_is_refused() {
        let WithToken {
            _tmp,
            conn,
            now,
            issued,
            mut cache,
        } = token_expiring_in_five_minutes();
        cache.caller(&conn, &issued.secret, now).unwrap();
        let later = now + chrono::Duration::minutes(6);
        assert!(matches!(
            cache.caller(&conn, &issued.secret, later),
            Err(TokenError::Expired(_))
        ));
        assert!(matches!(
            cache.caller(&conn, "tn_forged", now),
            Err(TokenError::Unknown)
        ));
    }

    #[test]
    fn a_known_token_records_its_use_each_minute_without_forgetting_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let conn = master(tmp.path());
        let now = Utc::now();
        let issued =
            create_api_token(&conn, "t", "jdupont", &scopes(), None, "admin", now).unwrap();
        let mut cache = ApiCache::new();
        let caller = cache.caller(&conn, &issued.secret, now).unwrap();
        let principal = caller.principal.clone();
        cache.reach(&conn, &principal).unwrap();
        let later = now + chrono::Duration::minutes(2);
        cache.caller(&conn, &issued.secret, later).unwrap();
        let used: String = conn
            .query_row(
                "SELECT last_used_at FROM api_token WHERE id = ?1",
                [caller.token_id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(used, stamp(later));
        assert_eq!(
            cache.reaches.len(),
            1,
            "its own last-use write keeps the cache"
        );
    }

    #[test]
    fn a_team_changed_by_another_connection_changes_the_caller_and_its_reach() {
        let tmp = tempfile::tempdir().unwrap();
        let admin = master(tmp.path());
        admin
            .execute(
                "INSERT INTO app_user (windows_user, erp_code, email, display_name) \
                 VALUES ('mleroy', 'ML', 'ml@example.fr', 'Marie Leroy')",
                [],
            )
            .unwrap();
        let issued =
            create_api_token(&admin, "t", "jdupont", &scopes(), None, "admin", Utc::now()).unwrap();
        let reader = open_master(&tmp.path().join("tournee.sqlite")).unwrap();
        let mut cache = ApiCache::new();
        let mut team = || {
            let caller = cache.caller(&reader, &issued.secret, Utc::now()).unwrap();
            let reach = cache.reach(&reader, &caller.principal).unwrap();
            let fresh = ApiReach::of(&reader, &caller.principal).unwrap();
            assert_eq!(reach.team_json(), fresh.team_json());
            reach.team_json().to_string()
        };
        assert_eq!(team(), r#"["jdupont"]"#);
        assert_eq!(team(), r#"["jdupont"]"#);
        let id = crate::create_team(&admin, "Sud").unwrap();
        crate::add_member(&admin, id, "jdupont", false).unwrap();
        crate::add_member(&admin, id, "mleroy", false).unwrap();
        assert_eq!(team(), r#"["jdupont","mleroy"]"#);
    }

    #[test]
    fn a_kept_answer_is_forgotten_once_anything_is_committed_by_any_connection() {
        let tmp = tempfile::tempdir().unwrap();
        let other = master(tmp.path());
        let reader = open_master(&tmp.path().join("tournee.sqlite")).unwrap();
        let mut cache = ApiCache::new();
        let answer = |text: &str| KeptAnswer {
            body: text.as_bytes().into(),
            etag: None,
        };
        assert!(cache
            .answer(&reader, "jdupont\n/api/v1/parties")
            .unwrap()
            .is_none());
        cache.keep_answer("jdupont\n/api/v1/parties".into(), answer("page 1"));
        let kept = cache.answer(&reader, "jdupont\n/api/v1/parties").unwrap();
        assert_eq!(kept.unwrap().body.as_ref(), b"page 1");
        assert!(
            cache
                .answer(&reader, "mleroy\n/api/v1/parties")
                .unwrap()
                .is_none(),
            "another user's key is another answer"
        );

        // Another connection's commit (the automaton, the back office, an ERP import).
        other
            .execute("UPDATE app_user SET display_name = 'J. Dupont'", [])
            .unwrap();
        assert!(cache
            .answer(&reader, "jdupont\n/api/v1/parties")
            .unwrap()
            .is_none());

        // This connection's own write other than a token's last use.
        cache.keep_answer("jdupont\n/api/v1/parties".into(), answer("page 1 again"));
        reader
            .execute("UPDATE app_user SET email = 'j@example.fr'", [])
            .unwrap();
        assert!(cache
            .answer(&reader, "jdupont\n/api/v1/parties")
            .unwrap()
            .is_none());
    }

    #[test]
    fn kept_answers_stay_bounded() {
        let tmp = tempfile::tempdir().unwrap();
        let reader = master(tmp.path());
        let mut cache = ApiCache::new();
        cache.answer(&reader, "warm").unwrap();
        for page in 0..(MAX_ANSWERS * 3) {
            cache.keep_answer(
                format!("jdupont\n/api/v1/parties?cursor={page}"),
                KeptAnswer {
                    body: Vec::new().into(),
                    etag: None,
                },
            );
            assert!(cache.answers.len() <= MAX_ANSWERS);
        }
    }

    #[test]
    fn a_known_answer_needs_the_known_caller_the_key_and_an_unchanged_master() {
        let WithToken {
            _tmp,
            conn,
            now,
            issued,
            mut cache,
        } = token_expiring_in_five_minutes();
        let key_of =
            |caller: &ApiCaller| Some(format!("{}\n/api/v1/parties/P1", caller.principal.user.0));
        assert!(cache
            .known_answer(&conn, &issued.secret, now, key_of)
            .unwrap()
            .is_none());
        cache.keep_answer(
            "jdupont\n/api/v1/parties/P1".into(),
            KeptAnswer {
                body: b"{}".as_slice().into(),
                etag: Some("\"t\"".into()),
            },
        );
        assert!(
            cache
                .known_answer(&conn, &issued.secret, now, key_of)
                .unwrap()
                .is_none(),
            "an answer kept, but the token not checked on this connection yet"
        );
        let caller = cache.caller(&conn, &issued.secret, now).unwrap();
        // The full check's record of the token's use forgets nothing kept.
        let (known, kept) = cache
            .known_answer(&conn, &issued.secret, now, key_of)
            .unwrap()
            .expect("known caller, kept answer");
        assert_eq!(known.token_id, caller.token_id);
        assert_eq!(kept.etag.as_deref(), Some("\"t\""));
        assert!(
            cache
                .known_answer(&conn, &issued.secret, now, |_| None)
                .unwrap()
                .is_none(),
            "a caller whose scope refuses the request has no key"
        );
        assert!(cache
            .known_answer(&conn, "tn_forged", now, key_of)
            .unwrap()
            .is_none());
        revoke_api_token(&conn, caller.token_id, now).unwrap();
        assert!(
            cache
                .known_answer(&conn, &issued.secret, now, key_of)
                .unwrap()
                .is_none(),
            "revoked: the master changed, answers and callers forgotten"
        );
    }

    #[test]
    fn a_known_caller_is_only_one_the_full_check_would_accept_without_writing() {
        let WithToken {
            _tmp,
            conn,
            now,
            issued,
            mut cache,
        } = token_expiring_in_five_minutes();
        assert!(
            cache
                .known_caller(&conn, &issued.secret, now)
                .unwrap()
                .is_none(),
            "not met yet"
        );
        let caller = cache.caller(&conn, &issued.secret, now).unwrap();
        let known = cache.known_caller(&conn, &issued.secret, now).unwrap();
        assert_eq!(known.map(|k| k.token_id), Some(caller.token_id));
        assert!(cache
            .known_caller(&conn, "tn_forged", now)
            .unwrap()
            .is_none());
        let next_minute = now + chrono::Duration::minutes(1);
        assert!(
            cache
                .known_caller(&conn, &issued.secret, next_minute)
                .unwrap()
                .is_none(),
            "its use this minute is not recorded yet: the full check writes it"
        );
        let later = now + chrono::Duration::minutes(6);
        assert!(
            cache
                .known_caller(&conn, &issued.secret, later)
                .unwrap()
                .is_none(),
            "expired"
        );
        revoke_api_token(&conn, caller.token_id, now).unwrap();
        assert!(
            cache
                .known_caller(&conn, &issued.secret, now)
                .unwrap()
                .is_none(),
            "revoked: the master changed"
        );
    }
}
