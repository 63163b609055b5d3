// The freshness of the offline data in words: how old it is, and what « actualiser » did.
import type { Freshness } from './bindings/Freshness';
import type { RefreshOutcome } from './bindings/RefreshOutcome';
import { formatDateTime } from './i18n/format';
import { t } from './i18n/index.svelte';

/** Hours to "5 h" under two days, else "3 j" (whole days). */
export function formatAge(hours: number): string {
  return hours < 48 ? t('age.hours', { n: hours }) : t('age.days', { n: Math.floor(hours / 24) });
}

/** Why the bar is red: the data's date, its age and the server's limit. */
export function staleReason(f: Freshness): string {
  return t('fresh.staleDate', { date: formatDateTime(f.generated_at), age: formatAge(f.age_hours), expiry: f.expiry_hours });
}

/** What to tell the rep after « actualiser »: only « actualisées » when newer data was switched to,
 * and, when the data is still old, its date and age (why the bar stays red). */
export function refreshMessage(outcome: RefreshOutcome): { text: string; kind: 'ok' | 'error' } {
  const f = outcome.status.freshness;
  if (!f) return { text: t('fresh.noSnapshot'), kind: 'error' };
  const values = { date: formatDateTime(f.generated_at), age: formatAge(f.age_hours) };
  if (outcome.switched) {
    return f.stale ? { text: t('fresh.refreshedStale', values), kind: 'error' } : { text: t('fresh.refreshed'), kind: 'ok' };
  }
  return f.stale
    ? { text: t('fresh.nothingNewerStale', values), kind: 'error' }
    : { text: t('fresh.nothingNewer', values), kind: 'ok' };
}
