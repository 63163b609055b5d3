// Both catalogues carry exactly the same keys, no empty text, and the same placeholders.
import { describe, expect, it } from 'vitest';
import { en } from '../src/lib/i18n/en';
import { fr } from '../src/lib/i18n/fr';
import { i18n, t } from '../src/lib/i18n/index.svelte';
import fieldLabelsJson from './fixtures/field-labels.json';

const fieldLabels = fieldLabelsJson as Record<string, { fr: string; en: string }>;

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('has the same keys in French and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('words every field the Rust side sends by name, and no other', () => {
    // tests/fixtures/field-labels.json lists them (written by the Rust test `error_codes`);
    // a contact's part is one key for every contact (`field.contacts.phone`, with `{n}`).
    const keyOf = (name: string) =>
      `field.${name.replace(/^contacts\[0\]\./, 'contacts.').replace(/^lines\[0\]\./, 'lines.')}`;
    const wanted = Object.keys(fieldLabels).map(keyOf).sort();
    for (const catalogue of [fr, en]) {
      const keys = Object.keys(catalogue).filter((k) => k.startsWith('field.'));
      expect(keys.sort()).toEqual(wanted);
    }
    expect(fr['field.contacts.phone']).toContain('{n}');
  });

  it('has no empty message and matching placeholders', () => {
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(fr[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('translates with parameters in the current language', () => {
    i18n.lang = 'fr';
    expect(t('days.in', { n: 4 })).toBe('dans 4 j');
    expect(t('fresh.staleMessage')).toBe('vos bases ne sont pas à jour, merci de vous connecter pour les actualiser');
    i18n.lang = 'en';
    expect(t('nav.home')).toBe('Home');
    i18n.lang = 'fr';
    expect(t('nav.home')).toBe('Accueil');
  });
});
