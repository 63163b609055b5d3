// « Campagnes » against a mocked back end: the list and the page say the dates, the place and the pending mark apart
// (« 2026-12-03 → 2026-12-05 · Paris », not « 2026-12-03→ 2026-12-05· Paris »), and the cost as money is written
// everywhere else (« 12 500,00 € », not « 12500 € »); « Saisie rapide » says the last card typed after the count.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { status } from '../dev/fixtures';
import type { CampaignLine } from '../src/lib/bindings/CampaignLine';
import { appState } from '../src/lib/stores/status.svelte';
import CampaignsScreen from '../src/screens/campaigns/CampaignsScreen.svelte';
import QuickEntry from '../src/screens/campaigns/QuickEntry.svelte';
import { mockBackend } from './backend';

const show: CampaignLine = {
  id: 'C1',
  name: 'House & Design',
  starts_on: '2026-12-03',
  ends_on: '2026-12-05',
  place: 'Paris',
  cost_cents: 1250000,
  notes: null,
  leads: 2,
  pending: true,
};
/** Text with every kind of space (the narrow no-break space of French money too) as one plain space. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

beforeEach(() => {
  appState.apply(status());
  appState.dataVersion++;
});
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('CampaignsScreen', () => {
  it('says the dates, the place, the pending mark and the cost apart and as money', async () => {
    mockBackend({
      campaigns: () => [show],
      campaign_page: () => ({ campaign: show, leads: [], by_status: [] }),
    });
    render(CampaignsScreen, { active: true });
    const line = await screen.findByTestId('campaign-C1');
    expect(plain(line.textContent)).toBe('House & Design 2026-12-03 → 2026-12-05 · Paris 2 piste(s) · en attente de synchronisation');
    await fireEvent.click(line);
    const page = await screen.findByTestId('campaign-page');
    await waitFor(() => expect(plain(page.querySelector('dl')?.textContent)).toContain('2026-12-03 → 2026-12-05'));
    expect(plain(page.querySelector('dl')?.textContent)).toContain('12 500,00 €');
    expect(plain(page.querySelector('dl')?.textContent)).toContain('6 250,00 €');
  });
});

describe('QuickEntry', () => {
  it('says the last card typed after the count', async () => {
    mockBackend({ add_lead_card: () => ({ id: 'P9', waiting_for_server: false }) });
    render(QuickEntry, { campaignId: 'C1', onsaved: () => {} });
    await fireEvent.input(screen.getByTestId('quick-company'), { target: { value: 'Cuisines Dubois' } });
    await fireEvent.click(screen.getByTestId('quick-save'));
    await waitFor(() => expect(plain(screen.getByTestId('quick-count').textContent)).toBe(
      '1 carte(s) saisie(s) dans cette session — dernière : Cuisines Dubois',
    ));
  });
});
