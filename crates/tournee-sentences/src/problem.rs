//! What exactly is wrong inside an IBAN, a SIRET, a VAT number, a set of visit answers or a
//! visit form tree, as a clause completing a domain error's sentence; and a member state's
//! VAT number shapes in words.

use tournee_core::error::{
    AnswerProblem, CharClass, FormProblem, IbanProblem, SiretProblem, VatProblem,
};
use tournee_core::rules::vat::format_tokens;
use tournee_core::Lang;

use crate::Describe;

impl Describe for CharClass {
    /// « un chiffre », « a digit »…
    fn describe(&self, lang: Lang) -> String {
        String::from(match (*self, lang) {
            (Self::Digit, Lang::Fr) => "un chiffre",
            (Self::Digit, Lang::En) => "a digit",
            (Self::Letter, Lang::Fr) => "une lettre",
            (Self::Letter, Lang::En) => "a letter",
            (Self::Alphanumeric, Lang::Fr) => "une lettre ou un chiffre",
            (Self::Alphanumeric, Lang::En) => "a letter or a digit",
        })
    }
}

impl Describe for IbanProblem {
    /// A clause completing « n'est pas valide : … ».
    fn describe(&self, lang: Lang) -> String {
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

impl Describe for SiretProblem {
    /// A clause completing « n'est pas un SIRET valide : … ».
    fn describe(&self, lang: Lang) -> String {
        String::from(match (self, lang) {
            (Self::Shape, Lang::Fr) => "14 chiffres attendus",
            (Self::Shape, Lang::En) => "14 digits expected",
            (Self::SirenKey, Lang::Fr) => "la clé des 9 premiers chiffres (le SIREN) est fausse",
            (Self::SirenKey, Lang::En) => {
                "the check digit of its first 9 digits (the SIREN) is wrong"
            }
            (Self::EstablishmentKey, Lang::Fr) => "la clé de contrôle des 14 chiffres est fausse",
            (Self::EstablishmentKey, Lang::En) => "the check digit of the 14 digits is wrong",
        })
    }
}

impl Describe for VatProblem {
    /// A clause completing « n'est pas un numéro de TVA valide : … ».
    fn describe(&self, lang: Lang) -> String {
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

impl Describe for AnswerProblem {
    /// A clause completing « question X : … ».
    fn describe(&self, lang: Lang) -> String {
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

impl Describe for FormProblem {
    /// A clause completing « formulaire mal construit (X) : … ».
    fn describe(&self, lang: Lang) -> String {
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

/// How a member state's numbers look after its prefix, for messages (« 9 chiffres »):
/// core's [`format_tokens`] (the same tokens the window words) put in words.
pub fn describe_format(prefix: &str, lang: Lang) -> String {
    let run = |token: &str| match (token.split_at(1), lang) {
        (("d", "1"), Lang::Fr) => "1 chiffre".to_string(),
        (("d", n), Lang::Fr) => format!("{n} chiffres"),
        (("d", "1"), Lang::En) => "1 digit".to_string(),
        (("d", n), Lang::En) => format!("{n} digits"),
        (("l", "1"), Lang::Fr) => "1 lettre".to_string(),
        (("l", n), Lang::Fr) => format!("{n} lettres"),
        (("l", "1"), Lang::En) => "1 letter".to_string(),
        (("l", n), Lang::En) => format!("{n} letters"),
        (("e", n), Lang::Fr) => format!("{n} lettre(s) ou chiffre(s)"),
        (("e", n), Lang::En) => format!("{n} letter(s) or digit(s)"),
        ((_, word), Lang::Fr) => format!("« {word} »"),
        ((_, word), Lang::En) => format!("“{word}”"),
    };
    let (then, or) = match lang {
        Lang::Fr => (" puis ", " ou "),
        Lang::En => (" then ", " or "),
    };
    let tokens = format_tokens(prefix);
    if tokens.is_empty() {
        return String::new();
    }
    tokens
        .split('|')
        .map(|shape| shape.split(' ').map(run).collect::<Vec<_>>().join(then))
        .collect::<Vec<_>>()
        .join(or)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_described_in_both_languages() {
        assert_eq!(describe_format("DE", Lang::Fr), "9 chiffres");
        assert_eq!(describe_format("AT", Lang::En), "“U” then 8 digits");
        assert_eq!(
            describe_format("CZ", Lang::Fr),
            "8 chiffres ou 9 chiffres ou 10 chiffres"
        );
        assert_eq!(
            describe_format("ES", Lang::En),
            "1 letter then 7 digits then 1 letter(s) or digit(s) or 8 digits then 1 letter"
        );
        assert_eq!(describe_format("ZZ", Lang::Fr), "");
    }
}
