//! Change-file names: `<TYPE>_<user>_<ULID>.json`, and the names readers must ignore.

use std::fmt;

use crate::envelope::ChangeType;

/// Longest user name accepted in a file name.
pub const MAX_USER_LEN: usize = 64;
const ULID_LEN: usize = 26;
const EXTENSION: &str = ".json";

/// The three parts of a change-file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    /// From the first two letters.
    pub change_type: ChangeType,
    /// Between the type and the ULID; may itself contain `_`.
    pub user: String,
    /// The last 26 characters before `.json`: the change id.
    pub change_id: String,
}

/// Why a name is not a change-file name. `Display` is an English line for the logs;
/// people read it as a [`crate::Detail`] (`Detail::from`), worded by the side that shows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Not of the form `XX_user_ULID.json`.
    #[error("{0:?} is not of the form <TYPE>_<user>_<ULID>.json")]
    Shape(String),
    /// The first two letters are not one of the six types.
    #[error("unknown type {0:?} (VC, MC, CP, MP, VP or CC expected)")]
    UnknownType(String),
    /// The user part is empty, too long or has a forbidden character.
    #[error("invalid user name {0:?} (1 to 64 characters among A-Z a-z 0-9 . _ -)")]
    User(String),
    /// The id part is not an uppercase ULID.
    #[error("invalid id {0:?} (a 26-character upper-case ULID expected)")]
    ChangeId(String),
}

impl FileName {
    /// Parses a name; the user may contain `_`, the ULID may not.
    pub fn parse(name: &str) -> Result<Self, NameError> {
        let shape = || NameError::Shape(name.to_string());
        let stem = name.strip_suffix(EXTENSION).ok_or_else(shape)?;
        if !stem.is_ascii() || stem.len() < 3 + 1 + 1 + ULID_LEN {
            return Err(shape());
        }
        let (type_code, rest) = stem.split_at(2);
        let rest = rest.strip_prefix('_').ok_or_else(shape)?;
        let (user_part, change_id) = rest.split_at(rest.len() - ULID_LEN);
        let user = user_part.strip_suffix('_').ok_or_else(shape)?;
        let change_type = ChangeType::from_code(type_code)
            .ok_or_else(|| NameError::UnknownType(type_code.into()))?;
        if !is_valid_user(user) {
            return Err(NameError::User(user.to_string()));
        }
        if !is_valid_ulid(change_id) {
            return Err(NameError::ChangeId(change_id.to_string()));
        }
        Ok(Self {
            change_type,
            user: user.to_string(),
            change_id: change_id.to_string(),
        })
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}_{}_{}{EXTENSION}",
            self.change_type.code(),
            self.user,
            self.change_id
        )
    }
}

/// A user name usable in file and folder names: 1–64 of `[A-Za-z0-9._-]`, not `.`/`..`.
pub fn is_valid_user(user: &str) -> bool {
    !user.is_empty()
        && user.len() <= MAX_USER_LEN
        && user != "."
        && user != ".."
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// An uppercase Crockford-base32 ULID, as the spec requires.
///
/// The first character is at most `7`: 26 base32 digits hold 130 bits, a ULID 128, and
/// the `ulid` crate would silently drop the two extra bits, so `8…` and `0…` could name
/// the same change.
pub fn is_valid_ulid(text: &str) -> bool {
    text.len() == ULID_LEN
        && text.as_bytes()[0] <= b'7'
        && !text.bytes().any(|b| b.is_ascii_lowercase())
        && ulid::Ulid::from_string(text).is_ok()
}

/// Names a reader must skip: temp files of the writer and of sync tools, anything not JSON.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with(".!sync")
        || name.ends_with(".tmp")
        || name.ends_with(".partial")
        || !name.ends_with(EXTENSION)
}

