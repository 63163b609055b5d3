// « Réglages »: the user, server and folders shown; the folders changed through the first run's checks, an error
// under the folder concerned, and nothing sent while nothing changed.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '../dev/fixtures';
import { appState } from '../src/lib/stores/status.svelte';
import SettingsDialog from '../src/screens/settings/SettingsDialog.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('SettingsDialog', () => {
  it('shows who and where, and saves other folders', async () => {
    appState.apply(status());
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'change_folders') {
        asked.push(args);
        return status({ snapshot_dir: '/nouveau/bases', outbox_dir: '/nouveau/envoi' });
      }
      throw `unexpected ${cmd}`;
    });
    let closed = false;
    render(SettingsDialog, { onclose: () => (closed = true) });
    expect(screen.getByTestId('settings-user')).toHaveTextContent('Marie Dupont (mdupont)');
    expect(screen.getByTestId('settings-server')).toHaveTextContent('aucun (dossiers synchronisés)');
    expect((screen.getByTestId('settings-snapshot-dir') as HTMLInputElement).value).toBe('/data/snapshot');
    expect(screen.getByTestId('settings-save')).toBeDisabled();
    await fireEvent.input(screen.getByTestId('settings-snapshot-dir'), { target: { value: ' /nouveau/bases ' } });
    await fireEvent.input(screen.getByTestId('settings-outbox-dir'), { target: { value: '/nouveau/envoi' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toEqual([{ snapshotDir: '/nouveau/bases', outboxDir: '/nouveau/envoi' }]);
    expect(appState.status?.snapshot_dir).toBe('/nouveau/bases');
    expect(closed).toBe(true);
  });

  it('shows a refused folder under its field and keeps the dialog open', async () => {
    appState.apply(status());
    mockIPC(() => {
      throw {
        code: 'user_other_reps_folder',
        field: 'user',
        values: { user: 'mdupont', owner: 'jleroy' },
        problems: [{ field: 'user', code: 'user_other_reps_folder', values: { user: 'mdupont', owner: 'jleroy' } }],
      };
    });
    let closed = false;
    render(SettingsDialog, { onclose: () => (closed = true) });
    await fireEvent.input(screen.getByTestId('settings-snapshot-dir'), { target: { value: '/bases/jleroy' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('error-snapshot_dir')).toHaveTextContent('jleroy');
    expect(closed).toBe(false);
    expect(appState.status?.snapshot_dir).toBe('/data/snapshot');
  });
});
