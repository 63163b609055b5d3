// Sample back-end data shaped like the bindings, shared by the dev browser mock and the tests (never shipped).
import type { AppStatus } from '../src/lib/bindings/AppStatus';
import type { CalendarEvent } from '../src/lib/bindings/CalendarEvent';
import type { CalendarQuery } from '../src/lib/bindings/CalendarQuery';
import type { CalendarView } from '../src/lib/bindings/CalendarView';
import type { ClientCard } from '../src/lib/bindings/ClientCard';
import type { ConversionConfig } from '../src/lib/bindings/ConversionConfig';
import type { DeclinedNotice } from '../src/lib/bindings/DeclinedNotice';
import type { FormConfig } from '../src/lib/bindings/FormConfig';
import type { HomeRow } from '../src/lib/bindings/HomeRow';
import type { ModificationRequestLine } from '../src/lib/bindings/ModificationRequestLine';
import type { ProspectCard } from '../src/lib/bindings/ProspectCard';
import type { ProspectHit } from '../src/lib/bindings/ProspectHit';
import type { RepChoice } from '../src/lib/bindings/RepChoice';
import type { Stats } from '../src/lib/bindings/Stats';
import type { StatsQuery } from '../src/lib/bindings/StatsQuery';
import type { VisitRow } from '../src/lib/bindings/VisitRow';
import { addDays, addMonths } from '../src/lib/dates';

export const TODAY = '2026-11-23';

export function status(over: Partial<AppStatus> = {}): AppStatus {
  return {
    configured: true,
    os_user: 'mdupont',
    user: { windows_user: 'mdupont', erp_code: 'R07', display_name: 'Marie Dupont', is_admin: false },
    snapshot_dir: '/data/snapshot',
    outbox_dir: '/data/outbox',
    freshness: {
      generation: 'g-0042',
      generated_at: '2026-11-23T14:05:00',
      expiry_hours: 36,
      stale: false,
      age_hours: 3,
      newer_available: false,
    },
    lang: 'fr',
    today: TODAY,
    pending_changes: 2,
    problem: null,
    ...over,
  };
}

export const formConfig: FormConfig = {
  today: TODAY,
  visit_backdate_days: 7,
  visit_form: {
    groups: [
      {
        id: 'objet',
        label_fr: 'Objet de la visite',
        label_en: 'Purpose of the visit',
        kind: 'radio',
        required: true,
        options: [
          {
            id: 'devis',
            label_fr: 'Devis',
            label_en: 'Quote',
            children: [
              {
                id: 'produits',
                label_fr: 'Produits',
                label_en: 'Products',
                kind: 'checkbox',
                required: true,
                options: [
                  { id: 'pneus', label_fr: 'Pneus', label_en: 'Tyres', children: [] },
                  {
                    id: 'autre',
                    label_fr: 'Autre',
                    label_en: 'Other',
                    children: [
                      {
                        id: 'urgence',
                        label_fr: 'Urgence',
                        label_en: 'Urgency',
                        kind: 'radio',
                        required: false,
                        options: [
                          { id: 'haute', label_fr: 'Haute', label_en: 'High', children: [] },
                          { id: 'basse', label_fr: 'Basse', label_en: 'Low', children: [] },
                        ],
                      },
                    ],
                  },
                ],
              },
            ],
          },
          { id: 'sav', label_fr: 'Service après-vente', label_en: 'After-sales', children: [] },
          { id: 'courtoisie', label_fr: 'Courtoisie', label_en: 'Courtesy', children: [] },
        ],
      },
      {
        id: 'suite',
        label_fr: 'Suite à donner',
        label_en: 'Follow-up',
        kind: 'checkbox',
        required: false,
        options: [
          { id: 'rappel', label_fr: 'Rappeler', label_en: 'Call back', children: [] },
          { id: 'rdv', label_fr: 'Prendre rendez-vous', label_en: 'Book a meeting', children: [] },
        ],
      },
    ],
  },
  fleet_types: [
    { code: 'VL', label: 'Véhicules légers' },
    { code: 'PL', label: 'Poids lourds' },
    { code: 'AGRI', label: 'Agricole' },
  ],
  editable_fields: [
    { field: 'tel', label: 'Téléphone', kind: 'phone', max_len: 20 },
    { field: 'email', label: 'E-mail', kind: 'email', max_len: 80 },
    { field: 'adresse1', label: 'Adresse', kind: 'text', max_len: 38 },
  ],
};

