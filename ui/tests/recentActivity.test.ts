// « Activité des 15 derniers jours » against a mocked back end: each line says its day and time apart, what it is
// (the business card under its campaign, a call by its type's label, a meeting) and who, pending ones marked.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crmTypes } from '../dev/mock-crm';
import { status } from '../dev/fixtures';
import type { ActivityLine } from '../src/lib/bindings/ActivityLine';
import { actionTypes } from '../src/lib/stores/actionTypes.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import RecentActivity from '../src/screens/contacts/RecentActivity.svelte';
import { mockBackend } from './backend';

const lines: ActivityLine[] = [
  { kind: 'meeting', id: 'M1', date: '2026-12-05', time: '23:15', code: 'planned', text: 'Projet cuisine', by: 'jdupont', pending: false },
  { kind: 'action', id: 'A1', date: '2026-12-05', time: null, code: 'appel', text: 'Veut des armoires rouges', by: 'lgirard', pending: true },
  { kind: 'card', id: 'P1', date: '2026-12-03', time: null, code: '', text: 'House & Design', by: 'jdupont', pending: false },
];

beforeEach(() => {
  appState.apply(status());
  appState.dataVersion++;
});
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('RecentActivity', () => {
  it('shows the card under its campaign, the call and the meeting, day and time apart', async () => {
    const { called } = mockBackend({ action_types: () => crmTypes, recent_activity: () => lines });
    await actionTypes.ensure();
    render(RecentActivity, { partyId: 'P1' });
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(3));
    const [meeting, call, card] = screen.getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(meeting).toBe('05/12/2026 23:15 Rendez-vous Projet cuisine jdupont');
    expect(call).toBe('05/12/2026 Appel Veut des armoires rouges lgirard en attente de synchronisation');
    expect(card).toBe('03/12/2026 Carte de visite House & Design jdupont');
    expect(called('recent_activity')).toEqual([{ partyId: 'P1', days: 15 }]);
  });
});
