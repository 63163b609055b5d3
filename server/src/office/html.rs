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

/// Who is signed in, for the page header (menu and logout form).
pub struct Who<'a> {
    /// Name shown.
    pub name: &'a str,
    /// The session's CSRF token, for the logout form.
    pub csrf: &'a str,
    /// Admins also see the admin menu.
    pub admin: bool,
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:0;color:#1d2630;background:#f5f6f8;font-size:15px}\
header{background:#1f3a5f;color:#fff;padding:.6rem 1.5rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}\
header a{color:#fff;text-decoration:none}header a:hover{text-decoration:underline}\
header .brand{font-weight:700;margin-right:1rem}header .who{margin-left:auto}\
header button{background:transparent;color:#fff;border:1px solid #fff8;border-radius:4px;padding:.2rem .6rem;cursor:pointer}\
main{max-width:72rem;margin:1.5rem auto;padding:0 1.5rem}\
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .6rem}\
table{border-collapse:collapse;background:#fff;width:100%;margin-bottom:1rem}\
td,th{border:1px solid #d6dae0;padding:.35rem .6rem;text-align:left;vertical-align:top}\
th{background:#eef1f5;font-weight:600}tr:nth-child(even) td{background:#fafbfc}\
fieldset{background:#fff;border:1px solid #d6dae0;border-radius:6px;margin:0 0 1.2rem;padding:.8rem 1.2rem}\
legend{font-weight:700;padding:0 .4rem;color:#1f3a5f}\
.field{display:grid;grid-template-columns:22rem 1fr;gap:.2rem 1rem;align-items:start;margin:.45rem 0}\
.field label{padding-top:.3rem}.field small{grid-column:2;color:#5a6470}\
.field .error{grid-column:2}\
input,select,textarea{font:inherit;padding:.3rem .45rem;border:1px solid #b8c0ca;border-radius:4px;max-width:100%}\
input[type=checkbox]{justify-self:start;margin-top:.5rem}\
input:not([type=checkbox]):not([type=radio]),select{width:100%}textarea{width:100%;font-family:'DejaVu Sans Mono',monospace;font-size:13px}\
[aria-invalid=true]{border-color:#b00020;background:#fff5f6}\
button{font:inherit;background:#1f3a5f;color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;cursor:pointer}\
button:hover{background:#2c5282}\
.error{color:#b00020}div.error{background:#fff5f6;border:1px solid #f0b4bd;border-radius:6px;padding:.5rem 1rem;margin-bottom:1rem}\
p.error{font-weight:600}\
.notice{background:#eef8f0;border:1px solid #9fd3aa;border-radius:6px;padding:.5rem 1rem;color:#1e5b2b}\
.split{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}\
.preview fieldset{margin:.3rem 0 .3rem 1.2rem;padding:.3rem .8rem}.preview>fieldset{margin-left:0}\
.criteria{display:grid;grid-template-columns:repeat(3,1fr) auto;gap:1rem;align-items:end}\
.criteria .field{display:block}.criteria p{margin:0}\
.menu{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}\
.menu a{display:block;background:#fff;border:1px solid #d6dae0;border-radius:6px;padding:1rem;text-decoration:none;color:#1f3a5f;font-weight:600}\
.menu a span{display:block;font-weight:400;color:#5a6470;margin-top:.3rem}\
code{background:#eef1f5;padding:.1rem .3rem;border-radius:3px}\
form.inline{display:inline-block;margin:0 .4rem .2rem 0}\
.code-big{font-family:'DejaVu Sans Mono',monospace;font-size:2rem;font-weight:700;letter-spacing:.08em;\
background:#fff;border:1px solid #9fd3aa;border-radius:6px;padding:.4rem .9rem;display:inline-block;color:#1d2630}\
.fingerprint{font-family:'DejaVu Sans Mono',monospace;font-size:1.05rem;display:inline-block;max-width:44ch;\
margin-top:.3rem;line-height:1.6;word-spacing:.15em}\
.issued p{margin:.35rem 0}.issued .code-big{margin:.5rem 0}\
.steps li{margin:.5rem 0}.issued .steps{color:#1d2630;margin-bottom:.2rem}";

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
         <title>{} — Tournée</title><style>{STYLE}</style></head>\
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
