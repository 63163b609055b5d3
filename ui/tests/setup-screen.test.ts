// Setup screen: errors land next to their field; the suggested user is preselected and saved.
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
});
