//! Which field each column of an imported file fills: the targets, the guess from the
//! header's name (French and English, with or without accents), and the checks of a
//! mapping the admin chose.

/// A field a column can fill: one of the party's, or one of the person of the company the
/// line also describes (one person per line at most).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportTarget {
    /// The column is not imported.
    Ignore,
    /// Company or private person (« Entreprise », « Particulier »…); empty: company.
    Kind,
    /// Company name, or a private person's last name.
    Name,
    /// A private person's first name.
    FirstName,
    /// SIRET or SIREN.
    Siret,
    /// VAT number.
    Vat,
    /// Phone.
    Phone,
    /// Mobile.
    Mobile,
    /// E-mail.
    Email,
    /// Address, first line.
    Address1,
    /// Address, second line.
    Address2,
    /// Postal code.
    PostalCode,
    /// City.
    City,
    /// Country.
    Country,
    /// Notes.
    Notes,
    /// The person's first name.
    PersonFirstName,
    /// The person's last name.
    PersonLastName,
    /// The person's position.
    PersonPosition,
    /// The person's phone.
    PersonPhone,
    /// The person's mobile.
    PersonMobile,
    /// The person's e-mail.
    PersonEmail,
}

impl ImportTarget {
    /// Every target, in the order the page's selects list them.
    pub const ALL: [ImportTarget; 21] = [
        Self::Ignore,
        Self::Kind,
        Self::Name,
        Self::FirstName,
        Self::Siret,
        Self::Vat,
        Self::Phone,
        Self::Mobile,
        Self::Email,
        Self::Address1,
        Self::Address2,
        Self::PostalCode,
        Self::City,
        Self::Country,
        Self::Notes,
        Self::PersonFirstName,
        Self::PersonLastName,
        Self::PersonPosition,
        Self::PersonPhone,
        Self::PersonMobile,
        Self::PersonEmail,
    ];

    /// The stable code the form sends (`party.name`, `person.email`…).
    pub fn code(self) -> &'static str {
        match self {
            Self::Ignore => "ignore",
            Self::Kind => "party.kind",
            Self::Name => "party.name",
            Self::FirstName => "party.first_name",
            Self::Siret => "party.siret",
            Self::Vat => "party.vat",
            Self::Phone => "party.phone",
            Self::Mobile => "party.mobile",
            Self::Email => "party.email",
            Self::Address1 => "party.address1",
            Self::Address2 => "party.address2",
            Self::PostalCode => "party.postal_code",
            Self::City => "party.city",
            Self::Country => "party.country",
            Self::Notes => "party.notes",
            Self::PersonFirstName => "person.first_name",
            Self::PersonLastName => "person.last_name",
            Self::PersonPosition => "person.position",
            Self::PersonPhone => "person.phone",
            Self::PersonMobile => "person.mobile",
            Self::PersonEmail => "person.email",
        }
    }

    /// The target of a code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Whether it fills the line's person rather than the party.
    pub fn is_person(self) -> bool {
        self.code().starts_with("person.")
    }

    /// The record field it fills (`name`, `last_name`…); `None` for [`Self::Ignore`].
    pub fn field(self) -> Option<&'static str> {
        self.code().split_once('.').map(|(_, field)| field)
    }
}

/// The target a header's name suggests: compared without case, accents, spaces or
/// punctuation, against the names French and English files use (and the export's own).
pub fn guess_target(header: &str) -> ImportTarget {
    let key = header_key(header);
    GUESSES
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map_or(ImportTarget::Ignore, |(target, _)| *target)
}

