//! Names compared as people mean them: « Garage Martin SARL », « SARL GARAGE MARTIN » and
//! « S.A.R.L. Garage Martin » are one company, « Garage Martins » is very likely the same.
//!
//! A name's key is its words, lowercased, without accents, punctuation, legal forms (SARL,
//! SAS, EURL, SA…), the generic « Ets » / « Société » and French articles, sorted so that
//! word order does not count. Two names are near-identical when their keys are equal, or
//! differ by at most one edit (a letter added, removed or changed) per 8 letters of the
//! longer key, 3 at most, and none under 8 letters: « Garage Martins » (13 letters) is one
//! edit from « Garage Martin », « Dupond » is not near « Dupont » (6 letters is too short to
//! tell a typo from another family), « Transports Moral » and « Transports Morel » are.
//! The edits are counted on the sorted words and on the words as typed, and the smaller
//! count wins, so that a typo in a first letter (which moves the word when sorting) still
//! matches. Numbers are never typos: « Pneus Services 69 » and « Pneus Services 38 » are
//! two companies, so near-identical names have the same words with digits.

use super::distance::within;

/// Legal forms and generic words that say nothing about which company it is.
const NOISE: &[&str] = &[
    // Legal forms.
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "snc",
    "sci",
    "scop",
    "scea",
    "earl",
    "gaec",
    "sca",
    "scs",
    "selarl",
    "selas",
    "selafa",
    "sel",
    "gie",
    "ei",
    "eirl",
    "scp",
    "scm",
    "sem",
    // « Établissements Martin », « Société Martin », « Martin & Cie ».
    "ets",
    "etablissements",
    "ste",
    "societe",
    "cie",
    // Articles and the words that join names.
    "le",
    "la",
    "les",
    "l",
    "de",
    "du",
    "des",
    "d",
    "et",
];

/// A name reduced for comparison; built by [`NameKey::new`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameKey {
    /// The meaningful words, sorted, joined by one space: equal for equal names.
    sorted: String,
    /// The same words in the order typed.
    typed: String,
    /// The sorted words that hold a digit, which must be equal.
    numbers: String,
}

impl NameKey {
    /// The key of a typed name, or `None` when nothing meaningful is left (« SARL », « - »).
    pub fn new(name: &str) -> Option<NameKey> {
        let mut words: Vec<String> = plain_words(name)
            .split_whitespace()
            .filter(|word| !NOISE.contains(word))
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return None;
        }
        let typed = words.join(" ");
        words.sort_unstable();
        let numbers: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|word| word.chars().any(|c| c.is_ascii_digit()))
            .collect();
        Some(NameKey {
            sorted: words.join(" "),
            typed,
            numbers: numbers.join(" "),
        })
    }

    /// The key as text (the sorted words), for an index or a log.
    pub fn as_str(&self) -> &str {
        &self.sorted
    }

    /// Whether the two names are near-identical (see the module's documentation).
    pub fn is_near(&self, other: &NameKey) -> bool {
        if self.sorted == other.sorted {
            return true;
        }
        if self.numbers != other.numbers {
            return false;
        }
        let longer = self
            .sorted
            .chars()
            .count()
            .max(other.sorted.chars().count());
        let edits = (longer / LETTERS_PER_EDIT).min(MAX_EDITS);
        edits > 0
            && (within(&self.sorted, &other.sorted, edits)
                || within(&self.typed, &other.typed, edits))
    }
}

/// One edit allowed per this many letters of the longer key.
pub const LETTERS_PER_EDIT: usize = 8;

/// Never more edits than this, however long the names.
pub const MAX_EDITS: usize = 3;

/// Whether two typed names are near-identical: equal keys, or a few typos apart (see the
/// module's documentation). A name with nothing meaningful in it is near no other.
pub fn near_identical(a: &str, b: &str) -> bool {
    match (NameKey::new(a), NameKey::new(b)) {
        (Some(a), Some(b)) => a.is_near(&b),
        _ => false,
    }
}

