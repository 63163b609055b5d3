// Built-in HTTPS sync: status texts, the status strip, the enrollment form (errors under their field, typed text kept),
// the enrolled panel, and the wake-up after a written change.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { status } from '../dev/fixtures';
import type { CommandError } from '../src/lib/bindings/CommandError';
import type { LinkStatus } from '../src/lib/bindings/LinkStatus';
import LinkIndicator from '../src/lib/components/LinkIndicator.svelte';
import { i18n } from '../src/lib/i18n/index.svelte';
import { lastSyncText, onlineText, refusedText, waitingText } from '../src/lib/link';
import { link } from '../src/lib/stores/link.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import SyncDialog from '../src/screens/sync/SyncDialog.svelte';
import { mockBackend } from './backend';

const TODAY = '2026-11-23';

/** The failure of the last round, kept as a code and its values. */
const offline: CommandError = { code: 'link_offline', field: null, values: { detail: 'connexion refusée' }, problems: [] };

function linkStatus(over: Partial<LinkStatus> = {}): LinkStatus {
  return {
    enrolled: true,
    server_url: 'https://crm-pneus:8443',
    user: 'mdupont',
    certificate: '3FA0 9B01 C2D4 E5F6 0718 293A 4B5C 6D7E 8F90 1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7',
    online: true,
    last_sync: `${TODAY} 14:05`,
    last_error: null,
    waiting: 0,
    refused: [],
    ...over,
  };
}

const notEnrolled = linkStatus({
  enrolled: false,
  server_url: null,
  user: null,
  certificate: null,
  online: false,
  last_sync: null,
});

beforeEach(() => {
  appState.apply(status({ today: TODAY }));
});

afterEach(() => {
  cleanup();
  clearMocks();
  i18n.lang = 'fr';
  link.status = null;
  link.serverUrl = '';
  link.code = '';
  link.enrollError = null;
});

describe('status texts', () => {
  it('says online or offline', () => {
    expect(onlineText(true)).toBe('En ligne');
    expect(onlineText(false)).toBe('Hors ligne');
  });

  it('gives the time of a sync today, the date of an older one, « jamais » before the first', () => {
    expect(lastSyncText(`${TODAY} 09:07`, TODAY)).toBe('09:07');
    expect(lastSyncText('2026-11-22 18:30', TODAY)).toBe('22/11/2026 18:30');
    expect(lastSyncText(null, TODAY)).toBe('jamais');
    expect(lastSyncText('bientôt', TODAY)).toBe('bientôt');
  });

  it('counts the files waiting, 0 being « tout est envoyé »', () => {
    expect(waitingText(0)).toBe('tout est envoyé');
    expect(waitingText(1)).toBe('1 fichier en attente');
    expect(waitingText(4)).toBe('4 fichiers en attente');
    i18n.lang = 'en';
    expect(waitingText(0)).toBe('everything sent');
    expect(waitingText(2)).toBe('2 files waiting');
  });

  it('counts the files refused', () => {
    expect(refusedText(1)).toBe('1 fichier refusé par le serveur');
    expect(refusedText(3)).toBe('3 fichiers refusés par le serveur');
  });
});

describe('LinkIndicator', () => {
  it('shows the state in words, the last sync and what waits; the last error as a tooltip', () => {
    render(LinkIndicator, {
      status: linkStatus({ online: false, waiting: 2, last_error: offline }),
      today: TODAY,
      onopen: () => {},
    });
    expect(screen.getByTestId('link-online')).toHaveTextContent('Hors ligne');
    expect(screen.getByTestId('link-last-sync')).toHaveTextContent('Dernière synchro : 14:05');
    expect(screen.getByTestId('link-waiting')).toHaveTextContent('2 fichiers en attente');
    expect(screen.getByTestId('link-open')).toHaveAttribute('title', 'Serveur injoignable (connexion refusée).');
    // Its name for a screen reader says all of it, not only the state.
    expect(screen.getByRole('button')).toHaveAccessibleName(
      /^Synchro.*Hors ligne.*Serveur injoignable.*Dernière synchro : 14:05.*2 fichiers en attente$/,
    );
    expect(screen.queryByTestId('link-refused')).toBeNull();
  });

  it('warns about refused files and opens the details', async () => {
    const onopen = vi.fn();
    render(LinkIndicator, {
      status: linkStatus({
        refused: [{ file_name: 'VC_a.json', reason: 'bad_signature', detail: 'signature invalide', refusal: null }],
      }),
      today: TODAY,
      onopen,
    });
    expect(screen.getByTestId('link-waiting')).toHaveTextContent('tout est envoyé');
    await fireEvent.click(screen.getByTestId('link-refused'));
    expect(screen.getByTestId('link-refused')).toHaveTextContent('1 fichier refusé par le serveur');
    expect(onopen).toHaveBeenCalledOnce();
  });
});

