//! Which URLs a subscription may name: `https://` anywhere, `http://` only to this
//! machine (loopback: `localhost`, 127.0.0.0/8, `::1`), since the body and its signature
//! would otherwise cross the network in clear. No credentials in the URL (the page
//! lists it), no fragment, at most [`tournee_store::MAX_WEBHOOK_URL_CHARS`] characters.

use reqwest::Url;

/// Why a URL is refused (each worded in the server's catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// Empty or too long.
    Length,
    /// Not a URL.
    Unreadable,
    /// Neither https nor http.
    Scheme,
    /// http to another machine.
    PlainHttpNotLoopback,
    /// A user name or password in the URL.
    Credentials,
}

/// The URL as it will be called, or why it may not be.
pub fn check_url(text: &str) -> Result<Url, UrlProblem> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > tournee_store::MAX_WEBHOOK_URL_CHARS {
        return Err(UrlProblem::Length);
    }
    let url = Url::parse(text).map_err(|_| UrlProblem::Unreadable)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlProblem::Credentials);
    }
    if !matches!(url.scheme(), "https" | "http") {
        return Err(UrlProblem::Scheme);
    }
    if url.host().is_none() || url.fragment().is_some() {
        return Err(UrlProblem::Unreadable);
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(UrlProblem::PlainHttpNotLoopback),
        _ => Err(UrlProblem::Scheme),
    }
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    // An IPv6 host comes between brackets.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_to_loopback_only() {
        for ok in [
            "https://hooks.example.fr/tournee",
            "http://127.0.0.1:9000/in",
            "http://127.8.0.1/in",
            "http://localhost:8000/",
            "http://[::1]:8000/in",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        let refused = [
            (
                "http://hooks.example.fr/in",
                UrlProblem::PlainHttpNotLoopback,
            ),
            ("http://192.168.1.10/in", UrlProblem::PlainHttpNotLoopback),
            (
                "http://localhost.example.fr/",
                UrlProblem::PlainHttpNotLoopback,
            ),
            ("http://0.0.0.0:80/", UrlProblem::PlainHttpNotLoopback),
            ("ftp://hooks.example.fr/", UrlProblem::Scheme),
            ("file:///etc/passwd", UrlProblem::Scheme),
            ("javascript:alert(1)", UrlProblem::Scheme),
            ("https://user:pw@hooks.example.fr/", UrlProblem::Credentials),
            ("pas une adresse", UrlProblem::Unreadable),
            ("", UrlProblem::Length),
        ];
        for (text, problem) in refused {
            assert_eq!(check_url(text).map(drop), Err(problem), "{text}");
        }
        let long = format!("https://h.example/{}", "a".repeat(2000));
        assert_eq!(check_url(&long).map(drop), Err(UrlProblem::Length));
    }
}
