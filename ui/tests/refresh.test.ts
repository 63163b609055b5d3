// « actualiser »: the window says « Bases actualisées » only when a newer snapshot was switched to; with
// nothing newer it says so, with the data's date and age (why the bar stays red), and after a switch the
// bar follows the new data's freshness.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '../dev/fixtures';
import type { AppStatus } from '../src/lib/bindings/AppStatus';
import Toast from '../src/lib/components/Toast.svelte';
import { i18n } from '../src/lib/i18n/index.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import { toast } from '../src/lib/stores/toast.svelte';
import Layout from '../src/screens/Layout.svelte';
import { mockBackend } from './backend';

afterEach(() => {
  cleanup();
  clearMocks();
  toast.hide();
  i18n.lang = 'fr';
});

const old: AppStatus = status({
  freshness: { ...status().freshness!, generated_at: '2026-11-20T08:00:00Z', stale: true, age_hours: 77 },
});

function show(refresh: () => unknown) {
  mockBackend({
    app_status: () => appState.status,
    refresh_snapshot: refresh,
    link_status: () => ({ enrolled: false, server_url: null, user: null, certificate: null, online: false, last_sync: null, last_error: null, waiting: 0, refused: [] }),
    home_revisit: () => [],
    home_last_visit: () => [],
    home_notices: () => [],
    search_prospects: () => [],
  });
  appState.apply(old);
  render(Layout, { status: appState.status! });
  render(Toast);
}

describe('« actualiser »', () => {
  it('says that nothing newer arrived, and why the bar is red', async () => {
    show(() => ({ switched: false, status: old }));
    expect(screen.getByTestId('freshness')).toHaveAttribute('data-state', 'stale');
    expect(screen.getByTestId('freshness-age')).toHaveTextContent('vieilles de 3 j (limite 36 h)');
    await fireEvent.click(screen.getByTestId('freshness-refresh'));
    const said = await screen.findByTestId('toast');
    expect(said).toHaveTextContent('Aucune base plus récente n’est arrivée');
    expect(said).toHaveTextContent('il y a 3 j');
    expect(said).not.toHaveTextContent('Bases actualisées');
  });

  it('says « actualisées » after a switch, and the bar turns green', async () => {
    const fresh = status({ freshness: { ...status().freshness!, generation: 'g-0043', age_hours: 0 } });
    show(() => ({ switched: true, status: fresh }));
    await fireEvent.click(screen.getByTestId('freshness-refresh'));
    expect(await screen.findByTestId('toast')).toHaveTextContent('Bases actualisées');
    expect(appState.status?.freshness?.stale).toBe(false);
  });

  it('says so in English too', async () => {
    i18n.lang = 'en';
    show(() => ({ switched: false, status: { ...old, lang: 'en' } }));
    await fireEvent.click(screen.getByTestId('freshness-refresh'));
    await waitFor(() => expect(screen.getByTestId('toast')).toHaveTextContent('No newer database has arrived'));
  });
});