/// Lowercase letters and digits without accents, every other character a space, except
/// dots, which join (`S.A.R.L.` is `sarl`), and `&`, which is `et`.
pub(crate) fn plain_words(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            '.' | '\u{300}'..='\u{36f}' => {}
            '&' => plain.push_str(" et "),
            c if c.is_ascii_alphanumeric() => plain.push(c),
            c => match unaccented(c) {
                Some(latin) => plain.push_str(latin),
                None if c.is_alphanumeric() => plain.push(c),
                None => plain.push(' '),
            },
        }
    }
    plain
}

/// The plain Latin letters of an accented lowercase letter used in French (and its
/// neighbours), or `None`.
fn unaccented(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> String {
        NameKey::new(name).unwrap().as_str().to_string()
    }

    #[test]
    fn case_accents_punctuation_legal_forms_and_order_do_not_count() {
        for name in [
            "Garage Martin SARL",
            "SARL GARAGE MARTIN",
            "S.A.R.L. Garage Martin",
            "garage  martin (sarl)",
            "Martin, Garage",
            "Ets Martin - Garage",
            "Le Garage Martin",
        ] {
            assert_eq!(key(name), "garage martin", "{name}");
        }
        assert_eq!(
            key("Société Générale d'Électricité"),
            "electricite generale"
        );
        assert_eq!(key("Pneus Bœuf & Fils"), "boeuf fils pneus");
        assert_eq!(key("Martin et Fils"), key("MARTIN & FILS"));
        // Decomposed accents (e + combining acute), as some keyboards and PDFs give them.
        assert_eq!(key("Cafe\u{301} de la Gare"), key("Café de la Gare"));
        assert_eq!(key("Garage du 14 Juillet"), "14 garage juillet");
    }

    #[test]
    fn a_name_of_noise_only_has_no_key() {
        for name in ["", "SARL", " - ", "S.A.S.", "Ets & Cie"] {
            assert_eq!(NameKey::new(name), None, "{name:?}");
            assert!(!near_identical(name, name), "{name:?}");
        }
    }

    #[test]
    fn the_briefs_examples() {
        assert!(near_identical("Garage Martin SARL", "SARL GARAGE MARTIN"));
        assert!(near_identical("Garage Martin SARL", "Garage Martins"));
        assert!(near_identical("SARL GARAGE MARTIN", "Garage Martins"));
    }

    #[test]
    fn typos_are_allowed_in_proportion_to_the_length() {
        // One edit in 13 letters.
        assert!(near_identical("Garage Martin", "Garage Marin"));
        assert!(near_identical("Garage Martin", "Garaje Martin"));
        // A typo in a first letter moves the word when sorting: the typed order catches it.
        assert!(near_identical("Garage Martin", "Tarage Martin"));
        // Two edits in 16 letters.
        assert!(near_identical("Transports Morel", "Transport Morell"));
        assert!(near_identical(
            "Jean-Pierre Lefèvre",
            "Jean Pierre Lefebvre"
        ));
        // Two edits in 13 letters are too many.
        assert!(!near_identical("Garage Martin", "Garage Morin"));
        // Under 8 letters, only equal keys.
        assert!(!near_identical("Dupont", "Dupond"));
        assert!(near_identical("Dupont SA", "DUPONT"));
    }

    #[test]
    fn different_companies_are_not_near() {
        for (a, b) in [
            ("Boulangerie Dupont", "Boucherie Dupont"),
            ("Garage Martin", "Carrosserie Martin"),
            ("Transports Morel", "Transports Bernard"),
            ("Pneus Services 69", "Pneus Services 38"),
            ("Garage du 14 Juillet", "Garage du 4 Juillet"),
        ] {
            assert!(!near_identical(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn near_identical_is_symmetric() {
        let names = [
            "Garage Martin SARL",
            "Garage Martins",
            "Tarage Martin",
            "Transports Morel",
            "Transport Morell",
            "Dupont",
        ];
        for a in names {
            for b in names {
                assert_eq!(near_identical(a, b), near_identical(b, a), "{a} / {b}");
            }
        }
    }
}
