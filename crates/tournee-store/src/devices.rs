//! Laptops enrolled for the built-in HTTPS transport: one-time enrollment codes,
//! device keys, revocation, request counters, and the signer check every change file
//! goes through (sync-spec section 10).
//!
//! The server never trusts the laptop: a device is only what an admin's code let in,
//! a request only counts when its counter moves forward, and a file only integrates
//! when its signer is an active device of the user it names.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use tournee_sync::random_bytes;
use tournee_sync::{Detail, FileSignature, RejectReason, Rejection};

use crate::master::users::find_user;
use crate::StoreError;

/// How long an enrollment code stays valid.
pub const CODE_LIFETIME_HOURS: i64 = 48;
/// Wrong proofs after which a code is burnt (it is 60 random bits; this stops guessing).
pub const MAX_PROOF_ATTEMPTS: i64 = 5;
/// Longest device name kept (a laptop sends its host name: at most 63 characters).
pub const MAX_DEVICE_NAME_CHARS: usize = 64;
use tournee_sync::{CODE_ALPHABET as ALPHABET, CODE_CHARS};

/// Why a device operation was refused. The variants carry the values; the words shown
/// to admins and reps are the server's (its sentence catalogue); `Display` is for logs.
#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    /// The rep is not an active user of the mapping.
    #[error("{0:?} is not an active user of the mapping")]
    UnknownUser(String),
    /// The code is not one this server issued (or is mistyped). Reads exactly as
    /// [`Self::BadProof`]: a caller must not learn which code ids exist.
    #[error("enrollment code refused")]
    UnknownCode,
    /// The code already enrolled a device.
    #[error("enrollment code already used")]
    CodeUsed,
    /// The code is past its lifetime.
    #[error("enrollment code expired")]
    CodeExpired,
    /// Too many wrong proofs for this code.
    #[error("enrollment code blocked after too many attempts")]
    CodeBurnt,
    /// The proof does not match (wrong code, or not talking to this server). Reads
    /// exactly as [`Self::UnknownCode`].
    #[error("enrollment code refused")]
    BadProof,
    /// The public key is already enrolled.
    #[error("device key already enrolled")]
    KeyTaken,
    /// No device has that id.
    #[error("unknown device")]
    UnknownDevice,
    /// The device was revoked (when, as stored).
    #[error("device revoked on {0}")]
    Revoked(String),
    /// The request's signature does not match the device's key.
    #[error("invalid request signature")]
    BadRequestSignature,
    /// The request's counter did not move forward: a replay, or a copied key.
    #[error("replayed request (counter {got}, last accepted {last})")]
    Replay {
        /// Highest counter accepted so far.
        last: i64,
        /// Counter of this request.
        got: i64,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for DeviceError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

/// An enrolled laptop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// ULID given at enrollment; it names the device in signatures and requests.
    pub device_id: String,
    /// The rep it belongs to.
    pub user: String,
    /// What the laptop called itself.
    pub name: String,
    /// Ed25519 public key, base64.
    pub public_key: String,
    /// RFC 3339.
    pub enrolled_at: String,
    /// RFC 3339, when revoked.
    pub revoked_at: Option<String>,
    /// RFC 3339 of its last accepted request.
    pub last_seen_at: Option<String>,
}

/// A code just issued: shown once, never stored whole in readable form elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCode {
    /// `XXXX-XXXX-XXXX-XXXX`.
    pub code: String,
    /// The rep it enrolls.
    pub user: String,
    /// End of validity.
    pub expires_at: DateTime<Utc>,
}

/// A code waiting to be used, as the admin's page lists it (the secret never shown again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCode {
    /// First group of the code.
    pub code_id: String,
    /// The rep it enrolls.
    pub user: String,
    /// Who issued it.
    pub created_by: String,
    /// RFC 3339.
    pub expires_at: String,
}