export const visits: VisitRow[] = [
  {
    key: 'v3',
    date: '2026-11-20',
    time: '10:30',
    origine: 'VIS',
    objet: 'Devis',
    commentaire: 'Intéressé par les pneus hiver.',
    c_user: 'R07',
    pending: true,
    answers: [{ question: 'Objet de la visite', choices: ['Devis'] }],
    kind: 'visit',
  },
  {
    key: 'v2',
    date: '2026-10-02',
    time: '',
    origine: 'TEL',
    objet: 'Relance',
    commentaire: '',
    c_user: 'R07',
    pending: false,
    answers: [],
    kind: 'visit',
  },
  {
    key: 'v1',
    date: '2026-06-14',
    time: '09:00',
    origine: 'LIT',
    objet: 'Litige facture',
    commentaire: 'Relation LIT',
    c_user: 'ADM',
    pending: false,
    answers: [],
    kind: 'visit',
  },
];

/** The note of a modification request in a client's history: listed, never counted as a visit. */
export const requestNote: VisitRow = {
  key: 'v4',
  date: '2026-10-15',
  time: '16:10',
  origine: 'CRV',
  objet: 'Demande de modification du 15/10/2026',
  commentaire: 'Champ tel_1 : « 04 78 12 34 56 » remplacé par « 04 78 00 00 01 »\nsaisie via le CRM',
  c_user: 'R07',
  pending: false,
  answers: [],
  kind: 'modification_request',
};

export function card(code = 'C00123', over: Partial<ClientCard> = {}): ClientCard {
  return {
    c_client: code,
    nom_client: 'Garage Martin',
    c_agence: 'A12',
    agence_nom: 'Lyon Est',
    in_portfolio: true,
    address: ['12 rue des Lilas', '69003 LYON'],
    phones: ['04 78 00 00 01', '06 12 34 56 78'],
    email: 'contact@garage-martin.example',
    base: [
      { field: 'c_client', label: 'Code client', value: code },
      { field: 'tel', label: 'Téléphone', value: '04 78 00 00 01' },
      { field: 'email', label: 'E-mail', value: 'contact@garage-martin.example' },
      { field: 'adresse1', label: 'Adresse', value: '12 rue des Lilas' },
      { field: 'siret', label: 'SIRET', value: '123 456 789 00012' },
    ],
    contacts: [{ name: 'Paul Martin', role: 'Gérant', phone: '06 12 34 56 78', email: 'paul@garage-martin.example' }],
    year: 2026,
    ca_n_cents: 1234567,
    ca_n1_cents: 987600,
    fleet: [{ code: 'VL', label: 'Véhicules légers', count: 4 }, { code: 'PL', label: 'Poids lourds', count: 1 }],
    fleet_pending: false,
    date_revoir: '2026-11-20',
    revisit_pending: true,
    last_visit: '2026-11-20',
    recent_visits: visits.filter((v) => v.origine !== 'LIT'),
    pending: [
      {
        change_id: 'ch-1',
        kind: 'revisit',
        client_code: code,
        subject: { type: 'revisit', date: '2026-11-20' },
        legacy_summary: null,
        written_at: '2026-11-19T17:12:00',
      },
    ],
    modification_requests: [declinedRequest],
    party_id: null,
    ...over,
  };
}

