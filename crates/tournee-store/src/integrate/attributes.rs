//! The client attributes a rep owns and sets directly through an MC: the revisit date
//! (« date de revoir ») and the fleet (« type de parc »).
//!
//! Files may arrive in any order (a laptop offline for a week, two transports at once),
//! so each attribute is settled the way prospect fields are (sync-spec section 6.4): the
//! last writer by the laptop's `created_at`, in UTC, wins, ties broken by change id. The
//! value that loses, whether overwritten or arriving late, goes to
//! `client_attribute_history`, so an older MC arriving after a newer one changes nothing
//! and loses nothing. A value that came with the ERP data (no change wrote it) is older
//! than any change, and kept in the history when a change replaces it.

use rusqlite::{params, Connection, OptionalExtension};

use super::NotApplied;

/// Which attribute, as stored in `client_attribute.attribute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attribute {
    /// `client.date_revoir`.
    Revisit,
    /// The rows of `client_fleet`.
    Fleet,
}

impl Attribute {
    fn key(self) -> &'static str {
        match self {
            Self::Revisit => "revisit",
            Self::Fleet => "fleet",
        }
    }

    /// The value of an unset attribute, as JSON text.
    fn empty_json(self) -> &'static str {
        match self {
            Self::Revisit => "null",
            Self::Fleet => "{}",
        }
    }

    /// The current value as JSON text (`"2026-12-18"`, `null`, `{"VL":4}`), `None` when unset.
    fn current_json(self, conn: &Connection, client: &str) -> Result<Option<String>, NotApplied> {
        let value: Option<String> = match self {
            Self::Revisit => conn
                .prepare_cached("SELECT json_quote(date_revoir) FROM client WHERE c_client = ?1 AND date_revoir IS NOT NULL")?
                .query_row([client], |r| r.get(0))
                .optional()?,
            Self::Fleet => conn
                .prepare_cached(
                    "SELECT json_group_object(fleet_type, vehicles) FROM client_fleet WHERE c_client = ?1 \
                     HAVING count(*) > 0",
                )?
                .query_row([client], |r| r.get(0))
                .optional()?,
        };
        Ok(value)
    }
}

/// One MC writing a client attribute, with what orders it against other writers.
pub(crate) struct AttributeWrite<'a> {
    /// The client.
    pub client: &'a str,
    /// The laptop's `created_at`, UTC, as stored (`utc_text`).
    pub written_at: &'a str,
    /// The change id (tie-breaker).
    pub change_id: &'a str,
}

impl AttributeWrite<'_> {
    /// Settles `attribute` to `value_json` (the new value as JSON text): returns whether
    /// this write wins, in which case the caller applies it. Either way the losing value
    /// is kept in the history.
    pub(crate) fn settle(
        &self,
        conn: &Connection,
        attribute: Attribute,
        value_json: &str,
    ) -> Result<bool, NotApplied> {
        let current: Option<(String, String)> = conn
            .prepare_cached(
                "SELECT written_at, change_id FROM client_attribute WHERE c_client = ?1 AND attribute = ?2",
            )?
            .query_row(params![self.client, attribute.key()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let mut history = conn.prepare_cached(
            "INSERT INTO client_attribute_history (c_client, attribute, value_json, written_at, change_id, superseded_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        if let Some((at, id)) = &current {
            if (self.written_at, self.change_id) <= (at.as_str(), id.as_str()) {
                history.execute(params![
                    self.client,
                    attribute.key(),
                    value_json,
                    self.written_at,
                    self.change_id,
                    id
                ])?;
                return Ok(false);
            }
        }
        let old = match (attribute.current_json(conn, self.client)?, &current) {
            (Some(old), _) => Some(old),
            // A change cleared it: the empty value lost, and is kept like any other.
            (None, Some(_)) => Some(attribute.empty_json().to_string()),
            (None, None) => None,
        };
        if let Some(old) = old {
            let (at, id) = match &current {
                Some((at, id)) => (Some(at.as_str()), Some(id.as_str())),
                None => (None, None), // the ERP's value: no change wrote it
            };
            history.execute(params![
                self.client,
                attribute.key(),
                old,
                at,
                id,
                self.change_id
            ])?;
        }
        conn.prepare_cached(
            "INSERT INTO client_attribute (c_client, attribute, written_at, change_id) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (c_client, attribute) DO UPDATE SET written_at = excluded.written_at, \
             change_id = excluded.change_id",
        )?
        .execute(params![
            self.client,
            attribute.key(),
            self.written_at,
            self.change_id
        ])?;
        Ok(true)
    }
}
