// The English sentences of the app's errors (codes and values sent by Rust); typed like
// the French ones, so a code without its English sentence is a type error.
import type { ErrorCatalogue, Value } from './types';

/** A quote's status code as the rep reads it. */
const quoteStatusEn = (code: string): string =>
  ({ draft: 'Draft', sent: 'Sent', accepted: 'Accepted', refused: 'Refused' } as Record<string, string>)[code] ?? code;

/** "d9", "l2", "e5", "=U" → "9 digits", "2 letters"… */
function run(token: string): string {
  const n = Number(token.slice(1));
  switch (token[0]) {
    case 'd':
      return n === 1 ? '1 digit' : `${n} digits`;
    case 'l':
      return n === 1 ? '1 letter' : `${n} letters`;
    case 'e':
      return `${n} letter(s) or digit(s)`;
    default:
      return `“${token.slice(1)}”`;
  }
}

/** The shapes of a VAT number (tokens from tournee-core's `format_tokens`), in words. */
const shapes = (tokens: string) =>
  tokens
    .split('|')
    .map((shape) => shape.split(' ').map(run).join(' then '))
    .join(' or ');

const charClass = (v: Value) =>
  ({ digit: 'a digit', letter: 'a letter', alphanumeric: 'a letter or a digit' })[v('class')] ?? v('class');

