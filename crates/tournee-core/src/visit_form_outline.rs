//! A plain-text outline of the « Visite ce jour » form, so that the admin edits its
//! levels, radio groups and checkboxes in one text area and reads the tree at a glance:
//!
//! ```text
//! ? type_contact | Type de contact | Contact type | radio | obligatoire
//!   - visite | Visite | Visit
//!   - remise_proposition | Remise de proposition | Proposal handed over
//!     ? remise_proposition_type | Type de proposition | Proposal type | cases
//!       - agraire | Agraire | Agricultural
//! ```
//!
//! A `?` line is a question (id, French label, English label, `radio` or `cases`,
//! optionally `obligatoire`); a `-` line is one of its choices (id, French label, English
//! label). Each level is indented by two more spaces than its parent: choices under
//! their question, sub-questions under the choice that opens them. Blank lines and
//! lines starting with `#` are ignored. [`format`] and [`parse`] are inverse.

use crate::visit_form::{FormGroup, FormOption, GroupKind, VisitForm};

/// Spaces per level.
const INDENT: usize = 2;

/// Why an outline could not be read; `line` counts from 1, as the editor shows it. The
/// back office words it from its sentence catalogue; `Display` is an English log line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem:?}")]
pub struct OutlineError {
    /// The line concerned.
    pub line: usize,
    /// What is wrong there.
    pub problem: OutlineProblem,
}

/// What is wrong on an outline's line, with the values its sentence names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutlineProblem {
    /// A tab in the indentation.
    Tab,
    /// An indentation that is not a multiple of two spaces.
    Indent,
    /// A question neither at the start of a line nor under the choice that opens it.
    QuestionPlace,
    /// A choice not under its question.
    ChoicePlace,
    /// An outline without any question.
    NoQuestion,
    /// A question line without its four or five parts.
    QuestionShape,
    /// A question kind other than `radio` or `cases`.
    UnknownKind(String),
    /// Something other than `obligatoire` after the kind.
    Unexpected(String),
    /// A choice line without its three parts.
    ChoiceShape,
    /// A line starting with neither `?` nor `-`.
    LineStart,
    /// An empty id.
    MissingId,
    /// An id with other characters than lower-case letters, digits and `_`.
    IdShape(String),
}

/// Writes the form as an outline.
pub fn format(form: &VisitForm) -> String {
    let mut out = String::new();
    for group in &form.groups {
        write_group(&mut out, group, 0);
    }
    out
}

fn write_group(out: &mut String, group: &FormGroup, depth: usize) {
    let kind = match group.kind {
        GroupKind::Radio => "radio",
        GroupKind::Checkbox => "cases",
    };
    let required = if group.required { " | obligatoire" } else { "" };
    out.push_str(&format!(
        "{}? {} | {} | {} | {kind}{required}\n",
        " ".repeat(depth * INDENT),
        group.id,
        group.label_fr,
        group.label_en
    ));
    for option in &group.options {
        out.push_str(&format!(
            "{}- {} | {} | {}\n",
            " ".repeat((depth + 1) * INDENT),
            option.id,
            option.label_fr,
            option.label_en
        ));
        for child in &option.children {
            write_group(out, child, depth + 2);
        }
    }
}

/// One meaningful line: its depth and what it declares.
enum Item {
    Group(FormGroup),
    Option(FormOption),
}

/// Reads an outline into a form. The result still needs
/// [`VisitForm::check_structure`] (unique ids, options present…).
pub fn parse(text: &str) -> Result<VisitForm, OutlineError> {
    // Path from the root to the last item read: (depth, item).
    let mut open: Vec<(usize, Item)> = Vec::new();
    let mut roots: Vec<FormGroup> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let error = |problem: OutlineProblem| OutlineError { line, problem };
        let trimmed = raw.trim_end();
        if trimmed.trim_start().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        if trimmed.contains('\t') {
            return Err(error(OutlineProblem::Tab));
        }
        let spaces = trimmed.len() - trimmed.trim_start().len();
        if !spaces.is_multiple_of(INDENT) {
            return Err(error(OutlineProblem::Indent));
        }
        let depth = spaces / INDENT;
        let item = parse_item(trimmed.trim_start()).map_err(error)?;
        // Close everything at this depth or deeper.
        while open.last().is_some_and(|(d, _)| *d >= depth) {
            close_last(&mut open, &mut roots);
        }
        let parent_depth = open.last().map(|(d, _)| *d);
        match (&item, open.last()) {
            (Item::Group(_), None) if depth == 0 => {}
            (Item::Group(_), Some((_, Item::Option(_)))) if parent_depth == Some(depth - 1) => {}
            (Item::Group(_), _) => return Err(error(OutlineProblem::QuestionPlace)),
            (Item::Option(_), Some((_, Item::Group(_)))) if parent_depth == Some(depth - 1) => {}
            (Item::Option(_), _) => return Err(error(OutlineProblem::ChoicePlace)),
        }
        open.push((depth, item));
    }
    while !open.is_empty() {
        close_last(&mut open, &mut roots);
    }
    if roots.is_empty() {
        return Err(OutlineError {
            line: 1,
            problem: OutlineProblem::NoQuestion,
        });
    }
    Ok(VisitForm { groups: roots })
}

