//! Why a command failed, and how the rep reads it.
//!
//! Library code returns [`FieldError`]: a typed error carrying a stable code and the
//! values its sentence needs, never a sentence. The window sees a [`CommandError`] made by
//! [`FieldError::to_command_error`]: codes and values (`codes`), each pointing at the
//! field it concerns; the UI's catalogues (`ui/src/lib/i18n/errors/`) word them in French
//! and in English. `Display` is a short English line for the logs.

mod codes;

use std::path::PathBuf;

use tournee_core::opportunity::OpportunityRule;
use tournee_core::DomainError;
use tournee_core::QuoteRule;
use tournee_link::LinkFailure;
use tournee_sync::{ManifestError, WriteError};

use crate::dto::{CommandError, ErrorCode, Problem, Refusal};

/// Everything that can go wrong in the field app's work.
#[derive(Debug, thiserror::Error)]
pub enum FieldError {
    /// The first-run set-up has not been done.
    #[error("the app is not set up yet")]
    NotConfigured,
    /// Rule violations, each naming its field.
    #[error("rules broken: {}", .0.iter().map(|e| format!("{} ({})", e.code(), e.field())).collect::<Vec<_>>().join(", "))]
    Rules(Vec<RuleError>),
    /// A folder the rep chose is not usable.
    #[error("{field}: {path}: {problem:?}")]
    Folder {
        /// `snapshot_dir` or `outbox_dir`.
        field: &'static str,
        /// The folder (or the file in it that is missing).
        path: PathBuf,
        /// What is wrong.
        problem: FolderProblem,
    },
    /// The chosen user is not in the snapshot's user table, or the folder is another rep's.
    #[error("user {user}: {problem:?}")]
    User {
        /// The login.
        user: String,
        /// What is wrong.
        problem: UserProblem,
    },
    /// No snapshot has arrived in the synced folder yet.
    #[error("no usable snapshot: no manifest in {folder}")]
    NoSnapshot {
        /// The synced snapshot folder.
        folder: PathBuf,
    },
    /// The manifest could not be read.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// A snapshot file does not match its manifest (size or hash): not switched to.
    #[error("snapshot {path} does not match its manifest ({what})")]
    SnapshotMismatch {
        /// The database file.
        path: PathBuf,
        /// `size` or `sha256`.
        what: &'static str,
    },
    /// A snapshot of a newer schema than this app reads arrived: not switched to, the
    /// data in use stays (the app needs updating).
    #[error("snapshot schema {found} is newer than this app reads ({known})")]
    SnapshotTooNew {
        /// The schema version the manifest announces.
        found: u32,
        /// The newest this build reads.
        known: u32,
    },
    /// The client code is not in the snapshot.
    #[error("unknown client {0}")]
    UnknownClient(String),
    /// The prospect is not in the snapshot nor created on this laptop.
    #[error("unknown prospect {0}")]
    UnknownProspect(String),
    /// A CRM record (party, person, action, todo) is neither in the snapshot nor written
    /// on this laptop (or it is deleted).
    #[error("unknown {entity} {id}")]
    UnknownRecord {
        /// `party`, `person`, `action` or `todo`.
        entity: &'static str,
        /// The id asked for.
        id: String,
    },
    /// Parties that look like the one being created: not created unless the rep confirms.
    #[error("{} possible duplicates", .0.len())]
    Duplicates(Vec<crate::dto::DuplicateMatchView>),
    /// A record change this build made does not pass the contract's reading (a bug here,
    /// never what the rep typed: the typed values are checked field by field first).
    #[error(transparent)]
    Record(tournee_sync::RecordError),
    /// The rep may not do this.
    #[error("not allowed: {0:?}")]
    NotAllowed(Forbidden),
    /// Publishing the change file failed (disk full, folder gone…); nothing was recorded.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A local or snapshot database error.
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The built-in HTTPS transport failed (enrollment or a sync round).
    #[error(transparent)]
    Link(#[from] tournee_link::LinkError),
    /// The desktop could not hand an exported file to an application (no viewer for its
    /// type): the rep still has its path.
    #[error("{path}: not opened: {detail}")]
    NotOpened {
        /// The exported file.
        path: PathBuf,
        /// What the desktop said.
        detail: String,
    },
    /// A JSON value stored by the app or the server could not be read.
    #[error("{what}: {source}")]
    Json {
        /// What was being read.
        what: String,
        /// The parser's error.
        source: serde_json::Error,
    },
}

/// One broken rule: the domain's (shared with the server) or one only the app checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// A rule of `tournee-core` (the server words it with the core's catalogue, the app
    /// with the UI's).
    Domain(DomainError),
    /// A rule of the app's forms.
    App(AppRule),
}

