// The score panel of a contact page (issue 15, « Scoring »): the total and each rule's
// explanation with its signed points, in both languages; a rule this build does not know
// is shown by its code rather than hidden.
import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScoreView } from '../src/lib/bindings/ScoreView';
import ScorePanel from '../src/lib/components/ScorePanel.svelte';
import { i18n } from '../src/lib/i18n/index.svelte';

afterEach(() => {
  cleanup();
  i18n.lang = 'fr';
});

const score: ScoreView = {
  total: 25,
  parts: [
    { rule: 'recent_contacts', points: 20, count: 2 },
    { rule: 'recency', points: 25, count: 4 },
    { rule: 'refusal', points: -40, count: 1 },
    { rule: 'reachable', points: 5, count: 1 },
    { rule: 'future_rule', points: 15, count: 1 },
  ],
};

describe('ScorePanel', () => {
  it('shows the total and explains each rule with its points', () => {
    render(ScorePanel, { score });
    expect(screen.getByTestId('score-total')).toHaveTextContent('25 / 100');
    const parts = screen.getAllByTestId('score-part').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(parts).toEqual([
      '2 échange(s) ces 90 derniers jours +20 pts',
      'Dernier échange il y a 4 jour(s) +25 pts',
      'Refus formel ces 180 derniers jours -40 pts',
      'Joignable (téléphone ou e-mail) +5 pts',
      'Règle « future_rule » +15 pts',
    ]);
    expect(screen.getByRole('meter')).toHaveAttribute('value', '25');
  });

  it('speaks English too', () => {
    i18n.lang = 'en';
    render(ScorePanel, { score });
    expect(screen.getAllByTestId('score-part')[1]).toHaveTextContent('Last conversation 4 day(s) ago');
  });
});
