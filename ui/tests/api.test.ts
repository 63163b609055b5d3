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

  it('names the arguments of the prospect, stats and calendar commands', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const query = { rep: null, period: '12m' };
    const range = { rep: 'R09', from: '2026-10-26', to: '2026-12-06' };
    await api.searchProspects('');
    await api.prospectCard('P1');
    await api.prospectHistory('P1');
    await api.findDuplicates('04 78 00 00 01');
    await api.createProspect({ fields: { nom_client: 'Ferme' } });
    await api.updateProspect({ prospect_id: 'P1', fields: { tel_1: null } });
    await api.deleteProspect('P1');
    await api.recordProspectVisit({ prospect_id: 'P1', visit_date: '2026-11-23', visit_time: null, comment: '', answers: {} });
    await api.conversionConfig();
    await api.checkConversion({ prospect_id: 'P1', fields: {}, signature_png_base64: null });
    await api.convertProspect({ prospect_id: 'P1', fields: {}, signature_png_base64: 'AA' });
    await api.listReps();
    await api.stats(query);
    await api.printStats(query);
    await api.calendar(range);
    await api.exportCalendar(range);
    await api.openExport('/home/r/exports/visites.ics');
    await api.homeNotices();
    await api.dismissNotice('01JD0M');
    expect(calls).toEqual([
      ['search_prospects', { query: '' }],
      ['prospect_card', { prospectId: 'P1' }],
      ['prospect_history', { prospectId: 'P1' }],
      ['find_duplicates', { phone: '04 78 00 00 01' }],
      ['create_prospect', { input: { fields: { nom_client: 'Ferme' } } }],
      ['update_prospect', { input: { prospect_id: 'P1', fields: { tel_1: null } } }],
      ['delete_prospect', { prospectId: 'P1' }],
      ['record_prospect_visit', { input: { prospect_id: 'P1', visit_date: '2026-11-23', visit_time: null, comment: '', answers: {} } }],
      ['conversion_config', {}],
      ['check_conversion', { input: { prospect_id: 'P1', fields: {}, signature_png_base64: null } }],
      ['convert_prospect', { input: { prospect_id: 'P1', fields: {}, signature_png_base64: 'AA' } }],
      ['list_reps', {}],
      ['stats', { query }],
      ['print_stats', { query }],
      ['calendar', { query: range }],
      ['export_calendar', { query: range }],
      ['open_export', { path: '/home/r/exports/visites.ics' }],
      ['home_notices', {}],
      ['dismiss_notice', { changeId: '01JD0M' }],
    ]);
  });

  it('passes a CommandError through unchanged', async () => {
    const err: CommandError = {
      code: 'date_out_of_bound',
      field: 'visit_date',
      values: { visit: '2020-01-01', oldest_allowed: '2026-10-21', bound_days: '30' },
      problems: [
        {
          field: 'visit_date',
          code: 'date_out_of_bound',
          values: { visit: '2020-01-01', oldest_allowed: '2026-10-21', bound_days: '30' },
        },
      ],
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
      values: { detail: 'command client_card not found' },
      problems: [],
    });
  });

  it('normalises Error objects and odd values', () => {
    expect(api.toCommandError(new Error('boom'))).toEqual({ code: 'internal', field: null, values: { detail: 'boom' }, problems: [] });
    expect(api.toCommandError({ weird: 1 }).values.detail).toBe('{"weird":1}');
    expect(api.toCommandError({ code: 'x', message: 'm' })).toEqual({ code: 'internal', field: null, values: { detail: 'm' }, problems: [] });
    expect(api.toCommandError({ code: 'unknown_client', values: { code: 7 } })).toEqual({
      code: 'unknown_client',
      field: null,
      values: { code: '7' },
      problems: [],
    });
  });

  it('maps problems to fields and keeps the rest general', () => {
    const err: CommandError = {
      code: 'folder_missing',
      field: 'user',
      values: {},
      problems: [
        { field: 'snapshot_dir', code: 'folder_missing', values: { path: '/b' } },
        { field: 'other', code: 'unknown_client', values: { code: 'C1' } },
      ],
    };
    expect(api.fieldErrors(err)).toEqual({
      snapshot_dir: 'Ce dossier n\'existe pas (/b).',
      other: 'Le client C1 n\'est pas dans vos bases.',
      user: 'Ce dossier n\'existe pas (/b). Le client C1 n\'est pas dans vos bases.',
    });
    const shown = (f: string) => ['snapshot_dir', 'outbox_dir', 'user'].includes(f);
    expect(api.generalError(err, shown)).toBe('Le client C1 n\'est pas dans vos bases.');
    expect(api.generalError({ code: 'disk_full', field: null, values: {}, problems: [] }, shown)).toMatch(/^Le disque est plein/);
    expect(api.generalError(null, shown)).toBeNull();
  });
});

describe('downloads', () => {
  it('names the file as the server’s Content-Disposition says, else after the command', () => {
    expect(api.attachmentName('attachment; filename="devis-D-2026-1.pdf"', 'print_quote')).toBe('devis-D-2026-1.pdf');
    expect(api.attachmentName(null, 'print_quote')).toBe('print_quote');
    expect(api.attachmentName('attachment', 'export_contacts')).toBe('export_contacts');
  });

  it('a print on the laptop still asks the window’s command, which writes the file', async () => {
    mockIPC((cmd) => (cmd === 'print_quote' ? { path: '/home/rep/exports/devis-D-2026-1.pdf', bytes: 12 } : null));
    expect(await api.printQuote('Q1')).toEqual({ path: '/home/rep/exports/devis-D-2026-1.pdf', bytes: 12 });
  });
});
