//! What the contacts' import says: its refusals (`tournee_store::ImportError`, the CSV
//! reader's faults with their line and column), each line's problems and duplicates, and
//! the fields a column can fill.

use crate::Message;
use tournee_core::{Lang, MatchReason};
use tournee_csv::{CsvError, MAX_FIELD_BYTES};
use tournee_store::{
    DuplicateOf, ImportError, ImportTarget, LineDuplicate, LineProblem, MappingError,
    MAX_IMPORT_BYTES,
};

use super::{Said, Sentence};

/// The label of a field a column can fill, as the page's selects and the report show it.
pub fn target_label(target: ImportTarget, lang: Lang) -> &'static str {
    let (fr, en) = match target {
        ImportTarget::Ignore => ("— ne pas importer —", "— do not import —"),
        ImportTarget::Kind => (
            "Type (entreprise ou particulier)",
            "Kind (company or person)",
        ),
        ImportTarget::Name => ("Nom ou raison sociale", "Name or company name"),
        ImportTarget::FirstName => ("Prénom (particulier)", "First name (person)"),
        ImportTarget::Siret => ("SIRET ou SIREN", "SIRET or SIREN"),
        ImportTarget::Vat => ("N° de TVA", "VAT number"),
        ImportTarget::Phone => ("Téléphone", "Phone"),
        ImportTarget::Mobile => ("Mobile", "Mobile"),
        ImportTarget::Email => ("E-mail", "E-mail"),
        ImportTarget::Address1 => ("Adresse, ligne 1", "Address, line 1"),
        ImportTarget::Address2 => ("Adresse, ligne 2", "Address, line 2"),
        ImportTarget::PostalCode => ("Code postal", "Postal code"),
        ImportTarget::City => ("Ville", "City"),
        ImportTarget::Country => ("Pays", "Country"),
        ImportTarget::Notes => ("Notes", "Notes"),
        ImportTarget::PersonFirstName => ("Personne : prénom", "Person: first name"),
        ImportTarget::PersonLastName => ("Personne : nom", "Person: last name"),
        ImportTarget::PersonPosition => ("Personne : fonction", "Person: position"),
        ImportTarget::PersonPhone => ("Personne : téléphone", "Person: phone"),
        ImportTarget::PersonMobile => ("Personne : mobile", "Person: mobile"),
        ImportTarget::PersonEmail => ("Personne : e-mail", "Person: e-mail"),
    };
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// A CSV reader's fault, with its line and column.
pub fn csv_error(error: &CsvError) -> Said {
    let n = |v: usize| v.to_string();
    match error {
        CsvError::Empty => Sentence::CsvEmpty.into(),
        CsvError::BadUtf8 { line } => Said::new(Sentence::CsvBadUtf8, &[("line", &n(*line))]),
        CsvError::UnterminatedQuote { line, column } => Said::new(
            Sentence::CsvUnterminatedQuote,
            &[("line", &n(*line)), ("column", &n(*column))],
        ),
        CsvError::StrayQuote { line, column } => Said::new(
            Sentence::CsvStrayQuote,
            &[("line", &n(*line)), ("column", &n(*column))],
        ),
        CsvError::FieldCount {
            line,
            expected,
            found,
        } => Said::new(
            Sentence::CsvFieldCount,
            &[
                ("line", &n(*line)),
                ("expected", &n(*expected)),
                ("found", &n(*found)),
            ],
        ),
        CsvError::FieldTooLong { line, column } => Said::new(
            Sentence::CsvFieldTooLong,
            &[
                ("line", &n(*line)),
                ("column", &n(*column)),
                ("max", &n(MAX_FIELD_BYTES)),
            ],
        ),
        CsvError::EmptyHeader { column } => {
            Said::new(Sentence::CsvEmptyHeader, &[("column", &n(*column))])
        }
        CsvError::DuplicateHeader {
            name,
            first,
            column,
        } => Said::new(
            Sentence::CsvDuplicateHeader,
            &[
                ("name", name),
                ("first", &n(*first)),
                ("column", &n(*column)),
            ],
        ),
    }
}