/// Known header names, as [`header_key`] writes them.
const GUESSES: &[(ImportTarget, &[&str])] = &[
    (
        ImportTarget::Kind,
        &[
            "type",
            "kind",
            "genre",
            "typedetiers",
            "nature",
            "categorie",
        ],
    ),
    (
        ImportTarget::Name,
        &[
            "nom",
            "name",
            "raisonsociale",
            "societe",
            "entreprise",
            "company",
            "companyname",
            "nomclient",
            "client",
            "lastname",
            "nomdefamille",
            "denomination",
        ],
    ),
    (
        ImportTarget::FirstName,
        &["prenom", "firstname", "givenname"],
    ),
    (
        ImportTarget::Siret,
        &["siret", "siren", "numerosiret", "nsiret"],
    ),
    (
        ImportTarget::Vat,
        &[
            "tva",
            "vat",
            "numerotva",
            "tvaintracommunautaire",
            "vatnumber",
            "ntva",
        ],
    ),
    (
        ImportTarget::Phone,
        &[
            "telephone",
            "tel",
            "phone",
            "telephonefixe",
            "fixe",
            "phonenumber",
        ],
    ),
    (
        ImportTarget::Mobile,
        &["mobile", "portable", "telportable", "cellphone", "gsm"],
    ),
    (
        ImportTarget::Email,
        &["email", "mail", "courriel", "adressemail", "adresseemail"],
    ),
    (
        ImportTarget::Address1,
        &[
            "adresse",
            "adresse1",
            "address",
            "address1",
            "addressline1",
            "rue",
        ],
    ),
    (
        ImportTarget::Address2,
        &[
            "adresse2",
            "complementdadresse",
            "address2",
            "addressline2",
            "complement",
        ],
    ),
    (
        ImportTarget::PostalCode,
        &[
            "codepostal",
            "cp",
            "postalcode",
            "zip",
            "zipcode",
            "postcode",
        ],
    ),
    (
        ImportTarget::City,
        &["ville", "city", "commune", "localite", "town"],
    ),
    (ImportTarget::Country, &["pays", "country"]),
    (
        ImportTarget::Notes,
        &["notes", "note", "remarques", "commentaire", "comments"],
    ),
    (
        ImportTarget::PersonFirstName,
        &["prenomcontact", "contactprenom", "contactfirstname"],
    ),
    (
        ImportTarget::PersonLastName,
        &[
            "nomcontact",
            "contactnom",
            "contact",
            "contactname",
            "contactlastname",
            "interlocuteur",
        ],
    ),
    (
        ImportTarget::PersonPosition,
        &[
            "fonction",
            "poste",
            "position",
            "jobtitle",
            "title",
            "fonctioncontact",
        ],
    ),
    (
        ImportTarget::PersonPhone,
        &[
            "telephonecontact",
            "telcontact",
            "contacttelephone",
            "contactphone",
        ],
    ),
    (
        ImportTarget::PersonMobile,
        &["mobilecontact", "portablecontact", "contactmobile"],
    ),
    (
        ImportTarget::PersonEmail,
        &[
            "emailcontact",
            "mailcontact",
            "contactemail",
            "contactmail",
            "courrielcontact",
        ],
    ),
];

/// A header's comparison key: lower-case ASCII letters and digits, accents dropped.
fn header_key(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            other => other,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The target of each column of a file, checked: no target twice, a name somewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    targets: Vec<ImportTarget>,
}

/// Why a chosen mapping cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// Not one target per column of the file.
    #[error("{found} targets for {expected} columns")]
    ColumnCount {
        /// The file's columns.
        expected: usize,
        /// The targets sent.
        found: usize,
    },
    /// A code that is no target.
    #[error("column {column}: unknown target {code:?}")]
    UnknownTarget {
        /// The column (from 1).
        column: usize,
        /// The code sent.
        code: String,
    },
    /// Two columns fill the same field.
    #[error("columns {first} and {column} both fill {}", .target.code())]
    Twice {
        /// The field.
        target: ImportTarget,
        /// The first column filling it (from 1).
        first: usize,
        /// The second (from 1).
        column: usize,
    },
    /// No column fills the party's name, without which no line can be imported.
    #[error("no column fills the party's name")]
    NoName,
}

impl ColumnMapping {
    /// The mapping guessed from the header's names (a name already taken by an earlier
    /// column is left unimported).
    pub fn guess(headers: &[String]) -> Self {
        let mut targets: Vec<ImportTarget> = Vec::with_capacity(headers.len());
        for header in headers {
            let target = guess_target(header);
            let taken = target != ImportTarget::Ignore && targets.contains(&target);
            targets.push(if taken { ImportTarget::Ignore } else { target });
        }
        Self { targets }
    }

    /// The mapping the admin chose, one code per column, checked.
    pub fn from_codes(codes: &[String], columns: usize) -> Result<Self, MappingError> {
        if codes.len() != columns {
            return Err(MappingError::ColumnCount {
                expected: columns,
                found: codes.len(),
            });
        }
        let mut targets = Vec::with_capacity(columns);
        for (index, code) in codes.iter().enumerate() {
            let target =
                ImportTarget::from_code(code).ok_or_else(|| MappingError::UnknownTarget {
                    column: index + 1,
                    code: code.clone(),
                })?;
            if target != ImportTarget::Ignore {
                if let Some(first) = targets.iter().position(|t| *t == target) {
                    return Err(MappingError::Twice {
                        target,
                        first: first + 1,
                        column: index + 1,
                    });
                }
            }
            targets.push(target);
        }
        if !targets.contains(&ImportTarget::Name) {
            return Err(MappingError::NoName);
        }
        Ok(Self { targets })
    }

    /// The target of each column, in order.
    pub fn targets(&self) -> &[ImportTarget] {
        &self.targets
    }

    /// The codes, in order (what the run table records and the digest covers).
    pub fn codes(&self) -> Vec<&'static str> {
        self.targets.iter().map(|t| t.code()).collect()
    }

    /// The column (from 0) filling `target`, if any.
    pub fn column_of(&self, target: ImportTarget) -> Option<usize> {
        self.targets.iter().position(|t| *t == target)
    }
}
