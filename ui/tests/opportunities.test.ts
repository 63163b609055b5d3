// The opportunities screen's pure rules: amounts typed in euros, hours shown, where a dragged card
// may go (one stage forward or back, never a skip), labels and the board's summary.
import { describe, expect, it } from 'vitest';
import type { OpportunityBoard } from '../src/lib/bindings/OpportunityBoard';
import type { Stage } from '../src/lib/bindings/Stage';
import { boardSummary, canDrop, centsToEuros, eurosToCents, hoursText, monthLabel, stageLabel } from '../src/lib/opportunities';

const qualification: Stage = { code: 'qualification', label: 'Qualification', probability: 10 };
const besoin: Stage = { code: 'besoin', label: 'Besoin identifié', probability: 30 };
const stages: Stage[] = [
  qualification,
  besoin,
  { code: 'proposition', label: 'Proposition', probability: 60 },
  { code: 'negociation', label: 'Négociation', probability: 80 },
];

describe('amounts in euros', () => {
  it('reads what a rep types, in French or English form, to cents', () => {
    expect(eurosToCents('5000')).toBe(500_000);
    expect(eurosToCents('5 000,50 €')).toBe(500_050);
    expect(eurosToCents('5000.5')).toBe(500_050);
    expect(eurosToCents('  ')).toBeNull();
    expect(eurosToCents('5,000.00')).toBeNaN();
    expect(eurosToCents('-3')).toBeNaN();
    expect(eurosToCents('1,234')).toBeNaN();
  });
  it('shows cents back for editing without losing a cent', () => {
    expect(centsToEuros(500_000)).toBe('5000');
    expect(centsToEuros(500_050)).toBe('5000,50');
    expect(centsToEuros(7)).toBe('0,07');
    expect(centsToEuros(null)).toBe('');
    expect(eurosToCents(centsToEuros(123_456))).toBe(123_456);
  });
});

describe('hours and months', () => {
  it('shows tenths of an hour with the language’s decimal mark', () => {
    expect(hoursText(360, 'fr')).toBe('36');
    expect(hoursText(75, 'fr')).toBe('7,5');
    expect(hoursText(75, 'en')).toBe('7.5');
  });
  it('names a month', () => {
    expect(monthLabel('2027-02', 'fr')).toBe('février 2027');
    expect(monthLabel('2027-02', 'en')).toBe('February 2027');
    expect(monthLabel('bad', 'fr')).toBe('bad');
  });
});

describe('dropping a card', () => {
  it('accepts the next stage and any earlier one, never a skip or the same stage', () => {
    expect(canDrop(stages, 'qualification', 'besoin')).toBe(true);
    expect(canDrop(stages, 'qualification', 'proposition')).toBe(false);
    expect(canDrop(stages, 'negociation', 'qualification')).toBe(true);
    expect(canDrop(stages, 'besoin', 'besoin')).toBe(false);
    expect(canDrop(stages, 'besoin', 'inconnue')).toBe(false);
    // A stage the admin removed: the card may go anywhere (it is never stuck).
    expect(canDrop(stages, 'ancienne', 'negociation')).toBe(true);
  });
  it('labels a stage, or shows its code when the pipeline lost it', () => {
    expect(stageLabel(stages, 'besoin')).toBe('Besoin identifié');
    expect(stageLabel(stages, 'ancienne')).toBe('ancienne');
    expect(stageLabel(stages, null)).toBe('');
  });
});

describe('the board', () => {
  it('sums the open cards and their value over the columns', () => {
    const card = (id: string, value: number) => ({
      id,
      party_id: 'P',
      party_name: 'Cuisines Dubois',
      title: id,
      value_cents: value,
      expected_close: null,
      owner: 'luc',
      stage: 'qualification',
      next_stage: 'besoin',
      pending: false,
    });
    const board: OpportunityBoard = {
      pipeline: { code: 'standard', label: 'Pipeline commercial' },
      pipelines: [{ code: 'standard', label: 'Pipeline commercial' }],
      columns: [
        { stage: qualification, cards: [card('a', 100), card('b', 200)], total_cents: 300 },
        { stage: besoin, cards: [], total_cents: 0 },
      ],
      forecast: [],
      undated: 2,
      won: 0,
      lost: 0,
    };
    expect(boardSummary(board)).toEqual({ open: 2, cents: 300 });
  });
});
