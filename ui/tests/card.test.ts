// Client card: loads once per client, and a data refresh re-fetches without remounting an open dialog.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { card, formConfig } from '../dev/fixtures';
import { appState } from '../src/lib/stores/status.svelte';
import ClientCardView from '../src/screens/clients/ClientCardView.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

function backend() {
  const counts: Record<string, number> = {};
  let name = 'Garage Martin';
  mockIPC((cmd) => {
    counts[cmd] = (counts[cmd] ?? 0) + 1;
    switch (cmd) {
      case 'client_card':
        return card('C00123', { nom_client: name });
      case 'form_config':
        return formConfig;
      case 'draft_load':
        return null;
      case 'draft_save':
        return null;
      default:
        throw `unexpected ${cmd}`;
    }
  });
  return { counts, rename: (n: string) => (name = n) };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('ClientCardView', () => {
  it('shows the card with pending marks and fetches it only once', async () => {
    const { counts } = backend();
    render(ClientCardView, { code: 'C00123', active: true });
    expect(await screen.findByTestId('card-name')).toHaveTextContent('Garage Martin');
    expect(screen.getByTestId('client-card')).toHaveAttribute('data-code', 'C00123');
    expect(screen.getByTestId('card-code')).toHaveTextContent('C00123');
    expect(screen.getByTestId('card-revisit')).toHaveTextContent('20/11/2026');
    expect(screen.getByTestId('card-revisit').querySelector('[data-testid="pending-mark"]')).not.toBeNull();
    expect(screen.getByTestId('card-fleet')).toHaveTextContent('Véhicules légers : 4');
    expect(screen.getByText('06 12 34 56 78', { selector: 'dd a' })).toHaveAttribute('href', 'tel:0612345678');
    await settle();
    expect(counts.client_card).toBe(1);
  });

  it('re-fetches on a data refresh while an open dialog keeps what was typed', async () => {
    const { counts, rename } = backend();
    render(ClientCardView, { code: 'C00123', active: true });
    await fireEvent.click(await screen.findByTestId('btn-visit'));
    const comment = (await screen.findByTestId('visit-comment')) as HTMLTextAreaElement;
    await fireEvent.input(comment, { target: { value: 'Texte en cours' } });

    rename('Garage Martin & Fils');
    appState.dataVersion++;
    await waitFor(() => expect(screen.getByTestId('card-name')).toHaveTextContent('Garage Martin & Fils'));
    expect(screen.getByTestId('visit-comment')).toBe(comment);
    expect(comment.value).toBe('Texte en cours');
    await settle();
    expect(counts.client_card).toBe(2);
  });

  it('offers the revisit date and the fleet only on the rep’s own clients, and says why', async () => {
    mockIPC((cmd) => {
      if (cmd === 'client_card') return card('C00999', { in_portfolio: false });
      if (cmd === 'form_config') return formConfig;
      return null;
    });
    render(ClientCardView, { code: 'C00999', active: true });
    await screen.findByTestId('card-name');
    expect(screen.queryByTestId('btn-revisit')).toBeNull();
    expect(screen.queryByTestId('btn-fleet')).toBeNull();
    expect(screen.getByTestId('btn-visit')).toBeInTheDocument();
    expect(screen.getByTestId('btn-modify')).toBeInTheDocument();
    expect(screen.getByTestId('card-not-owner')).toHaveTextContent('pas dans votre portefeuille');
  });

  it('offers them on the rep’s own clients', async () => {
    backend();
    render(ClientCardView, { code: 'C00123', active: true });
    await screen.findByTestId('card-name');
    expect(screen.getByTestId('btn-revisit')).toBeInTheDocument();
    expect(screen.getByTestId('btn-fleet')).toBeInTheDocument();
    expect(screen.queryByTestId('card-not-owner')).toBeNull();
  });
});
