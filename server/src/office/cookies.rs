//! The back office's two cookies: the session, and the login form's token (a
//! double-submit token: a cross-site page can make a browser post the login form but
//! cannot read the cookie to copy it into the form).
//!
//! Behind HTTPS (a reverse proxy, or `office_secure_cookie = true`) both are `Secure`
//! and named with the `__Host-` prefix, which browsers only accept from HTTPS, for the
//! whole host (`Path=/`) and not from a subdomain: nobody can plant one.

use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

/// Name of the session cookie over plain HTTP (HttpOnly, SameSite=Strict, path /).
pub const SESSION: &str = "tournee_session";
/// Name of the session cookie behind HTTPS.
pub const SECURE_SESSION: &str = "__Host-tournee_session";
/// Name of the login form's token cookie over plain HTTP.
pub const LOGIN_TOKEN: &str = "tournee_login";
/// Name of the login form's token cookie behind HTTPS.
pub const SECURE_LOGIN_TOKEN: &str = "__Host-tournee_login";

/// Whether cookies are marked `Secure`: the setting of `config.toml` when given,
/// otherwise whether the back office's public address (`back_office_url`) is HTTPS.
pub fn secure(setting: Option<bool>, back_office_url: &str) -> bool {
    setting.unwrap_or_else(|| {
        back_office_url
            .trim()
            .to_ascii_lowercase()
            .starts_with("https://")
    })
}

/// How this back office writes its cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    /// `Secure` and `__Host-` names.
    pub secure: bool,
}

impl CookiePolicy {
    fn attributes(self) -> &'static str {
        if self.secure {
            "HttpOnly; SameSite=Strict; Secure; Path=/"
        } else {
            // The whole host: the browser's screens (`/app/`) share the session.
            "HttpOnly; SameSite=Strict; Path=/"
        }
    }

    /// `Set-Cookie` for a new session.
    pub fn session(self, token: &str) -> String {
        let name = if self.secure { SECURE_SESSION } else { SESSION };
        format!("{name}={token}; {}", self.attributes())
    }

    /// `Set-Cookie` values that end the session cookie, under either name.
    pub fn end_session(self) -> [String; 2] {
        [
            format!("{SESSION}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
            format!("{SECURE_SESSION}=; HttpOnly; SameSite=Strict; Secure; Path=/; Max-Age=0"),
        ]
    }

    /// `Set-Cookie` for the login form's token (a day: a login page left open overnight
    /// asks to be reloaded).
    pub fn login_token(self, token: &str) -> String {
        let name = if self.secure {
            SECURE_LOGIN_TOKEN
        } else {
            LOGIN_TOKEN
        };
        format!("{name}={token}; {}; Max-Age=86400", self.attributes())
    }
}

/// The value of the first cookie of `names` the request carries.
pub fn read(headers: &HeaderMap, names: &[&str]) -> Option<String> {
    let pairs: Vec<(&str, &str)> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .collect();
    names.iter().find_map(|wanted| {
        pairs
            .iter()
            .find(|(name, value)| name == wanted && !value.is_empty())
            .map(|(_, value)| (*value).to_string())
    })
}

/// The session token in the request's cookies (either name).
pub fn session_token(parts: &Parts) -> Option<String> {
    read(&parts.headers, &[SECURE_SESSION, SESSION])
}

/// The login form's token in the request's cookies (either name).
pub fn login_token(headers: &HeaderMap) -> Option<String> {
    read(headers, &[SECURE_LOGIN_TOKEN, LOGIN_TOKEN])
}

/// A new login form token (64 hex characters), or `None` if the system has no
/// randomness to give.
pub fn fresh_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    tournee_sync::random_bytes(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `token` looks like one [`fresh_token`] made (so a planted cookie of another
/// shape is replaced rather than echoed into the page).
pub fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether two secrets are equal, compared in constant time.
pub fn same_secret(expected: &str, given: &str) -> bool {
    let (expected, given) = (expected.as_bytes(), given.as_bytes());
    expected.len() == given.len()
        && expected
            .iter()
            .zip(given)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_makes_cookies_secure_and_host_only_unless_the_config_says_otherwise() {
        assert!(secure(None, "https://crm.pneus-tournee.fr"));
        assert!(secure(None, " HTTPS://crm "));
        assert!(!secure(None, "http://localhost:8080"));
        assert!(secure(Some(true), "http://localhost:8080"));
        assert!(!secure(Some(false), "https://crm"));
        let safe = CookiePolicy { secure: true };
        assert_eq!(
            safe.session("abc"),
            "__Host-tournee_session=abc; HttpOnly; SameSite=Strict; Secure; Path=/"
        );
        let plain = CookiePolicy { secure: false };
        assert_eq!(
            plain.session("abc"),
            "tournee_session=abc; HttpOnly; SameSite=Strict; Path=/"
        );
        assert!(plain
            .login_token("t")
            .starts_with("tournee_login=t; HttpOnly"));
    }

    #[test]
    fn cookies_are_read_under_either_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "autre=1; tournee_session=; __Host-tournee_session=s2"
                .parse()
                .unwrap(),
        );
        assert_eq!(
            read(&headers, &[SECURE_SESSION, SESSION]).as_deref(),
            Some("s2")
        );
        assert_eq!(login_token(&headers), None);
        assert!(
            same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("abc", "ab")
        );
    }
}
