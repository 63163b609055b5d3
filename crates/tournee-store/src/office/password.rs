//! Whether a password someone chose is strong enough: twelve characters at least, and
//! a guess-count estimate (zxcvbn, Dropbox's estimator) of "safely unguessable" (score 3:
//! more than 10^8 guesses), counting the login, the name and « tournee » as words an
//! attacker tries first. A refusal says why ([`Weakness`], from the estimator's
//! feedback); the server words it.

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted (hashing cost stays bounded; a long phrase fits).
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Least estimator score accepted (0 to 4; 3 = more than 10^8 guesses).
pub const MIN_SCORE: u8 = 3;

/// One reason a password is weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    TooLong,
    /// One of the most used passwords.
    Common,
    /// A small change to a much used password.
    LikeCommon,
    /// Repeated characters or groups (`aaaa`, `abcabc`).
    Repeats,
    /// A run such as `abcd` or `6543`.
    Sequence,
    /// Neighbouring keys (`azerty`, `qsdfgh`).
    Keyboard,
    /// A date or a recent year.
    Dates,
    /// A first name or surname alone.
    Names,
    /// A single dictionary word.
    SingleWord,
    /// The login, the person's name or « tournee ».
    Personal,
    /// Guessable, with no more precise reason.
    Guessable,
}

impl Weakness {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::Common => "common",
            Self::LikeCommon => "like_common",
            Self::Repeats => "repeats",
            Self::Sequence => "sequence",
            Self::Keyboard => "keyboard",
            Self::Dates => "dates",
            Self::Names => "names",
            Self::SingleWord => "single_word",
            Self::Personal => "personal",
            Self::Guessable => "guessable",
        }
    }
}

/// A password refused, with every reason found (the server words them; `Display` is
/// for logs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("weak password ({})", self.weaknesses.iter().map(|w| w.code()).collect::<Vec<_>>().join(", "))]
pub struct WeakPassword {
    /// Why, most telling first.
    pub weaknesses: Vec<Weakness>,
}

fn from_warning(warning: zxcvbn::feedback::Warning) -> Weakness {
    use zxcvbn::feedback::Warning as W;
    match warning {
        W::ThisIsATop10Password | W::ThisIsATop100Password | W::ThisIsACommonPassword => {
            Weakness::Common
        }
        W::ThisIsSimilarToACommonlyUsedPassword => Weakness::LikeCommon,
        W::RepeatsLikeAaaAreEasyToGuess | W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            Weakness::Repeats
        }
        W::SequencesLikeAbcAreEasyToGuess => Weakness::Sequence,
        W::StraightRowsOfKeysAreEasyToGuess | W::ShortKeyboardPatternsAreEasyToGuess => {
            Weakness::Keyboard
        }
        W::RecentYearsAreEasyToGuess | W::DatesAreOftenEasyToGuess => Weakness::Dates,
        W::NamesAndSurnamesByThemselvesAreEasyToGuess | W::CommonNamesAndSurnamesAreEasyToGuess => {
            Weakness::Names
        }
        W::AWordByItselfIsEasyToGuess => Weakness::SingleWord,
    }
}

/// Whether `password` may be chosen by the person whose login and name are in
/// `personal` (« tournee » is always added).
pub fn check_strength(password: &str, personal: &[&str]) -> Result<(), WeakPassword> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(WeakPassword {
            weaknesses: vec![Weakness::TooShort],
        });
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(WeakPassword {
            weaknesses: vec![Weakness::TooLong],
        });
    }
    // Each given text whole, and each of its words (« Claire Comptable » → claire, comptable).
    let mut inputs: Vec<&str> = personal
        .iter()
        .flat_map(|text| {
            std::iter::once(*text).chain(
                text.split(|c: char| !c.is_alphanumeric())
                    .filter(|word| word.chars().count() >= 3),
            )
        })
        .filter(|w| !w.is_empty())
        .collect();
    inputs.push("tournee");
    inputs.push("tournée");
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(estimate.score()) >= MIN_SCORE {
        return Ok(());
    }
    let mut weaknesses = Vec::new();
    let lower = password.to_lowercase();
    if inputs
        .iter()
        .map(|w| w.to_lowercase())
        .any(|w| w.chars().count() >= 4 && lower.contains(&w))
    {
        weaknesses.push(Weakness::Personal);
    }
    if let Some(warning) = estimate.feedback().and_then(|f| f.warning()) {
        weaknesses.push(from_warning(warning));
    }
    if weaknesses.is_empty() {
        weaknesses.push(Weakness::Guessable);
    }
    Err(WeakPassword { weaknesses })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(password: &str) -> Vec<Weakness> {
        check_strength(password, &["claire", "Claire Comptable"])
            .map(|()| Vec::new())
            .unwrap_or_else(|weak| weak.weaknesses)
    }

    #[test]
    fn long_but_weak_passwords_are_refused_with_the_reason() {
        assert_eq!(why("court"), vec![Weakness::TooShort]);
        assert_eq!(why(&"x".repeat(129)), vec![Weakness::TooLong]);
        assert_eq!(why("aaaaaaaaaaaa"), vec![Weakness::Repeats]);
        assert!(!why("            ").is_empty(), "twelve spaces");
        assert!(!why("azertyuiopqs").is_empty());
        assert!(why("Claire Comptable").contains(&Weakness::Personal));
        assert!(why("clairecomptable").contains(&Weakness::Personal));
        assert!(why("tournee123456").contains(&Weakness::Personal));
        assert!(!why("password1234").is_empty());
    }

    #[test]
    fn phrases_and_drawn_passwords_pass() {
        for good in [
            "cheval agrafe batterie correcte",
            "Une phrase de passe pour la comptable",
            "E2e-admin-pass-2 nouveau",
            "mot de passe compta initial changé",
            "mot de passe admin initial changé",
            "une phrase de passe longue",
            "bench-admin-password-2",
            "Compta-e2e mot de passe",
        ] {
            assert_eq!(why(good), Vec::<Weakness>::new(), "{good}");
        }
        for _ in 0..20 {
            let drawn = super::super::accounts::generate_password();
            assert_eq!(why(&drawn), Vec::<Weakness>::new(), "{drawn}");
        }
    }
}
