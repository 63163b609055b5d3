// Sample back-end data shaped like the bindings, shared by the dev browser mock and the tests (never shipped).
import type { AppStatus } from '../src/lib/bindings/AppStatus';
import type { ClientCard } from '../src/lib/bindings/ClientCard';
import type { FormConfig } from '../src/lib/bindings/FormConfig';
import type { HomeRow } from '../src/lib/bindings/HomeRow';
import type { VisitRow } from '../src/lib/bindings/VisitRow';

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
  },
];

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
        summary: 'Date de revoir : 20/11/2026',
        written_at: '2026-11-19T17:12:00',
      },
    ],
    ...over,
  };
}

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
