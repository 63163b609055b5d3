//! How a refused command reaches the window: a stable code, the values its sentence
//! names and the fields to point at ([`crate::error::FieldError::to_command_error`] fills
//! them). No sentence crosses: the UI's catalogues (`ui/src/lib/i18n/errors/`) word every
//! [`ErrorCode`], [`ReasonCode`] and [`RefusalCode`] in French and in English, typed by the bindings
//! generated from these enums, so a code without its two sentences does not compile.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The values a sentence names (`path`, `label_fr`, `max`…), all as text.
pub type Values = BTreeMap<String, String>;

/// Declares a code enum with its snake_case text and the list of all its codes.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$doc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum $name {
            $($(#[$doc])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            /// Every code, for the completeness tests.
            pub const ALL: &'static [$name] = &[$(Self::$variant,)*];

            /// The code's text, as the window and the logs see it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

codes! {
    /// Every error the window can show: the UI's catalogues word each one.
    ErrorCode {
        // The domain's rules (tournee-core's `DomainError::code`, same texts).
        /// A mandatory value is missing (`field`; `label_fr`, `label_en` when the label is
        /// data: a profile column or a visit-form question).
        MissingMandatory = "missing_mandatory",
        /// Longer than the ERP column (`max`, `len`).
        TooLong = "too_long",
        /// Not a field of the profile (`field`).
        UnknownField = "unknown_field",
        /// Not of the expected form (`expected`, a French phrase of the caller's).
        InvalidFormat = "invalid_format",
        /// Not a whole number.
        InvalidInteger = "invalid_integer",
        /// Not an ISO date.
        InvalidDate = "invalid_date",
        /// Not a time HH:MM.
        InvalidTime = "invalid_time",
        /// An IBAN failing a check (`reason` and its values).
        InvalidIban = "invalid_iban",
        /// Not a BIC.
        InvalidBic = "invalid_bic",
        /// A SIRET failing a check (`reason`).
        InvalidSiret = "invalid_siret",
        /// Not a SIREN.
        InvalidSiren = "invalid_siren",
        /// A VAT number failing a check (`reason` and its values).
        InvalidVat = "invalid_vat",
        /// Not a phone number.
        InvalidPhone = "invalid_phone",
        /// A payment mode the category does not allow (`mode`, `category`, maybe empty).
        PaymentModeNotAllowed = "payment_mode_not_allowed",
        /// Due days imposed by the payment mode (`expected_days`).
        DueDateLocked = "due_date_locked",
        /// Mode LD needs the signature.
        SignatureRequired = "signature_required",
        /// A visit dated in the future (`visit`, `written_on`, ISO dates).
        FutureDate = "future_date",
        /// A visit dated too far back (`visit`, `oldest_allowed`, `bound_days`).
        DateOutOfBound = "date_out_of_bound",
        /// Answers that do not fit the visit form (`reason`).
        InvalidAnswers = "invalid_answers",
        /// An ill-formed visit form (`reason`).
        InvalidForm = "invalid_form",
        /// A fleet type not configured (`code`).
        UnknownFleetType = "unknown_fleet_type",
        /// A vehicle count beyond the maximum (`code`, `count`, `max`).
        TooManyVehicles = "too_many_vehicles",
        /// A line break in a one-line text.
        LineBreak = "line_break",
        /// An invisible control character (`code_point`, 4 hex digits).
        ForbiddenCharacter = "forbidden_character",
        /// Not an e-mail address.
        InvalidEmail = "invalid_email",
        // The rules of the app's forms.
        /// The value asked for is the current one.
        ValueUnchanged = "value_unchanged",
        /// A prospect edit that changes nothing.
        NothingChanged = "nothing_changed",
        /// A date that must be today or later.
        DateInPast = "date_in_past",
        /// A signature not drawn in the pad.
        BadSignatureImage = "bad_signature_image",
        /// A calendar range upside down or too long (`max_days`).
        InvalidRange = "invalid_range",
        /// An action type the admin has not defined (`code`).
        UnknownActionType = "unknown_action_type",
        /// A reminder decision about a todo that is not an open reminder of the party (`todo_id`).
        NotAReminder = "not_a_reminder",
        /// People belong to companies, not to private persons.
        NotACompany = "not_a_company",
        /// The todo is done already.
        TodoAlreadyDone = "todo_already_done",
        /// A linked party's copied field edited, or the party deleted (`field`, `link`:
        /// `client` or `prospect`, `op`: `update` or `delete`).
        LinkedParty = "linked_party",
        /// An opportunity's move refused by its pipeline's rules (`rule`: the rule's code,
        /// `opportunity_stage_skipped`…, with its values: `stage`, `first`, `from`, `to`,
        /// `next`, `last`, `status`, `pipeline` as the rule names them).
        OpportunityMove = "opportunity_move",
        /// A quote's change refused by its lifecycle (`rule`: `quote_created_not_draft`,
        /// `quote_status_move`, `quote_closed` or `quote_opportunity_lost`; `from`, `to`,
        /// `status` as the rule names them: status codes).
        QuoteLifecycle = "quote_lifecycle",
        /// A choice the form did not offer (`value`): a colleague, a campaign, an
        /// opportunity of the party, a duration.
        UnknownChoice = "unknown_choice",
        // The app's own failures.
        /// The first-run set-up has not been done.
        NotConfigured = "not_configured",
        /// No folder typed.
        FolderEmpty = "folder_empty",
        /// The folder does not exist (`path`).
        FolderMissing = "folder_missing",
        /// The folder cannot be written to (`path`).
        FolderNotWritable = "folder_not_writable",
        /// No manifest in the folder (`path`).
        FolderNoManifest = "folder_no_manifest",
        /// The manifest's database is missing (`path`).
        FolderDatabaseMissing = "folder_database_missing",
        /// The login is not in the snapshot (`user`).
        UserNotInSnapshot = "user_not_in_snapshot",
        /// The login is unknown to the server (`user`).
        UserUnknown = "user_unknown",
        /// The folder is another rep's (`user`, `owner`).
        UserOtherRepsFolder = "user_other_reps_folder",
        /// No snapshot has arrived (`folder`).
        NoSnapshot = "no_snapshot",
        /// The manifest cannot be read (`detail`).
        Manifest = "manifest",
        /// A snapshot file does not match its manifest.
        SnapshotMismatch = "snapshot_mismatch",
        /// A snapshot of a newer schema than this app reads.
        SnapshotTooNew = "snapshot_too_new",
        /// The client is not in the snapshot (`code`).
        UnknownClient = "unknown_client",
        /// The prospect is unknown (`id`).
        UnknownProspect = "unknown_prospect",
        /// A CRM record is unknown or deleted (`entity`, `id`).
        UnknownRecord = "unknown_record",
        /// Parties look like the one being created (`count`, `names`, `matches`: a JSON
        /// array of `DuplicateMatchView`).
        Duplicates = "duplicates",
        /// Only admins see other reps' figures.
        OtherRepsFigures = "other_reps_figures",
        /// The client is another rep's (`client`).
        NotPortfolioClient = "not_portfolio_client",
        /// The prospect is being deleted.
        ProspectBeingDeleted = "prospect_being_deleted",
        /// The prospect waits for the accountant.
        ProspectAwaitingValidation = "prospect_awaiting_validation",
        /// Only the creator or the assignee may delete the prospect.
        ProspectNotYours = "prospect_not_yours",
        /// Not a file the app exported (`path`).
        NotAnExport = "not_an_export",
        /// The disk is full: nothing was sent.
        DiskFull = "disk_full",
        /// The change file could not be written (`detail`).
        WriteFailed = "write_failed",
        /// No application opened the exported file (`path`).
        NotOpened = "not_opened",
        /// A database, file or JSON error (`detail`, the log line).
        Internal = "internal",
        // The browser's back end (the server's `/app/api`).
        /// The server refused the change written online (`detail`: its sentence in the
        /// user's language); the broken rules, if any, come as problems by field.
        ChangeRefused = "change_refused",
        /// The browser's session ended (signed out, expired): sign in again.
        SignedOut = "signed_out",
        /// A command the browser does not offer (the laptop's folders, sync, updates, files).
        NotOnline = "not_online",
        // The built-in HTTPS transport (tournee-link's failures and the server's refusals).
        /// The laptop is not enrolled.
        LinkNotEnrolled = "link_not_enrolled",
        /// The server cannot be reached (`detail`).
        LinkOffline = "link_offline",
        /// The server's certificate changed (`expected`, `seen`).
        LinkCertificateChanged = "link_certificate_changed",
        /// An unreadable answer (`detail`).
        LinkBadAnswer = "link_bad_answer",
        /// The data received does not match its digest.
        LinkHashMismatch = "link_hash_mismatch",
        /// A sync file could not be read or written (`path`, `detail`).
        LinkIo = "link_io",
        /// The laptop's key cannot be read (`detail`).
        LinkKey = "link_key",
        /// The server address does not start with https://.
        LinkNotHttps = "link_not_https",
        /// The server address has more than host and port.
        LinkNotJustHostAndPort = "link_not_just_host_and_port",
        /// The enrollment code is not 16 characters.
        LinkCodeShape = "link_code_shape",
        /// The code is another rep's (`code_user`, `app_user`).
        LinkCodeForAnotherUser = "link_code_for_another_user",
        /// Unknown enrollment code or wrong proof.
        LinkCodeRefused = "link_code_refused",
        /// Too many attempts from this laptop.
        LinkTooManyAttempts = "link_too_many_attempts",
        /// The enrollment code was used already.
        LinkCodeUsed = "link_code_used",
        /// The enrollment code expired.
        LinkCodeExpired = "link_code_expired",
        /// The enrollment code is blocked.
        LinkCodeBurnt = "link_code_burnt",
        /// The key is enrolled already.
        LinkKeyTaken = "link_key_taken",
        /// The code's user is not active.
        LinkUnknownUser = "link_unknown_user",
        /// The server no longer accepts this laptop.
        LinkDeviceRevoked = "link_device_revoked",
        /// The server refused the request's signature.
        LinkSignatureRefused = "link_signature_refused",
        /// The server's internal error.
        LinkServerInternal = "link_server_internal",
        /// Another refusal, kept as the server worded it (`server_code`, `server_message`).
        LinkRefused = "link_refused",
        /// A failure this build does not know (`code`).
        LinkFailed = "link_failed",
    }
}

codes! {
    /// Why an IBAN, a SIRET, a VAT number, visit answers or a visit form fail: the clause
    /// completing their [`ErrorCode`]'s sentence (value `reason`).
    ReasonCode {
        /// IBAN: characters other than letters, digits and spaces.
        IbanCharacters = "iban_characters",
        /// IBAN: no country code and check digits at the start.
        IbanPrefix = "iban_prefix",
        /// IBAN: a country without IBAN (`country`).
        IbanUnknownCountry = "iban_unknown_country",
        /// IBAN: wrong length (`country`, `expected`, `found`).
        IbanLength = "iban_length",
        /// IBAN: a territory under another country's IBAN (`country`, `iban_country`).
        IbanTerritoryOf = "iban_territory_of",
        /// IBAN: a character of the wrong kind (`country`, `position`, `class`).
        IbanStructure = "iban_structure",
        /// IBAN: wrong check digits.
        IbanChecksum = "iban_checksum",
        /// SIRET: not 14 digits.
        SiretShape = "siret_shape",
        /// SIRET: its SIREN's key is wrong.
        SiretSirenKey = "siret_siren_key",
        /// SIRET: its own key is wrong.
        SiretEstablishmentKey = "siret_establishment_key",
        /// VAT: characters not allowed.
        VatCharacters = "vat_characters",
        /// VAT: no country prefix.
        VatPrefix = "vat_prefix",
        /// VAT: not a member state's prefix (`prefix`).
        VatNotEu = "vat_not_eu",
        /// VAT: not the member state's shape (`country`, `shapes`).
        VatFormat = "vat_format",
        /// VAT: the French key does not match.
        VatFrenchKey = "vat_french_key",
        /// VAT: the nine digits are not a SIREN.
        VatFrenchSiren = "vat_french_siren",
        /// VAT: a French key with letters.
        VatFrenchLetterKey = "vat_french_letter_key",
        /// VAT: not the SIRET's SIREN (`vat_siren`, `siret_siren`).
        VatSirenMismatch = "vat_siren_mismatch",
        /// Answers: no such question.
        AnswerUnknownGroup = "answer_unknown_group",
        /// Answers: no such choice (`option`).
        AnswerUnknownOption = "answer_unknown_option",
        /// Answers: one choice expected.
        AnswerOneExpected = "answer_one_expected",
        /// Answers: a list expected.
        AnswerListExpected = "answer_list_expected",
        /// Answers: a choice ticked twice (`option`).
        AnswerDuplicateOption = "answer_duplicate_option",
        /// Answers: a sub-question without its choice (`option`).
        AnswerParentNotSelected = "answer_parent_not_selected",
        /// Answers: a required question.
        AnswerRequired = "answer_required",
        /// Form: a question without id.
        FormMissingGroupId = "form_missing_group_id",
        /// Form: a question without label.
        FormMissingGroupLabel = "form_missing_group_label",
        /// Form: a question id twice.
        FormDuplicateGroup = "form_duplicate_group",
        /// Form: a single-choice question without choices.
        FormNoOptions = "form_no_options",
        /// Form: a choice without id.
        FormMissingOptionId = "form_missing_option_id",
        /// Form: a choice without label (`option`).
        FormMissingOptionLabel = "form_missing_option_label",
        /// Form: a choice id twice (`option`).
        FormDuplicateOption = "form_duplicate_option",
    }
}

codes! {
    /// What exactly was wrong with a change file the server refused (`tournee_sync::Detail`'s
    /// codes): the UI's catalogues word each one, with its values.
    RefusalCode {
        /// A name not of the change files' form (`name`).
        NameShape = "name_shape",
        /// A name whose type is none of the six (`type_code`).
        NameType = "name_type",
        /// A name whose user part is not a login (`user`).
        NameUser = "name_user",
        /// A name whose id part is not a ULID (`change_id`).
        NameChangeId = "name_change_id",
        /// A file over the size limit (`size`, `max`).
        Oversized = "oversized",
        /// A signature naming an unreadable key.
        SignatureKeyUnreadable = "signature_key_unreadable",
        /// A signature that cannot be read.
        SignatureUnreadable = "signature_unreadable",
        /// A signature that does not match the bytes.
        SignatureMismatch = "signature_mismatch",
        /// A byte order mark.
        Bom = "bom",
        /// Not UTF-8 (`error`).
        NotUtf8 = "not_utf8",
        /// Not JSON (`error`).
        JsonSyntax = "json_syntax",
        /// JSON but not an object.
        NotAnObject = "not_an_object",
        /// A key twice in one object (`key`, `line`, `column`).
        DuplicateKey = "duplicate_key",
        /// A spec version this server does not know (`version`, `expected`).
        UnsupportedSpec = "unsupported_spec",
        /// An envelope that does not fit its schema (`error`).
        Envelope = "envelope",
        /// An id that is not a ULID (`field`, `value`).
        NotUlid = "not_ulid",
        /// A body whose type is none of the six (`type_code`).
        UnknownType = "unknown_type",
        /// A payload that does not fit its type's schema (`type_code`, `error`).
        Payload = "payload",
        /// An MC without content.
        EmptyClientChange = "empty_client_change",
        /// An MP delete with content.
        DeleteWithContent = "delete_with_content",
        /// An MP update without content.
        UpdateWithoutContent = "update_without_content",
        /// A visit time that is not HH:MM (`value`).
        VisitTime = "visit_time",
        /// Name and body disagree on the type (`in_name`, `in_body`).
        MismatchType = "mismatch_type",
        /// Name and body disagree on the user (`in_name`, `in_body`).
        MismatchUser = "mismatch_user",
        /// Name and body disagree on the change id (`in_name`, `in_body`).
        MismatchChangeId = "mismatch_change_id",
        /// A file in another user's folder (`user`, `folder`).
        ForeignFolder = "foreign_folder",
        /// The devices could not be read (`error`).
        DevicesUnreadable = "devices_unreadable",
        /// An unsigned file from a user with a device (`user`).
        Unsigned = "unsigned",
        /// A signing device that is not enrolled (`device`).
        UnknownDevice = "unknown_device",
        /// A signing device of another user (`device`, `user`).
        ForeignDevice = "foreign_device",
        /// A key that is not the device's (`device`).
        DeviceKey = "device_key",
        /// A revoked signing device (`device`, `at`).
        RevokedDevice = "revoked_device",
        /// A user not in the mapping (`user`).
        UnknownUser = "unknown_user",
        /// An inactive user (`user`).
        InactiveUser = "inactive_user",
        /// A file dated after its arrival (`created_at`, `arrival`).
        FileFromFuture = "file_from_future",
        /// A file dated long before its arrival (`created_at`, `arrival`, `days`).
        StaleFile = "stale_file",
        /// Rules of the domain broken (each worded by `tournee_core`) (`problems`).
        Rules = "rules",
        /// A value that could not be stored as JSON (`error`).
        Unstorable = "unstorable",
        /// An inactive client (`client`).
        InactiveClient = "inactive_client",
        /// An unknown client (`client`).
        UnknownClient = "unknown_client",
        /// A revisit date or fleet for another rep's client (`client`, `owner`, `user`, `erp_code`).
        NotPortfolioClient = "not_portfolio_client",
        /// A prospect of other reps (`prospect`, `created_by`, `assignee`).
        NotOwner = "not_owner",
        /// A deleted prospect (`prospect`).
        ProspectDeleted = "prospect_deleted",
        /// A prospect that became a client (`prospect`).
        ProspectConverted = "prospect_converted",
        /// A prospect created twice (`prospect`).
        ProspectExists = "prospect_exists",
        /// A creation request while one waits (`prospect`).
        ConversionPending = "conversion_pending",
        /// A prospect's name cleared.
        ProspectNameCleared = "prospect_name_cleared",
        /// A prospect's name left blank.
        ProspectNameBlank = "prospect_name_blank",
        /// A signature of another media type (`media_type`).
        SignatureMediaType = "signature_media_type",
        /// A signature whose base64 cannot be read (`error`).
        SignatureBase64 = "signature_base64",
        /// A signature that is not a PNG.
        SignatureNotPng = "signature_not_png",
        /// A parked file whose prospect never came (`prospect`, `days`).
        ProspectNeverArrived = "prospect_never_arrived",
        /// A known spec version that is not its type's (`type_code`, `version`, `expected`).
        SpecOfType = "spec_of_type",
        /// A record change of an unknown entity (`entity`).
        UnknownEntity = "unknown_entity",
        /// A record creation or update without fields (`entity`).
        RecordWithoutFields = "record_without_fields",
        /// A record deletion with fields (`entity`).
        RecordDeleteWithFields = "record_delete_with_fields",
        /// Record fields that do not fit the entity (`entity`, `error`).
        RecordFields = "record_fields",
        /// A record update that changes nothing (`entity`).
        RecordEmptyUpdate = "record_empty_update",
        /// The rights policy refuses the writer this record (`entity`, `id`, `user`, `refusal`).
        RecordNotAllowed = "record_not_allowed",
        /// A change to a deleted record (`entity`, `id`).
        RecordDeleted = "record_deleted",
        /// A record created twice (`entity`, `id`).
        RecordExists = "record_exists",
        /// A parked record change whose awaited record never came (`entity`, `id`, `days`).
        ParentNeverArrived = "parent_never_arrived",
        /// An action whose type is not among the admin's action types (`id`, `action_type`).
        UnknownActionType = "unknown_action_type",
        /// A field a linked party's client or prospect owns (`id`, `field`).
        LinkedPartyField = "linked_party_field",
        /// The deletion of a party linked to a client or a prospect (`id`).
        LinkedPartyDelete = "linked_party_delete",
        /// A party created in the id range of linked parties (`id`).
        ReservedPartyId = "reserved_party_id",
        /// An opportunity's creation or change against its pipeline's rules (`id`, `rule`,
        /// `field`).
        OpportunityRule = "opportunity_rule",
        /// A quote's creation or change against its lifecycle (`id`, `rule`, `field`).
        QuoteRule = "quote_rule",
        /// A take of a pool lead someone else took first (`id`, `owner`: the taker).
        AlreadyTaken = "already_taken",
    }
}

/// One field that failed a rule: its code and the values its sentence names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// ERP column, form group id or pseudo field (`visit_date`, `snapshot_dir`…).
    pub field: String,
    /// What is wrong.
    pub code: ErrorCode,
    /// The values the sentence names.
    pub values: Values,
}

/// What every command returns on failure: a stable code and its values for the UI's
/// catalogues to word, and the field(s) to point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommandError {
    /// What went wrong (the first problem's code when there are several).
    pub code: ErrorCode,
    /// The first field concerned, if any.
    pub field: Option<String>,
    /// The values the sentence names.
    pub values: Values,
    /// Every field concerned, each with its own code; the UI joins their sentences.
    pub problems: Vec<Problem>,
}

/// What exactly was wrong with a refused change file, for the UI's catalogues to word:
/// a code with its values, or, for broken rules (`rules`), each rule as a [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Refusal {
    /// The kind of detail.
    pub code: RefusalCode,
    /// The values its sentence names.
    pub values: Values,
    /// The broken rules, when `code` is `rules`.
    pub problems: Vec<Problem>,
}
