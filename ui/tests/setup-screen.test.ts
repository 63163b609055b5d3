// Setup screen: the HTTPS way first (address and code pasted, a progress bar, errors under their field); the
// folder way's errors land next to their field, « Choisir… » fills a folder, the suggested user is preselected.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '../dev/fixtures';
import { appState } from '../src/lib/stores/status.svelte';
import SetupScreen from '../src/screens/setup/SetupScreen.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const users = [
  { windows_user: 'jleroy', erp_code: 'R09', display_name: 'Jean Leroy', is_admin: false },
  { windows_user: 'mdupont', erp_code: 'R07', display_name: 'Marie Dupont', is_admin: false },
];

describe('SetupScreen', () => {
  it('shows a preview error next to the folder concerned', async () => {
    appState.apply(status({ configured: false, snapshot_dir: null, outbox_dir: null }));
    mockIPC(() => {
      throw {
        code: 'folder_missing',
        field: 'outbox_dir',
        values: { path: '/o' },
        problems: [{ field: 'outbox_dir', code: 'folder_missing', values: { path: '/o' } }],
      };
    });
    render(SetupScreen);
    await fireEvent.click(screen.getByTestId('setup-way-folders'));
    await fireEvent.input(screen.getByTestId('setup-snapshot-dir'), { target: { value: '/s' } });
    await fireEvent.input(screen.getByTestId('setup-outbox-dir'), { target: { value: '/o' } });
    await fireEvent.click(screen.getByTestId('setup-check'));
    expect(await screen.findByTestId('error-outbox_dir')).toHaveTextContent("Ce dossier n'existe pas (/o).");
    expect(screen.queryByTestId('error-snapshot_dir')).toBeNull();
  });

  it('preselects the suggested user and saves the choice', async () => {
    appState.apply(status({ configured: false, snapshot_dir: null, outbox_dir: null }));
    let saved: unknown = null;
    mockIPC((cmd, args) => {
      if (cmd === 'setup_preview') return { manifest_user: 'mdupont', users, suggested_user: 'mdupont' };
      if (cmd === 'setup_save') {
        saved = (args as { input: unknown }).input;
        return status();
      }
      throw `unexpected ${cmd}`;
    });
    render(SetupScreen);
    await fireEvent.click(screen.getByTestId('setup-way-folders'));
    await fireEvent.input(screen.getByTestId('setup-snapshot-dir'), { target: { value: ' /data/snap ' } });
    await fireEvent.input(screen.getByTestId('setup-outbox-dir'), { target: { value: '/data/out' } });
    await fireEvent.click(screen.getByTestId('setup-check'));
    const select = (await screen.findByTestId('setup-user')) as HTMLSelectElement;
    expect(select.value).toBe('mdupont');
    await fireEvent.click(screen.getByTestId('setup-save'));
    await new Promise((r) => setTimeout(r, 20));
    expect(saved).toEqual({ user: 'mdupont', snapshot_dir: '/data/snap', outbox_dir: '/data/out' });
    expect(appState.status?.configured).toBe(true);
  });

  it('offers the HTTPS way first, with no folder to type', () => {
    appState.apply(status({ configured: false, snapshot_dir: null, outbox_dir: null }));
    render(SetupScreen);
    expect((screen.getByTestId('setup-way-link') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('first-run-server-url')).toBeInTheDocument();
    expect(screen.queryByTestId('setup-snapshot-dir')).toBeNull();
  });

  it('shows a refused code under the code field and an unreachable server under the address', async () => {
    appState.apply(status({ configured: false, snapshot_dir: null, outbox_dir: null }));
    const answers = [
      { code: 'link_code_refused', field: 'code', values: {}, problems: [{ field: 'code', code: 'link_code_refused', values: {} }] },
      {
        code: 'link_offline',
        field: 'server_url',
        values: { detail: 'connection refused' },
        problems: [{ field: 'server_url', code: 'link_offline', values: { detail: 'connection refused' } }],
      },
    ];
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'first_run_progress') return { running: true, received: 0, total: null };
      if (cmd === 'first_run_enroll') {
        asked.push((args as { input: unknown }).input);
        throw answers.shift();
      }
      throw `unexpected ${cmd}`;
    });
    render(SetupScreen);
    await fireEvent.input(screen.getByTestId('first-run-server-url'), { target: { value: ' https://crm:8443 ' } });
    await fireEvent.input(screen.getByTestId('first-run-code'), { target: { value: 'k7qm 3xpd 9rta wz4c' } });
    await fireEvent.click(screen.getByTestId('first-run-start'));
    expect(await screen.findByTestId('error-code')).toBeInTheDocument();
    expect(screen.queryByTestId('error-server_url')).toBeNull();
    expect(asked[0]).toEqual({ server_url: 'https://crm:8443', code: 'k7qm 3xpd 9rta wz4c' });
    await fireEvent.click(screen.getByTestId('first-run-start'));
    expect(await screen.findByTestId('error-server_url')).toHaveTextContent(/Serveur injoignable/);
    expect(screen.queryByTestId('error-code')).toBeNull();
    expect(appState.status?.configured).toBe(false);
  });

  it('shows the download progress, then the full bar, then opens the app', async () => {
    appState.apply(status({ configured: false, snapshot_dir: null, outbox_dir: null }));
    let finish: (s: unknown) => void = () => {};
    let received = 0;
    mockIPC((cmd) => {
      if (cmd === 'first_run_progress') {
        received = Math.min(received + 300_000, 1_048_576);
        return { running: true, received, total: 1_048_576 };
      }
      if (cmd === 'first_run_enroll') return new Promise((resolve) => (finish = resolve));
      throw `unexpected ${cmd}`;
    });
    render(SetupScreen);
    await fireEvent.input(screen.getByTestId('first-run-server-url'), { target: { value: 'https://crm:8443' } });
    await fireEvent.input(screen.getByTestId('first-run-code'), { target: { value: 'K7QM-3XPD-9RTA-WZ4C' } });
    await fireEvent.click(screen.getByTestId('first-run-start'));
    const bar = await screen.findByTestId('first-run-progress');
    await new Promise((r) => setTimeout(r, 400));
    expect(bar.getAttribute('max')).toBe('1048576');
    expect(Number(bar.getAttribute('value'))).toBeGreaterThan(0);
    expect(screen.getByTestId('first-run-progress-text')).toHaveTextContent(/Téléchargement de vos données : .* sur 1 Mo/);
    finish(status());
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.getByTestId('first-run-progress-text')).toHaveTextContent('Données téléchargées (1 Mo)');
    expect(bar.getAttribute('value')).toBe('1048576');
    expect(appState.status?.configured).toBe(false);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(appState.status?.configured).toBe(true);
  });

  it('« Choisir… » fills the folder the picker returns, and a cancelled picker keeps what was typed', async () => {
    appState.apply(status({ configured: false, snapshot_dir: null, outbox_dir: null }));
    const picks: (string | null)[] = ['/media/cle/bases', null];
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'pick_folder') {
        asked.push(args);
        return picks.shift();
      }
      throw `unexpected ${cmd}`;
    });
    render(SetupScreen);
    await fireEvent.click(screen.getByTestId('setup-way-folders'));
    await fireEvent.click(screen.getByTestId('setup-snapshot-dir-pick'));
    await new Promise((r) => setTimeout(r, 20));
    expect((screen.getByTestId('setup-snapshot-dir') as HTMLInputElement).value).toBe('/media/cle/bases');
    await fireEvent.input(screen.getByTestId('setup-outbox-dir'), { target: { value: '/tapé' } });
    await fireEvent.click(screen.getByTestId('setup-outbox-dir-pick'));
    await new Promise((r) => setTimeout(r, 20));
    expect((screen.getByTestId('setup-outbox-dir') as HTMLInputElement).value).toBe('/tapé');
    expect(asked[1]).toMatchObject({ start: '/tapé' });
  });
});