/// Rules only the field app's forms check (the server has no such question to ask).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRule {
    /// The value asked for is the current one.
    Unchanged {
        /// The field.
        field: String,
    },
    /// A prospect edit that changes nothing.
    NothingChanged {
        /// The field the form points at.
        field: String,
    },
    /// A date that must be today or later.
    DateInPast {
        /// The field.
        field: String,
    },
    /// The signature is not a PNG drawn in the pad.
    BadSignature {
        /// The pseudo field `signature`.
        field: String,
    },
    /// A calendar range that ends before it starts or is longer than allowed.
    BadRange {
        /// The field (`to`).
        field: String,
        /// The longest range, in days.
        max_days: i64,
    },
    /// An action type the admin has not defined (or no longer offers).
    UnknownActionType {
        /// `action_type`.
        field: String,
        /// The code sent.
        code: String,
    },
    /// A reminder decision about a todo that is not an open reminder of the party.
    NotAReminder {
        /// `reminders`.
        field: String,
        /// The todo named.
        todo_id: String,
    },
    /// People belong to companies, not to private persons.
    NotACompany {
        /// `party_id`.
        field: String,
    },
    /// The todo is done already.
    AlreadyDone {
        /// `id`.
        field: String,
    },
    /// A party linked to an ERP client or a prospect: its copied fields are changed at
    /// their source and it is not deleted (the server refuses both, `linked_party`).
    LinkedParty {
        /// The copied field the edit touched, or `id` for a deletion.
        field: String,
        /// What the party is linked to.
        link: LinkKind,
        /// What was refused.
        op: LinkedPartyOp,
    },
    /// An opportunity's creation or move the pipeline's rules refuse (brief 003: every
    /// stage in order, won from the last, lost with a reason, closed is final), checked
    /// here by the rules the server applies (`tournee_core::opportunity`).
    Opportunity(OpportunityRule),
    /// A quote's change its lifecycle refuses (draft → sent → accepted or refused, closed
    /// is final, not accepted when its opportunity is lost), checked here by the rules the
    /// server applies (`tournee_core::QuoteRule`).
    Quote(QuoteRule),
    /// A value the form offers as a choice (a colleague, a campaign, an opportunity of the
    /// party, a duration) that is not among those offered: a stale page or a forged call.
    UnknownChoice {
        /// The field.
        field: String,
        /// The value sent.
        value: String,
    },
}

/// What a linked party stands for, as the rep is told where its data is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// An ERP client (corrected by a modification request).
    Client,
    /// A prospect (edited on its prospect card).
    Prospect,
}

impl LinkKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Prospect => "prospect",
        }
    }
}

/// What the rep tried on a linked party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedPartyOp {
    /// An edit touching a copied field.
    Update,
    /// A deletion.
    Delete,
}

impl LinkedPartyOp {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }
}

/// What is wrong with a folder picked at first run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderProblem {
    /// Nothing was typed.
    Empty,
    /// The folder does not exist.
    Missing,
    /// The app cannot write into it.
    NotWritable,
    /// No readable `manifest.json` in it.
    NoManifest,
    /// The database the manifest names is not there.
    DatabaseMissing,
}

/// What is wrong with the identity picked at first run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserProblem {
    /// The login is not in this snapshot's user table.
    NotInSnapshot,
    /// The login is unknown to the server.
    Unknown,
    /// The snapshot folder is another rep's.
    OtherRepsFolder {
        /// The rep the folder belongs to.
        owner: String,
    },
}

/// Something the rep may not do, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forbidden {
    /// Only admins see other reps' figures and calendars.
    OtherRepsFigures,
    /// « Date de revoir » and « Type de parc » belong to the client's portfolio owner.
    NotPortfolioClient {
        /// The client.
        client: String,
    },
    /// The prospect's deletion is waiting to be sent.
    ProspectBeingDeleted,
    /// The prospect waits for the accountant (or became a client).
    ProspectAwaitingValidation,
    /// Only the prospect's creator or assignee may delete it.
    ProspectNotYours,
    /// Only the files the app exported (in its `exports` folder) are handed to the desktop.
    NotAnExport {
        /// The path asked for.
        path: String,
    },
}

impl Forbidden {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::OtherRepsFigures => "other_reps_figures",
            Self::NotPortfolioClient { .. } => "not_portfolio_client",
            Self::ProspectBeingDeleted => "prospect_being_deleted",
            Self::ProspectAwaitingValidation => "prospect_awaiting_validation",
            Self::ProspectNotYours => "prospect_not_yours",
            Self::NotAnExport { .. } => "not_an_export",
        }
    }
}

impl FolderProblem {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "folder_empty",
            Self::Missing => "folder_missing",
            Self::NotWritable => "folder_not_writable",
            Self::NoManifest => "folder_no_manifest",
            Self::DatabaseMissing => "folder_database_missing",
        }
    }
}

impl UserProblem {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotInSnapshot => "user_not_in_snapshot",
            Self::Unknown => "user_unknown",
            Self::OtherRepsFolder { .. } => "user_other_reps_folder",
        }
    }
}

impl RuleError {
    /// The field concerned.
    pub fn field(&self) -> &str {
        match self {
            Self::Domain(e) => e.field(),
            Self::App(rule) => rule.field(),
        }
    }

    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Domain(e) => e.code(),
            Self::App(rule) => rule.code(),
        }
    }

    /// The rule as the window receives it: its field, code and values.
    pub fn to_problem(&self) -> Problem {
        let (code, values) = codes::rule(self);
        Problem {
            field: self.field().to_string(),
            code,
            values,
        }
    }
}

