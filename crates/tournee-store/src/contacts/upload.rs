//! An uploaded file kept between the import's steps (preview, dry run, import) on the
//! server, under a random token tied to the back-office account that sent it and for an
//! hour: the browser sends back only the token, never the file, so the file the import
//! writes is the one the dry run read. One pending upload per account; expired ones are
//! removed at each new upload.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use tournee_csv::{read_csv, CsvTable};

use super::ImportError;

/// Largest file accepted (20 MiB: 100,000 lines of contacts weigh about 15 MB).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// How long an upload waits for its dry run and import.
pub const UPLOAD_LIFETIME_MINUTES: i64 = 60;
/// Longest file name kept (what the browser says; shown, never used as a path).
const MAX_FILE_NAME_CHARS: usize = 200;

/// A file stored for an import, read back.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Its token.
    pub token: String,
    /// The name the browser gave.
    pub file_name: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// The file read.
    pub table: CsvTable,
}

/// Stores `bytes` for `login`'s import, once they read as CSV with at least one line;
/// returns the upload (its token for the next steps).
pub fn store_upload(
    conn: &Connection,
    login: &str,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<Upload, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            max: MAX_IMPORT_BYTES,
        });
    }
    let table = read_csv(bytes).map_err(ImportError::Csv)?;
    if table.rows.is_empty() {
        return Err(ImportError::NoLines);
    }
    let file_name: String = file_name.trim().chars().take(MAX_FILE_NAME_CHARS).collect();
    let token = random_token();
    let sha256 = hex(&Sha256::digest(bytes));
    let at = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    conn.execute(
        "DELETE FROM import_upload WHERE office_login = ?1 OR expires_at <= ?2",
        params![login, at(now)],
    )?;
    conn.execute(
        "INSERT INTO import_upload (token, office_login, file_name, sha256, bytes, uploaded_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            token,
            login,
            file_name,
            sha256,
            bytes,
            at(now),
            at(now + Duration::minutes(UPLOAD_LIFETIME_MINUTES))
        ],
    )?;
    Ok(Upload {
        token,
        file_name,
        sha256,
        table,
    })
}

/// `login`'s upload `token`, if it is theirs and has not expired.
pub fn load_upload(
    conn: &Connection,
    login: &str,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Upload, ImportError> {
    let row: Option<(String, String, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT file_name, sha256, bytes FROM import_upload \
             WHERE token = ?1 AND office_login = ?2 AND expires_at > ?3",
        )?
        .query_row(
            params![token, login, now.to_rfc3339_opts(SecondsFormat::Secs, true)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (file_name, sha256, bytes) = row.ok_or(ImportError::UploadGone)?;
    // The bytes were read when stored: reading them again gives the same table.
    let table = read_csv(&bytes).map_err(ImportError::Csv)?;
    Ok(Upload {
        token: token.to_string(),
        file_name,
        sha256,
        table,
    })
}

/// Removes an upload (after its import).
pub(crate) fn drop_upload(conn: &Connection, token: &str) -> Result<(), ImportError> {
    conn.execute("DELETE FROM import_upload WHERE token = ?1", [token])?;
    Ok(())
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
