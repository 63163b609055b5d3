// The error catalogues: every code the Rust side sends reads in French and in English with
// its values filled in. The samples (tests/fixtures/error-samples.json) are written by the
// Rust test `error_codes` from one error of each kind; error-sentences.json holds the
// sentences the Rust catalogue gave those samples when it was moved here, so the wording
// stays word for word the same.
import { describe, expect, it } from 'vitest';
import type { CommandError } from '../src/lib/bindings/CommandError';
import type { ErrorCode } from '../src/lib/bindings/ErrorCode';
import type { Lang } from '../src/lib/bindings/Lang';
import type { ReasonCode } from '../src/lib/bindings/ReasonCode';
import { errorCatalogues, errorSentence, errorText, refusalText } from '../src/lib/i18n/errors';
import { fieldLabel } from '../src/lib/i18n/fields';
import { i18n } from '../src/lib/i18n/index.svelte';
import type { Refusal } from '../src/lib/bindings/Refusal';
import type { RefusalCode } from '../src/lib/bindings/RefusalCode';
import samplesJson from './fixtures/error-samples.json';
import refusalsJson from './fixtures/refusal-samples.json';
import frozenJson from './fixtures/error-sentences.json';
import fieldLabelsJson from './fixtures/field-labels.json';

const samples = samplesJson as { id: string; error: CommandError }[];
const frozen = frozenJson as Record<string, { fr: string; en: string }>;
const fieldLabels = fieldLabelsJson as Record<string, { fr: string; en: string }>;
const LANGS: Lang[] = ['fr', 'en'];

/** Every problem of the samples, and the errors without problems, as (code, values). */
const shown = samples.flatMap(({ id, error }) =>
  error.problems.length
    ? error.problems.map((p) => ({ id, code: p.code, values: p.values }))
    : [{ id, code: error.code, values: error.values }],
);

/** Marks of French text an English sentence must not have. */
const FRENCH_MARKS = ['é', 'è', 'à', 'ç', 'ê', '«', '»', ' le ', ' la ', ' les ', ' des ', ' est ', ' pas ', ' un '];

describe('error catalogues', () => {
  it('have a sample of every code and every reason', () => {
    const codes = new Set(shown.map((s) => s.code));
    const reasons = new Set(shown.map((s) => s.values.reason).filter((r) => r !== undefined));
    for (const lang of LANGS) {
      for (const code of Object.keys(errorCatalogues[lang].errors)) expect(codes, `${lang} ${code}`).toContain(code);
      for (const reason of Object.keys(errorCatalogues[lang].reasons)) expect(reasons, `${lang} ${reason}`).toContain(reason);
    }
    // And the samples use no code the catalogues lack.
    for (const code of codes) expect(errorCatalogues.fr.errors).toHaveProperty(code);
    for (const reason of reasons) expect(errorCatalogues.fr.reasons).toHaveProperty(reason!);
  });

  it('word every code in both languages with its values filled in', () => {
    for (const { id, code, values } of shown) {
      const fr = errorSentence(code, values, 'fr');
      const en = errorSentence(code, values, 'en');
      for (const text of [fr, en]) {
        expect(text.trim(), id).not.toBe('');
        expect(text, id).not.toMatch(/\{\w+\}|undefined|«\s*»|“”|\(\)/);
      }
      expect(en, `${id} is not translated`).not.toBe(fr);
      // invalid_format names what was expected in the caller's own words (French, core's doc).
      if (code === 'invalid_format') continue;
      for (const mark of FRENCH_MARKS) expect(en, `${id}: ${en}`).not.toContain(mark);
    }
  });

  it('ask only for values the errors carry', () => {
    for (const lang of LANGS) {
      const catalogue = errorCatalogues[lang];
      for (const { id, code, values } of shown) {
        const asked: string[] = [];
        const v = (name: string) => {
          asked.push(name);
          if (name === 'label') return values[`label_${lang}`] ?? values.field ?? '';
          if (name === 'reason') return catalogue.reasons[values.reason as ReasonCode]?.(v) ?? '';
          return values[name] ?? '';
        };
        catalogue.errors[code as ErrorCode](v);
        for (const name of asked) {
          // A label is the admin's (carried) or else the catalogue's word for the field named.
          const label = `label_${lang}` in values ? `label_${lang}` : 'field';
          const carried = name === 'label' ? label : name;
          // An empty category is a value too (it picks the sentence).
          expect(Object.keys(values), `${lang} ${id} asks for ${name}`).toContain(carried);
        }
      }
    }
  });

  it('keep the Rust catalogue’s sentences word for word', () => {
    const ids = Object.keys(frozen);
    expect(ids.length).toBeGreaterThan(100);
    for (const { id, error } of samples) {
      const words = frozen[id];
      if (!words) continue; // a sample added after the move has no Rust wording to match
      expect(errorText(error, 'fr'), id).toBe(words.fr);
      expect(errorText(error, 'en'), id).toBe(words.en);
    }
  });

  it('word in the language shown now, and an unknown code as an internal error', () => {
    const error: CommandError = { code: 'link_offline', field: null, values: { detail: 'timeout' }, problems: [] };
    i18n.lang = 'en';
    expect(errorText(error)).toBe('Server unreachable (timeout).');
    i18n.lang = 'fr';
    expect(errorText(error)).toBe('Serveur injoignable (timeout).');
    expect(errorSentence('from_the_future' as ErrorCode, {})).toBe('Erreur interne : from_the_future');
  });

  it('name a field by its label in the language shown, by its name when it has none', () => {
    const values = { field: 'contacts[1].phone', label_fr: 'contact 2, téléphone', label_en: 'contact 2, phone' };
    expect(errorSentence('missing_mandatory', values, 'fr')).toBe('Le champ « contact 2, téléphone » est obligatoire.');
    expect(errorSentence('missing_mandatory', values, 'en')).toBe('The field “contact 2, phone” is mandatory.');
    expect(errorSentence('missing_mandatory', { field: 'zz_col' }, 'en')).toBe('The field “zz_col” is mandatory.');
  });

  it('word a pseudo field from the catalogue, counting contacts from one, and let a carried label win', () => {
    expect(errorSentence('missing_mandatory', { field: 'contacts[3].phone' }, 'fr')).toBe(
      'Le champ « contact 4, téléphone » est obligatoire.',
    );
    expect(errorSentence('missing_mandatory', { field: 'contacts[3].phone' }, 'en')).toBe(
      'The field “contact 4, phone” is mandatory.',
    );
    expect(errorSentence('missing_mandatory', { field: 'visit_date' }, 'en')).toBe('The field “visit date” is mandatory.');
    // An unknown part or a malformed index is shown as it is.
    expect(errorSentence('missing_mandatory', { field: 'contacts[x].phone' }, 'en')).toBe(
      'The field “contacts[x].phone” is mandatory.',
    );
    expect(errorSentence('missing_mandatory', { field: 'contacts[0].fax' }, 'en')).toBe(
      'The field “contacts[0].fax” is mandatory.',
    );
    // The admin's label (data) wins over the catalogue's word.
    const values = { field: 'comment', label_fr: 'Remarque', label_en: 'Remark' };
    expect(errorSentence('missing_mandatory', values, 'en')).toBe('The field “Remark” is mandatory.');
  });

  it('word every field the Rust side sends by name as its own catalogue does', () => {
    // tests/fixtures/field-labels.json: written by the Rust test `error_codes` from
    // tournee-sentences' field labels.
    const names = Object.keys(fieldLabels);
    expect(names).toContain('visit_date');
    expect(names).toContain('contacts[0].phone');
    for (const name of names) {
      for (const lang of LANGS) expect(fieldLabel(name, lang), `${lang} ${name}`).toBe(fieldLabels[name]![lang]);
    }
  });
});

