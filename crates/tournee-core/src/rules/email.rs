//! A plausible e-mail address: enough to catch « not-an-email » and typing slips before a
//! rep's contact reaches a snapshot or a mail header, without claiming to parse RFC 5322
//! (quoted local parts, IP literals and comments are refused: nobody types them).

use crate::error::DomainError;

/// `local@domain.tld`: a local part of 1 to 64 characters without spaces, quotes, angle
/// brackets or separators; a domain of dot-separated labels of letters, digits and
/// hyphens (not at a label's ends), the last of at least two letters.
pub fn is_plausible_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.chars().count())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            (c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c)) && !c.is_control()
        });
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.chars().count() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

/// The address, or an error on `field`.
pub fn check_email(field: &str, value: &str) -> Result<(), DomainError> {
    if is_plausible_email(value) {
        Ok(())
    } else {
        Err(DomainError::InvalidEmail {
            field: field.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_pass() {
        for text in [
            "paul@fabre.fr",
            "anne.martin+crm@exemple.co.uk",
            "j-d_2@transports-morel.fr",
            "élodie@société.fr",
            "o'neil@example.ie",
        ] {
            assert!(is_plausible_email(text), "{text}");
        }
    }

    #[test]
    fn what_is_not_an_address_is_refused() {
        for text in [
            "",
            "not-an-email",
            "@fabre.fr",
            "paul@",
            "paul@fabre",
            "paul@@fabre.fr",
            "paul fabre@fabre.fr",
            "paul@fabre .fr",
            "paul@.fabre.fr",
            "paul@fabre..fr",
            "paul@-fabre.fr",
            "paul@fabre.f",
            "paul@fabre.123",
            ".paul@fabre.fr",
            "pa..ul@fabre.fr",
            "\"paul\"@fabre.fr",
            "<paul@fabre.fr>",
            "paul@fabre.fr\nBcc: x@y.fr",
            "paul,anne@fabre.fr",
        ] {
            assert!(!is_plausible_email(text), "{text:?}");
        }
        let long_local = format!("{}@fabre.fr", "p".repeat(65));
        assert!(!is_plausible_email(&long_local));
    }

    #[test]
    fn check_email_names_the_field() {
        let error = check_email("contacts[1].email", "x").unwrap_err();
        assert_eq!(
            (error.field(), error.code()),
            ("contacts[1].email", "invalid_email")
        );
        assert!(check_email("contacts[1].email", "a@b.fr").is_ok());
    }
}