fn random_chars(n: usize) -> Result<String, DeviceError> {
    let mut bytes = vec![0u8; n];
    random_bytes(&mut bytes)
        .map_err(|e| StoreError::io("random", std::io::Error::other(e.to_string())))?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// Splits a typed code into its lookup id and its secret (see
/// [`tournee_sync::split_enrollment_code`]).
pub fn split_code(typed: &str) -> Option<(String, String)> {
    tournee_sync::split_enrollment_code(typed)
}

/// Issues a one-time code that enrolls one laptop for `user`.
pub fn issue_code(
    conn: &Connection,
    user: &str,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<IssuedCode, DeviceError> {
    match find_user(conn, user)? {
        Some(found) if found.active => {}
        _ => return Err(DeviceError::UnknownUser(user.to_string())),
    }
    let expires_at = now + Duration::hours(CODE_LIFETIME_HOURS);
    loop {
        let chars = random_chars(CODE_CHARS)?;
        let (code_id, secret) = (&chars[..4], &chars[4..]);
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO enrollment_code
                 (code_id, secret, user, created_by, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                code_id,
                secret,
                user,
                created_by,
                now.to_rfc3339(),
                expires_at.to_rfc3339()
            ],
        )?;
        // A taken lookup id (an old code keeps its row) is simply drawn again.
        if inserted == 1 {
            let code = chars
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-");
            return Ok(IssuedCode {
                code,
                user: user.to_string(),
                expires_at,
            });
        }
    }
}

/// Codes neither used nor expired, newest first.
pub fn pending_codes(
    conn: &Connection,
    now: DateTime<Utc>,
) -> Result<Vec<PendingCode>, DeviceError> {
    let mut statement = conn.prepare(
        "SELECT code_id, user, created_by, expires_at FROM enrollment_code
         WHERE used_at IS NULL AND expires_at > ?1 AND failed_attempts < ?2
         ORDER BY created_at DESC",
    )?;
    let rows = statement.query_map(params![now.to_rfc3339(), MAX_PROOF_ATTEMPTS], |row| {
        Ok(PendingCode {
            code_id: row.get(0)?,
            user: row.get(1)?,
            created_by: row.get(2)?,
            expires_at: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What a laptop presents to enroll.
#[derive(Debug, Clone)]
pub struct EnrollmentRequest<'a> {
    /// First group of the code.
    pub code_id: &'a str,
    /// The laptop's new public key, base64.
    pub public_key: &'a str,
    /// What the laptop calls itself.
    pub device_name: &'a str,
}

/// Stands in for a secret when the code id is unknown, so that the proof is checked
/// (and costs the same) either way.
const STAND_IN_SECRET: &str = "000000000000";

/// Enrolls a device if `proof_matches(secret)` holds for the code's secret; a wrong
/// proof counts against a live code. The code is used up by the first success.
///
/// An unknown code id and a wrong proof are refused alike ([`DeviceError::UnknownCode`]
/// and [`DeviceError::BadProof`] read the same); only a laptop whose proof is right
/// (it holds the secret) is told that its code was used, burnt or has expired.
pub fn redeem_code(
    conn: &mut Connection,
    request: &EnrollmentRequest<'_>,
    proof_matches: impl FnOnce(&str) -> bool,
    now: DateTime<Utc>,
) -> Result<Device, DeviceError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let row: Option<(String, String, String, Option<String>, i64)> = tx
        .query_row(
            "SELECT secret, user, expires_at, used_at, failed_attempts
             FROM enrollment_code WHERE code_id = ?1",
            [request.code_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((secret, user, expires_at, used_at, failed_attempts)) = row else {
        let _same_work_as_a_real_code = proof_matches(STAND_IN_SECRET);
        return Err(DeviceError::UnknownCode);
    };
    let proven = proof_matches(&secret);
    let expired = DateTime::parse_from_rfc3339(&expires_at)
        .map(|at| at.with_timezone(&Utc) <= now)
        .unwrap_or(true);
    let burnt = failed_attempts >= MAX_PROOF_ATTEMPTS;
    if !proven {
        if used_at.is_none() && !burnt && !expired {
            tx.execute(
                "UPDATE enrollment_code SET failed_attempts = failed_attempts + 1 WHERE code_id = ?1",
                [request.code_id],
            )?;
            tx.commit()?;
        }
        return Err(DeviceError::BadProof);
    }
    if used_at.is_some() {
        return Err(DeviceError::CodeUsed);
    }
    if burnt {
        return Err(DeviceError::CodeBurnt);
    }
    if expired {
        return Err(DeviceError::CodeExpired);
    }
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM device WHERE public_key = ?1)",
        [request.public_key],
        |r| r.get(0),
    )?;
    if taken {
        return Err(DeviceError::KeyTaken);
    }
    let device = Device {
        device_id: ulid::Ulid::new().to_string(),
        user,
        name: request
            .device_name
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_DEVICE_NAME_CHARS)
            .collect(),
        public_key: request.public_key.to_string(),
        enrolled_at: now.to_rfc3339(),
        revoked_at: None,
        last_seen_at: None,
    };
    tx.execute(
        "INSERT INTO device (device_id, user, name, public_key, enrolled_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            device.device_id,
            device.user,
            device.name,
            device.public_key,
            device.enrolled_at
        ],
    )?;
    tx.execute(
        "UPDATE enrollment_code SET used_at = ?2, device_id = ?3 WHERE code_id = ?1",
        params![request.code_id, now.to_rfc3339(), device.device_id],
    )?;
    tx.commit()?;
    Ok(device)
}

fn device_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        device_id: row.get(0)?,
        user: row.get(1)?,
        name: row.get(2)?,
        public_key: row.get(3)?,
        enrolled_at: row.get(4)?,
        revoked_at: row.get(5)?,
        last_seen_at: row.get(6)?,
    })
}

