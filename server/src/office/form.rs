//! Form fields for the admin's pages: one description per field, shown by the `field`
//! macro of `templates/office/parts.html` with its label, its input with what was typed,
//! its hint and its error, so a refused form comes back whole, each problem next to its
//! field. A page that shows fields imports [`Input`]: the macro matches on it.
//!
//! Each form is a typed struct (`#[derive(Deserialize)]`) whose fields are the text the
//! browser sent, every one `#[serde(default)]`: a missing, oversize or unreadable value
//! is never a refused request but a problem on its field, found by the page's own checks
//! (a number is parsed there, not by serde), and the struct itself, through
//! [`FormValues`], is what the refused page shows back.

use std::collections::HashMap;

use crate::sentences::Sentence;

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

/// One field as the `field` macro of `templates/office/parts.html` shows it: its
/// description, what was typed, its errors.
pub struct FieldView<'a> {
    /// The field.
    pub field: &'a Field<'a>,
    /// What was typed (empty on a fresh form; never shown for a secret).
    pub value: &'a str,
    /// Its problems, each shown next to it.
    pub errors: &'a [String],
}

impl FieldView<'_> {
    /// Whether the input is marked `aria-invalid`.
    pub fn invalid(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// A typed form as its page shows it back: the text of each field by name, so that
/// nothing the admin typed is lost when the form is refused.
pub trait FormValues {
    /// What field `name` shows: the text as sent, `"on"` for a ticked box, empty for a
    /// name the form does not have.
    fn value(&self, name: &str) -> &str;
}

/// Each of `fields` with its value from `values` and its errors, in order.
pub fn field_views<'a>(
    fields: &'a [Field<'a>],
    values: &'a dyn FormValues,
    errors: &'a FieldErrors,
) -> Vec<FieldView<'a>> {
    fields
        .iter()
        .map(|field| FieldView {
            field,
            value: values.value(field.name),
            errors: errors.get(field.name).map(Vec::as_slice).unwrap_or(&[]),
        })
        .collect()
}

/// One line of a refused form's summary.
pub struct Problem<'a> {
    /// The field's name, for the link to it.
    pub name: &'a str,
    /// The field's label.
    pub label: &'a str,
    /// What is wrong.
    pub message: &'a str,
}

/// The summary at the top of a refused form (`error_summary` in `parts.html`): every
/// problem with its field's label, in the fields' order; `None` when nothing was refused.
pub fn error_summary<'a>(
    fields: &[&'a Field<'a>],
    errors: &'a FieldErrors,
) -> Option<Vec<Problem<'a>>> {
    if errors.is_empty() {
        return None;
    }
    let mut problems = Vec::new();
    for field in fields {
        for message in errors.get(field.name).into_iter().flatten() {
            problems.push(Problem {
                name: field.name,
                label: field.label,
                message,
            });
        }
    }
    Some(problems)
}

/// Adds the catalogue's `sentence` with its `values` to `name`'s errors, in the back
/// office's language (see [`crate::sentences`]).
pub fn add_problem(
    errors: &mut FieldErrors,
    name: &str,
    sentence: Sentence,
    values: &[(&str, &str)],
) {
    add_error(errors, name, sentence.office(values));
}

/// Adds `message`, already worded (by the store's or the domain's own checks), to
/// `name`'s errors.
pub fn add_error(errors: &mut FieldErrors, name: &str, message: impl Into<String>) {
    errors
        .entry(name.to_string())
        .or_default()
        .push(message.into());
}

/// A tick box as a typed form reads it: ticked when it sent `on` (an unticked box sends
/// nothing, hence `#[serde(default, deserialize_with = "ticked")]`).
pub fn ticked<'de, D: serde::Deserializer<'de>>(sent: D) -> Result<bool, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(sent)?;
    Ok(text.trim() == "on")
}

/// How a ticked box is shown back.
pub fn tick(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        ""
    }
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
    use askama::Template;

    use super::*;

    /// The `field` and `error_summary` macros as a page calls them.
    #[derive(Template)]
    #[template(
        ext = "html",
        source = "{% import \"office/parts.html\" as parts %}{% for f in fields %}{% call parts::field(f) %}{% endfor %}{% call parts::error_summary(summary) %}"
    )]
    struct Fields<'a> {
        fields: Vec<FieldView<'a>>,
        summary: Option<Vec<Problem<'a>>>,
    }

    /// One field's text, as a typed form shows it.
    struct One(&'static str, String);

    impl FormValues for One {
        fn value(&self, name: &str) -> &str {
            if name == self.0 {
                &self.1
            } else {
                ""
            }
        }
    }

    fn render(field: &Field<'_>, values: &One, errors: &FieldErrors) -> String {
        let fields = std::slice::from_ref(field);
        Fields {
            fields: field_views(fields, values, errors),
            summary: error_summary(&[field], errors),
        }
        .render()
        .unwrap()
    }

    #[test]
    fn a_refused_value_comes_back_escaped_with_its_error() {
        let field = Field {
            name: "visit_backdate_days",
            label: "Borne",
            input: Input::Number,
            hint: "",
        };
        let values = One("visit_backdate_days", "<b>".to_string());
        let mut errors = FieldErrors::new();
        add_error(&mut errors, "visit_backdate_days", "nombre entier attendu");
        let html = render(&field, &values, &errors);
        assert!(html.contains("value=\"&lt;b&gt;\""), "{html}");
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(html.contains("data-error-for=\"visit_backdate_days\">nombre entier attendu"));
        assert!(html.contains("Borne</a> : nombre entier attendu"));
    }

    #[test]
    fn a_secret_is_never_echoed() {
        let field = Field {
            name: "smtp_password",
            label: "Mot de passe",
            input: Input::Secret,
            hint: "",
        };
        let values = One("smtp_password", "hunter2".to_string());
        assert!(!render(&field, &values, &FieldErrors::new()).contains("hunter2"));
    }
}