/** A modification request the accountant declined, with her note. */
export const declinedRequest: ModificationRequestLine = {
  change_id: '01JD0M000000000000000000MC',
  requested_at: '2026-11-02T09:12:00Z',
  status: 'declined',
  closed_at: '2026-11-05T15:40:00Z',
  note: 'Ce numéro est celui du siège, pas de l’agence.',
  changes: [{ field: 'tel_1', label: 'téléphone', old: '04 78 00 00 01', new: '04 78 99 99 99' }],
};

/** The home screen's notice of that declined request. */
export const declinedNotice: DeclinedNotice = {
  change_id: declinedRequest.change_id,
  c_client: 'C00123',
  nom_client: 'Garage Martin',
  closed_at: '2026-11-05T15:40:00Z',
  note: 'Ce numéro est celui du siège, pas de l’agence.',
  fields: ['téléphone'],
};

export const homeRows: HomeRow[] = [
  {
    c_client: 'C00123',
    nom_client: 'Garage Martin',
    c_agence: 'A12',
    date_revoir: '2026-11-20',
    revisit_in_days: -3,
    last_visit: '2026-11-20',
    days_since_visit: 3,
    revisit_pending: true,
  },
  {
    c_client: 'C00456',
    nom_client: 'Transports Bernard',
    c_agence: 'A12',
    date_revoir: '2026-11-26',
    revisit_in_days: 3,
    last_visit: null,
    days_since_visit: null,
    revisit_pending: false,
  },
];

// ——— Prospects, stats and calendar ———

export const conversionConfig: ConversionConfig = {
  fields: [
    { field: 'nom_client', label: 'Nom', kind: 'text', max_len: 35, requirement: 'mandatory' },
    { field: 'c_fam_client', label: 'Famille client', kind: 'code', max_len: 4, requirement: 'mandatory' },
    { field: 'c_sfam_client', label: 'Sous-famille client', kind: 'code', max_len: 4, requirement: 'mandatory' },
    { field: 'c_agence', label: 'Agence', kind: 'code', max_len: 4, requirement: 'mandatory' },
    { field: 'c_rep', label: 'Commercial', kind: 'code', max_len: 4, requirement: 'mandatory' },
    { field: 'adr1_fac', label: 'Adresse 1', kind: 'text', max_len: 35, requirement: 'mandatory' },
    { field: 'dep_fac', label: 'Département', kind: 'code', max_len: 4, requirement: 'mandatory' },
    { field: 'bur_dis_fac', label: 'Bureau distributeur', kind: 'code', max_len: 3, requirement: 'mandatory' },
    { field: 'ville_fac', label: 'Ville', kind: 'text', max_len: 35, requirement: 'mandatory' },
    { field: 'tel_1', label: 'Téléphone', kind: 'text', max_len: 20, requirement: 'mandatory' },
    { field: 'tel_2', label: 'Portable', kind: 'text', max_len: 20, requirement: 'optional' },
    { field: 'contact_divers_2', label: 'SIRET', kind: 'text', max_len: 40, requirement: 'mandatory' },
    { field: 'contact_divers_4', label: 'E-mail', kind: 'text', max_len: 255, requirement: 'optional' },
    { field: 'c_catc', label: 'Grille conditions', kind: 'code', max_len: 8, requirement: 'mandatory' },
    { field: 'c_mod_rgl_1', label: 'Mode de règlement', kind: 'code', max_len: 2, requirement: 'mandatory' },
    { field: 'nb_jour_1', label: 'Nb de jours', kind: 'integer', max_len: 10, requirement: 'mandatory' },
    { field: 'date_creation_ste', label: 'Création de société', kind: 'date', max_len: 10, requirement: 'optional' },
    { field: 'bic', label: 'BIC', kind: 'code', max_len: 11, requirement: 'mandatory_if_ld' },
    { field: 'iban', label: 'IBAN', kind: 'code', max_len: 34, requirement: 'mandatory_if_ld' },
  ],
  farmer_categories: ['AGRI'],
  ch_due_days: 20,
  payment_modes: [
    ['VI', 'Virement'],
    ['LD', 'Prélèvement'],
    ['CH', 'Chèque'],
    ['TR', 'Traite'],
  ],
  choices: [
    {
      field: 'c_fam_client',
      depends_on: null,
      options: [
        { code: 'AGRI', label: 'Agriculteurs' },
        { code: 'TRAN', label: 'Transporteurs' },
        { code: 'GARA', label: 'Garages' },
      ],
    },
    {
      field: 'c_sfam_client',
      depends_on: 'c_fam_client',
      options: [
        { code: 'CERE', label: 'Céréaliers', parent: 'AGRI' },
        { code: 'ELEV', label: 'Éleveurs', parent: 'AGRI' },
        { code: 'PL', label: 'Poids lourds', parent: 'TRAN' },
      ],
    },
    {
      field: 'c_catc',
      depends_on: null,
      options: [
        { code: 'AGRI1', label: 'Agriculteurs 1' },
        { code: 'TRANS', label: 'Transporteurs' },
      ],
    },
  ],
  prefill: { c_rep: 'R07', c_agence: 'A12' },
};

