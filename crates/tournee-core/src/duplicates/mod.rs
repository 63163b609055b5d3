//! The duplicate check before a new party or person is saved: the same phone, e-mail or
//! SIRET/SIREN as an existing one, or a near-identical name in the same postal code. The
//! app shows the matches with their reasons (« Ouvrir » / « Créer quand même »); the CSV
//! import reports them per line. The keys are built once per party ([`PartyKeys`]) and
//! compared by [`find_duplicates`] (a scan, for one form) or a [`DuplicateIndex`] (for
//! an import of many lines against many parties).

mod distance;
mod index;
mod keys;
mod name;
#[cfg(test)]
mod tests;

pub use index::DuplicateIndex;
pub use keys::{email_key, phone_key, postal_code_key, CompanyNumber};
pub(crate) use name::plain_words;
pub use name::{near_identical, NameKey, LETTERS_PER_EDIT, MAX_EDITS};

/// What the duplicate check knows of a party or person: its keys, already normalised. Built
/// from what was typed with [`PartyKeys::new`] and the `with_*` methods, which drop the
/// values that give no key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyKeys {
    phones: Vec<String>,
    emails: Vec<String>,
    company_numbers: Vec<CompanyNumber>,
    name: Option<NameKey>,
    postal_code: Option<String>,
}

impl PartyKeys {
    /// The keys of a party named `name` (a company's name, or a person's full name) at
    /// `postal_code` (either may be empty).
    pub fn new(name: &str, postal_code: &str) -> PartyKeys {
        PartyKeys {
            name: NameKey::new(name),
            postal_code: postal_code_key(postal_code),
            ..PartyKeys::default()
        }
    }

    /// With one more phone number (ignored when it is no phone number).
    pub fn with_phone(mut self, typed: &str) -> PartyKeys {
        push_new(&mut self.phones, phone_key(typed));
        self
    }

    /// With one more e-mail address (ignored when implausible).
    pub fn with_email(mut self, typed: &str) -> PartyKeys {
        push_new(&mut self.emails, email_key(typed));
        self
    }

    /// With one more SIRET or SIREN (ignored unless 9 or 14 digits).
    pub fn with_company_number(mut self, typed: &str) -> PartyKeys {
        push_new(&mut self.company_numbers, CompanyNumber::parse(typed));
        self
    }

    /// The phone keys.
    pub fn phones(&self) -> &[String] {
        &self.phones
    }

    /// The e-mail keys.
    pub fn emails(&self) -> &[String] {
        &self.emails
    }

    /// The SIRET and SIREN keys.
    pub fn company_numbers(&self) -> &[CompanyNumber] {
        &self.company_numbers
    }

    /// The name key, if the name has meaningful words.
    pub fn name(&self) -> Option<&NameKey> {
        self.name.as_ref()
    }

    /// The postal code key.
    pub fn postal_code(&self) -> Option<&str> {
        self.postal_code.as_deref()
    }

    /// Why `other` looks like the same party, strongest reasons first; empty when it does
    /// not.
    pub fn reasons_against(&self, other: &PartyKeys) -> Vec<MatchReason> {
        let mut reasons = Vec::new();
        let shared = |mine: &[String], theirs: &[String]| -> Vec<String> {
            mine.iter()
                .filter(|k| theirs.contains(k))
                .cloned()
                .collect()
        };
        for number in &self.company_numbers {
            let reason = match number {
                CompanyNumber::Siret(siret) if other.company_numbers.contains(number) => {
                    MatchReason::Siret(siret.clone())
                }
                _ if other
                    .company_numbers
                    .iter()
                    .any(|o| o.siren() == number.siren()) =>
                {
                    MatchReason::Siren(number.siren().to_string())
                }
                _ => continue,
            };
            push_new(&mut reasons, Some(reason));
        }
        reasons.extend(
            shared(&self.phones, &other.phones)
                .into_iter()
                .map(MatchReason::Phone),
        );
        reasons.extend(
            shared(&self.emails, &other.emails)
                .into_iter()
                .map(MatchReason::Email),
        );
        if let (Some(code), Some(mine), Some(theirs)) = (
            self.postal_code.as_ref(),
            self.name.as_ref(),
            other.name.as_ref(),
        ) {
            if other.postal_code.as_ref() == Some(code) && mine.is_near(theirs) {
                reasons.push(MatchReason::NameInPostalCode(code.clone()));
            }
        }
        reasons
    }
}

/// Adds `key` unless absent or already there.
fn push_new<K: PartialEq>(keys: &mut Vec<K>, key: Option<K>) {
    if let Some(key) = key.filter(|k| !keys.contains(k)) {
        keys.push(key);
    }
}

/// Why an existing party looks like the one being created, with the key they share.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MatchReason {
    /// The same establishment (14 digits).
    Siret(String),
    /// The same company (9 digits), another establishment or no SIRET on one side.
    Siren(String),
    /// The same phone number (E.164).
    Phone(String),
    /// The same e-mail address (lowercased).
    Email(String),
    /// A near-identical name in this postal code.
    NameInPostalCode(String),
}

impl MatchReason {
    /// A stable code for the UI's catalogue of sentences and the import report.
    pub fn code(&self) -> &'static str {
        match self {
            MatchReason::Siret(_) => "siret",
            MatchReason::Siren(_) => "siren",
            MatchReason::Phone(_) => "phone",
            MatchReason::Email(_) => "email",
            MatchReason::NameInPostalCode(_) => "name_postal_code",
        }
    }
}

/// An existing party that looks like the candidate, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateMatch<T> {
    /// The caller's handle on the existing party (its id, its index…).
    pub party: T,
    /// Every reason found, strongest first (never empty).
    pub reasons: Vec<MatchReason>,
}

/// The existing parties that look like `candidate`, in the order given, each with its
/// reasons. Reads every party: for one form against a snapshot; an import uses a
/// [`DuplicateIndex`].
pub fn find_duplicates<'a, T>(
    candidate: &PartyKeys,
    existing: impl IntoIterator<Item = (T, &'a PartyKeys)>,
) -> Vec<DuplicateMatch<T>> {
    existing
        .into_iter()
        .filter_map(|(party, keys)| {
            let reasons = candidate.reasons_against(keys);
            (!reasons.is_empty()).then_some(DuplicateMatch { party, reasons })
        })
        .collect()
}
