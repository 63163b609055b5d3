//! What exactly is wrong inside an IBAN, a set of visit answers or a visit form tree:
//! typed, so that the message can be written in either language.

use crate::error::Lang;

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

    /// « un chiffre », « a digit »…
    fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Digit, Lang::Fr) => "un chiffre",
            (Self::Digit, Lang::En) => "a digit",
            (Self::Letter, Lang::Fr) => "une lettre",
            (Self::Letter, Lang::En) => "a letter",
            (Self::Alphanumeric, Lang::Fr) => "une lettre ou un chiffre",
            (Self::Alphanumeric, Lang::En) => "a letter or a digit",
        }
    }
}

impl IbanProblem {
    /// A clause completing « n'est pas valide : … ».
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Characters, Lang::Fr) => {
                "seuls des lettres, des chiffres et des espaces sont permis".into()
            }
            (Self::Characters, Lang::En) => "only letters, digits and spaces are allowed".into(),
            (Self::Prefix, Lang::Fr) => {
                "il doit commencer par le code pays et deux chiffres de clé".into()
            }
            (Self::Prefix, Lang::En) => {
                "it must start with the country code and two check digits".into()
            }
            (Self::UnknownCountry { country }, Lang::Fr) => {
                format!("le pays « {country} » n'a pas d'IBAN connu")
            }
            (Self::UnknownCountry { country }, Lang::En) => {
                format!("country “{country}” has no known IBAN format")
            }
            (
                Self::Length {
                    country,
                    expected,
                    found,
                },
                Lang::Fr,
            ) => format!("un IBAN {country} compte {expected} caractères ({found} saisis)"),
            (
                Self::Length {
                    country,
                    expected,
                    found,
                },
                Lang::En,
            ) => format!("a {country} IBAN has {expected} characters ({found} typed)"),
            (
                Self::TerritoryOf {
                    country,
                    iban_country,
                },
                Lang::Fr,
            ) => format!(
                "« {country} » n'a pas d'IBAN propre, ses comptes ont un IBAN {iban_country}"
            ),
            (
                Self::TerritoryOf {
                    country,
                    iban_country,
                },
                Lang::En,
            ) => format!(
                "“{country}” has no IBANs of its own, its accounts have {iban_country} IBANs"
            ),
            (
                Self::Structure {
                    country,
                    position,
                    expected,
                },
                Lang::Fr,
            ) => format!(
                "le caractère {position} d'un IBAN {country} doit être {}",
                expected.describe(lang)
            ),
            (
                Self::Structure {
                    country,
                    position,
                    expected,
                },
                Lang::En,
            ) => format!(
                "character {position} of a {country} IBAN must be {}",
                expected.describe(lang)
            ),
            (Self::Checksum, Lang::Fr) => "la clé de contrôle est fausse".into(),
            (Self::Checksum, Lang::En) => "the check digits are wrong".into(),
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

impl SiretProblem {
    /// A clause completing « n'est pas un SIRET valide : … ».
    pub fn describe(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Shape, Lang::Fr) => "14 chiffres attendus",
            (Self::Shape, Lang::En) => "14 digits expected",
            (Self::SirenKey, Lang::Fr) => "la clé des 9 premiers chiffres (le SIREN) est fausse",
            (Self::SirenKey, Lang::En) => {
                "the check digit of its first 9 digits (the SIREN) is wrong"
            }
            (Self::EstablishmentKey, Lang::Fr) => "la clé de contrôle des 14 chiffres est fausse",
            (Self::EstablishmentKey, Lang::En) => "the check digit of the 14 digits is wrong",
        }
    }
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

