// The field app's updates: the « Réglages » line, the banner (« Installer » / « Plus tard »), and the drafts
// written before the update is installed.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../src/lib/bindings/UpdateStatus';
import UpdateBanner from '../src/lib/components/UpdateBanner.svelte';
import { i18n } from '../src/lib/i18n/index.svelte';
import { Draft } from '../src/lib/stores/drafts';
import { updates } from '../src/lib/stores/update.svelte';
import { updateText } from '../src/lib/update';
import { mockBackend } from './backend';

function updateStatus(over: Partial<UpdateStatus> = {}): UpdateStatus {
  return {
    enabled: true,
    enrolled: true,
    current: '0.1.0',
    offered: null,
    notes: null,
    installing: false,
    last_check: null,
    last_error: null,
    install_error: null,
    ...over,
  };
}

afterEach(() => {
  cleanup();
  clearMocks();
  i18n.lang = 'fr';
  updates.status = null;
  updates.postponed = null;
});

describe('« Réglages », Mises à jour', () => {
  it('says when the build has no key, when the laptop is not enrolled, and what is offered', () => {
    expect(updateText(updateStatus({ enabled: false }))).toBe(
      'désactivées : cette version a été construite sans clé de mise à jour',
    );
    expect(updateText(updateStatus({ enrolled: false }))).toMatch(/^version 0\.1\.0 ; .*pas enrôlé/);
    expect(updateText(updateStatus())).toBe('version 0.1.0, à jour');
    expect(updateText(updateStatus({ last_check: '2026-12-04 09:10' }))).toBe(
      'version 0.1.0, à jour (vérifié le 2026-12-04 09:10)',
    );
    expect(updateText(updateStatus({ offered: '0.2.0' }))).toBe('version 0.1.0 ; la version 0.2.0 est disponible');
    i18n.lang = 'en';
    expect(updateText(updateStatus({ enabled: false }))).toBe('off: this version was built without an update key');
    expect(updateText(updateStatus({ offered: '0.2.0' }))).toBe('version 0.1.0; version 0.2.0 is available');
  });
});

describe('the update banner', () => {
  it('shows nothing without an offer', async () => {
    mockBackend({ update_status: () => updateStatus() });
    render(UpdateBanner);
    await waitFor(() => expect(updates.status).not.toBeNull());
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });

  it('offers the version; « Plus tard » puts it off for the session', async () => {
    mockBackend({ update_status: () => updateStatus({ offered: '0.2.0' }) });
    render(UpdateBanner);
    const banner = await screen.findByTestId('update-banner');
    expect(banner.textContent).toContain('Une mise à jour est disponible (version 0.2.0)');
    expect(screen.getByTestId('update-install').textContent).toBe('Installer');
    await fireEvent.click(screen.getByTestId('update-later'));
    await waitFor(() => expect(screen.queryByTestId('update-banner')).toBeNull());
  });

  it('« Installer » writes the waiting drafts first, then installs; a failure is shown with its reason', async () => {
    const backend = mockBackend({
      update_status: () => updateStatus({ offered: '0.2.0' }),
      update_install: () => updateStatus({ offered: '0.2.0', install_error: 'signature invalide' }),
    });
    // A draft whose debounced save is still waiting (a minute: only the flush writes it).
    const draft = new Draft<string>('visit:C001', undefined, 60_000);
    draft.schedule('commentaire en cours');
    render(UpdateBanner);
    await fireEvent.click(await screen.findByTestId('update-install'));
    await waitFor(() => expect(backend.called('update_install')).toHaveLength(1));
    const order = backend.calls.map(([cmd]) => cmd).filter((cmd) => cmd === 'draft_save' || cmd === 'update_install');
    expect(order).toEqual(['draft_save', 'update_install']);
    expect(backend.drafts.get('visit:C001')).toContain('commentaire en cours');
    expect((await screen.findByTestId('update-error')).textContent).toBe(
      'La mise à jour n’a pas été installée : signature invalide',
    );
  });
});
