//! The exact keys of the duplicate check: a phone number, an e-mail address, a SIRET or
//! SIREN and a postal code, each reduced to one form so that two writings of the same
//! value meet. A value that cannot be reduced (a phone that is no phone, « n/a » in the
//! e-mail field) gives no key, so that placeholders do not match each other.

use crate::rules::email::is_plausible_email;
use crate::rules::phone::normalize_phone;

/// The phone key: the E.164 form of [`normalize_phone`] (`06 12 34 56 78`,
/// `+33 6 12 34 56 78` and `0033612345678` are all `+33612345678`, overseas numbers
/// under their own country code).
pub fn phone_key(typed: &str) -> Option<String> {
    normalize_phone(typed)
}

/// The e-mail key: trimmed and lowercased (nobody relies on case in the local part), when
/// the address is plausible.
pub fn email_key(typed: &str) -> Option<String> {
    let key = typed.trim().to_lowercase();
    is_plausible_email(&key).then_some(key)
}

/// A company number reduced to its digits: an establishment (SIRET, 14 digits) or a
/// company (SIREN, 9 digits). The keys are not checked here (the forms do that): a number
/// mistyped the same way twice is still the same number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CompanyNumber {
    /// 14 digits: one establishment.
    Siret(String),
    /// 9 digits: the company as a whole.
    Siren(String),
}

impl CompanyNumber {
    /// The digits of `typed` (`732 829 320 00074`, `732-829-320`), when there are 9 or 14
    /// of them and nothing but digits, spaces, dots and hyphens around them.
    pub fn parse(typed: &str) -> Option<CompanyNumber> {
        let mut digits = String::new();
        for c in typed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                c if c.is_whitespace() || matches!(c, '.' | '-') => {}
                _ => return None,
            }
        }
        match digits.len() {
            14 => Some(CompanyNumber::Siret(digits)),
            9 => Some(CompanyNumber::Siren(digits)),
            _ => None,
        }
    }

    /// The company's 9 digits: the SIREN itself, or the first 9 of a SIRET.
    pub fn siren(&self) -> &str {
        match self {
            CompanyNumber::Siret(digits) => &digits[..9],
            CompanyNumber::Siren(digits) => digits,
        }
    }
}

/// The postal code key: without spaces, uppercase (`69 003` is `69003`; foreign codes such
/// as `L-1234` keep their letters).
pub fn postal_code_key(typed: &str) -> Option<String> {
    let key: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_phones_in_every_usual_writing_meet() {
        for typed in [
            "04 78 12 34 56",
            "04.78.12.34.56",
            "0478123456",
            "+33 4 78 12 34 56",
            "+33 (0)4 78 12 34 56",
            "0033 4 78 12 34 56",
        ] {
            assert_eq!(phone_key(typed).as_deref(), Some("+33478123456"), "{typed}");
        }
        assert_eq!(phone_key("0262 12 34 56").as_deref(), Some("+262262123456"));
        assert_eq!(phone_key("pas de fixe"), None);
        assert_eq!(phone_key(""), None);
    }

    #[test]
    fn e_mails_lose_case_and_surrounding_spaces() {
        assert_eq!(
            email_key("  Contact@Garage-Martin.FR ").as_deref(),
            Some("contact@garage-martin.fr")
        );
        assert_eq!(
            email_key("Élodie.Durand@Orange.fr").as_deref(),
            Some("élodie.durand@orange.fr")
        );
        for placeholder in ["", "n/a", "pas d'email", "@", "martin@"] {
            assert_eq!(email_key(placeholder), None, "{placeholder}");
        }
    }

    #[test]
    fn company_numbers_keep_their_digits_only() {
        let siret = CompanyNumber::Siret("73282932000074".into());
        for typed in ["732 829 320 00074", "73282932000074", "732.829.320.00074"] {
            assert_eq!(
                CompanyNumber::parse(typed).as_ref(),
                Some(&siret),
                "{typed}"
            );
        }
        assert_eq!(siret.siren(), "732829320");
        let siren = CompanyNumber::parse("732-829-320").unwrap();
        assert_eq!(siren, CompanyNumber::Siren("732829320".into()));
        assert_eq!(siren.siren(), "732829320");
        for bad in [
            "",
            "7328293200007",
            "FR 40 732829320",
            "SIRET 73282932000074",
        ] {
            assert_eq!(CompanyNumber::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn postal_codes_lose_their_spaces() {
        assert_eq!(postal_code_key(" 69 003").as_deref(), Some("69003"));
        assert_eq!(postal_code_key("l-1234").as_deref(), Some("L-1234"));
        assert_eq!(postal_code_key("  "), None);
    }
}
