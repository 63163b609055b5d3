// Dev-only: in-memory segments for the browser mock (the axe tests' « Segments » states): a criteria segment with
// its parties, a list, a segment created as pending, criteria without any refused under `criteria`, an assignment
// answered with its counts.
import type { SegmentInput } from '../src/lib/bindings/SegmentInput';
import type { SegmentLine } from '../src/lib/bindings/SegmentLine';
import type { SegmentParty } from '../src/lib/bindings/SegmentParty';

type Args = Record<string, unknown>;

const segments: SegmentLine[] = [
  { id: 'S1', name: 'Prospects lyonnais', kind: 'criteria', criteria: { statuses: ['prospect'], campaign: null, owner: null, postal_prefix: '69', city: null, created_from: null, created_to: null, min_score: null, idle_days: 30 }, members: [], owner: 'mdupont', pending: false },
  { id: 'S2', name: 'À rappeler', kind: 'list', criteria: null, members: ['P-DUBOIS'], owner: 'mdupont', pending: false },
];
const parties: SegmentParty[] = [
  { id: 'P-DUBOIS', kind: 'company', name: 'Cuisines Dubois', first_name: null, postal_code: '69003', city: 'Lyon', status: 'prospect', owner: 'mdupont', last_action: '2026-10-20', pending: false },
  { id: 'P-LEROY', kind: 'person', name: 'Leroy', first_name: 'Anne', postal_code: '69100', city: 'Villeurbanne', status: 'prospect', owner: 'mdupont', last_action: null, pending: false },
];
let seq = 0;
const refused = (field: string, code: string) => {
  throw { code, field, values: { field, expected: 'au moins un critère / at least one criterion' }, problems: [{ field, code, values: { field, expected: 'au moins un critère / at least one criterion' } }] };
};

export const segmentCommands: Record<string, (a: Args) => unknown> = {
  segments: () => segments,
  segment_parties: (a) => {
    const segment = segments.find((s) => s.id === a.id)!;
    const held = segment.kind === 'list' ? parties.filter((p) => segment.members.includes(p.id)) : parties;
    return { segment, parties: held, total: held.length };
  },
  create_segment: (a) => {
    const input = a.input as SegmentInput;
    const criteria = input.criteria;
    const any = criteria && Object.values(criteria).some((v) => (Array.isArray(v) ? v.length > 0 : v !== null));
    if (input.kind === 'criteria' && !any) refused('criteria', 'invalid_format');
    const id = `S${++seq + 2}`;
    segments.push({ id, name: input.name, kind: input.kind, criteria, members: [], owner: 'mdupont', pending: true });
    return { id, waiting_for_server: false };
  },
  add_to_segment: () => ({ id: 'S2', waiting_for_server: false }),
  remove_from_segment: () => ({ id: 'S2', waiting_for_server: false }),
  delete_segment: (a) => ({ id: a.id, waiting_for_server: false }),
  assign_segment: () => ({ written: 1, already: 0, not_allowed: 1, linked: 0, waiting_for_server: false }),
};
