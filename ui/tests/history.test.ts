// Visit history dialogs: the client's re-asks when the LIT toggle changes; the prospect's lists its rows with their pending flag.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { card, requestNote, visits } from '../dev/fixtures';
import VisitHistoryDialog from '../src/lib/components/VisitHistoryDialog.svelte';
import * as api from '../src/lib/api';
import HistoryDialog from '../src/screens/clients/HistoryDialog.svelte';
import { mockBackend } from './backend';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('history dialogs', () => {
  it('asks again with LIT relations when the toggle is ticked', async () => {
    const b = mockBackend({ visit_history: (a) => (a.includeLit ? visits : visits.filter((v) => v.origine !== 'LIT')) });
    render(HistoryDialog, { card: card(), onclose: () => {} });
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('history-toggle-lit'));
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(3));
    expect(b.called('visit_history')).toEqual([
      { code: 'C00123', includeLit: false },
      { code: 'C00123', includeLit: true },
    ]);
  });

  it('lists a prospect’s visits with their pending flag', async () => {
    const b = mockBackend({ prospect_history: () => visits });
    render(VisitHistoryDialog, {
      name: 'Ferme des Saules',
      load: () => api.prospectHistory('P1'),
      onclose: () => {},
      testid: 'prospect-history-dialog',
      listTestid: 'prospect-history-list',
      rowTestid: 'prospect-history-row',
    });
    const rows = await screen.findAllByTestId('prospect-history-row');
    expect(rows.map((r) => r.getAttribute('data-pending'))).toEqual(['true', 'false', 'false']);
    expect(screen.getByTestId('prospect-history-dialog')).toHaveTextContent('Historique des visites — Ferme des Saules');
    expect(b.called('prospect_history')).toEqual([{ prospectId: 'P1' }]);
  });
});

describe('a modification request in the history', () => {
  it('is labelled as a request, not shown as a visit', async () => {
    mockBackend({ visit_history: () => [visits[0], requestNote, visits[1]] });
    render(HistoryDialog, { card: card(), onclose: () => {} });
    const rows = await screen.findAllByTestId('history-row');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['visit', 'modification_request', 'visit']);
    expect(rows[1]?.querySelector('[data-testid="relation-kind"]')).toHaveTextContent('Demande de modification');
    expect(rows[0]?.querySelector('[data-testid="relation-kind"]')).toBeNull();
  });
});
