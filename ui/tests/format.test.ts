// Display formats: fr-FR money and dates whatever the UI language, relative days in the UI language.
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatDaysSince,
  formatDaysUntil,
  formatEurosShort,
  formatMoney,
  formatMonth,
  formatPercent,
} from '../src/lib/i18n/format';
import { i18n } from '../src/lib/i18n/index.svelte';

// Intl puts narrow no-break spaces in French numbers; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

afterEach(() => {
  i18n.lang = 'fr';
});

describe('money', () => {
  it('formats cents as euros fr-FR', () => {
    expect(plain(formatMoney(123456))).toBe('1 234,56 €');
    expect(plain(formatMoney(0))).toBe('0,00 €');
    expect(plain(formatMoney(-5050))).toBe('-50,50 €');
    expect(plain(formatMoney(1234567890))).toBe('12 345 678,90 €');
  });

  it('stays fr-FR in English', () => {
    i18n.lang = 'en';
    expect(plain(formatMoney(100))).toBe('1,00 €');
  });
});

describe('dates', () => {
  it('shows dd/mm/yyyy', () => {
    expect(formatDate('2026-11-23')).toBe('23/11/2026');
    expect(formatDate('2026-01-05T10:00:00Z')).toBe('05/01/2026');
    expect(formatDate(null)).toBe('');
    expect(formatDate('n/a')).toBe('n/a');
  });

  it('shows date and time', () => {
    expect(formatDateTime('2026-11-23T14:05:00')).toBe('23/11/2026 14:05');
    expect(formatDateTime('garbage')).toBe('garbage');
  });
});

describe('days', () => {
  it('counts days until a revisit, negative meaning overdue', () => {
    expect(formatDaysUntil(3)).toBe('dans 3 j');
    expect(formatDaysUntil(-2)).toBe('il y a 2 j');
    expect(formatDaysUntil(0)).toBe('aujourd’hui');
    expect(formatDaysUntil(null)).toBe('');
  });

  it('counts days since the last visit, null meaning never', () => {
    expect(formatDaysSince(45)).toBe('il y a 45 j');
    expect(formatDaysSince(null)).toBe('jamais');
    expect(formatDaysSince(0)).toBe('aujourd’hui');
  });

  it('follows the UI language', () => {
    i18n.lang = 'en';
    expect(formatDaysUntil(3)).toBe('in 3 d');
    expect(formatDaysSince(null)).toBe('never');
  });
});

describe('stats formats', () => {
  it('shows shares as whole percentages', () => {
    expect(plain(formatPercent(86 / 140))).toBe('61 %');
    expect(plain(formatPercent(0))).toBe('0 %');
    expect(plain(formatPercent(1))).toBe('100 %');
  });

  it('shortens euros on chart axes (values in cents)', () => {
    expect(plain(formatEurosShort(85_000))).toBe('850 €');
    expect(plain(formatEurosShort(1_250_000))).toBe('12,5 k€');
    expect(plain(formatEurosShort(120_000_000))).toBe('1,2 M€');
    expect(plain(formatEurosShort(0))).toBe('0 €');
  });

  it('names months in the UI language', () => {
    expect(formatMonth('2026-11')).toBe('nov. 26');
    expect(formatMonth('2026-11', false)).toBe('nov.');
    i18n.lang = 'en';
    expect(formatMonth('2026-01')).toBe('Jan 26');
    expect(formatMonth('bad')).toBe('bad');
  });
});

describe('formatBytes', () => {
  it('says bytes, kilobytes and megabytes in the UI language', () => {
    expect(formatBytes(850)).toBe('850 o');
    expect(formatBytes(12_800)).toBe('12,5 Ko');
    expect(formatBytes(1_258_291)).toBe('1,2 Mo');
    i18n.lang = 'en';
    expect(formatBytes(1_258_291)).toBe('1,2 MB');
  });
});
