// Dev-only: an in-memory CRM (parties, people, actions, replies, todos) answering the record commands for the browser
// mock and the component tests; the lifecycle is a simplified copy of tournee-core's (first contact → prospect,
// wrong contact details on a lead → dead lead, formal refusal on a prospect → dead prospect).
import type { ActionInput } from '../src/lib/bindings/ActionInput';
import type { ActionType } from '../src/lib/bindings/ActionType';
import type { ContactHit } from '../src/lib/bindings/ContactHit';
import type { ContactQuery } from '../src/lib/bindings/ContactQuery';
import type { PartyInput } from '../src/lib/bindings/PartyInput';
import type { PartyStatus } from '../src/lib/bindings/PartyStatus';
import type { PartyView } from '../src/lib/bindings/PartyView';
import type { PersonInput } from '../src/lib/bindings/PersonInput';
import type { PersonView } from '../src/lib/bindings/PersonView';
import type { ReplyInput } from '../src/lib/bindings/ReplyInput';
import type { TimelineEntry } from '../src/lib/bindings/TimelineEntry';
import type { TodoInput } from '../src/lib/bindings/TodoInput';
import type { TodoView } from '../src/lib/bindings/TodoView';
import { TODAY } from './fixtures';

type Args = Record<string, unknown>;

export const crmTypes: ActionType[] = [
  { code: 'appel', label: 'Appel', icon: 'phone', counts_as_contact: true, needs_outcome: true, active: true },
  { code: 'email', label: 'E-mail', icon: 'mail', counts_as_contact: true, needs_outcome: false, active: true },
  { code: 'rdv', label: 'Rendez-vous', icon: 'meeting', counts_as_contact: true, needs_outcome: false, active: true },
  { code: 'visite', label: 'Visite', icon: 'visit', counts_as_contact: true, needs_outcome: false, active: true },
  { code: 'courrier', label: 'Courrier', icon: 'letter', counts_as_contact: false, needs_outcome: false, active: true },
  { code: 'note', label: 'Note interne', icon: 'note', counts_as_contact: false, needs_outcome: false, active: true },
  { code: 'tache', label: 'Tâche faite', icon: 'task', counts_as_contact: false, needs_outcome: false, active: true },
];

const blank = (id: string, kind: PartyView['kind'], name: string, over: Partial<PartyView> = {}): PartyView => ({
  id,
  kind,
  name,
  first_name: null,
  siret: null,
  vat: null,
  phone: null,
  mobile: null,
  email: null,
  address1: null,
  address2: null,
  postal_code: null,
  city: null,
  country: null,
  notes: null,
  owner: 'mdupont',
  created_by: 'mdupont',
  client_code: null,
  prospect_id: null,
  locked_fields: [],
  pending: false,
  unassigned: false,
  ...over,
});