impl From<DomainError> for RuleError {
    fn from(error: DomainError) -> Self {
        Self::Domain(error)
    }
}

impl From<AppRule> for RuleError {
    fn from(rule: AppRule) -> Self {
        Self::App(rule)
    }
}

impl AppRule {
    /// The field concerned.
    pub fn field(&self) -> &str {
        match self {
            Self::Unchanged { field }
            | Self::NothingChanged { field }
            | Self::DateInPast { field }
            | Self::BadSignature { field }
            | Self::BadRange { field, .. }
            | Self::UnknownActionType { field, .. }
            | Self::NotAReminder { field, .. }
            | Self::NotACompany { field }
            | Self::AlreadyDone { field }
            | Self::LinkedParty { field, .. }
            | Self::UnknownChoice { field, .. } => field,
            Self::Opportunity(rule) => rule.field(),
            Self::Quote(rule) => rule.field(),
        }
    }

    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unchanged { .. } => "value_unchanged",
            Self::NothingChanged { .. } => "nothing_changed",
            Self::DateInPast { .. } => "date_in_past",
            Self::BadSignature { .. } => "bad_signature_image",
            Self::BadRange { .. } => "invalid_range",
            Self::UnknownActionType { .. } => "unknown_action_type",
            Self::NotAReminder { .. } => "not_a_reminder",
            Self::NotACompany { .. } => "not_a_company",
            Self::AlreadyDone { .. } => "todo_already_done",
            Self::LinkedParty { .. } => "linked_party",
            Self::Opportunity(_) => "opportunity_move",
            Self::Quote(_) => "quote_lifecycle",
            Self::UnknownChoice { .. } => "unknown_choice",
        }
    }
}

/// Shorthand for the crate's results.
pub type Result<T, E = FieldError> = std::result::Result<T, E>;

impl FieldError {
    /// One rule violation of the domain.
    pub fn rule(error: DomainError) -> Self {
        Self::Rules(vec![RuleError::Domain(error)])
    }

    /// Several rule violations of the domain.
    pub fn rules(errors: Vec<DomainError>) -> Self {
        Self::Rules(errors.into_iter().map(RuleError::Domain).collect())
    }

    /// One rule of the app's forms broken.
    pub fn app_rule(rule: AppRule) -> Self {
        Self::Rules(vec![RuleError::App(rule)])
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// The stable code the UI and the logs use.
    pub fn code(&self) -> ErrorCode {
        codes::error(self).0
    }

    /// The field concerned by the whole error, when it concerns one.
    fn own_field(&self) -> Option<&str> {
        match self {
            Self::Folder { field, .. } => Some(field),
            Self::User { .. } => Some("user"),
            Self::Link(tournee_link::LinkError::Input { field, .. }) => Some(field),
            // While enrolling, a server that cannot be reached or is not a Tournée server
            // is the address's problem.
            Self::Link(
                tournee_link::LinkError::Offline(_)
                | tournee_link::LinkError::CertificateChanged { .. }
                | tournee_link::LinkError::BadAnswer(_),
            ) => Some("server_url"),
            // A refused code is the code field's problem.
            Self::Link(tournee_link::LinkError::Refused { code, .. })
                if code.contains("code") || code == "bad_proof" =>
            {
                Some("code")
            }
            Self::UnknownClient(_) => Some("client_code"),
            Self::UnknownProspect(_) => Some("prospect_id"),
            Self::UnknownRecord { .. } => Some("id"),
            Self::Duplicates(_) => Some("name"),
            _ => None,
        }
    }

    /// The error as the window receives it: codes and values, worded by the UI in the
    /// language the rep reads.
    pub fn to_command_error(&self) -> CommandError {
        let (code, values) = codes::error(self);
        let problems: Vec<Problem> = match self {
            Self::Rules(errors) => errors.iter().map(RuleError::to_problem).collect(),
            _ => self
                .own_field()
                .map(|field| Problem {
                    field: field.to_string(),
                    code,
                    values: values.clone(),
                })
                .into_iter()
                .collect(),
        };
        CommandError {
            code,
            field: problems.first().map(|p| p.field.clone()),
            values,
            problems,
        }
    }
}

impl CommandError {
    /// A transport failure kept from the last round (the status bar's), as the window
    /// receives it: worded when shown, in the language the rep reads then.
    pub fn from_link_failure(failure: &LinkFailure) -> Self {
        let (code, values) = codes::link_failure(failure);
        Self {
            code,
            field: None,
            values,
            problems: Vec::new(),
        }
    }
}

impl Refusal {
    /// A refused change file's detail as the window receives it, if this build knows its
    /// code (the window then shows the server's sentence).
    pub fn from_detail(detail: &tournee_sync::Detail) -> Option<Self> {
        codes::refused_file(detail)
    }
}
