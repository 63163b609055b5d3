// Les phrases françaises des erreurs de l'application (codes et valeurs envoyés par Rust).
// Le texte suit mot pour mot l'ancien catalogue Rust (crates/tournee-field) et celui des
// règles du domaine (tournee-core), que le serveur garde pour ses courriels.
import type { ErrorCatalogue, Value } from './types';

/** "2026-11-23" → "23/11/2026". */
/** A quote's status code as the rep reads it. */
const quoteStatusFr = (code: string): string =>
  ({ draft: 'Brouillon', sent: 'Envoyé', accepted: 'Accepté', refused: 'Refusé' } as Record<string, string>)[code] ?? code;

const date = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
};

/** "d9", "l2", "e5", "=U" → « 9 chiffres », « 2 lettres »… */
function run(token: string): string {
  const n = Number(token.slice(1));
  switch (token[0]) {
    case 'd':
      return n === 1 ? '1 chiffre' : `${n} chiffres`;
    case 'l':
      return n === 1 ? '1 lettre' : `${n} lettres`;
    case 'e':
      return `${n} lettre(s) ou chiffre(s)`;
    default:
      return `« ${token.slice(1)} »`;
  }
}

/** The shapes of a VAT number (tokens from tournee-core's `format_tokens`), in words. */
const shapes = (tokens: string) =>
  tokens
    .split('|')
    .map((shape) => shape.split(' ').map(run).join(' puis '))
    .join(' ou ');

const charClass = (v: Value) =>
  ({ digit: 'un chiffre', letter: 'une lettre', alphanumeric: 'une lettre ou un chiffre' })[v('class')] ?? v('class');

