// api.ts: argument names sent to each command, and normalisation of every kind of rejection into a CommandError.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import * as api from '../src/lib/api';
import type { CommandError } from '../src/lib/bindings/CommandError';

afterEach(() => clearMocks());

describe('api', () => {
  it('sends camelCase arguments to the named command', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === 'draft_load' ? '{"a":1}' : null;
    });
    await api.setupPreview('/s', '/o');
    await api.visitHistory('C1', true);
    await api.setRevisit({ client_code: 'C1', date: null });
    expect(await api.draftLoad('visit:C1')).toBe('{"a":1}');
    expect(calls).toEqual([
      ['setup_preview', { snapshotDir: '/s', outboxDir: '/o' }],
      ['visit_history', { code: 'C1', includeLit: true }],
      ['set_revisit', { input: { client_code: 'C1', date: null } }],
      ['draft_load', { key: 'visit:C1' }],
    ]);
  });

  it('passes a CommandError through unchanged', async () => {
    const err: CommandError = {
      code: 'invalid',
      field: null,
      message: 'Saisie invalide',
      problems: [{ field: 'visit_date', message: 'Date trop ancienne' }],
    };
    mockIPC(() => {
      throw err;
    });
    await expect(api.recordVisit({ client_code: 'C1', visit_date: '2020-01-01', visit_time: null, comment: '', answers: {} })).rejects.toEqual(err);
  });

  it('turns a plain string rejection into an internal CommandError', async () => {
    mockIPC(() => {
      throw 'command client_card not found';
    });
    await expect(api.clientCard('C1')).rejects.toEqual({
      code: 'internal',
      field: null,
      message: 'command client_card not found',
      problems: [],
    });
  });

  it('normalises Error objects and odd values', () => {
    expect(api.toCommandError(new Error('boom'))).toEqual({ code: 'internal', field: null, message: 'boom', problems: [] });
    expect(api.toCommandError({ weird: 1 }).message).toBe('{"weird":1}');
    expect(api.toCommandError({ code: 'x', message: 'm' })).toEqual({ code: 'x', field: null, message: 'm', problems: [] });
  });

  it('maps problems to fields and keeps the rest general', () => {
    const err: CommandError = {
      code: 'invalid',
      field: 'user',
      message: 'Utilisateur inconnu',
      problems: [
        { field: 'snapshot_dir', message: 'Dossier introuvable' },
        { field: 'other', message: 'Autre souci' },
      ],
    };
    expect(api.fieldErrors(err)).toEqual({ snapshot_dir: 'Dossier introuvable', other: 'Autre souci', user: 'Utilisateur inconnu' });
    const shown = (f: string) => ['snapshot_dir', 'outbox_dir', 'user'].includes(f);
    expect(api.generalError(err, shown)).toBe('Autre souci');
    expect(api.generalError({ code: 'io', field: null, message: 'Disque plein', problems: [] }, shown)).toBe('Disque plein');
    expect(api.generalError(null, shown)).toBeNull();
  });
});