// The server's refusals of change files (tournee_sync::Detail): one sample of each code,
// written by the Rust test `error_codes` (tests/fixtures/refusal-samples.json).
const refusals = refusalsJson as unknown as Refusal[];

describe('refusal catalogues', () => {
  it('have a sample of every code, and the samples no code the catalogues lack', () => {
    const codes = refusals.map((r) => r.code);
    for (const lang of LANGS) expect(Object.keys(errorCatalogues[lang].refusals).sort()).toEqual([...codes].sort());
  });

  it('word every refusal in both languages with its values filled in', () => {
    for (const refusal of refusals) {
      const file = { file_name: 'VC_u_1.json', reason: 'schema', detail: 'as the server said', refusal };
      const fr = refusalText(file, 'fr');
      const en = refusalText(file, 'en');
      for (const text of [fr, en]) {
        expect(text.trim(), refusal.code).not.toBe('');
        expect(text, refusal.code).not.toMatch(/\{\w+\}|undefined|«\s*»|“”|\(\)/);
        for (const value of Object.values(refusal.values)) expect(text, refusal.code).toContain(value);
      }
      expect(en, `${refusal.code} is not translated`).not.toBe(fr);
      for (const mark of ['é', 'è', 'à', '«', '»', ' le ', ' la ', ' les ', ' est ', ' pas ']) {
        expect(en, `${refusal.code}: ${en}`).not.toContain(mark);
      }
    }
  });

  it('word broken rules as the app’s own checks do, and a code unknown here as the server did', () => {
    const rules = refusals.find((r) => r.code === 'rules')!;
    const file = { file_name: 'CP_u_1.json', reason: 'missing_mandatory', detail: 'Le champ « Nom » est obligatoire.', refusal: rules };
    expect(refusalText(file, 'fr')).toBe(problemTextOf(rules, 'fr'));
    expect(refusalText(file, 'en')).toMatch(/^The field /);
    const newer = { ...file, refusal: { code: 'from_a_newer_server' as RefusalCode, values: {}, problems: [] } };
    expect(refusalText(newer, 'en')).toBe('Le champ « Nom » est obligatoire.');
    expect(refusalText({ ...file, refusal: null }, 'en')).toBe('Le champ « Nom » est obligatoire.');
  });
});

/** The broken rules' sentences, joined as the app joins a command's problems. */
function problemTextOf(refusal: Refusal, lang: Lang): string {
  return refusal.problems.map((p) => errorSentence(p.code, p.values, lang)).join(' ');
}
