//! Form fields for the admin's pages: one description per field renders its label, its
//! input with what was typed, its hint and its error, so a refused form comes back
//! whole, each problem next to its field.

use std::collections::HashMap;

use super::html::escape;

/// What kind of input a field is.
pub enum Input<'a> {
    /// One line of text.
    Text,
    /// A whole number.
    Number,
    /// Several lines (one value per line).
    Lines,
    /// A secret: never sent back to the browser; left blank keeps the stored one.
    Secret,
    /// A tick box (value `on` when ticked).
    Tick,
    /// One choice among `(value, label)`.
    Choice(&'a [(&'a str, &'a str)]),
}

/// One field of a form.
pub struct Field<'a> {
    /// Form name, also the key of its errors.
    pub name: &'a str,
    /// French label.
    pub label: &'a str,
    /// The input.
    pub input: Input<'a>,
    /// A short help line under the input, if any.
    pub hint: &'a str,
}

/// Errors by field name; several per field are possible.
pub type FieldErrors = HashMap<String, Vec<String>>;

/// Renders `field` with its current value from `values` and its errors.
pub fn render_field(
    field: &Field<'_>,
    values: &HashMap<String, String>,
    errors: &FieldErrors,
) -> String {
    let value = values.get(field.name).map(String::as_str).unwrap_or("");
    let id = format!("f-{}", field.name);
    let name = escape(field.name);
    let field_errors = errors.get(field.name);
    let invalid = if field_errors.is_some() {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let input = match &field.input {
        Input::Text => format!(
            "<input id=\"{id}\" name=\"{name}\" value=\"{}\"{invalid}>",
            escape(value)
        ),
        Input::Number => format!(
            "<input id=\"{id}\" name=\"{name}\" inputmode=\"numeric\" value=\"{}\"{invalid}>",
            escape(value)
        ),
        Input::Lines => format!(
            "<textarea id=\"{id}\" name=\"{name}\" rows=\"4\"{invalid}>{}</textarea>",
            escape(value)
        ),
        Input::Secret => format!(
            "<input id=\"{id}\" name=\"{name}\" type=\"password\" autocomplete=\"new-password\" placeholder=\"inchangé si vide\"{invalid}>"
        ),
        Input::Tick => format!(
            "<input id=\"{id}\" name=\"{name}\" type=\"checkbox\"{}{invalid}>",
            if value == "on" { " checked" } else { "" }
        ),
        Input::Choice(choices) => {
            let options: String = choices
                .iter()
                .map(|(code, label)| {
                    format!(
                        "<option value=\"{}\"{}>{}</option>",
                        escape(code),
                        if *code == value { " selected" } else { "" },
                        escape(label)
                    )
                })
                .collect();
            format!("<select id=\"{id}\" name=\"{name}\"{invalid}>{options}</select>")
        }
    };
    let hint = if field.hint.is_empty() {
        String::new()
    } else {
        format!("<small>{}</small>", escape(field.hint))
    };
    let messages: String = field_errors
        .into_iter()
        .flatten()
        .map(|message| {
            format!(
                "<span class=\"error\" data-error-for=\"{name}\">{}</span>",
                escape(message)
            )
        })
        .collect();
    format!(
        "<div class=\"field\"><label for=\"{id}\">{}</label>{input}{hint}{messages}</div>",
        escape(field.label)
    )
}

/// The summary at the top of a refused form: every problem, with its field's label.
pub fn error_summary(fields: &[&Field<'_>], errors: &FieldErrors) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut items = String::new();
    for field in fields {
        for message in errors.get(field.name).into_iter().flatten() {
            items.push_str(&format!(
                "<li><a href=\"#f-{}\">{}</a> : {}</li>",
                escape(field.name),
                escape(field.label),
                escape(message)
            ));
        }
    }
    format!(
        "<div class=\"error\" role=\"alert\"><p>Rien n'a été enregistré : corrigez les champs signalés.</p><ul>{items}</ul></div>"
    )
}

/// Adds `message` to `name`'s errors.
pub fn add_error(errors: &mut FieldErrors, name: &str, message: impl Into<String>) {
    errors
        .entry(name.to_string())
        .or_default()
        .push(message.into());
}

/// A submitted field, trimmed; empty when absent (an unticked box sends nothing).
pub fn submitted(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key)
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// Non-empty trimmed lines of a text area.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_value_comes_back_escaped_with_its_error() {
        let field = Field {
            name: "visit_backdate_days",
            label: "Borne",
            input: Input::Number,
            hint: "",
        };
        let values = HashMap::from([("visit_backdate_days".to_string(), "<b>".to_string())]);
        let mut errors = FieldErrors::new();
        add_error(&mut errors, "visit_backdate_days", "nombre entier attendu");
        let html = render_field(&field, &values, &errors);
        assert!(html.contains("value=\"&lt;b&gt;\""), "{html}");
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(html.contains("data-error-for=\"visit_backdate_days\">nombre entier attendu"));
        assert!(error_summary(&[&field], &errors).contains("Borne</a> : nombre entier attendu"));
    }

    #[test]
    fn a_secret_is_never_echoed() {
        let field = Field {
            name: "smtp_password",
            label: "Mot de passe",
            input: Input::Secret,
            hint: "",
        };
        let values = HashMap::from([("smtp_password".to_string(), "hunter2".to_string())]);
        assert!(!render_field(&field, &values, &FieldErrors::new()).contains("hunter2"));
    }
}
