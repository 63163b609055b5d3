//! The catalogue itself: one line per sentence, its code, the names of its values, its
//! French and its English. The mails' French is the brief's, word for word.

/// One sentence of the catalogue.
pub(super) struct Entry {
    /// Stable code.
    pub code: &'static str,
    /// The values the sentence names, as `{name}` in both languages (what the catalogue's
    /// test holds both texts to).
    #[cfg(test)]
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
            /// Every sentence, in the catalogue's order (for the catalogue's test).
            #[cfg(test)]
            pub const ALL: &'static [Sentence] = &[$(Sentence::$variant,)*];
        }

        /// Every sentence's entry, in the order of [`Sentence`]'s variants.
        pub(super) const CATALOGUE: &[Entry] = &[
            $(Entry {
                code: $code,
                #[cfg(test)]
                values: &[$($value),*],
                fr: $fr,
                en: $en,
            },)*
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
    /// A name with a line break or a control character.
    NoControlCharacters = "no_control_characters" []
        fr: "sans retour à la ligne ni caractère de contrôle",
        en: "no line break or control character";
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
    /// The policy saved from the « Droits » page.
    PolicySaved = "policy_saved" []
        fr: "Droits enregistrés : ils s'appliquent dès maintenant aux fichiers intégrés et aux prochaines bases des commerciaux.",
        en: "Rights saved: they apply now to integrated files and to the reps' next databases.";
    /// The default policy put back.
    PolicyRestored = "policy_restored" []
        fr: "Droits par défaut rétablis.", en: "Default rights restored.";
    /// A change to the teams saved.
    TeamsSaved = "teams_saved" []
        fr: "Équipes enregistrées : elles s'appliquent dès maintenant.",
        en: "Teams saved: they apply now.";
    /// A change to the action types saved.
    ActionTypesSaved = "action_types_saved" []
        fr: "Types d'action enregistrés : les commerciaux les reçoivent avec leur prochaine base.",
        en: "Action types saved: the reps get them with their next database.";
    /// Follow-up rules saved (« Relances »).
    FollowUpSaved = "follow_up_saved" []
        fr: "Relances enregistrées : l'automate les applique à son prochain passage.",
        en: "Reminders saved: the automaton applies them at its next run.";
    /// The rule about leads.
    FollowUpLeadTitle = "follow_up_lead_title" []
        fr: "Piste non close", en: "Lead not closed";
    /// What the rule about leads does.
    FollowUpLeadHelp = "follow_up_lead_help" []
        fr: "Une fiche encore au statut « Piste » ce nombre de jours après sa création : son responsable (à défaut, qui l'a créée) reçoit un rappel, une seule fois.",
        en: "A party still at the status “Lead” this many days after its creation: its owner (or else its creator) gets a reminder, once.";
    /// The rule about opportunities.
    FollowUpOpportunityTitle = "follow_up_opportunity_title" []
        fr: "Opportunité non clôturée", en: "Opportunity not closed";
    /// What the rule about opportunities does.
    FollowUpOpportunityHelp = "follow_up_opportunity_help" []
        fr: "Une opportunité ni gagnée ni perdue ce nombre de jours après sa création : son responsable reçoit un rappel, une seule fois.",
        en: "An opportunity neither won nor lost this many days after its creation: its owner gets a reminder, once.";
    /// Who last changed a rule, and when.
    FollowUpChanged = "follow_up_changed" ["by", "at"]
        fr: "Modifiée par {by} le {at}", en: "Changed by {by} on {at}";
    /// A rule nobody changed since it was installed.
    FollowUpDefault = "follow_up_default" []
        fr: "Réglage d'origine (brief : pistes 3 jours, opportunités 5 jours)",
        en: "As installed (brief: leads 3 days, opportunities 5 days)";
    /// The delay typed is not a number of days in range.
    FollowUpDays = "follow_up_days" ["max"]
        fr: "indiquez un nombre de jours entre 1 et {max}", en: "give a number of days between 1 and {max}";
    /// A rule code that does not exist.
    FollowUpUnknownTitle = "follow_up_unknown_title" []
        fr: "Relance introuvable", en: "Reminder rule not found";

    // The « Catalogue » page (issue 15): the products and services quotes are made from.
    /// After a change.
    CatalogueSaved = "catalogue_saved" []
        fr: "Catalogue enregistré : les ordinateurs portables le reçoivent avec leur prochain instantané.",
        en: "Catalogue saved: the laptops receive it with their next snapshot.";
    /// The reference's rule.
    CatalogueReference = "catalogue_reference" ["max"]
        fr: "indiquez une référence d'au plus {max} caractères, sur une ligne",
        en: "give a reference of at most {max} characters, on one line";
    /// The label's rule.
    CatalogueLabel = "catalogue_label" ["max"]
        fr: "indiquez un libellé d'au plus {max} caractères, sur une ligne",
        en: "give a label of at most {max} characters, on one line";
    /// The unit's rule.
    CatalogueUnit = "catalogue_unit" ["max"]
        fr: "l'unité tient en {max} caractères au plus, sur une ligne (ou laissez vide)",
        en: "the unit fits in {max} characters, on one line (or leave it empty)";
    /// The price's rule.
    CataloguePrice = "catalogue_price" []
        fr: "indiquez un prix hors taxes en euros, de 0 à 10 000 000, avec au plus deux décimales (par exemple 489,90)",
        en: "give a price excl. VAT in euros, from 0 to 10,000,000, with at most two decimals (for example 489.90)";
    /// The VAT rate's rule.
    CatalogueVat = "catalogue_vat" []
        fr: "choisissez un des taux de TVA français", en: "choose one of the French VAT rates";
    /// The catalogue is full.
    CatalogueFull = "catalogue_full" ["max"]
        fr: "le catalogue compte déjà {max} articles : retirez-en avant d'en ajouter",
        en: "the catalogue already holds {max} entries: retire some before adding";
    /// A reference that does not exist.
    CatalogueUnknownTitle = "catalogue_unknown_title" []
        fr: "Article introuvable", en: "Catalogue entry not found";

    // The « Rapports » page (issue 15).
    /// A day that does not read.
    ReportsDate = "reports_date" []
        fr: "indiquez une date au format AAAA-MM-JJ", en: "give a date as YYYY-MM-DD";
    /// A period upside down or too long.
    ReportsPeriod = "reports_period" ["days"]
        fr: "la fin suit le début, et la période tient en {days} jours au plus",
        en: "the end follows the start, and the period spans at most {days} days";
    /// Above a manager's reports: they count only what the policy lets them read.
    ReportsScoped = "reports_scoped" []
        fr: "Ces chiffres ne comptent que les tiers et les opportunités que vos droits vous laissent lire (ceux de votre équipe, par défaut).",
        en: "These figures count only the parties and opportunities your rights let you read (your team's, by default).";
    /// A reminder nobody could receive went to the error addresses.
    FollowUpErrorAddresses = "follow_up_error_addresses" []
        fr: "adresses d'erreur (personne d'autre ne pouvait le recevoir)",
        en: "error addresses (nobody else could receive it)";
    /// A reminder's mail is still in the queue.
    FollowUpMailPending = "follow_up_mail_pending" []
        fr: "en attente d'envoi", en: "waiting to be sent";
    /// A reminder's mail left.
    FollowUpMailSent = "follow_up_mail_sent" []
        fr: "envoyé", en: "sent";
    /// A reminder's mail was given up.
    FollowUpMailAbandoned = "follow_up_mail_abandoned" []
        fr: "abandonné (voir les intégrations)", en: "given up (see integrations)";
    /// A type some actions use cannot be deleted.
    ActionTypeInUse = "action_type_in_use" ["code", "actions"]
        fr: "le type « {code} » est utilisé par {actions} action(s) : décochez « Actif » pour ne plus le proposer, sans le supprimer",
        en: "the type “{code}” is used by {actions} action(s): untick “Active” to stop offering it, without deleting it";
    /// Title of an action type that is not there (deleted meanwhile).
    UnknownActionTypeTitle = "unknown_action_type_title" []
        fr: "Type d'action introuvable", en: "Action type not found";
    /// Icon of action types: a telephone.
    IconPhone = "icon_phone" [] fr: "Téléphone", en: "Telephone";
    /// Icon: an envelope.
    IconMail = "icon_mail" [] fr: "Enveloppe (e-mail)", en: "Envelope (e-mail)";
    /// Icon: two people.
    IconMeeting = "icon_meeting" [] fr: "Deux personnes (rendez-vous)", en: "Two people (meeting)";
    /// Icon: a map pin.
    IconVisit = "icon_visit" [] fr: "Repère (visite)", en: "Map pin (visit)";
    /// Icon: a letter.
    IconLetter = "icon_letter" [] fr: "Lettre (courrier)", en: "Letter (post)";
    /// Icon: a note.
    IconNote = "icon_note" [] fr: "Bloc-notes", en: "Notepad";
    /// Icon: a check mark.
    IconTask = "icon_task" [] fr: "Coche (tâche)", en: "Check mark (task)";
    /// A team name empty or too long.
    TeamNameRule = "team_name_rule" ["max"]
        fr: "1 à {max} caractères", en: "1 to {max} characters";
    /// A team name another team has.
    TeamNameTaken = "team_name_taken" ["name"]
        fr: "une autre équipe s'appelle déjà « {name} »",
        en: "another team is already called “{name}”";
    /// A user that is not in the mapping.
    UnknownUser = "unknown_user" ["login"]
        fr: "aucun utilisateur « {login} » dans la table de correspondance",
        en: "no user “{login}” in the user mapping";
    /// A member to lead or remove who is not in the team.
    NotMember = "not_member" ["login"]
        fr: "« {login} » n'est pas membre de cette équipe",
        en: "“{login}” is not a member of this team";
    /// Title of a team that is not there (deleted meanwhile).
    UnknownTeamTitle = "unknown_team_title" []
        fr: "Équipe introuvable", en: "Team not found";
    /// Title of a revocation refused.
    RevocationRefusedTitle = "revocation_refused_title" []
        fr: "Révocation impossible", en: "Revocation impossible";
    /// A revocation of a device that is not enrolled.
    UnknownDevice = "unknown_device" ["device"]
        fr: "Aucun appareil enrôlé ne porte l'identifiant « {device} » : rien n'a été révoqué. Revenez à la liste des appareils et recommencez.",
        en: "No enrolled device has the id “{device}”: nothing was revoked. Go back to the list of devices and try again.";
    /// Title of a password reset refused.
    ResetRefusedTitle = "reset_refused_title" []
        fr: "Réinitialisation impossible", en: "Reset impossible";

    // Titles of the pages that say what was refused.
    /// Title of a creation request that is not there.
    RequestMissingTitle = "request_missing_title" []
        fr: "Demande introuvable", en: "Request not found";
    /// Title of a creation request's rejection refused.
    RejectionRefusedTitle = "rejection_refused_title" []
        fr: "Refus impossible", en: "Rejection impossible";
    /// Title of a decision that is none of the form's.
    UnknownDecisionTitle = "unknown_decision_title" []
        fr: "Décision inconnue", en: "Unknown decision";
    /// A decision that is none of the form's.
    UnknownDecision = "unknown_decision" []
        fr: "choisissez « Appliquée » ou « Refusée »", en: "choose “Applied” or “Refused”";
    /// Title of a modification request's closing refused.
    ClosingRefusedTitle = "closing_refused_title" []
        fr: "Clôture impossible", en: "Closing impossible";
    /// Title of a refused file's retry refused.
    RetryRefusedTitle = "retry_refused_title" []
        fr: "Nouvel essai impossible", en: "Retry impossible";
    /// Title of a reassignment refused.
    ReassignRefusedTitle = "reassign_refused_title" []
        fr: "Réaffectation impossible", en: "Reassignment impossible";
    /// A reassignment whose selection changed since its preview.
    SelectionChanged = "selection_changed" ["found", "expected"]
        fr: "la sélection a changé depuis l'aperçu ({found} prospects au lieu de {expected}) : refaites l'aperçu",
        en: "the selection changed since the preview ({found} prospects instead of {expected}): preview again";
    /// A retry of a name that is not one the automaton wrote.
    RetryBadName = "retry_bad_name" ["name"]
        fr: "nom de fichier ou de dossier invalide : {name}",
        en: "invalid file or folder name: {name}";
    /// A retry of a file that is not in failed/.
    RetryNotFound = "retry_not_found" ["name"]
        fr: "fichier introuvable dans failed/ : {name}", en: "no such file in failed/: {name}";
    /// A retry of something that is not a plain file.
    RetryNotARegularFile = "retry_not_a_regular_file" ["name"]
        fr: "pas un fichier ordinaire du dossier failed/ (lien symbolique, dossier ou fichier spécial) : {name}",
        en: "not a regular file of the failed/ folder (symbolic link, folder or special file): {name}";
    /// A retry of a file whose name already waits in the inbox.
    RetryAlreadyWaiting = "retry_already_waiting" ["name"]
        fr: "un fichier du même nom attend déjà dans la boîte d'arrivée : {name}",
        en: "a file of the same name already waits in the inbox: {name}";

    // The user mapping's rows.
    /// A Windows login that cannot name a folder.
    WindowsUserRule = "windows_user_rule" []
        fr: "1 à 64 caractères parmi lettres sans accent, chiffres, « . », « _ » et « - »",
        en: "1 to 64 characters among unaccented letters, digits, “.”, “_” and “-”";
    /// An ERP code that does not fit `c_user`.
    ErpCodeRule = "erp_code_rule" []
        fr: "1 à 4 caractères, majuscules sans accent ou chiffres",
        en: "1 to 4 characters, unaccented capitals or digits";
    /// Not an e-mail address.
    NotAnEmail = "not_an_email" ["typed"]
        fr: "« {typed} » n'est pas une adresse e-mail", en: "“{typed}” is not an e-mail address";

    // The parameters refused, next to their fields.
    /// A number of hours out of range.
    BetweenHours = "between_hours" ["low", "high"]
        fr: "entre {low} et {high} heures", en: "between {low} and {high} hours";
    /// A number of days out of range.
    BetweenDays = "between_days" ["low", "high"]
        fr: "entre {low} et {high} jours", en: "between {low} and {high} days";
    /// A number of months out of range.
    BetweenMonths = "between_months" ["low", "high"]
        fr: "entre {low} et {high} mois", en: "between {low} and {high} months";
    /// A size under its least.
    AtLeastBytes = "at_least_bytes" ["least"]
        fr: "{least} octets au moins", en: "at least {least} bytes";
    /// Not a cron expression.
    NotCron = "not_cron" ["expression", "error"]
        fr: "« {expression} » n'est pas une expression cron valide ({error})",
        en: "“{expression}” is not a valid cron expression ({error})";
    /// A code with other characters than capitals, digits and `_`.
    CodeShape = "code_shape" ["code"]
        fr: "code « {code} » : majuscules sans accent, chiffres et _ seulement",
        en: "code “{code}”: unaccented capitals, digits and _ only";
    /// A code longer than its ERP column.
    CodeTooLong = "code_too_long" ["code", "max", "column"]
        fr: "code « {code} » : {max} caractères au plus ({column})",
        en: "code “{code}”: at most {max} characters ({column})";
    /// A code without a label.
    CodeWithoutLabel = "code_without_label" ["code"]
        fr: "le code « {code} » n'a pas de libellé", en: "the code “{code}” has no label";
    /// A fleet type without a label.
    FleetWithoutLabel = "fleet_without_label" ["code"]
        fr: "le type « {code} » n'a pas de libellé", en: "the type “{code}” has no label";
    /// A code twice in its list.
    CodeTwice = "code_twice" ["code"]
        fr: "le code « {code} » figure deux fois", en: "the code “{code}” is there twice";
    /// No fleet type.
    NoFleetType = "no_fleet_type" []
        fr: "au moins un type de parc", en: "at least one fleet type";
    /// An action type code of the wrong shape.
    ActionTypeCodeShape = "action_type_code_shape" ["code"]
        fr: "code « {code} » : de 1 à 32 minuscules sans accent, chiffres ou _",
        en: "code “{code}”: 1 to 32 unaccented lower-case letters, digits or _";
    /// An action type without a label, or with a too long one.
    ActionTypeLabel = "action_type_label" ["code"]
        fr: "le type « {code} » doit avoir un libellé de 1 à 60 caractères",
        en: "the type “{code}” needs a label of 1 to 60 characters";
    /// No active action type.
    NoActiveActionType = "no_active_action_type" []
        fr: "au moins un type d'action actif", en: "at least one active action type";
    /// The done-todo type missing or inactive.
    TodoDoneTypeMissing = "todo_done_type_missing" ["code"]
        fr: "le type « {code} » (tâche faite) doit exister et être actif",
        en: "the type “{code}” (task done) must exist and be active";
    /// A list of choices left empty.
    NoValue = "no_value" []
        fr: "au moins une valeur", en: "at least one value";
    /// A sub-category under an unknown category.
    UnknownParent = "unknown_parent" ["code", "parent"]
        fr: "« {code} » : la catégorie « {parent} » n'est pas dans la liste des catégories",
        en: "“{code}”: the category “{parent}” is not in the list of categories";
    /// A farmer category that is not a client category.
    UnknownFarmerCategory = "unknown_farmer_category" ["category"]
        fr: "« {category} » n'est pas dans la liste des catégories clients",
        en: "“{category}” is not in the list of client categories";
    /// SMTP without server or port.
    SmtpServer = "smtp_server" []
        fr: "serveur et port obligatoires", en: "server and port required";
    /// An SMTP sender that is not an address.
    SmtpSender = "smtp_sender" ["sender"]
        fr: "l'expéditeur « {sender} » n'est pas une adresse e-mail",
        en: "the sender “{sender}” is not an e-mail address";
    /// A back-office address that is not http(s).
    NotHttp = "not_http" []
        fr: "doit commencer par http:// ou https://", en: "must start with http:// or https://";
    /// A list of addresses left empty.
    NoAddress = "no_address" []
        fr: "au moins une adresse", en: "at least one address";

    // The back office's actions refused (the store's `OfficeError`).
    /// A creation request that is not there.
    RequestNotFound = "request_not_found" ["id"]
        fr: "demande {id} introuvable", en: "request {id} not found";
    /// A modification request that is not there.
    ModificationNotFound = "modification_not_found" ["id"]
        fr: "demande de modification {id} introuvable", en: "change request {id} not found";
    /// A back-office account that is not there.
    AccountNotFound = "account_not_found" ["login"]
        fr: "compte « {login} » introuvable", en: "account “{login}” not found";
    /// A user of the mapping that is not there or not active.
    UserNotFound = "user_not_found" ["login"]
        fr: "utilisateur « {login} » introuvable", en: "user “{login}” not found";
    /// A reassignment without any criterion.
    CriterionNotFound = "criterion_not_found" []
        fr: "critère de sélection introuvable", en: "no selection criterion";
    /// A request already waiting (asked to be decided again).
    AlreadyPending = "already_pending" ["id"]
        fr: "la demande {id} est déjà en attente", en: "request {id} is already waiting";
    /// A request already validated.
    AlreadyValidated = "already_validated" ["id"]
        fr: "la demande {id} est déjà validée", en: "request {id} is already validated";
    /// A request already applied.
    AlreadyApplied = "already_applied" ["id"]
        fr: "la demande {id} est déjà appliquée", en: "request {id} is already applied";
    /// A request already refused.
    AlreadyRefused = "already_refused" ["id"]
        fr: "la demande {id} est déjà refusée", en: "request {id} is already refused";
    /// A request in a status this server does not know.
    AlreadyUnknown = "already_unknown" ["id"]
        fr: "la demande {id} est déjà dans un état inconnu",
        en: "request {id} is already in an unknown state";
    /// A client code another client has.
    ClientCodeTaken = "client_code_taken" ["code"]
        fr: "le code client « {code} » est déjà utilisé", en: "client code “{code}” is already in use";
    /// A client code not in the ERP's format.
    ClientCodeFormat = "client_code_format" ["code"]
        fr: "code client « {code} » invalide : de 1 à 30 caractères parmi les lettres sans accent, les chiffres, « - », « _ » et « . », sans espace",
        en: "client code “{code}” invalid: 1 to 30 characters among unaccented letters, digits, “-”, “_” and “.”, without spaces";
    /// Values that break the domain's rules (worded by `tournee_core`).
    InvalidValues = "invalid_values" ["problems"]
        fr: "{problems}", en: "invalid values: {problems}";
    /// A provisional password too short.
    PasswordTooShort = "password_too_short" ["min"]
        fr: "le mot de passe doit compter au moins {min} caractères",
        en: "the password must have at least {min} characters";
    /// A provisional password too long.
    PasswordTooLong = "password_too_long" ["max"]
        fr: "le mot de passe doit compter au plus {max} caractères",
        en: "the password must have at most {max} characters";
    /// A new password that is the old one.
    SamePassword = "same_password" []
        fr: "le nouveau mot de passe doit être différent de l'ancien",
        en: "the new password must differ from the old one";
    /// An admin closing their own account.
    OwnAccount = "own_account" []
        fr: "vous ne pouvez pas fermer votre propre compte : demandez-le à un autre administrateur",
        en: "you cannot close your own account: ask another administrator";
    /// A password too weak, with its reasons.
    WeakPassword = "weak_password" ["reasons"]
        fr: "Mot de passe trop faible : {reasons}. Choisissez plutôt une phrase de quatre ou cinq mots peu courants.",
        en: "Password too weak: {reasons}. Choose a phrase of four or five uncommon words instead.";
    /// Too short for a chosen password.
    WeakTooShort = "weak_too_short" ["min"]
        fr: "{min} caractères au moins", en: "at least {min} characters";
    /// Too long for a chosen password.
    WeakTooLong = "weak_too_long" ["max"]
        fr: "{max} caractères au plus", en: "at most {max} characters";
    /// One of the most used passwords.
    WeakCommon = "weak_common" []
        fr: "c'est un mot de passe très courant", en: "it is a very common password";
    /// Close to a much used password.
    WeakLikeCommon = "weak_like_common" []
        fr: "il ressemble trop à un mot de passe courant",
        en: "it is too close to a common password";
    /// Repeats.
    WeakRepeats = "weak_repeats" []
        fr: "les répétitions (« aaaa », « abcabc ») se devinent vite",
        en: "repeats (\"aaaa\", \"abcabc\") are easy to guess";
    /// Runs.
    WeakSequence = "weak_sequence" []
        fr: "les suites (« abcd », « 6543 ») se devinent vite",
        en: "sequences (\"abcd\", \"6543\") are easy to guess";
    /// Neighbouring keys.
    WeakKeyboard = "weak_keyboard" []
        fr: "les touches voisines du clavier (« azerty ») se devinent vite",
        en: "neighbouring keys (\"qwerty\") are easy to guess";
    /// Dates and years.
    WeakDates = "weak_dates" []
        fr: "les dates et les années se devinent vite", en: "dates and years are easy to guess";
    /// A name alone.
    WeakNames = "weak_names" []
        fr: "un prénom ou un nom seul se devine vite",
        en: "a first name or surname alone is easy to guess";
    /// A word alone.
    WeakSingleWord = "weak_single_word" []
        fr: "un mot seul se devine vite", en: "a single word is easy to guess";
    /// The login, the name or « tournee ».
    WeakPersonal = "weak_personal" []
        fr: "il reprend votre identifiant, votre nom ou « tournee »",
        en: "it contains your login, your name or \"tournee\"";
    /// Guessable, no more precise reason.
    WeakGuessable = "weak_guessable" []
        fr: "il se devine trop vite", en: "it is too easy to guess";
    /// A login refused, whatever the reason (the same words on purpose).
    LoginRefused = "login_refused" []
        fr: "identifiant ou mot de passe incorrect (après plusieurs erreurs, patientez quelques secondes avant de réessayer)",
        en: "wrong login or password (after several errors, wait a few seconds before trying again)";
    /// A password that could not be hashed.
    PasswordHashing = "password_hashing" ["error"]
        fr: "hachage du mot de passe impossible : {error}",
        en: "the password could not be hashed: {error}";
    /// A refusal without its reason.
    ReasonRequired = "reason_required" []
        fr: "le motif du refus est obligatoire", en: "the reason for the refusal is required";
    /// A request's status: waiting for the accountant's validation.
    StatusAwaitingValidation = "status_awaiting_validation" []
        fr: "en attente de validation", en: "awaiting validation";
    /// A request's status: validated.
    StatusValidated = "status_validated" []
        fr: "validée", en: "validated";
    /// A request's status: applied.
    StatusApplied = "status_applied" []
        fr: "appliquée", en: "applied";
    /// A request's status: refused.
    StatusRefused = "status_refused" []
        fr: "refusée", en: "refused";
    /// A request's status: waiting.
    StatusPending = "status_pending" []
        fr: "en attente", en: "waiting";
    /// A request's status this server does not know.
    StatusUnknown = "status_unknown" []
        fr: "dans un état inconnu", en: "in an unknown state";

    // The sync API's refusals (the `message` of its problem documents).
    /// A failure of the server's own (database, disk).
    ApiInternal = "api_internal" []
        fr: "erreur interne du serveur, réessayez plus tard",
        en: "internal server error, try again later";
    /// A route the transport does not have.
    ApiNotFound = "api_not_found" []
        fr: "adresse inconnue du transport de synchronisation",
        en: "address unknown to the sync transport";
    /// A request that ran out of time.
    ApiTimeout = "api_timeout" []
        fr: "requête trop lente : elle a dépassé le délai du serveur, recommencez",
        en: "request too slow: it went past the server's time limit, try again";
    /// A signature header missing.
    ApiUnsigned = "api_unsigned" ["header"]
        fr: "en-tête {header} manquant : requête non signée",
        en: "header {header} missing: unsigned request";
    /// A request counter that is not a positive number.
    ApiBadCounter = "api_bad_counter" []
        fr: "compteur de requête illisible", en: "unreadable request counter";
    /// A body over the limit, of a known size.
    ApiBodyTooLarge = "api_body_too_large" ["size", "max"]
        fr: "requête de {size} octets, maximum {max}",
        en: "request of {size} bytes, at most {max}";
    /// A body over the limit.
    ApiRequestTooLarge = "api_request_too_large" ["max"]
        fr: "requête trop volumineuse (maximum {max} octets)",
        en: "request too large (at most {max} bytes)";
    /// A body cut while it was read.
    ApiBodyCut = "api_body_cut" ["error"]
        fr: "corps de requête interrompu : {error}",
        en: "request body cut off: {error}";
    /// A body that could not be read (the HTTP layer's own reason).
    ApiBadBody = "api_bad_body" ["error"]
        fr: "{error}", en: "unreadable request body: {error}";
    /// A body that is not the JSON expected.
    ApiBadJson = "api_bad_json" ["error"]
        fr: "JSON illisible : {error}", en: "unreadable JSON: {error}";
    /// Too many failed enrollments from one address.
    ApiEnrollWait = "api_enroll_wait" ["seconds"]
        fr: "trop d'essais d'enrôlement depuis cette adresse : patientez {seconds} s avant de réessayer",
        en: "too many enrollment attempts from this address: wait {seconds} s before trying again";
    /// An enrollment code that is not of the code's form.
    ApiBadCode = "api_bad_code" []
        fr: "code d'enrôlement mal formé", en: "malformed enrollment code";
    /// A device name empty, too long or with a control character.
    ApiBadDeviceName = "api_bad_device_name" ["max", "received"]
        fr: "nom de l'appareil refusé : de 1 à {max} caractères sans caractère de contrôle ({received} reçus)",
        en: "device name refused: 1 to {max} characters without a control character ({received} received)";
    /// A public key that is not an Ed25519 one.
    ApiBadKey = "api_bad_key" []
        fr: "clé publique invalide (Ed25519, 32 octets en base64 attendus)",
        en: "invalid public key (Ed25519, 32 bytes in base64 expected)";
    /// No snapshot generated yet for the rep.
    ApiNoSnapshot = "api_no_snapshot" []
        fr: "aucune base hors ligne n'a encore été générée pour vous",
        en: "no offline database has been generated for you yet";
    /// A generation asked for that is no longer the latest.
    ApiGenerationGone = "api_generation_gone" ["asked", "latest"]
        fr: "la génération {asked} n'est plus la dernière ({latest}) : relisez le manifeste",
        en: "generation {asked} is no longer the latest ({latest}): read the manifest again";
    /// A byte range outside the file.
    ApiBadRange = "api_bad_range" ["size"]
        fr: "plage d'octets refusée (fichier de {size} octets)",
        en: "byte range refused (file of {size} bytes)";
    /// A file name that is not a change file's.
    ApiBadName = "api_bad_name" ["file", "error"]
        fr: "nom de fichier refusé « {file} » : {error}",
        en: "file name refused “{file}”: {error}";
    /// A path that does not hold a file name.
    ApiBadPath = "api_bad_path" ["error"]
        fr: "{error}", en: "unreadable file name in the address: {error}";
    /// A file pushed in another user's name.
    ApiForeignFile = "api_foreign_file" ["owner", "user"]
        fr: "le fichier est au nom de « {owner} », l'appareil appartient à « {user} »",
        en: "the file is in the name of “{owner}”, the device belongs to “{user}”";
    /// A status asked for another user's file.
    ApiForeignName = "api_foreign_name" ["file", "user"]
        fr: "« {file} » n'est pas un fichier de « {user} »",
        en: "“{file}” is not a file of “{user}”";
    /// A batch of too many files.
    ApiTooManyFiles = "api_too_many_files" ["max"]
        fr: "au plus {max} fichiers par envoi groupé",
        en: "at most {max} files per batch";
    /// A file of a batch over the size limit.
    ApiFileTooLarge = "api_file_too_large" ["file", "size", "max"]
        fr: "« {file} » fait {size} octets, maximum {max}",
        en: "“{file}” is {size} bytes, at most {max}";
    /// A status request for too many files.
    ApiTooManyNames = "api_too_many_names" ["max"]
        fr: "au plus {max} fichiers par demande",
        en: "at most {max} files per request";

    // The REST API's refusals (`/api/v1`, the `detail` of its problem documents) and the
    // admin's « Jetons d'API » page.
    /// No bearer token, or one no token has.
    RestUnauthorized = "rest_unauthorized" []
        fr: "jeton d'API absent ou inconnu : envoyez « Authorization: Bearer <jeton> »",
        en: "API token missing or unknown: send « Authorization: Bearer <token> »";
    /// An expired token.
    RestTokenExpired = "rest_token_expired" ["at"]
        fr: "jeton d'API expiré le {at}", en: "API token expired at {at}";
    /// A revoked token.
    RestTokenRevoked = "rest_token_revoked" ["at"]
        fr: "jeton d'API révoqué le {at}", en: "API token revoked at {at}";
    /// A token whose owner left.
    RestOwnerInactive = "rest_owner_inactive" ["owner"]
        fr: "le propriétaire {owner} de ce jeton n'est plus un utilisateur actif",
        en: "the owner {owner} of this token is no longer an active user";
    /// Too many requests for one token.
    RestRateLimited = "rest_rate_limited" ["seconds"]
        fr: "trop de requêtes pour ce jeton : réessayez dans {seconds} s",
        en: "too many requests for this token: try again in {seconds} s";
    /// A token without the scope a route needs.
    RestScope = "rest_scope" ["entity", "access"]
        fr: "ce jeton n'a pas la portée {access} sur {entity}",
        en: "this token has no {access} scope on {entity}";
    /// A record that does not exist, or that the caller may not see.
    RestNotFound = "rest_not_found" ["id"]
        fr: "aucune fiche {id} ici", en: "no record {id} here";
    /// A path the API does not have.
    RestNoRoute = "rest_no_route" []
        fr: "adresse inconnue de l'API", en: "address unknown to the API";
    /// A query parameter refused.
    RestBadQuery = "rest_bad_query" ["parameter", "reason"]
        fr: "paramètre {parameter} refusé : {reason}",
        en: "parameter {parameter} refused: {reason}";
    /// An unknown field asked with `fields=`.
    RestUnknownField = "rest_unknown_field" ["field"]
        fr: "champ {field} inconnu de cette ressource", en: "field {field} unknown to this resource";
    /// A body that is not a JSON object.
    RestBadBody = "rest_bad_body" ["error"]
        fr: "corps JSON refusé : {error}", en: "JSON body refused: {error}";
    /// An update or deletion without `If-Match`.
    RestPreconditionRequired = "rest_precondition_required" []
        fr: "en-tête If-Match manquant : envoyez l'ETag de la fiche lue",
        en: "If-Match header missing: send the ETag of the record you read";
    /// An update or deletion on a record changed since it was read.
    RestPreconditionFailed = "rest_precondition_failed" ["etag"]
        fr: "la fiche a changé depuis votre lecture (ETag actuel {etag}) : relisez-la",
        en: "the record changed since you read it (current ETag {etag}): read it again";
    /// An `Idempotency-Key` reused with another body.
    RestIdempotencyMismatch = "rest_idempotency_mismatch" []
        fr: "Idempotency-Key déjà utilisée pour une autre requête",
        en: "Idempotency-Key already used for another request";
    /// An `Idempotency-Key` whose first request still runs.
    RestIdempotencyRunning = "rest_idempotency_running" []
        fr: "la première requête avec cette Idempotency-Key n'a pas encore abouti : réessayez",
        en: "the first request with this Idempotency-Key has not finished: try again";
    /// An `Idempotency-Key` whose record was deleted since.
    RestIdempotencyGone = "rest_idempotency_gone" ["id"]
        fr: "la fiche {id} créée avec cette Idempotency-Key a été supprimée depuis",
        en: "the record {id} created with this Idempotency-Key has been deleted since";
    /// An `Idempotency-Key` empty or too long.
    RestBadIdempotencyKey = "rest_bad_idempotency_key" ["max"]
        fr: "Idempotency-Key de 1 à {max} caractères visibles",
        en: "Idempotency-Key of 1 to {max} visible characters";
    /// A resource the API reads only.
    RestReadOnly = "rest_read_only" ["resource"]
        fr: "{resource} se lit seulement par l'API", en: "{resource} is read only through the API";
    /// A write the integration refused.
    RestRefused = "rest_refused" ["reason", "detail"]
        fr: "écriture refusée ({reason}) : {detail}", en: "write refused ({reason}): {detail}";
    /// A write not settled within the wait.
    RestPending = "rest_pending" ["file"]
        fr: "écriture reçue ({file}), pas encore intégrée", en: "write received ({file}), not integrated yet";
    /// A token's name empty or too long (the admin's page).
    TokenBadName = "token_bad_name" ["max"]
        fr: "Nom de 1 à {max} caractères.", en: "A name of 1 to {max} characters.";
    /// A token for no user.
    TokenUnknownOwner = "token_unknown_owner" ["user"]
        fr: "Aucun utilisateur actif « {user} ».", en: "No active user « {user} ».";
    /// A token without any scope.
    TokenNoScope = "token_no_scope" []
        fr: "Cochez au moins une portée.", en: "Tick at least one scope.";
    /// A token's expiry in the past or unreadable.
    TokenBadExpiry = "token_bad_expiry" []
        fr: "Date d'expiration à venir (AAAA-MM-JJ), ou vide.",
        en: "An expiry date to come (YYYY-MM-DD), or empty.";
    /// Revoking a token that is not in force.
    TokenUnknown = "token_unknown" ["id"]
        fr: "Aucun jeton en vigueur n° {id}.", en: "No token in force no. {id}.";

    // Enrolled devices (the sync API and the admin's devices page).
    /// A rep who is not an active user of the mapping.
    DeviceUnknownUser = "device_unknown_user" ["user"]
        fr: "l'utilisateur « {user} » n'est pas un utilisateur actif de la table de correspondance",
        en: "“{user}” is not an active user of the mapping table";
    /// An unknown code or a wrong proof: the same words for both, so that code ids
    /// cannot be enumerated.
    DeviceCodeRefused = "device_code_refused" []
        fr: "code d'enrôlement refusé : vérifiez sa saisie ; s'il est juste, demandez un nouveau code à l'administrateur (il a pu expirer ou servir déjà), et vérifiez que l'empreinte du certificat affichée est celle que l'administrateur vous a donnée",
        en: "enrollment code refused: check how it was typed; if it is right, ask the administrator for a new code (it may have expired or been used), and check that the certificate fingerprint shown is the one the administrator gave you";
    /// A code that already enrolled a device.
    DeviceCodeUsed = "device_code_used" []
        fr: "ce code d'enrôlement a déjà servi : demandez-en un nouveau à l'administrateur",
        en: "this enrollment code was already used: ask the administrator for a new one";
    /// A code past its lifetime.
    DeviceCodeExpired = "device_code_expired" []
        fr: "ce code d'enrôlement a expiré : demandez-en un nouveau à l'administrateur",
        en: "this enrollment code has expired: ask the administrator for a new one";
    /// A code blocked after too many wrong proofs.
    DeviceCodeBurnt = "device_code_burnt" []
        fr: "ce code d'enrôlement est bloqué après trop d'essais : demandez-en un nouveau",
        en: "this enrollment code is blocked after too many attempts: ask for a new one";
    /// A public key already enrolled.
    DeviceKeyTaken = "device_key_taken" []
        fr: "cette clé d'appareil est déjà enrôlée", en: "this device key is already enrolled";
    /// No device has that id.
    DeviceUnknown = "device_unknown" []
        fr: "appareil inconnu", en: "unknown device";
    /// A revoked device.
    DeviceRevoked = "device_revoked" ["at"]
        fr: "appareil révoqué le {at}", en: "device revoked on {at}";
    /// A request signature that does not match the device's key.
    DeviceBadSignature = "device_bad_signature" []
        fr: "signature de requête invalide", en: "invalid request signature";
    /// A request counter that did not move forward.
    DeviceReplay = "device_replay" ["got", "last"]
        fr: "requête rejouée (compteur {got}, dernier accepté {last})",
        en: "replayed request (counter {got}, last accepted {last})";

    // The visit form's outline refused (`tournee_core::OutlineProblem`), and its page's notice.
    /// The notice above a visit form that was not saved.
    VisitFormNotSaved = "visit_form_not_saved" ["problem"]
        fr: "Formulaire non enregistré — {problem}", en: "Form not saved — {problem}";
    /// An outline's problem, on its line.
    OutlineLine = "outline_line" ["line", "problem"]
        fr: "ligne {line} : {problem}", en: "line {line}: {problem}";
    /// A tab in the indentation.
    OutlineTab = "outline_tab" []
        fr: "tabulation interdite : indentez avec des espaces", en: "no tabs: indent with spaces";
    /// An indentation not by two spaces.
    OutlineIndent = "outline_indent" []
        fr: "indentation de 2 espaces par niveau attendue",
        en: "an indentation of 2 spaces per level is expected";
    /// A question out of place.
    OutlineQuestionPlace = "outline_question_place" []
        fr: "une question se place en début de ligne, ou deux espaces sous le choix qui l'ouvre",
        en: "a question goes at the start of a line, or two spaces under the choice that opens it";
    /// A choice out of place.
    OutlineChoicePlace = "outline_choice_place" []
        fr: "un choix se place deux espaces sous sa question (ligne « ? … »)",
        en: "a choice goes two spaces under its question (line “? …”)";
    /// No question at all.
    OutlineNoQuestion = "outline_no_question" []
        fr: "le formulaire doit contenir au moins une question",
        en: "the form must hold at least one question";
    /// A question line of the wrong shape.
    OutlineQuestionShape = "outline_question_shape" []
        fr: "une question s'écrit « ? id | libellé | label anglais | radio ou cases [| obligatoire] »",
        en: "a question is written “? id | French label | English label | radio or cases [| obligatoire]”";
    /// A question kind that is none of the two.
    OutlineUnknownKind = "outline_unknown_kind" ["kind"]
        fr: "type « {kind} » inconnu : radio ou cases", en: "unknown kind “{kind}”: radio or cases";
    /// Something unexpected after the kind.
    OutlineUnexpected = "outline_unexpected" ["text"]
        fr: "« {text} » inattendu : seul « obligatoire » peut suivre le type",
        en: "“{text}” unexpected: only “obligatoire” may follow the kind";
    /// A choice line of the wrong shape.
    OutlineChoiceShape = "outline_choice_shape" []
        fr: "un choix s'écrit « - id | libellé | label anglais »",
        en: "a choice is written “- id | French label | English label”";
    /// A line that starts with neither marker.
    OutlineLineStart = "outline_line_start" []
        fr: "une ligne commence par « ? » (question) ou « - » (choix)",
        en: "a line starts with “?” (question) or “-” (choice)";
    /// An id left empty.
    OutlineMissingId = "outline_missing_id" []
        fr: "identifiant manquant", en: "missing id";
    /// An id of other characters.
    OutlineIdShape = "outline_id_shape" ["id"]
        fr: "identifiant « {id} » : minuscules sans accent, chiffres et _ seulement",
        en: "id “{id}”: unaccented lower-case letters, digits and _ only";

    // A refused change file's detail (`tournee_sync::Detail`): the back office, the
    // mails, the `failed/` reports and the sync API's change statuses.
    /// A name not of the change files' form.
    DetailNameShape = "detail_name_shape" ["name"]
        fr: "« {name} » n'a pas la forme <TYPE>_<utilisateur>_<ULID>.json",
        en: "“{name}” is not of the form <TYPE>_<user>_<ULID>.json";
    /// A name whose type is none of the six.
    DetailNameType = "detail_name_type" ["type_code"]
        fr: "type « {type_code} » inconnu (VC, MC, CP, MP, VP ou CC attendu)",
        en: "unknown type “{type_code}” (VC, MC, CP, MP, VP or CC expected)";
    /// A name whose user part is not a login.
    DetailNameUser = "detail_name_user" ["user"]
        fr: "nom d'utilisateur « {user} » invalide (1 à 64 caractères parmi A-Z a-z 0-9 . _ -)",
        en: "invalid user name “{user}” (1 to 64 characters among A-Z a-z 0-9 . _ -)";
    /// A name whose id part is not a ULID.
    DetailNameChangeId = "detail_name_change_id" ["change_id"]
        fr: "identifiant « {change_id} » invalide (ULID de 26 caractères en majuscules attendu)",
        en: "invalid id “{change_id}” (a 26-character upper-case ULID expected)";
    /// A file over the size limit.
    DetailOversized = "detail_oversized" ["size", "max"]
        fr: "{size} octets, maximum {max}", en: "{size} bytes, at most {max}";
    /// A signature naming an unreadable key.
    DetailSignatureKeyUnreadable = "detail_signature_key_unreadable" []
        fr: "clé publique illisible", en: "unreadable public key";
    /// A signature that cannot be read.
    DetailSignatureUnreadable = "detail_signature_unreadable" []
        fr: "signature illisible", en: "unreadable signature";
    /// A signature that does not match the bytes.
    DetailSignatureMismatch = "detail_signature_mismatch" []
        fr: "la signature ne correspond pas au contenu (fichier modifié ?)",
        en: "the signature does not match the content (file modified?)";
    /// A byte order mark.
    DetailBom = "detail_bom" []
        fr: "le fichier commence par une marque d'ordre d'octets (BOM)",
        en: "the file starts with a byte order mark (BOM)";
    /// Not UTF-8.
    DetailNotUtf8 = "detail_not_utf8" ["error"]
        fr: "pas en UTF-8 : {error}", en: "not UTF-8: {error}";
    /// Not JSON.
    DetailJsonSyntax = "detail_json_syntax" ["error"]
        fr: "JSON illisible : {error}", en: "unreadable JSON: {error}";
    /// JSON but not an object.
    DetailNotAnObject = "detail_not_an_object" []
        fr: "le fichier doit contenir un objet JSON", en: "the file must hold a JSON object";
    /// A key twice in one object.
    DetailDuplicateKey = "detail_duplicate_key" ["key", "line", "column"]
        fr: "la clé « {key} » figure deux fois dans un même objet (ligne {line}, colonne {column})",
        en: "the key “{key}” is there twice in one object (line {line}, column {column})";
    /// A spec version this server does not know.
    DetailUnsupportedSpec = "detail_unsupported_spec" ["version", "expected"]
        fr: "version {version} de la spécification non prise en charge (version {expected} attendue)",
        en: "version {version} of the specification not supported (version {expected} expected)";
    /// An envelope that does not fit its schema.
    DetailEnvelope = "detail_envelope" ["error"]
        fr: "enveloppe : {error}", en: "envelope: {error}";
    /// An id that is not a ULID.
    DetailNotUlid = "detail_not_ulid" ["field", "value"]
        fr: "{field} « {value} » n'est pas un ULID", en: "{field} “{value}” is not a ULID";
    /// A body whose type is none of the six.
    DetailUnknownType = "detail_unknown_type" ["type_code"]
        fr: "type « {type_code} » inconnu", en: "unknown type “{type_code}”";
    /// A payload that does not fit its type's schema.
    DetailPayload = "detail_payload" ["type_code", "error"]
        fr: "contenu {type_code} : {error}", en: "{type_code} content: {error}";
    /// An MC without content.
    DetailEmptyClientChange = "detail_empty_client_change" []
        fr: "une modification client doit contenir changes, revisit ou fleet",
        en: "a client modification must hold changes, revisit or fleet";
    /// An MP delete with content.
    DetailDeleteWithContent = "detail_delete_with_content" []
        fr: "une suppression ne porte ni champs ni contacts",
        en: "a deletion carries neither fields nor contacts";
    /// An MP update without content.
    DetailUpdateWithoutContent = "detail_update_without_content" []
        fr: "une mise à jour doit porter des champs ou des contacts",
        en: "an update must carry fields or contacts";
    /// A visit time that is not HH:MM.
    DetailVisitTime = "detail_visit_time" ["value"]
        fr: "visit_time « {value} » n'est pas une heure HH:MM",
        en: "visit_time “{value}” is not a time HH:MM";
    /// Name and body disagree on the type.
    DetailMismatchType = "detail_mismatch_type" ["in_name", "in_body"]
        fr: "type : « {in_name} » dans le nom, « {in_body} » dans le contenu",
        en: "type: “{in_name}” in the name, “{in_body}” in the content";
    /// Name and body disagree on the user.
    DetailMismatchUser = "detail_mismatch_user" ["in_name", "in_body"]
        fr: "utilisateur : « {in_name} » dans le nom, « {in_body} » dans le contenu",
        en: "user: “{in_name}” in the name, “{in_body}” in the content";
    /// Name and body disagree on the change id.
    DetailMismatchChangeId = "detail_mismatch_change_id" ["in_name", "in_body"]
        fr: "identifiant : « {in_name} » dans le nom, « {in_body} » dans le contenu",
        en: "id: “{in_name}” in the name, “{in_body}” in the content";
    /// A file in another user's folder.
    DetailForeignFolder = "detail_foreign_folder" ["user", "folder"]
        fr: "le fichier est au nom de « {user} » mais arrive dans le dossier de « {folder} »",
        en: "the file is in the name of “{user}” but arrives in the folder of “{folder}”";
    /// The devices could not be read.
    DetailDevicesUnreadable = "detail_devices_unreadable" ["error"]
        fr: "lecture des appareils impossible : {error}", en: "the devices could not be read: {error}";
    /// An unsigned file from a user with a device.
    DetailUnsigned = "detail_unsigned" ["user"]
        fr: "« {user} » a un appareil enrôlé : ses fichiers doivent être signés",
        en: "“{user}” has an enrolled device: their files must be signed";
    /// A signing device that is not enrolled.
    DetailUnknownDevice = "detail_unknown_device" ["device"]
        fr: "appareil « {device} » inconnu", en: "unknown device “{device}”";
    /// A signing device of another user.
    DetailForeignDevice = "detail_foreign_device" ["device", "user"]
        fr: "l'appareil « {device} » n'appartient pas à « {user} »",
        en: "the device “{device}” does not belong to “{user}”";
    /// A key that is not the device's.
    DetailDeviceKey = "detail_device_key" ["device"]
        fr: "la clé ne correspond pas à celle de l'appareil « {device} »",
        en: "the key is not that of the device “{device}”";
    /// A revoked signing device.
    DetailRevokedDevice = "detail_revoked_device" ["device", "at"]
        fr: "l'appareil « {device} » a été révoqué le {at}",
        en: "the device “{device}” was revoked on {at}";
    /// A user not in the mapping.
    DetailUnknownUser = "detail_unknown_user" ["user"]
        fr: "l'utilisateur « {user} » n'est pas dans la table de correspondance",
        en: "the user “{user}” is not in the mapping table";
    /// An inactive user.
    DetailInactiveUser = "detail_inactive_user" ["user"]
        fr: "l'utilisateur « {user} » est désactivé", en: "the user “{user}” is deactivated";
    /// A file dated after its arrival.
    DetailFileFromFuture = "detail_file_from_future" ["created_at", "arrival"]
        fr: "le fichier est daté du {created_at} alors qu'il est arrivé sur le serveur le {arrival}",
        en: "the file is dated {created_at} but it arrived on the server on {arrival}";
    /// A file dated long before its arrival.
    DetailStaleFile = "detail_stale_file" ["created_at", "arrival", "days"]
        fr: "le fichier est daté du {created_at} mais n'est arrivé sur le serveur que le {arrival}, plus de {days} jours après (durée maximale hors ligne) ; si ce portable est vraiment resté hors ligne aussi longtemps, augmentez ce paramètre puis « Réessayer »",
        en: "the file is dated {created_at} but only arrived on the server on {arrival}, more than {days} days later (longest time offline); if this laptop really stayed offline that long, raise this parameter and then “Retry”";
    /// Rules of the domain broken (each worded by `tournee_core`).
    DetailRules = "detail_rules" ["problems"]
        fr: "{problems}", en: "rules broken: {problems}";
    /// A value that could not be stored as JSON.
    DetailUnstorable = "detail_unstorable" ["error"]
        fr: "valeur impossible à enregistrer : {error}", en: "a value could not be stored: {error}";
    /// An inactive client.
    DetailInactiveClient = "detail_inactive_client" ["client"]
        fr: "le client « {client} » n'est plus actif", en: "the client “{client}” is no longer active";
    /// An unknown client.
    DetailUnknownClient = "detail_unknown_client" ["client"]
        fr: "le code client « {client} » n'existe pas", en: "the client code “{client}” does not exist";
    /// A revisit date or fleet for another rep's client.
    DetailNotPortfolioClient = "detail_not_portfolio_client" ["client", "owner", "user", "erp_code"]
        fr: "le client « {client} » est dans le portefeuille du commercial « {owner} », pas dans celui de « {user} » ({erp_code}) : seul son commercial fixe la date de revoir et le type de parc",
        en: "the client “{client}” is in the portfolio of the rep “{owner}”, not in that of “{user}” ({erp_code}): only its rep sets the revisit date and the fleet type";
    /// A prospect of other reps.
    DetailNotOwner = "detail_not_owner" ["prospect", "created_by", "assignee"]
        fr: "le prospect {prospect} appartient à « {created_by} » (attribué à « {assignee} »)",
        en: "the prospect {prospect} belongs to “{created_by}” (assigned to “{assignee}”)";
    /// A deleted prospect.
    DetailProspectDeleted = "detail_prospect_deleted" ["prospect"]
        fr: "le prospect {prospect} a été supprimé", en: "the prospect {prospect} was deleted";
    /// A prospect that became a client.
    DetailProspectConverted = "detail_prospect_converted" ["prospect"]
        fr: "le prospect {prospect} est devenu client", en: "the prospect {prospect} became a client";
    /// A prospect created twice.
    DetailProspectExists = "detail_prospect_exists" ["prospect"]
        fr: "le prospect {prospect} existe déjà", en: "the prospect {prospect} exists already";
    /// A creation request while one waits.
    DetailConversionPending = "detail_conversion_pending" ["prospect"]
        fr: "une demande de création est déjà en attente pour le prospect {prospect}",
        en: "a creation request is already waiting for the prospect {prospect}";
    /// A prospect's name cleared.
    DetailProspectNameCleared = "detail_prospect_name_cleared" []
        fr: "le nom du prospect ne peut pas être effacé", en: "the prospect's name cannot be cleared";
    /// A prospect's name left blank.
    DetailProspectNameBlank = "detail_prospect_name_blank" []
        fr: "le nom du prospect ne peut pas être vide", en: "the prospect's name cannot be blank";
    /// A signature of another media type.
    DetailSignatureMediaType = "detail_signature_media_type" ["media_type"]
        fr: "signature : format « {media_type} » non accepté (image/png attendu)",
        en: "signature: format “{media_type}” not accepted (image/png expected)";
    /// A signature whose base64 cannot be read.
    DetailSignatureBase64 = "detail_signature_base64" ["error"]
        fr: "signature illisible : {error}", en: "unreadable signature: {error}";
    /// A signature that is not a PNG.
    DetailSignatureNotPng = "detail_signature_not_png" []
        fr: "la signature n'est pas une image PNG", en: "the signature is not a PNG image";
    /// A parked file whose prospect never came.
    DetailProspectNeverArrived = "detail_prospect_never_arrived" ["prospect", "days"]
        fr: "le prospect {prospect} n'est jamais arrivé (attente de plus de {days} jours)",
        en: "the prospect {prospect} never arrived (waited more than {days} days)";
    /// A known spec version that is not its type's.
    DetailSpecOfType = "detail_spec_of_type" ["type_code", "version", "expected"]
        fr: "un fichier {type_code} est de la version {expected} de la spécification, pas de la version {version}",
        en: "a {type_code} file follows version {expected} of the specification, not version {version}";
    /// A record change of an unknown entity.
    DetailUnknownEntity = "detail_unknown_entity" ["entity"]
        fr: "type de fiche « {entity} » inconnu (party, person, action, action_reply ou todo attendu)",
        en: "unknown record type “{entity}” (party, person, action, action_reply or todo expected)";
    /// A record creation or update without fields.
    DetailRecordWithoutFields = "detail_record_without_fields" ["entity"]
        fr: "création ou modification d'une fiche {entity} sans champs",
        en: "creation or update of a {entity} record without fields";
    /// A record deletion with fields.
    DetailRecordDeleteWithFields = "detail_record_delete_with_fields" ["entity"]
        fr: "suppression d'une fiche {entity} accompagnée de champs",
        en: "deletion of a {entity} record that carries fields";
    /// Record fields that do not fit the entity.
    DetailRecordFields = "detail_record_fields" ["entity", "error"]
        fr: "champs de la fiche {entity} non conformes : {error}",
        en: "the {entity} record's fields do not fit: {error}";
    /// A record update that changes nothing.
    DetailRecordEmptyUpdate = "detail_record_empty_update" ["entity"]
        fr: "modification d'une fiche {entity} qui ne change aucun champ",
        en: "update of a {entity} record that changes no field";
    /// The policy refuses the writer this record.
    DetailRecordNotAllowed = "detail_record_not_allowed" ["entity", "id", "user", "refusal"]
        fr: "« {user} » n'a pas le droit de modifier la fiche {entity} {id} (règle des droits : {refusal})",
        en: "“{user}” may not write the {entity} record {id} (rights policy: {refusal})";
    /// A change to a deleted record.
    DetailRecordDeleted = "detail_record_deleted" ["entity", "id"]
        fr: "la fiche {entity} {id} a été supprimée ; les valeurs reçues sont gardées dans son historique",
        en: "the {entity} record {id} was deleted; the values received are kept in its history";
    /// A record created twice.
    DetailRecordExists = "detail_record_exists" ["entity", "id"]
        fr: "la fiche {entity} {id} existe déjà", en: "the {entity} record {id} exists already";
    /// A parked record change whose awaited record never came.
    DetailParentNeverArrived = "detail_parent_never_arrived" ["entity", "id", "days"]
        fr: "la fiche {entity} {id} n'est jamais arrivée (attente de plus de {days} jours)",
        en: "the {entity} record {id} never arrived (waited more than {days} days)";
    /// An action whose type is not among the admin's action types.
    DetailUnknownActionType = "detail_unknown_action_type" ["id", "action_type"]
        fr: "l'action {id} porte le type « {action_type} », qui n'est pas dans la liste des types d'action",
        en: "the action {id} has the type “{action_type}”, which is not in the list of action types";
    /// A field a linked party's ERP client or prospect owns.
    DetailLinkedPartyField = "detail_linked_party_field" ["id", "field"]
        fr: "le champ {field} du contact {id} vient de sa fiche client ou prospect : il se corrige par une demande de modification ou sur la fiche prospect",
        en: "the field {field} of contact {id} comes from its client or prospect card: correct it with a modification request or on the prospect's card";
    /// The deletion of a linked party.
    DetailLinkedPartyDelete = "detail_linked_party_delete" ["id"]
        fr: "le contact {id} est celui d'un client ou d'un prospect : il ne se supprime pas",
        en: "contact {id} is a client's or a prospect's: it cannot be deleted";
    /// A take of a pool lead someone took first (issue 15).
    DetailAlreadyTaken = "detail_already_taken" ["id", "owner"]
        fr: "le lead {id} a déjà été pris par {owner} : le premier qui le prend l'a",
        en: "lead {id} was already taken by {owner}: the first to take it has it";
    /// A party created in the range reserved for linked parties.
    DetailReservedPartyId = "detail_reserved_party_id" ["id"]
        fr: "l'identifiant {id} est réservé aux contacts des clients et des prospects",
        en: "the id {id} is reserved for the contacts of clients and prospects";
    /// An opportunity's rule broken, by rule (`tournee_core::OpportunityRule` codes).
    DetailOpportunityUnknownPipeline = "detail_opportunity_unknown_pipeline" ["id", "rule", "field"]
        fr: "l'opportunité {id} : le pipeline ({field}) n'est pas un de ceux de l'administrateur [règle {rule}]",
        en: "opportunity {id}: the pipeline ({field}) is not one of the admin's [rule {rule}]";
    /// A stage not in the opportunity's pipeline.
    DetailOpportunityUnknownStage = "detail_opportunity_unknown_stage" ["id", "rule", "field"]
        fr: "l'opportunité {id} : l'étape ({field}) n'est pas une étape de son pipeline [règle {rule}]",
        en: "opportunity {id}: the stage ({field}) is not a stage of its pipeline [rule {rule}]";
    /// A creation elsewhere than at the first stage.
    DetailOpportunityNotFirstStage = "detail_opportunity_not_first_stage" ["id", "rule", "field"]
        fr: "l'opportunité {id} : une opportunité commence à la première étape de son pipeline (champ {field}, règle {rule})",
        en: "opportunity {id}: an opportunity starts at the first stage of its pipeline (field {field}, rule {rule})";
    /// A stage skipped forward.
    DetailOpportunityStageSkipped = "detail_opportunity_stage_skipped" ["id", "rule", "field"]
        fr: "l'opportunité {id} : elle passe par toutes les étapes, sans en sauter (champ {field}, règle {rule})",
        en: "opportunity {id}: it goes through every stage, skipping none (field {field}, rule {rule})";
    /// A change of pipeline.
    DetailOpportunityPipelineChanged = "detail_opportunity_pipeline_changed" ["id", "rule", "field"]
        fr: "l'opportunité {id} : une opportunité reste dans son pipeline (champ {field}, règle {rule})",
        en: "opportunity {id}: an opportunity stays in its pipeline (field {field}, rule {rule})";
    /// A creation already won or lost.
    DetailOpportunityCreatedClosed = "detail_opportunity_created_closed" ["id", "rule", "field"]
        fr: "l'opportunité {id} : une opportunité est créée en cours (champ {field}, règle {rule})",
        en: "opportunity {id}: an opportunity is created open (field {field}, rule {rule})";
    /// A change to a closed opportunity.
    DetailOpportunityClosed = "detail_opportunity_closed" ["id", "rule", "field"]
        fr: "l'opportunité {id} est close (gagnée ou perdue) : elle ne se modifie plus (champ {field}, règle {rule})",
        en: "opportunity {id} is closed (won or lost): it cannot be changed any more (field {field}, rule {rule})";
    /// Won before the last stage.
    DetailOpportunityWonBeforeLastStage = "detail_opportunity_won_before_last_stage" ["id", "rule", "field"]
        fr: "l'opportunité {id} : elle se gagne depuis la dernière étape de son pipeline (champ {field}, règle {rule})",
        en: "opportunity {id}: it is won from the last stage of its pipeline (field {field}, rule {rule})";
    /// Lost without a reason.
    DetailOpportunityLossReasonMissing = "detail_opportunity_loss_reason_missing" ["id", "rule", "field"]
        fr: "l'opportunité {id} : une opportunité perdue dit pourquoi (champ {field}, règle {rule})",
        en: "opportunity {id}: a lost opportunity says why (field {field}, rule {rule})";
    /// A rule this build does not know (a newer server's).
    DetailOpportunityRule = "detail_opportunity_rule" ["id", "rule", "field"]
        fr: "l'opportunité {id} enfreint la règle {rule} ({field})",
        en: "opportunity {id} breaks the rule {rule} ({field})";
    /// A quote's lifecycle rule broken, by rule (`tournee_core::QuoteRule` codes).
    DetailQuoteCreatedNotDraft = "detail_quote_created_not_draft" ["id", "rule", "field"]
        fr: "le devis {id} : un devis est créé en brouillon (champ {field}, règle {rule})",
        en: "quote {id}: a quote is created as a draft (field {field}, rule {rule})";
    /// A status moved back or past « sent ».
    DetailQuoteStatusMove = "detail_quote_status_move" ["id", "rule", "field"]
        fr: "le devis {id} : son statut va de brouillon à envoyé, puis à accepté ou refusé, sans retour (champ {field}, règle {rule})",
        en: "quote {id}: its status goes from draft to sent, then to accepted or refused, never back (field {field}, rule {rule})";
    /// A change to an accepted or refused quote.
    DetailQuoteClosed = "detail_quote_closed" ["id", "rule", "field"]
        fr: "le devis {id} est accepté ou refusé : il ne se modifie plus (champ {field}, règle {rule})",
        en: "quote {id} is accepted or refused: it cannot be changed any more (field {field}, rule {rule})";
    /// Accepting a quote whose opportunity was lost.
    DetailQuoteOpportunityLost = "detail_quote_opportunity_lost" ["id", "rule", "field"]
        fr: "le devis {id} : son opportunité est perdue, il ne peut plus être accepté (champ {field}, règle {rule})",
        en: "quote {id}: its opportunity is lost, so it can no longer be accepted (field {field}, rule {rule})";
    /// A quote rule this build does not know (a newer server's).
    DetailQuoteRule = "detail_quote_rule" ["id", "rule", "field"]
        fr: "le devis {id} enfreint la règle {rule} ({field})",
        en: "quote {id} breaks the rule {rule} ({field})";

    /// The `<file>.error.txt` beside a refused file in `failed/` (the monitor reads its
    /// « Raison » and « Détail » lines).
    FailedReport = "failed_report" ["file", "folder", "reason", "detail", "when"]
        fr: "Fichier : {file}\nDossier : {folder}\nRaison : {reason}\nDétail : {detail}\nRefusé le : {when}\n\nReason codes are described in sync-spec/README.md.\n",
        en: "File: {file}\nFolder: {folder}\nReason: {reason}\nDetail: {detail}\nRefused on: {when}\n\nReason codes are described in sync-spec/README.md.\n";

    /// The monitor's line for a refused file whose report cannot be read (it reads as the
    /// report's « Raison » line).
    FailedReportUnreadable = "failed_report_unreadable" ["error"]
        fr: "Raison : rapport illisible ({error})", en: "Reason: unreadable report ({error})";

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

    /// Subject of a follow-up reminder about a lead (issue 15, brief 002).
    MailFollowUpLeadSubject = "mail_follow_up_lead_subject" ["name", "days"]
        fr: "[Tournée] Relance : la piste « {name} » n'est pas close après {days} jours",
        en: "[Tournée] Reminder: the lead “{name}” is not closed after {days} days";
    /// Body of a follow-up reminder about a lead.
    MailFollowUpLeadBody = "mail_follow_up_lead_body" ["name", "days", "created", "owner", "link"]
        fr: "La piste « {name} », créée le {created} et suivie par {owner}, est toujours au statut « Piste » {days} jours après sa création.\nQualifiez-la (un contact, une opportunité) ou classez-la.\n\nOuvrir Tournée : {link}\n\nCe rappel n'est envoyé qu'une fois pour cette piste ; l'administrateur règle les relances dans le back-office (« Relances »).\n",
        en: "The lead “{name}”, created on {created} and followed by {owner}, is still at the status “Lead” {days} days after its creation.\nQualify it (a contact, an opportunity) or close it.\n\nOpen Tournée: {link}\n\nThis reminder is sent once for this lead; the administrator sets the reminders in the back office (“Relances”).\n";
    /// Subject of a follow-up reminder about an opportunity.
    MailFollowUpOpportunitySubject = "mail_follow_up_opportunity_subject" ["name", "days"]
        fr: "[Tournée] Relance : l'opportunité « {name} » n'est pas clôturée après {days} jours",
        en: "[Tournée] Reminder: the opportunity “{name}” is not closed after {days} days";
    /// Body of a follow-up reminder about an opportunity.
    MailFollowUpOpportunityBody = "mail_follow_up_opportunity_body" ["name", "days", "created", "owner", "link"]
        fr: "L'opportunité « {name} », créée le {created} et suivie par {owner}, est toujours ouverte {days} jours après sa création.\nClôturez-la (gagnée ou perdue) ou faites-la avancer.\n\nOuvrir Tournée : {link}\n\nCe rappel n'est envoyé qu'une fois pour cette opportunité ; l'administrateur règle les relances dans le back-office (« Relances »).\n",
        en: "The opportunity “{name}”, created on {created} and followed by {owner}, is still open {days} days after its creation.\nClose it (won or lost) or move it forward.\n\nOpen Tournée: {link}\n\nThis reminder is sent once for this opportunity; the administrator sets the reminders in the back office (“Relances”).\n";

    // The contacts' import (« Import de contacts ») and export.
    /// A file over the size limit.
    ImportTooLarge = "import_too_large" ["max"]
        fr: "Le fichier dépasse {max} Mo : rien n'a été lu. Coupez-le en plusieurs fichiers.",
        en: "The file is over {max} MB: nothing was read. Split it into several files.";
    /// The form came without a file.
    ImportNoFile = "import_no_file" []
        fr: "Choisissez un fichier CSV à importer.", en: "Choose a CSV file to import.";
    /// A header and nothing under it.
    ImportNoLines = "import_no_lines" []
        fr: "Le fichier n'a aucune ligne sous son en-tête.",
        en: "The file has no line under its header.";
    /// The upload is gone (imported, expired, another account's).
    ImportUploadGone = "import_upload_gone" []
        fr: "Ce fichier n'est plus disponible (déjà importé, expiré après une heure, ou envoyé depuis un autre compte) : envoyez-le à nouveau.",
        en: "This file is no longer available (already imported, expired after an hour, or sent from another account): send it again.";
    /// Two columns fill one field.
    ImportMappingTwice = "import_mapping_twice" ["target", "first", "column"]
        fr: "Les colonnes {first} et {column} remplissent toutes deux « {target} » : gardez-en une.",
        en: "Columns {first} and {column} both fill “{target}”: keep one.";
    /// No column fills the name.
    ImportMappingNoName = "import_mapping_no_name" []
        fr: "Aucune colonne ne remplit « Nom » : choisissez la colonne du nom ou de la raison sociale.",
        en: "No column fills “Name”: choose the column of the name or the company name.";
    /// A target code that does not exist (a forged form).
    ImportMappingUnknown = "import_mapping_unknown" ["column"]
        fr: "Colonne {column} : champ inconnu.", en: "Column {column}: unknown field.";
    /// Not one target per column (a forged form).
    ImportMappingCount = "import_mapping_count" ["expected", "found"]
        fr: "{found} choix pour {expected} colonnes.", en: "{found} choices for {expected} columns.";
    /// The owner chosen is no active user.
    ImportUnknownOwner = "import_unknown_owner" ["login"]
        fr: "« {login} » n'est pas un utilisateur actif : choisissez le propriétaire des fiches importées.",
        en: "“{login}” is not an active user: choose the owner of the imported records.";
    /// The dry run changed between its page and the confirmation.
    ImportChanged = "import_changed" []
        fr: "Les fiches ont changé depuis cet essai : rien n'a été importé. Voici l'essai refait ; vérifiez-le puis confirmez à nouveau.",
        en: "The records changed since this dry run: nothing was imported. Here is the dry run again; check it, then confirm again.";
    /// The import was asked without ticking the confirmation.
    ImportNotConfirmed = "import_not_confirmed" []
        fr: "Cochez la confirmation pour importer : rien n'a été importé.",
        en: "Tick the confirmation to import: nothing was imported.";
    /// The import done.
    ImportDone = "import_done" ["parties", "people", "skipped"]
        fr: "Import terminé : {parties} fiche(s) et {people} personne(s) créée(s) ; {skipped} ligne(s) laissée(s) de côté (ci-dessous).",
        en: "Import done: {parties} record(s) and {people} person(s) created; {skipped} line(s) left aside (below).";
    /// A line's problem in one of its columns.
    ImportProblemInColumn = "import_problem_in_column" ["column", "target", "message"]
        fr: "colonne {column} ({target}) : {message}", en: "column {column} ({target}): {message}";
    /// A line's problem in a field no column fills.
    ImportProblemNoColumn = "import_problem_no_column" ["target", "message"]
        fr: "{target} : {message}", en: "{target}: {message}";
    /// A line that looks like a party of the master.
    ImportDuplicateOfParty = "import_duplicate_of_party" ["name", "reasons"]
        fr: "ressemble à la fiche « {name} » ({reasons})",
        en: "looks like the record “{name}” ({reasons})";
    /// A line that looks like an earlier line of the file.
    ImportDuplicateOfLine = "import_duplicate_of_line" ["line", "reasons"]
        fr: "ressemble à la ligne {line} du fichier ({reasons})",
        en: "looks like line {line} of the file ({reasons})";
    /// Duplicate reason: the same SIRET.
    DuplicateSiret = "duplicate_siret" ["key"]
        fr: "même SIRET {key}", en: "same SIRET {key}";
    /// Duplicate reason: the same SIREN.
    DuplicateSiren = "duplicate_siren" ["key"]
        fr: "même SIREN {key}", en: "same SIREN {key}";
    /// Duplicate reason: the same phone.
    DuplicatePhone = "duplicate_phone" ["key"]
        fr: "même téléphone {key}", en: "same phone {key}";
    /// Duplicate reason: the same e-mail.
    DuplicateEmail = "duplicate_email" ["key"]
        fr: "même e-mail {key}", en: "same e-mail {key}";
    /// Duplicate reason: a near-identical name in the same postal code.
    DuplicateNamePostalCode = "duplicate_name_postal_code" ["key"]
        fr: "nom presque identique dans le code postal {key}",
        en: "near-identical name in postal code {key}";
    /// CSV: nothing at all.
    CsvEmpty = "csv_empty" []
        fr: "Le fichier est vide : il n'a pas même de ligne d'en-tête.",
        en: "The file is empty: not even a header line.";
    /// CSV: a UTF-8 mark over bytes that are not UTF-8.
    CsvBadUtf8 = "csv_bad_utf8" ["line"]
        fr: "Ligne {line} : le fichier annonce l'UTF-8 mais ne l'est pas. Enregistrez-le à nouveau en « CSV UTF-8 ».",
        en: "Line {line}: the file says UTF-8 but is not. Save it again as “CSV UTF-8”.";
    /// CSV: a quote never closed.
    CsvUnterminatedQuote = "csv_unterminated_quote" ["line", "column"]
        fr: "Ligne {line}, colonne {column} : un guillemet ouvert n'est jamais fermé.",
        en: "Line {line}, column {column}: a quote is opened and never closed.";
    /// CSV: a quote out of place.
    CsvStrayQuote = "csv_stray_quote" ["line", "column"]
        fr: "Ligne {line}, colonne {column} : guillemet inattendu (une cellule qui en contient doit être entre guillemets, et ses guillemets doublés).",
        en: "Line {line}, column {column}: unexpected quote (a cell holding one must be quoted, its quotes doubled).";
    /// CSV: not as many cells as the header.
    CsvFieldCount = "csv_field_count" ["line", "expected", "found"]
        fr: "Ligne {line} : {found} colonnes alors que l'en-tête en a {expected}.",
        en: "Line {line}: {found} columns where the header has {expected}.";
    /// CSV: a cell too long.
    CsvFieldTooLong = "csv_field_too_long" ["line", "column", "max"]
        fr: "Ligne {line}, colonne {column} : cellule de plus de {max} octets.",
        en: "Line {line}, column {column}: cell longer than {max} bytes.";
    /// CSV: a header cell without a name.
    CsvEmptyHeader = "csv_empty_header" ["column"]
        fr: "En-tête, colonne {column} : nom vide. Nommez chaque colonne.",
        en: "Header, column {column}: empty name. Name each column.";
    /// CSV: one header name twice.
    CsvDuplicateHeader = "csv_duplicate_header" ["name", "first", "column"]
        fr: "En-tête, colonne {column} : « {name} » nomme déjà la colonne {first}.",
        en: "Header, column {column}: “{name}” already names column {first}.";
    // The ERP import's report (back office, mail, command): a refused file, a refused row.
    /// A link, folder or device where an ERP file was expected.
    ErpFaultNotAFile = "erp_fault_not_a_file" ["file"]
        fr: "{file} : ce n'est pas un fichier ordinaire (un lien n'est jamais suivi)",
        en: "{file}: not a plain file (a link is never followed)";
    /// An ERP file too large.
    ErpFaultTooLarge = "erp_fault_too_large" ["file", "bytes", "max"]
        fr: "{file} : {bytes} octets, plus que les {max} acceptés",
        en: "{file}: {bytes} bytes, more than the {max} accepted";
    /// An ERP file the system would not read.
    ErpFaultUnreadable = "erp_fault_unreadable" ["file", "error"]
        fr: "{file} : illisible ({error})", en: "{file}: unreadable ({error})";
    /// A CSV fault with a line and a column.
    ErpFaultCsvAt = "erp_fault_csv_at" ["file", "line", "column", "detail"]
        fr: "{file}, ligne {line}, colonne {column} : CSV illisible ({detail})",
        en: "{file}, line {line}, column {column}: unreadable CSV ({detail})";
    /// A CSV fault with a line.
    ErpFaultCsvLine = "erp_fault_csv_line" ["file", "line", "detail"]
        fr: "{file}, ligne {line} : CSV illisible ({detail})",
        en: "{file}, line {line}: unreadable CSV ({detail})";
    /// A CSV fault of the whole file.
    ErpFaultCsv = "erp_fault_csv" ["file", "detail"]
        fr: "{file} : CSV illisible ({detail})", en: "{file}: unreadable CSV ({detail})";
    /// A mandatory header missing.
    ErpFaultMissingHeader = "erp_fault_missing_header" ["file", "header"]
        fr: "{file}, ligne 1 : la colonne obligatoire {header} manque",
        en: "{file}, line 1: the mandatory column {header} is missing";
    /// A header the file does not have.
    ErpFaultUnknownHeader = "erp_fault_unknown_header" ["file", "column", "header"]
        fr: "{file}, ligne 1, colonne {column} : colonne inconnue « {header} »",
        en: "{file}, line 1, column {column}: unknown column “{header}”";
    /// A value breaking its column's rule.
    ErpFaultBadValue = "erp_fault_bad_value" ["file", "line", "column", "header", "rule"]
        fr: "{file}, ligne {line}, colonne {column} ({header}) : {rule}",
        en: "{file}, line {line}, column {column} ({header}): {rule}";
    /// A full export without rows.
    ErpFaultEmptyExport = "erp_fault_empty_export" ["file"]
        fr: "{file} : aucune ligne ; un export complet vide est un export raté, il désactiverait tout",
        en: "{file}: no row; an empty full export is a failed export and would deactivate everything";
    /// Rule: too long.
    ErpRuleTooLong = "erp_rule_too_long" ["max"]
        fr: "plus de {max} caractères", en: "more than {max} characters";
    /// Rule: empty.
    ErpRuleEmpty = "erp_rule_empty" []
        fr: "valeur obligatoire vide", en: "mandatory value empty";
    /// Rule: integer.
    ErpRuleNotInteger = "erp_rule_not_integer" []
        fr: "pas un nombre entier", en: "not a whole number";
    /// Rule: date.
    ErpRuleNotDate = "erp_rule_not_date" []
        fr: "pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)", en: "not a date (YYYY-MM-DD or DD/MM/YYYY)";
    /// Rule: time.
    ErpRuleNotTime = "erp_rule_not_time" []
        fr: "pas une heure (hh:mm)", en: "not a time (hh:mm)";
    /// Rule: month.
    ErpRuleNotMonth = "erp_rule_not_month" []
        fr: "pas un mois (AAAA-MM)", en: "not a month (YYYY-MM)";
    /// Rule: amount.
    ErpRuleNotAmount = "erp_rule_not_amount" []
        fr: "pas un montant en euros (au plus deux décimales)", en: "not an amount in euros (at most two decimals)";
    /// Rule: one of codes.
    ErpRuleNotOneOf = "erp_rule_not_one_of" ["allowed"]
        fr: "pas l'un des codes {allowed}", en: "not one of the codes {allowed}";
    /// Rule: control character.
    ErpRuleControl = "erp_rule_control" []
        fr: "contient un caractère de contrôle", en: "holds a control character";
    /// A row naming an unknown client.
    ErpRowUnknownClient = "erp_row_unknown_client" ["file", "line", "client"]
        fr: "{file}, ligne {line} : client inconnu {client}, ligne ignorée",
        en: "{file}, line {line}: unknown client {client}, row skipped";
    /// A row whose key came earlier.
    ErpRowDuplicate = "erp_row_duplicate" ["file", "line", "key", "first"]
        fr: "{file}, ligne {line} : la clé {key} figure déjà ligne {first}, ligne ignorée",
        en: "{file}, line {line}: key {key} already on line {first}, row skipped";
    /// A user whose ERP code belongs to another user.
    ErpRowCodeTaken = "erp_row_code_taken" ["file", "line", "code", "user"]
        fr: "{file}, ligne {line} : le code ERP {code} appartient déjà à {user}, ligne ignorée",
        en: "{file}, line {line}: ERP code {code} already belongs to {user}, row skipped";
    /// A relation about something else than a client.
    ErpRowNotAClient = "erp_row_not_a_client" ["file", "line", "type"]
        fr: "{file}, ligne {line} : type_entite {type}, seules les lignes client (C) sont importées, ligne ignorée",
        en: "{file}, line {line}: type_entite {type}, only client rows (C) are imported, row skipped";
    /// Subject of an ERP import with something refused.
    MailErpSubject = "mail_erp_subject" []
        fr: "[Tournée] Import ERP : refus à corriger", en: "[Tournée] ERP import: refusals to fix";
    /// Body when a file refused the run.
    MailErpFileRefusedBody = "mail_erp_file_refused_body" ["at", "folder", "fault"]
        fr: "L'import ERP du {at} (dossier {folder}) a été refusé en entier, rien n'a été modifié :\n{fault}\n\nCorrigez le fichier (ou l'export de l'ERP) puis relancez « tournee-server erp import ». Le rapport est dans le back-office, page « Suivi ».\n",
        en: "The ERP import of {at} (folder {folder}) was refused whole; nothing changed:\n{fault}\n\nFix the file (or the ERP's export) and run « tournee-server erp import » again. The report is in the back office, page « Suivi ».\n";
    /// Body when rows were skipped.
    MailErpRowsRefusedBody = "mail_erp_rows_refused_body" ["at", "folder", "count", "lines"]
        fr: "L'import ERP du {at} (dossier {folder}) a été appliqué, sauf {count} ligne(s) refusée(s) :\n{lines}\nLe rapport complet est dans le back-office, page « Suivi ».\n",
        en: "The ERP import of {at} (folder {folder}) was applied, except {count} refused row(s):\n{lines}\nThe whole report is in the back office, page « Suivi ».\n";
    // The one user directory (issue 13): signing in whatever the role, the users page.
    /// Title of the home page of a signed-in user whose role has no back-office page.
    NothingForRoleTitle = "nothing_for_role_title" []
        fr: "Rien pour votre rôle ici", en: "Nothing for your role here";
    /// The home page of a rep, a manager or an observer signed in.
    NothingForRole = "nothing_for_role" ["role"]
        fr: "Vous êtes connecté avec le rôle « {role} ». Le back-office ne propose rien à ce rôle : vos fiches sont dans l'application Tournée, sur votre portable ou dans ce navigateur.",
        en: "You are signed in with the role « {role} ». The back office offers nothing to this role: your records are in the Tournée app, on your laptop or in this browser.";
    /// An admin taking the admin role from themself (the last way in must stay open).
    OwnAdminRole = "own_admin_role" []
        fr: "vous ne pouvez pas retirer votre propre rôle d'administrateur : demandez-le à un autre administrateur",
        en: "you cannot take away your own administrator role: ask another administrator";
    /// Notice after a temporary password was set, with the password shown once.
    PasswordSet = "password_set" ["login"]
        fr: "Mot de passe provisoire de « {login} », affiché une seule fois ; la personne en choisira un autre à sa prochaine connexion :",
        en: "Temporary password of « {login} », shown once; the person will choose another at their next sign-in:";
    // Webhooks (the admin's « Webhooks » page, docs/webhooks.md).
    /// A webhook URL empty or too long.
    WebhookUrlLength = "webhook_url_length" ["max"]
        fr: "adresse obligatoire, {max} caractères au plus",
        en: "address required, at most {max} characters";
    /// A webhook URL that is not one.
    WebhookUrlUnreadable = "webhook_url_unreadable" []
        fr: "ce n'est pas une adresse web complète (exemple : https://crm.example.fr/tournee)",
        en: "this is not a complete web address (for example https://crm.example.fr/tournee)";
    /// A webhook URL neither https nor http.
    WebhookUrlScheme = "webhook_url_scheme" []
        fr: "l'adresse doit commencer par https:// (ou http:// vers cette machine seulement)",
        en: "the address must start with https:// (or http:// to this machine only)";
    /// A webhook URL in plain http to another machine.
    WebhookUrlPlainHttp = "webhook_url_plain_http" []
        fr: "http:// n'est accepté que vers cette machine (localhost, 127.0.0.1, ::1) : les données et leur signature passeraient en clair sur le réseau ; utilisez https://",
        en: "http:// is accepted only to this machine (localhost, 127.0.0.1, ::1): the data and its signature would cross the network in clear; use https://";
    /// A webhook URL with a user name or password.
    WebhookUrlCredentials = "webhook_url_credentials" []
        fr: "pas d'identifiant ni de mot de passe dans l'adresse : l'authenticité se vérifie par la signature",
        en: "no user name or password in the address: authenticity is checked through the signature";
    /// No event type ticked.
    WebhookNoEventType = "webhook_no_event_type" []
        fr: "cochez au moins un type d'événement", en: "tick at least one event type";
    /// An event type that does not exist.
    WebhookUnknownEventType = "webhook_unknown_event_type" ["type"]
        fr: "type d'événement inconnu : « {type} »", en: "unknown event type: « {type} »";
    /// Title of a webhook action refused.
    WebhookRefusedTitle = "webhook_refused_title" []
        fr: "Action impossible sur le webhook", en: "Webhook action impossible";
    /// A subscription that does not exist (deleted meanwhile).
    WebhookUnknown = "webhook_unknown" ["id"]
        fr: "Aucun webhook n'a le numéro {id} (il a pu être supprimé) : revenez à la liste des webhooks.",
        en: "No webhook has the number {id} (it may have been deleted): go back to the list of webhooks.";
    /// A delivery that does not exist.
    WebhookDeliveryUnknownTitle = "webhook_delivery_unknown_title" []
        fr: "Envoi introuvable", en: "Delivery not found";
    /// Notice after a subscription was created, its secret shown once.
    WebhookCreated = "webhook_created" ["url"]
        fr: "Webhook créé vers {url}. Son secret de signature, affiché une seule fois (copiez-le dans le programme qui reçoit) :",
        en: "Webhook created to {url}. Its signing secret, shown once (copy it into the receiving program):";

    // Meeting invitations (issue 15): the mail around the iCalendar part.
    /// Subject of a meeting invitation, to its attendee.
    MailMeetingSubject = "mail_meeting_subject" ["subject", "when"]
        fr: "[Réunion] {subject} — {when}", en: "[Meeting] {subject} — {when}";
    /// Subject of an invitation updated (a later SEQUENCE).
    MailMeetingUpdatedSubject = "mail_meeting_updated_subject" ["subject", "when"]
        fr: "[Réunion modifiée] {subject} — {when}", en: "[Meeting changed] {subject} — {when}";
    /// Subject of a meeting cancelled.
    MailMeetingCancelledSubject = "mail_meeting_cancelled_subject" ["subject", "when"]
        fr: "[Réunion annulée] {subject} — {when}", en: "[Meeting cancelled] {subject} — {when}";
    /// Body of a meeting invitation; times in the server's time zone (Europe/Paris).
    MailMeetingBody = "mail_meeting_body" ["organiser", "party", "when", "until", "place", "notes"]
        fr: "{organiser} vous invite à une réunion avec {party}.\n\nDébut : {when}\nFin : {until}\nLieu : {place}\n\n{notes}\n\nL'invitation jointe s'ajoute à votre agenda.\n",
        en: "{organiser} invites you to a meeting with {party}.\n\nStart: {when}\nEnd: {until}\nPlace: {place}\n\n{notes}\n\nThe attached invitation adds it to your calendar.\n";
    /// Body of a meeting cancelled.
    MailMeetingCancelledBody = "mail_meeting_cancelled_body" ["organiser", "party", "when"]
        fr: "{organiser} a annulé la réunion avec {party} prévue le {when}.\n",
        en: "{organiser} cancelled the meeting with {party} planned on {when}.\n";
    // Pipelines (issue 15): their problems, each naming the pipeline or the stage.
    /// A pipeline or stage code of the wrong shape.
    PipelineCodeShape = "pipeline_code_shape" ["code"]
        fr: "code « {code} » : de 1 à 32 lettres minuscules, chiffres ou _",
        en: "code “{code}”: 1 to 32 lower-case letters, digits or _";
    /// A pipeline code twice, or a stage code twice in one pipeline.
    PipelineCodeTwice = "pipeline_code_twice" ["code"]
        fr: "le code « {code} » est déjà pris", en: "the code “{code}” is already taken";
    /// A pipeline or stage without a label.
    PipelineLabel = "pipeline_label" ["code"]
        fr: "« {code} » : un libellé de 1 à 60 caractères",
        en: "“{code}”: a label of 1 to 60 characters";
    /// A pipeline without stages or with too many.
    PipelineStageCount = "pipeline_stage_count" ["code"]
        fr: "le pipeline « {code} » a de 1 à 12 étapes",
        en: "the pipeline “{code}” has 1 to 12 stages";
    /// A probability above 100.
    PipelineProbability = "pipeline_probability" ["pipeline", "stage"]
        fr: "étape « {stage} » du pipeline « {pipeline} » : une probabilité de 0 à 100 %",
        en: "stage “{stage}” of pipeline “{pipeline}”: a probability from 0 to 100 %";
    /// A probability not above the previous stage's.
    PipelineNotRising = "pipeline_not_rising" ["pipeline", "stage"]
        fr: "étape « {stage} » du pipeline « {pipeline} » : sa probabilité doit dépasser celle de l'étape précédente",
        en: "stage “{stage}” of pipeline “{pipeline}”: its probability must be above the previous stage's";
    /// Two pipelines for one team.
    PipelineTeamTwice = "pipeline_team_twice" ["team"]
        fr: "l'équipe « {team} » a déjà un pipeline", en: "the team “{team}” already has a pipeline";
    /// No default pipeline.
    PipelineNoDefault = "pipeline_no_default" []
        fr: "il faut un pipeline par défaut (sans équipe), pour les utilisateurs sans équipe",
        en: "a default pipeline (without a team) is needed, for the users in no team";
    /// Too many pipelines.
    PipelineTooMany = "pipeline_too_many" []
        fr: "50 pipelines au plus", en: "50 pipelines at most";
    /// A parameter naming a user with something that is no login.
    NotAUserLogin = "not_a_user_login" ["typed"]
        fr: "« {typed} » n'est pas un identifiant d'utilisateur",
        en: "“{typed}” is not a user login";
    /// The « Pipelines » page's notice after a change.
    PipelinesSaved = "pipelines_saved" []
        fr: "Pipelines enregistrés ; les commerciaux les recevront avec leur prochaine base hors ligne.",
        en: "Pipelines saved; the reps receive them with their next offline database.";
    /// The team column of the default pipeline.
    PipelineDefaultTeam = "pipeline_default_team" []
        fr: "par défaut", en: "default";
    /// A pipeline or stage that does not exist (deleted meanwhile).
    PipelineUnknown = "pipeline_unknown" ["code"]
        fr: "« {code} » n'existe pas (il a pu être supprimé entre-temps)",
        en: "“{code}” does not exist (it may have been deleted meanwhile)";
    /// A pipeline or stage some opportunities use.
    PipelineInUse = "pipeline_in_use" ["code", "opportunities"]
        fr: "« {code} » est utilisé par {opportunities} opportunité(s) : il ne se supprime pas",
        en: "“{code}” is used by {opportunities} opportunity(ies): it cannot be deleted";
    /// An assignee who is not an active user.
    PipelineUnknownAssignee = "pipeline_unknown_assignee" ["login"]
        fr: "« {login} » n'est pas un utilisateur actif", en: "“{login}” is not an active user";
    /// A probability typed that is no whole number from 0 to 100.
    PipelineProbabilityTyped = "pipeline_probability_typed" ["typed"]
        fr: "probabilité « {typed} » : un nombre entier de 0 à 100",
        en: "probability “{typed}”: a whole number from 0 to 100";
}
