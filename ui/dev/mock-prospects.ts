// Dev-only: in-memory answers of the Prospects, Stats and Historique commands for the browser mock.
import type { CalendarQuery } from '../src/lib/bindings/CalendarQuery';
import type { ConversionInput } from '../src/lib/bindings/ConversionInput';
import type { DuplicateHit } from '../src/lib/bindings/DuplicateHit';
import type { Problem } from '../src/lib/bindings/Problem';
import type { PendingSubject } from '../src/lib/bindings/PendingSubject';
import type { ProspectCard } from '../src/lib/bindings/ProspectCard';
import type { ProspectInput } from '../src/lib/bindings/ProspectInput';
import type { ProspectUpdateInput } from '../src/lib/bindings/ProspectUpdateInput';
import type { ProspectVisitInput } from '../src/lib/bindings/ProspectVisitInput';
import type { StatsQuery } from '../src/lib/bindings/StatsQuery';
import type { VisitRow } from '../src/lib/bindings/VisitRow';
import { calendarView, conversionConfig, prospectCard, prospectHits, reps, stats, TODAY, visits } from './fixtures';

type Args = Record<string, unknown>;

const cards = new Map<string, ProspectCard>(prospectHits.map((h) => [h.prospect_id, prospectCard(h.prospect_id)]));
const extraVisits = new Map<string, VisitRow[]>();
let serial = 0;

const digits = (p: string) => p.replace(/\D/g, '').replace(/^33/, '0');
const clientPhones: DuplicateHit[] = [
  { kind: 'client', code: 'C00123', name: 'Garage Martin', phone: '04 78 00 00 01' },
  { kind: 'client', code: 'C00124', name: 'Transports Bernard', phone: '06 12 34 56 78' },
];

function card(id: string): ProspectCard {
  const c = cards.get(id);
  if (!c) throw { code: 'unknown_prospect', field: null, values: { id }, problems: [] };
  return c;
}

function relabel(c: ProspectCard): ProspectCard {
  const labels = Object.fromEntries(conversionConfig.fields.map((f) => [f.field, f.label]));
  const fields = Object.entries(c.values)
    .filter((e): e is [string, string] => !!e[1])
    .map(([field, value]) => ({ field, label: labels[field] ?? field, value }));
  return { ...c, nom_client: c.values.nom_client ?? c.nom_client, fields };
}

type Pending = ProspectCard['pending'][number];

function pendingChange(id: string, kind: Pending['kind'], subject: PendingSubject): Pending {
  serial++;
  return { change_id: `pc-${serial}`, kind, client_code: id, subject, legacy_summary: null, written_at: new Date().toISOString() };
}

function checkConversion(input: ConversionInput): Problem[] {
  const v = input.fields;
  const mode = v.c_mod_rgl_1 ?? '';
  const problems: Problem[] = [];
  for (const f of conversionConfig.fields) {
    const required = f.requirement === 'mandatory' || (f.requirement === 'mandatory_if_ld' && mode === 'LD');
    if (required && !v[f.field]) problems.push({ field: f.field, code: 'missing_mandatory', values: { label_fr: f.label } });
  }
  if (v.contact_divers_2 && digits(v.contact_divers_2).length !== 14) {
    problems.push({ field: 'contact_divers_2', code: 'invalid_siret', values: { label_fr: 'SIRET', reason: 'siret_shape' } });
  }
  if (mode === 'CH' && !conversionConfig.farmer_categories.includes(v.c_fam_client ?? '')) {
    problems.push({ field: 'c_mod_rgl_1', code: 'payment_mode_not_allowed', values: { mode: 'CH', category: '' } });
  }
  if (mode === 'LD' && !input.signature_png_base64) {
    problems.push({ field: 'signature', code: 'signature_required', values: {} });
  }
  return problems;
}

