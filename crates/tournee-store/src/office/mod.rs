//! What the back office does to the master database, kept here so that the web
//! handlers (next issue) stay thin and every rule is tested on real SQLite files.
//!
//! * [`accounts`]: back-office logins (argon2id), forced password change, sessions.
//! * [`creation`]: the accountant validates or rejects a client creation request.
//! * [`modification`]: the accountant closes MC field-change requests.
//! * [`password`]: whether a chosen password is strong enough, and why not.
//! * [`reassign`]: prospects moved from one rep to another by criteria.

pub mod accounts;
pub mod creation;
pub mod modification;
pub mod password;
pub mod reassign;

/// Why an office action was refused; the message is for the person who tried it.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// No such request, prospect or user.
    #[error("{0} introuvable")]
    NotFound(String),
    /// The request was already decided.
    #[error("la demande {id} est déjà {}", status_in_french(status))]
    AlreadyDecided {
        /// Request id.
        id: i64,
        /// Its status.
        status: String,
    },
    /// The client code is already used.
    #[error("le code client « {0} » est déjà utilisé")]
    ClientCode(String),
    /// The client code is not in the ERP's format.
    #[error("code client « {0} » invalide : de 1 à 30 caractères parmi les lettres sans accent, les chiffres, « - », « _ » et « . », sans espace")]
    ClientCodeFormat(String),
    /// A value breaks a rule (each error names its field).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(" ; "))]
    Invalid(Vec<tournee_core::DomainError>),
    /// A chosen password is too weak (the reasons are in it).
    #[error(transparent)]
    WeakPassword(#[from] password::WeakPassword),
    /// A back-office login was refused.
    #[error(transparent)]
    Login(#[from] accounts::LoginError),
    /// The password could not be hashed (no randomness from the OS).
    #[error("hachage du mot de passe impossible : {0}")]
    Hashing(String),
    /// A reason is required to reject.
    #[error("le motif du refus est obligatoire")]
    ReasonRequired,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

/// A request's stored status (`pending`, `validated`, `applied`…) as the back office says it,
/// so that no English status word reaches a French sentence.
pub fn status_in_french(status: &str) -> &'static str {
    match status {
        "pending" | "open" => "en attente",
        "validated" => "validée",
        "applied" => "appliquée",
        "rejected" | "declined" => "refusée",
        _ => "dans un état inconnu",
    }
}

impl From<rusqlite::Error> for OfficeError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_already_decided_request_is_told_in_french_words() {
        for (status, words) in [
            ("validated", "la demande 3 est déjà validée"),
            ("rejected", "la demande 3 est déjà refusée"),
            ("applied", "la demande 3 est déjà appliquée"),
            ("declined", "la demande 3 est déjà refusée"),
        ] {
            let error = OfficeError::AlreadyDecided {
                id: 3,
                status: status.into(),
            };
            assert_eq!(error.to_string(), words);
        }
    }
}