const parties = new Map<string, PartyView>([
  ['P1', blank('P1', 'company', 'Transports Rhône Logistique', { siret: '73282932000074', phone: '04 78 11 22 33', email: 'contact@trl.fr', address1: '12 rue des Docks', postal_code: '69007', city: 'LYON', notes: 'Flotte de 40 poids lourds.' })],
  ['P2', blank('P2', 'person', 'Martin', { first_name: 'Léa', mobile: '06 11 22 33 44', postal_code: '38200', city: 'VIENNE' })],
  ['P3', blank('P3', 'company', 'Garage du Centre', { phone: '04 74 00 00 09', postal_code: '38000', city: 'GRENOBLE' })],
  // The unassigned pool (issue 15): a trade show's card nobody has taken yet, filed as its creator's.
  ['P4', blank('P4', 'company', 'Menuiserie Blanc', { phone: '04 72 00 00 04', postal_code: '69003', city: 'LYON', owner: 'accueil', created_by: 'accueil', unassigned: true })],
]);
const campaignOf = new Map<string, string>([['P4', 'House & Design 2027']]);
const people: PersonView[] = [
  { id: 'H1', party_id: 'P1', first_name: 'Paul', last_name: 'Girard', position: 'Responsable flotte', phone: '04 78 11 22 34', mobile: null, email: 'p.girard@trl.fr', notes: null, pending: false },
];
const entries = new Map<string, TimelineEntry[]>([
  [
    'P1',
    [
      { id: 'A2', kind: 'reply', date: '2026-11-20', time: null, title: 'Réponse', text: 'Rappeler après le comité du 5.', author: 'Paul Girard', action_type: null, outcome: null, parent_id: 'A1', pending: false, status_from: null, status_to: null },
      { id: 'A1', kind: 'action', date: '2026-11-18', time: '10:30', title: 'Appel', text: 'Présentation de l’offre hiver, intéressé.', author: 'jdupont', action_type: 'appel', outcome: 'positive', parent_id: null, pending: false, status_from: null, status_to: null },
      { id: 'S1', kind: 'status_change', date: '2026-11-18', time: null, title: 'Lead → Prospect', text: null, author: '', action_type: null, outcome: null, parent_id: null, pending: false, status_from: 'lead', status_to: 'prospect' },
      { id: 'M1', kind: 'modification_request', date: '2026-11-02', time: null, title: 'Adresse de facturation', text: null, author: 'jdupont', action_type: null, outcome: null, parent_id: null, pending: false, status_from: null, status_to: null },
    ],
  ],
]);
const todos: TodoView[] = [
  { id: 'T1', text: 'Rappeler Paul Girard', due: '2026-11-21', overdue: true, party_id: 'P1', party_name: 'Transports Rhône Logistique', repeat_days: null, pending: false },
  { id: 'T2', text: 'Envoyer le catalogue', due: '2026-11-25', overdue: false, party_id: 'P2', party_name: 'Martin Léa', repeat_days: 14, pending: false },
  { id: 'T3', text: 'Préparer la tournée de décembre', due: '2026-11-30', overdue: false, party_id: null, party_name: null, repeat_days: null, pending: false },
];
const statuses = new Map<string, PartyStatus>([
  ['P1', 'prospect'],
  ['P2', 'lead'],
  ['P3', 'client'],
  ['P4', 'lead'],
]);
let serial = 0;
const next = (p: string) => `${p}${++serial}-mock`;
const digits = (s: string | null) => (s ?? '').replace(/\D/g, '');
const nameOf = (p: PartyView) => (p.kind === 'person' && p.first_name ? `${p.name} ${p.first_name}` : p.name);

function party(id: string): PartyView {
  const p = parties.get(id);
  if (!p) throw { code: 'internal', field: null, values: { detail: `unknown party ${id}` }, problems: [] };
  return p;
}

function hit(p: PartyView): ContactHit {
  const last = (entries.get(p.id) ?? []).find((e) => e.kind === 'action');
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    first_name: p.first_name,
    city: p.city,
    postal_code: p.postal_code,
    status: statuses.get(p.id) ?? 'lead',
    last_action: last?.date ?? null,
    pending: p.pending || p.id.endsWith('-mock'),
    unassigned: p.unassigned,
    campaign: campaignOf.get(p.id) ?? null,
    created_on: p.id.endsWith('-mock') ? null : '2026-11-19',
  };
}

function matches(input: PartyInput) {
  return [...parties.values()]
    .map((p) => {
      const reasons: string[] = [];
      for (const n of [input.phone, input.mobile]) if (digits(n) && [p.phone, p.mobile].some((x) => digits(x) === digits(n))) reasons.push('phone');
      if (input.email && p.email === input.email) reasons.push('email');
      if (input.siret && p.siret === input.siret) reasons.push('siret');
      return { id: p.id, name: nameOf(p), city: p.city, reasons: [...new Set(reasons)] };
    })
    .filter((m) => m.reasons.length);
}

function timeline(id: string): TimelineEntry[] {
  const list = entries.get(id) ?? [];
  entries.set(id, list);
  return list;
}

function decide(reminders: { todo_id: string; keep: boolean }[]) {
  for (const r of reminders) {
    if (!r.keep) {
      const i = todos.findIndex((t) => t.id === r.todo_id);
      if (i >= 0) todos.splice(i, 1);
    }
  }
}