/// The original name of a sync tool's conflict copy, or `None` if `name` is not one.
///
/// Conflict copies are read under their base name (sync-spec section 6): they may be the
/// very change already integrated, and the change id inside decides. Recognised forms:
///
/// * Syncthing: `<base>.sync-conflict-YYYYMMDD-HHMMSS-<DEVICE><ext>`;
/// * Resilio Sync / BitTorrent Sync: `<base>.Conflict<ext>` (also numbered,
///   `.Conflict2`, `.Conflict 3`, as Resilio's help centre documents) and
///   `<base> (Conflict…)<ext>`.
///
/// A copy of a copy loses every marker.
pub fn strip_conflict_marker(name: &str) -> Option<String> {
    let (mut stem, ext) = match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    };
    let mut stripped = false;
    while let Some(base) = strip_syncthing_marker(stem).or_else(|| strip_resilio_marker(stem)) {
        stem = base;
        stripped = true;
    }
    (stripped && !stem.is_empty()).then(|| format!("{stem}{ext}"))
}

/// `<base>.sync-conflict-YYYYMMDD-HHMMSS-<DEVICE>` → `<base>`.
fn strip_syncthing_marker(stem: &str) -> Option<&str> {
    const MARKER: &str = ".sync-conflict-";
    let index = stem.rfind(MARKER)?;
    let mut parts = stem[index + MARKER.len()..].split('-');
    let digits = |part: Option<&str>, len: usize| {
        part.is_some_and(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let well_formed = digits(parts.next(), 8)
        && digits(parts.next(), 6)
        && parts.next().is_some_and(|device| {
            !device.is_empty() && device.bytes().all(|b| b.is_ascii_alphanumeric())
        })
        && parts.next().is_none();
    well_formed.then(|| &stem[..index])
}

/// `<base>.Conflict`, `<base>.Conflict2`, `<base>.Conflict 3`, `<base> (Conflict…)` → `<base>`.
fn strip_resilio_marker(stem: &str) -> Option<&str> {
    if let Some(index) = stem.rfind(".Conflict") {
        let number = stem[index + ".Conflict".len()..].trim_start_matches(' ');
        if number.bytes().all(|b| b.is_ascii_digit()) {
            return Some(&stem[..index]);
        }
    }
    if stem.ends_with(')') {
        if let Some(index) = stem.rfind(" (Conflict") {
            return Some(&stem[..index]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0P";

    #[test]
    fn a_user_with_underscores_is_kept_whole() {
        let parsed = FileName::parse(&format!("VC_jean_dupont_{ID}.json")).unwrap();
        assert_eq!(parsed.change_type, ChangeType::VC);
        assert_eq!(parsed.user, "jean_dupont");
        assert_eq!(parsed.change_id, ID);
        assert_eq!(parsed.to_string(), format!("VC_jean_dupont_{ID}.json"));
    }

    #[test]
    fn every_type_and_user_alphabet_round_trips() {
        let user_64 = "u".repeat(64);
        for change_type in ChangeType::ALL {
            for user in ["a", "j.dupont-2", "_x_", "-", "...", user_64.as_str()] {
                let name = FileName {
                    change_type,
                    user: user.to_string(),
                    change_id: ID.to_string(),
                };
                assert_eq!(FileName::parse(&name.to_string()), Ok(name.clone()));
            }
        }
    }

    #[test]
    fn malformed_names_are_refused() {
        let lower = ID.to_lowercase();
        let long_user = "u".repeat(65);
        let cases = [
            format!("VC_jdupont_{lower}.json"),
            format!("VC_jdupont_{}.json", &ID.replace('P', "p")),
            format!("VC__{ID}.json"),
            format!("VC_{long_user}_{ID}.json"),
            format!("VC_../x_{ID}.json"),
            format!("VC_.._{ID}.json"),
            format!("VC_._{ID}.json"),
            format!("VC_a/b_{ID}.json"),
            format!("VC_a\\b_{ID}.json"),
            format!("VC_a b_{ID}.json"),
            format!("VC_jérôme_{ID}.json"),
            format!("VC_jdupont_{ID}.txt"),
            format!("VC_jdupont_{ID}.JSON"),
            format!("VC_jdupont_{ID}"),
            format!("VC_jdupont_{ID}.json.tmp"),
            format!("VCjdupont_{ID}.json"),
            format!("VC_jdupont{ID}.json"),
            format!("vc_jdupont_{ID}.json"),
            format!("VC_jdupont_{ID}0.json"),
            "VC_jdupont_short.json".to_string(),
            format!("VC_jdupont_{}.json", "I".repeat(26)),
            // The first character of a ULID is at most 7 (48-bit timestamp).
            format!("VC_jdupont_8{}.json", &ID[1..]),
            String::new(),
            ".json".to_string(),
        ];
        for name in cases {
            assert!(FileName::parse(&name).is_err(), "{name} accepted");
        }
    }

    #[test]
    fn errors_say_which_part_is_wrong() {
        let parse = |name: String| FileName::parse(&name).unwrap_err();
        assert!(
            matches!(parse(format!("XX_jdupont_{ID}.json")), NameError::UnknownType(t) if t == "XX")
        );
        assert!(matches!(
            parse(format!("VC_a/b_{ID}.json")),
            NameError::User(_)
        ));
        assert!(matches!(
            parse(format!("VC_jdupont_{}.json", ID.to_lowercase())),
            NameError::ChangeId(_)
        ));
        assert!(matches!(parse("notes.json".into()), NameError::Shape(_)));
    }

    #[test]
    fn temp_and_foreign_names_are_ignored() {
        for name in [
            ".tmp-VC_a_X.json",
            ".syncthing.VC_a_X.json.tmp",
            "~syncthing~VC_a_X.json.tmp",
            "VC_a_X.json.!sync",
            "VC_a_X.json.tmp",
            "VC_a_X.json.partial",
            ".hidden.json",
            "notes.txt",
            "Thumbs.db",
            "VC_a_X",
        ] {
            assert!(is_ignored_name(name), "{name} not ignored");
        }
        assert!(!is_ignored_name(&format!("VC_a_{ID}.json")));
        // A bad name that looks like a change file is read, so it gets reported.
        assert!(!is_ignored_name("visite_jdupont.json"));
    }

    #[test]
    fn conflict_copies_give_back_their_base_name() {
        let base = format!("VC_jdupont_{ID}.json");
        for copy in [
            format!("VC_jdupont_{ID}.sync-conflict-20261123-101500-ABCDEF7.json"),
            format!("VC_jdupont_{ID}.Conflict.json"),
            format!("VC_jdupont_{ID}.Conflict2.json"),
            format!("VC_jdupont_{ID}.Conflict 3.json"),
            format!("VC_jdupont_{ID}.Conflict.Conflict.json"),
            format!("VC_jdupont_{ID} (Conflict 2026-11-23).json"),
            format!("VC_jdupont_{ID}.sync-conflict-20261123-101500-ABCDEF7.Conflict.json"),
        ] {
            assert_eq!(strip_conflict_marker(&copy), Some(base.clone()), "{copy}");
        }
    }

    #[test]
    fn names_without_a_well_formed_marker_are_left_alone() {
        for name in [
            format!("VC_jdupont_{ID}.json"),
            format!("VC_jdupont_{ID}.sync-conflict-2026-x.json"),
            format!("VC_jdupont_{ID}.sync-conflict-20261123-101500-.json"),
            format!("VC_jdupont_{ID}.sync-conflict-20261123-1015-ABCDEF7.json"),
            format!("VC_jdupont_{ID}.sync-conflict-20261123-101500-AB_CD.json"),
            format!("VC_jdupont_{ID}.Conflicts.json"),
            format!("VC_jdupont_{ID} (Conflict.json"),
            // A user name may contain the marker words; only the end of the stem counts.
            format!("VC_a.Conflict_{ID}.json"),
            ".Conflict.json".to_string(),
            "plain".to_string(),
        ] {
            assert_eq!(strip_conflict_marker(&name), None, "{name}");
        }
    }
}
