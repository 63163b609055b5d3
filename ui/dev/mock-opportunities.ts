// Dev-only: in-memory opportunities answering the opportunity commands for the browser mock (the axe tests'
// « Opportunités » states): the default pipeline's board, a page, moves one stage at a time, closes, the figures.
import type { OpportunityCard } from '../src/lib/bindings/OpportunityCard';
import type { OpportunityInput } from '../src/lib/bindings/OpportunityInput';
import type { OpportunityView } from '../src/lib/bindings/OpportunityView';
import type { Stage } from '../src/lib/bindings/Stage';

type Args = Record<string, unknown>;

const stages: Stage[] = [
  { code: 'qualification', label: 'Qualification', probability: 10 },
  { code: 'besoin', label: 'Besoin identifié', probability: 30 },
  { code: 'proposition', label: 'Proposition', probability: 60 },
  { code: 'negociation', label: 'Négociation', probability: 80 },
];
const pipeline = { code: 'standard', label: 'Pipeline commercial' };

type Opp = Omit<OpportunityView, 'pipeline' | 'stages' | 'next_stage' | 'previous_stage'>;
const opp = (id: string, party_id: string, party_name: string, title: string, value: number, close: string, stage: string, status: Opp['status'] = 'open'): Opp => ({
  id,
  party_id,
  party_name,
  person_id: null,
  title,
  value_cents: value,
  expected_close: close,
  stage,
  status,
  loss_reason: null,
  owner: 'jdupont',
  created_by: 'jdupont',
  created_at: '2026-11-02T09:00:00Z',
  closed_at: status === 'open' ? null : '2026-11-09T15:00:00Z',
  pending: false,
});

const all: Opp[] = [
  opp('O1', 'P1', 'Transports Rhône Logistique', 'Pneus hiver, 40 poids lourds', 4_800_000, '2027-01-20', 'proposition'),
  opp('O2', 'P3', 'Garage du Centre', 'Équilibreuse', 650_000, '2027-02-10', 'qualification'),
  opp('O3', 'P1', 'Transports Rhône Logistique', 'Contrat entretien', 1_200_000, '2026-12-15', 'negociation'),
  opp('O4', 'P2', 'Martin Léa', 'Jantes alliage', 180_000, '2026-11-30', 'besoin', 'won'),
];

const at = (code: string) => stages.findIndex((s) => s.code === code);
const card = (o: Opp): OpportunityCard => ({
  id: o.id,
  party_id: o.party_id,
  party_name: o.party_name,
  title: o.title,
  value_cents: o.value_cents,
  expected_close: o.expected_close,
  owner: o.owner,
  stage: o.stage,
  next_stage: stages[at(o.stage) + 1]?.code ?? null,
  pending: o.pending,
});
const view = (o: Opp): OpportunityView => ({
  ...o,
  pipeline,
  stages,
  next_stage: stages[at(o.stage) + 1]?.code ?? null,
  previous_stage: stages[at(o.stage) - 1]?.code ?? null,
});
const find = (id: unknown): Opp => {
  const o = all.find((x) => x.id === id);
  if (!o) throw { code: 'unknown_record', field: null, values: { entity: 'opportunity', id: String(id) }, problems: [] };
  return o;
};
const open = () => all.filter((o) => o.status === 'open');

export const opportunityCommands: Record<string, (a: Args) => unknown> = {
  opportunity_board: () => ({
    pipeline,
    pipelines: [pipeline],
    columns: stages.map((stage) => {
      const cards = open().filter((o) => o.stage === stage.code).map(card);
      return { stage, cards, total_cents: cards.reduce((s, c) => s + (c.value_cents ?? 0), 0) };
    }),
    forecast: [
      { month: '2026-12', cents: 960_000 },
      { month: '2027-01', cents: 2_880_000 },
      { month: '2027-02', cents: 65_000 },
    ],
    undated: 0,
    won: all.filter((o) => o.status === 'won').length,
    lost: all.filter((o) => o.status === 'lost').length,
  }),
  opportunity_figures: () => ({
    forecast: [],
    time_to_close: [{ owner: 'jdupont', period: '2026-11', closed: 1, average_hours_tenths: 1740 }],
    average_hours_tenths: 1740,
  }),
  opportunity: (a) => view(find(a.id)),
  party_opportunities: (a) => open().filter((o) => o.party_id === a.partyId).map(card),
  move_opportunity: (a) => {
    const o = find(a.id);
    o.stage = String(a.stage);
    o.pending = true;
    return { id: o.id, waiting_for_server: false };
  },
  close_opportunity: (a) => {
    const o = find(a.id);
    const input = a.input as { won: boolean; loss_reason: string | null };
    o.status = input.won ? 'won' : 'lost';
    o.loss_reason = input.loss_reason;
    o.pending = true;
    return { id: o.id, waiting_for_server: false };
  },
  update_opportunity: (a) => {
    const o = find(a.id);
    Object.assign(o, a.input, { pending: true });
    return { id: o.id, waiting_for_server: false };
  },
  create_opportunity: (a) => {
    const input = a.input as OpportunityInput;
    const id = `O${all.length + 1}-mock`;
    all.push({ ...opp(id, input.party_id, input.party_id, input.title, input.value_cents ?? 0, input.expected_close ?? '', 'qualification'), pending: true });
    return { id, waiting_for_server: false };
  },
  convert_to_opportunity: (a) => opportunityCommands.create_opportunity?.({ input: (a.input as { opportunity: OpportunityInput }).opportunity }),
};
