// Segments (issue 15): the criteria dialog's text read into the criteria the back end checks (a number that is not
// one refused under its field at once), a segment's definition as short phrases, an assignment's counts as sentences.
import { afterEach, describe, expect, it } from 'vitest';
import type { SegmentLine } from '../src/lib/bindings/SegmentLine';
import { i18n } from '../src/lib/i18n/index.svelte';
import { assignmentSentences, criteriaOf, emptyCriteriaForm, summary } from '../src/lib/segments';

afterEach(() => {
  i18n.lang = 'fr';
});

function segment(over: Partial<SegmentLine>): SegmentLine {
  return { id: 'S1', name: 'Rhône', kind: 'criteria', criteria: null, members: [], owner: 'jdupont', pending: false, ...over };
}

describe('segment criteria', () => {
  it('sends what was typed, trimmed, empty fields as null and statuses in lifecycle order', () => {
    const form = { ...emptyCriteriaForm(), statuses: ['prospect' as const, 'lead' as const], postal_prefix: ' 69 ', idle_days: '30' };
    const { criteria, errors } = criteriaOf(form);
    expect(errors).toEqual({});
    expect(criteria).toEqual({
      statuses: ['lead', 'prospect'],
      campaign: null,
      owner: null,
      postal_prefix: '69',
      city: null,
      created_from: null,
      created_to: null,
      min_score: null,
      idle_days: 30,
    });
  });

  it('refuses a number that is not a whole number under its own field, in the language shown', () => {
    const { errors } = criteriaOf({ ...emptyCriteriaForm(), min_score: '5,5', idle_days: 'trente' });
    expect(Object.keys(errors)).toEqual(['min_score', 'idle_days']);
    expect(errors.idle_days).toBe('Un nombre entier est attendu.');
    i18n.lang = 'en';
    expect(criteriaOf({ ...emptyCriteriaForm(), idle_days: '-3' }).errors.idle_days).toBe('A whole number is expected.');
  });

  it('says a segment in short phrases, ids turned into names', () => {
    const criteria = { ...criteriaOf({ ...emptyCriteriaForm(), statuses: ['lead'], campaign: 'C1', owner: 'luc', idle_days: '30' }).criteria };
    const phrases = summary(segment({ criteria }), () => 'Salon 2027', () => 'Luc Bernard');
    expect(phrases).toEqual(['statut : Lead', 'campagne : Salon 2027', 'attribué à Luc Bernard', 'sans action depuis 30 jours']);
    expect(summary(segment({ kind: 'list', members: ['P1', 'P2'] }), String, String)).toEqual(['2 contact(s) ajouté(s) à la main']);
  });
});

describe('assignment', () => {
  it('says what was written and why the others were left, only the counts that are not zero', () => {
    const result = { written: 3, already: 1, not_allowed: 2, linked: 0, waiting_for_server: false };
    expect(assignmentSentences(result, 'Marie Roux')).toEqual([
      '3 contact(s) attribué(s) à Marie Roux.',
      '1 l’étaient déjà.',
      '2 hors de vos droits, laissé(s) tel(s) quel(s).',
    ]);
    const held = { written: 1, already: 0, not_allowed: 0, linked: 1, waiting_for_server: true };
    expect(assignmentSentences(held, 'Marie Roux')).toHaveLength(3);
  });
});
