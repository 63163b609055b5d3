//! What the back office does to the master database, kept here so that the web
//! handlers (next issue) stay thin and every rule is tested on real SQLite files.
//!
//! * [`accounts`]: signing in with a user of the directory (argon2id), forced password
//!   change, sessions.
//! * [`creation`]: the accountant validates or rejects a client creation request.
//! * [`modification`]: the accountant closes MC field-change requests.
//! * [`password`]: whether a chosen password is strong enough, and why not.
//! * [`reassign`]: prospects moved from one rep to another by criteria.

pub mod accounts;
pub mod creation;
pub mod modification;
pub mod password;
pub mod reassign;

/// What an office action looked for and did not find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A client creation request, by id.
    Request(i64),
    /// A client modification request, by id.
    Modification(i64),
    /// A user of the directory, by login (setting a password, unlocking).
    Account(String),
    /// An active user of the mapping, by login.
    User(String),
    /// A selection criterion (none was given).
    Criterion,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Request(id) => write!(f, "creation request {id}"),
            Self::Modification(id) => write!(f, "modification request {id}"),
            Self::Account(login) => write!(f, "account {login:?}"),
            Self::User(login) => write!(f, "active user {login:?}"),
            Self::Criterion => f.write_str("selection criterion"),
        }
    }
}

/// Why an office action was refused. The variants carry the values; the words for the
/// person who tried it are the server's (its sentence catalogue); `Display` is for logs.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// No such request, prospect or user.
    #[error("{0} not found")]
    NotFound(Missing),
    /// The request was already decided.
    #[error("request {id} already {status}")]
    AlreadyDecided {
        /// Request id.
        id: i64,
        /// Its stored status (`validated`, `applied`, `rejected`, `declined`…).
        status: String,
    },
    /// The client code is already used.
    #[error("client code {0:?} already used")]
    ClientCode(String),
    /// The client code is not in the ERP's format.
    #[error("client code {0:?} is not in the ERP's format")]
    ClientCodeFormat(String),
    /// A value breaks a rule (each error names its field).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(" ; "))]
    Invalid(Vec<tournee_core::DomainError>),
    /// A provisional password shorter than [`password::MIN_PASSWORD_CHARS`].
    #[error("password shorter than {min} characters")]
    PasswordTooShort {
        /// Least length.
        min: usize,
    },
    /// A provisional password longer than [`password::MAX_PASSWORD_CHARS`].
    #[error("password longer than {max} characters")]
    PasswordTooLong {
        /// Greatest length.
        max: usize,
    },
    /// A new password that is the old one.
    #[error("the new password is the old one")]
    SamePassword,
    /// A new account's login is already a user's of the directory.
    #[error("login {0:?} already taken")]
    LoginTaken(String),
    /// An admin closing their own account (the last way in must stay open).
    #[error("an admin cannot close their own account")]
    OwnAccount,
    /// A chosen password is too weak (the reasons are in it).
    #[error(transparent)]
    WeakPassword(#[from] password::WeakPassword),
    /// A back-office login was refused.
    #[error(transparent)]
    Login(#[from] accounts::LoginError),
    /// The password could not be hashed (no randomness from the OS).
    #[error("password hashing failed: {0}")]
    Hashing(String),
    /// A reason is required to reject.
    #[error("a reason is required")]
    ReasonRequired,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

impl From<rusqlite::Error> for OfficeError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}
