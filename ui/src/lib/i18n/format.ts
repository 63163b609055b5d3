// Display formats fixed by the product: dates dd/mm/yyyy (fr-FR), money in euros fr-FR, relative days.
import { i18n, t } from './index.svelte';

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

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** A share between 0 and 1 to "42 %". */
export function formatPercent(ratio: number): string {
  return percent.format(ratio);
}

/** Cents to a short axis label: "850 €", "12,5 k€", "1,2 M€". */
export function formatEurosShort(cents: number): string {
  const euros = cents / 100;
  const abs = Math.abs(euros);
  if (abs >= 1_000_000) return `${compact.format(euros / 1_000_000)} M€`;
  if (abs >= 1_000) return `${compact.format(euros / 1_000)} k€`;
  return `${compact.format(euros)} €`;
}

/** The locale of month and day names: the UI language. */
export function locale(): string {
  return i18n.lang === 'en' ? 'en-GB' : 'fr-FR';
}

/** "2026-11" to "nov. 26" (or "Nov 26"); with `withYear` false, "nov.". */
export function formatMonth(ym: string, withYear = true): string {
  const m = /^(\d{4})-(\d{2})/.exec(ym);
  if (!m) return ym;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  const options: Intl.DateTimeFormatOptions = withYear
    ? { month: 'short', year: '2-digit', timeZone: 'UTC' }
    : { month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale(), options).format(d);
}

/** A size in bytes, as the download's progress shows it: "850 o", "12,5 Ko", "1,2 Mo". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return t('bytes.mb', { n: compact.format(bytes / (1024 * 1024)) });
  if (bytes >= 1024) return t('bytes.kb', { n: compact.format(bytes / 1024) });
  return t('bytes.b', { n: bytes });
}