/// Attaches the last open item to its parent (or to the roots).
fn close_last(open: &mut Vec<(usize, Item)>, roots: &mut Vec<FormGroup>) {
    let Some((_, item)) = open.pop() else { return };
    match (item, open.last_mut()) {
        (Item::Group(group), Some((_, Item::Option(parent)))) => parent.children.push(group),
        (Item::Group(group), _) => roots.push(group),
        (Item::Option(option), Some((_, Item::Group(parent)))) => parent.options.push(option),
        // `parse` only opens an option under a group.
        (Item::Option(_), _) => {}
    }
}

fn parse_item(line: &str) -> Result<Item, OutlineProblem> {
    // The first character, whatever its width (a line may start with « É »).
    let marker_len = line.chars().next().map_or(0, char::len_utf8);
    let (marker, rest) = line.split_at(marker_len);
    let parts: Vec<&str> = rest.split('|').map(str::trim).collect();
    let text = |i: usize| parts.get(i).map(|s| s.to_string()).unwrap_or_default();
    match marker {
        "?" => {
            if !(4..=5).contains(&parts.len()) {
                return Err(OutlineProblem::QuestionShape);
            }
            let kind = match parts[3] {
                "radio" => GroupKind::Radio,
                "cases" => GroupKind::Checkbox,
                other => return Err(OutlineProblem::UnknownKind(other.to_string())),
            };
            let required = match parts.get(4) {
                None => false,
                Some(&"obligatoire") => true,
                Some(other) => return Err(OutlineProblem::Unexpected(other.to_string())),
            };
            check_id(parts[0])?;
            Ok(Item::Group(FormGroup {
                id: text(0),
                label_fr: text(1),
                label_en: text(2),
                kind,
                required,
                options: Vec::new(),
            }))
        }
        "-" => {
            if parts.len() != 3 {
                return Err(OutlineProblem::ChoiceShape);
            }
            check_id(parts[0])?;
            Ok(Item::Option(FormOption {
                id: text(0),
                label_fr: text(1),
                label_en: text(2),
                children: Vec::new(),
            }))
        }
        _ => Err(OutlineProblem::LineStart),
    }
}

/// Ids are stored in every visit's answers: keep them to lower-case ASCII words.
fn check_id(id: &str) -> Result<(), OutlineProblem> {
    if id.is_empty() {
        return Err(OutlineProblem::MissingId);
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(OutlineProblem::IdShape(id.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_starting_with_an_accented_letter_is_refused_not_a_panic() {
        // Found by fuzzing (fuzz target `visit_form_outline`): « Ū » at the start of a line
        // was cut in the middle of its bytes.
        for text in ["Ū", "É question", "? q | Q | Q | radio\n  é réponse"] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.problem, OutlineProblem::LineStart, "{text:?}");
        }
    }

    #[test]
    fn the_default_tree_survives_a_round_trip() {
        let form = VisitForm::default_tree();
        let text = format(&form);
        assert_eq!(parse(&text).unwrap(), form);
        assert!(text.contains("    ? remise_proposition_type | Type de proposition"));
    }

    #[test]
    fn a_sub_question_hangs_under_the_choice_above_it() {
        let text = "# commentaire\n\
            ? a | A | A | radio | obligatoire\n\
            \x20 - x | X | X\n\
            \x20   ? b | B | B | cases\n\
            \x20     - y | Y | Y\n\
            \x20 - z | Z | Z\n\
            \n\
            ? c | C | C | cases\n";
        let form = parse(text).unwrap();
        assert_eq!(form.groups.len(), 2);
        let a = &form.groups[0];
        assert!(a.required);
        assert_eq!(a.options.len(), 2);
        assert_eq!(a.options[0].children[0].id, "b");
        assert_eq!(a.options[0].children[0].kind, GroupKind::Checkbox);
        assert!(a.options[1].children.is_empty());
        assert!(form.groups[1].options.is_empty());
    }

    #[test]
    fn mistakes_name_their_line() {
        // What each mistake is (the back office words it: `OutlineProblem`).
        let cases = [
            ("- x | X | X\n", 1, OutlineProblem::ChoicePlace),
            (
                "? a | A | A | radio\n   - x | X | X\n",
                2,
                OutlineProblem::Indent,
            ),
            (
                "? a | A | A | liste\n",
                1,
                OutlineProblem::UnknownKind("liste".into()),
            ),
            (
                "? a | A | A | radio\n  - X! | X | X\n",
                2,
                OutlineProblem::IdShape("X!".into()),
            ),
            (
                "? a | A | A | radio\n  ? b | B | B | radio\n",
                2,
                OutlineProblem::QuestionPlace,
            ),
            ("? a | A | A\n", 1, OutlineProblem::QuestionShape),
            (
                "? a | A | A | radio | oui\n",
                1,
                OutlineProblem::Unexpected("oui".into()),
            ),
            ("Type de contact\n", 1, OutlineProblem::LineStart),
            ("\n# rien\n", 1, OutlineProblem::NoQuestion),
            (
                "? a | A | A | radio\n\t- x | X | X\n",
                2,
                OutlineProblem::Tab,
            ),
        ];
        for (text, line, problem) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert_eq!(error.problem, problem, "{text:?}: {error}");
        }
    }
}
