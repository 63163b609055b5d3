// The « Opportunités » screen against a mocked back end: the board's columns and cards, « Étape suivante »
// sending the next stage (the keyboard's way), a refused move shown in the rep's words, the forecast and the
// average time to close; and the contact page's « Créer une opportunité » converting a lead in one step.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpportunityBoard } from '../src/lib/bindings/OpportunityBoard';
import type { OpportunityFigures } from '../src/lib/bindings/OpportunityFigures';
import type { Stage } from '../src/lib/bindings/Stage';
import { i18n } from '../src/lib/i18n/index.svelte';
import OpportunitiesScreen from '../src/screens/opportunities/OpportunitiesScreen.svelte';
import OpportunityCreateDialog from '../src/screens/opportunities/OpportunityCreateDialog.svelte';
import { actionTypes } from '../src/lib/stores/actionTypes.svelte';
import { toast } from '../src/lib/stores/toast.svelte';
import { mockBackend } from './backend';

afterEach(() => {
  cleanup();
  i18n.lang = 'fr';
});

const stage = (code: string, label: string, probability: number): Stage => ({ code, label, probability });
const stages = [stage('qualification', 'Qualification', 10), stage('besoin', 'Besoin identifié', 30), stage('proposition', 'Proposition', 60)];

const board: OpportunityBoard = {
  pipeline: { code: 'standard', label: 'Pipeline commercial' },
  pipelines: [{ code: 'standard', label: 'Pipeline commercial' }],
  columns: [
    {
      stage: stages[0] as Stage,
      cards: [
        {
          id: 'O1',
          party_id: 'P1',
          party_name: 'Cuisines Dubois',
          title: 'Armoires rouges',
          value_cents: 500_000,
          expected_close: '2027-02-20',
          owner: 'luc',
          stage: 'qualification',
          next_stage: 'besoin',
          pending: true,
        },
      ],
      total_cents: 500_000,
    },
    { stage: stages[1] as Stage, cards: [], total_cents: 0 },
    { stage: stages[2] as Stage, cards: [], total_cents: 0 },
  ],
  forecast: [{ month: '2027-02', cents: 50_000 }],
  undated: 0,
  won: 1,
  lost: 0,
};

const figures: OpportunityFigures = {
  forecast: [{ month: '2027-02', cents: 50_000 }],
  time_to_close: [{ owner: 'luc', period: '2026-11', closed: 1, average_hours_tenths: 365 }],
  average_hours_tenths: 365,
};

describe('OpportunitiesScreen', () => {
  it('draws a column per stage and moves a card with « Étape suivante »', async () => {
    const { called } = mockBackend({
      opportunity_board: () => board,
      opportunity_figures: () => figures,
      move_opportunity: () => ({ id: 'O1', waiting_for_server: false }),
    });
    render(OpportunitiesScreen, { active: true });
    const columns = await screen.findAllByTestId('opp-column');
    expect(columns.map((c) => c.dataset.stage)).toEqual(['qualification', 'besoin', 'proposition']);
    const card = within(columns[0] as HTMLElement).getByTestId('opp-card');
    expect(card).toHaveTextContent('Cuisines Dubois');
    expect(card).toHaveAttribute('draggable', 'true');
    const next = within(card).getByRole('button', { name: 'Étape suivante : « Armoires rouges » passe à « Besoin identifié »' });
    await fireEvent.click(next);
    await waitFor(() => expect(called('move_opportunity')).toEqual([{ id: 'O1', stage: 'besoin' }]));
    expect(screen.getByTestId('opp-forecast')).toHaveTextContent('février 2027');
    expect(await screen.findByTestId('opp-time-to-close-all')).toHaveTextContent('36,5 h');
  });

  it('says a refused move in the rep’s words', async () => {
    mockBackend({
      opportunity_board: () => board,
      opportunity_figures: () => figures,
      move_opportunity: () => {
        throw {
          code: 'rules',
          field: 'stage',
          values: {},
          problems: [
            {
              field: 'stage',
              code: 'opportunity_move',
              values: { rule: 'opportunity_stage_skipped', from: 'qualification', to: 'proposition', next: 'besoin' },
            },
          ],
        };
      },
    });
    render(OpportunitiesScreen, { active: true });
    await fireEvent.click(await screen.findByTestId('opp-card-next'));
    await waitFor(() => expect(toast.message).toMatch(/l'étape suivante est « besoin »/));
    expect(toast.kind).toBe('error');
  });
});

describe('OpportunityCreateDialog', () => {
  it('converts a lead in one step with its qualifying contact', async () => {
    const { called } = mockBackend({
      action_types: () => [
        { code: 'appel', label: 'Appel', icon: 'phone', counts_as_contact: true, needs_outcome: true, active: true },
        { code: 'note', label: 'Note', icon: 'note', counts_as_contact: false, needs_outcome: false, active: true },
      ],
      convert_to_opportunity: () => ({ id: 'O9', waiting_for_server: false }),
    });
    await actionTypes.ensure();
    render(OpportunityCreateDialog, { partyId: 'P1', partyName: 'Cuisines Dubois', isLead: true, onclose: () => {} });
    expect(screen.getByTestId('opportunity-convert-note')).toBeInTheDocument();
    await fireEvent.input(screen.getByTestId('opp-title'), { target: { value: 'Armoires rouges' } });
    await fireEvent.input(screen.getByTestId('opp-value'), { target: { value: '5 000' } });
    await fireEvent.click(screen.getByTestId('opportunity-create-submit'));
    await waitFor(() =>
      expect(called('convert_to_opportunity')).toEqual([
        {
          input: {
            opportunity: { party_id: 'P1', pipeline: null, title: 'Armoires rouges', value_cents: 500_000, expected_close: null },
            contact_type: 'appel',
          },
        },
      ]),
    );
  });

  it('refuses an amount that is not one, on its field, before sending', async () => {
    const { called } = mockBackend({ action_types: () => [] });
    render(OpportunityCreateDialog, { partyId: 'P1', partyName: 'Cuisines Dubois', isLead: false, onclose: () => {} });
    await fireEvent.input(screen.getByTestId('opp-title'), { target: { value: 'X' } });
    await fireEvent.input(screen.getByTestId('opp-value'), { target: { value: 'cinq mille' } });
    await fireEvent.click(screen.getByTestId('opportunity-create-submit'));
    expect(await screen.findByTestId('error-value_cents')).toBeInTheDocument();
    expect(called('create_opportunity')).toEqual([]);
  });
});
