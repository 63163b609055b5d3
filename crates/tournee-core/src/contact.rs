//! A person to reach at a client or prospect, as change files carry it and snapshots show it.
//!
//! It lives in the core, beside the rule that checks it ([`crate::rules::prospect::check_contact`]),
//! so the laptop and the server check the very same struct; the sync crate re-exports it
//! as part of the wire format.

use serde::{Deserialize, Serialize};

/// Longest contact name: as long as a client's name (`nom_client`, char(35)).
pub const NAME_MAX: u32 = 35;
/// Longest role: as « A l'attention de » (`c_attention`, char(35)).
pub const ROLE_MAX: u32 = 35;
/// Longest phone: as the client's phones (`tel_1`, char(20)).
pub const PHONE_MAX: u32 = 20;
/// Longest e-mail address: as the client's (`contact_divers_4`, char(255)).
pub const EMAIL_MAX: u32 = 255;
/// Most contacts one prospect may list (a list, not an address book).
pub const MAX_CONTACTS: u32 = 50;

/// A person to reach at a client or prospect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Role in the company (free text).
    #[serde(default)]
    pub role: String,
    /// Phone as typed.
    #[serde(default)]
    pub phone: String,
    /// E-mail address.
    #[serde(default)]
    pub email: String,
}
