//! Just enough HTML: escaping every value, one layout, French labels.

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

/// A whole page around `body` (already HTML).
pub fn page(title: &str, who: Option<(&str, &str)>, body: &str) -> String {
    let header = match who {
        Some((name, csrf)) => format!(
            "<nav><a href=\"/office\">Accueil</a> · <a href=\"/office/creations\">Créations de clients</a>\
             <form method=\"post\" action=\"/office/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <span>{}</span> <button>Se déconnecter</button></form></nav>",
            escape(csrf),
            escape(name)
        ),
        None => String::new(),
    };
    format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{} — Tournée</title>\
         <style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto}}nav{{margin-bottom:1rem}}\
         .inline{{display:inline;margin-left:1rem}}.error{{color:#a00}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}}</style></head>\
         <body>{header}<h1>{}</h1>{body}</body></html>",
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
}