export const prospectCommands: Record<string, (a: Args) => unknown> = {
  search_prospects: (a) => {
    const q = String(a.query ?? '').toLowerCase();
    return [...cards.values()]
      .filter((c) => c.nom_client.toLowerCase().includes(q))
      .sort((x, y) => x.nom_client.localeCompare(y.nom_client))
      .map((c) => ({
        prospect_id: c.prospect_id,
        nom_client: c.nom_client,
        ville: c.values.ville_fac ?? null,
        status: c.status,
        pending: c.pending.length > 0 || c.deleted_pending,
      }))
      .slice(0, 100);
  },
  prospect_card: (a) => card(String(a.prospectId)),
  prospect_history: (a) => [...(extraVisits.get(String(a.prospectId)) ?? []), ...visits],
  find_duplicates: (a) => {
    const phone = digits(String(a.phone));
    if (!phone) return [];
    const prospects: DuplicateHit[] = [...cards.values()].flatMap((c) =>
      ['tel_1', 'tel_2']
        .map((f) => c.values[f])
        .filter((p): p is string => !!p && digits(p) === phone)
        .map((p) => ({ kind: c.prospect_id.startsWith('new-') ? 'pending_prospect' : 'prospect', code: c.prospect_id, name: c.nom_client, phone: p })),
    );
    return [...clientPhones.filter((h) => digits(h.phone) === phone), ...prospects];
  },
  create_prospect: (a) => {
    const input = a.input as ProspectInput;
    if (!input.fields.nom_client) {
      throw {
        code: 'missing_mandatory',
        field: 'nom_client',
        values: {},
        problems: [{ field: 'nom_client', code: 'missing_mandatory', values: { label_fr: 'Nom' } }],
      };
    }
    serial++;
    const id = `new-${serial}`;
    const base = prospectCard(prospectHits[0]!.prospect_id);
    cards.set(
      id,
      relabel({
        ...base,
        prospect_id: id,
        values: { ...input.fields },
        contacts: [],
        status: 'active',
        rejection_reason: null,
        recent_visits: [],
        pending: [pendingChange(id, 'prospect_creation', { type: 'prospect_creation', name: input.fields.nom_client ?? '' })],
      }),
    );
    return { prospect_id: id, change: { change_id: `cp-${serial}`, file_name: `cp-${serial}.json` } };
  },
  update_prospect: (a) => {
    const input = a.input as ProspectUpdateInput;
    const c = card(input.prospect_id);
    cards.set(c.prospect_id, relabel({ ...c, values: { ...c.values, ...input.fields }, pending: [...c.pending, pendingChange(c.prospect_id, 'prospect_update', { type: 'prospect_update', name: input.fields.nom_client ?? c.nom_client })] }));
    return { change_id: 'mp', file_name: 'mp.json' };
  },
  delete_prospect: (a) => {
    const c = card(String(a.prospectId));
    cards.set(c.prospect_id, { ...c, deleted_pending: true, pending: [...c.pending, pendingChange(c.prospect_id, 'prospect_deletion', { type: 'prospect_deletion', name: c.nom_client })] });
    return { change_id: 'md', file_name: 'md.json' };
  },
  record_prospect_visit: (a) => {
    const input = a.input as ProspectVisitInput;
    const c = card(input.prospect_id);
    serial++;
    const row: VisitRow = {
      key: `vp-${serial}`,
      date: input.visit_date,
      time: input.visit_time ?? '12:00',
      origine: 'VIS',
      objet: 'Visite',
      commentaire: input.comment,
      c_user: 'R07',
      pending: true,
      answers: [],
      kind: 'visit',
    };
    extraVisits.set(c.prospect_id, [row, ...(extraVisits.get(c.prospect_id) ?? [])]);
    cards.set(c.prospect_id, {
      ...c,
      recent_visits: [row, ...c.recent_visits].slice(0, 5),
      pending: [...c.pending, pendingChange(c.prospect_id, 'prospect_visit', { type: 'prospect_visit', date: input.visit_date, name: c.nom_client })],
    });
    return { change_id: 'vp', file_name: 'vp.json' };
  },
  conversion_config: () => conversionConfig,
  check_conversion: (a) => checkConversion(a.input as ConversionInput),
  convert_prospect: (a) => {
    const input = a.input as ConversionInput;
    const problems = checkConversion(input);
    if (problems[0]) throw { code: problems[0].code, field: problems[0].field, values: {}, problems };
    const c = card(input.prospect_id);
    cards.set(c.prospect_id, { ...c, status: 'awaiting_validation', pending: [...c.pending, pendingChange(c.prospect_id, 'conversion', { type: 'conversion', name: c.nom_client })] });
    return { change_id: 'cc', file_name: 'cc.json' };
  },
  list_reps: () => reps,
  stats: (a) => stats(a.query as StatsQuery),
  print_stats: (a) => ({ path: `/home/mdupont/Documents/Tournée/stats-${(a.query as StatsQuery).period}-${TODAY}.pdf`, bytes: 48213 }),
  calendar: (a) => calendarView(a.query as CalendarQuery),
  export_calendar: (a) => {
    const q = a.query as CalendarQuery;
    return { path: `/home/mdupont/Documents/Tournée/visites-${q.from}-${q.to}.ics`, bytes: 5120 };
  },
  open_export: () => null,
};