export const prospectHits: ProspectHit[] = [
  { prospect_id: '01JD0P1ABCDEF', nom_client: 'Ferme des Saules', ville: 'VIENNE', status: 'active', pending: false },
  { prospect_id: '01JD0P2ABCDEF', nom_client: 'Transports Morel', ville: 'LYON', status: 'awaiting_validation', pending: true },
  { prospect_id: '01JD0P3ABCDEF', nom_client: 'Garage du Centre', ville: 'BRON', status: 'rejected', pending: false },
  { prospect_id: '01JD0P4ABCDEF', nom_client: 'Agri Services Dombes', ville: null, status: 'converted', pending: false },
];

export function prospectCard(id = '01JD0P1ABCDEF', over: Partial<ProspectCard> = {}): ProspectCard {
  const hit = prospectHits.find((h) => h.prospect_id === id) ?? prospectHits[0]!;
  const values: ProspectCard['values'] = {
    nom_client: hit.nom_client,
    c_fam_client: 'AGRI',
    adr1_fac: '3 chemin des Saules',
    dep_fac: '38',
    bur_dis_fac: '200',
    ville_fac: hit.ville,
    tel_1: '04 74 00 11 22',
    tel_2: null,
  };
  const labels = Object.fromEntries(conversionConfig.fields.map((f) => [f.field, f.label]));
  return {
    prospect_id: hit.prospect_id,
    nom_client: hit.nom_client,
    created_by: 'mdupont',
    assignee: 'mdupont',
    fields: Object.entries(values)
      .filter((e): e is [string, string] => !!e[1])
      .map(([field, value]) => ({ field, label: labels[field] ?? field, value })),
    values,
    contacts: [{ name: 'Luc Berthier', role: 'Exploitant', phone: '06 11 22 33 44', email: '' }],
    status: hit.status,
    rejection_reason: hit.status === 'rejected' ? 'SIRET introuvable au registre' : null,
    converted_client: hit.status === 'converted' ? 'C00987' : null,
    can_delete: true,
    deleted_pending: false,
    recent_visits: visits.filter((v) => v.origine !== 'LIT'),
    pending: hit.pending
      ? [{ change_id: 'cp-1', kind: 'prospect_visit', client_code: hit.prospect_id, subject: { type: 'prospect_visit', date: '2026-11-20', name: hit.nom_client }, legacy_summary: null, written_at: '2026-11-20T11:00:00' }]
      : [],
    party_id: null,
    ...over,
  };
}

export const reps: RepChoice[] = [
  { erp_code: 'R07', display_name: 'Marie Dupont' },
  { erp_code: 'R09', display_name: 'Jean Leroy' },
  { erp_code: 'R12', display_name: 'Sophie Martin' },
];