/// What an import step's refusal says; `None` for a server failure (logged, not shown)
/// and for a changed dry run (which the page shows whole).
pub fn import_error(error: &ImportError, lang: Lang) -> Option<Said> {
    Some(match error {
        ImportError::TooLarge { .. } => Said::new(
            Sentence::ImportTooLarge,
            &[("max", &(MAX_IMPORT_BYTES / (1024 * 1024)).to_string())],
        ),
        ImportError::Csv(csv) => csv_error(csv),
        ImportError::NoLines => Sentence::ImportNoLines.into(),
        ImportError::UploadGone => Sentence::ImportUploadGone.into(),
        ImportError::Mapping(mapping) => mapping_error(mapping, lang),
        ImportError::UnknownOwner(login) => {
            Said::new(Sentence::ImportUnknownOwner, &[("login", login)])
        }
        ImportError::Changed(_)
        | ImportError::Record(_)
        | ImportError::NotApplied(_)
        | ImportError::Store(_) => return None,
    })
}

fn mapping_error(error: &MappingError, lang: Lang) -> Said {
    let n = |v: usize| v.to_string();
    match error {
        MappingError::ColumnCount { expected, found } => Said::new(
            Sentence::ImportMappingCount,
            &[("expected", &n(*expected)), ("found", &n(*found))],
        ),
        MappingError::UnknownTarget { column, .. } => {
            Said::new(Sentence::ImportMappingUnknown, &[("column", &n(*column))])
        }
        MappingError::Twice {
            target,
            first,
            column,
        } => Said::new(
            Sentence::ImportMappingTwice,
            &[
                ("target", target_label(*target, lang)),
                ("first", &n(*first)),
                ("column", &n(*column)),
            ],
        ),
        MappingError::NoName => Sentence::ImportMappingNoName.into(),
    }
}

/// One problem of a line: its column and field, and the rule it breaks (worded by the
/// domain, as for a refused record change).
pub fn line_problem(problem: &LineProblem, lang: Lang) -> String {
    let message = problem.error.message(lang);
    let target = target_label(problem.target, lang);
    match problem.column {
        Some(column) => Sentence::ImportProblemInColumn.say(
            lang,
            &[
                ("column", &column.to_string()),
                ("target", target),
                ("message", &message),
            ],
        ),
        None => {
            Sentence::ImportProblemNoColumn.say(lang, &[("target", target), ("message", &message)])
        }
    }
}

/// One duplicate of a line: whom it looks like, and why.
pub fn line_duplicate(duplicate: &LineDuplicate, lang: Lang) -> String {
    let separator = match lang {
        Lang::Fr => " ; ",
        Lang::En => "; ",
    };
    let reasons: Vec<String> = duplicate
        .reasons
        .iter()
        .map(|reason| match_reason(reason, lang))
        .collect();
    let reasons = reasons.join(separator);
    match &duplicate.of {
        DuplicateOf::Party { name, .. } => {
            Sentence::ImportDuplicateOfParty.say(lang, &[("name", name), ("reasons", &reasons)])
        }
        DuplicateOf::Line(line) => Sentence::ImportDuplicateOfLine
            .say(lang, &[("line", &line.to_string()), ("reasons", &reasons)]),
    }
}

fn match_reason(reason: &MatchReason, lang: Lang) -> String {
    let (sentence, key) = match reason {
        MatchReason::Siret(key) => (Sentence::DuplicateSiret, key),
        MatchReason::Siren(key) => (Sentence::DuplicateSiren, key),
        MatchReason::Phone(key) => (Sentence::DuplicatePhone, key),
        MatchReason::Email(key) => (Sentence::DuplicateEmail, key),
        MatchReason::NameInPostalCode(key) => (Sentence::DuplicateNamePostalCode, key),
    };
    sentence.say(lang, &[("key", key)])
}
