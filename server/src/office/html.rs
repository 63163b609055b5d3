//! The pages' shared layer: the layout every page extends (`templates/office/base.html`),
//! the escaper the template engine applies to every value a page shows, and dates as the
//! office reads them. Pages work without JavaScript: plain forms, each with its CSRF token.
//!
//! No page escapes by hand: a value reaches HTML only through a template's `{{ … }}`,
//! which the engine escapes with [`HtmlEntities`] (see `server/askama.toml`), so a
//! forgotten call cannot let a name or a comment inject markup.

use std::fmt::Write;

use askama::Template;
use axum::response::Html;

use super::error::PageError;

/// The escaper of every `.html` template (`server/askama.toml`): `& < > " '` as
/// `&amp; &lt; &gt; &quot; &#39;`, the entities the pages wrote before templates, so
/// what users and tests read stays the same. Safe in text and in quoted attributes.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlEntities;

impl askama::filters::Escaper for HtmlEntities {
    fn write_escaped_str<W: Write>(&self, mut dest: W, text: &str) -> std::fmt::Result {
        let mut plain = 0;
        for (at, c) in text.char_indices() {
            let entity = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => continue,
            };
            dest.write_str(&text[plain..at])?;
            dest.write_str(entity)?;
            plain = at + c.len_utf8();
        }
        dest.write_str(&text[plain..])
    }
}

/// An instant as people in the office read it, in the server's time zone (`TZ`; the
/// office's own, Europe/Paris in France): `19/11/2026 à 10:15`. Stored instants are RFC
/// 3339 in UTC; a text that does not parse is shown as stored, so nothing is hidden.
pub fn moment(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339.trim())
        .map(|at| moment_of(at.with_timezone(&chrono::Utc)))
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// [`moment`] of an instant already read.
pub fn moment_of(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%d/%m/%Y à %H:%M")
        .to_string()
}

/// Who is signed in, for the page header (menu and logout form).
pub struct Who<'a> {
    /// Name shown.
    pub name: &'a str,
    /// The session's CSRF token, for the logout form.
    pub csrf: &'a str,
    /// Admins also see the admin menu.
    pub admin: bool,
    /// The accountant's menu (the accountant's role or the admin's); a rep or a manager
    /// signed in sees only the sign-out.
    pub staff: bool,
    /// The sales reports (the admin's role or a manager's).
    pub reports: bool,
}

/// What the layout (`base.html`) needs from every page: its title, also its `<h1>`, and
/// who is signed in (no menu when nobody is).
pub struct Shell<'a> {
    /// The page's title.
    pub title: String,
    /// The header's name, menu and logout form.
    pub who: Option<Who<'a>>,
}

impl<'a> Shell<'a> {
    /// The shell of a page titled `title`.
    pub fn new(title: impl Into<String>, who: Option<Who<'a>>) -> Self {
        Self {
            title: title.into(),
            who,
        }
    }
}

/// The stylesheet every page links to (no inline style: the Content-Security-Policy
/// allows styles from this server's files only).
pub const STYLESHEET: &str = include_str!("office.css");

/// Where [`STYLESHEET`] is served.
pub const STYLESHEET_PATH: &str = "/office/static/office.css";

/// A page that only says something: an error, a refusal, a page not found.
#[derive(Template)]
#[template(path = "office/message.html")]
pub struct MessagePage<'a> {
    /// Title and header.
    pub shell: Shell<'a>,
    /// The sentence shown, as an error paragraph; none for an empty page.
    pub message: Option<&'a str>,
    /// Whether the paragraph is announced at once (`role="alert"`).
    pub alert: bool,
    /// A « Retour » link to the home page under it.
    pub back: bool,
}

/// Renders a page for axum; rendering fails only if a value's own `Display` does, a
/// server error.
pub fn render(page: &impl Template) -> Result<Html<String>, PageError> {
    page.render().map(Html).map_err(PageError::server)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(who: Option<Who<'_>>, text: &str) -> String {
        MessagePage {
            shell: Shell::new("x", who),
            message: Some(text),
            alert: false,
            back: false,
        }
        .render()
        .unwrap()
    }

    #[test]
    fn values_cannot_inject_markup() {
        assert!(message(None, "<script>\"&'").contains("&lt;script&gt;&quot;&amp;&#39;"));
    }

    #[test]
    fn only_admins_see_the_admin_menu() {
        let who = |admin, staff| Who {
            name: "Claire",
            csrf: "t",
            admin,
            staff,
            reports: admin,
        };
        assert!(message(Some(who(true, true)), "").contains("/office/admin/parameters"));
        assert!(!message(Some(who(false, true)), "").contains("/office/admin/"));
        let rep = message(Some(who(false, false)), "");
        assert!(!rep.contains("/office/creations") && !rep.contains("/office/admin/"));
        assert!(!rep.contains("/office/reports"), "no reports for a rep");
        let manager = Who {
            reports: true,
            ..who(false, false)
        };
        let manager = message(Some(manager), "");
        assert!(manager.contains("/office/reports") && !manager.contains("/office/admin/"));
        assert!(rep.contains("/office/logout"));
    }
}
