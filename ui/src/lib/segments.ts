// The segment screen's logic, apart from its markup (issue 15): the criteria dialog's text
// fields read into the criteria the back end checks (what the window can tell at once, a
// number that is not one, said under its field; the rest is the back end's, in French and
// English under the same fields), a segment's criteria as short phrases, and what an
// assignment did as sentences.
import type { AssignmentResult } from './bindings/AssignmentResult';
import type { SegmentCriteria } from './bindings/SegmentCriteria';
import type { SegmentLine } from './bindings/SegmentLine';
import type { Status } from './bindings/Status';
import { t } from './i18n/index.svelte';

/** The criteria dialog's fields, as typed. */
export type CriteriaForm = {
  statuses: Status[];
  campaign: string;
  owner: string;
  postal_prefix: string;
  city: string;
  created_from: string;
  created_to: string;
  min_score: string;
  idle_days: string;
};

/** The statuses a criterion may name, in lifecycle order. */
export const STATUSES: Status[] = ['lead', 'dead_lead', 'prospect', 'dead_prospect', 'client'];

/** The criteria fields the dialog shows, each with its own error place. */
export const CRITERIA_FIELDS = [
  'statuses',
  'campaign',
  'owner',
  'postal_prefix',
  'city',
  'created_from',
  'created_to',
  'min_score',
  'idle_days',
] as const;

export function emptyCriteriaForm(): CriteriaForm {
  return {
    statuses: [],
    campaign: '',
    owner: '',
    postal_prefix: '',
    city: '',
    created_from: '',
    created_to: '',
    min_score: '',
    idle_days: '',
  };
}

/** A whole number typed, `null` when empty, `NaN` when not one. */
function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The criteria of the form, and the fields the window refuses at once (a number that is
 * not one). Empty fields are left out: the back end refuses criteria without any. */
export function criteriaOf(form: CriteriaForm): { criteria: SegmentCriteria; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const text = (value: string) => value.trim() || null;
  const number = (field: 'min_score' | 'idle_days') => {
    const value = wholeNumber(form[field]);
    if (Number.isNaN(value)) errors[field] = t('seg.numberBad');
    return Number.isNaN(value) ? null : value;
  };
  const criteria: SegmentCriteria = {
    statuses: STATUSES.filter((s) => form.statuses.includes(s)),
    campaign: text(form.campaign),
    owner: text(form.owner),
    postal_prefix: text(form.postal_prefix),
    city: text(form.city),
    created_from: text(form.created_from),
    created_to: text(form.created_to),
    min_score: number('min_score'),
    idle_days: number('idle_days'),
  };
  return { criteria, errors };
}

/** A segment's definition as short phrases (« statut : Piste, Prospect », « code postal 69… »).
 * `campaignName` and `userName` turn ids into what people read. */
export function summary(
  segment: SegmentLine,
  campaignName: (id: string) => string,
  userName: (login: string) => string,
): string[] {
  if (segment.kind === 'list') return [t('seg.summary.members', { count: segment.members.length })];
  const c = segment.criteria;
  if (!c) return [];
  const out: string[] = [];
  const statuses = c.statuses ?? [];
  if (statuses.length) out.push(t('seg.summary.statuses', { value: statuses.map((s) => t(`crm.status.${s}`)).join(', ') }));
  if (c.campaign) out.push(t('seg.summary.campaign', { value: campaignName(c.campaign) }));
  if (c.owner) out.push(t('seg.summary.owner', { value: userName(c.owner) }));
  if (c.postal_prefix) out.push(t('seg.summary.postalPrefix', { value: c.postal_prefix }));
  if (c.city) out.push(t('seg.summary.city', { value: c.city }));
  if (c.created_from) out.push(t('seg.summary.createdFrom', { value: c.created_from }));
  if (c.created_to) out.push(t('seg.summary.createdTo', { value: c.created_to }));
  if (c.min_score !== null && c.min_score !== undefined) out.push(t('seg.summary.minScore', { value: c.min_score }));
  if (c.idle_days !== null && c.idle_days !== undefined) out.push(t('seg.summary.idleDays', { value: c.idle_days }));
  return out;
}

/** What an assignment did, one sentence per count that is not zero (the written one always). */
export function assignmentSentences(result: AssignmentResult, user: string): string[] {
  const out = [t('seg.assigned', { written: result.written, user })];
  if (result.already) out.push(t('seg.assignedAlready', { count: result.already }));
  if (result.not_allowed) out.push(t('seg.assignedNotAllowed', { count: result.not_allowed }));
  if (result.linked) out.push(t('seg.assignedLinked', { count: result.linked }));
  if (result.waiting_for_server && result.written) out.push(t('seg.assignedWaiting'));
  return out;
}
