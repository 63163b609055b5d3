//! The catalogue itself: one line per sentence, its code, the names of its values, its
//! French and its English. The mails' French is the brief's, word for word.

/// One sentence of the catalogue.
pub(super) struct Entry {
    /// Stable code.
    pub code: &'static str,
    /// The values the sentence names, as `{name}` in both languages.
    pub values: &'static [&'static str],
    /// French.
    pub fr: &'static str,
    /// English.
    pub en: &'static str,
}

macro_rules! catalogue {
    ($($(#[$doc:meta])* $variant:ident = $code:literal [$($value:literal),*]
        fr: $fr:literal, en: $en:literal;)*) => {
        /// A sentence of the catalogue, by what it says.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Sentence {
            $($(#[$doc])* $variant,)*
        }

        impl Sentence {
            /// Every sentence, in the catalogue's order.
            pub const ALL: &'static [Sentence] = &[$(Sentence::$variant,)*];
        }

        /// Every sentence's entry, in the order of [`Sentence`]'s variants.
        pub(super) const CATALOGUE: &[Entry] = &[
            $(Entry { code: $code, values: &[$($value),*], fr: $fr, en: $en },)*
        ];
    };
}

/// The entry of `sentence` (the catalogue lists them in the variants' order).
pub(super) fn entry(sentence: Sentence) -> &'static Entry {
    &CATALOGUE[sentence as usize]
}

catalogue! {
    // The back office's error pages: a title and a message each.
    /// Title of a server failure's page.
    ServerErrorTitle = "server_error_title" []
        fr: "Erreur", en: "Error";
    /// A server failure: the detail is in the log only.
    ServerError = "server_error" []
        fr: "Une erreur est survenue ; elle est consignée dans le journal du serveur.",
        en: "Something went wrong; it is recorded in the server's log.";
    /// Title of a form sent without this session's token.
    FormExpiredTitle = "form_expired_title" []
        fr: "Formulaire expiré", en: "Form expired";
    /// A form sent without this session's token.
    FormExpired = "form_expired" []
        fr: "Ce formulaire n'est plus valable : rechargez la page et recommencez.",
        en: "This form is no longer valid: reload the page and try again.";
    /// Title of a page the role does not open.
    ForbiddenTitle = "forbidden_title" []
        fr: "Accès refusé", en: "Access denied";
    /// A page the role does not open.
    Forbidden = "forbidden" []
        fr: "Votre rôle ne donne pas accès à cette page.",
        en: "Your role does not give access to this page.";
    /// Title of a form whose fields cannot be read.
    BadFormTitle = "bad_form_title" []
        fr: "Formulaire illisible", en: "Unreadable form";
    /// A form whose fields cannot be read.
    BadForm = "bad_form" []
        fr: "Ce formulaire est incomplet : rechargez la page et recommencez.",
        en: "This form is incomplete: reload the page and try again.";
    /// Title of a request that ran out of time.
    TimeoutTitle = "timeout_title" []
        fr: "Délai dépassé", en: "Time limit exceeded";
    /// A request that ran out of time.
    Timeout = "timeout" []
        fr: "La requête a pris trop de temps : rien n'a été perdu de ce qui était déjà enregistré ; rechargez la page et recommencez.",
        en: "The request took too long: nothing already saved was lost; reload the page and try again.";

    // The admin's forms: a problem next to its field.
    /// A text over its length.
    TooLong = "too_long" ["max", "typed"]
        fr: "{max} caractères au plus ({typed} saisis)",
        en: "at most {max} characters ({typed} typed)";
    /// A field left empty.
    Required = "required" []
        fr: "obligatoire", en: "required";
    /// A login with other characters than a folder name takes.
    LoginCharacters = "login_characters" []
        fr: "lettres sans accent, chiffres, « . », « _ » ou « - »",
        en: "unaccented letters, digits, “.”, “_” or “-”";
    /// A name with a line break or a control character.
    NoControlCharacters = "no_control_characters" []
        fr: "sans retour à la ligne ni caractère de contrôle",
        en: "no line break or control character";
    /// Not an e-mail address.
    EmailExpected = "email_expected" []
        fr: "adresse e-mail attendue", en: "an e-mail address is expected";
    /// A role that is not one.
    UnknownRole = "unknown_role" []
        fr: "rôle inconnu", en: "unknown role";
    /// A login another account has.
    LoginTaken = "login_taken" []
        fr: "identifiant déjà utilisé", en: "login already in use";
    /// A winpro code another user of the mapping has.
    ErpCodeTaken = "erp_code_taken" []
        fr: "déjà attribué à un autre utilisateur", en: "already given to another user";
    /// No rep chosen for an enrollment code.
    ChooseRep = "choose_rep" []
        fr: "choisissez un commercial", en: "choose a sales rep";
    /// A number that is not a whole positive one.
    WholeNumber = "whole_number" []
        fr: "nombre entier positif attendu", en: "a positive whole number is expected";
    /// A choice that is none of the list's.
    UnknownChoice = "unknown_choice" []
        fr: "choix inconnu", en: "unknown choice";
    /// A line of a form list that is not « CODE | Libellé | English ».
    ChoiceLine = "choice_line" ["line"]
        fr: "« {line} » : écrivez « CODE | Libellé | libellé anglais (facultatif) »",
        en: "“{line}”: write “CODE | French label | English label (optional)”";
    /// A line of the sub-categories that is not « CATÉGORIE | CODE | Libellé | English ».
    SubcategoryLine = "subcategory_line" ["line"]
        fr: "« {line} » : écrivez « CATÉGORIE | CODE | Libellé | libellé anglais (facultatif) »",
        en: "“{line}”: write “CATEGORY | CODE | French label | English label (optional)”";
    /// A line of the fleet types that is not « CODE | Libellé ».
    FleetLine = "fleet_line" ["line"]
        fr: "« {line} » : écrivez « CODE | Libellé »",
        en: "“{line}”: write “CODE | Label”";
    /// An SMTP port out of range.
    SmtpPort = "smtp_port" []
        fr: "port entre 1 et 65535 attendu", en: "a port between 1 and 65535 is expected";
    /// A folder left empty.
    LocationRequired = "location_required" []
        fr: "emplacement obligatoire", en: "a location is required";
    /// A folder the server cannot use.
    LocationUnusable = "location_unusable" ["error"]
        fr: "dossier inutilisable par le serveur ({error})",
        en: "a folder the server cannot use ({error})";

    // The admin's pages: notices and refusals.
    /// A row of the mapping saved.
    UserSaved = "user_saved" ["login"]
        fr: "Utilisateur « {login} » enregistré : il s'applique au prochain cycle de l'automate.",
        en: "User “{login}” saved: it applies from the automaton's next cycle.";
    /// Title of a revocation refused.
    RevocationRefusedTitle = "revocation_refused_title" []
        fr: "Révocation impossible", en: "Revocation impossible";
    /// A revocation of a device that is not enrolled.
    UnknownDevice = "unknown_device" ["device"]
        fr: "Aucun appareil enrôlé ne porte l'identifiant « {device} » : rien n'a été révoqué. Revenez à la liste des appareils et recommencez.",
        en: "No enrolled device has the id “{device}”: nothing was revoked. Go back to the list of devices and try again.";
    /// Title of an account's opening or closing refused.
    ChangeRefusedTitle = "change_refused_title" []
        fr: "Modification impossible", en: "Change impossible";
    /// Title of a password reset refused.
    ResetRefusedTitle = "reset_refused_title" []
        fr: "Réinitialisation impossible", en: "Reset impossible";

    // The mails (« Notifications par mail »).
    /// Subject of a client creation request, to the accountant.
    MailCreationRequestSubject = "mail_creation_request_subject" ["client"]
        fr: "[Création Client] {client}", en: "[New client] {client}";
    /// Body of a client creation request: the link to its page, and the note if the link
    /// opens only on the server.
    MailCreationRequestBody = "mail_creation_request_body" ["link", "note"]
        fr: "Un nouveau client est en attente de validation, accédez à sa fiche en cliquant sur le lien suivant : {link}\n{note}",
        en: "A new client is waiting for validation, open its record with the following link: {link}\n{note}";
    /// The note of a link that opens only on the server.
    MailLocalLinkNote = "mail_local_link_note" []
        fr: "\n(L'adresse publique du back-office n'est pas encore réglée : ce lien ne s'ouvre que sur le serveur. Demandez à l'administrateur de la renseigner dans les paramètres, ou ouvrez « Demandes de création » dans le back-office.)\n",
        en: "\n(The back office's public address is not set yet: this link opens only on the server. Ask the administrator to set it in the parameters, or open “Client creation requests” in the back office.)\n";
    /// Subject of a validated client, to the rep.
    MailClientCreatedSubject = "mail_client_created_subject" ["code", "name"]
        fr: "[Création Client] {code} {name}", en: "[New client] {code} {name}";
    /// Body of a validated client.
    MailClientCreatedBody = "mail_client_created_body" ["code", "name"]
        fr: "Le client {code} {name} vient d'être validé et créé dans winpro. Il sera disponible dans le CRM à la prochaine actualisation, la facturation winpro est déjà possible.\n",
        en: "The client {code} {name} has just been validated and created in winpro. It will be in the CRM at the next refresh; winpro invoicing is already possible.\n";
    /// Subject of a modification request, to the accountant.
    MailModificationSubject = "mail_modification_subject" ["code", "name"]
        fr: "[Modification Client] {code} {name}", en: "[Client change] {code} {name}";
    /// First line of a modification request.
    MailModificationIntro = "mail_modification_intro" ["user", "code", "name"]
        fr: "{user} a demandé la modification du client {code} {name}, il rapporte les changements suivants :\n",
        en: "{user} asked for a change of the client {code} {name} and reports the following changes:\n";
    /// One change of a modification request.
    MailModificationChange = "mail_modification_change" ["label", "old", "new"]
        fr: " - Champ {label} : « {old} » remplacé par « {new} »\n",
        en: " - Field {label}: “{old}” replaced by “{new}”\n";
    /// Subject of a refused file, to the error addresses.
    MailIntegrationErrorSubject = "mail_integration_error_subject" ["file"]
        fr: "[Tournée] Fichier refusé : {file}", en: "[Tournée] File refused: {file}";
    /// Body of a refused file.
    MailIntegrationErrorBody = "mail_integration_error_body" ["file", "user", "reason", "detail"]
        fr: "Le fichier {file} (utilisateur « {user} ») a été refusé par l'automate.\nRaison : {reason}\nDétail : {detail}\n\nLe fichier est conservé dans le dossier failed/ avec un fichier .error.txt.\n",
        en: "The file {file} (user “{user}”) was refused by the automaton.\nReason: {reason}\nDetail: {detail}\n\nThe file is kept in the failed/ folder with a .error.txt file.\n";
    /// Subject of a failed job, to the error addresses.
    MailJobFailedSubject = "mail_job_failed_subject" ["job"]
        fr: "[Tournée] Échec de la tâche : {job}", en: "[Tournée] Job failed: {job}";
    /// Body of a failed job.
    MailJobFailedBody = "mail_job_failed_body" ["job", "at", "detail"]
        fr: "La tâche « {job} » de l'automate a échoué le {at}.\nErreur : {detail}\n\nL'automate continue et la réessaie à son prochain cycle ; le détail est dans le journal du serveur. Ce message n'est pas répété pendant une heure pour la même tâche.\n",
        en: "The automaton's job “{job}” failed on {at}.\nError: {detail}\n\nThe automaton carries on and tries it again at its next cycle; the detail is in the server's log. This message is not repeated for an hour for the same job.\n";
}
