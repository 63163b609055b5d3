// Dev-only entry: installs an in-memory back end with mockIPC, then starts the real app.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { AppStatus } from '../src/lib/bindings/AppStatus';
import type { LinkStatus } from '../src/lib/bindings/LinkStatus';
import type { SearchResult } from '../src/lib/bindings/SearchResult';
import type { UpdateStatus } from '../src/lib/bindings/UpdateStatus';
import { card, declinedNotice, formConfig, homeRows, requestNote, status, visits } from './fixtures';
import { crmCommands } from './mock-crm';
import { campaignCommands } from './mock-campaigns';
import { segmentCommands } from './mock-segments';
import { opportunityCommands } from './mock-opportunities';
import { quoteCommands } from './mock-quotes';
import { prospectCommands } from './mock-prospects';
import { reportCommands } from './mock-reports';

const params = new URLSearchParams(location.search);
let st: AppStatus = status({
  configured: params.get('setup') === null,
  user: { ...status().user!, is_admin: params.get('admin') !== null },
  freshness: {
    ...status().freshness!,
    stale: params.get('stale') !== null,
    age_hours: params.get('stale') !== null ? 77 : 3,
    newer_available: params.get('newer') !== null,
  },
});
// `?link` shows an enrolled laptop (`?link&offline`: the server unreachable).
const enrolled = params.get('link') !== null;
let link: LinkStatus = {
  enrolled,
  server_url: enrolled ? 'https://tournee.example.fr:8443' : null,
  user: enrolled ? 'mdupont' : null,
  certificate: enrolled ? '3B3F 48A0 3C23 3EB3 F098 86D8 5F6F 9341 F080 EEC8 2F6C A390 D91F A2BA FEBF A40D' : null,
  online: enrolled && params.get('offline') === null,
  last_sync: enrolled ? '2026-11-23 10:42' : null,
  last_error:
    params.get('offline') !== null
      ? { code: 'link_offline', field: null, values: { detail: 'connexion refusée' }, problems: [] }
      : null,
  waiting: 0,
  refused: [],
};
const drafts = new Map<string, string>();
let notices = [declinedNotice];
const names = ['Garage Martin', 'Transports Bernard', 'Pneus Service Rhône', 'Agri Loire', 'Carrosserie Petit'];

mockIPC((cmd, raw) => {
  const a = (raw ?? {}) as Record<string, unknown>;
  switch (cmd) {
    case 'app_status':
      return st;
    case 'set_lang':
      st = { ...st, lang: a.lang as AppStatus['lang'] };
      return st;
    case 'setup_preview':
      if (!String(a.snapshotDir).startsWith('/')) {
        throw {
          code: 'folder_missing',
          field: 'snapshot_dir',
          values: { path: '/introuvable' },
          problems: [{ field: 'snapshot_dir', code: 'folder_missing', values: { path: '/introuvable' } }],
        };
      }
      return { manifest_user: 'mdupont', users: [status().user!, { ...status().user!, windows_user: 'jleroy', display_name: 'Jean Leroy', erp_code: 'R09' }], suggested_user: 'mdupont' };
    case 'setup_save':
      st = { ...st, configured: true };
      return st;
    case 'link_status':
      return link;
    case 'link_sync_now':
      return null;
    case 'link_enroll': {
      const input = a.input as { server_url: string; code: string };
      if (!input.server_url.startsWith('https://')) {
        throw {
          code: 'link_not_https',
          field: 'server_url',
          values: {},
          problems: [{ field: 'server_url', code: 'link_not_https', values: {} }],
        };
      }
      link = { ...link, enrolled: true, server_url: input.server_url, user: 'mdupont', online: true, last_sync: null, certificate: '3B3F 48A0 3C23 3EB3 F098 86D8 5F6F 9341 F080 EEC8 2F6C A390 D91F A2BA FEBF A40D' };
      return link;
    }
    case 'refresh_snapshot': {
      // « actualiser » switches only when a newer snapshot was announced (`?newer`).
      const switched = st.freshness!.newer_available;
      if (switched) st = { ...st, freshness: { ...st.freshness!, generation: 'g-0043', stale: false, age_hours: 0, newer_available: false } };
      return { switched, status: st };
    }
    case 'home_revisit':
    case 'home_last_visit':
      return homeRows;
    case 'home_notices':
      return notices;
    case 'dismiss_notice':
      notices = notices.filter((n) => n.change_id !== a.changeId);
      return null;
    case 'search_clients': {
      const q = String(a.query).toLowerCase().replace(/[*?]/g, '');
      const hits = names
        .map((n, i) => ({ c_client: `C00${123 + i}`, nom_client: n, ville_fac: 'LYON', bur_dis_fac: '69003', c_agence: 'A12', in_portfolio: i !== 3 }))
        .filter((h) => h.nom_client.toLowerCase().includes(q) || h.c_client.toLowerCase().includes(q));
      return { hits, truncated: hits.length > 3 } satisfies SearchResult;
    }
    case 'client_card':
      return card(String(a.code));
    case 'visit_history':
      return [...(a.includeLit ? visits : visits.filter((v) => v.origine !== 'LIT')), requestNote].sort((x, y) => y.date.localeCompare(x.date));
    case 'form_config':
      return formConfig;
    case 'record_visit':
    case 'set_revisit':
    case 'set_fleet':
    case 'request_modification':
      st = { ...st, pending_changes: st.pending_changes + 1 };
      return { change_id: 'c', file_name: 'c.json' };
    // `?update` shows a laptop to which the server offers version 0.2.0.
    case 'update_status':
    case 'update_install':
      return {
        enabled: true,
        enrolled,
        current: '0.1.0',
        offered: params.get('update') !== null ? '0.2.0' : null,
        notes: params.get('update') !== null ? 'Corrections du calendrier.' : null,
        installing: false,
        last_check: '2026-11-23 10:40',
        last_error: null,
        install_error: null,
      } satisfies UpdateStatus;
    case 'draft_save':
      drafts.set(String(a.key), String(a.value));
      return null;
    case 'draft_load':
      return drafts.get(String(a.key)) ?? null;
    case 'draft_discard':
      drafts.delete(String(a.key));
      return null;
    default: {
      const more = prospectCommands[cmd] ?? crmCommands[cmd] ?? opportunityCommands[cmd] ?? quoteCommands[cmd] ?? campaignCommands[cmd] ?? segmentCommands[cmd] ?? reportCommands[cmd];
      if (!more) throw `unknown command ${cmd}`;
      const answer = more(a);
      if (/^(create|update|delete|record|convert)_prospect/.test(cmd)) st = { ...st, pending_changes: st.pending_changes + 1 };
      return answer;
    }
  }
});

await import('../src/main');

// ?steps=click:nav-clients,type:search-input=gar,click:search-hit — drives the UI for screenshots.
const steps = (params.get('steps') ?? '').split(',').filter(Boolean);
for (const step of steps) {
  await new Promise((r) => setTimeout(r, 400));
  const [action, rest = ''] = step.split(/:(.*)/s);
  const [testid = '', value = ''] = rest.split(/=(.*)/s);
  const el = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
  if (!el) continue;
  if (action === 'click') el.click();
  if (action === 'type' && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
}
