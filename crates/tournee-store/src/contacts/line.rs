//! One line of an imported file: its values by target, checked by the same rules as a
//! record change (`tournee_sync::parse_record`, the rules every `RC` file obeys), and its
//! duplicate keys.

use serde_json::{json, Map, Value};
use tournee_core::{DomainError, PartyKeys};
use tournee_csv::Row;
use tournee_sync::{parse_record, PersonFields, RecordError, RecordFields};

use super::mapping::{ColumnMapping, ImportTarget};

/// A stand-in record id for the checks (the import mints the real ones).
const CHECK_ID: &str = "00000000000000000000000000";

/// One thing wrong on a line: the column concerned (from 1, when one is), the field it
/// fills, and the broken rule (which names the record field).
#[derive(Debug, Clone, PartialEq)]
pub struct LineProblem {
    /// The file's column, from 1 (`None` for a field no column fills, such as a missing
    /// name).
    pub column: Option<usize>,
    /// The field concerned.
    pub target: ImportTarget,
    /// The rule it breaks.
    pub error: DomainError,
}

/// A line that passed every check: the record fields it creates, as the record reader
/// typed them, so that the import writes them without reading them again.
#[derive(Debug, Clone)]
pub(crate) struct CheckedLine {
    /// The line in the file.
    pub line: usize,
    /// The party's fields (owner included).
    pub party: RecordFields,
    /// The person's fields, when the line has one (`party_id` a stand-in until the
    /// import mints the party's id).
    pub person: Option<PersonFields>,
}

/// What a line gives: its keys whatever its faults, and its records or its problems.
pub(crate) struct ReadLine {
    pub keys: PartyKeys,
    pub checked: Result<CheckedLine, Vec<LineProblem>>,
}

/// Reads and checks one line for a party owned by `owner` (a login already checked).
pub(crate) fn read_line(row: &Row, mapping: &ColumnMapping, owner: &str) -> ReadLine {
    let mut party = Map::new();
    let mut person = Map::new();
    let mut problems = Vec::new();
    for (index, target) in mapping.targets().iter().enumerate() {
        let Some(field) = target.field() else {
            continue;
        };
        let value = row.cells.get(index).map_or("", |c| c.trim());
        if value.is_empty() {
            continue;
        }
        if *target == ImportTarget::Kind {
            match party_kind(value) {
                Some(kind) => {
                    party.insert("kind".into(), Value::from(kind));
                }
                None => problems.push(LineProblem {
                    column: Some(index + 1),
                    target: *target,
                    error: DomainError::InvalidFormat {
                        field: "kind".into(),
                        expected: "« Entreprise » ou « Particulier »".into(),
                    },
                }),
            }
            continue;
        }
        let into = if target.is_person() {
            &mut person
        } else {
            &mut party
        };
        into.insert(field.into(), Value::from(value));
    }
    let keys = keys_of(&party, &person);
    party
        .entry("kind")
        .or_insert_with(|| Value::from("company"));
    if party.get("kind") == Some(&Value::from("person")) && !person.is_empty() {
        let target = first_person_target(mapping, row);
        problems.push(LineProblem {
            column: mapping.column_of(target).map(|c| c + 1),
            target,
            error: DomainError::InvalidFormat {
                field: target.field().unwrap_or("last_name").into(),
                expected: "une personne d'entreprise, pas d'un particulier".into(),
            },
        });
    }
    party.insert("owner".into(), Value::from(owner));
    let party = checked("party", party, mapping, false);
    let person = (!person.is_empty()).then(|| {
        person.insert("party_id".into(), Value::from(CHECK_ID));
        match checked("person", person, mapping, true) {
            Ok(RecordFields::Person(fields)) => Ok(fields),
            // The reader types a person's fields as a person's; anything else is reported
            // on the line rather than imported as something else.
            Ok(other) => Err(vec![problem(
                mapping,
                true,
                DomainError::InvalidFormat {
                    field: "last_name".into(),
                    expected: format!("person, not {}", other.entity().code()),
                },
            )]),
            Err(problems) => Err(problems),
        }
    });
    let checked = match (party, person) {
        (Ok(party), None) if problems.is_empty() => Ok(CheckedLine {
            line: row.line,
            party,
            person: None,
        }),
        (Ok(party), Some(Ok(person))) if problems.is_empty() => Ok(CheckedLine {
            line: row.line,
            party,
            person: Some(person),
        }),
        (party, person) => {
            problems.extend(party.err().into_iter().flatten());
            problems.extend(person.and_then(Result::err).into_iter().flatten());
            Err(problems)
        }
    };
    ReadLine { keys, checked }
}

