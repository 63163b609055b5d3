//! Every sentence the server says to people, in one catalogue: the back office's error
//! messages and refusals, the sync API's refusals, and the mails, each under a stable code,
//! in French and in English.
//!
//! The words are chosen here, never where an error is raised. Errors carry codes and
//! values: the store's are typed variants (`tournee_store::OfficeError`, `DeviceError`,
//! `ParameterReason`, `UserProblem`, `Weakness`, and `tournee_core::OutlineError` for the
//! visit form's outline), which [`office_error`], [`device_error`], [`parameter_reason`],
//! [`user_problem`] and [`outline_error`] map to a [`Said`] (a
//! sentence with its values); the back office's pages and the sync API's problem documents
//! carry that [`Said`] and word it when they are written. The back office speaks French
//! ([`OFFICE`]) and has no language switch yet; the sync API answers in [`API`]'s language.
//! The English of each sentence is here so that a switch is a later change, not a rewrite.
//! A value is named in the text as `{name}`; [`Sentence::say`] fills it in. The domain's
//! own rule errors are worded by this crate's [`crate::Message`] (on `DomainError`); their
//! sentences reach a [`Said`] already worded (as one value). A refused change file's
//! detail (`tournee_sync::Detail`) is worded by [`refusal_detail`]. Still written in
//! place: the back office's page titles, labels and hints (handlers and templates).
//!
//! Behind the `server` feature, so that the laptop does not link the store; the server
//! re-exports this module as its `crate::sentences` and maps its own errors there.

mod catalogue;
mod erp;
mod import;
mod refusal;
mod store;

pub use catalogue::Sentence;
use catalogue::{entry, Entry};
pub use erp::{erp_fault, erp_refusal, erp_report_text};
pub use import::{import_error, line_duplicate, line_problem, target_label};
pub use refusal::{office_refusal, recorded_detail, refusal_detail};
pub use store::{
    device_error, office_error, outline_error, parameter_reason, pipeline_problem, rights_error,
    status, user_problem, webhook_error,
};
use tournee_core::Lang;

/// The back office's language.
pub const OFFICE: Lang = Lang::Fr;

/// The language of the sync API's refusals (the field app shows them as they come).
pub const API: Lang = Lang::Fr;

impl Sentence {
    /// The stable code of this sentence (what logs and tests may name).
    pub fn code(self) -> &'static str {
        entry(self).code
    }

    /// The names of the values this sentence says (as `{name}` in its text).
    #[cfg(test)]
    pub fn values(self) -> &'static [&'static str] {
        entry(self).values
    }

    /// The sentence in `lang` with its values filled in, in one pass (a value that
    /// looks like `{name}` stays as it is); a value the sentence does not name is
    /// ignored, a name without a value is left as written.
    pub fn say(self, lang: Lang, values: &[(&str, &str)]) -> String {
        let Entry { fr, en, .. } = entry(self);
        let mut rest = match lang {
            Lang::Fr => *fr,
            Lang::En => *en,
        };
        let mut text = String::with_capacity(rest.len());
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.split_once('}').and_then(|(name, tail)| {
                values
                    .iter()
                    .find(|(wanted, _)| *wanted == name)
                    .map(|(_, value)| (*value, tail))
            });
            match value {
                Some((value, tail)) => {
                    text.push_str(value);
                    rest = tail;
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }

    /// The sentence as the back office shows it.
    pub fn office(self, values: &[(&str, &str)]) -> String {
        self.say(OFFICE, values)
    }
}

/// A sentence with its values: what an error carries until its answer is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// Which sentence.
    pub sentence: Sentence,
    /// Its values, by the names the sentence uses.
    pub values: Vec<(&'static str, String)>,
}

impl Said {
    /// `sentence` with `values`.
    pub fn new(sentence: Sentence, values: &[(&'static str, &str)]) -> Self {
        Self {
            sentence,
            values: values
                .iter()
                .map(|(name, value)| (*name, (*value).to_string()))
                .collect(),
        }
    }

    /// The words in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let values: Vec<(&str, &str)> = self
            .values
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        self.sentence.say(lang, &values)
    }
}

impl From<Sentence> for Said {
    fn from(sentence: Sentence) -> Self {
        Self::new(sentence, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::catalogue::CATALOGUE;
    use super::*;

    /// The `{name}`s a text uses.
    fn names(text: &str) -> Vec<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_code_is_said_in_french_and_in_english_naming_its_values() {
        let mut codes = std::collections::BTreeSet::new();
        for entry in CATALOGUE {
            assert!(codes.insert(entry.code), "{} twice", entry.code);
            assert!(!entry.fr.trim().is_empty(), "{}: no French", entry.code);
            assert!(!entry.en.trim().is_empty(), "{}: no English", entry.code);
            assert_ne!(
                entry.fr, entry.en,
                "{}: the English is the French",
                entry.code
            );
            for text in [entry.fr, entry.en] {
                let mut used = names(text);
                used.sort_unstable();
                used.dedup();
                let mut declared = entry.values.to_vec();
                declared.sort_unstable();
                assert_eq!(used, declared, "{}: {text}", entry.code);
            }
        }
        assert_eq!(codes.len(), Sentence::ALL.len());
        for sentence in Sentence::ALL {
            assert_eq!(entry(*sentence).code, sentence.code());
            for name in sentence.values() {
                let value = format!("<{name}>");
                let said = sentence.say(Lang::En, &[(name, &value)]);
                assert!(said.contains(&value), "{}: {said}", sentence.code());
            }
        }
    }

    #[test]
    fn values_are_filled_in_by_name_in_either_language() {
        let said = Said::new(Sentence::TooLong, &[("max", "64"), ("typed", "80")]);
        assert_eq!(said.say(Lang::Fr), "64 caractères au plus (80 saisis)");
        assert_eq!(said.say(Lang::En), "at most 64 characters (80 typed)");
        assert_eq!(said.sentence.code(), "too_long");
        let tricky = Sentence::MailClientCreatedSubject
            .say(Lang::Fr, &[("code", "{name}"), ("name", "Fabre")]);
        assert_eq!(tricky, "[Création Client] {name} Fabre");
    }
}