const DEVICE_COLUMNS: &str =
    "device_id, user, name, public_key, enrolled_at, revoked_at, last_seen_at";

/// One device by id.
pub fn find_device(conn: &Connection, device_id: &str) -> Result<Option<Device>, DeviceError> {
    Ok(conn
        .query_row(
            &format!("SELECT {DEVICE_COLUMNS} FROM device WHERE device_id = ?1"),
            [device_id],
            device_from_row,
        )
        .optional()?)
}

/// Every device, by user then enrollment.
pub fn list_devices(conn: &Connection) -> Result<Vec<Device>, DeviceError> {
    let mut statement = conn.prepare(&format!(
        "SELECT {DEVICE_COLUMNS} FROM device ORDER BY user, enrolled_at"
    ))?;
    let rows = statement.query_map([], device_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Revokes a device: from now on its requests and its files are refused.
pub fn revoke_device(
    conn: &Connection,
    device_id: &str,
    now: DateTime<Utc>,
) -> Result<(), DeviceError> {
    let changed = conn.execute(
        "UPDATE device SET revoked_at = COALESCE(revoked_at, ?2) WHERE device_id = ?1",
        params![device_id, now.to_rfc3339()],
    )?;
    if changed == 0 {
        return Err(DeviceError::UnknownDevice);
    }
    Ok(())
}

/// The device a request names, if it is enrolled and not revoked: what can be checked
/// before reading the request's body (its signature covers the body).
pub fn active_device(conn: &Connection, device_id: &str) -> Result<Device, DeviceError> {
    let device = find_device(conn, device_id)?.ok_or(DeviceError::UnknownDevice)?;
    if let Some(at) = &device.revoked_at {
        return Err(DeviceError::Revoked(at.clone()));
    }
    Ok(device)
}

/// The highest request counter recorded for a device.
pub fn last_counter(conn: &Connection, device_id: &str) -> Result<i64, DeviceError> {
    Ok(conn.query_row(
        "SELECT last_counter FROM device WHERE device_id = ?1",
        [device_id],
        |r| r.get(0),
    )?)
}

/// Records a device's counter (never lowers it) and when it was last seen.
pub fn save_counter(
    conn: &Connection,
    device_id: &str,
    counter: i64,
    now: DateTime<Utc>,
) -> Result<(), DeviceError> {
    conn.execute(
        "UPDATE device SET last_counter = max(last_counter, ?2), last_seen_at = ?3
         WHERE device_id = ?1",
        params![device_id, counter, now.to_rfc3339()],
    )?;
    Ok(())
}

/// The prefix of the device ids of the server's own signing keys, one per user, with which
/// it signs that user's browser and REST API changes. Enrolment mints plain ULIDs, so a
/// laptop can never hold such an id, and these devices do not make a user « enrolled »
/// (a user whose laptop syncs through folders keeps sending unsigned files).
pub const ONLINE_DEVICE_PREFIX: &str = "online-";

/// Registers `public_key` as a new online device of `user` (see [`ONLINE_DEVICE_PREFIX`])
/// and returns its id: the server signs that user's browser and API changes with it, so
/// they pass the integration's signer check whether or not the user enrolled a laptop.
pub fn register_online_device(
    conn: &Connection,
    user: &str,
    public_key: &str,
    now: DateTime<Utc>,
) -> Result<String, DeviceError> {
    let device_id = format!("{ONLINE_DEVICE_PREFIX}{}", ulid::Ulid::new());
    let inserted = conn.execute(
        "INSERT INTO device (device_id, user, name, public_key, enrolled_at)
         VALUES (?1, ?2, 'tournee-server', ?3, ?4)",
        params![device_id, user, public_key, now.to_rfc3339()],
    );
    match inserted {
        Ok(_) => Ok(device_id),
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(DeviceError::KeyTaken)
        }
        Err(error) => Err(error.into()),
    }
}

/// The signer check of integration: a user who has enrolled a device signs every file;
/// a signature must come from an active device of that very user, with the key on record.
/// (The bytes themselves were checked against the key by the parser.)
pub fn check_file_signer(
    conn: &Connection,
    user: &str,
    signature: Option<&FileSignature>,
) -> Result<(), Rejection> {
    let lookup = |e: rusqlite::Error| {
        Rejection::new(
            RejectReason::UnknownDevice,
            Detail::DevicesUnreadable {
                error: e.to_string(),
            },
        )
    };
    let Some(signature) = signature else {
        let enrolled: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM device WHERE user = ?1 AND substr(device_id, 1, ?2) <> ?3)",
            )
            .and_then(|mut stmt| {
                stmt.query_row(
                    params![user, ONLINE_DEVICE_PREFIX.len(), ONLINE_DEVICE_PREFIX],
                    |r| r.get(0),
                )
            })
            .map_err(lookup)?;
        return if enrolled {
            Err(Rejection::new(
                RejectReason::Unsigned,
                Detail::Unsigned { user: user.into() },
            ))
        } else {
            Ok(())
        };
    };
    let device = conn
        .prepare_cached(&format!(
            "SELECT {DEVICE_COLUMNS} FROM device WHERE device_id = ?1"
        ))
        .and_then(|mut stmt| {
            stmt.query_row([&signature.device], device_from_row)
                .optional()
        })
        .map_err(lookup)?;
    let unknown = |detail: Detail| Err(Rejection::new(RejectReason::UnknownDevice, detail));
    let id = || signature.device.clone();
    match device {
        None => unknown(Detail::UnknownDevice { device: id() }),
        Some(device) if device.user != user => unknown(Detail::ForeignDevice {
            device: id(),
            user: user.into(),
        }),
        Some(device) if device.public_key != signature.key => {
            unknown(Detail::DeviceKey { device: id() })
        }
        Some(Device {
            revoked_at: Some(at),
            ..
        }) => unknown(Detail::RevokedDevice { device: id(), at }),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::open_master;
    use tournee_sync::DeviceKey;

    fn master() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_master(&dir.path().join("master.db")).unwrap();
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin, active)
             VALUES ('jdupont', 'JD', 'jd@example.fr', 'Jean Dupont', 0, 1)",
            [],
        )
        .unwrap();
        (dir, conn)
    }

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn enroll(conn: &mut Connection, key: &DeviceKey) -> Device {
        let issued = issue_code(conn, "jdupont", "admin", now()).unwrap();
        let (code_id, secret) = split_code(&issued.code).unwrap();
        let request = EnrollmentRequest {
            code_id: &code_id,
            public_key: &key.public_b64(),
            device_name: "portable",
        };
        redeem_code(conn, &request, |s| s == secret, now()).unwrap()
    }

    #[test]
    fn a_code_enrolls_once_and_typing_slips_are_forgiven() {
        let (_dir, mut conn) = master();
        let issued = issue_code(&conn, "jdupont", "admin", now()).unwrap();
        assert_eq!(issued.code.len(), 19);
        let sloppy = issued.code.to_lowercase().replace('-', " ");
        assert_eq!(split_code(&sloppy), split_code(&issued.code));
        assert_eq!(pending_codes(&conn, now()).unwrap().len(), 1);
        let (code_id, secret) = split_code(&issued.code).unwrap();
        let key = DeviceKey::generate().unwrap();
        let request = EnrollmentRequest {
            code_id: &code_id,
            public_key: &key.public_b64(),
            device_name: "portable",
        };
        let device = redeem_code(&mut conn, &request, |s| s == secret, now()).unwrap();
        assert_eq!(device.user, "jdupont");
        let again = redeem_code(&mut conn, &request, |s| s == secret, now()).unwrap_err();
        assert!(matches!(again, DeviceError::CodeUsed));
        assert!(pending_codes(&conn, now()).unwrap().is_empty());
        assert!(split_code("ABCD-EFGH").is_none());
        assert!(matches!(
            issue_code(&conn, "inconnu", "admin", now()),
            Err(DeviceError::UnknownUser(_))
        ));
    }

    #[test]
    fn wrong_proofs_burn_a_code_and_old_codes_expire() {
        let (_dir, mut conn) = master();
        let issued = issue_code(&conn, "jdupont", "admin", now()).unwrap();
        let (code_id, _) = split_code(&issued.code).unwrap();
        let request = EnrollmentRequest {
            code_id: &code_id,
            public_key: "clé",
            device_name: "x",
        };
        for _ in 0..MAX_PROOF_ATTEMPTS {
            let error = redeem_code(&mut conn, &request, |_| false, now()).unwrap_err();
            assert!(matches!(error, DeviceError::BadProof));
        }
        let error = redeem_code(&mut conn, &request, |_| true, now()).unwrap_err();
        assert!(
            matches!(error, DeviceError::CodeBurnt),
            "told to the holder only"
        );
        let wrong = redeem_code(&mut conn, &request, |_| false, now()).unwrap_err();
        let unknown = redeem_code(
            &mut conn,
            &EnrollmentRequest {
                code_id: "ZZZZ",
                ..request.clone()
            },
            |_| false,
            now(),
        )
        .unwrap_err();
        assert!(matches!(wrong, DeviceError::BadProof));
        assert!(matches!(unknown, DeviceError::UnknownCode));
        assert_eq!(wrong.to_string(), unknown.to_string(), "no enumeration");

        let issued = issue_code(&conn, "jdupont", "admin", now()).unwrap();
        let (code_id, _) = split_code(&issued.code).unwrap();
        let late = now() + Duration::hours(CODE_LIFETIME_HOURS + 1);
        let request = EnrollmentRequest {
            code_id: &code_id,
            ..request
        };
        let error = redeem_code(&mut conn, &request, |_| true, late).unwrap_err();
        assert!(matches!(error, DeviceError::CodeExpired));
    }

    #[test]
    fn requests_need_an_active_device_and_its_key_and_counters_never_go_back() {
        let (_dir, mut conn) = master();
        let key = DeviceKey::generate().unwrap();
        let device = enroll(&mut conn, &key);
        let ok = active_device(&conn, &device.device_id).unwrap();
        assert_eq!(ok.user, "jdupont");
        assert_eq!(ok.public_key, key.public_b64());
        let unknown = active_device(&conn, "01NOPE");
        assert!(matches!(unknown, Err(DeviceError::UnknownDevice)));
        assert_eq!(last_counter(&conn, &device.device_id).unwrap(), 0);
        save_counter(&conn, &device.device_id, 9, now()).unwrap();
        save_counter(&conn, &device.device_id, 4, now()).unwrap();
        assert_eq!(
            last_counter(&conn, &device.device_id).unwrap(),
            9,
            "never lowered"
        );
        revoke_device(&conn, &device.device_id, now()).unwrap();
        let revoked = active_device(&conn, &device.device_id);
        assert!(matches!(revoked, Err(DeviceError::Revoked(_))));
    }

    #[test]
    fn files_are_checked_against_the_users_devices() {
        let (_dir, mut conn) = master();
        assert!(check_file_signer(&conn, "jdupont", None).is_ok());
        let key = DeviceKey::generate().unwrap();
        let device = enroll(&mut conn, &key);
        let reason = |r: Result<(), Rejection>| r.unwrap_err().reason;
        assert_eq!(
            reason(check_file_signer(&conn, "jdupont", None)),
            RejectReason::Unsigned
        );
        let good = FileSignature {
            device: device.device_id.clone(),
            key: key.public_b64(),
            ed25519: String::new(),
        };
        assert!(check_file_signer(&conn, "jdupont", Some(&good)).is_ok());
        assert_eq!(
            reason(check_file_signer(&conn, "mmartin", Some(&good))),
            RejectReason::UnknownDevice
        );
        let other_key = FileSignature {
            key: DeviceKey::generate().unwrap().public_b64(),
            ..good.clone()
        };
        assert_eq!(
            reason(check_file_signer(&conn, "jdupont", Some(&other_key))),
            RejectReason::UnknownDevice
        );
        revoke_device(&conn, &device.device_id, now()).unwrap();
        assert_eq!(
            reason(check_file_signer(&conn, "jdupont", Some(&good))),
            RejectReason::UnknownDevice
        );
        assert_eq!(
            reason(check_file_signer(&conn, "jdupont", None)),
            RejectReason::Unsigned
        );
    }

    #[test]
    fn an_online_device_signs_without_making_its_user_enrolled() {
        let (_dir, conn) = master();
        let key = DeviceKey::generate().unwrap();
        let device_id =
            register_online_device(&conn, "jdupont", &key.public_b64(), Utc::now()).unwrap();
        assert!(device_id.starts_with(ONLINE_DEVICE_PREFIX));
        // The laptop still syncs through folders: its unsigned files pass.
        assert!(check_file_signer(&conn, "jdupont", None).is_ok());
        let signed = FileSignature {
            device: device_id.clone(),
            key: key.public_b64(),
            ed25519: String::new(),
        };
        assert!(check_file_signer(&conn, "jdupont", Some(&signed)).is_ok());
        // Another user cannot sign with it, and one key serves one device only.
        assert_eq!(
            check_file_signer(&conn, "mmartin", Some(&signed))
                .unwrap_err()
                .reason,
            RejectReason::UnknownDevice
        );
        assert!(matches!(
            register_online_device(&conn, "jdupont", &key.public_b64(), Utc::now()),
            Err(DeviceError::KeyTaken)
        ));
        // Revoked by the admin on « Appareils »: its files are refused.
        revoke_device(&conn, &device_id, Utc::now()).unwrap();
        assert_eq!(
            check_file_signer(&conn, "jdupont", Some(&signed))
                .unwrap_err()
                .reason,
            RejectReason::UnknownDevice
        );
    }
}