/// A creation of `entity` with `fields`, checked whole: its typed fields; when refused,
/// each field is checked alone so that the report lists every problem of the line, not
/// the first.
fn checked(
    entity: &str,
    fields: Map<String, Value>,
    mapping: &ColumnMapping,
    person: bool,
) -> Result<RecordFields, Vec<LineProblem>> {
    let create = json!({"entity": entity, "op": "create", "id": CHECK_ID, "fields": fields});
    let first = match parse_record(&create) {
        Ok(change) => return Ok(change.fields),
        Err(first) => first,
    };
    let Some(Value::Object(fields)) = create.get("fields") else {
        return Err(vec![problem(mapping, person, domain_error(first, "name"))]);
    };
    let mut problems = Vec::new();
    if let RecordError::Missing { field, .. } = &first {
        problems.push(problem(
            mapping,
            person,
            DomainError::Missing {
                field: (*field).into(),
            },
        ));
    }
    for (field, value) in fields {
        let alone = json!({"entity": entity, "op": "update", "id": CHECK_ID,
                           "fields": {field.as_str(): value}});
        if let Err(error) = parse_record(&alone) {
            problems.push(problem(mapping, person, domain_error(error, field)));
        }
    }
    if problems.is_empty() {
        // Invariant-breaking in practice (each field passes alone but not together); the
        // whole refusal is reported rather than lost.
        problems.push(problem(mapping, person, domain_error(first, "name")));
    }
    Err(problems)
}

fn problem(mapping: &ColumnMapping, person: bool, error: DomainError) -> LineProblem {
    let target = ImportTarget::ALL
        .into_iter()
        .find(|t| t.is_person() == person && t.field() == Some(error.field()))
        .unwrap_or(if person {
            ImportTarget::PersonLastName
        } else {
            ImportTarget::Name
        });
    LineProblem {
        column: mapping.column_of(target).map(|c| c + 1),
        target,
        error,
    }
}

/// The domain's rule a record refusal stands for.
fn domain_error(error: RecordError, field: &str) -> DomainError {
    match error {
        RecordError::Invalid(problem) => problem,
        RecordError::Missing { field, .. } | RecordError::Cleared { field, .. } => {
            DomainError::Missing {
                field: field.into(),
            }
        }
        other => DomainError::InvalidFormat {
            field: other.field().unwrap_or(field).into(),
            expected: other.to_string(),
        },
    }
}

/// The kind a cell says: company or private person, in the words files use.
fn party_kind(value: &str) -> Option<&'static str> {
    let key: String = value
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match key.as_str() {
        "entreprise" | "société" | "societe" | "company" | "b2b" | "pro" | "professionnel"
        | "personnemorale" | "morale" => Some("company"),
        "particulier" | "person" | "personne" | "b2c" | "individual" | "personnephysique"
        | "physique" | "privé" | "prive" => Some("person"),
        _ => None,
    }
}

/// The first person column filled on the line.
fn first_person_target(mapping: &ColumnMapping, row: &Row) -> ImportTarget {
    mapping
        .targets()
        .iter()
        .enumerate()
        .find(|(i, t)| t.is_person() && row.cells.get(*i).is_some_and(|c| !c.trim().is_empty()))
        .map_or(ImportTarget::PersonLastName, |(_, t)| *t)
}

fn text<'a>(fields: &'a Map<String, Value>, field: &str) -> &'a str {
    fields.get(field).and_then(Value::as_str).unwrap_or("")
}

/// « Prénom Nom » for a private person, the name for a company.
fn display_name(party: &Map<String, Value>) -> String {
    let (first, name) = (text(party, "first_name"), text(party, "name"));
    if first.is_empty() {
        name.to_string()
    } else {
        format!("{first} {name}")
    }
}

/// The duplicate keys of a line: the party's name, postal code, numbers and e-mails, and
/// its person's numbers and e-mail.
fn keys_of(party: &Map<String, Value>, person: &Map<String, Value>) -> PartyKeys {
    party_keys(
        &display_name(party),
        text(party, "postal_code"),
        [
            text(party, "phone"),
            text(party, "mobile"),
            text(person, "phone"),
            text(person, "mobile"),
        ],
        [text(party, "email"), text(person, "email")],
        text(party, "siret"),
    )
}

/// The keys of a party, the same way for a line and for a party of the master.
pub(crate) fn party_keys<'a>(
    name: &str,
    postal_code: &str,
    phones: impl IntoIterator<Item = &'a str>,
    emails: impl IntoIterator<Item = &'a str>,
    siret: &str,
) -> PartyKeys {
    let mut keys = PartyKeys::new(name, postal_code).with_company_number(siret);
    for phone in phones {
        keys = keys.with_phone(phone);
    }
    for email in emails {
        keys = keys.with_email(email);
    }
    keys
}
