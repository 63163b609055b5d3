//! Just enough HTML: escaping every value, one layout with a menu by role, French labels.
//! Pages work without JavaScript: plain forms, each with its CSRF token.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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
}

/// The stylesheet every page links to (no inline style: the Content-Security-Policy
/// allows styles from this server's files only).
pub const STYLESHEET: &str = include_str!("office.css");

/// Where [`STYLESHEET`] is served.
pub const STYLESHEET_PATH: &str = "/office/static/office.css";

/// A whole page around `body` (already HTML).
pub fn page(title: &str, who: Option<Who<'_>>, body: &str) -> String {
    let header = match who {
        Some(who) => {
            let admin = if who.admin {
                "<a href=\"/office/admin/parameters\">Paramètres</a>\
                 <a href=\"/office/admin/users\">Utilisateurs</a>\
                 <a href=\"/office/admin/reassign\">Réaffectation</a>\
                 <a href=\"/office/admin/integrations\">Intégrations</a>\
                 <a href=\"/office/admin/devices\">Appareils</a>\
                 <a href=\"/office/admin/accounts\">Comptes</a>"
            } else {
                ""
            };
            format!(
                "<header><a class=\"brand\" href=\"/office\">Tournée</a>\
                 <a href=\"/office/creations\">Créations</a><a href=\"/office/modifications\">Modifications</a>{admin}\
                 <form method=\"post\" action=\"/office/logout\" class=\"who\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
                 <span>{}</span> <button>Se déconnecter</button></form></header>",
                escape(who.csrf),
                escape(who.name)
            )
        }
        None => "<header><span class=\"brand\">Tournée — back-office</span></header>".to_string(),
    };
    format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} — Tournée</title><link rel=\"stylesheet\" href=\"{STYLESHEET_PATH}\"></head>\
         <body>{header}<main><h1>{}</h1>{body}</main></body></html>",
        escape(title),
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_inject_markup() {
        assert_eq!(escape("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
    }

    #[test]
    fn only_admins_see_the_admin_menu() {
        let who = |admin| Who {
            name: "Claire",
            csrf: "t",
            admin,
        };
        assert!(page("x", Some(who(true)), "").contains("/office/admin/parameters"));
        assert!(!page("x", Some(who(false)), "").contains("/office/admin/"));
    }
}