export const frErrors: ErrorCatalogue = {
  errors: {
    missing_mandatory: (v) => `Le champ « ${v('label')} » est obligatoire.`,
    too_long: (v) => `Le champ « ${v('label')} » dépasse ${v('max')} caractères (${v('len')} saisis).`,
    unknown_field: (v) => `Le champ « ${v('field')} » n'existe pas.`,
    invalid_format: (v) => `Le champ « ${v('label')} » n'est pas valide : ${v('expected')} attendu.`,
    invalid_integer: (v) => `Le champ « ${v('label')} » doit être un nombre entier.`,
    invalid_date: (v) => `Le champ « ${v('label')} » doit être une date valide (AAAA-MM-JJ).`,
    invalid_time: (v) => `Le champ « ${v('label')} » doit être une heure HH:MM, de 00:00 à 23:59.`,
    invalid_iban: (v) => `Le champ « ${v('label')} » n'est pas valide : ${v('reason')}.`,
    invalid_bic: (v) =>
      `Le champ « ${v('label')} » n'est pas un BIC valide (8 ou 11 caractères : banque, pays, localité, agence).`,
    invalid_siret: (v) => `Le champ « ${v('label')} » n'est pas un SIRET valide : ${v('reason')}.`,
    invalid_siren: (v) =>
      `Le champ « ${v('label')} » n'est pas un SIREN valide (9 chiffres dont une clé de contrôle).`,
    invalid_vat: (v) => `Le champ « ${v('label')} » n'est pas un numéro de TVA valide : ${v('reason')}.`,
    invalid_phone: (v) => `Le champ « ${v('label')} » n'est pas un numéro de téléphone.`,
    payment_mode_not_allowed: (v) =>
      v('category') === ''
        ? `Le mode de règlement ${v('mode')} est réservé aux agriculteurs : renseignez la catégorie client.`
        : `Le mode de règlement ${v('mode')} n'est pas possible pour la catégorie client « ${v('category')} » (réservé aux agriculteurs).`,
    due_date_locked: (v) =>
      `Avec le mode de règlement CH, « ${v('label')} » est fixé à ${v('expected_days')} jours date de facture.`,
    signature_required: () => 'Le mode de règlement LD exige la signature du client.',
    future_date: (v) =>
      `La date de visite (${date(v('visit'))}) ne peut pas être dans le futur (saisie le ${date(v('written_on'))}).`,
    date_out_of_bound: (v) =>
      `La date de visite (${date(v('visit'))}) est trop ancienne : au plus ${v('bound_days')} jours en arrière (le ${date(v('oldest_allowed'))} au plus tôt).`,
    invalid_answers: (v) => `Formulaire de visite, question « ${v('label')} » : ${v('reason')}.`,
    invalid_form: (v) => `Formulaire de visite mal construit (« ${v('label')} ») : ${v('reason')}.`,
    unknown_fleet_type: (v) => `Le type de parc « ${v('code')} » n'existe pas.`,
    too_many_vehicles: (v) =>
      `Type de parc ${v('code')} : ${v('count')} véhicules, c'est plus que le maximum de ${v('max')}.`,
    line_break: (v) =>
      `Le champ « ${v('label')} » doit tenir sur une ligne : retour à la ligne ou tabulation interdits.`,
    forbidden_character: (v) =>
      `Le champ « ${v('label')} » contient un caractère invisible interdit (U+${v('code_point')}) : retirez-le.`,
    invalid_email: (v) => `Le champ « ${v('label')} » n'est pas une adresse e-mail (nom@domaine.fr).`,

    value_unchanged: () => "La nouvelle valeur est identique à l'actuelle.",
    nothing_changed: () => "Aucune valeur n'est différente de la fiche actuelle.",
    date_in_past: () => "La date doit être aujourd'hui ou plus tard.",
    bad_signature_image: () => 'La signature doit être dessinée dans le cadre.',
    invalid_range: (v) => `La fin doit suivre le début, sur ${v('max_days')} jours au plus.`,
    // CRM records (crm-write).
    unknown_action_type: (v) => `Le type d'action « ${v('code')} » n'est pas proposé : choisissez-en un dans la liste.`,
    not_a_reminder: () => "Ce rappel n'est pas une tâche ouverte de ce contact : rouvrez la fiche et recommencez.",
    not_a_company: () => 'Seule une entreprise a des personnes : un particulier est lui-même la personne.',
    todo_already_done: () => 'Cette tâche est déjà faite.',
    linked_party: (v) =>
      v('op') === 'delete'
        ? v('link') === 'prospect'
          ? 'Ce contact est celui d’un prospect : il ne se supprime pas ici, il part avec le prospect (fiche prospect).'
          : 'Ce contact est celui d’un client : il ne se supprime pas.'
        : v('link') === 'prospect'
          ? `Le champ « ${v('label')} » vient de la fiche prospect : modifiez-le sur la fiche prospect.`
          : `Le champ « ${v('label')} » vient de la fiche client : il se corrige par une demande de modification.`,
    opportunity_move: (v) => {
      switch (v('rule')) {
        case 'opportunity_stage_skipped':
          return `Une opportunité passe par chaque étape : depuis « ${v('from')} », l'étape suivante est « ${v('next')} », pas « ${v('to')} ».`;
        case 'opportunity_won_before_last_stage':
          return `Une opportunité se gagne depuis la dernière étape (« ${v('last')} ») : elle est encore en « ${v('stage')} ».`;
        case 'opportunity_loss_reason_missing':
          return 'Dites pourquoi l’opportunité est perdue.';
        case 'opportunity_closed':
          return 'Cette opportunité est close : elle ne se modifie plus.';
        case 'opportunity_not_first_stage':
          return `Une opportunité commence à la première étape (« ${v('first')} »).`;
        case 'opportunity_pipeline_changed':
          return `Une opportunité reste dans son pipeline (« ${v('pipeline')} »).`;
        case 'opportunity_created_closed':
          return 'Une opportunité se crée ouverte.';
        case 'opportunity_unknown_stage':
          return `L'étape « ${v('stage')} » n'est pas une étape du pipeline « ${v('pipeline')} ».`;
        default:
          return `Le pipeline « ${v('pipeline')} » n'existe pas (ou plus) : rechargez vos bases.`;
      }
    },
    quote_lifecycle: (v) => {
      switch (v('rule')) {
        case 'quote_status_move':
          return `Un devis passe de brouillon à envoyé, puis à accepté ou refusé : il ne peut pas aller de « ${quoteStatusFr(v('from'))} » à « ${quoteStatusFr(v('to'))} ».`;
        case 'quote_closed':
          return `Ce devis est ${quoteStatusFr(v('status')).toLowerCase()} : il ne se modifie plus.`;
        case 'quote_opportunity_lost':
          return 'L’opportunité de ce devis est perdue : le devis ne peut plus être accepté.';
        default:
          return 'Un devis se crée en brouillon.';
      }
    },
    unknown_choice: (v) => `« ${v('value')} » ne fait pas partie des choix proposés pour « ${v('label')} » : choisissez dans la liste.`,
    unknown_record: (v) => `Cet élément (${v('entity')} ${v('id')}) n'est pas ou plus dans vos bases.`,
    duplicates: (v) =>
      `Ce contact ressemble à ${v('count')} fiche(s) existante(s) : ${v('names')}. Ouvrez-en une, ou créez quand même.`,

    not_configured: () => "L'application n'est pas encore configurée.",
    folder_empty: () => 'Indiquez un dossier.',
    folder_missing: (v) => `Ce dossier n'existe pas (${v('path')}).`,
    folder_not_writable: (v) => `Impossible d'écrire dans ce dossier (${v('path')}).`,
    folder_no_manifest: (v) =>
      `Ce dossier ne contient pas de base hors ligne (manifest.json absent ou illisible) (${v('path')}).`,
    folder_database_missing: (v) => `La base annoncée par le manifeste est absente (${v('path')}).`,
    user_not_in_snapshot: (v) => `${v('user')} n'est pas dans la table des utilisateurs de cette base.`,
    user_unknown: (v) => `L'utilisateur « ${v('user')} » est inconnu du serveur.`,
    user_other_reps_folder: (v) => `Ce dossier de bases appartient à « ${v('owner')} », pas à « ${v('user')} ».`,
    no_snapshot: (v) =>
      `Aucune base hors ligne n'est encore arrivée dans ${v('folder')} : connectez-vous pour recevoir vos bases.`,
    manifest: (v) => `Le manifeste des bases est illisible (${v('detail')}).`,
    snapshot_mismatch: () =>
      "La nouvelle base reçue est incomplète ou abîmée ; l'ancienne reste utilisée. Réessayez après la prochaine synchronisation.",
    snapshot_too_new: () =>
      "Une base plus récente est arrivée, mais elle demande une version plus récente de l'application ; l'ancienne base reste utilisée. Faites mettre à jour Tournée.",
    unknown_client: (v) => `Le client ${v('code')} n'est pas dans vos bases.`,
    unknown_prospect: (v) => `Le prospect ${v('id')} n'est pas dans vos bases.`,
    other_reps_figures: () =>
      'Action non autorisée : seuls les administrateurs voient les chiffres des autres commerciaux.',
    not_portfolio_client: (v) =>
      `Action non autorisée : la date de revoir et le type de parc du client ${v('client')} appartiennent au commercial dont il est le client.`,
    prospect_being_deleted: () => 'Action non autorisée : ce prospect est en cours de suppression.',
    prospect_awaiting_validation: () => 'Action non autorisée : ce prospect attend la validation de la comptabilité.',
    prospect_not_yours: () =>
      'Action non autorisée : seul le créateur du prospect ou le commercial à qui il est affecté peut le supprimer.',
    not_an_export: (v) => `Action non autorisée : ${v('path')} n'est pas un fichier exporté par l'application.`,
    disk_full: () =>
      "Le disque est plein : la modification n'a pas été envoyée. Votre saisie est conservée ; libérez de la place puis validez à nouveau.",
    write_failed: (v) =>
      `La modification n'a pas pu être écrite dans le dossier d'envoi (${v('detail')}). Votre saisie est conservée.`,
    not_opened: (v) => `Aucune application n'a pu ouvrir le fichier ; il est enregistré ici : ${v('path')}`,
    internal: (v) => `Erreur interne : ${v('detail')}`,
    change_refused: (v) => `Le serveur a refusé la modification : ${v('detail')}`,
    signed_out: () => 'Votre session a pris fin : reconnectez-vous.',
    not_online: () => "Cette fonction n'existe que dans l'application du portable.",

    link_not_enrolled: () => "Cet ordinateur n'est pas enrôlé pour le transport HTTPS.",
    link_offline: (v) => `Serveur injoignable (${v('detail')}).`,
    link_certificate_changed: (v) =>
      `Le certificat du serveur a changé (attendu ${v('expected')}, reçu ${v('seen')}) : contactez l'administrateur.`,
    link_bad_answer: (v) => `Réponse du serveur illisible (${v('detail')}).`,
    link_hash_mismatch: () => 'La base reçue ne correspond pas à son empreinte : elle sera téléchargée à nouveau.',
    link_io: (v) => `Fichier de synchronisation illisible ou impossible à écrire : ${v('path')} (${v('detail')}).`,
    link_key: (v) => `La clé de cet ordinateur est illisible (${v('detail')}).`,
    link_not_https: () => "L'adresse doit commencer par https://.",
    link_not_just_host_and_port: () => 'Indiquez seulement https://serveur:port, sans chemin.',
    link_code_shape: () => 'Le code a 16 caractères, par exemple K7QM-3XPD-9RTA-WZ4C.',
    link_code_for_another_user: (v) =>
      `Ce code enrôle un portable pour « ${v('code_user')} », l'application est configurée pour « ${v('app_user')} ».`,
    link_code_refused: () =>
      "Refusé par le serveur : code d'enrôlement inconnu. Vérifiez-le caractère par caractère et comparez l'empreinte du certificat à celle de l'administrateur, ou demandez un autre code.",
    link_too_many_attempts: () =>
      "Trop d'essais depuis cet ordinateur : patientez quelques minutes avant de réessayer.",
    link_code_used: () =>
      "Refusé par le serveur : code d'enrôlement déjà utilisé. Demandez-en un autre à l'administrateur.",
    link_code_expired: () =>
      "Refusé par le serveur : code d'enrôlement expiré. Demandez-en un autre à l'administrateur.",
    link_code_burnt: () => "Ce code d'enrôlement est bloqué après trop d'essais : demandez-en un autre.",
    link_key_taken: () => "Cette clé est déjà enrôlée : relancez l'enrôlement.",
    link_unknown_user: () =>
      "L'utilisateur de ce code n'est pas actif sur le serveur : contactez l'administrateur.",
    link_device_revoked: () =>
      "Cet ordinateur n'est plus autorisé par le serveur : demandez un nouveau code à l'administrateur.",
    link_signature_refused: () =>
      'Le serveur a refusé la signature de la demande : la prochaine synchronisation réessaiera.',
    link_server_internal: () => 'Erreur interne du serveur : la prochaine synchronisation réessaiera.',
    link_refused: (v) => `Le serveur a refusé la demande : ${v('server_message')} (${v('server_code')}).`,
    link_failed: (v) => `Échec de la synchronisation (${v('code')}).`,
  },
  reasons: {
    iban_characters: () => 'seuls des lettres, des chiffres et des espaces sont permis',
    iban_prefix: () => 'il doit commencer par le code pays et deux chiffres de clé',
    iban_unknown_country: (v) => `le pays « ${v('country')} » n'a pas d'IBAN connu`,
    iban_length: (v) => `un IBAN ${v('country')} compte ${v('expected')} caractères (${v('found')} saisis)`,
    iban_territory_of: (v) =>
      `« ${v('country')} » n'a pas d'IBAN propre, ses comptes ont un IBAN ${v('iban_country')}`,
    iban_structure: (v) => `le caractère ${v('position')} d'un IBAN ${v('country')} doit être ${charClass(v)}`,
    iban_checksum: () => 'la clé de contrôle est fausse',
    siret_shape: () => '14 chiffres attendus',
    siret_siren_key: () => 'la clé des 9 premiers chiffres (le SIREN) est fausse',
    siret_establishment_key: () => 'la clé de contrôle des 14 chiffres est fausse',
    vat_characters: () => 'seuls des lettres, des chiffres, des espaces, des points et des tirets sont permis',
    vat_prefix: () => 'il doit commencer par le code du pays (FR pour la France)',
    vat_not_eu: (v) =>
      `« ${v('prefix')} » n'est pas le préfixe d'un État de l'Union européenne (EL pour la Grèce, XI pour l'Irlande du Nord)`,
    vat_format: (v) => `un numéro ${v('country')} compte ${shapes(v('shapes'))} après « ${v('country')} »`,
    vat_french_key: () => 'la clé (les 2 chiffres après FR) ne correspond pas au SIREN qui suit',
    vat_french_siren: () => 'les 9 derniers chiffres ne sont pas un SIREN (clé de contrôle fausse)',
    vat_french_letter_key: () =>
      'une clé avec des lettres ne peut pas être vérifiée ici : saisissez la clé à 2 chiffres, ou laissez le champ vide',
    vat_siren_mismatch: (v) =>
      `il porte le SIREN ${v('vat_siren')}, alors que le SIRET donné est celui du SIREN ${v('siret_siren')}`,
    answer_unknown_group: () => "cette question n'existe pas",
    answer_unknown_option: (v) => `choix « ${v('option')} » inconnu`,
    answer_one_expected: () => 'un seul choix attendu',
    answer_list_expected: () => 'une liste de choix attendue',
    answer_duplicate_option: (v) => `choix « ${v('option')} » coché deux fois`,
    answer_parent_not_selected: (v) => `sous-question répondue sans le choix « ${v('option')} »`,
    answer_required: () => 'réponse obligatoire',
    form_missing_group_id: () => 'question sans identifiant',
    form_missing_group_label: () => 'question sans libellé',
    form_duplicate_group: () => 'identifiant de question en double',
    form_no_options: () => 'une question à choix unique doit proposer au moins un choix',
    form_missing_option_id: () => 'choix sans identifiant',
    form_missing_option_label: (v) => `choix « ${v('option')} » sans libellé`,
    form_duplicate_option: (v) => `identifiant de choix « ${v('option')} » en double`,
  },
  // Ce que le serveur a refusé dans un fichier de changement (codes de tournee_sync::Detail), mot pour mot comme le catalogue du serveur.
  refusals: {
    name_shape: (v) => `« ${v('name')} » n'a pas la forme <TYPE>_<utilisateur>_<ULID>.json`,
    name_type: (v) => `type « ${v('type_code')} » inconnu (VC, MC, CP, MP, VP ou CC attendu)`,
    name_user: (v) => `nom d'utilisateur « ${v('user')} » invalide (1 à 64 caractères parmi A-Z a-z 0-9 . _ -)`,
    name_change_id: (v) => `identifiant « ${v('change_id')} » invalide (ULID de 26 caractères en majuscules attendu)`,
    oversized: (v) => `${v('size')} octets, maximum ${v('max')}`,
    signature_key_unreadable: () => 'clé publique illisible',
    signature_unreadable: () => 'signature illisible',
    signature_mismatch: () => 'la signature ne correspond pas au contenu (fichier modifié ?)',
    bom: () => "le fichier commence par une marque d'ordre d'octets (BOM)",
    not_utf8: (v) => `pas en UTF-8 : ${v('error')}`,
    json_syntax: (v) => `JSON illisible : ${v('error')}`,
    not_an_object: () => 'le fichier doit contenir un objet JSON',
    duplicate_key: (v) => `la clé « ${v('key')} » figure deux fois dans un même objet (ligne ${v('line')}, colonne ${v('column')})`,
    unsupported_spec: (v) => `version ${v('version')} de la spécification non prise en charge (version ${v('expected')} attendue)`,
    envelope: (v) => `enveloppe : ${v('error')}`,
    not_ulid: (v) => `${v('field')} « ${v('value')} » n'est pas un ULID`,
    unknown_type: (v) => `type « ${v('type_code')} » inconnu`,
    payload: (v) => `contenu ${v('type_code')} : ${v('error')}`,
    empty_client_change: () => 'une modification client doit contenir changes, revisit ou fleet',
    delete_with_content: () => 'une suppression ne porte ni champs ni contacts',
    update_without_content: () => 'une mise à jour doit porter des champs ou des contacts',
    visit_time: (v) => `visit_time « ${v('value')} » n'est pas une heure HH:MM`,
    mismatch_type: (v) => `type : « ${v('in_name')} » dans le nom, « ${v('in_body')} » dans le contenu`,
    mismatch_user: (v) => `utilisateur : « ${v('in_name')} » dans le nom, « ${v('in_body')} » dans le contenu`,
    mismatch_change_id: (v) => `identifiant : « ${v('in_name')} » dans le nom, « ${v('in_body')} » dans le contenu`,
    foreign_folder: (v) => `le fichier est au nom de « ${v('user')} » mais arrive dans le dossier de « ${v('folder')} »`,
    devices_unreadable: (v) => `lecture des appareils impossible : ${v('error')}`,
    unsigned: (v) => `« ${v('user')} » a un appareil enrôlé : ses fichiers doivent être signés`,
    unknown_device: (v) => `appareil « ${v('device')} » inconnu`,
    foreign_device: (v) => `l'appareil « ${v('device')} » n'appartient pas à « ${v('user')} »`,
    device_key: (v) => `la clé ne correspond pas à celle de l'appareil « ${v('device')} »`,
    revoked_device: (v) => `l'appareil « ${v('device')} » a été révoqué le ${v('at')}`,
    unknown_user: (v) => `l'utilisateur « ${v('user')} » n'est pas dans la table de correspondance`,
    inactive_user: (v) => `l'utilisateur « ${v('user')} » est désactivé`,
    file_from_future: (v) => `le fichier est daté du ${v('created_at')} alors qu'il est arrivé sur le serveur le ${v('arrival')}`,
    stale_file: (v) => `le fichier est daté du ${v('created_at')} mais n'est arrivé sur le serveur que le ${v('arrival')}, plus de ${v('days')} jours après (durée maximale hors ligne) ; si ce portable est vraiment resté hors ligne aussi longtemps, augmentez ce paramètre puis « Réessayer »`,
    rules: (v) => v('problems'),
    unstorable: (v) => `valeur impossible à enregistrer : ${v('error')}`,
    inactive_client: (v) => `le client « ${v('client')} » n'est plus actif`,
    unknown_client: (v) => `le code client « ${v('client')} » n'existe pas`,
    not_portfolio_client: (v) => `le client « ${v('client')} » est dans le portefeuille du commercial « ${v('owner')} », pas dans celui de « ${v('user')} » (${v('erp_code')}) : seul son commercial fixe la date de revoir et le type de parc`,
    not_owner: (v) => `le prospect ${v('prospect')} appartient à « ${v('created_by')} » (attribué à « ${v('assignee')} »)`,
    prospect_deleted: (v) => `le prospect ${v('prospect')} a été supprimé`,
    prospect_converted: (v) => `le prospect ${v('prospect')} est devenu client`,
    prospect_exists: (v) => `le prospect ${v('prospect')} existe déjà`,
    conversion_pending: (v) => `une demande de création est déjà en attente pour le prospect ${v('prospect')}`,
    prospect_name_cleared: () => 'le nom du prospect ne peut pas être effacé',
    prospect_name_blank: () => 'le nom du prospect ne peut pas être vide',
    signature_media_type: (v) => `signature : format « ${v('media_type')} » non accepté (image/png attendu)`,
    signature_base64: (v) => `signature illisible : ${v('error')}`,
    signature_not_png: () => "la signature n'est pas une image PNG",
    prospect_never_arrived: (v) => `le prospect ${v('prospect')} n'est jamais arrivé (attente de plus de ${v('days')} jours)`,
    spec_of_type: (v) => `un fichier ${v('type_code')} est de la version ${v('expected')} de la spécification, pas de la version ${v('version')}`,
    unknown_entity: (v) => `type de fiche « ${v('entity')} » inconnu (party, person, action, action_reply ou todo attendu)`,
    record_without_fields: (v) => `création ou modification d'une fiche ${v('entity')} sans champs`,
    record_delete_with_fields: (v) => `suppression d'une fiche ${v('entity')} accompagnée de champs`,
    record_fields: (v) => `champs de la fiche ${v('entity')} non conformes : ${v('error')}`,
    record_empty_update: (v) => `modification d'une fiche ${v('entity')} qui ne change aucun champ`,
    record_not_allowed: (v) => `« ${v('user')} » n'a pas le droit de modifier la fiche ${v('entity')} ${v('id')} (règle des droits : ${v('refusal')})`,
    record_deleted: (v) => `la fiche ${v('entity')} ${v('id')} a été supprimée ; les valeurs reçues sont gardées dans son historique`,
    record_exists: (v) => `la fiche ${v('entity')} ${v('id')} existe déjà`,
    parent_never_arrived: (v) => `la fiche ${v('entity')} ${v('id')} n'est jamais arrivée (attente de plus de ${v('days')} jours)`,
    unknown_action_type: (v) => `l'action ${v('id')} porte le type « ${v('action_type')} », qui n'est pas dans la liste des types d'action`,
    linked_party_field: (v) => `le champ ${v('field')} du contact ${v('id')} vient de sa fiche client ou prospect : il se corrige par une demande de modification ou sur la fiche prospect`,
    linked_party_delete: (v) => `le contact ${v('id')} est celui d'un client ou d'un prospect : il ne se supprime pas`,
    reserved_party_id: (v) => `l'identifiant ${v('id')} est réservé aux contacts des clients et des prospects`,
    opportunity_rule: (v) => `l'opportunité ${v('id')} enfreint une règle de son pipeline (${v('rule')}, champ ${v('field')}) : elle passe par chaque étape l'une après l'autre, se gagne depuis la dernière, dit pourquoi elle est perdue et ne se modifie plus une fois close`,
    quote_rule: (v) => `le devis ${v('id')} enfreint une règle de son cycle de vie (${v('rule')}, champ ${v('field')}) : il est créé en brouillon, passe à envoyé puis à accepté ou refusé, ne se modifie plus une fois accepté ou refusé, et ne s'accepte pas si son opportunité est perdue`,
    already_taken: (v) => `ce lead a déjà été pris par ${v('owner')} : le premier qui le prend l'a`,
  },
};