export const crmCommands: Record<string, (a: Args) => unknown> = {
  action_types: () => crmTypes,
  contacts: (a) => {
    const q = a.query as ContactQuery;
    const text = q.text.toLowerCase();
    return [...parties.values()]
      .map(hit)
      .filter((h) => (!q.status || h.status === q.status) && (!q.kind || h.kind === q.kind))
      .filter((h) => !text || `${h.name} ${h.first_name ?? ''} ${h.city ?? ''} ${h.postal_code ?? ''}`.toLowerCase().includes(text));
  },
  contact_page: (a) => {
    const p = party(a.id as string);
    return {
      party: p,
      people: people.filter((x) => x.party_id === p.id),
      status: statuses.get(p.id) ?? 'lead',
      timeline: timeline(p.id),
      open_todos: todos.filter((t) => t.party_id === p.id),
      pending: p.id.endsWith('-mock'),
    };
  },
  check_party: (a) => matches(a.input as PartyInput),
  create_party: (a) => {
    const input = a.input as PartyInput;
    if (!input.name.trim()) throw { code: 'missing_mandatory', field: 'name', values: { field: 'name', label_fr: 'Nom', label_en: 'Name' }, problems: [] };
    if (!a.allowDuplicates && matches(input).length) throw { code: 'duplicates', field: 'name', values: { matches: JSON.stringify(matches(input)) }, problems: [] };
    const id = next('P');
    parties.set(id, {
      id,
      ...input,
      owner: 'mdupont',
      created_by: 'mdupont',
      client_code: null,
      prospect_id: null,
      locked_fields: [],
      pending: true,
      unassigned: false,
    });
    statuses.set(id, 'lead');
    return { id, waiting_for_server: false };
  },
  add_person: (a) => {
    const input = a.input as PersonInput;
    const id = next('H');
    people.push({ id, ...input, pending: true });
    return { id, waiting_for_server: false };
  },
  open_reminders: (a) => todos.filter((t) => t.party_id === a.partyId),
  log_action: (a) => {
    const input = a.input as ActionInput;
    const type = crmTypes.find((t) => t.code === input.action_type);
    if (type?.needs_outcome && !input.outcome) throw { code: 'missing_mandatory', field: 'outcome', values: { field: 'outcome', label_fr: 'Résultat', label_en: 'Outcome' }, problems: [] };
    const id = next('A');
    timeline(input.party_id).unshift({ id, kind: 'action', date: input.date, time: input.time, title: type?.label ?? input.action_type, text: input.comment, author: 'mdupont', action_type: input.action_type, outcome: input.outcome, parent_id: null, pending: true, status_from: null, status_to: null });
    const before = statuses.get(input.party_id) ?? 'lead';
    if (input.outcome === 'wrong_contact_details' && before === 'lead') statuses.set(input.party_id, 'dead_lead');
    else if (input.outcome === 'formal_refusal' && before === 'prospect') statuses.set(input.party_id, 'dead_prospect');
    else if (type?.counts_as_contact && before === 'lead') statuses.set(input.party_id, 'prospect');
    decide(input.reminders);
    return { id, waiting_for_server: false };
  },
  add_reply: (a) => {
    const input = a.input as ReplyInput;
    const id = next('R');
    for (const list of entries.values()) {
      const i = list.findIndex((e) => e.id === input.action_id);
      if (i >= 0) list.unshift({ id, kind: 'reply', date: input.date, time: null, title: 'Réponse', text: input.text, author: 'mdupont', action_type: null, outcome: null, parent_id: input.action_id, pending: true, status_from: null, status_to: null });
    }
    decide(input.reminders);
    return { id, waiting_for_server: false };
  },
  create_todo: (a) => {
    const input = a.input as TodoInput;
    const id = next('T');
    const p = input.party_id ? parties.get(input.party_id) : undefined;
    todos.push({ id, text: input.text, due: input.due, overdue: input.due < TODAY, party_id: input.party_id, party_name: p ? nameOf(p) : null, repeat_days: input.repeat_days, pending: true });
    return { id, waiting_for_server: false };
  },
  complete_todo: (a) => {
    const i = todos.findIndex((t) => t.id === a.id);
    const todo = todos[i];
    if (!todo) throw { code: 'internal', field: null, values: { detail: 'unknown todo' }, problems: [] };
    todos.splice(i, 1);
    if (todo.party_id) timeline(todo.party_id).unshift({ id: next('A'), kind: 'todo_done', date: a.date as string, time: null, title: todo.text, text: null, author: 'mdupont', action_type: 'tache', outcome: null, parent_id: null, pending: true, status_from: null, status_to: null });
    return { id: todo.id, waiting_for_server: false };
  },
  update_party: (a) => {
    const p = party(a.id as string);
    parties.set(p.id, { ...p, ...(a.input as PartyInput), pending: true });
    return { id: p.id, waiting_for_server: false };
  },
  delete_party: (a) => {
    const id = party(a.id as string).id;
    parties.delete(id);
    for (let i = people.length - 1; i >= 0; i--) if (people[i]?.party_id === id) people.splice(i, 1);
    for (let i = todos.length - 1; i >= 0; i--) if (todos[i]?.party_id === id) todos.splice(i, 1);
    return { id, waiting_for_server: false };
  },
  update_person: (a) => {
    const i = people.findIndex((x) => x.id === a.id);
    const person = people[i];
    if (!person) throw { code: 'unknown_record', field: null, values: { entity: 'person', id: String(a.id) }, problems: [] };
    people[i] = { ...person, ...(a.input as PersonInput), pending: true };
    return { id: person.id, waiting_for_server: false };
  },
  delete_person: (a) => {
    const i = people.findIndex((x) => x.id === a.id);
    if (i >= 0) people.splice(i, 1);
    return { id: a.id, waiting_for_server: false };
  },
  update_todo: (a) => {
    const input = a.input as TodoInput;
    const i = todos.findIndex((x) => x.id === a.id);
    const todo = todos[i];
    if (!todo) throw { code: 'unknown_record', field: null, values: { entity: 'todo', id: String(a.id) }, problems: [] };
    const p = input.party_id ? parties.get(input.party_id) : undefined;
    todos[i] = { ...todo, ...input, overdue: input.due < TODAY, party_name: p ? nameOf(p) : null, pending: true };
    return { id: todo.id, waiting_for_server: false };
  },
  delete_todo: (a) => {
    const i = todos.findIndex((x) => x.id === a.id);
    if (i >= 0) todos.splice(i, 1);
    return { id: a.id, waiting_for_server: false };
  },
  pool_leads: () => {
    const leads = [...parties.values()].filter((p) => p.unassigned).map(hit);
    return { total: leads.length, leads };
  },
  take_lead: (a) => {
    const p = party(a.id as string);
    parties.set(p.id, { ...p, owner: 'mdupont', unassigned: false, pending: true });
    return { id: p.id, waiting_for_server: false };
  },
  release_lead: (a) => {
    const p = party(a.id as string);
    parties.set(p.id, { ...p, owner: '', unassigned: true, pending: true });
    return { id: p.id, waiting_for_server: false };
  },
  take_notices: () => [],
  // `?observer` shows what an observer sees (no « Prendre », no « Nouveau contact »); `?rep` a rep under brief 003's
  // policy (no « Nouvelle campagne »); otherwise the snapshot does not say, as an older server's.
  grants: () => {
    const params = new URLSearchParams(globalThis.location?.search ?? '');
    const known = params.has('observer') || params.has('rep');
    const write = (entity: string) => (params.has('observer') ? 'none' : params.has('rep') && entity === 'campaign' ? 'none' : 'own');
    const entities = ['party', 'person', 'action', 'action_reply', 'todo', 'client', 'prospect', 'visit', 'modification_request', 'user', 'campaign', 'meeting', 'call', 'opportunity', 'quote'] as const;
    return { known, grants: entities.map((entity) => ({ entity, read: 'all', write: known ? write(entity) : 'all' })) };
  },
  dashboard: () => ({
    todos: [...todos].sort((x, y) => Number(y.overdue) - Number(x.overdue) || x.due.localeCompare(y.due)),
    figures: {
      by_status: (['lead', 'dead_lead', 'prospect', 'dead_prospect', 'client'] as PartyStatus[]).map((s) => ({ status: s, count: [...statuses.values()].filter((x) => x === s).length })),
      actions_this_week: 4,
      leads_to_prospects_this_month: 1,
    },
    recent: [...parties.values()].slice(0, 5).map(hit),
  }),
};