export const enErrors: ErrorCatalogue = {
  errors: {
    missing_mandatory: (v) => `The field “${v('label')}” is mandatory.`,
    too_long: (v) => `The field “${v('label')}” exceeds ${v('max')} characters (${v('len')} typed).`,
    unknown_field: (v) => `There is no field “${v('field')}”.`,
    invalid_format: (v) => `The field “${v('label')}” is not valid: expected ${v('expected')}.`,
    invalid_integer: (v) => `The field “${v('label')}” must be a whole number.`,
    invalid_date: (v) => `The field “${v('label')}” must be a valid date (YYYY-MM-DD).`,
    invalid_time: (v) => `The field “${v('label')}” must be a time HH:MM, from 00:00 to 23:59.`,
    invalid_iban: (v) => `The field “${v('label')}” is not a valid IBAN: ${v('reason')}.`,
    invalid_bic: (v) =>
      `The field “${v('label')}” is not a valid BIC (8 or 11 characters: bank, country, location, branch).`,
    invalid_siret: (v) => `The field “${v('label')}” is not a valid SIRET: ${v('reason')}.`,
    invalid_siren: (v) => `The field “${v('label')}” is not a valid SIREN (9 digits including a check digit).`,
    invalid_vat: (v) => `The field “${v('label')}” is not a valid VAT number: ${v('reason')}.`,
    invalid_phone: (v) => `The field “${v('label')}” is not a phone number.`,
    payment_mode_not_allowed: (v) =>
      v('category') === ''
        ? `Payment mode ${v('mode')} is for farmers only: fill in the client category.`
        : `Payment mode ${v('mode')} is not allowed for client category “${v('category')}” (farmers only).`,
    due_date_locked: (v) =>
      `With payment mode CH, “${v('label')}” is locked to ${v('expected_days')} days from invoice.`,
    signature_required: () => "Payment mode LD requires the client's signature.",
    future_date: (v) => `The visit date (${v('visit')}) cannot be in the future (recorded on ${v('written_on')}).`,
    date_out_of_bound: (v) =>
      `The visit date (${v('visit')}) is too old: at most ${v('bound_days')} days back (${v('oldest_allowed')} at the earliest).`,
    invalid_answers: (v) => `Visit form, question “${v('label')}”: ${v('reason')}.`,
    invalid_form: (v) => `Ill-formed visit form (“${v('label')}”): ${v('reason')}.`,
    unknown_fleet_type: (v) => `There is no fleet type “${v('code')}”.`,
    too_many_vehicles: (v) =>
      `Fleet type ${v('code')}: ${v('count')} vehicles is more than the maximum of ${v('max')}.`,
    line_break: (v) => `The field “${v('label')}” must fit on one line: no line break or tab.`,
    forbidden_character: (v) =>
      `The field “${v('label')}” holds a forbidden invisible character (U+${v('code_point')}): remove it.`,
    invalid_email: (v) => `The field “${v('label')}” is not an e-mail address (name@domain.com).`,

    value_unchanged: () => 'The new value is the same as the current one.',
    nothing_changed: () => 'No value differs from the current record.',
    date_in_past: () => 'The date must be today or later.',
    bad_signature_image: () => 'The signature must be drawn in the box.',
    invalid_range: (v) => `The end must follow the start, over ${v('max_days')} days at most.`,
    // CRM records (crm-write).
    unknown_action_type: (v) => `The action type "${v('code')}" is not offered: pick one from the list.`,
    not_a_reminder: () => 'This reminder is not an open todo of this contact: reopen the page and try again.',
    not_a_company: () => 'Only a company has people: a private person is the person.',
    todo_already_done: () => 'This todo is done already.',
    linked_party: (v) =>
      v('op') === 'delete'
        ? v('link') === 'prospect'
          ? 'This contact is a prospect’s: it is not deleted here, it goes with the prospect (prospect card).'
          : 'This contact is a client’s: it cannot be deleted.'
        : v('link') === 'prospect'
          ? `The field “${v('label')}” comes from the prospect card: edit it on the prospect card.`
          : `The field “${v('label')}” comes from the client card: it is corrected by a modification request.`,
    opportunity_move: (v) => {
      switch (v('rule')) {
        case 'opportunity_stage_skipped':
          return `An opportunity goes through every stage: from “${v('from')}” the next stage is “${v('next')}”, not “${v('to')}”.`;
        case 'opportunity_won_before_last_stage':
          return `An opportunity is won from the last stage (“${v('last')}”): it is still at “${v('stage')}”.`;
        case 'opportunity_loss_reason_missing':
          return 'Say why the opportunity was lost.';
        case 'opportunity_closed':
          return 'This opportunity is closed: it can no longer be changed.';
        case 'opportunity_not_first_stage':
          return `An opportunity starts at the first stage (“${v('first')}”).`;
        case 'opportunity_pipeline_changed':
          return `An opportunity stays in its pipeline (“${v('pipeline')}”).`;
        case 'opportunity_created_closed':
          return 'An opportunity is created open.';
        case 'opportunity_unknown_stage':
          return `“${v('stage')}” is not a stage of the pipeline “${v('pipeline')}”.`;
        default:
          return `The pipeline “${v('pipeline')}” does not exist (any more): refresh your data.`;
      }
    },
    quote_lifecycle: (v) => {
      switch (v('rule')) {
        case 'quote_status_move':
          return `A quote goes from draft to sent, then to accepted or refused: it cannot go from “${quoteStatusEn(v('from'))}” to “${quoteStatusEn(v('to'))}”.`;
        case 'quote_closed':
          return `This quote is ${quoteStatusEn(v('status')).toLowerCase()}: it can no longer be changed.`;
        case 'quote_opportunity_lost':
          return 'This quote’s opportunity is lost: the quote can no longer be accepted.';
        default:
          return 'A quote is created as a draft.';
      }
    },
    unknown_choice: (v) => `“${v('value')}” is not among the choices offered for “${v('label')}”: pick one from the list.`,
    unknown_record: (v) => `This item (${v('entity')} ${v('id')}) is not, or no longer, in your offline data.`,
    duplicates: (v) =>
      `This contact looks like ${v('count')} existing record(s): ${v('names')}. Open one, or create it anyway.`,

    not_configured: () => 'The app is not set up yet.',
    folder_empty: () => 'Enter a folder.',
    folder_missing: (v) => `This folder does not exist (${v('path')}).`,
    folder_not_writable: (v) => `This folder cannot be written to (${v('path')}).`,
    folder_no_manifest: (v) =>
      `This folder holds no offline data (manifest.json missing or unreadable) (${v('path')}).`,
    folder_database_missing: (v) => `The database the manifest announces is missing (${v('path')}).`,
    user_not_in_snapshot: (v) => `${v('user')} is not in the user table of this offline data.`,
    user_unknown: (v) => `The user “${v('user')}” is unknown to the server.`,
    user_other_reps_folder: (v) => `This offline data folder belongs to “${v('owner')}”, not to “${v('user')}”.`,
    no_snapshot: (v) => `No offline data has arrived in ${v('folder')} yet: connect to receive it.`,
    manifest: (v) => `The offline data's manifest cannot be read (${v('detail')}).`,
    snapshot_mismatch: () =>
      'The new offline data that arrived is incomplete or damaged; the previous one stays in use. Try again after the next synchronisation.',
    snapshot_too_new: () =>
      'Newer offline data arrived, but it needs a newer version of the app; the previous data stays in use. Have the app updated.',
    unknown_client: (v) => `Client ${v('code')} is not in your offline data.`,
    unknown_prospect: (v) => `Prospect ${v('id')} is not in your offline data.`,
    other_reps_figures: () => "Not allowed: only administrators see other reps' figures.",
    not_portfolio_client: (v) =>
      `Not allowed: the revisit date and the fleet of client ${v('client')} belong to the rep whose portfolio it is in.`,
    prospect_being_deleted: () => 'Not allowed: this prospect is being deleted.',
    prospect_awaiting_validation: () => "Not allowed: this prospect is waiting for the accountant's validation.",
    prospect_not_yours: () => "Not allowed: only the prospect's creator or the rep it is assigned to may delete it.",
    not_an_export: (v) => `Not allowed: ${v('path')} is no file the app exported.`,
    disk_full: () =>
      'The disk is full: the change was not sent. What you typed is kept; free some space and validate again.',
    write_failed: (v) => `The change could not be written to the outbox folder (${v('detail')}). What you typed is kept.`,
    not_opened: (v) => `No application could open the file; it is saved here: ${v('path')}`,
    internal: (v) => `Internal error: ${v('detail')}`,
    change_refused: (v) => `The server refused the change: ${v('detail')}`,
    signed_out: () => 'Your session has ended: sign in again.',
    not_online: () => 'This feature exists only in the laptop app.',

    link_not_enrolled: () => 'This laptop is not enrolled for the HTTPS synchronisation.',
    link_offline: (v) => `Server unreachable (${v('detail')}).`,
    link_certificate_changed: (v) =>
      `The server's certificate changed (expected ${v('expected')}, presented ${v('seen')}): contact the administrator.`,
    link_bad_answer: (v) => `Unreadable answer from the server (${v('detail')}).`,
    link_hash_mismatch: () => 'The data received does not match its digest: it will be downloaded again.',
    link_io: (v) => `A synchronisation file could not be read or written: ${v('path')} (${v('detail')}).`,
    link_key: (v) => `This laptop's key cannot be read (${v('detail')}).`,
    link_not_https: () => 'The address must start with https://.',
    link_not_just_host_and_port: () => 'Enter only https://server:port, without a path.',
    link_code_shape: () => 'The code has 16 characters, for example K7QM-3XPD-9RTA-WZ4C.',
    link_code_for_another_user: (v) =>
      `This code enrolls a laptop for “${v('code_user')}”, the app is set up for “${v('app_user')}”.`,
    link_code_refused: () =>
      "Refused by the server: unknown enrollment code. Check it character by character and compare the certificate fingerprint with the administrator's, or ask for another code.",
    link_too_many_attempts: () => 'Too many attempts from this laptop: wait a few minutes before trying again.',
    link_code_used: () =>
      'Refused by the server: enrollment code already used. Ask the administrator for another one.',
    link_code_expired: () => 'Refused by the server: enrollment code expired. Ask the administrator for another one.',
    link_code_burnt: () => 'This enrollment code is blocked after too many attempts: ask for another one.',
    link_key_taken: () => 'This key is enrolled already: enroll again.',
    link_unknown_user: () => 'The user of this code is not active on the server: contact the administrator.',
    link_device_revoked: () => 'The server no longer accepts this laptop: ask the administrator for a new code.',
    link_signature_refused: () => "The server refused the request's signature: the next synchronisation will try again.",
    link_server_internal: () => 'Internal server error: the next synchronisation will try again.',
    link_refused: (v) => `The server refused the request: ${v('server_message')} (${v('server_code')}).`,
    link_failed: (v) => `Synchronisation failed (${v('code')}).`,
  },
  reasons: {
    iban_characters: () => 'only letters, digits and spaces are allowed',
    iban_prefix: () => 'it must start with the country code and two check digits',
    iban_unknown_country: (v) => `country “${v('country')}” has no known IBAN format`,
    iban_length: (v) => `a ${v('country')} IBAN has ${v('expected')} characters (${v('found')} typed)`,
    iban_territory_of: (v) =>
      `“${v('country')}” has no IBANs of its own, its accounts have ${v('iban_country')} IBANs`,
    iban_structure: (v) => `character ${v('position')} of a ${v('country')} IBAN must be ${charClass(v)}`,
    iban_checksum: () => 'the check digits are wrong',
    siret_shape: () => '14 digits expected',
    siret_siren_key: () => 'the check digit of its first 9 digits (the SIREN) is wrong',
    siret_establishment_key: () => 'the check digit of the 14 digits is wrong',
    vat_characters: () => 'only letters, digits, spaces, dots and dashes are allowed',
    vat_prefix: () => "it must start with the country's code (FR for France)",
    vat_not_eu: (v) =>
      `“${v('prefix')}” is not the prefix of a member state of the European Union (EL for Greece, XI for Northern Ireland)`,
    vat_format: (v) => `a ${v('country')} number has ${shapes(v('shapes'))} after “${v('country')}”`,
    vat_french_key: () => 'the key (the 2 digits after FR) does not match the SIREN that follows',
    vat_french_siren: () => 'the last 9 digits are not a SIREN (wrong check digit)',
    vat_french_letter_key: () =>
      'a key with letters cannot be checked here: type the 2-digit key, or leave the field blank',
    vat_siren_mismatch: (v) =>
      `it carries SIREN ${v('vat_siren')}, whereas the SIRET given belongs to SIREN ${v('siret_siren')}`,
    answer_unknown_group: () => 'there is no such question',
    answer_unknown_option: (v) => `unknown choice “${v('option')}”`,
    answer_one_expected: () => 'a single choice is expected',
    answer_list_expected: () => 'a list of choices is expected',
    answer_duplicate_option: (v) => `choice “${v('option')}” ticked twice`,
    answer_parent_not_selected: (v) => `sub-question answered without choice “${v('option')}”`,
    answer_required: () => 'an answer is required',
    form_missing_group_id: () => 'question without id',
    form_missing_group_label: () => 'question without label',
    form_duplicate_group: () => 'question id used twice',
    form_no_options: () => 'a single-choice question needs at least one choice',
    form_missing_option_id: () => 'choice without id',
    form_missing_option_label: (v) => `choice “${v('option')}” without label`,
    form_duplicate_option: (v) => `choice id “${v('option')}” used twice`,
  },
  // What the server refused in a change file (tournee_sync::Detail codes), word for word as the server catalogue.
  refusals: {
    name_shape: (v) => `“${v('name')}” is not of the form <TYPE>_<user>_<ULID>.json`,
    name_type: (v) => `unknown type “${v('type_code')}” (VC, MC, CP, MP, VP or CC expected)`,
    name_user: (v) => `invalid user name “${v('user')}” (1 to 64 characters among A-Z a-z 0-9 . _ -)`,
    name_change_id: (v) => `invalid id “${v('change_id')}” (a 26-character upper-case ULID expected)`,
    oversized: (v) => `${v('size')} bytes, at most ${v('max')}`,
    signature_key_unreadable: () => 'unreadable public key',
    signature_unreadable: () => 'unreadable signature',
    signature_mismatch: () => 'the signature does not match the content (file modified?)',
    bom: () => 'the file starts with a byte order mark (BOM)',
    not_utf8: (v) => `not UTF-8: ${v('error')}`,
    json_syntax: (v) => `unreadable JSON: ${v('error')}`,
    not_an_object: () => 'the file must hold a JSON object',
    duplicate_key: (v) => `the key “${v('key')}” is there twice in one object (line ${v('line')}, column ${v('column')})`,
    unsupported_spec: (v) => `version ${v('version')} of the specification not supported (version ${v('expected')} expected)`,
    envelope: (v) => `envelope: ${v('error')}`,
    not_ulid: (v) => `${v('field')} “${v('value')}” is not a ULID`,
    unknown_type: (v) => `unknown type “${v('type_code')}”`,
    payload: (v) => `${v('type_code')} content: ${v('error')}`,
    empty_client_change: () => 'a client modification must hold changes, revisit or fleet',
    delete_with_content: () => 'a deletion carries neither fields nor contacts',
    update_without_content: () => 'an update must carry fields or contacts',
    visit_time: (v) => `visit_time “${v('value')}” is not a time HH:MM`,
    mismatch_type: (v) => `type: “${v('in_name')}” in the name, “${v('in_body')}” in the content`,
    mismatch_user: (v) => `user: “${v('in_name')}” in the name, “${v('in_body')}” in the content`,
    mismatch_change_id: (v) => `id: “${v('in_name')}” in the name, “${v('in_body')}” in the content`,
    foreign_folder: (v) => `the file is in the name of “${v('user')}” but arrives in the folder of “${v('folder')}”`,
    devices_unreadable: (v) => `the devices could not be read: ${v('error')}`,
    unsigned: (v) => `“${v('user')}” has an enrolled device: their files must be signed`,
    unknown_device: (v) => `unknown device “${v('device')}”`,
    foreign_device: (v) => `the device “${v('device')}” does not belong to “${v('user')}”`,
    device_key: (v) => `the key is not that of the device “${v('device')}”`,
    revoked_device: (v) => `the device “${v('device')}” was revoked on ${v('at')}`,
    unknown_user: (v) => `the user “${v('user')}” is not in the mapping table`,
    inactive_user: (v) => `the user “${v('user')}” is deactivated`,
    file_from_future: (v) => `the file is dated ${v('created_at')} but it arrived on the server on ${v('arrival')}`,
    stale_file: (v) => `the file is dated ${v('created_at')} but only arrived on the server on ${v('arrival')}, more than ${v('days')} days later (longest time offline); if this laptop really stayed offline that long, raise this parameter and then “Retry”`,
    rules: (v) => v('problems'),
    unstorable: (v) => `a value could not be stored: ${v('error')}`,
    inactive_client: (v) => `the client “${v('client')}” is no longer active`,
    unknown_client: (v) => `the client code “${v('client')}” does not exist`,
    not_portfolio_client: (v) => `the client “${v('client')}” is in the portfolio of the rep “${v('owner')}”, not in that of “${v('user')}” (${v('erp_code')}): only its rep sets the revisit date and the fleet type`,
    not_owner: (v) => `the prospect ${v('prospect')} belongs to “${v('created_by')}” (assigned to “${v('assignee')}”)`,
    prospect_deleted: (v) => `the prospect ${v('prospect')} was deleted`,
    prospect_converted: (v) => `the prospect ${v('prospect')} became a client`,
    prospect_exists: (v) => `the prospect ${v('prospect')} exists already`,
    conversion_pending: (v) => `a creation request is already waiting for the prospect ${v('prospect')}`,
    prospect_name_cleared: () => "the prospect's name cannot be cleared",
    prospect_name_blank: () => "the prospect's name cannot be blank",
    signature_media_type: (v) => `signature: format “${v('media_type')}” not accepted (image/png expected)`,
    signature_base64: (v) => `unreadable signature: ${v('error')}`,
    signature_not_png: () => 'the signature is not a PNG image',
    prospect_never_arrived: (v) => `the prospect ${v('prospect')} never arrived (waited more than ${v('days')} days)`,
    spec_of_type: (v) => `a ${v('type_code')} file follows version ${v('expected')} of the specification, not version ${v('version')}`,
    unknown_entity: (v) => `unknown record type “${v('entity')}” (party, person, action, action_reply or todo expected)`,
    record_without_fields: (v) => `creation or update of a ${v('entity')} record without fields`,
    record_delete_with_fields: (v) => `deletion of a ${v('entity')} record that carries fields`,
    record_fields: (v) => `the ${v('entity')} record's fields do not fit: ${v('error')}`,
    record_empty_update: (v) => `update of a ${v('entity')} record that changes no field`,
    record_not_allowed: (v) => `“${v('user')}” may not write the ${v('entity')} record ${v('id')} (rights policy: ${v('refusal')})`,
    record_deleted: (v) => `the ${v('entity')} record ${v('id')} was deleted; the values received are kept in its history`,
    record_exists: (v) => `the ${v('entity')} record ${v('id')} exists already`,
    parent_never_arrived: (v) => `the ${v('entity')} record ${v('id')} never arrived (waited more than ${v('days')} days)`,
    unknown_action_type: (v) => `the action ${v('id')} has the type “${v('action_type')}”, which is not in the list of action types`,
    linked_party_field: (v) => `the field ${v('field')} of contact ${v('id')} comes from its client or prospect card: correct it with a modification request or on the prospect's card`,
    linked_party_delete: (v) => `contact ${v('id')} is a client's or a prospect's: it cannot be deleted`,
    reserved_party_id: (v) => `the id ${v('id')} is reserved for the contacts of clients and prospects`,
    opportunity_rule: (v) => `opportunity ${v('id')} breaks a rule of its pipeline (${v('rule')}, field ${v('field')}): it goes through every stage one at a time, is won from the last one, says why when lost, and cannot be changed once closed`,
    quote_rule: (v) => `quote ${v('id')} breaks a rule of its lifecycle (${v('rule')}, field ${v('field')}): it is created as a draft, goes to sent then to accepted or refused, cannot be changed once accepted or refused, and is not accepted when its opportunity is lost`,
    already_taken: (v) => `this lead was already taken by ${v('owner')}: the first to take it has it`,
  },
};
