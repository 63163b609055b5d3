// The rep's modification requests: where each stands on the card (the accountant's note when declined), and
// the home screen's notice of a declined one until « J'ai vu ».
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { declinedNotice, declinedRequest } from '../dev/fixtures';
import RequestList from '../src/lib/components/RequestList.svelte';
import { i18n } from '../src/lib/i18n/index.svelte';
import { nav } from '../src/lib/stores/nav.svelte';
import DeclinedNotices from '../src/screens/home/DeclinedNotices.svelte';
import { mockBackend } from './backend';

afterEach(() => {
  cleanup();
  clearMocks();
  i18n.lang = 'fr';
  nav.go('home');
});

describe('RequestList', () => {
  it('shows each request’s fields and where it stands, the note of a declined one', () => {
    render(RequestList, {
      requests: [
        { ...declinedRequest, change_id: 'b', status: 'pending', closed_at: null, note: null },
        { ...declinedRequest, change_id: 'a' },
      ],
    });
    const lines = screen.getAllByTestId('request-line');
    expect(lines.map((l) => l.getAttribute('data-status'))).toEqual(['pending', 'declined']);
    expect(lines[0]).toHaveTextContent('En attente d’envoi');
    expect(lines[0]?.querySelector('[data-testid="pending-mark"]')).not.toBeNull();
    expect(lines[1]).toHaveTextContent('Refusée le 05/11/2026');
    expect(lines[1]).toHaveTextContent('téléphone : 04 78 00 00 01 → 04 78 99 99 99');
    expect(screen.getByTestId('request-note')).toHaveTextContent('Motif : Ce numéro est celui du siège');
  });
});

describe('DeclinedNotices', () => {
  it('shows a declined request with its note until « J’ai vu »', async () => {
    const b = mockBackend({ home_notices: () => [declinedNotice], dismiss_notice: () => null });
    render(DeclinedNotices, { active: true });
    const notice = await screen.findByTestId('declined-notice');
    expect(notice).toHaveTextContent('La comptabilité a refusé le 05/11/2026 votre demande de modification (téléphone) pour Garage Martin (C00123).');
    expect(notice).toHaveTextContent('Motif : Ce numéro est celui du siège');
    await fireEvent.click(screen.getByTestId('notice-seen'));
    await waitFor(() => expect(screen.queryByTestId('declined-notice')).toBeNull());
    expect(b.called('dismiss_notice')).toEqual([{ changeId: declinedNotice.change_id }]);
  });

  it('opens the client’s card', async () => {
    mockBackend({ home_notices: () => [declinedNotice] });
    render(DeclinedNotices, { active: true });
    await fireEvent.click(await screen.findByTestId('notice-open'));
    expect(nav.screen).toBe('clients');
    expect(nav.clientCode).toBe('C00123');
  });
});