const PERIOD_MONTHS: Record<string, number> = { month: 1, '3m': 3, '6m': 6, '12m': 12, year: 11, last_year: 12 };
/** Plausible statistics for a period ending in November 2026 (values vary with the month index). */
export function stats(query: StatsQuery): Stats {
  const n = PERIOD_MONTHS[query.period] ?? 12;
  const end = query.period === 'last_year' ? '2025-12' : '2026-11';
  const months = Array.from({ length: n }, (_, i) => addMonths(`${end}-01`, i - n + 1).slice(0, 7));
  const wave = (base: number, k: number) => months.map((_, i) => Math.max(0, Math.round(base + 3 * Math.sin(i + k))));
  const rep = reps.find((r) => r.erp_code === query.rep) ?? reps[0]!;
  return {
    rep: rep.erp_code,
    rep_name: rep.display_name,
    period: query.period,
    months,
    visits_by_grid: [
      { name: 'TRANS', values: wave(8, 0) },
      { name: 'AGRI', values: wave(5, 1) },
      { name: 'GARAGE', values: wave(3, 2) },
    ],
    prospect_visits: { name: 'Prospects', values: wave(2, 3) },
    proposals: [
      { name: 'Pneus', values: wave(3, 4) },
      { name: 'Entretien', values: wave(1, 5) },
    ],
    year: 2026,
    ca_n: { name: 'CA 2026', values: Array.from({ length: 12 }, (_, i) => (i < 11 ? 1_200_000 + 150_000 * Math.sin(i) : 0)).map(Math.round) },
    ca_n1: { name: 'CA 2025', values: Array.from({ length: 12 }, (_, i) => 1_100_000 + 180_000 * Math.cos(i)).map(Math.round) },
    clients_total: 140,
    clients_visited: 86,
    prospects_total: 24,
    prospects_visited: 9,
  };
}

/** Visits between two days: a few per week, some on prospects, the recent ones pending. */
export function calendarEvents(query: CalendarQuery): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  const names: [string, string, string][] = [
    ['client', 'C00123', 'Garage Martin'],
    ['client', 'C00124', 'Transports Bernard'],
    ['prospect', '01JD0P1ABCDEF', 'Ferme des Saules'],
    ['client', 'C00125', 'Pneus Service Rhône'],
  ];
  let i = 0;
  for (let d = query.from; d <= query.to; d = addDays(d, 1), i++) {
    const dow = (new Date(`${d}T12:00:00Z`).getUTCDay() + 6) % 7;
    if (dow > 4 || i % 3 === 2) continue;
    const [kind, code, name] = names[i % names.length]!;
    out.push({
      key: `ev-${d}-${i}`,
      date: d,
      time: i % 2 ? '14:30' : '09:15',
      entity_kind: kind,
      entity_code: code,
      entity_name: name,
      objet: i % 2 ? 'Devis' : 'Courtoisie',
      commentaire: i % 2 ? 'Intéressé par les pneus hiver.' : '',
      answers: i % 2 ? [{ question: 'Objet de la visite', choices: ['Devis'] }] : [],
      pending: d >= '2026-11-19' && d <= TODAY,
    });
  }
  return out;
}

/** Days of other reps' visits an admin's snapshot carries (the server's TEAM_VISIT_DAYS). */
export const TEAM_VISIT_DAYS = 42;

/** The calendar's answer: another rep's visits only from the window's first day on. */
export function calendarView(query: CalendarQuery, me = 'R07'): CalendarView {
  if (!query.rep || query.rep === me) return { events: calendarEvents(query), available_from: null, available_days: null };
  const since = addDays(TODAY, -TEAM_VISIT_DAYS);
  return {
    events: calendarEvents(query).filter((e) => e.date >= since && !e.pending),
    available_from: since,
    available_days: TEAM_VISIT_DAYS,
  };
}
