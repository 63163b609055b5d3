// Display formats fixed by the product: dates dd/mm/yyyy (fr-FR), money in euros fr-FR, relative days.
import { t } from './index.svelte';

const money = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const dateTime = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Cents (as sent by the back end) to "1 234,56 €". */
export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

/** "2026-11-23" (or a longer ISO string starting with it) to "23/11/2026"; other text unchanged. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** An ISO timestamp to "23/11/2026 14:05" in local time; unparsable text unchanged. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateTime.format(d).replace(',', '');
}

/** Days until a date: 0 "aujourd'hui", 3 "dans 3 j", -2 "il y a 2 j". */
export function formatDaysUntil(days: number | null | undefined): string {
  if (days === null || days === undefined) return '';
  if (days === 0) return t('days.today');
  return days > 0 ? t('days.in', { n: days }) : t('days.ago', { n: -days });
}

/** Days since an event: null "jamais", 0 "aujourd'hui", 45 "il y a 45 j". */
export function formatDaysSince(days: number | null | undefined): string {
  if (days === null || days === undefined) return t('days.never');
  if (days <= 0) return t('days.today');
  return t('days.ago', { n: days });
}
