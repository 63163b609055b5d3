// The one line shown for a change written on this laptop and not yet integrated: the
// back end gives what it is about as values (`PendingSubject`), the catalogue words it in
// the rep's language.
import type { PendingChange } from './bindings/PendingChange';
import type { FieldLine } from './bindings/FieldLine';
import type { ModificationRequestLine } from './bindings/ModificationRequestLine';
import { formatDate } from './i18n/format';
import { t } from './i18n/index.svelte';

/** Field name → label, for the fields a modification request names. */
export type FieldLabels = Record<string, string>;

/** The labels a card knows: its own lines and the fields of its modification requests. */
export function fieldLabelsOf(
  lines: FieldLine[],
  requests: ModificationRequestLine[] = [],
): FieldLabels {
  const labels: FieldLabels = {};
  for (const line of lines) labels[line.field] = line.label;
  for (const request of requests) {
    for (const change of request.changes) labels[change.field] = change.label;
  }
  return labels;
}

/** What `change` is about, in the current language. */
export function pendingSummary(change: PendingChange, labels: FieldLabels = {}): string {
  const subject = change.subject;
  if (!subject) return change.legacy_summary ?? '';
  switch (subject.type) {
    case 'visit':
      return t('pending.subject.visit', { date: formatDate(subject.date) });
    case 'revisit':
      return subject.date
        ? t('pending.subject.revisit', { date: formatDate(subject.date) })
        : t('pending.subject.revisitCleared');
    case 'fleet':
      return t('pending.subject.fleet', {
        counts: subject.counts.map((c) => `${c.code} ${c.count}`).join(', '),
      });
    case 'modification':
      return t('pending.subject.modification', {
        fields: subject.fields.map((f) => labels[f] ?? f).join(', '),
      });
    case 'prospect_creation':
      return t('pending.subject.prospectCreation', { name: subject.name });
    case 'prospect_update':
      return t('pending.subject.prospectUpdate', { name: subject.name });
    case 'prospect_deletion':
      return t('pending.subject.prospectDeletion', { name: subject.name });
    case 'prospect_visit':
      return t('pending.subject.prospectVisit', {
        date: formatDate(subject.date),
        name: subject.name,
      });
    case 'conversion':
      return t('pending.subject.conversion', { name: subject.name });
    case 'party_created':
      return t('pending.subject.partyCreated', { name: subject.name });
    case 'party_updated':
      return t('pending.subject.partyUpdated', { name: subject.name });
    case 'party_deleted':
      return t('pending.subject.partyDeleted', { name: subject.name });
    case 'person_created':
      return t('pending.subject.personCreated', { company: subject.company, name: subject.name });
    case 'person_updated':
      return t('pending.subject.personUpdated', { name: subject.name });
    case 'person_deleted':
      return t('pending.subject.personDeleted', { name: subject.name });
    case 'action_logged':
      return t('pending.subject.actionLogged', { type: subject.action_type, party: subject.party });
    case 'reply_added':
      return t('pending.subject.replyAdded', { party: subject.party });
    case 'reminder_deleted':
      return t('pending.subject.reminderDeleted', { text: subject.text });
    case 'todo_created':
      return t('pending.subject.todoCreated', { text: subject.text });
    case 'todo_done':
      return t('pending.subject.todoDone', { text: subject.text });
    case 'todo_renewed':
      return t('pending.subject.todoRenewed', { text: subject.text });
    case 'todo_updated':
      return t('pending.subject.todoUpdated', { text: subject.text });
    case 'todo_deleted':
      return t('pending.subject.todoDeleted', { text: subject.text });
    case 'opportunity_created':
      return t('pending.subject.opportunityCreated', { title: subject.title, party: subject.party });
    case 'opportunity_updated':
      return t('pending.subject.opportunityUpdated', { title: subject.title });
    case 'opportunity_moved':
      return t('pending.subject.opportunityMoved', { title: subject.title, stage: subject.stage });
    case 'opportunity_closed':
      return subject.won
        ? t('pending.subject.opportunityWon', { title: subject.title })
        : t('pending.subject.opportunityLost', { title: subject.title });
    case 'campaign_created':
      return t('pending.subject.campaignCreated', { name: subject.name });
    case 'meeting_planned':
      return t('pending.subject.meetingPlanned', {
        subject: subject.subject,
        party: subject.party,
        attendee: subject.attendee,
      });
    case 'quote_created':
      return t('pending.subject.quoteCreated', { reference: subject.reference, party: subject.party });
    case 'quote_updated':
      return t('pending.subject.quoteUpdated', { reference: subject.reference });
    case 'quote_status_changed':
      return t(QUOTE_MOVED[subject.status], { reference: subject.reference });
    case 'segment_created':
      return t('pending.subject.segmentCreated', { name: subject.name });
    case 'segment_updated':
      return t('pending.subject.segmentUpdated', { name: subject.name });
    case 'segment_deleted':
      return t('pending.subject.segmentDeleted', { name: subject.name });
  }
}

/** The pending line of each status a quote moves to. */
const QUOTE_MOVED = {
  draft: 'pending.subject.quoteDraft',
  sent: 'pending.subject.quoteSent',
  accepted: 'pending.subject.quoteAccepted',
  refused: 'pending.subject.quoteRefused',
} as const;