impl VatProblem {
    /// A clause completing « n'est pas un numéro de TVA valide : … ».
    pub fn describe(&self, lang: Lang) -> String {
        use crate::rules::vat::describe_format;
        match (self, lang) {
            (Self::Characters, Lang::Fr) => {
                "seuls des lettres, des chiffres, des espaces, des points et des tirets sont permis"
                    .into()
            }
            (Self::Characters, Lang::En) => {
                "only letters, digits, spaces, dots and dashes are allowed".into()
            }
            (Self::Prefix, Lang::Fr) => {
                "il doit commencer par le code du pays (FR pour la France)".into()
            }
            (Self::Prefix, Lang::En) => {
                "it must start with the country's code (FR for France)".into()
            }
            (Self::NotEu { prefix }, Lang::Fr) => format!(
                "« {prefix} » n'est pas le préfixe d'un État de l'Union européenne (EL pour la Grèce, XI pour l'Irlande du Nord)"
            ),
            (Self::NotEu { prefix }, Lang::En) => format!(
                "“{prefix}” is not the prefix of a member state of the European Union (EL for Greece, XI for Northern Ireland)"
            ),
            (Self::Format { country }, Lang::Fr) => format!(
                "un numéro {country} compte {} après « {country} »",
                describe_format(country, lang)
            ),
            (Self::Format { country }, Lang::En) => format!(
                "a {country} number has {} after “{country}”",
                describe_format(country, lang)
            ),
            (Self::FrenchKey, Lang::Fr) => {
                "la clé (les 2 chiffres après FR) ne correspond pas au SIREN qui suit".into()
            }
            (Self::FrenchKey, Lang::En) => {
                "the key (the 2 digits after FR) does not match the SIREN that follows".into()
            }
            (Self::FrenchSiren, Lang::Fr) => {
                "les 9 derniers chiffres ne sont pas un SIREN (clé de contrôle fausse)".into()
            }
            (Self::FrenchSiren, Lang::En) => {
                "the last 9 digits are not a SIREN (wrong check digit)".into()
            }
            (Self::FrenchLetterKey, Lang::Fr) => {
                "une clé avec des lettres ne peut pas être vérifiée ici : saisissez la clé à 2 chiffres, ou laissez le champ vide".into()
            }
            (Self::FrenchLetterKey, Lang::En) => {
                "a key with letters cannot be checked here: type the 2-digit key, or leave the field blank".into()
            }
            (
                Self::SirenMismatch {
                    vat_siren,
                    siret_siren,
                },
                Lang::Fr,
            ) => format!(
                "il porte le SIREN {vat_siren}, alors que le SIRET donné est celui du SIREN {siret_siren}"
            ),
            (
                Self::SirenMismatch {
                    vat_siren,
                    siret_siren,
                },
                Lang::En,
            ) => format!(
                "it carries SIREN {vat_siren}, whereas the SIRET given belongs to SIREN {siret_siren}"
            ),
        }
    }
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

impl AnswerProblem {
    /// A clause completing « question X : … ».
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::UnknownGroup, Lang::Fr) => "cette question n'existe pas".into(),
            (Self::UnknownGroup, Lang::En) => "there is no such question".into(),
            (Self::UnknownOption { option }, Lang::Fr) => format!("choix « {option} » inconnu"),
            (Self::UnknownOption { option }, Lang::En) => format!("unknown choice “{option}”"),
            (Self::OneExpected, Lang::Fr) => "un seul choix attendu".into(),
            (Self::OneExpected, Lang::En) => "a single choice is expected".into(),
            (Self::ListExpected, Lang::Fr) => "une liste de choix attendue".into(),
            (Self::ListExpected, Lang::En) => "a list of choices is expected".into(),
            (Self::DuplicateOption { option }, Lang::Fr) => {
                format!("choix « {option} » coché deux fois")
            }
            (Self::DuplicateOption { option }, Lang::En) => {
                format!("choice “{option}” ticked twice")
            }
            (Self::ParentNotSelected { option }, Lang::Fr) => {
                format!("sous-question répondue sans le choix « {option} »")
            }
            (Self::ParentNotSelected { option }, Lang::En) => {
                format!("sub-question answered without choice “{option}”")
            }
            (Self::Required, Lang::Fr) => "réponse obligatoire".into(),
            (Self::Required, Lang::En) => "an answer is required".into(),
        }
    }
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

impl FormProblem {
    /// A clause completing « formulaire mal construit (X) : … ».
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::MissingGroupId, Lang::Fr) => "question sans identifiant".into(),
            (Self::MissingGroupId, Lang::En) => "question without id".into(),
            (Self::MissingGroupLabel, Lang::Fr) => "question sans libellé".into(),
            (Self::MissingGroupLabel, Lang::En) => "question without label".into(),
            (Self::DuplicateGroup, Lang::Fr) => "identifiant de question en double".into(),
            (Self::DuplicateGroup, Lang::En) => "question id used twice".into(),
            (Self::NoOptions, Lang::Fr) => {
                "une question à choix unique doit proposer au moins un choix".into()
            }
            (Self::NoOptions, Lang::En) => {
                "a single-choice question needs at least one choice".into()
            }
            (Self::MissingOptionId, Lang::Fr) => "choix sans identifiant".into(),
            (Self::MissingOptionId, Lang::En) => "choice without id".into(),
            (Self::MissingOptionLabel { option }, Lang::Fr) => {
                format!("choix « {option} » sans libellé")
            }
            (Self::MissingOptionLabel { option }, Lang::En) => {
                format!("choice “{option}” without label")
            }
            (Self::DuplicateOption { option }, Lang::Fr) => {
                format!("identifiant de choix « {option} » en double")
            }
            (Self::DuplicateOption { option }, Lang::En) => {
                format!("choice id “{option}” used twice")
            }
        }
    }
}
