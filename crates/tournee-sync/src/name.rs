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

/// Why a name is not a change-file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Not of the form `XX_user_ULID.json`.
    #[error("« {0} » n'a pas la forme <TYPE>_<utilisateur>_<ULID>.json")]
    Shape(String),
    /// The first two letters are not one of the six types.
    #[error("type « {0} » inconnu (VC, MC, CP, MP, VP ou CC attendu)")]
    UnknownType(String),
    /// The user part is empty, too long or has a forbidden character.
    #[error("nom d'utilisateur « {0} » invalide (1 à 64 caractères parmi A-Z a-z 0-9 . _ -)")]
    User(String),
    /// The id part is not an uppercase ULID.
    #[error("identifiant « {0} » invalide (ULID de 26 caractères en majuscules attendu)")]
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
pub fn is_valid_ulid(text: &str) -> bool {
    text.len() == ULID_LEN
        && !text.chars().any(|c| c.is_ascii_lowercase())
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
/// Syncthing: `<base>.sync-conflict-YYYYMMDD-HHMMSS-<DEVICE7><ext>`.
/// Resilio Sync / BitTorrent Sync: `<base>.Conflict<ext>` and `<base> (Conflict…)<ext>`.
pub fn strip_conflict_marker(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.').map(|(s, e)| (s, format!(".{e}")))?;
    if let Some(index) = stem.find(".sync-conflict-") {
        let marker = &stem[index + ".sync-conflict-".len()..];
        let parts: Vec<&str> = marker.split('-').collect();
        let well_formed = parts.len() == 3
            && parts[0].len() == 8
            && parts[1].len() == 6
            && parts[0]
                .chars()
                .chain(parts[1].chars())
                .all(|c| c.is_ascii_digit())
            && !parts[2].is_empty();
        return well_formed.then(|| format!("{}{ext}", &stem[..index]));
    }
    if let Some(base) = stem.strip_suffix(".Conflict") {
        return Some(format!("{base}{ext}"));
    }
    if let Some(index) = stem.find(" (Conflict") {
        if stem.ends_with(')') {
            return Some(format!("{}{ext}", &stem[..index]));
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
    fn malformed_names_are_refused() {
        let lower = ID.to_lowercase();
        let long_user = "u".repeat(65);
        let cases = [
            format!("VC_jdupont_{lower}.json"),
            format!("XX_jdupont_{ID}.json"),
            format!("VC__{ID}.json"),
            format!("VC_{long_user}_{ID}.json"),
            format!("VC_../x_{ID}.json"),
            format!("VC_a/b_{ID}.json"),
            format!("VC_jdupont_{ID}.txt"),
            format!("VCjdupont_{ID}.json"),
            "VC_jdupont_short.json".to_string(),
            format!("VC_jdupont_{}.json", "I".repeat(26)),
        ];
        for name in cases {
            assert!(FileName::parse(&name).is_err(), "{name} accepted");
        }
        assert!(matches!(
            FileName::parse(&format!("XX_jdupont_{ID}.json")),
            Err(NameError::UnknownType(_))
        ));
    }

    #[test]
    fn temp_and_foreign_names_are_ignored() {
        for name in [
            ".tmp-VC_a_X.json",
            ".syncthing.VC_a_X.json.tmp",
            "~syncthing~VC_a_X.json.tmp",
            "VC_a_X.json.!sync",
            "VC_a_X.json.partial",
            "notes.txt",
        ] {
            assert!(is_ignored_name(name), "{name} not ignored");
        }
        assert!(!is_ignored_name(&format!("VC_a_{ID}.json")));
    }

    #[test]
    fn conflict_copies_give_back_their_base_name() {
        let base = format!("VC_jdupont_{ID}.json");
        assert_eq!(
            strip_conflict_marker(&format!(
                "VC_jdupont_{ID}.sync-conflict-20261123-101500-ABCDEF7.json"
            )),
            Some(base.clone())
        );
        assert_eq!(
            strip_conflict_marker(&format!("VC_jdupont_{ID}.Conflict.json")),
            Some(base.clone())
        );
        assert_eq!(
            strip_conflict_marker(&format!("VC_jdupont_{ID} (Conflict 2026-11-23).json")),
            Some(base.clone())
        );
        assert_eq!(strip_conflict_marker(&base), None);
        assert_eq!(
            strip_conflict_marker(&format!("VC_jdupont_{ID}.sync-conflict-2026-x.json")),
            None
        );
    }
}
