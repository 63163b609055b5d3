//! What exactly is wrong inside an IBAN, a set of visit answers or a visit form tree:
//! typed, so that `tournee-sentences` can word it in either language.

/// The ISO 13616 check an IBAN failed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IbanProblem {
    /// Something other than letters, digits and spaces, or far too short.
    Characters,
    /// Does not start with two letters and two check digits.
    Prefix,
    /// A country that has no IBAN (or that the table does not know).
    UnknownCountry {
        /// The two letters given.
        country: String,
    },
    /// Wrong length for the country.
    Length {
        /// The country.
        country: String,
        /// Its IBAN length.
        expected: usize,
        /// The length given.
        found: usize,
    },
    /// A territory the registry lists under another country's IBAN (Guadeloupe: `FR`).
    TerritoryOf {
        /// The territory's code given.
        country: String,
        /// The country whose IBANs its accounts have.
        iban_country: String,
    },
    /// A character of the wrong kind where the registry's BBAN structure says.
    Structure {
        /// The country.
        country: String,
        /// Position of the character in the IBAN, from 1.
        position: usize,
        /// What the registry wants there.
        expected: CharClass,
    },
    /// The mod-97 check digits are wrong (a typing slip).
    Checksum,
}

/// What one position of a registered structure admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharClass {
    /// `n`: a digit.
    Digit,
    /// `a`: a letter.
    Letter,
    /// `c`: a letter or a digit.
    Alphanumeric,
}

impl CharClass {
    /// Whether `c` (upper case already) fits.
    pub fn admits(self, c: char) -> bool {
        match self {
            Self::Digit => c.is_ascii_digit(),
            Self::Letter => c.is_ascii_uppercase(),
            Self::Alphanumeric => c.is_ascii_digit() || c.is_ascii_uppercase(),
        }
    }
}

/// The check a SIRET failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiretProblem {
    /// Not 14 digits (spaces aside).
    Shape,
    /// The first 9 digits are not a SIREN: their own Luhn key is wrong.
    SirenKey,
    /// The key of the 14 digits is wrong (La Poste: their sum is not a multiple of 5).
    EstablishmentKey,
}

/// What is wrong with a VAT number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VatProblem {
    /// Something other than letters, digits, spaces, dots and dashes (or nothing).
    Characters,
    /// Does not start with a two-letter prefix.
    Prefix,
    /// The prefix is not a member state's (nor `XI`).
    NotEu {
        /// The two letters given.
        prefix: String,
    },
    /// Not the shape of that member state's numbers.
    Format {
        /// The member state's prefix.
        country: String,
    },
    /// French: the key does not match the SIREN.
    FrenchKey,
    /// French: the nine digits are not a SIREN (Luhn key wrong).
    FrenchSiren,
    /// French: a key with letters, which we cannot check.
    FrenchLetterKey,
    /// French: the SIREN differs from the SIRET's.
    SirenMismatch {
        /// The SIREN in the VAT number.
        vat_siren: String,
        /// The SIREN of the SIRET given.
        siret_siren: String,
    },
}

/// Why a set of answers does not fit the visit form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerProblem {
    /// No group of the tree has this id.
    UnknownGroup,
    /// The group has no such option.
    UnknownOption {
        /// The option id given.
        option: String,
    },
    /// A radio group answered with a list.
    OneExpected,
    /// A checkbox group answered with a single value.
    ListExpected,
    /// The same option ticked twice.
    DuplicateOption {
        /// The option id.
        option: String,
    },
    /// A sub-question answered while the option that opens it is not selected.
    ParentNotSelected {
        /// The parent option id.
        option: String,
    },
    /// A required, reachable question left unanswered.
    Required,
}

/// Why a visit form tree cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormProblem {
    /// A group without id.
    MissingGroupId,
    /// A group without French label.
    MissingGroupLabel,
    /// Two groups share an id (answers are keyed by group id across the tree).
    DuplicateGroup,
    /// A radio group with no option cannot be answered.
    NoOptions,
    /// An option without id.
    MissingOptionId,
    /// An option without French label.
    MissingOptionLabel {
        /// The option id.
        option: String,
    },
    /// Two options of one group share an id.
    DuplicateOption {
        /// The option id.
        option: String,
    },
}
