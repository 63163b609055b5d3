// The screens other than the home are not in the start's bundle: none is mounted before the home's
// first rows are painted, the one the rep opens first comes at once, and the others follow the
// first rows; each then stays mounted (switching keeps its state).
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '../dev/fixtures';
import { markPainted } from '../src/lib/stores/firstRows';
import { nav } from '../src/lib/stores/nav.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import Layout from '../src/screens/Layout.svelte';
import { LAZY_SCREENS, screens as loaded } from '../src/screens/lazy.svelte';
import { mockBackend } from './backend';

// A screen's chunk is transformed on its first import here, which takes seconds on a busy machine.
const LOADING = { timeout: 20_000 };

afterEach(() => {
  cleanup();
  clearMocks();
  nav.go('home');
});

function show() {
  const backend = mockBackend({
    app_status: () => appState.status,
    link_status: () => ({ enrolled: false, server_url: null, user: null, certificate: null, online: false, last_sync: null, last_error: null, waiting: 0, refused: [] }),
    home_revisit: () => [],
    home_last_visit: () => [],
    home_notices: () => [],
    contacts: () => [],
  });
  appState.apply(status());
  render(Layout, { status: appState.status! });
  return backend;
}

describe('screens loaded after the start', () => {
  it('mounts only the home at start, and the screen the rep opens at once', { timeout: 30_000 }, async () => {
    show();
    expect(screen.getByTestId('dashboard')).toBeInTheDocument();
    expect(Object.keys(loaded.components)).toEqual([]);
    expect(screen.queryByTestId('btn-new-contact')).toBeNull();

    await fireEvent.click(screen.getByTestId('nav-contacts'));
    expect(await screen.findByTestId('btn-new-contact', {}, LOADING)).toBeInTheDocument();
    // The opened screen came first; on a busy machine its chunk may take longer than the
    // start's fallback (FALLBACK_MS), which then begins loading the others after it.
    expect(Object.keys(loaded.components)[0]).toEqual('contacts');
  });

  it('loads the other screens once the first rows are painted, and keeps them mounted', { timeout: 30_000 }, async () => {
    const backend = show();
    markPainted();
    await waitFor(() => expect(Object.keys(loaded.components).sort()).toEqual([...LAZY_SCREENS].sort()), LOADING);
    // Mounted while hidden, as the home is when another screen shows: nothing asked of the back end yet.
    expect(screen.getByTestId('btn-new-contact')).toBeInTheDocument();
    expect(backend.called('contacts')).toEqual([]);

    await fireEvent.click(screen.getByTestId('nav-contacts'));
    await waitFor(() => expect(backend.called('contacts')).toHaveLength(1));
  });
});
