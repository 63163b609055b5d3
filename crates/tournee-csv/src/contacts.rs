//! The CRM's contacts export (issue 13 « CSV »): one layout for the field app (what the
//! rep's snapshot holds) and the back office (what the signed-in user may read), so that
//! both files open the same way and either can be imported back (its headers are among
//! the import's known names).
//!
//! **One line per party**, its people in one cell (one person per line inside the cell,
//! which RFC 4180 quoting carries): a line is a party, so a spreadsheet's row count, sort
//! and filter count parties, and a party's status and last action are not repeated on as
//! many lines as it has people.

use crate::CsvWriter;

/// The header, French (the users' language); the import guesses its targets from these.
pub const CONTACT_HEADERS: [&str; 21] = [
    "Identifiant",
    "Type",
    "Nom",
    "Prénom",
    "SIRET",
    "TVA",
    "Téléphone",
    "Mobile",
    "E-mail",
    "Adresse 1",
    "Adresse 2",
    "Code postal",
    "Ville",
    "Pays",
    "Notes",
    "Propriétaire",
    "Statut",
    "Dernière action (date)",
    "Dernière action (type)",
    "Dernière action (commentaire)",
    "Personnes",
];

/// A party's last action, as the export shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastAction {
    /// Its day, `YYYY-MM-DD` (and its time when given).
    pub date: String,
    /// Its type's code.
    pub action_type: String,
    /// Its comment.
    pub comment: String,
}

impl LastAction {
    /// The cell of an action as stored (its day, time, type and comment): both exports,
    /// the back office's and the laptop's, write it this way.
    pub fn stored(
        date: &str,
        time: Option<&str>,
        action_type: &str,
        comment: Option<&str>,
    ) -> Self {
        Self {
            date: match time {
                Some(time) => format!("{date} {time}"),
                None => date.to_string(),
            },
            action_type: action_type.to_string(),
            comment: comment.unwrap_or_default().to_string(),
        }
    }
}

/// One person of a company, as the « Personnes » cell lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonCell {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Position in the company.
    pub position: String,
    /// Phone.
    pub phone: String,
    /// Mobile.
    pub mobile: String,
    /// E-mail.
    pub email: String,
}

impl PersonCell {
    /// « Marie Curie (Achats) – 04 72 00 00 01 – marie@exemple.fr »: the parts given.
    fn line(&self) -> String {
        let name = [self.first_name.as_str(), self.last_name.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mut parts = vec![if self.position.is_empty() {
            name
        } else {
            format!("{name} ({})", self.position)
        }];
        for extra in [&self.phone, &self.mobile, &self.email] {
            if !extra.is_empty() {
                parts.push(extra.clone());
            }
        }
        parts.join(" – ")
    }
}

/// One party's line: its fields as stored (empty for a missing value), its status's
/// label, its last action and its people.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactLine {
    /// Record id (ULID).
    pub id: String,
    /// « Entreprise » or « Particulier ».
    pub kind: String,
    /// Company name, or the person's last name.
    pub name: String,
    /// A private person's first name.
    pub first_name: String,
    /// SIRET or SIREN.
    pub siret: String,
    /// VAT number.
    pub vat: String,
    /// Phone.
    pub phone: String,
    /// Mobile.
    pub mobile: String,
    /// E-mail.
    pub email: String,
    /// Address, first line.
    pub address1: String,
    /// Address, second line.
    pub address2: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// Country.
    pub country: String,
    /// Notes.
    pub notes: String,
    /// Its owner's login.
    pub owner: String,
    /// The lifecycle status's label.
    pub status: String,
    /// The last action, if any.
    pub last_action: Option<LastAction>,
    /// Its people.
    pub people: Vec<PersonCell>,
}

/// Builds the contacts file line by line.
#[derive(Debug)]
pub struct ContactsCsv {
    writer: CsvWriter,
    lines: usize,
}

impl Default for ContactsCsv {
    fn default() -> Self {
        Self::new()
    }
}

impl ContactsCsv {
    /// A file with its header only.
    pub fn new() -> Self {
        Self {
            writer: CsvWriter::new(&CONTACT_HEADERS),
            lines: 0,
        }
    }

    /// Appends one party.
    pub fn push(&mut self, line: &ContactLine) {
        let people = line
            .people
            .iter()
            .map(PersonCell::line)
            .collect::<Vec<_>>()
            .join("\n");
        let empty = LastAction::default();
        let action = line.last_action.as_ref().unwrap_or(&empty);
        self.writer.row([
            line.id.as_str(),
            &line.kind,
            &line.name,
            &line.first_name,
            &line.siret,
            &line.vat,
            &line.phone,
            &line.mobile,
            &line.email,
            &line.address1,
            &line.address2,
            &line.postal_code,
            &line.city,
            &line.country,
            &line.notes,
            &line.owner,
            &line.status,
            &action.date,
            &action.action_type,
            &action.comment,
            &people,
        ]);
        self.lines += 1;
    }

    /// How many parties were written.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.finish()
    }
}

/// The kind's label in the export (and a value the import reads back).
pub fn kind_label(kind: &str) -> &'static str {
    if kind == "person" {
        "Particulier"
    } else {
        "Entreprise"
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::read_csv;

    #[test]
    fn a_party_with_two_people_is_one_line_read_back_whole() {
        let mut file = ContactsCsv::new();
        file.push(&ContactLine {
            id: "01J0000000000000000000000A".into(),
            kind: kind_label("company").into(),
            name: "Boulangerie Éole; fils".into(),
            status: "Prospect".into(),
            last_action: Some(LastAction {
                date: "2026-11-30".into(),
                action_type: "appel".into(),
                comment: "Rappeler \"vite\"".into(),
            }),
            people: vec![
                PersonCell {
                    first_name: "Anaïs".into(),
                    last_name: "Bénard".into(),
                    position: "Gérante".into(),
                    ..PersonCell::default()
                },
                PersonCell {
                    last_name: "Ørsted".into(),
                    email: "o@exemple.fr".into(),
                    ..PersonCell::default()
                },
            ],
            ..ContactLine::default()
        });
        assert_eq!(file.lines(), 1);
        let table = read_csv(&file.finish()).unwrap();
        assert_eq!(table.headers, CONTACT_HEADERS);
        assert_eq!(table.rows.len(), 1);
        let cells = &table.rows[0].cells;
        assert_eq!(cells[2], "Boulangerie Éole; fils");
        assert_eq!(cells[19], "Rappeler \"vite\"");
        assert_eq!(cells[20], "Anaïs Bénard (Gérante)\nØrsted – o@exemple.fr");
    }
}