describe('SyncDialog', () => {
  it('shows an enrollment error under the code field and keeps what was typed', async () => {
    const backend = mockBackend({
      link_enroll: () => {
        throw {
          code: 'link_code_refused',
          field: 'code',
          values: { server_code: 'unknown_code', server_message: 'unknown' },
          problems: [{ field: 'code', code: 'link_code_refused', values: { server_code: 'unknown_code', server_message: 'unknown' } }],
        };
      },
    });
    link.status = notEnrolled;
    render(SyncDialog, { onclose: () => {} });
    const url = screen.getByTestId('link-server-url') as HTMLInputElement;
    const code = screen.getByTestId('link-code') as HTMLInputElement;
    expect(url).toHaveAttribute('placeholder', 'https://serveur:8443');
    expect(code).toHaveAttribute('placeholder', 'XXXX-XXXX-XXXX-XXXX');
    await fireEvent.input(url, { target: { value: ' https://crm:8443 ' } });
    await fireEvent.input(code, { target: { value: 'AAAA-BBBB-CCCC-DDDD' } });
    await fireEvent.click(screen.getByTestId('link-enroll'));
    expect(await screen.findByTestId('error-code')).toHaveTextContent('Refusé par le serveur : code d\'enrôlement inconnu.');
    expect(screen.queryByTestId('error-server_url')).toBeNull();
    expect(code).toHaveAttribute('aria-invalid', 'true');
    expect(code.value).toBe('AAAA-BBBB-CCCC-DDDD');
    expect(url.value).toBe(' https://crm:8443 ');
    expect(backend.called('link_enroll')).toEqual([
      { input: { server_url: 'https://crm:8443', code: 'AAAA-BBBB-CCCC-DDDD' } },
    ]);
  });

  it('puts an error without a field at the top', async () => {
    mockBackend({
      link_enroll: () => {
        throw { code: 'not_configured', field: null, values: {}, problems: [] };
      },
    });
    link.status = notEnrolled;
    render(SyncDialog, { onclose: () => {} });
    await fireEvent.click(screen.getByTestId('link-enroll'));
    expect(await screen.findByTestId('link-enroll-error')).toHaveTextContent("L'application n'est pas encore configurée.");
  });

  it('enrolls, then shows the fingerprint to compare and syncs on demand', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let st = notEnrolled;
      const backend = mockBackend({
        link_enroll: () => (st = linkStatus({ waiting: 1 })),
        link_status: () => st,
        link_sync_now: () => {
          st = linkStatus({ waiting: 0 });
          return null;
        },
        app_status: () => status({ today: TODAY }),
      });
      link.status = notEnrolled;
      render(SyncDialog, { onclose: () => {} });
      await fireEvent.input(screen.getByTestId('link-server-url'), { target: { value: 'https://crm:8443' } });
      await fireEvent.input(screen.getByTestId('link-code'), { target: { value: 'AAAA-BBBB-CCCC-DDDD' } });
      await fireEvent.click(screen.getByTestId('link-enroll'));
      expect(await screen.findByTestId('link-certificate')).toHaveTextContent('3FA0 9B01 C2D4');
      expect(screen.getByTestId('link-details')).toHaveTextContent('Comparez avec l’empreinte affichée par l’administrateur');
      expect(screen.getByTestId('link-detail-waiting')).toHaveTextContent('1 fichier en attente');
      expect(link.code).toBe('');
      await fireEvent.click(screen.getByTestId('link-sync-now'));
      expect(backend.called('link_sync_now')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1600);
      await waitFor(() => expect(screen.getByTestId('link-detail-waiting')).toHaveTextContent('tout est envoyé'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists the refused files with their reason and detail', () => {
    mockBackend();
    link.status = linkStatus({
      online: false,
      last_error: offline,
      refused: [
        { file_name: 'VC_mdupont_1.json', reason: 'bad_signature', detail: 'signature invalide', refusal: null },
        {
          file_name: 'VC_mdupont_2.json',
          reason: 'oversized',
          detail: '3 octets, maximum 2',
          refusal: { code: 'oversized', values: { size: '3000', max: '2000' }, problems: [] },
        },
      ],
    });
    render(SyncDialog, { onclose: () => {} });
    expect(screen.getByTestId('link-last-error')).toHaveTextContent('Serveur injoignable (connexion refusée).');
    // A failure kept between rounds follows the language chosen now.
    i18n.lang = 'en';
    flushSync();
    expect(screen.getByTestId('link-last-error')).toHaveTextContent('Server unreachable (connexion refusée).');
    i18n.lang = 'fr';
    flushSync();
    const [row, coded] = screen.getAllByTestId('link-refused-row');
    expect(row).toHaveTextContent('VC_mdupont_1.json');
    expect(row).toHaveTextContent('bad_signature');
    // From a server without detail codes: its sentence, as received.
    expect(row).toHaveTextContent('signature invalide');
    // With a code: worded here, in the language shown.
    expect(coded).toHaveTextContent('3000 octets, maximum 2000');
    i18n.lang = 'en';
    flushSync();
    expect(coded).toHaveTextContent('3000 bytes, at most 2000');
    i18n.lang = 'fr';
  });
});

describe('after a written change', () => {
  it('wakes the sync when enrolled, and only then', async () => {
    const backend = mockBackend({ app_status: () => status({ today: TODAY }), link_sync_now: () => null });
    link.status = notEnrolled;
    appState.touch();
    link.status = linkStatus();
    appState.touch();
    await waitFor(() => expect(backend.called('link_sync_now')).toHaveLength(1));
  });
});
